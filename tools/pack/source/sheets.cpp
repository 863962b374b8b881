#include "sheets.hpp"

#include "common/placeholders.hpp"
#include "keys.hpp"
#include "messages.hpp"
#include "print/sheet.hpp"

#include <algorithm>

namespace guichet::packsrc {
namespace {

std::string joined(const std::vector<std::string_view>& v) {
    std::string s;
    for (std::string_view x : v) s += (s.empty() ? "" : ", ") + std::string(x);
    return s;
}

// Each {name} in TEXT must be one of the sheet's values.
void check_placeholders(const YAML::Node& at, const std::string& text, const print::SheetKind& kind,
                        const YamlContext& ctx) {
    std::vector<std::string_view> known = kind.values;
    for (std::string_view c : {"commune", "borne", "imprime_le"}) known.push_back(c);
    bool malformed = false;
    for (const std::string& name : text_placeholders(text, &malformed))
        if (std::find(known.begin(), known.end(), name) == known.end())
            ctx.error(at, msg("unknown placeholder {{1}} in sheet '{2}': its values are {3}",
                              {name, std::string(kind.id), joined(known)}));
    if (malformed) ctx.error(at, msg("a '{' or '}' that is not a placeholder: write placeholders as {name}"));
}

}  // namespace

std::optional<std::string> compile_sheet(const std::string& id, const std::string& text, const std::string& file,
                                         Diagnostics& diags) {
    YamlContext ctx{file, 0, &diags};
    const int errors_before = diags.error_count();
    const print::SheetKind* kind = print::find_sheet_kind(id);
    if (!kind) {
        std::vector<std::string_view> ids;
        for (const auto& k : print::sheet_kinds()) ids.push_back(k.id);
        diags.error(file, 0, 0, msg("the kiosk prints no sheet '{1}': the sheets are {2}", {id, joined(ids)}));
        return std::nullopt;
    }
    auto root = parse_yaml(text, ctx);
    if (!root) return std::nullopt;
    if (!root->IsMap()) {
        ctx.error(*root, msg("a sheet is a mapping with 'format', 'title', 'paper' and 'blocks'"));
        return std::nullopt;
    }
    const YAML::Node& S = *root;
    check_keys(S, {"format", "title", "paper", "blocks"}, ctx, "sheets/" + id + ".yaml");
    nlohmann::json out;
    auto format = get_integer(S, "format", ctx);
    if (format && *format != print::kSheetFormat)
        ctx.error(S["format"], msg("'format' must be {1}", {std::to_string(print::kSheetFormat)}));
    auto title = get_string(S, "title", ctx);
    auto paper = get_string(S, "paper", ctx, false);
    if (paper && *paper != "auto" && *paper != "a4" && *paper != "roll80")
        ctx.error(S["paper"], msg("unknown paper '{1}'; use auto (the printer's), a4 or roll80", {*paper}));
    out["format"] = print::kSheetFormat;
    out["title"] = title.value_or("");
    out["paper"] = paper.value_or("auto");
    out["blocks"] = nlohmann::json::array();
    const YAML::Node blocks = S["blocks"];
    if (!blocks || !blocks.IsSequence() || blocks.size() == 0) {
        ctx.error(blocks ? blocks : S, msg("'blocks' must be a list of blocks (heading, text, qr, list, checklist, body, rule, space)"));
        return std::nullopt;
    }
    static const std::vector<std::string_view> types = {"heading", "text", "qr", "list", "checklist", "body", "rule", "space"};
    for (const YAML::Node& b : blocks) {
        nlohmann::json jb;
        if (b.IsScalar()) {  // "- rule", "- space", "- body"
            const std::string t = b.Scalar();
            if (t != "rule" && t != "space" && t != "body") {
                const std::string near = nearest(t, types);
                ctx.error(b, near.empty() ? msg("unknown block '{1}'; the blocks are {2}", {t, joined(types)})
                                          : msg("unknown block '{1}': did you mean '{2}'?", {t, near}));
                continue;
            }
            if (t == "body" && !kind->has_body) ctx.error(b, msg("sheet '{1}' has no page to print: 'body' does not apply", {id}));
            jb["type"] = t;
            out["blocks"].push_back(jb);
            continue;
        }
        if (!b.IsMap()) {
            ctx.error(b, msg("a block is a mapping such as 'text: \"…\"', or one of rule, space, body"));
            continue;
        }
        // The block's type is the one key of TYPES it holds.
        std::string type;
        for (const auto& kv : b)
            if (std::find(types.begin(), types.end(), kv.first.Scalar()) != types.end()) {
                if (!type.empty()) ctx.error(kv.first, msg("a block has one type: '{1}' and '{2}' are two", {type, kv.first.Scalar()}));
                type = kv.first.Scalar();
            }
        if (type.empty()) {
            ctx.error(b, msg("a block needs one of: {1}", {joined(types)}));
            continue;
        }
        std::vector<std::string_view> allowed = {std::string_view(type), "when"};
        if (type == "heading") allowed.push_back("center");
        if (type == "text") allowed.insert(allowed.end(), {"bold", "large", "center"});
        if (type == "qr") allowed.push_back("size_mm");
        if (type == "list" || type == "checklist") allowed.push_back("empty");
        check_keys(b, allowed, ctx, msg("a '{1}' block", {type}));
        jb["type"] = type;
        const YAML::Node v = b[type];
        if (type == "list" || type == "checklist") {
            const std::string name = v.IsScalar() ? v.Scalar() : "";
            if (std::find(kind->lists.begin(), kind->lists.end(), name) == kind->lists.end())
                ctx.error(v, kind->lists.empty() ? msg("sheet '{1}' has no lists", {id})
                                                 : msg("unknown list '{1}' in sheet '{2}': its lists are {3}",
                                                       {name, id, joined(kind->lists)}));
            jb["list"] = name;
            if (auto e = get_string(b, "empty", ctx, false)) {
                check_placeholders(b["empty"], *e, *kind, ctx);
                jb["empty"] = *e;
            }
        } else if (type == "rule" || type == "space" || type == "body") {
            if (type == "body" && !kind->has_body) ctx.error(v, msg("sheet '{1}' has no page to print: 'body' does not apply", {id}));
        } else {
            auto t = get_string(b, type.c_str(), ctx);
            if (t) {
                check_placeholders(v, *t, *kind, ctx);
                jb["text"] = *t;
            }
        }
        if (auto w = get_string(b, "when", ctx, false)) {
            std::vector<std::string_view> known = kind->values;
            known.insert(known.end(), kind->lists.begin(), kind->lists.end());
            if (std::find(known.begin(), known.end(), *w) == known.end())
                ctx.error(b["when"], msg("'when' names a value of the sheet ({1}), not '{2}'", {joined(known), *w}));
            jb["when"] = *w;
        }
        for (const char* flag : {"bold", "large", "center"})
            if (b[flag])
                if (auto f = get_bool(b, flag, ctx)) jb[flag] = *f;
        if (b["size_mm"]) {
            auto n = get_integer(b, "size_mm", ctx);
            if (n && (*n < 10 || *n > 150)) ctx.error(b["size_mm"], msg("'size_mm' must be between 10 and 150"));
            else if (n) jb["size_mm"] = *n;
        }
        out["blocks"].push_back(jb);
    }
    if (diags.error_count() > errors_before) return std::nullopt;
    return out.dump(1);
}

}  // namespace guichet::packsrc
