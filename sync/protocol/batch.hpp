// Several sealed démarches in one request (docs/protocol.md §4.5, since 1.7):
// POST /v1/kiosk/demarches:batch. The body is framed, not JSON, so that the
// sealed payloads travel as raw bytes (base64 would cost a third of a slow
// line); each item is the §4.1 body with an empty "sealed_payload", followed
// by the payload's bytes. The answer is JSON: one result per item, in order.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "protocol/messages.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sync {

// The hub's limits, advertised in its ping answer (§6) and enforced on the route.
inline constexpr int kBatchMaxDemarches = 100;
inline constexpr std::uint64_t kBatchMaxBytes = 4 << 20;      // the whole body (413 past it)
inline constexpr std::uint64_t kBatchItemMaxJson = 64 << 10;  // one item's JSON
inline constexpr std::uint64_t kBatchItemMaxPayload = 2 << 20;  // one item's sealed payload
// The body's first bytes: the framing's name and version; with the second,
// the framed items follow as one zstd frame (the items' JSON is repetitive,
// the sealed payloads are not: zstd stores them as they are).
inline constexpr std::string_view kBatchMagic = "GBATCH1\n";
inline constexpr std::string_view kBatchMagicZstd = "GBATCHZ\n";
inline constexpr const char* kBatchContentType = "application/vnd.guichet.batch";

// What a hub takes in one batch (ping answer's "batch").
struct BatchLimits {
    int demarches = 0;
    std::uint64_t bytes = 0;
};

// The bytes UP takes in a batch body before compression (framing included, magic excluded).
std::uint64_t batch_item_size(const SubmissionUpload& up);
// The body of a batch: the magic, then each upload framed, compressed or not.
Bytes encode_submission_batch(const std::vector<const SubmissionUpload*>& uploads, bool compress = true);

// One item as the hub reads it: its uuid when its JSON names one (for the
// answer), and the upload or why it is malformed.
struct BatchItem {
    std::string uuid;
    Result<SubmissionUpload> upload;
};
// Fails when the framing is broken (bad magic, truncated, an item over its
// limits, more than kBatchMaxDemarches items, none; a zstd frame that does not
// say its size, says more than kBatchMaxBytes or does not decode to it, or
// bytes after it): the whole body is refused.
// An item whose JSON does not parse is an item with an error, the others stand.
Result<std::vector<BatchItem>> parse_submission_batch(ByteView body);

// One item's verdict: the status and answer the single route (§4.1) would give.
struct BatchResult {
    std::string uuid;
    int status = 0;
    std::optional<SubmissionReceipt> receipt;  // 200: accepted now or before
    bool replay = false;                       // 200 for a démarche the hub already had
    std::string error;                         // otherwise: the error kind and message
    std::string message;
};
struct BatchAnswer {
    std::vector<BatchResult> results;
};
std::string to_json(const BatchAnswer& m);
Result<BatchAnswer> parse_batch_answer(std::string_view json);

}  // namespace guichet::sync
