#include "status_bundle.hpp"

#include "crypto/signed_document.hpp"

#include <nlohmann/json.hpp>

namespace guichet::feeds {

using nlohmann::json;

std::string status_bundle_comment(std::string_view kiosk_id, std::uint64_t seq) {
    return "guichet statuses kiosk=" + std::string(kiosk_id) + " seq=" + std::to_string(seq);
}

std::string status_bundle_file_name(std::string_view kiosk_id) { return std::string(kiosk_id) + ".gst"; }

std::string StatusBundle::to_json() const {
    json j;
    j["format"] = kStatusBundleFormat;
    j["kiosk_id"] = kiosk_id;
    j["seq"] = seq;
    j["created"] = created;
    j["expires"] = expires;
    j["statuses"] = json::array();
    for (const auto& s : statuses)
        j["statuses"].push_back(
            {{"tracking_code", s.tracking_code}, {"status", s.status}, {"message", s.message}, {"updated_at", s.updated_at}});
    return j.dump();
}

Result<StatusBundle> StatusBundle::parse(std::string_view text) {
    json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return fail("statuses: not a JSON object");
    auto format = j.find("format");
    if (format == j.end() || !format->is_number_integer() || format->get<std::int64_t>() != kStatusBundleFormat)
        return fail("statuses: unsupported or missing format");
    StatusBundle b;
    auto kiosk = j.find("kiosk_id");
    auto seq = j.find("seq");
    auto created = j.find("created");
    auto expires = j.find("expires");
    auto statuses = j.find("statuses");
    if (kiosk == j.end() || !kiosk->is_string() || seq == j.end() || !seq->is_number_unsigned() ||
        created == j.end() || !created->is_number_integer() || expires == j.end() || !expires->is_number_integer() ||
        statuses == j.end() || !statuses->is_array())
        return fail("statuses: missing or mistyped kiosk_id, seq, created, expires or statuses");
    b.kiosk_id = kiosk->get<std::string>();
    b.seq = seq->get<std::uint64_t>();
    b.created = created->get<std::int64_t>();
    b.expires = expires->get<std::int64_t>();
    if (b.expires <= b.created) return fail("statuses: expiry is not after creation");
    if (statuses->size() > kMaxBundledStatuses) return fail("statuses: more than 50,000 statuses");
    for (const json& sj : *statuses) {
        if (!sj.is_object()) return fail("statuses: a status is not an object");
        auto code = sj.find("tracking_code");
        auto status = sj.find("status");
        auto message = sj.find("message");
        auto updated = sj.find("updated_at");
        if (code == sj.end() || !code->is_string() || status == sj.end() || !status->is_string() ||
            message == sj.end() || !message->is_string() || updated == sj.end() || !updated->is_number_integer())
            return fail("statuses: a status lacks tracking_code, status, message or updated_at");
        b.statuses.push_back({code->get<std::string>(), status->get<std::string>(), message->get<std::string>(),
                              updated->get<std::int64_t>()});
    }
    return b;
}

Result<StatusBundle> verify_status_bundle(std::string_view file, const crypto::KeyRing& keys) {
    if (file.size() > kMaxStatusBundleSize) return fail("statuses: larger than 16 MiB");
    auto doc = crypto::verify_signed_document(file, kStatusBundleUntrustedComment, keys, "statuses", "guichet-hub");
    if (!doc) return doc.error();
    auto bundle = StatusBundle::parse(doc->body);
    if (!bundle) return bundle.error();
    if (doc->signature.trusted_comment != status_bundle_comment(bundle->kiosk_id, bundle->seq))
        return fail("statuses: trusted comment does not match the bundle's kiosk and sequence (not a status signature)");
    return bundle;
}

}  // namespace guichet::feeds
