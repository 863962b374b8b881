// The visio-accueil's signalling rooms (docs/visio.md): in memory, one per
// booked slot while its window is open, two bounded queues (kiosk → agent and
// agent → kiosk) of opaque JSON messages, and long-poll waits that cannot hold
// the hub's worker threads: few waiters hub-wide, one per room side, bounded
// in time. Nothing here touches the database.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::sync::hub {

struct VisioLimits {
    std::size_t max_message_bytes = 8 << 10;  // a message's "data", serialised
    std::size_t max_queue = 32;               // unread messages per direction
    std::size_t max_rooms = 64;               // rooms in memory
    int max_wait_ms = 10000;                  // one long-poll (HubClient cuts a silent answer at 15 s)
    // Long-polls waiting at once, hub-wide: each holds one of the server's
    // worker threads (http::Limits::worker_threads, 8), so at most half.
    std::size_t max_waiters = 4;
};

enum class VisioSide { kiosk, agent };

class VisioRooms {
public:
    explicit VisioRooms(VisioLimits limits = {}) : limits_(limits) {}
    const VisioLimits& limits() const { return limits_; }

    enum class Posted { ok, queue_full, too_many_rooms };
    // Queues MESSAGE_JSON (a whole message object without its "seq", which
    // is prepended) from FROM for the other side of ROOM, which closes at
    // CLOSES_AT; SEQ gets its number (from 1, per direction).
    Posted post(const std::string& room, std::int64_t closes_at, VisioSide from, const std::string& message_json,
                std::int64_t now, std::int64_t& seq);

    struct Polled {
        std::vector<std::string> messages;  // JSON objects, seq ascending
        bool waited = false;                // false: the wait was refused (too many waiters) or not asked
        bool room_refused = false;          // too many rooms in memory
    };
    // Drops the messages for TO up to SINCE (read), then returns the newer
    // ones, waiting up to WAIT_MS (bounded by the limits) when none. A newer
    // poll of the same room side ends an older one's wait (it answers empty).
    Polled poll(const std::string& room, std::int64_t closes_at, VisioSide to, std::int64_t since, int wait_ms,
                std::int64_t now);

    // Forgets the rooms closed by NOW (called by post and poll).
    void expire(std::int64_t now);
    // Wakes every waiter and refuses waits from now on (the hub stops).
    void stop();

    // For tests and /metrics.
    std::size_t room_count() const;
    std::size_t waiter_count() const;

private:
    struct Queue {
        std::int64_t next_seq = 1;
        std::map<std::int64_t, std::string> messages;
        std::uint64_t generation = 0;  // bumped by each poll: ends the previous one's wait
    };
    struct Room {
        std::int64_t closes_at = 0;
        Queue to_kiosk, to_agent;
    };
    Room* find_or_create(const std::string& room, std::int64_t closes_at);
    void expire_locked(std::int64_t now);

    VisioLimits limits_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, Room> rooms_;
    std::size_t waiters_ = 0;
    bool stopped_ = false;
};

}  // namespace guichet::sync::hub
