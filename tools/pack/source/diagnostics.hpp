// Errors and warnings about content sources, each pointing at a file and line,
// written for town-hall staff: what is wrong and how to fix it.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace guichet::packsrc {

struct Diagnostic {
    enum class Level { error, warning } level = Level::error;
    std::string file;  // relative to the content source directory's parent, as staff see it
    int line = 0;      // 1-based; 0 when the whole file is concerned
    int column = 0;
    std::string message;

    std::string to_string() const;  // "file:line:col: error: message"
};

class Diagnostics {
public:
    void error(std::string file, int line, int column, std::string message);
    void warning(std::string file, int line, int column, std::string message);
    bool has_errors() const { return errors_ > 0; }
    int error_count() const { return errors_; }
    const std::vector<Diagnostic>& all() const { return items_; }

    // KEY of the mapping at FILE:LINE:COLUMN was reported as mistyped (« did you mean KEY »):
    // its "missing" error would say the same thing again.
    void mistyped(const std::string& file, int line, int column, const std::string& key) { mistyped_.emplace(file, line, column, key); }
    bool was_mistyped(const std::string& file, int line, int column, const std::string& key) const {
        return mistyped_.count({file, line, column, key}) > 0;
    }

private:
    std::vector<Diagnostic> items_;
    std::set<std::tuple<std::string, int, int, std::string>> mistyped_;
    int errors_ = 0;
};

}  // namespace guichet::packsrc
