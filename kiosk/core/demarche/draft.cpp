#include "demarche/draft.hpp"

#include "crypto/secure.hpp"
#include "forms/check.hpp"

#include <sodium.h>

namespace guichet::demarche {

void Draft::attach(const std::string& field_id, AttachedFile file) {
    detach(field_id);
    answers_[field_id] = {{"name", file.name}, {"mime", file.mime}, {"size", file.bytes.size()}};
    files_[field_id] = std::move(file);
}

void Draft::detach(const std::string& field_id) {
    if (auto it = files_.find(field_id); it != files_.end()) {
        crypto::wipe(it->second.bytes);
        sodium_memzero(it->second.name.data(), it->second.name.size());
        files_.erase(it);
    }
    if (answers_.is_object() && answers_.contains(field_id)) {
        forms::wipe_json(answers_[field_id]);
        answers_.erase(field_id);
    }
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
