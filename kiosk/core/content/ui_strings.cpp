#include "content/ui_strings.hpp"

#include <nlohmann/json.hpp>

namespace guichet::content {

const std::string* Strings::find(std::string_view key) const {
    auto it = texts.find(key);
    return it == texts.end() ? nullptr : &it->second;
}

Result<Strings> Strings::from_json(std::string_view json_text) {
    const nlohmann::json j = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (!j.is_object()) return fail("ui/strings.json: not a JSON object");
    auto f = j.find("format");
    if (f == j.end() || !f->is_number_integer()) return fail("ui/strings.json: no integer 'format'");
    if (f->get<int>() != kStringsFormat)
        return fail("ui/strings.json: format " + std::to_string(f->get<int>()) + ", this kiosk reads format " +
                    std::to_string(kStringsFormat));
    auto m = j.find("strings");
    if (m == j.end() || !m->is_object()) return fail("ui/strings.json: no 'strings' object");
    Strings s;
    for (const auto& [key, value] : m->items()) {
        if (!value.is_string()) return fail("ui/strings.json: '" + key + "' is not a text");
        s.texts.emplace(key, value.get<std::string>());
    }
    return s;
}

}  // namespace guichet::content
