#include "common/staff_language.hpp"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <unordered_map>

namespace guichet::staff {

namespace {

std::atomic<Language> g_language{Language::en};

// Catalogues are added at start and read from any thread (hub workers log).
struct Catalogue {
    std::mutex mutex;
    std::unordered_map<std::string_view, std::string_view> french;
};

Catalogue& catalogue() {
    static Catalogue c;
    return c;
}

}  // namespace

void set_language(Language language) { g_language = language; }
Language language() { return g_language; }

Language language_from_environment() {
    for (const char* name : {"GUICHET_LANG", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(name);
        if (v == nullptr || *v == '\0') continue;
        return std::string_view(v).starts_with("en") ? Language::en : Language::fr;
    }
    return Language::fr;
}

void add_french(FrenchTable table) {
    auto& c = catalogue();
    std::lock_guard lock(c.mutex);
    for (const auto& [en, fr] : table) c.french.emplace(en, fr);
}

const char* french_for(std::string_view english) {
    auto& c = catalogue();
    std::lock_guard lock(c.mutex);
    auto it = c.french.find(english);
    return it == c.french.end() ? nullptr : it->second.data();
}

std::string fill(std::string_view tmpl, std::initializer_list<std::string_view> args) {
    std::string out;
    out.reserve(tmpl.size() + 32);
    for (std::size_t i = 0; i < tmpl.size(); ++i) {
        // {N}: N from 1, one or two digits; anything else is written as it is.
        std::size_t j = i + 1, n = 0;
        while (j < tmpl.size() && j < i + 3 && tmpl[j] >= '0' && tmpl[j] <= '9') n = n * 10 + static_cast<std::size_t>(tmpl[j++] - '0');
        if (tmpl[i] == '{' && j > i + 1 && j < tmpl.size() && tmpl[j] == '}' && n >= 1) {
            if (n <= args.size()) out += *(args.begin() + static_cast<std::ptrdiff_t>(n - 1));
            i = j;
            continue;
        }
        out += tmpl[i];
    }
    return out;
}

std::string translate(std::string_view english) {
    if (g_language == Language::fr)
        if (const char* fr = french_for(english)) return fr;
    return std::string(english);
}

std::string msg(std::string_view english, std::initializer_list<std::string_view> args) {
    std::string_view tmpl = english;
    if (g_language == Language::fr)
        if (const char* fr = french_for(english)) tmpl = fr;
    return fill(tmpl, args);
}

}  // namespace guichet::staff
