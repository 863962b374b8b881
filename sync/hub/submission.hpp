// Accepting a démarche from a kiosk (docs/protocol.md §4.1), shared by the
// HTTP upload (PUT /v1/demarches/{uuid}) and the USB navette
// (guichet-hub import-bundle): same checks, same idempotency table, so a
// démarche that arrives both ways is stored once.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::sync::hub {

struct SubmissionOutcome {
    enum class Kind {
        stored,     // new: the caller commits
        replay,     // the same key and body were seen: ANSWER is the stored answer
        conflict,   // the same key with another body or from another kiosk: nothing stored (422)
        malformed,  // the body fails the checks: nothing stored (400)
    };
    Kind kind = Kind::malformed;
    int status = 0;      // the HTTP status of the answer
    std::string answer;  // stored/replay: the receipt JSON; otherwise the reason
};

// Runs inside the caller's transaction on DB. KEY is the Idempotency-Key,
// which must equal the démarche's UUID (the caller checks it is present).
Result<SubmissionOutcome> accept_submission(store::Database& db, const std::string& kiosk, const std::string& key,
                                            std::string_view body, std::int64_t now);

}  // namespace guichet::sync::hub
