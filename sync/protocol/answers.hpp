// Protocol v1's small answer bodies (docs/protocol.md §1, §4.3, §5, §6): the
// error body every non-2xx answer carries, the probe's answer, the seq of a
// posted status and the state of an uploaded démarche. Same rule as
// messages.hpp: parsing never throws; a malformed body is an Error naming the
// field.
#pragma once

#include "common/result.hpp"
#include "protocol/batch.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sync {

// Every non-2xx answer: {"error": KIND, "message": English text} (§1).
struct ErrorBody {
    std::string error;    // the kind: "not-found", "bad-token", …
    std::string message;  // for people; invalid UTF-8 is replaced, never refused
};

// GET /v1/ping → {"protocol": 1} (§6); since 1.7 with "batch": {"demarches",
// "bytes"}, the limits of POST /v1/kiosk/demarches:batch (§4.5). Absent: an
// older hub, which takes démarches one by one.
struct PingAnswer {
    int protocol = 0;
    std::optional<BatchLimits> batch;
};

// POST /v1/partner/statuses → {"seq": n} (§5): the status's place in the kiosk feed.
struct StatusPosted {
    std::int64_t seq = 0;
};

// GET /v1/demarches/{uuid} (§4.3): what the hub holds of a démarche its kiosk uploaded.
struct AttachmentProgress {
    int index = 0;
    std::uint64_t offset = 0;  // bytes the hub holds
    std::uint64_t length = 0;  // the manifest's sealed_length
};
struct DemarcheState {
    std::string uuid;
    std::string receipt;
    bool complete = false;
    std::vector<AttachmentProgress> attachments;  // by index
};

// POST /v1/kiosk/heartbeat carrying "usage" (1.6) → 200 {"usage_days": [...]}:
// the days the hub stored (a heartbeat without usage is answered 204).
struct HeartbeatAnswer {
    std::vector<std::string> usage_days;
};

std::string to_json(const ErrorBody& m);
std::string to_json(const HeartbeatAnswer& m);
std::string to_json(const PingAnswer& m);
std::string to_json(const StatusPosted& m);
std::string to_json(const DemarcheState& m);

Result<ErrorBody> parse_error_body(std::string_view json);
Result<PingAnswer> parse_ping_answer(std::string_view json);
Result<StatusPosted> parse_status_posted(std::string_view json);
Result<DemarcheState> parse_demarche_state(std::string_view json);
Result<HeartbeatAnswer> parse_heartbeat_answer(std::string_view json);

}  // namespace guichet::sync
