// A démarche's envelope signature, protocol 1.2 (docs/protocol.md §4.4): the
// kiosk that sealed a démarche signs its clear metadata and the hashes of its
// sealed parts with its enrolment key (the key of its requests), so the hub
// and the partner know which kiosk it belongs to however it travelled (the
// line, or a USB stick made by any kiosk).
//
// The signed bytes, each line ending with '\n':
//   guichet-envelope-v1
//   <kiosk id>
//   <uuid>
//   <tracking code>
//   <form id>
//   <form version, decimal>
//   <recipient id>
//   <created_at, decimal>
//   <hex BLAKE2b-256 of the sealed payload>
//   <number of attachments, decimal>
//   then per attachment, in order:
//   <index> <size> <sealed_length> <sealed_blake2b> <hex BLAKE2b-256 of sealed_meta>
// No text field may be empty or hold a control character (so no '\n'): the
// layout is unambiguous and every field of the PUT body is covered.
#pragma once

#include "common/result.hpp"
#include "crypto/hash.hpp"
#include "protocol/auth.hpp"
#include "protocol/messages.hpp"

#include <string>
#include <string_view>

namespace guichet::sync {

inline constexpr std::string_view kEnvelopeDomain = "guichet-envelope-v1\n";

// The signed bytes of UP's envelope as authored by KIOSK_ID (UP's own
// kiosk_id and signature are ignored). Fails on a field the layout cannot hold.
Result<std::string> canonical_envelope(const SubmissionUpload& up, std::string_view kiosk_id);

// Sets UP.kiosk_id and UP.envelope_signature: KEY's signature of the canonical
// envelope. Ed25519 is deterministic: the same key signs the same envelope
// with the same bytes.
Result<void> sign_envelope(SubmissionUpload& up, std::string_view kiosk_id, const RequestKey& key);

// Checks UP.envelope_signature over the canonical envelope of UP.kiosk_id
// with that kiosk's public KEY. Fails when unsigned, malformed or not matching.
Result<void> verify_envelope(const SubmissionUpload& up, const crypto::Ed25519PublicKey& key);

// BLAKE2b-256 of the canonical envelope: what the hub's idempotency record
// compares (two bodies carrying the same signed envelope are the same démarche).
Result<crypto::Hash256> envelope_hash(const SubmissionUpload& up);

}  // namespace guichet::sync
