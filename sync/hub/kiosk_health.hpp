// What the hub knows of each kiosk's health: its record and its last
// heartbeat (docs/protocol.md §6), and the problems staff must see
// (docs/staff-pages.md §4). Counts and versions only, never anything
// about a resident.
#pragma once

#include "common/result.hpp"
#include "protocol/messages.hpp"
#include "sql/sql.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::sync::hub {

struct KioskHealth {
    std::string id, name;
    bool revoked = false;
    std::int64_t enrolled_at = 0;
    std::optional<std::int64_t> beat_at;
    std::optional<Heartbeat> beat;
};

// Every kiosk, by id.
// Whether ID is the web channel's (docs/protocol.md §11: "web-" then 1–40 of
// [a-z0-9-]): an enrolled "kiosk" that is the commune's website, no machine,
// so it never beats nor raises a kiosk's problems. Kiosk ids are "k-…".
bool is_web_channel_id(std::string_view id);

Result<std::vector<KioskHealth>> kiosk_health(sql::Database& db);

struct KioskProblem {
    std::string code;  // no-heartbeat, old-queue, disk-low, pack-outdated, pack-failing
    std::string text;  // French, for staff
};

inline constexpr std::int64_t kSilentKioskSeconds = 3600;
inline constexpr std::int64_t kOldQueueSeconds = 86400;
inline constexpr std::uint64_t kLowDiskBytes = 1ull << 30;

// What is wrong with K at NOW, given the pack versions the repository
// publishes (id → version). A revoked kiosk has no problems: it is gone.
std::vector<KioskProblem> kiosk_problems(const KioskHealth& k, std::int64_t now,
                                         const std::map<std::string, std::uint64_t>& published);

// "3 min", "2 h", "4 jours": an age for staff.
std::string age_fr(std::int64_t seconds);

}  // namespace guichet::sync::hub
