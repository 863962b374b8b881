#include "ui/strings.hpp"

#include "ui/widgets.hpp"

#include <algorithm>

namespace guichet::ui {

namespace {

// What the kiosk must say with no pack at all. Every text here is identical
// to tools/pack/strings/fr.yaml (a unit test checks it).
Strings make_fallback() {
    Strings s;
    s.texts = {
        {"footer.back", "\xE2\x80\xB9 Retour"},
        {"footer.settings", "Affichage"},
        {"footer.finish", "Terminer et effacer"},
        {"no_content.loading", "Chargement\xE2\x80\xA6"},
        {"no_content.title", "Le kiosque n\xE2\x80\x99" "a pas de contenu install\xC3\xA9."},
        {"no_content.body",
         "La borne ne peut pas vous aider pour le moment. Adressez-vous \xC3\xA0 l\xE2\x80\x99" "accueil de la mairie."},
        {"no_content.staff", "Pour le personnel\xC2\xA0:"},
        {"attract.invite", "Touchez l\xE2\x80\x99\xC3\xA9" "cran pour commencer"},
        {"attract.note", "Informations, d\xC3\xA9marches et suivi de vos demandes"},
        {"idle.title", "\xC3\x8Ates-vous toujours l\xC3\xA0\xE2\x80\xAF?"},
        {"idle.body", "Sans action de votre part, l\xE2\x80\x99\xC3\xA9" "cran sera effac\xC3\xA9 dans\xE2\x80\xAF:"},
        {"idle.seconds_one", "{n}\xC2\xA0seconde"},
        {"idle.seconds_many", "{n}\xC2\xA0secondes"},
        {"idle.privacy", "Ainsi, personne d\xE2\x80\x99" "autre ne verra vos informations."},
        {"idle.continue", "Continuer"},
        {"idle.continue_detail", "J\xE2\x80\x99" "ai besoin de plus de temps"},
        {"idle.no_more", "Le temps ne peut plus \xC3\xAAtre prolong\xC3\xA9."},
        {"status.online", "En ligne"},
        {"status.offline", "Hors ligne"},
        {"status.unknown", "Connexion\xC2\xA0: \xE2\x80\x94"},
        {"status.last_sync", "Derni\xC3\xA8re synchronisation\xC2\xA0: {when}"},
        {"status.never", "jamais"},
        {"status.content", "Contenu\xC2\xA0: {pack}"},
        {"status.no_content", "Contenu\xC2\xA0: aucun"},
        // Speech: a kiosk with an older pack still speaks French, not markers.
        {"speech.attract_hint", "Pour que la borne lise l\xE2\x80\x99\xC3\xA9" "cran, appuyez sur une touche du pav\xC3\xA9 num\xC3\xA9rique, ou gardez le doigt trois secondes en bas \xC3\xA0 gauche de l\xE2\x80\x99\xC3\xA9" "cran."},
        {"speech.on", "Lecture \xC3\xA0 voix haute activ\xC3\xA9" "e."},
        {"speech.mode_on", "Mode sans \xC3\xA9" "cran activ\xC3\xA9. Touche 6 ou fl\xC3\xA8" "che droite\xC2\xA0: \xC3\xA9l\xC3\xA9ment suivant. Touche 4 ou fl\xC3\xA8" "che gauche\xC2\xA0: \xC3\xA9l\xC3\xA9ment pr\xC3\xA9" "c\xC3\xA9" "dent. Touche 5 ou Entr\xC3\xA9" "e\xC2\xA0: activer. Touche 0\xC2\xA0: retour. Touche point\xC2\xA0: r\xC3\xA9p\xC3\xA9ter. Touche plus\xC2\xA0: aide."},
        {"speech.mode_off", "Mode sans \xC3\xA9" "cran d\xC3\xA9sactiv\xC3\xA9."},
        {"speech.help", "Touche 6\xC2\xA0: \xC3\xA9l\xC3\xA9ment suivant. Touche 4\xC2\xA0: \xC3\xA9l\xC3\xA9ment pr\xC3\xA9" "c\xC3\xA9" "dent. Touches 8 et 2\xC2\xA0: rang\xC3\xA9" "e du clavier pr\xC3\xA9" "c\xC3\xA9" "dente ou suivante. Touche 5\xC2\xA0: activer. Touche 0\xC2\xA0: retour. Touche point\xC2\xA0: r\xC3\xA9p\xC3\xA9ter. Sur l\xE2\x80\x99\xC3\xA9" "cran\xC2\xA0: glissez vers la droite ou la gauche pour passer d\xE2\x80\x99un \xC3\xA9l\xC3\xA9ment \xC3\xA0 l\xE2\x80\x99" "autre, touchez deux fois pour activer, glissez vers le bas pour revenir."},
        {"speech.button", "{label}, bouton"},
        {"speech.key", "{label}"},
        {"speech.field", "{label}, zone de texte\xC2\xA0: {value}"},
        {"speech.field_empty", "{label}, zone de texte vide"},
        {"speech.option", "{label}, option"},
        {"speech.option_chosen", "{label}, option choisie"},
        {"speech.error", "Erreur\xC2\xA0: {message}"},
        {"speech.list_count", "{n} \xC3\xA9l\xC3\xA9ments dans la liste"},
        {"speech.list_one", "Un \xC3\xA9l\xC3\xA9ment dans la liste"},
        {"speech.keyboard_open", "Clavier ouvert. Touches 4 et 6\xC2\xA0: touche pr\xC3\xA9" "c\xC3\xA9" "dente ou suivante\xC2\xA0; touches 8 et 2\xC2\xA0: rang\xC3\xA9" "e pr\xC3\xA9" "c\xC3\xA9" "dente ou suivante."},
        {"speech.end", "Fin de l\xE2\x80\x99\xC3\xA9" "cran."},
        {"speech.start", "D\xC3\xA9" "but de l\xE2\x80\x99\xC3\xA9" "cran."},
        {"speech.nothing", "Aucun \xC3\xA9l\xC3\xA9ment choisi. Touche 6 pour avancer."},
        {"speech.no_back", "Vous \xC3\xAAtes \xC3\xA0 l\xE2\x80\x99" "accueil."},
    };
    return s;
}

}  // namespace

const Strings& fallback_strings() {
    static const Strings s = make_fallback();
    return s;
}

const std::string& tr(const Strings* pack, std::string_view key) {
    if (pack != nullptr)
        if (const std::string* s = pack->find(key)) return *s;
    if (const std::string* s = fallback_strings().find(key)) return *s;
    static std::map<std::string, std::string, std::less<>> markers;  // UI thread only
    auto it = markers.find(key);
    if (it == markers.end())
        it = markers.emplace(std::string(key), "\xE2\x9F\xA6" + std::string(key) + "\xE2\x9F\xA7").first;  // ⟦key⟧
    return it->second;
}

const std::string& tr(const Ui& ui, std::string_view key) { return tr(ui.strings, key); }

std::string fill(std::string_view pattern, Args args) {
    std::string out;
    out.reserve(pattern.size() + 16);
    std::size_t i = 0;
    while (i < pattern.size()) {
        const std::size_t open = pattern.find('{', i);
        if (open == std::string_view::npos) break;
        const std::size_t close = pattern.find('}', open + 1);
        if (close == std::string_view::npos) break;
        out.append(pattern.substr(i, open - i));
        const std::string_view name = pattern.substr(open + 1, close - open - 1);
        auto it = std::find_if(args.begin(), args.end(), [&](const auto& a) { return a.first == name; });
        if (it != args.end()) out.append(it->second);
        else out.append(pattern.substr(open, close - open + 1));
        i = close + 1;
    }
    out.append(pattern.substr(std::min(i, pattern.size())));
    return out;
}

std::string trf(const Ui& ui, std::string_view key, Args args) { return fill(tr(ui, key), args); }
std::string trf(const Strings* pack, std::string_view key, Args args) { return fill(tr(pack, key), args); }

}  // namespace guichet::ui
