// A resident's démarche while it is being filled: answers and attached files,
// in memory only. Wiped (sodium_memzero) on submit, on cancel and at the idle
// reset: nothing of it survives the session.
#pragma once

#include "common/bytes.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace guichet::demarche {

struct AttachedFile {
    std::string name;
    std::string mime;
    Bytes bytes;
};

class Draft {
public:
    explicit Draft(std::string form_id) : form_id_(std::move(form_id)) {}
    Draft(const Draft&) = delete;  // no stray copies of a resident's answers
    Draft& operator=(const Draft&) = delete;
    Draft(Draft&&) = default;
    Draft& operator=(Draft&&) = default;
    ~Draft() { wipe(); }

    const std::string& form_id() const { return form_id_; }
    nlohmann::json& answers() { return answers_; }
    const nlohmann::json& answers() const { return answers_; }

    // Attaches a file to an attachment field; its answer becomes {name, mime, size}.
    // FIELD_PATH is the field's id, or "group[n].id" (n from 1, as in
    // forms::FieldProblem::path) for a field inside a repeated group's item n.
    void attach(const std::string& field_path, AttachedFile file);
    void detach(const std::string& field_path);
    // Re-keys FROM's file as TO, answers untouched: when an item of a repeated
    // group is removed, the later items' files follow their answers up.
    void rename_file(const std::string& from, const std::string& to);
    const std::map<std::string, AttachedFile>& files() const { return files_; }

    // Zeroes every answer and file, then empties the draft.
    void wipe();
    bool empty() const { return (answers_.is_null() || answers_.empty()) && files_.empty(); }

private:
    std::string form_id_;
    nlohmann::json answers_ = nlohmann::json::object();
    std::map<std::string, AttachedFile> files_;
};

// The answer at FIELD_PATH ("id" or "group[n].id") in ANSWERS, or null.
const nlohmann::json* find_answer(const nlohmann::json& answers, const std::string& field_path);

}  // namespace guichet::demarche
