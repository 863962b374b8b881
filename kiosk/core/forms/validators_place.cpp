// Postal codes and communes (see validators.hpp).
#include "forms/validators_text.hpp"
#include "forms/communes.hpp"

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

// "d’Anor", "du Cateau-Cambrésis", "des Lilas", "de La Madeleine", "de Lille".
// Only vowels elide (and Y before a consonant: "d’Yvetot", "de Yainville");
// before h, usage varies from commune to commune.
std::string of_commune(std::string_view name) {
    if (name.starts_with("Le ")) return "du " + std::string(name.substr(3));
    if (name.starts_with("Les ")) return "des " + std::string(name.substr(4));
    constexpr std::array<std::string_view, 16> kVowels = {"A", "E", "I", "O", "U", "À", "Â", "Ä",
                                                          "É", "È", "Ê", "Ë", "Î", "Ï", "Ô", "Œ"};
    bool elide = name.starts_with('Y') && name.size() > 1 &&
                 std::string_view("aeiouy").find(name[1]) == std::string_view::npos;
    for (auto v : kVowels) elide = elide || name.starts_with(v);
    return (elide ? "d’" : "de ") + std::string(name);
}

}  // namespace

Checked check_postal_code(std::string_view text) {
    const std::string s = compact(text, "", false);
    if (s.empty()) return refuse("Saisissez le code postal (5 chiffres).");
    if (!all_digits(s))
        return refuse("Le code postal ne contient que des chiffres, par exemple 59186" NBSP ": vérifiez votre saisie.");
    if (s.size() != 5)
        return refuse("Le code postal comporte 5 chiffres et vous en avez saisi " + std::to_string(s.size()) +
                      NBSP ": vérifiez votre saisie.");
    const int department = (s[0] - '0') * 10 + (s[1] - '0');
    if (department == 0 || department == 96 || department == 99)
        return refuse("Le code postal " + s + " n’existe pas" NBSP
                      ": il commence par le numéro du département (01 à 95, 97 ou 98).");
    return Checked::valid(s);
}

Checked check_postal_code_for_commune(std::string_view postal_code, std::string_view insee,
                                      const CommuneDirectory& communes) {
    Checked checked = check_postal_code(postal_code);
    if (!checked.ok) return checked;
    const std::string code = compact(insee, "", true);
    const Commune* commune = communes.by_insee(code);
    if (!commune)
        return refuse("Nous ne trouvons pas la commune choisie" NBSP ": choisissez-la de nouveau dans la liste.");
    if (communes.postal_code_matches(checked.value, code)) return checked;
    std::string msg = "Le code postal " + checked.value + " ne correspond pas à la commune " + of_commune(commune->name);
    const auto& codes = commune->postal_codes;
    if (codes.size() == 1) {
        msg += NBSP ": son code postal est " + codes[0] + ".";
    } else if (codes.size() >= 2 && codes.size() <= 5) {
        msg += NBSP ": ses codes postaux sont ";
        for (std::size_t i = 0; i < codes.size(); ++i) {
            if (i > 0) msg += i + 1 == codes.size() ? " et " : ", ";
            msg += codes[i];
        }
        msg += ".";
    } else {
        msg += NBSP ": vérifiez le code postal ou la commune.";
    }
    return refuse(std::move(msg));
}

}  // namespace guichet::forms
