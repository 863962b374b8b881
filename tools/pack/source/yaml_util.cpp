#include "yaml_util.hpp"

#include "messages.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <vector>

namespace guichet::packsrc {

std::string Diagnostic::to_string() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    if (line > 0 && column > 0) s += ":" + std::to_string(column);
    return s + (level == Level::error ? msg(": error: {1}", {message}) : msg(": warning: {1}", {message}));
}

void Diagnostics::error(std::string file, int line, int column, std::string message) {
    items_.push_back({Diagnostic::Level::error, std::move(file), line, column, std::move(message)});
    ++errors_;
}

void Diagnostics::warning(std::string file, int line, int column, std::string message) {
    items_.push_back({Diagnostic::Level::warning, std::move(file), line, column, std::move(message)});
}

namespace {

struct Cause {
    int line = 0, column = 0;  // 0-based
    std::string message;
    bool quote = false;  // an opening quote (else a bracket)
};

// The likely cause of a syntax error that YAML reports late: a quote or bracket
// opened on a line and not closed there. YAML lets a quoted text run over several
// lines, so the parser complains only where the text finally ends (often at the
// end of the file); staff need the line where the quote was opened.
std::optional<Cause> unclosed_on_line(std::string_view line, int number) {
    // The value starts after "key:" or "- "; only a quote or bracket opening it counts.
    std::size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    while (i + 1 < line.size() && line[i] == '-' && line[i + 1] == ' ') {
        i += 2;
        while (i < line.size() && line[i] == ' ') ++i;
    }
    if (i < line.size() && line[i] != '"' && line[i] != '\'' && line[i] != '[' && line[i] != '{') {
        auto colon = line.find(": ", i);
        if (colon == std::string_view::npos) return std::nullopt;
        i = colon + 2;
        while (i < line.size() && line[i] == ' ') ++i;
    }
    if (i >= line.size()) return std::nullopt;
    const char open = line[i];
    if (open == '"' || open == '\'') {
        for (std::size_t j = i + 1; j < line.size(); ++j) {
            if (open == '"' && line[j] == '\\') {
                ++j;
                continue;
            }
            if (line[j] == open) {
                if (open == '\'' && j + 1 < line.size() && line[j + 1] == '\'') {
                    ++j;  // '' is a quote inside single quotes
                    continue;
                }
                return std::nullopt;
            }
        }
        return Cause{number, static_cast<int>(i),
                     msg("the quote {1} opened here is never closed: add the closing {1} at the end of the text", {std::string(1, open)}), true};
    }
    if (open == '[' || open == '{') {
        const char close = open == '[' ? ']' : '}';
        int depth = 0;
        bool quoted = false;
        for (std::size_t j = i; j < line.size(); ++j) {
            if (line[j] == '"') quoted = !quoted;
            if (quoted) continue;
            if (line[j] == open) ++depth;
            if (line[j] == close && --depth == 0) return std::nullopt;
        }
        return Cause{number, static_cast<int>(i), msg("the {1} opened here is never closed: add {2}", {std::string(1, open), std::string(1, close)})};
    }
    return std::nullopt;
}

// True when the quote that opens at (LINE, COLUMN) of TEXT has a closing quote somewhere after it.
bool closed_later(const std::string& text, int line, int column) {
    std::size_t pos = 0;
    for (int l = 0; l < line && pos != std::string::npos; ++l) pos = text.find('\n', pos) == std::string::npos ? std::string::npos : text.find('\n', pos) + 1;
    if (pos == std::string::npos) return false;
    pos += static_cast<std::size_t>(column);
    const char open = text[pos];
    for (std::size_t j = pos + 1; j < text.size(); ++j) {
        if (open == '"' && text[j] == '\\') {
            ++j;
            continue;
        }
        if (text[j] != open) continue;
        if (open == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
            ++j;
            continue;
        }
        return true;
    }
    return false;
}

// The first line up to ERROR_LINE that opens a quote or bracket without closing it; with
// UNTERMINATED_ONLY, the first quote that no later character closes (a text left open).
std::optional<Cause> likely_cause(const std::string& text, int error_line, bool unterminated_only = false) {
    int number = 0, block_indent = -1;
    std::size_t pos = 0;
    while (pos <= text.size() && number <= error_line) {
        auto nl = text.find('\n', pos);
        std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const auto indent = static_cast<int>(std::min(line.find_first_not_of(' '), line.size()));
        const bool blank = static_cast<std::size_t>(indent) == line.size();
        if (block_indent >= 0 && (blank || indent > block_indent)) {
            // inside a block text (`note: |`): its lines are text, not YAML
        } else if (!blank && line[static_cast<std::size_t>(indent)] != '#') {
            block_indent = -1;
            std::string_view rest = line;
            while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
            if (rest.ends_with(": |") || rest.ends_with(": >") || rest.ends_with(": |-") || rest.ends_with(": >-")) block_indent = indent;
            else if (auto c = unclosed_on_line(line, number))
                if (!unterminated_only || (c->quote && !closed_later(text, c->line, c->column))) return c;
        }
        if (nl == std::string::npos) break;
        pos = nl + 1;
        ++number;
    }
    return std::nullopt;
}

}  // namespace

std::optional<YAML::Node> parse_yaml(const std::string& text, const YamlContext& ctx) {
    try {
        YAML::Node node = YAML::Load(text);
        // yaml-cpp takes a quoted text left open up to the end of the file when the file ends with a
        // newline (the usual case): the quote is still a mistake, reported where it was opened.
        if (auto cause = likely_cause(text, std::numeric_limits<int>::max(), true)) {
            ctx.diags->error(ctx.file, cause->line + 1 + ctx.line_offset, cause->column + 1, msg("YAML syntax error: {1}", {cause->message}));
            return std::nullopt;
        }
        return node;
    } catch (const YAML::ParserException& e) {
        if (auto cause = likely_cause(text, e.mark.line)) {
            ctx.diags->error(ctx.file, cause->line + 1 + ctx.line_offset, cause->column + 1, msg("YAML syntax error: {1}", {cause->message}));
            return std::nullopt;
        }
        ctx.diags->error(ctx.file, e.mark.line + 1 + ctx.line_offset, e.mark.column + 1,
                         msg("YAML syntax error: {1}. Check indentation (spaces, not tabs) and put text containing ':' or '#' in quotes.",
                             {e.msg}));
        return std::nullopt;
    }
}

namespace {

std::optional<YAML::Node> scalar(const YAML::Node& map, const char* key, const YamlContext& ctx, bool required) {
    if (!map.IsMap()) {
        ctx.error(map, msg("expected a mapping with the key '{1}'", {key}));
        return std::nullopt;
    }
    YAML::Node v = map[key];
    if (!v || v.IsNull()) {
        if (required && !ctx.diags->was_mistyped(ctx.file, ctx.line(map), ctx.column(map), key))
            ctx.error(map, msg("missing '{1}': add a line '{1}: …'", {key}));
        return std::nullopt;
    }
    if (!v.IsScalar()) {
        ctx.error(v, msg("'{1}' must be a single value, not a list or a mapping", {key}));
        return std::nullopt;
    }
    return v;
}

}  // namespace

std::optional<std::string> get_string(const YAML::Node& map, const char* key, const YamlContext& ctx, bool required) {
    auto v = scalar(map, key, ctx, required);
    if (!v) return std::nullopt;
    return v->Scalar();
}

std::optional<long long> get_integer(const YAML::Node& map, const char* key, const YamlContext& ctx, bool required) {
    auto v = scalar(map, key, ctx, required);
    if (!v) return std::nullopt;
    const std::string& s = v->Scalar();
    long long out = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || ptr != s.data() + s.size()) {
        ctx.error(*v, msg("'{1}' must be a whole number, not '{2}'", {key, s}));
        return std::nullopt;
    }
    return out;
}

std::optional<bool> get_bool(const YAML::Node& map, const char* key, const YamlContext& ctx) {
    auto v = scalar(map, key, ctx, false);
    if (!v) return std::nullopt;
    const std::string& s = v->Scalar();
    if (s == "true") return true;
    if (s == "false") return false;
    ctx.error(*v, msg("'{1}' must be true or false, not '{2}'", {key, s}));
    return std::nullopt;
}

bool is_iso_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return false;
    int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2)), year = std::stoi(s.substr(0, 4));
    static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

std::optional<std::string> get_date(const YAML::Node& map, const char* key, const YamlContext& ctx, bool required) {
    auto v = scalar(map, key, ctx, required);
    if (!v) return std::nullopt;
    if (!is_iso_date(v->Scalar())) {
        ctx.error(*v, msg("'{1}' must be a date written YYYY-MM-DD (for example 2026-12-05), not '{2}'", {key, v->Scalar()}));
        return std::nullopt;
    }
    return v->Scalar();
}

nlohmann::json yaml_to_json(const YAML::Node& node) {
    using nlohmann::json;
    switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return nullptr;
        case YAML::NodeType::Sequence: {
            json a = json::array();
            for (const auto& item : node) a.push_back(yaml_to_json(item));
            return a;
        }
        case YAML::NodeType::Map: {
            json o = json::object();
            for (const auto& kv : node) o[kv.first.Scalar()] = yaml_to_json(kv.second);
            return o;
        }
        case YAML::NodeType::Scalar: break;
    }
    const std::string& s = node.Scalar();
    if (node.Tag() != "?") return s;  // quoted: always a string
    if (s == "true") return true;
    if (s == "false") return false;
    if (s == "null" || s == "~") return nullptr;
    // "0612345678" or "01" are codes, not numbers: keep their leading zeros.
    std::size_t digits_start = (s.starts_with("-") || s.starts_with("+")) ? 1 : 0;
    if (s.size() > digits_start + 1 && s[digits_start] == '0' && s[digits_start + 1] != '.') return s;
    long long i = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
    if (ec == std::errc() && p == s.data() + s.size()) return i;
    double d = 0;
    auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec2 == std::errc() && p2 == s.data() + s.size() && !s.empty()) return d;
    return s;
}

}  // namespace guichet::packsrc
