// Errors and warnings about content sources, each pointing at a file and line,
// written for town-hall staff: what is wrong and how to fix it.
#pragma once

#include <filesystem>
#include <string>
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

private:
    std::vector<Diagnostic> items_;
    int errors_ = 0;
};

}  // namespace guichet::packsrc
