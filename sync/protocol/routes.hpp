// Protocol v1 on the wire besides the bodies: every route path and every
// header name (docs/protocol.md §1–§6). Clients build paths with paths::…,
// the hub registers its routes with patterns::… (regular expressions over the
// whole decoded path, group 1 the UUID or name, group 2 the attachment index),
// so both ends name a route once. The signature headers are in auth.hpp.
// tests/link/wire_literals_test.cpp refuses a "/v1/ or "Upload- literal
// anywhere else in the tree.
#pragma once

#include <string>
#include <string_view>

namespace guichet::sync {

namespace paths {

// Fixed routes.
inline constexpr std::string_view kPing = "/v1/ping";                      // §6, unauthenticated
inline constexpr std::string_view kEnroll = "/v1/enroll";                  // §3, unauthenticated
inline constexpr std::string_view kKioskStatuses = "/v1/kiosk/statuses";   // §6
inline constexpr std::string_view kKioskHeartbeat = "/v1/kiosk/heartbeat"; // §6
inline constexpr std::string_view kKioskDemarchesBatch = "/v1/kiosk/demarches:batch";  // §4.5 (1.7): POST, framed body
inline constexpr std::string_view kPartnerDemarches = "/v1/partner/demarches";  // §5, the list
inline constexpr std::string_view kPartnerStatuses = "/v1/partner/statuses";    // §5
inline constexpr std::string_view kPartnerForms = "/v1/partner/forms";          // §5.2 (1.5): the service's forms' layout
inline constexpr std::string_view kPartnerInvoices = "/v1/partner/invoices";    // §9 (1.8): POST a régie's invoice bundle
inline constexpr std::string_view kPartnerRegister = "/v1/partner/register";    // §5.3 (1.9): the service's sealed register
inline constexpr std::string_view kPartnerVisioBookings = "/v1/partner/visio/bookings";  // §10 (1.10): POST; DELETE …/{slot}; GET (1.11)

// The staff pages' API (docs/staff-pages.md): the browser is the client,
// with a session cookie instead of a signature.
inline constexpr std::string_view kStaffSession = "/v1/staff/session";  // POST sign in, GET who, DELETE sign out
inline constexpr std::string_view kStaffKiosks = "/v1/staff/kiosks";
inline constexpr std::string_view kStaffEnrollTokens = "/v1/staff/enroll-tokens";
inline constexpr std::string_view kStaffPartners = "/v1/staff/partners";
inline constexpr std::string_view kStaffAccounts = "/v1/staff/accounts";
inline constexpr std::string_view kStaffPacks = "/v1/staff/packs";
inline constexpr std::string_view kStaffFeeds = "/v1/staff/feeds";
inline constexpr std::string_view kStaffUsage = "/v1/staff/usage";  // ?month=YYYY-MM&kiosk=ID&format=json|csv|svg

// Prefixes of the routes with a parameter (also the hub's body-limit prefixes).
inline constexpr std::string_view kDemarchesPrefix = "/v1/demarches/";  // §4
inline constexpr std::string_view kFeedsPrefix = "/v1/kiosk/feeds/";    // §6.1
inline constexpr std::string_view kRepoPrefix = "/v1/repo/";            // docs/pack-repository.md
inline constexpr std::string_view kInvoicesPrefix = "/v1/kiosk/invoices/";  // §9 (1.8)
inline constexpr std::string_view kKioskVisioBookings = "/v1/kiosk/visio-bookings";  // §10 (1.11): GET …/{tracking code}
inline constexpr std::string_view kKioskVisioPrefix = "/v1/kiosk/visio/";      // §10 (1.10): {slot}/messages, {slot}/turn
inline constexpr std::string_view kPartnerVisioPrefix = "/v1/partner/visio/";  // §10 (1.10): the same for the service
inline constexpr std::string_view kWebDemarchesPrefix = "/v1/web/demarches/";  // §11 (1.12): the web channel, unsigned

// Routes with a parameter, as a client sends them. UUID and KIND are not
// checked here: the caller holds values it checked (or the hub refuses them).
std::string demarche(std::string_view uuid);                    // PUT, GET /v1/demarches/{uuid}
std::string web_demarche(std::string_view uuid);                // PUT /v1/web/demarches/{uuid} (§11)
std::string attachment(std::string_view uuid, int index);       // HEAD, PATCH …/attachments/{i}
std::string feed(std::string_view kind);                        // GET /v1/kiosk/feeds/{kind}
std::string repo_file(std::string_view name);                   // GET, HEAD /v1/repo/{name}
std::string invoices(std::string_view service);                 // GET /v1/kiosk/invoices/{service}: the bundle
std::string invoices_paid(std::string_view service);            // GET /v1/kiosk/invoices/{service}/paid
std::string partner_demarche(std::string_view uuid);            // GET /v1/partner/demarches/{uuid}
std::string partner_attachment(std::string_view uuid, int index);  // GET …/attachments/{i}
std::string partner_ack(std::string_view uuid);                 // POST …/{uuid}/ack
// POST /v1/staff/kiosks/{id}/{name|revoke}, …/partners/{id}/revoke,
// …/accounts/{name}/{disable|enable|password}.
std::string staff_kiosk(std::string_view id, std::string_view action);
std::string staff_partner(std::string_view id, std::string_view action);
std::string staff_account(std::string_view name, std::string_view action);
std::string staff_feed(std::string_view kind);  // POST /v1/staff/feeds/{kind}: a signed feed file

// Query parameters.
inline constexpr const char* kQuerySince = "since";  // GET kKioskStatuses: the cursor (§6)
inline constexpr const char* kQueryMonth = "month";    // GET kStaffUsage (docs/usage-stats.md)
inline constexpr const char* kQueryKiosk = "kiosk";    // GET kStaffUsage: one kiosk's counters
inline constexpr const char* kQueryFormat = "format";  // GET kStaffUsage: json (default), csv or svg
inline constexpr const char* kQueryAll = "all";      // GET kPartnerDemarches: "1" lists acknowledged ones too (§5)

}  // namespace paths

// The hub's route patterns (http::Router: ECMAScript, whole path).
namespace patterns {

std::string demarche();            // group 1: uuid
std::string web_demarche();        // group 1: uuid (§11)
std::string attachment();          // group 1: uuid, group 2: index (0–99)
std::string feed();                // group 1: kind, [a-z]{1,16}
std::string repo_file();           // group 1: name (checked by the route itself)
std::string invoices();            // group 1: service, [a-z0-9-]{1,64}
std::string invoices_paid();       // group 1: service
std::string partner_demarche();    // group 1: uuid
std::string partner_attachment();  // group 1: uuid, group 2: index
std::string partner_ack();         // group 1: uuid
std::string staff_kiosk_rename();  // group 1: kiosk id
std::string staff_kiosk_revoke();  // group 1: kiosk id
std::string staff_partner_revoke();  // group 1: partner id
std::string staff_account_action();  // group 1: account name, group 2: disable|enable|password
std::string staff_feed();            // group 1: kind, [a-z]{1,16}

}  // namespace patterns

// Resumable attachment uploads (§4.2).
inline constexpr const char* kHeaderUploadOffset = "Upload-Offset";
inline constexpr const char* kHeaderUploadLength = "Upload-Length";
inline constexpr const char* kHeaderUploadChecksum = "Upload-Checksum";
inline constexpr const char* kHeaderUploadComplete = "Upload-Complete";
inline constexpr const char* kChunkContentType = "application/offset+octet-stream";
// "blake2b-256 <hex>": the Upload-Checksum value of a chunk whose hash is HEX.
std::string upload_checksum(std::string_view hex_blake2b_256);
// A replayed submission's answer (§4.1).
inline constexpr const char* kHeaderIdempotentReplay = "Idempotent-Replay";

}  // namespace guichet::sync
