#include "messages.hpp"

#include <atomic>
#include <cstdlib>

namespace guichet::packsrc {

namespace {
// The library speaks English unless told otherwise: guichet-pack sets the staff's language at start
// (French unless the locale is English), so that engine tests read one stable language.
std::atomic<Language> g_language{Language::en};
}

void set_language(Language language) { g_language = language; }
Language language() { return g_language; }

Language language_from_environment() {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(name);
        if (v == nullptr || *v == '\0') continue;
        return std::string_view(v).starts_with("en") ? Language::en : Language::fr;
    }
    return Language::fr;
}

std::string msg(std::string_view english, std::initializer_list<std::string_view> args) {
    std::string_view tmpl = english;
    if (g_language == Language::fr)
        if (const char* fr = french_for(english)) tmpl = fr;
    std::string out;
    out.reserve(tmpl.size() + 32);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 1] >= '1' && tmpl[i + 1] <= '9' && tmpl[i + 2] == '}') {
            const auto n = static_cast<std::size_t>(tmpl[i + 1] - '1');
            if (n < args.size()) out += *(args.begin() + static_cast<std::ptrdiff_t>(n));
            i += 2;
            continue;
        }
        out += tmpl[i];
    }
    return out;
}

}  // namespace guichet::packsrc
