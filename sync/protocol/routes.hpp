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
inline constexpr std::string_view kPartnerDemarches = "/v1/partner/demarches";  // §5, the list
inline constexpr std::string_view kPartnerStatuses = "/v1/partner/statuses";    // §5
inline constexpr std::string_view kPartnerForms = "/v1/partner/forms";          // §5.2 (1.5): the service's forms' layout

// Prefixes of the routes with a parameter (also the hub's body-limit prefixes).
inline constexpr std::string_view kDemarchesPrefix = "/v1/demarches/";  // §4
inline constexpr std::string_view kFeedsPrefix = "/v1/kiosk/feeds/";    // §6.1
inline constexpr std::string_view kRepoPrefix = "/v1/repo/";            // docs/pack-repository.md

// Routes with a parameter, as a client sends them. UUID and KIND are not
// checked here: the caller holds values it checked (or the hub refuses them).
std::string demarche(std::string_view uuid);                    // PUT, GET /v1/demarches/{uuid}
std::string attachment(std::string_view uuid, int index);       // HEAD, PATCH …/attachments/{i}
std::string feed(std::string_view kind);                        // GET /v1/kiosk/feeds/{kind}
std::string repo_file(std::string_view name);                   // GET, HEAD /v1/repo/{name}
std::string partner_demarche(std::string_view uuid);            // GET /v1/partner/demarches/{uuid}
std::string partner_attachment(std::string_view uuid, int index);  // GET …/attachments/{i}
std::string partner_ack(std::string_view uuid);                 // POST …/{uuid}/ack

// Query parameters.
inline constexpr const char* kQuerySince = "since";  // GET kKioskStatuses: the cursor (§6)
inline constexpr const char* kQueryAll = "all";      // GET kPartnerDemarches: "1" lists acknowledged ones too (§5)

}  // namespace paths

// The hub's route patterns (http::Router: ECMAScript, whole path).
namespace patterns {

std::string demarche();            // group 1: uuid
std::string attachment();          // group 1: uuid, group 2: index (0–99)
std::string feed();                // group 1: kind, [a-z]{1,16}
std::string repo_file();           // group 1: name (checked by the route itself)
std::string partner_demarche();    // group 1: uuid
std::string partner_attachment();  // group 1: uuid, group 2: index
std::string partner_ack();         // group 1: uuid

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
