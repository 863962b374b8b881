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
