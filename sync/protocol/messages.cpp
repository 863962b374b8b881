#include "protocol/messages.hpp"
#include "usage/usage.hpp"

#include "crypto/base64.hpp"
#include "protocol/json_body.hpp"

#include <algorithm>

namespace guichet::sync {

using nlohmann::json;
using detail::parse_with;

namespace {

// Field readers: throw json::exception on a missing or mistyped field, which
// the parse_* functions turn into an Error naming the field.
std::string b64(ByteView b) {
    return crypto::base64_encode(b);
}
Bytes unb64(const json& j, const char* field) {
    auto s = j.at(field).get<std::string>();
    auto raw = crypto::base64_decode(s);
    if (!raw) throw std::invalid_argument(std::string("field ") + field + " is not base64");
    return *raw;
}

json attachment_json(const AttachmentManifest& a) {
    return {{"index", a.index},
            {"size", a.size},
            {"sealed_meta", b64(a.sealed_meta)},
            {"sealed_length", a.sealed_length},
            {"sealed_blake2b", a.sealed_blake2b}};
}

AttachmentManifest attachment_from(const json& j) {
    AttachmentManifest a;
    a.index = j.at("index").get<int>();
    a.size = j.at("size").get<std::uint64_t>();
    a.sealed_meta = unb64(j, "sealed_meta");
    a.sealed_length = j.at("sealed_length").get<std::uint64_t>();
    a.sealed_blake2b = j.at("sealed_blake2b").get<std::string>();
    return a;
}

json status_json(const StatusUpdate& s) {
    return {
        {"tracking_code", s.tracking_code}, {"status", s.status}, {"message", s.message}, {"updated_at", s.updated_at}};
}

StatusUpdate status_from(const json& j) {
    StatusUpdate s;
    s.tracking_code = j.at("tracking_code").get<std::string>();
    s.status = j.at("status").get<std::string>();
    s.message = j.value("message", std::string());
    s.updated_at = j.value("updated_at", std::int64_t{0});
    return s;
}

json partner_json(const PartnerDemarche& d, bool with_payload) {
    json j = {{"uuid", d.uuid},
              {"tracking_code", d.tracking_code},
              {"form_id", d.form_id},
              {"form_version", d.form_version},
              {"created_at", d.created_at},
              {"received_at", d.received_at},
              {"acknowledged", d.acknowledged}};
    json atts = json::array();
    for (const auto& a : d.attachments) atts.push_back(attachment_json(a));
    j["attachments"] = atts;
    if (with_payload) j["sealed_payload"] = b64(d.sealed_payload);
    if (!d.recipient_id.empty()) j["recipient_id"] = d.recipient_id;
    if (!d.envelope_signature.empty()) {
        j["kiosk_id"] = d.kiosk_id;
        j["envelope_signature"] = b64(d.envelope_signature);
        j["kiosk_public_key"] = d.kiosk_public_key;
    }
    if (!d.status.empty()) j["status"] = d.status;
    if (with_payload) {
        json history = json::array();
        for (const auto& h : d.history)
            history.push_back({{"status", h.status}, {"message", h.message}, {"updated_at", h.updated_at}});
        j["statuses"] = history;
    }
    return j;
}

PartnerDemarche partner_from(const json& j) {
    PartnerDemarche d;
    d.uuid = j.at("uuid").get<std::string>();
    d.tracking_code = j.at("tracking_code").get<std::string>();
    d.form_id = j.at("form_id").get<std::string>();
    d.form_version = j.at("form_version").get<std::int64_t>();
    d.created_at = j.at("created_at").get<std::int64_t>();
    d.received_at = j.at("received_at").get<std::int64_t>();
    d.acknowledged = j.at("acknowledged").get<bool>();
    for (const auto& a : j.at("attachments")) d.attachments.push_back(attachment_from(a));
    if (j.contains("sealed_payload")) d.sealed_payload = unb64(j, "sealed_payload");
    d.recipient_id = j.value("recipient_id", std::string());
    if (j.contains("envelope_signature")) {
        d.kiosk_id = j.at("kiosk_id").get<std::string>();
        d.envelope_signature = unb64(j, "envelope_signature");
        d.kiosk_public_key = j.at("kiosk_public_key").get<std::string>();
    }
    d.status = j.value("status", std::string());
    if (auto it = j.find("statuses"); it != j.end() && it->is_array())
        for (const auto& h : *it)
            d.history.push_back({d.tracking_code, h.at("status").get<std::string>(), h.at("message").get<std::string>(),
                                 h.at("updated_at").get<std::int64_t>()});
    return d;
}

// A pack of the heartbeat. Its "install" (1.3) names a way a later agent may
// add: one this hub does not know is left out, not refused.
PackVersion pack_version_from(const json& p) {
    PackVersion v;
    v.id = p.at("id").get<std::string>();
    v.version = p.at("version").get<std::uint64_t>();
    if (auto it = p.find("install"); it != p.end()) {
        const std::string at = "packs[" + v.id + "].install.";
        if (!it->is_object()) throw std::invalid_argument("field " + at.substr(0, at.size() - 1) + " is not an object");
        PackInstall i;
        i.via = detail::field<std::string>(*it, "via", at);
        i.from = it->contains("from") ? detail::field<std::uint64_t>(*it, "from", at) : 0;
        i.bytes = detail::field<std::uint64_t>(*it, "bytes", at);
        i.at = it->contains("at") ? detail::field<std::int64_t>(*it, "at", at) : 0;
        if (i.via == kInstallDelta || i.via == kInstallWhole) v.install = std::move(i);
    }
    return v;
}

// The heartbeat's "usage" (1.6): wrong types are malformed; a day or a count
// that is not valid (a later counter, an item that is not an id) is dropped.
std::vector<UsageDay> usage_from(const json& u) {
    if (!u.is_array()) throw std::invalid_argument("field usage is not an array");
    std::vector<UsageDay> out;
    for (const auto& d : u) {
        if (!d.is_object()) throw std::invalid_argument("field usage holds something else than objects");
        UsageDay day;
        day.day = detail::field<std::string>(d, "day", "usage[].");
        const auto& counts = d.at("counts");
        if (!counts.is_array()) throw std::invalid_argument("field usage[].counts is not an array");
        for (const auto& c : counts) {
            if (!c.is_array() || c.size() != 4 || !c[0].is_string() || !c[1].is_string() ||
                !c[2].is_number_integer() || !c[3].is_number_integer())
                throw std::invalid_argument("field usage[].counts holds something else than [counter, item, index, value]");
            UsageCount n{c[0].get<std::string>(), c[1].get<std::string>(), 0, c[3].get<std::int64_t>()};
            const auto index = c[2].get<std::int64_t>();
            if (!usage::parse_counter(n.counter) || !usage::valid_item(n.item) || index < 0 ||
                index > usage::kMaxIndex || n.value < 0 || n.value > usage::kMaxValue)
                continue;
            n.index = static_cast<int>(index);
            day.counts.push_back(std::move(n));
        }
        if (usage::valid_day(day.day)) out.push_back(std::move(day));
    }
    return out;
}

}  // namespace

bool is_status(std::string_view s) {
    return std::find(std::begin(kStatuses), std::end(kStatuses), s) != std::end(kStatuses);
}

std::string_view status_label_fr(std::string_view s) {
    if (s == "recu") return "Reçu";
    if (s == "en_cours") return "En cours";
    if (s == "a_completer") return "À compléter";
    if (s == "pret_a_retirer") return "Prêt à retirer";
    if (s == "termine") return "Terminé";
    if (s == "refuse") return "Refusé";
    return s;
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

bool is_tracking_code(std::string_view s) {
    if (s.size() != 11 || s[3] != '-' || s[8] != '-') return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (i != 3 && i != 8 && !((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) return false;
    return true;
}

std::string to_json(const EnrollRequest& m) {
    return json{{"token", m.token}, {"public_key", m.public_key}, {"name", m.name}}.dump();
}
std::string to_json(const EnrollResponse& m) {
    return json{{"kiosk_id", m.kiosk_id}}.dump();
}

std::string to_json(const SubmissionUpload& m) {
    json atts = json::array();
    for (const auto& a : m.attachments) atts.push_back(attachment_json(a));
    json j{{"uuid", m.uuid},
           {"tracking_code", m.tracking_code},
           {"form_id", m.form_id},
           {"form_version", m.form_version},
           {"recipient_id", m.recipient_id},
           {"created_at", m.created_at},
           {"sealed_payload", b64(m.sealed_payload)},
           {"attachments", atts}};
    // Only when signed: an unsigned upload is byte for byte a 1.1 body (the hub
    // matches a signed retry against a 1.1 body it stored, §4.4).
    if (!m.envelope_signature.empty()) {
        j["kiosk_id"] = m.kiosk_id;
        j["envelope_signature"] = b64(m.envelope_signature);
    }
    return j.dump();
}

SubmissionUpload envelope_of(const PartnerDemarche& d) {
    SubmissionUpload up;
    up.uuid = d.uuid;
    up.tracking_code = d.tracking_code;
    up.form_id = d.form_id;
    up.form_version = d.form_version;
    up.recipient_id = d.recipient_id;
    up.created_at = d.created_at;
    up.sealed_payload = d.sealed_payload;
    up.attachments = d.attachments;
    up.kiosk_id = d.kiosk_id;
    up.envelope_signature = d.envelope_signature;
    return up;
}

std::string to_json(const SubmissionReceipt& m) {
    return json{{"uuid", m.uuid}, {"receipt", m.receipt}, {"received_at", m.received_at}}.dump();
}
std::string to_json(const StatusUpdate& m) {
    return status_json(m).dump();
}
std::string to_json(const StatusFeed& m) {
    json list = json::array();
    for (const auto& s : m.statuses) list.push_back(status_json(s));
    return json{{"cursor", m.cursor}, {"statuses", list}}.dump();
}

std::string to_json(const Heartbeat& m) {
    json packs = json::array();
    for (const auto& p : m.packs) {
        json pj = {{"id", p.id}, {"version", p.version}};
        if (p.install)
            pj["install"] = {
                {"via", p.install->via}, {"from", p.install->from}, {"bytes", p.install->bytes}, {"at", p.install->at}};
        packs.push_back(std::move(pj));
    }
    json j = {
        {"queue", {{"queued", m.queued}, {"sending", m.sending}, {"delivered", m.delivered}, {"purged", m.purged}}},
        {"packs", packs},
        {"free_disk_bytes", m.free_disk_bytes},
        {"software_version", m.software_version},
        {"sent_at", m.sent_at}};
    j["oldest_queued"] = m.oldest_queued ? json(*m.oldest_queued) : json(nullptr);
    j["last_sync"] = m.last_sync ? json(*m.last_sync) : json(nullptr);
    if (!m.usage.empty()) {
        json days = json::array();
        for (const auto& d : m.usage) {
            json counts = json::array();
            for (const auto& c : d.counts) counts.push_back(json::array({c.counter, c.item, c.index, c.value}));
            days.push_back({{"day", d.day}, {"counts", std::move(counts)}});
        }
        j["usage"] = std::move(days);
    }
    if (!m.pack_problems.empty()) {
        json problems = json::array();
        for (const auto& p : m.pack_problems)
            problems.push_back({{"id", p.id},
                                {"version", p.version},
                                {"failures", p.failures},
                                {"retry_at", p.retry_at},
                                {"error", p.error}});
        j["pack_problems"] = std::move(problems);
    }
    if (m.printer)
        j["printer"] = {{"state", m.printer->state}, {"message", m.printer->message}, {"detail", m.printer->detail},
                        {"at", m.printer->at}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string to_json(const PartnerDemarche& m) {
    return partner_json(m, true).dump();
}
std::string to_json(const std::vector<PartnerDemarche>& list) {
    json arr = json::array();
    for (const auto& d : list) arr.push_back(partner_json(d, false));
    return json{{"demarches", arr}}.dump();
}
std::string to_json(const InboxPage& m) {
    json arr = json::array();
    for (const auto& d : m.demarches) arr.push_back(partner_json(d, false));
    return json{{"demarches", arr},
                {"total", m.total},
                {"page", m.page},
                {"per_page", m.per_page},
                {"counts", {{"new", m.count_new}, {"acknowledged", m.count_acknowledged}}},
                {"forms", m.forms}}
        .dump();
}

Result<EnrollRequest> parse_enroll_request(std::string_view text) {
    return parse_with<EnrollRequest>(text, "enrolment request", [](const json& j) {
        return EnrollRequest{j.at("token").get<std::string>(), j.at("public_key").get<std::string>(),
                             j.value("name", std::string())};
    });
}
Result<EnrollResponse> parse_enroll_response(std::string_view text) {
    return parse_with<EnrollResponse>(
        text, "enrolment response", [](const json& j) { return EnrollResponse{j.at("kiosk_id").get<std::string>()}; });
}

Result<SubmissionUpload> parse_submission_upload(std::string_view text) {
    return parse_with<SubmissionUpload>(text, "submission", [](const json& j) {
        SubmissionUpload m;
        m.uuid = j.at("uuid").get<std::string>();
        m.tracking_code = j.at("tracking_code").get<std::string>();
        m.form_id = j.at("form_id").get<std::string>();
        m.form_version = j.at("form_version").get<std::int64_t>();
        m.recipient_id = j.at("recipient_id").get<std::string>();
        m.created_at = j.at("created_at").get<std::int64_t>();
        m.sealed_payload = unb64(j, "sealed_payload");
        for (const auto& a : j.at("attachments")) m.attachments.push_back(attachment_from(a));
        if (j.contains("envelope_signature")) {
            m.kiosk_id = j.at("kiosk_id").get<std::string>();
            m.envelope_signature = unb64(j, "envelope_signature");
            if (m.kiosk_id.empty() || m.envelope_signature.empty())
                throw std::invalid_argument("kiosk_id and envelope_signature must not be empty");
        }
        return m;
    });
}

Result<SubmissionReceipt> parse_submission_receipt(std::string_view text) {
    return parse_with<SubmissionReceipt>(text, "submission receipt", [](const json& j) {
        return SubmissionReceipt{j.at("uuid").get<std::string>(), j.at("receipt").get<std::string>(),
                                 j.at("received_at").get<std::int64_t>()};
    });
}

Result<StatusUpdate> parse_status_update(std::string_view text) {
    return parse_with<StatusUpdate>(text, "status update", [](const json& j) { return status_from(j); });
}

Result<StatusFeed> parse_status_feed(std::string_view text) {
    return parse_with<StatusFeed>(text, "status feed", [](const json& j) {
        StatusFeed f;
        f.cursor = j.at("cursor").get<std::int64_t>();
        for (const auto& s : j.at("statuses")) f.statuses.push_back(status_from(s));
        return f;
    });
}

Result<Heartbeat> parse_heartbeat(std::string_view text) {
    return parse_with<Heartbeat>(text, "heartbeat", [](const json& j) {
        Heartbeat h;
        const auto& q = j.at("queue");
        h.queued = q.value("queued", 0);
        h.sending = q.value("sending", 0);
        h.delivered = q.value("delivered", 0);
        h.purged = q.value("purged", 0);
        if (j.contains("oldest_queued") && !j["oldest_queued"].is_null())
            h.oldest_queued = j["oldest_queued"].get<std::int64_t>();
        if (j.contains("last_sync") && !j["last_sync"].is_null()) h.last_sync = j["last_sync"].get<std::int64_t>();
        for (const auto& p : j.value("packs", json::array())) h.packs.push_back(pack_version_from(p));
        for (const auto& p : j.value("pack_problems", json::array()))
            h.pack_problems.push_back({p.at("id").get<std::string>(), p.at("version").get<std::uint64_t>(),
                                       p.value("failures", std::uint32_t{0}), p.value("retry_at", std::int64_t{0}),
                                       p.value("error", std::string())});
        if (auto it = j.find("usage"); it != j.end()) h.usage = usage_from(*it);
        if (j.contains("printer") && j["printer"].is_object()) {
            const json& p = j["printer"];
            h.printer = PrinterStatus{p.value("state", std::string()), p.value("message", std::string()),
                                      p.value("detail", std::string()), p.value("at", std::int64_t{0})};
        }
        h.free_disk_bytes = j.value("free_disk_bytes", std::uint64_t{0});
        h.software_version = j.value("software_version", std::string());
        h.sent_at = j.value("sent_at", std::int64_t{0});
        return h;
    });
}

Result<PartnerDemarche> parse_partner_demarche(std::string_view text) {
    return parse_with<PartnerDemarche>(text, "démarche", [](const json& j) { return partner_from(j); });
}

Result<InboxPage> parse_inbox_page(std::string_view text) {
    return parse_with<InboxPage>(text, "inbox page", [](const json& j) {
        InboxPage p;
        for (const auto& d : detail::object_array(j, "demarches")) p.demarches.push_back(partner_from(d));
        p.total = detail::field<std::int64_t>(j, "total");
        p.page = detail::field<std::int64_t>(j, "page");
        p.per_page = detail::field<int>(j, "per_page");
        const auto counts = detail::field<json>(j, "counts");
        p.count_new = detail::field<std::int64_t>(counts, "new", "counts.");
        p.count_acknowledged = detail::field<std::int64_t>(counts, "acknowledged", "counts.");
        p.forms = detail::field<std::vector<std::string>>(j, "forms");
        return p;
    });
}

Result<std::vector<PartnerDemarche>> parse_partner_list(std::string_view text) {
    return parse_with<std::vector<PartnerDemarche>>(text, "démarche list", [](const json& j) {
        std::vector<PartnerDemarche> out;
        for (const auto& d : j.at("demarches")) out.push_back(partner_from(d));
        return out;
    });
}

}  // namespace guichet::sync
