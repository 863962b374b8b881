#include "partner/partner.hpp"

#include "common/file.hpp"
#include "common/staff_language.hpp"
#include "crypto/hash.hpp"
#include "crypto/secure.hpp"
#include "protocol/attachment_meta.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "protocol/partner_inbox.hpp"
#include "protocol/routes.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>

namespace guichet::sync::partner {

namespace {

// The hex BLAKE2b-256 the payload declares for each attachment (docs/forms.md
// §4), "" where it declares none. Only the hashes are kept, not the answers.
std::vector<std::string> declared_hashes(ByteView payload) {
    std::vector<std::string> out;
    auto j = nlohmann::json::parse(as_chars(payload), nullptr, false);
    if (j.is_object() && j.contains("attachments") && j["attachments"].is_array())
        for (const auto& a : j["attachments"])
            out.push_back(a.is_object() && a.contains("blake2b") && a["blake2b"].is_string()
                              ? a["blake2b"].get<std::string>()
                              : std::string());
    return out;
}

std::string stem_of(const std::filesystem::path& p) {
    std::string name = p.filename().string();
    for (const char* suffix : {".box.key", ".key"})
        if (name.ends_with(suffix)) return name.substr(0, name.size() - std::strlen(suffix));
    return name;
}

Result<void> write(const std::filesystem::path& p, ByteView data, unsigned mode = 0600) {
    return write_file_atomic(p, data, mode);
}

}  // namespace

Result<std::string> check_envelope(const PartnerDemarche& d, const std::string& me) {
    if (d.envelope_signature.empty()) return std::string("unsigned (stored before protocol 1.2)");
    if (d.recipient_id != me)
        return fail(staff::msg("démarche {1}: its envelope is addressed to '{2}', not to {3}", {d.uuid, d.recipient_id, me}));
    auto key = parse_public_key(d.kiosk_public_key);
    if (!key) return fail(staff::msg("démarche {1}: the hub listed no usable key for kiosk {2}", {d.uuid, d.kiosk_id}));
    if (auto r = verify_envelope(envelope_of(d), *key); !r) return fail(staff::msg("démarche {1}: {2}", {d.uuid, r.error().message}));
    return "signed by kiosk " + d.kiosk_id;
}

namespace {

// Opens and writes one démarche into DIR (a fresh temporary folder).
Result<void> write_demarche(HubClient& hub, const PartnerIdentity& me, const PartnerDemarche& d,
                            const std::filesystem::path& dir, bool keep_sealed) {
    // Before anything is opened or written: a démarche whose envelope does not verify is not taken.
    auto envelope = check_envelope(d, me.id);
    if (!envelope) return envelope.error();
    std::error_code ec;
    std::filesystem::create_directories(dir / "attachments", ec);
    if (ec) return fail(staff::msg("cannot create {1}: {2}", {dir.string(), ec.message()}));
    if (keep_sealed) std::filesystem::create_directories(dir / "sealed", ec);
    auto payload = crypto::open_sealed(d.sealed_payload, me.box);
    if (!payload) return fail(staff::msg("démarche {1}: cannot open the payload with {2}'s key", {d.uuid, me.id}));
    auto r = write(dir / "demarche.json", *payload);
    const auto hashes = declared_hashes(*payload);
    crypto::wipe(*payload);
    if (!r) return r;
    if (keep_sealed)
        if (auto w = write(dir / "sealed" / "payload.bin", d.sealed_payload); !w) return w;
    nlohmann::json files = nlohmann::json::array();
    for (const auto& a : d.attachments) {
        const std::string path = paths::partner_attachment(d.uuid, a.index);
        auto answer = hub.send("GET", path, {}, {}, "", {}, a.sealed_length + 1);
        if (!answer) return answer.error();
        if (answer->status != 200) return fail(describe_answer("GET", path, *answer));
        auto sealed = as_bytes(answer->body);
        if (to_hex(crypto::blake2b_256(sealed)) != a.sealed_blake2b)
            return fail(staff::msg("démarche {1}: attachment {2} does not match its hash", {d.uuid, std::to_string(a.index)}));
        auto meta_json = crypto::open_sealed(a.sealed_meta, me.box);
        if (!meta_json) return fail(staff::msg("démarche {1}: cannot open attachment metadata", {d.uuid}));
        auto meta = decode_attachment_meta(as_chars(*meta_json));
        crypto::wipe(*meta_json);
        if (!meta) return meta.error();
        auto data = crypto::open_sealed(sealed, me.box);
        if (!data) return fail(staff::msg("démarche {1}: cannot open attachment {2}", {d.uuid, std::to_string(a.index)}));
        const auto index = static_cast<std::size_t>(a.index);
        if (index < hashes.size() && !hashes[index].empty() && hashes[index] != to_hex(crypto::blake2b_256(*data))) {
            crypto::wipe(*data);
            return fail(staff::msg("démarche {1}: attachment {2} differs from the hash its payload declares",
                                   {d.uuid, std::to_string(a.index)}));
        }
        const auto name = safe_file_name(meta->first, a.index);
        auto w = write(dir / "attachments" / name, *data);
        crypto::wipe(*data);
        if (!w) return w;
        if (keep_sealed)
            if (auto s = write(dir / "sealed" / ("attachment-" + std::to_string(a.index) + ".bin"), sealed); !s)
                return s;
        files.push_back({{"index", a.index}, {"file", "attachments/" + name}, {"mime", meta->second}});
    }
    auto info = nlohmann::json{{"uuid", d.uuid},
                               {"tracking_code", d.tracking_code},
                               {"form_id", d.form_id},
                               {"form_version", d.form_version},
                               {"created_at", d.created_at},
                               {"received_at", d.received_at},
                               {"kiosk_id", d.kiosk_id},
                               {"envelope", *envelope},
                               {"attachments", files}}
                    .dump(2) +
                "\n";
    return write(dir / "info.json", as_bytes(info));
}

}  // namespace

std::string safe_file_name(std::string_view name, int index) {
    auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    std::string out;
    for (char c : name) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '_' : c;
    while (!out.empty() && out.front() == '.') out.erase(out.begin());
    if (out.empty()) out = "piece";
    return std::to_string(index) + "-" + out;
}

Result<PartnerIdentity> load_identity(const std::filesystem::path& box_key_file, std::filesystem::path sign_key_file,
                                      std::string id) {
    if (id.empty()) id = stem_of(box_key_file);
    if (sign_key_file.empty()) sign_key_file = box_key_file.parent_path() / (id + ".sign.key");
    auto box = crypto::BoxKeyPair::load(box_key_file);
    if (!box) return box.error();
    auto signing = RequestKey::load(sign_key_file);
    if (!signing) return signing.error();
    return PartnerIdentity{id, std::move(*box), std::move(*signing)};
}

// Every démarche to fetch, oldest first: page by page (protocol 1.4, §5.1),
// so that none is out of reach however many wait; a hub older than 1.4
// ignores `page` and answers the list of §5 (1,000 at most), taken as it is.
Result<std::vector<PartnerDemarche>> list_demarches(HubClient& hub, bool all) {
    InboxQuery q;
    q.per_page = kInboxMaxPerPage;
    q.newest_first = false;
    if (!all) q.acknowledged = false;
    std::vector<PartnerDemarche> out;
    for (;; ++q.page) {
        auto answer = hub.send("GET", paths::kPartnerDemarches, inbox_query_params(q), {}, "", {}, 64 << 20);
        if (!answer) return answer.error();
        if (answer->status != 200) return fail(describe_answer("GET", paths::kPartnerDemarches, *answer));
        auto page = parse_inbox_page(answer->body);
        if (!page) {
            if (q.page != 1) return page.error();
            if (!all) {  // the older hub's list of §5: all=1 was sent, keep the unacknowledged ones
                auto list = parse_partner_list(answer->body);
                if (!list) return list.error();
                std::erase_if(*list, [](const PartnerDemarche& d) { return d.acknowledged; });
                return list;
            }
            return parse_partner_list(answer->body);
        }
        for (auto& d : page->demarches) out.push_back(std::move(d));
        if (page->demarches.empty() || static_cast<std::int64_t>(out.size()) >= page->total) return out;
    }
}

Result<std::vector<Fetched>> fetch(HubClient& hub, const PartnerIdentity& me, const FetchOptions& options) {
    auto list = list_demarches(hub, options.all);
    if (!list) return list.error();
    std::error_code ec;
    std::filesystem::create_directories(options.out_dir, ec);
    if (ec) return fail(staff::msg("cannot create {1}: {2}", {options.out_dir.string(), ec.message()}));
    std::vector<Fetched> out;
    for (const auto& entry : *list) {
        if (!is_uuid(entry.uuid)) return fail(staff::msg("the hub listed a malformed UUID"));
        const auto final_dir = options.out_dir / entry.uuid;
        Fetched f{entry.uuid, final_dir, std::filesystem::exists(final_dir)};
        if (!f.already_there) {
            const std::string path = paths::partner_demarche(entry.uuid);
            auto one = hub.send("GET", path, {}, {}, "", {}, 8 << 20);
            if (!one) return one.error();
            if (one->status != 200) return fail(describe_answer("GET", path, *one));
            auto d = parse_partner_demarche(one->body);
            if (!d) return d.error();
            const auto tmp = options.out_dir / (".partial-" + entry.uuid);
            std::filesystem::remove_all(tmp, ec);
            if (auto r = write_demarche(hub, me, *d, tmp, options.keep_sealed); !r) {
                std::filesystem::remove_all(tmp, ec);
                return r.error();
            }
            std::filesystem::rename(tmp, final_dir, ec);
            if (ec) return fail(staff::msg("cannot rename {1}: {2}", {tmp.string(), ec.message()}));
        }
        if (options.ack)
            if (auto r = acknowledge(hub, entry.uuid); !r) return r.error();
        out.push_back(std::move(f));
    }
    return out;
}

Result<void> acknowledge(HubClient& hub, const std::string& uuid) {
    const std::string path = paths::partner_ack(uuid);
    auto answer = hub.send("POST", path);
    if (!answer) return answer.error();
    if (answer->status != 204) return fail(describe_answer("POST", path, *answer));
    return {};
}

Result<void> book_visio(HubClient& hub, const std::string& slot, const std::string& tracking_code, std::int64_t start) {
    const std::string path(paths::kPartnerVisioBookings);
    const auto body = nlohmann::json{{"slot", slot}, {"tracking_code", tracking_code}, {"start", start}}.dump();
    auto answer = hub.send("POST", path, {}, as_bytes(body), "application/json");
    if (!answer) return answer.error();
    if (answer->status != 200) return fail(describe_answer("POST", path, *answer));
    return {};
}

Result<void> cancel_visio(HubClient& hub, const std::string& slot) {
    const std::string path = std::string(paths::kPartnerVisioBookings) + "/" + slot;
    auto answer = hub.send("DELETE", path);
    if (!answer) return answer.error();
    if (answer->status != 204) return fail(describe_answer("DELETE", path, *answer));
    return {};
}

Result<std::int64_t> parse_visio_start(const std::string& text) {
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && text.size() <= 12)
        return static_cast<std::int64_t>(std::stoll(text));
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    char tail = 0;
    if (text.size() != 16 || std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5 ||
        mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59)
        return fail("start: expected YYYY-MM-DDTHH:MM (local time) or Unix seconds, got " + text);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_isdst = -1;  // the town hall's summer or winter time, as it was that day
    const std::time_t t = std::mktime(&tm);
    if (t == static_cast<std::time_t>(-1)) return fail("start: no such local time " + text);
    return static_cast<std::int64_t>(t);
}

Result<void> post_status(HubClient& hub, const std::string& tracking_code, const std::string& status,
                         const std::string& message) {
    auto body = to_json(StatusUpdate{tracking_code, status, message, 0});
    auto answer = hub.send("POST", paths::kPartnerStatuses, {}, as_bytes(body), "application/json");
    if (!answer) return answer.error();
    if (answer->status != 200) return fail(describe_answer("POST", paths::kPartnerStatuses, *answer));
    return {};
}

}  // namespace guichet::sync::partner
