// E-mail and French phone numbers (see validators.hpp).
#include "forms/validators_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <system_error>
#include <utility>
#include <vector>

namespace guichet::forms {

using namespace detail;

namespace {

// RFC 5322 atext, the characters of an unquoted local part besides dots.
bool is_atext(char c) {
    return is_alnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool valid_local_part(std::string_view local) {
    if (local.front() == '.' || local.back() == '.') return false;
    for (std::size_t i = 0; i < local.size(); ++i) {
        if (local[i] == '.') {
            if (local[i - 1] == '.') return false;
        } else if (!is_atext(local[i])) {
            return false;
        }
    }
    return true;
}

bool valid_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
        if (!is_alnum(c) && c != '-') return false;
    return true;
}

}  // namespace

Checked check_email(std::string_view text) {
    const std::string_view s = trim(text);
    constexpr const char* kExample = "prenom.nom@exemple.fr";
    if (s.empty()) return refuse(std::string("Saisissez votre adresse électronique, par exemple ") + kExample + ".");
    for (std::size_t i = 0; i < s.size(); ++i)
        if (space_at(s.substr(i)) > 0) return refuse("L’adresse électronique ne doit pas contenir d’espace.");
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return refuse("L’adresse électronique ne doit contenir ni accent ni caractère spécial" NBSP
                          ": vérifiez votre saisie.");
    if (s.find(',') != std::string_view::npos)
        return refuse("L’adresse électronique contient une virgule" NBSP ": remplacez-la par un point.");
    const std::size_t at = s.find('@');
    if (at == std::string_view::npos)
        return refuse("Il manque le " + quoted("@") + " dans l’adresse électronique, par exemple " + kExample + ".");
    if (s.find('@', at + 1) != std::string_view::npos)
        return refuse("L’adresse électronique ne doit contenir qu’un seul " + quoted("@") + ".");
    const std::string_view local = s.substr(0, at);
    const std::string_view domain = s.substr(at + 1);
    if (local.empty())
        return refuse("Saisissez la partie qui précède le " + quoted("@") + ", par exemple " + kExample + ".");
    if (domain.empty())
        return refuse("Saisissez la partie qui suit le " + quoted("@") + ", par exemple orange.fr ou gmail.com.");
    if (local.size() > 64)
        return refuse("La partie qui précède le " + quoted("@") + " est trop longue (64 caractères au plus)" NBSP
                      ": vérifiez votre saisie.");
    if (!valid_local_part(local))
        return refuse("La partie qui précède le " + quoted("@") +
                      " contient un caractère non autorisé ou un point mal placé" NBSP ": vérifiez votre saisie.");
    if (domain.find('.') == std::string_view::npos)
        return refuse("Après le " + quoted("@") +
                      ", indiquez le domaine complet avec son extension, par exemple orange.fr ou gmail.com.");
    std::vector<std::string_view> labels;
    for (std::size_t start = 0;;) {
        const std::size_t dot = domain.find('.', start);
        labels.push_back(domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    for (auto label : labels)
        if (!valid_label(label))
            return refuse("Le domaine qui suit le " + quoted("@") +
                          " n’est pas valide" NBSP ": vérifiez les points et les caractères saisis.");
    const std::string_view tld = labels.back();
    bool tld_ok = tld.size() >= 2;
    if (tld_ok && !(tld.size() > 4 && (tld.substr(0, 4) == "xn--" || tld.substr(0, 4) == "XN--")))
        for (char c : tld)
            if (!is_alpha(c)) tld_ok = false;
    if (!tld_ok)
        return refuse("L’extension du domaine (après le dernier point) n’est pas valide, par exemple .fr ou .com.");
    if (s.size() > 254) return refuse("L’adresse électronique est trop longue" NBSP ": vérifiez votre saisie.");
    std::string out(local);
    out += '@';
    for (char c : domain) out += to_lower(c);
    return Checked::valid(std::move(out));
}

Checked check_french_phone(std::string_view text) {
    const std::string s = compact(text, "-./()", false);
    if (s.empty()) return refuse("Saisissez votre numéro de téléphone, par exemple 03 27 59 51 11.");
    constexpr const char* kForeign =
        "Saisissez un numéro de téléphone français" NBSP
        ": 10 chiffres commençant par 0, ou +33 suivi de 9 chiffres.";
    std::string national = s;
    bool international = false;
    if (s.starts_with('+')) {
        if (!s.starts_with("+33")) return refuse(all_digits(std::string_view(s).substr(1)) ? kForeign :
            "Le numéro de téléphone ne contient que des chiffres, et éventuellement +33 au début.");
        national = s.substr(3);
        international = true;
    } else if (s.starts_with("00") && s.size() > 10) {
        if (!s.starts_with("0033")) return refuse(kForeign);
        national = s.substr(4);
        international = true;
    }
    if (!all_digits(national))
        return refuse("Le numéro de téléphone ne contient que des chiffres, et éventuellement +33 au début.");
    if (international) {
        // "+33 (0)3 27 …" and "+33 03 27 …": the national 0 is tolerated.
        if (national.size() == 10 && national[0] == '0') national.erase(0, 1);
        if (national.size() != 9)
            return refuse("Après +33, un numéro comporte 9 chiffres (par exemple +33 3 27 59 51 11) et vous en avez "
                          "saisi " + std::to_string(national.size()) + NBSP ": vérifiez votre saisie.");
        national.insert(0, "0");
    } else if (national.size() != 10) {
        return refuse("Un numéro de téléphone français comporte 10 chiffres et vous en avez saisi " +
                      std::to_string(national.size()) + NBSP ": vérifiez votre saisie.");
    }
    if (national[0] != '0' || national[1] == '0')
        return refuse("Un numéro de téléphone français commence par 0 suivi d’un chiffre de 1 à 9, par exemple 03 ou "
                      "06" NBSP ": vérifiez votre saisie.");
    return Checked::valid(grouped(national, {2, 2, 2, 2, 2}));
}

}  // namespace guichet::forms
