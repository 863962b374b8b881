#include "ui_strings.hpp"

#include "common/placeholders.hpp"
#include "keys.hpp"
#include "messages.hpp"
#include "yaml_util.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace guichet::packsrc {

namespace {

std::string join(const std::vector<std::string>& names) {
    if (names.empty()) return "none";
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "{" : ", {") + n + "}";
    return out;
}

}  // namespace

std::optional<StringsFile> read_strings_file(const std::string& text, const std::string& file, Diagnostics& diags) {
    YamlContext ctx{file, 0, &diags};
    auto root = parse_yaml(text, ctx);
    if (!root) return std::nullopt;
    StringsFile out;
    if (root->IsNull()) return out;  // an empty file changes nothing
    if (!root->IsMap()) {
        ctx.error(*root, msg("a strings file is 'key: \"text\"' lines, for example home.title: \"Bienvenue\""));
        return std::nullopt;
    }
    bool ok = true;
    for (const auto& kv : *root) {
        const YAML::Node& k = kv.first;
        const YAML::Node& v = kv.second;
        if (!k.IsScalar()) {
            ctx.error(k, msg("a key must be a name such as home.title"));
            ok = false;
            continue;
        }
        const std::string key = k.Scalar();
        if (!v.IsScalar()) {
            ctx.error(v, msg("the text of '{1}' must be one text in quotes, not a list or a mapping", {key}));
            ok = false;
            continue;
        }
        if (v.Scalar().empty()) {
            ctx.error(v, msg("the text of '{1}' is empty: give a text, or remove the line to keep the default", {key}));
            ok = false;
            continue;
        }
        if (out.texts.count(key)) {
            ctx.error(k, "'" + key + "' is given twice: keep one line (the first is at line " +
                             std::to_string(out.lines[key]) + ")");
            ok = false;
            continue;
        }
        out.texts[key] = v.Scalar();
        out.lines[key] = ctx.line(k);
    }
    if (!ok) return std::nullopt;
    return out;
}

std::optional<std::string> compile_ui_strings(const std::optional<std::string>& overrides, const std::string& file,
                                              Diagnostics& diags) {
    Diagnostics internal;
    auto defaults = read_strings_file(std::string(default_strings_yaml()), "tools/pack/strings/fr.yaml", internal);
    if (!defaults) {  // a broken build of the tool, not the staff's mistake
        for (const Diagnostic& d : internal.all()) diags.error(d.file, d.line, d.column, "built-in default texts: " + d.message);
        return std::nullopt;
    }
    StringsFile merged = *defaults;
    if (overrides) {
        auto pack = read_strings_file(*overrides, file, diags);
        if (!pack) return std::nullopt;
        bool ok = true;
        for (const auto& [key, value] : pack->texts) {
            const int line = pack->lines[key];
            auto def = defaults->texts.find(key);
            if (def == defaults->texts.end()) {
                // Suggest a key of the same group ("home.titre" → home.*), staff often mistype the second part.
                std::string group = key.substr(0, key.find('.') + 1), same;
                int listed = 0;
                for (const auto& [k, _] : defaults->texts)
                    if (!group.empty() && k.rfind(group, 0) == 0 && listed++ < 8) same += (same.empty() ? "" : ", ") + k;
                std::vector<std::string_view> all;
                for (const auto& [k, _] : defaults->texts) all.push_back(k);
                if (std::string near = nearest(key, all); !near.empty())
                    diags.error(file, line, 1, msg("unknown key '{1}': the kiosk has no such text; did you mean '{2}'?", {key, near}));
                else if (same.empty())
                    diags.error(file, line, 1, msg("unknown key '{1}': the kiosk has no such text (the keys are those of the default file, docs/content-format.md §15)", {key}));
                else
                    diags.error(file, line, 1, msg("unknown key '{1}': the kiosk has no such text; keys of that group: {2}", {key, same}));
                ok = false;
                continue;
            }
            bool bad = false, bad_default = false;
            const auto want = text_placeholders(def->second, &bad_default);
            const auto got = text_placeholders(value, &bad);
            if (bad) {
                diags.error(file, line, 1,
                            "the text of '" + key + "' has a '{' or '}' that is not a placeholder: braces only surround " +
                                "placeholders such as {n}; this text takes " + join(want));
                ok = false;
                continue;
            }
            for (const std::string& p : want) {
                if (std::find(got.begin(), got.end(), p) == got.end()) {
                    diags.error(file, line, 1,
                                "the text of '" + key + "' lacks the placeholder {" + p + "}: the kiosk puts a value there (this text takes " +
                                    join(want) + ")");
                    ok = false;
                }
            }
            for (const std::string& p : got) {
                if (std::find(want.begin(), want.end(), p) == want.end()) {
                    diags.error(file, line, 1,
                                "the text of '" + key + "' has the placeholder {" + p + "}, which the kiosk does not fill (this text takes " +
                                    join(want) + ")");
                    ok = false;
                }
            }
            if (ok) merged.texts[key] = value;
        }
        if (!ok) return std::nullopt;
    }
    nlohmann::json j;
    j["format"] = kUiStringsFormat;
    j["language"] = "fr";
    j["strings"] = nlohmann::json::object();
    for (const auto& [key, value] : merged.texts) j["strings"][key] = value;
    return j.dump(1);
}

}  // namespace guichet::packsrc
