#include "hub/visio_rooms.hpp"

#include <algorithm>
#include <chrono>

namespace guichet::sync::hub {

VisioRooms::Room* VisioRooms::find_or_create(const std::string& room, std::int64_t closes_at) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) {
        if (rooms_.size() >= limits_.max_rooms) return nullptr;
        it = rooms_.emplace(room, Room{}).first;
    }
    // A booking moved by its service keeps its room and queues.
    it->second.closes_at = closes_at;
    return &it->second;
}

void VisioRooms::expire_locked(std::int64_t now) {
    const auto before = rooms_.size();
    std::erase_if(rooms_, [&](const auto& r) { return r.second.closes_at < now; });
    if (rooms_.size() != before) changed_.notify_all();
}

void VisioRooms::expire(std::int64_t now) {
    std::lock_guard lock(mutex_);
    expire_locked(now);
}

VisioRooms::Posted VisioRooms::post(const std::string& room, std::int64_t closes_at, VisioSide from,
                                    const std::string& message_json, std::int64_t now, std::int64_t& seq) {
    std::lock_guard lock(mutex_);
    expire_locked(now);
    Room* r = find_or_create(room, closes_at);
    if (r == nullptr) return Posted::too_many_rooms;
    Queue& q = from == VisioSide::kiosk ? r->to_agent : r->to_kiosk;
    if (q.messages.size() >= limits_.max_queue) return Posted::queue_full;
    seq = q.next_seq++;
    // MESSAGE_JSON is an object written by the route: "{…}" → "{"seq":N,…}".
    std::string text = "{\"seq\":" + std::to_string(seq);
    if (message_json.size() > 2) text += ",";
    text.append(message_json, 1, std::string::npos);
    q.messages.emplace(seq, std::move(text));
    changed_.notify_all();
    return Posted::ok;
}

VisioRooms::Polled VisioRooms::poll(const std::string& room, std::int64_t closes_at, VisioSide to, std::int64_t since,
                                    int wait_ms, std::int64_t now) {
    Polled out;
    std::unique_lock lock(mutex_);
    expire_locked(now);
    Room* r = find_or_create(room, closes_at);
    if (r == nullptr) {
        out.room_refused = true;
        return out;
    }
    Queue* q = to == VisioSide::kiosk ? &r->to_kiosk : &r->to_agent;
    q->messages.erase(q->messages.begin(), q->messages.upper_bound(since));
    const std::uint64_t mine = ++q->generation;
    changed_.notify_all();  // an older poll of this side stops waiting
    wait_ms = std::clamp(wait_ms, 0, limits_.max_wait_ms);
    if (q->messages.empty() && wait_ms > 0 && !stopped_ && waiters_ < limits_.max_waiters) {
        ++waiters_;
        out.waited = true;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
        for (;;) {
            // The room may have expired (and its queues gone) while waiting.
            auto it = rooms_.find(room);
            if (it == rooms_.end()) {
                q = nullptr;
                break;
            }
            q = to == VisioSide::kiosk ? &it->second.to_kiosk : &it->second.to_agent;
            if (stopped_ || q->generation != mine || !q->messages.empty()) break;
            if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) break;
        }
        --waiters_;
        if (q == nullptr) return out;
    }
    if (q->generation != mine) return out;  // superseded: the newer poll gets the messages
    for (const auto& [seq, text] : q->messages) out.messages.push_back(text);
    return out;
}

void VisioRooms::stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
}

std::size_t VisioRooms::room_count() const {
    std::lock_guard lock(mutex_);
    return rooms_.size();
}

std::size_t VisioRooms::waiter_count() const {
    std::lock_guard lock(mutex_);
    return waiters_;
}

}  // namespace guichet::sync::hub
