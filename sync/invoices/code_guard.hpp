// The kiosk's guard against guessing invoice codes (docs/invoices.md §5):
// the first 19 wrong tries are free (typing mistakes); from the 20th, each
// further try waits 30 s × 2^(failures − 20), at most one hour. The count is
// kept in a file written atomically before the answer is shown, so turning
// the kiosk off and on again does not reset it; a right code resets it.
// One guard for the whole kiosk: a guesser tries many family numbers.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <filesystem>

namespace guichet::invoices {

inline constexpr int kFreeTries = 19;
inline constexpr std::int64_t kFirstDelaySeconds = 30;
inline constexpr std::int64_t kMaxDelaySeconds = 3600;

class CodeGuard {
public:
    // A missing file: no failure yet. An unreadable or corrupt one counts as
    // 20 failures (the kiosk errs on the slow side, never on the open one).
    static CodeGuard load(const std::filesystem::path& path);

    int failures() const { return failures_; }
    // Seconds before the next try is allowed (0: now).
    std::int64_t wait_seconds(std::int64_t now) const;
    Result<void> record_failure(std::int64_t now);
    Result<void> record_success();

private:
    Result<void> save() const;
    std::filesystem::path path_;
    int failures_ = 0;
    std::int64_t last_failure_ = 0;
};

// The delay owed after FAILURES wrong tries.
std::int64_t delay_after(int failures);

}  // namespace guichet::invoices
