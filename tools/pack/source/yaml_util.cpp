#include "yaml_util.hpp"

#include <charconv>

namespace guichet::packsrc {

std::string Diagnostic::to_string() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    if (line > 0 && column > 0) s += ":" + std::to_string(column);
    s += level == Level::error ? ": error: " : ": warning: ";
    return s + message;
}

void Diagnostics::error(std::string file, int line, int column, std::string message) {
    items_.push_back({Diagnostic::Level::error, std::move(file), line, column, std::move(message)});
    ++errors_;
}

void Diagnostics::warning(std::string file, int line, int column, std::string message) {
    items_.push_back({Diagnostic::Level::warning, std::move(file), line, column, std::move(message)});
}

std::optional<YAML::Node> parse_yaml(const std::string& text, const YamlContext& ctx) {
    try {
        return YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        ctx.diags->error(ctx.file, e.mark.line + 1 + ctx.line_offset, e.mark.column + 1,
                         "YAML syntax error: " + e.msg +
                             ". Check indentation (spaces, not tabs) and put text containing ':' or '#' in quotes.");
        return std::nullopt;
    }
}

namespace {

std::optional<YAML::Node> scalar(const YAML::Node& map, const char* key, const YamlContext& ctx, bool required) {
    if (!map.IsMap()) {
        ctx.error(map, std::string("expected a mapping with the key '") + key + "'");
        return std::nullopt;
    }
    YAML::Node v = map[key];
    if (!v || v.IsNull()) {
        if (required) ctx.error(map, std::string("missing '") + key + "': add a line '" + key + ": …'");
        return std::nullopt;
    }
    if (!v.IsScalar()) {
        ctx.error(v, std::string("'") + key + "' must be a single value, not a list or a mapping");
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
        ctx.error(*v, std::string("'") + key + "' must be a whole number, not '" + s + "'");
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
    ctx.error(*v, std::string("'") + key + "' must be true or false, not '" + s + "'");
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
        ctx.error(*v, std::string("'") + key + "' must be a date written YYYY-MM-DD (for example 2026-12-05), not '" +
                          v->Scalar() + "'");
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
