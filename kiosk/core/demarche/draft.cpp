#include "demarche/draft.hpp"

#include "crypto/secure.hpp"
#include "forms/check.hpp"

#include <sodium.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace guichet::demarche {
namespace {

// "id" → {id, none}; "group[n].id" → {group, n - 1}, {id, none}. Nullopt when malformed.
struct PathStep {
    std::string key;
    std::optional<std::size_t> index;
};

std::optional<std::vector<PathStep>> parse_path(const std::string& path) {
    std::vector<PathStep> steps;
    std::size_t i = 0;
    for (;;) {
        const std::size_t end = std::min(path.find_first_of(".[", i), path.size());
        PathStep step{path.substr(i, end - i), std::nullopt};
        if (step.key.empty()) return std::nullopt;
        i = end;
        if (i < path.size() && path[i] == '[') {
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos || close == i + 1 || close - i > 6) return std::nullopt;
            std::size_t n = 0;
            for (std::size_t k = i + 1; k < close; ++k) {
                if (path[k] < '0' || path[k] > '9') return std::nullopt;
                n = n * 10 + static_cast<std::size_t>(path[k] - '0');
            }
            if (n == 0) return std::nullopt;
            step.index = n - 1;
            i = close + 1;
        }
        steps.push_back(std::move(step));
        if (i == path.size()) return steps;
        if (path[i] != '.') return std::nullopt;
        ++i;
    }
}

// The slot for PATH's answer, made (objects, group items) when missing; null when malformed.
nlohmann::json* make_slot(nlohmann::json& answers, const std::string& path) {
    auto steps = parse_path(path);
    if (!steps) return nullptr;
    nlohmann::json* at = &answers;
    for (const PathStep& step : *steps) {
        if (!at->is_object()) *at = nlohmann::json::object();
        at = &(*at)[step.key];
        if (step.index) {
            if (!at->is_array()) *at = nlohmann::json::array();
            while (at->size() <= *step.index) at->push_back(nlohmann::json::object());
            at = &(*at)[*step.index];
        }
    }
    return at;
}

// The existing answer at PATH (const or not), or null.
template <class Json>
Json* find_in(Json& answers, const std::string& path) {
    auto steps = parse_path(path);
    if (!steps) return nullptr;
    Json* at = &answers;
    for (const PathStep& step : *steps) {
        if (!at->is_object()) return nullptr;
        auto it = at->find(step.key);
        if (it == at->end()) return nullptr;
        at = &*it;
        if (step.index) {
            if (!at->is_array() || at->size() <= *step.index) return nullptr;
            at = &(*at)[*step.index];
        }
    }
    return at;
}

}  // namespace

const nlohmann::json* find_answer(const nlohmann::json& answers, const std::string& field_path) { return find_in(answers, field_path); }

void Draft::attach(const std::string& field_path, AttachedFile file) {
    detach(field_path);
    if (nlohmann::json* slot = make_slot(answers_, field_path))
        *slot = {{"name", file.name}, {"mime", file.mime}, {"size", file.bytes.size()}};
    files_[field_path] = std::move(file);
}

void Draft::detach(const std::string& field_path) {
    if (auto it = files_.find(field_path); it != files_.end()) {
        crypto::wipe(it->second.bytes);
        sodium_memzero(it->second.name.data(), it->second.name.size());
        files_.erase(it);
    }
    // The answer's parent: the form's answers, or a group's item.
    const std::size_t dot = field_path.rfind('.');
    nlohmann::json* parent = &answers_;
    if (dot != std::string::npos) {
        parent = find_in(answers_, field_path.substr(0, dot));
        if (parent == nullptr) return;
    }
    const std::string key = dot == std::string::npos ? field_path : field_path.substr(dot + 1);
    if (parent->is_object() && parent->contains(key)) {
        forms::wipe_json((*parent)[key]);
        parent->erase(key);
    }
}

void Draft::rename_file(const std::string& from, const std::string& to) {
    auto it = files_.find(from);
    if (it == files_.end() || from == to) return;
    if (auto old = files_.find(to); old != files_.end()) {
        crypto::wipe(old->second.bytes);
        files_.erase(old);
    }
    auto node = files_.extract(it);
    node.key() = to;
    files_.insert(std::move(node));
}

void Draft::wipe() {
    for (auto& [id, file] : files_) {
        crypto::wipe(file.bytes);
        sodium_memzero(file.name.data(), file.name.size());
    }
    files_.clear();
    forms::wipe_json(answers_);
    answers_ = nlohmann::json::object();
}

}  // namespace guichet::demarche
