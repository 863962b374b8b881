// Inside sync/protocol only: the shared shape of every parse_* function.
#pragma once

#include "common/result.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace guichet::sync::detail {

// Runs BUILD on the JSON object TEXT. BUILD reads fields with at()/get<>(),
// which throw on a missing or mistyped field; the exception becomes an Error
// "malformed WHAT: …" that names the field.
template <class T, class F>
Result<T> parse_with(std::string_view text, const char* what, F&& build) {
    try {
        auto j = nlohmann::json::parse(text);
        if (!j.is_object()) return fail(std::string(what) + ": expected a JSON object");
        return build(j);
    } catch (const std::exception& e) {
        return fail(std::string("malformed ") + what + ": " + e.what());
    }
}

// Field NAME of the object J as a T; throws std::invalid_argument naming the
// field (after WHERE, e.g. "attachments[2].") when it is missing or of
// another type.
template <class T>
T field(const nlohmann::json& j, const char* name, const std::string& where = {}) {
    auto it = j.find(name);
    if (it == j.end()) throw std::invalid_argument("field " + where + name + " is missing");
    try {
        return it->template get<T>();
    } catch (const nlohmann::json::exception&) {
        throw std::invalid_argument("field " + where + name + " has the wrong type");
    }
}

// Field NAME of J, which must be an array of objects.
inline const nlohmann::json& object_array(const nlohmann::json& j, const std::string& name) {
    auto it = j.find(name);
    if (it == j.end()) throw std::invalid_argument("field " + name + " is missing");
    if (!it->is_array()) throw std::invalid_argument("field " + name + " is not an array");
    for (const auto& e : *it)
        if (!e.is_object()) throw std::invalid_argument("field " + name + " holds something else than objects");
    return *it;
}

}  // namespace guichet::sync::detail
