// What the status bar and staff mode say about synchronisation, from the
// store's last successful sync (written by the sync agent, issue #5). Pure
// functions of their inputs; unit-tested.
#pragma once

#include "content/ui_strings.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace guichet::ui {

enum class Connection { Unknown, Online, Offline };

// Online when the last successful sync is at most WINDOW seconds old (the
// agent syncs every few minutes when the network is up); Unknown before the
// store was read.
Connection connection_from(bool store_read, std::optional<std::int64_t> last_sync, std::int64_t now,
                           std::int64_t window = 15 * 60);

// Seconds from NOW until the connection state changes by itself (online
// turning offline as the last sync ages); negative when it cannot.
std::int64_t connection_changes_in(std::optional<std::int64_t> last_sync, std::int64_t now,
                                   std::int64_t window = 15 * 60);

// "28 novembre 2026 à 21 h 35" in local time; "aujourd’hui à 21 h 35" when
// the day is NOW's.
std::string french_datetime(std::int64_t unix_seconds, std::int64_t now);

using content::Strings;

// The status bar's text: « En ligne » / « Hors ligne », the last sync, the pack;
// the wording from STRINGS (the pack's; null: the compiled fallback).
std::string status_bar_text(Connection c, std::optional<std::int64_t> last_sync, std::int64_t now,
                            const std::string& pack, const Strings* strings = nullptr);

}  // namespace guichet::ui
