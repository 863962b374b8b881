// Accepting a démarche from a kiosk (docs/protocol.md §4.1), shared by the
// HTTP upload (PUT /v1/demarches/{uuid}) and the USB navette
// (guichet-hub import-bundle): same checks, same idempotency table, so a
// démarche that arrives both ways is stored once.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/minisign.hpp"
#include "protocol/messages.hpp"
#include "sql/sql.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::sync::hub {

struct SubmissionOutcome {
    enum class Kind {
        stored,     // new: the caller commits
        replay,     // the same key and envelope were seen: ANSWER is the stored answer; the caller
                    // commits too (a 1.1 record may just have taken its signature, §4.4)
        conflict,   // the same key with another envelope (422), or signed by another kiosk (409): nothing stored
        malformed,  // the body fails the checks: nothing stored (400)
        refused,    // unsigned, badly signed, or not the sender's to upload: nothing stored (400/403)
    };
    Kind kind = Kind::malformed;
    int status = 0;      // the HTTP status of the answer
    std::string answer;  // stored/replay: the receipt JSON; otherwise the reason
    std::string error;   // the error kind of the JSON answer ("malformed", "not-author", …)
    std::string author;  // the kiosk named in the signed envelope, once known
};

// How the démarche came (docs/protocol.md §4.4): over HTTP only its author
// may upload it (the request's signer must be the envelope's kiosk); a USB
// bundle made by any enrolled kiosk may carry it (the envelope's signature is
// the author's, the bundle's only the carrier's).
enum class Channel { http, bundle };

// Runs inside the caller's transaction on DB. SENDER is the request's signer
// or the bundle's maker. KEY is the Idempotency-Key, which must equal the
// démarche's UUID (the caller checks it is present). The démarche is stored
// as its author's: statuses go to that kiosk only.
Result<SubmissionOutcome> accept_submission(sql::Database& db, Channel channel, const std::string& sender,
                                            const std::string& key, std::string_view body, std::int64_t now);
// The same for an upload already parsed (an item of a batch, §4.5).
// VERIFIED_WITH: a key the envelope's signature was already found valid with
// (before the caller took the database's lock); the check is skipped only
// when it is the author's enrolled key read now, in the transaction.
Result<SubmissionOutcome> accept_upload(sql::Database& db, Channel channel, const std::string& sender,
                                        const std::string& key, const SubmissionUpload& up, std::int64_t now,
                                        const crypto::Ed25519PublicKey* verified_with = nullptr);
// The enrolled, unrevoked key of kiosk ID, or nullopt.
Result<std::optional<crypto::Ed25519PublicKey>> kiosk_key(sql::Database& db, const std::string& id);

}  // namespace guichet::sync::hub
