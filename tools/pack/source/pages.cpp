#include "pages.hpp"

#include "keys.hpp"
#include "messages.hpp"

#include "pack/format.hpp"
#include "pack/markdown_dialect.hpp"

#include <algorithm>
#include <md4c.h>

namespace guichet::packsrc {

namespace {

struct LinkCollector {
    const std::string* source;
    std::vector<PageLink>* links;
    int body_line_offset;

    int line_of(const char* p) const {
        const char* begin = source->data();
        if (p < begin || p > begin + source->size()) return 0;
        return 1 + body_line_offset + static_cast<int>(std::count(begin, p, '\n'));
    }

    void add(const MD_ATTRIBUTE& attr, bool image) {
        std::string target(attr.text, attr.size);
        int line = line_of(attr.text);
        if (line == 0) {  // md4c rewrote the text (entities, escapes): locate it by search
            auto pos = source->find(target);
            line = pos == std::string::npos
                       ? body_line_offset + 1
                       : 1 + body_line_offset + static_cast<int>(std::count(source->begin(), source->begin() + static_cast<long>(pos), '\n'));
        }
        links->push_back({std::move(target), line, image});
    }
};

int enter_span(MD_SPANTYPE type, void* detail, void* user) {
    auto* c = static_cast<LinkCollector*>(user);
    if (type == MD_SPAN_A) c->add(static_cast<MD_SPAN_A_DETAIL*>(detail)->href, false);
    if (type == MD_SPAN_IMG) c->add(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src, true);
    return 0;
}
// Front matter keys (docs/content-format.md §4.1): every kind's, then each kind's own.
const std::vector<std::string_view> kPageKeys = {"title", "kind", "sample", "summary", "reference", "contact"};
const std::pair<std::string_view, std::vector<std::string_view>> kKindKeys[] = {
    {"association", {"domain"}},
    {"event", {"date_start", "date_end", "place"}},
    {"legal_notice", {"display_from", "display_until"}},
    {"job_offer", {"employer", "contract", "posted", "expires"}},
};

void check_page_keys(const YAML::Node& fm, const std::string& kind, const YamlContext& ctx) {
    std::vector<std::string_view> allowed = kPageKeys;
    for (const auto& [k, keys] : kKindKeys)
        if (k == kind) allowed.insert(allowed.end(), keys.begin(), keys.end());
    check_keys(fm, allowed, ctx, msg("the front matter of a '{1}' page", {kind}), [](std::string_view key) {
        for (const auto& [k, keys] : kKindKeys)
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) return msg("pages of kind '{1}'", {k});
        return std::string();
    });
}

int ignore_block(MD_BLOCKTYPE, void*, void*) { return 0; }
int ignore_span(MD_SPANTYPE, void*, void*) { return 0; }
int ignore_text(MD_TEXTTYPE, const MD_CHAR*, MD_SIZE, void*) { return 0; }

void check_kind_fields(const YAML::Node& fm, const std::string& kind, const YamlContext& ctx) {
    if (kind == "event") {
        auto start = get_date(fm, "date_start", ctx);
        auto end = get_date(fm, "date_end", ctx, false);
        get_string(fm, "place", ctx);
        if (start && end && *end < *start) ctx.error(fm["date_end"], msg("'date_end' is before 'date_start'"));
    } else if (kind == "legal_notice") {
        auto from = get_date(fm, "display_from", ctx);
        auto until = get_date(fm, "display_until", ctx);
        if (from && until && *until < *from) ctx.error(fm["display_until"], "'display_until' is before 'display_from'");
    } else if (kind == "job_offer") {
        get_string(fm, "employer", ctx);
        get_string(fm, "contract", ctx);
        auto posted = get_date(fm, "posted", ctx);
        auto expires = get_date(fm, "expires", ctx);
        if (posted && expires && *expires < *posted) ctx.error(fm["expires"], "'expires' is before 'posted'");
    } else if (kind == "association") {
        get_string(fm, "domain", ctx);
    }
}

}  // namespace

std::optional<Page> parse_page(const std::string& text, const std::string& file, Diagnostics& diags) {
    if (!pack::is_valid_utf8(text)) {
        diags.error(file, 0, 0, msg("the file is not valid UTF-8 text: save it as UTF-8 in your editor"));
        return std::nullopt;
    }
    std::string_view t = text;
    if (t.starts_with("\xEF\xBB\xBF")) t.remove_prefix(3);  // BOM from some editors
    if (!t.starts_with("---\n") && !t.starts_with("---\r\n")) {
        diags.error(file, 1, 1, msg("a page must start with a front matter: a line '---', then 'title: …', then '---'"));
        return std::nullopt;
    }
    auto first_nl = t.find('\n');
    std::size_t end = std::string_view::npos;
    for (std::size_t pos = first_nl + 1; pos < t.size();) {
        auto nl = t.find('\n', pos);
        auto line = t.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (line == "---" || line == "---\r") {
            end = pos;
            break;
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    if (end == std::string_view::npos) {
        diags.error(file, 1, 1, msg("the front matter is not closed: add a line '---' after it"));
        return std::nullopt;
    }
    std::string yaml_text(t.substr(first_nl + 1, end - first_nl - 1));
    YamlContext ctx{file, 1, &diags};
    // On a front matter error the page is kept (with the body's links checked) so that nothing else
    // is reported about it: one mistake, one message.
    auto fm = parse_yaml(yaml_text, ctx);
    if (fm && !fm->IsMap()) {
        diags.error(file, 2, 1, msg("the front matter must be 'key: value' lines"));
        fm.reset();
    }
    std::string kind = "page";
    if (fm) {
        kind = get_string(*fm, "kind", ctx, false).value_or("page");
        if (std::none_of(std::begin(kPageKinds), std::end(kPageKinds), [&](const char* k) { return kind == k; })) {
            std::vector<std::string_view> kinds(std::begin(kPageKinds), std::end(kPageKinds));
            const std::string near = nearest(kind, kinds);
            ctx.error((*fm)["kind"], near.empty() ? msg("unknown kind '{1}': use page, association, event, legal_notice or job_offer", {kind})
                                                  : msg("unknown kind '{1}': did you mean '{2}'?", {kind, near}));
        } else {
            check_page_keys(*fm, kind, ctx);
            check_kind_fields(*fm, kind, ctx);
        }
        get_string(*fm, "title", ctx);  // after the keys: a mistyped 'titel' is one error
        get_bool(*fm, "sample", ctx);
    }

    Page page;
    page.meta = fm ? yaml_to_json(*fm) : nlohmann::json::object();
    page.meta["kind"] = kind;
    auto body_start = t.find('\n', end);
    page.body = body_start == std::string_view::npos ? std::string() : std::string(t.substr(body_start + 1));
    int body_line_offset = static_cast<int>(std::count(t.begin(), t.begin() + static_cast<long>(body_start == std::string_view::npos ? t.size() : body_start + 1), '\n'));

    LinkCollector collector{&page.body, &page.links, body_line_offset};
    MD_PARSER parser{};
    parser.flags = pack::kMarkdownFlags;  // the kiosk renders with the same dialect
    parser.enter_block = ignore_block;
    parser.leave_block = ignore_block;
    parser.enter_span = enter_span;
    parser.leave_span = ignore_span;
    parser.text = ignore_text;
    md_parse(page.body.data(), static_cast<MD_SIZE>(page.body.size()), &parser, &collector);
    // A page whose front matter has errors is still returned: the errors stop the build anyway, and
    // links to the page must not be reported as broken on top of them.
    return page;
}

}  // namespace guichet::packsrc
