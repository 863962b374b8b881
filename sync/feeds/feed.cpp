#include "feed.hpp"

#include "common/bytes.hpp"
#include "crypto/signed_document.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace guichet::feeds {

using nlohmann::json;

namespace {

bool digits(std::string_view s, std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    return true;
}

bool is_date(std::string_view s) {  // YYYY-MM-DD
    return s.size() == 10 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2) &&
           s.substr(5, 2) >= "01" && s.substr(5, 2) <= "12" && s.substr(8, 2) >= "01" && s.substr(8, 2) <= "31";
}

bool is_date_time(std::string_view s) {  // YYYY-MM-DDTHH:MM, local time of the town hall
    return s.size() == 16 && is_date(s.substr(0, 10)) && s[10] == 'T' && digits(s, 11, 2) && s[13] == ':' &&
           digits(s, 14, 2) && s.substr(11, 2) <= "23" && s.substr(14, 2) <= "59";
}

bool is_member_name(std::string_view s) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'))) return false;
    return true;
}

bool is_item_id(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
    return true;
}

struct KindRules {
    std::vector<const char*> required;
    std::vector<const char*> dates;       // YYYY-MM-DD when present
    std::vector<const char*> date_times;  // YYYY-MM-DDTHH:MM when present
};

const KindRules& rules(std::string_view kind) {
    static const KindRules jobs{{"title", "employer", "contract", "posted", "expires"}, {"posted", "expires"}, {}};
    static const KindRules events{{"title", "date_start"}, {"date_start", "date_end"}, {}};
    static const KindRules slots{{"title", "agency", "start", "duration_min"}, {}, {"start"}};
    if (kind == "jobs") return jobs;
    if (kind == "events") return events;
    return slots;
}

}  // namespace

const std::vector<std::string>& feed_kinds() {
    static const std::vector<std::string> kinds{"jobs", "events", "slots"};
    return kinds;
}

bool is_feed_kind(std::string_view kind) {
    for (const auto& k : feed_kinds())
        if (k == kind) return true;
    return false;
}

std::string feed_file_name(std::string_view kind) { return std::string(kind) + ".gfd"; }

std::string feed_comment(std::string_view kind, std::uint64_t version) {
    return "guichet feed kind=" + std::string(kind) + " version=" + std::to_string(version);
}

std::string FeedItem::field(const std::string& name) const {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
}

Result<void> check_item(std::string_view kind, const FeedItem& item) {
    if (!is_item_id(item.id)) return fail("'id' must be 1–64 of [a-z0-9._-]");
    if (item.fields.size() + 1 > kMaxMembers) return fail("more than " + std::to_string(kMaxMembers) + " members");
    for (const auto& [name, value] : item.fields) {
        if (!is_member_name(name)) return fail("member name '" + name + "' is not 1–32 of [a-z0-9_]");
        if (value.size() > kMaxValueBytes) return fail("member '" + name + "' is longer than 4000 bytes");
    }
    const KindRules& r = rules(kind);
    for (const char* name : r.required)
        if (item.field(name).empty()) return fail(std::string("missing member '") + name + "'");
    for (const char* name : r.dates)
        if (item.fields.count(name) && !is_date(item.field(name)))
            return fail(std::string("member '") + name + "' is not a date YYYY-MM-DD");
    for (const char* name : r.date_times)
        if (item.fields.count(name) && !is_date_time(item.field(name)))
            return fail(std::string("member '") + name + "' is not a local date and time YYYY-MM-DDTHH:MM");
    if (kind == "jobs" && item.field("expires") < item.field("posted"))
        return fail("'expires' is before 'posted'");
    if (kind == "events" && item.fields.count("date_end") && item.field("date_end") < item.field("date_start"))
        return fail("'date_end' is before 'date_start'");
    if (kind == "slots") {
        const std::string d = item.field("duration_min");
        if (d.size() > 3 || !digits(d, 0, d.size()) || d == "0" || d[0] == '0')
            return fail("'duration_min' must be minutes, 1–999, as a string");
    }
    return {};
}

std::string Feed::to_json() const {
    json j;
    j["format"] = kFeedFormat;
    j["kind"] = kind;
    j["version"] = version;
    j["created"] = created;
    j["expires"] = expires;
    j["items"] = json::array();
    for (const auto& item : items) {
        json ij(item.fields);
        ij["id"] = item.id;
        j["items"].push_back(std::move(ij));
    }
    return j.dump();  // object keys sorted: canonical by construction
}

Result<Feed> Feed::parse(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("feed: not a JSON object");
    auto format = j.find("format");
    if (format == j.end() || !format->is_number_integer()) return fail("feed: missing integer 'format'");
    if (format->get<std::int64_t>() != kFeedFormat)
        return fail("feed: unsupported feed format " + std::to_string(format->get<std::int64_t>()));
    Feed feed;
    auto kind = j.find("kind");
    if (kind == j.end() || !kind->is_string() || !is_feed_kind(kind->get<std::string>()))
        return fail("feed: 'kind' must be one of jobs, events, slots");
    feed.kind = kind->get<std::string>();
    auto version = j.find("version");
    if (version == j.end() || !version->is_number_unsigned() || version->get<std::uint64_t>() == 0)
        return fail("feed: 'version' must be an integer ≥ 1");
    feed.version = version->get<std::uint64_t>();
    auto created = j.find("created");
    auto expires = j.find("expires");
    if (created == j.end() || !created->is_number_integer() || expires == j.end() || !expires->is_number_integer())
        return fail("feed: 'created' and 'expires' must be integers (Unix seconds)");
    feed.created = created->get<std::int64_t>();
    feed.expires = expires->get<std::int64_t>();
    if (feed.expires <= feed.created) return fail("feed: expiry is not after creation");
    auto items = j.find("items");
    if (items == j.end() || !items->is_array()) return fail("feed: missing array 'items'");
    if (items->size() > kMaxItems) return fail("feed: more than 500 items");
    std::set<std::string> ids;
    std::size_t n = 0;
    for (const json& ij : *items) {
        ++n;
        const std::string where = "feed: item " + std::to_string(n) + ": ";
        if (!ij.is_object()) return fail(where + "not an object");
        FeedItem item;
        for (const auto& [name, value] : ij.items()) {
            if (!value.is_string()) return fail(where + "member '" + name + "' is not a string");
            if (name == "id") item.id = value.get<std::string>();
            else item.fields[name] = value.get<std::string>();
        }
        if (auto r = check_item(feed.kind, item); !r) return fail(where + r.error().message);
        if (!ids.insert(item.id).second) return fail(where + "id '" + item.id + "' appears twice");
        feed.items.push_back(std::move(item));
    }
    return feed;
}

Result<Feed> verify_feed_file(std::string_view file, const crypto::KeyRing& keys) {
    if (file.size() > kMaxFeedSize) return fail("feed: larger than 512 KiB");
    auto doc = crypto::verify_signed_document(file, kFeedUntrustedComment, keys, "feed", "guichet-hub");
    if (!doc) return doc.error();
    auto feed = Feed::parse(doc->body);
    if (!feed) return feed.error();
    if (doc->signature.trusted_comment != feed_comment(feed->kind, feed->version))
        return fail("feed: trusted comment does not match the feed's kind and version (not a feed signature)");
    return feed;
}

Result<Feed> accept_feed(std::string_view file, std::string_view kind, const crypto::KeyRing& keys, std::int64_t now,
                         const std::optional<std::string>& previous) {
    auto feed = verify_feed_file(file, keys);
    if (!feed) return feed.error();
    if (feed->kind != kind) return fail("feed: asked for '" + std::string(kind) + "', got a '" + feed->kind + "' feed");
    if (now >= feed->expires)
        return fail("feed '" + feed->kind + "' version " + std::to_string(feed->version) +
                    " has expired (freeze refused: staff must publish it again)");
    if (previous) {
        // The held file was verified when it was written; if it no longer
        // verifies (keys rotated, damaged), it sets no floor.
        if (auto before = verify_feed_file(*previous, keys)) {
            if (feed->version < before->version)
                return fail("feed '" + feed->kind + "' version " + std::to_string(feed->version) +
                            " is older than the held version " + std::to_string(before->version) +
                            " (rollback refused)");
            if (feed->version == before->version && file != *previous)
                return fail("feed '" + feed->kind + "' version " + std::to_string(feed->version) +
                            " differs from the held file with the same version (refused)");
        }
    }
    return feed;
}

std::string feed_etag(std::string_view file) {
    const auto h = crypto::blake2b_256(as_bytes(file));
    return "\"" + to_hex(ByteView(h.data(), h.size())) + "\"";
}

}  // namespace guichet::feeds
