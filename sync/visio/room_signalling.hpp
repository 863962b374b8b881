// A client of a visio-accueil room (docs/visio.md §3, protocol §10): posts
// this side's offer, answer and candidates in order, and long-polls the other
// side's, each on its own thread with its own HubClient. Stopping (or
// destroying) aborts a transfer in progress at once (StopToken). The kiosk
// signs as itself, a test's agent as its service.
#pragma once

#include "common/result.hpp"
#include "transport/hub_client.hpp"
#include "transport/stop_token.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace guichet::sync::visio {

// The room of SLOT as its kiosk or its service reaches it (paths::kKioskVisioPrefix, kPartnerVisioPrefix).
std::string kiosk_room(const std::string& slot);
std::string partner_room(const std::string& slot);

struct RoomMessage {
    std::int64_t seq = 0;
    std::string type;       // offer, answer, candidate, bye
    std::string data_json;  // the sender's object, as the hub re-serialised it
};

struct TurnAccess {
    std::vector<std::string> urls;  // "turn:HOST:PORT?transport=udp", …
    std::string username, credential;
    std::int64_t expires_at = 0;
};

// The kiosk's booking for a tracking code (GET /v1/kiosk/visio-bookings/CODE,
// protocol 1.11): found == false when the hub has none for this kiosk (not
// announced by the service, or another kiosk's). Times are the hub's.
struct KioskBooking {
    bool found = false;
    std::string room;  // the slot id, for kiosk_room()
    std::int64_t start = 0, opens_at = 0, closes_at = 0, hub_now = 0;
};
// An Error when the line or the hub fails (not for "none").
Result<KioskBooking> fetch_booking(HubClient& client, const std::string& tracking_code);

// GET ROOM/turn. An error names the hub's refusal (no-room, room-not-open, no-turn…).
Result<TurnAccess> fetch_turn(HubClient& client, const std::string& room);

class RoomSignalling {
public:
    // ON_MESSAGE runs on the polling thread, in the other side's order.
    RoomSignalling(std::string hub_url, Identity identity, std::string room,
                   std::function<void(const RoomMessage&)> on_message, int poll_wait_seconds = 10);
    ~RoomSignalling();
    RoomSignalling(const RoomSignalling&) = delete;
    RoomSignalling& operator=(const RoomSignalling&) = delete;

    // Queues a message (DATA_JSON: a JSON object) for the other side. Any thread.
    void send(std::string type, std::string data_json);
    // Stops both threads (a transfer in progress is aborted) and joins them.
    void stop();

    // Requests that failed (transport or refusal), and the last one's words.
    int errors() const;
    std::string last_error() const;

private:
    void send_loop();
    void poll_loop();
    void note_error(std::string what);

    std::string url_, room_;
    Identity identity_;
    std::function<void(const RoomMessage&)> on_message_;
    int wait_seconds_;
    StopToken stop_;
    mutable std::mutex mutex_;
    std::condition_variable queued_;
    std::deque<std::pair<std::string, std::string>> out_;
    int errors_ = 0;
    std::string last_error_;
    std::thread sender_, poller_;
};

}  // namespace guichet::sync::visio
