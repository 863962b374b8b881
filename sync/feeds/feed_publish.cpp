#include "feed_publish.hpp"

#include "common/file.hpp"

#include <nlohmann/json.hpp>

namespace guichet::feeds {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::size_t line_at(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        if (text[i] == '\n') ++line;
    return line;
}

// Lines where each object at nesting depth 2 opens: the items of {"items": [ … ]}.
std::vector<std::size_t> item_lines(std::string_view text) {
    std::vector<std::size_t> lines;
    int depth = 0;
    bool in_string = false, escaped = false;
    std::size_t line = 1;
    for (char c : text) {
        if (c == '\n') ++line;
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') {
            if (c == '{' && depth == 2) lines.push_back(line);
            ++depth;
        } else if (c == '}' || c == ']') --depth;
    }
    return lines;
}

}  // namespace

Result<std::vector<FeedItem>> read_feed_source(const fs::path& source, std::string_view kind) {
    const std::string name = source.string();
    if (!is_feed_kind(kind)) return fail("unknown feed kind '" + std::string(kind) + "' (jobs, events or slots)");
    auto text = read_text_file(source, kMaxFeedSize);
    if (!text) return fail(name + ": " + text.error().message);
    json j;
    try {
        j = json::parse(*text);
    } catch (const json::parse_error& e) {
        const std::size_t at = e.byte > 0 ? e.byte - 1 : 0;
        std::string what = e.what();
        if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
        return fail(name + ":" + std::to_string(line_at(*text, at)) + ": not valid JSON: " + what);
    }
    if (!j.is_object() || !j.contains("items") || !j["items"].is_array())
        return fail(name + ":1: expected an object {\"items\": [ … ]}");
    for (const auto& [member, value] : j.items())
        if (member != "items") return fail(name + ":1: unknown top-level member '" + member + "' (only \"items\")");
    const auto lines = item_lines(*text);
    const json& items = j["items"];
    if (items.size() > kMaxItems) return fail(name + ": more than 500 items");
    std::vector<FeedItem> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::size_t line = i < lines.size() ? lines[i] : 1;
        std::string where = name + ":" + std::to_string(line) + ": item " + std::to_string(i + 1);
        const json& ij = items[i];
        if (!ij.is_object()) return fail(where + ": not an object");
        FeedItem item;
        for (const auto& [member, value] : ij.items()) {
            if (!value.is_string()) return fail(where + ": member '" + member + "' must be a string (in quotes)");
            if (member == "id") item.id = value.get<std::string>();
            else item.fields[member] = value.get<std::string>();
        }
        if (!item.id.empty()) where += " ('" + item.id + "')";
        if (auto r = check_item(kind, item); !r) return fail(where + ": " + r.error().message);
        for (const auto& before : out)
            if (before.id == item.id) return fail(where + ": id '" + item.id + "' is used by an earlier item");
        out.push_back(std::move(item));
    }
    return out;
}

std::string sign_feed(const Feed& feed, const crypto::SecretKey& key) {
    const std::string body = feed.to_json();
    return crypto::sign_document(key, body, std::string(kFeedUntrustedComment), feed_comment(feed.kind, feed.version));
}

std::string sign_status_bundle(const StatusBundle& bundle, const crypto::SecretKey& key) {
    const std::string body = bundle.to_json();
    return crypto::sign_document(key, body, std::string(kStatusBundleUntrustedComment),
                                 status_bundle_comment(bundle.kiosk_id, bundle.seq));
}

Result<PublishedFeed> publish_feed(const PublishFeedOptions& o, const crypto::SecretKey& key) {
    if (!is_feed_kind(o.kind)) return fail("unknown feed kind '" + o.kind + "' (jobs, events or slots)");
    if (o.valid_seconds <= 0) return fail("a feed must be valid for a positive time");
    crypto::KeyRing ring;
    ring.add(key.public_key());
    const fs::path dir = o.data_dir / kFeedsDir;
    const fs::path path = dir / feed_file_name(o.kind);
    Feed feed;
    feed.kind = o.kind;
    feed.version = 1;
    std::error_code ec;
    if (fs::exists(path, ec)) {
        auto held = read_text_file(path, kMaxFeedSize);
        if (!held) return held.error();
        auto before = verify_feed_file(*held, ring);
        if (!before)
            return fail(path.string() + ": " + before.error().message +
                        " (a feed is signed by one key: is --key the key that signed it?)");
        feed.version = before->version + 1;
    }
    feed.created = o.created;
    feed.expires = o.created + o.valid_seconds;
    feed.items = o.items;
    const std::string file = sign_feed(feed, key);
    if (file.size() > kMaxFeedSize) return fail("the signed feed would be larger than 512 KiB");
    fs::create_directories(dir, ec);
    if (ec) return fail(dir.string() + ": " + ec.message());
    if (auto r = write_file_atomic(path, as_bytes(file)); !r) return r.error();
    return PublishedFeed{feed.version, file.size(), path};
}

}  // namespace guichet::feeds
