// Protocol v1 message bodies (JSON) and the status vocabulary (docs/protocol.md §3–§6).
// Parsing never throws: a malformed message is an Error naming the field.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sync {

// Statuses a partner may post, in the order a démarche usually goes through.
inline constexpr std::string_view kStatuses[] = {"recu",           "en_cours", "a_completer",
                                                 "pret_a_retirer", "termine",  "refuse"};
bool is_status(std::string_view s);
// « Reçu », « En cours »… as the kiosk shows them.
std::string_view status_label_fr(std::string_view status);

struct EnrollRequest {
    std::string token;
    std::string public_key;  // base64 of the kiosk's Ed25519 public key
    std::string name;        // free text for staff, e.g. "Mairie d'Anor, hall"
};
struct EnrollResponse {
    std::string kiosk_id;  // the client id the kiosk signs with from now on
};

struct AttachmentManifest {
    int index = 0;
    std::uint64_t size = 0;  // plaintext size
    Bytes sealed_meta;       // sealed {"name","mime"}
    std::uint64_t sealed_length = 0;
    std::string sealed_blake2b;  // hex BLAKE2b-256 of the whole sealed data
};

// PUT /v1/demarches/{uuid}: the démarche's clear metadata, its sealed payload
// and the manifest of its attachments (uploaded separately, resumably).
struct SubmissionUpload {
    std::string uuid;
    std::string tracking_code;
    std::string form_id;
    std::int64_t form_version = 0;
    std::string recipient_id;
    std::int64_t created_at = 0;
    Bytes sealed_payload;
    std::vector<AttachmentManifest> attachments;
    // Since protocol 1.2 (protocol/envelope.hpp): the kiosk that sealed the
    // démarche and its Ed25519 signature of the envelope. Both absent (empty)
    // in a 1.1 body, which then serialises exactly as 1.1 did.
    std::string kiosk_id;
    Bytes envelope_signature;
};

struct SubmissionReceipt {
    std::string uuid;
    std::string receipt;  // the hub's reference, kept by the kiosk (hub_receipt)
    std::int64_t received_at = 0;
};

struct StatusUpdate {
    std::string tracking_code;
    std::string status;   // one of kStatuses
    std::string message;  // optional text for the resident
    std::int64_t updated_at = 0;
};

struct StatusFeed {
    std::int64_t cursor = 0;  // pass back as ?since= next time
    std::vector<StatusUpdate> statuses;
};

// How the agent installed a pack version (since protocol 1.3): from the
// repository, as a delta over the version it had or as the whole pack.
struct PackInstall {
    std::string via;          // "delta" or "whole"
    std::uint64_t from = 0;   // the version the delta applied to; 0 for a whole pack
    std::uint64_t bytes = 0;  // size of the file it downloaded: the delta or the whole pack
    std::int64_t at = 0;      // when it was installed (Unix time)
};
inline constexpr std::string_view kInstallDelta = "delta";
inline constexpr std::string_view kInstallWhole = "whole";

struct PackVersion {
    std::string id;
    std::uint64_t version = 0;
    // Optional field "install" (1.3): absent when unknown — a pack copied by
    // hand, installed before 1.3, or sent by an older agent.
    std::optional<PackInstall> install;
};

// A pack update that failed (listed file missing, damaged or refused) and
// waits for its backoff (docs/pack-repository.md §4).
struct PackProblem {
    std::string id;
    std::uint64_t version = 0;  // the listed version that failed
    std::uint32_t failures = 0;
    std::int64_t retry_at = 0;
    std::string error;
};

// Since protocol 1.6: a day of a kiosk's anonymous usage counters
// (docs/usage-stats.md), its whole totals: the hub replaces the day it had.
struct UsageCount {
    std::string counter;  // usage::name(Counter); one the hub does not know is dropped
    std::string item;     // a pack id or ""
    int index = 0;
    std::int64_t value = 0;
};
struct UsageDay {
    std::string day;  // YYYY-MM-DD
    std::vector<UsageCount> counts;
};

// The kiosk's printer as the kiosk last saw it (since 1.6; docs/print.md).
struct PrinterStatus {
    std::string state;    // "ok", "no-paper", "offline", "stopped", "missing", "unreachable", "paper-jam", "refused"
    std::string message;  // French, for staff: « plus de papier »…
    std::string detail;   // CUPS's own words, may be empty
    std::int64_t at = 0;  // when the kiosk saw it (Unix seconds)
};

struct Heartbeat {
    int queued = 0, sending = 0, delivered = 0, purged = 0;
    std::optional<std::int64_t> oldest_queued;
    std::optional<std::int64_t> last_sync;
    std::vector<PackVersion> packs;
    std::vector<PackProblem> pack_problems;  // optional field "pack_problems" (absent: none)
    // Optional field "usage" (1.6, absent: none). Parsing drops a day that is
    // not YYYY-MM-DD and a count whose counter or item is not valid.
    std::vector<UsageDay> usage;
    std::optional<PrinterStatus> printer;    // optional field "printer" (absent: no printer configured)
    std::uint64_t free_disk_bytes = 0;
    std::string software_version;
    std::int64_t sent_at = 0;
};

// GET /v1/partner/demarches (one entry) and GET /v1/partner/demarches/{uuid}.
struct PartnerDemarche {
    std::string uuid;
    std::string tracking_code;
    std::string form_id;
    std::int64_t form_version = 0;
    std::int64_t created_at = 0;
    std::int64_t received_at = 0;
    bool acknowledged = false;
    Bytes sealed_payload;  // only in the single-démarche answer
    std::vector<AttachmentManifest> attachments;
    // Since protocol 1.2: what the partner needs to check the envelope
    // signature (protocol/envelope.hpp) itself. Empty for a démarche the hub
    // stored before 1.2, unsigned.
    std::string recipient_id;
    std::string kiosk_id;            // the author: the kiosk that sealed it
    Bytes envelope_signature;        // its signature of the envelope
    std::string kiosk_public_key;    // base64: the author's key as the hub has it enrolled
    // Since protocol 1.4: the last status the service posted for it (kStatuses),
    // empty when none yet; in the single-démarche answer, every status posted,
    // oldest first (tracking_code left empty).
    std::string status;
    std::vector<StatusUpdate> history;
};

// Since protocol 1.4 (§5.1): one page of the inbox, for a GET
// /v1/partner/demarches with a `page` parameter (protocol/partner_inbox.hpp).
struct InboxPage {
    std::vector<PartnerDemarche> demarches;  // without sealed payloads
    std::int64_t total = 0;                  // démarches matching the filters
    std::int64_t page = 1;
    int per_page = 25;
    std::int64_t count_new = 0;           // of the service, whatever the filters: not acknowledged
    std::int64_t count_acknowledged = 0;  // and acknowledged
    std::vector<std::string> forms;       // the form ids of the service's démarches, sorted
};

// The envelope of a démarche as a partner received it (for verify_envelope);
// the payload must be there (the single-démarche answer).
SubmissionUpload envelope_of(const PartnerDemarche& d);

std::string to_json(const EnrollRequest& m);
std::string to_json(const EnrollResponse& m);
std::string to_json(const SubmissionUpload& m);
std::string to_json(const SubmissionReceipt& m);
std::string to_json(const StatusUpdate& m);
std::string to_json(const StatusFeed& m);
std::string to_json(const Heartbeat& m);
std::string to_json(const PartnerDemarche& m);
std::string to_json(const std::vector<PartnerDemarche>& list);
std::string to_json(const InboxPage& m);

Result<EnrollRequest> parse_enroll_request(std::string_view json);
Result<EnrollResponse> parse_enroll_response(std::string_view json);
Result<SubmissionUpload> parse_submission_upload(std::string_view json);
Result<SubmissionReceipt> parse_submission_receipt(std::string_view json);
Result<StatusUpdate> parse_status_update(std::string_view json);
Result<StatusFeed> parse_status_feed(std::string_view json);
Result<Heartbeat> parse_heartbeat(std::string_view json);
Result<PartnerDemarche> parse_partner_demarche(std::string_view json);
Result<std::vector<PartnerDemarche>> parse_partner_list(std::string_view json);
Result<InboxPage> parse_inbox_page(std::string_view json);

// Checks shared by both ends.
bool is_uuid(std::string_view s);           // lower-case 8-4-4-4-12 hex
bool is_tracking_code(std::string_view s);  // PPP-XXXX-XC shape (the check symbol is the store's business)

}  // namespace guichet::sync
