#include "protocol/partner_inbox.hpp"

#include "protocol/messages.hpp"

#include <algorithm>
#include <charconv>

namespace guichet::sync {

namespace {

std::optional<std::int64_t> number(const std::string& text, std::int64_t min, std::int64_t max) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) return std::nullopt;
    return v;
}

bool all_of(const std::string& s, bool (*ok)(char)) {
    return std::all_of(s.begin(), s.end(), ok);
}

}  // namespace

Result<std::optional<InboxQuery>> parse_inbox_query(const std::function<std::string(const std::string&)>& param) {
    const std::string page = param("page");
    if (page.empty()) return std::optional<InboxQuery>();
    InboxQuery q;
    auto p = number(page, 1, 1'000'000);
    if (!p) return fail("page: expected a number from 1");
    q.page = *p;
    if (auto v = param("per_page"); !v.empty()) {
        auto n = number(v, 1, kInboxMaxPerPage);
        if (!n) return fail("per_page: expected a number from 1 to " + std::to_string(kInboxMaxPerPage));
        q.per_page = static_cast<int>(*n);
    }
    if (auto v = param("state"); v == "new") {
        q.acknowledged = false;
    } else if (v == "acknowledged") {
        q.acknowledged = true;
    } else if (!v.empty()) {
        return fail("state: expected new or acknowledged");
    }
    q.status = param("status");
    if (!q.status.empty() && q.status != "none" && !is_status(q.status))
        return fail("status: expected none or a status of §5");
    q.form_id = param("form");
    if (q.form_id.size() > 64 || !all_of(q.form_id, [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        }))
        return fail("form: expected a form id");
    q.code = param("code");
    if (q.code.size() > 16 ||
        !all_of(q.code, [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }))
        return fail("code: expected up to 16 of A-Z, 0-9 and -");
    for (auto [name, out] : {std::pair{"from", &q.received_from}, std::pair{"to", &q.received_to}})
        if (auto v = param(name); !v.empty()) {
            auto n = number(v, 0, 1LL << 40);
            if (!n) return fail(std::string(name) + ": expected Unix seconds");
            *out = *n;
        }
    if (auto v = param("order"); v == "oldest") {
        q.newest_first = false;
    } else if (!v.empty() && v != "newest") {
        return fail("order: expected newest or oldest");
    }
    return std::optional<InboxQuery>(std::move(q));
}

Query inbox_query_params(const InboxQuery& q) {
    Query out = {
        {"all", "1"}, {"page", std::to_string(q.page)}, {"per_page", std::to_string(q.per_page)},
        {"order", q.newest_first ? "newest" : "oldest"}};
    if (q.acknowledged) out.emplace("state", *q.acknowledged ? "acknowledged" : "new");
    if (!q.status.empty()) out.emplace("status", q.status);
    if (!q.form_id.empty()) out.emplace("form", q.form_id);
    if (!q.code.empty()) out.emplace("code", q.code);
    if (q.received_from) out.emplace("from", std::to_string(*q.received_from));
    if (q.received_to) out.emplace("to", std::to_string(*q.received_to));
    return out;
}

}  // namespace guichet::sync
