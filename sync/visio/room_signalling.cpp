#include "visio/room_signalling.hpp"

#include "protocol/routes.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace guichet::sync::visio {

namespace {

using json = nlohmann::json;

Result<HubClient> make_client(const std::string& url, const Identity& identity, const StopToken* stop,
                              int wait_seconds) {
    HubClientOptions o;
    o.stop = stop;
    // A long-poll answers after up to WAIT seconds of silence.
    o.deadline = std::chrono::milliseconds((wait_seconds + 10) * 1000);
    o.low_speed_time = std::chrono::seconds(wait_seconds + 5);
    auto c = HubClient::create(url, o);
    if (!c) return c.error();
    c->set_identity(identity);
    return c;
}

}  // namespace

std::string kiosk_room(const std::string& slot) {
    return std::string(paths::kKioskVisioPrefix) + slot;
}
std::string partner_room(const std::string& slot) {
    return std::string(paths::kPartnerVisioPrefix) + slot;
}

Result<KioskBooking> fetch_booking(HubClient& client, const std::string& tracking_code) {
    KioskBooking b;
    for (const char c : tracking_code)  // the route takes letters, digits and dashes only
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return b;
    if (tracking_code.empty() || tracking_code.size() > 32) return b;
    const std::string path = std::string(paths::kKioskVisioBookings) + "/" + tracking_code;
    auto a = client.send("GET", path);
    if (!a) return a.error();
    if (a->status == 404) return b;
    if (a->status != 200) return fail(describe_answer("GET", path, *a));
    try {
        const auto j = json::parse(a->body);
        b.room = j.at("room").get<std::string>();
        b.start = j.at("start").get<std::int64_t>();
        b.opens_at = j.at("opens_at").get<std::int64_t>();
        b.closes_at = j.at("closes_at").get<std::int64_t>();
        b.hub_now = j.at("now").get<std::int64_t>();
        b.found = true;
        return b;
    } catch (const std::exception& e) {
        return fail(std::string("video booking: ") + e.what());
    }
}

Result<TurnAccess> fetch_turn(HubClient& client, const std::string& room) {
    auto a = client.send("GET", room + "/turn");
    if (!a) return a.error();
    if (a->status != 200) return fail(describe_answer("GET", room + "/turn", *a));
    try {
        const auto j = json::parse(a->body);
        TurnAccess t;
        t.urls = j.at("urls").get<std::vector<std::string>>();
        t.username = j.at("username").get<std::string>();
        t.credential = j.at("credential").get<std::string>();
        t.expires_at = j.at("expires_at").get<std::int64_t>();
        return t;
    } catch (const std::exception& e) {
        return fail(std::string("TURN credentials: ") + e.what());
    }
}

RoomSignalling::RoomSignalling(std::string hub_url, Identity identity, std::string room,
                               std::function<void(const RoomMessage&)> on_message, int poll_wait_seconds)
    : url_(std::move(hub_url)),
      room_(std::move(room)),
      identity_(std::move(identity)),
      on_message_(std::move(on_message)),
      wait_seconds_(poll_wait_seconds) {
    sender_ = std::thread([this] { send_loop(); });
    poller_ = std::thread([this] { poll_loop(); });
}

RoomSignalling::~RoomSignalling() {
    stop();
}

void RoomSignalling::stop() {
    stop_.request();
    queued_.notify_all();
    if (sender_.joinable()) sender_.join();
    if (poller_.joinable()) poller_.join();
}

void RoomSignalling::send(std::string type, std::string data_json) {
    {
        std::lock_guard lock(mutex_);
        out_.emplace_back(std::move(type), std::move(data_json));
    }
    queued_.notify_all();
}

int RoomSignalling::errors() const {
    std::lock_guard lock(mutex_);
    return errors_;
}

std::string RoomSignalling::last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
}

void RoomSignalling::note_error(std::string what) {
    std::lock_guard lock(mutex_);
    ++errors_;
    last_error_ = std::move(what);
}

void RoomSignalling::send_loop() {
    auto client = make_client(url_, identity_, &stop_, wait_seconds_);
    if (!client) return note_error(client.error().message);
    while (!stop_.requested()) {
        std::pair<std::string, std::string> next;
        {
            std::unique_lock lock(mutex_);
            queued_.wait(lock, [&] { return stop_.requested() || !out_.empty(); });
            if (stop_.requested()) return;
            next = out_.front();
        }
        std::string body;
        try {
            body = json{{"type", next.first}, {"data", json::parse(next.second)}}.dump();
        } catch (const std::exception& e) {
            note_error(std::string("a local message is not JSON: ") + e.what());
            std::lock_guard lock(mutex_);
            out_.pop_front();
            continue;
        }
        auto a = client->send("POST", room_ + "/messages", {}, as_bytes(std::string_view(body)), "application/json");
        if (a && a->status == 200) {
            std::lock_guard lock(mutex_);
            out_.pop_front();
            continue;
        }
        // The other side has not read yet (429), or the line failed: the same
        // message again in a second, in order. A refusal that will not change
        // (404, 410, 413…) drops it.
        note_error(a ? describe_answer("POST", room_ + "/messages", *a) : a.error().message);
        if (a && a->status != 429 && a->status < 500) {
            std::lock_guard lock(mutex_);
            out_.pop_front();
            continue;
        }
        if (stop_.wait_for(1000)) return;
    }
}

void RoomSignalling::poll_loop() {
    auto client = make_client(url_, identity_, &stop_, wait_seconds_);
    if (!client) return note_error(client.error().message);
    std::int64_t since = 0;
    while (!stop_.requested()) {
        auto a = client->send("GET", room_ + "/messages",
                              {{"since", std::to_string(since)}, {"wait", std::to_string(wait_seconds_)}});
        if (stop_.requested()) return;
        if (!a || a->status != 200) {
            note_error(a ? describe_answer("GET", room_ + "/messages", *a) : a.error().message);
            if (stop_.wait_for(1000)) return;
            continue;
        }
        try {
            const auto body = json::parse(a->body);
            for (const auto& m : body.at("messages")) {
                RoomMessage msg{m.at("seq").get<std::int64_t>(), m.at("type").get<std::string>(), m.at("data").dump()};
                since = msg.seq;
                on_message_(msg);
            }
            // The hub refused to hold the poll (too many waiting): not at once again.
            if (!body.value("waited", true) && body.at("messages").empty() && stop_.wait_for(1000)) return;
        } catch (const std::exception& e) {
            note_error(std::string("the hub's answer: ") + e.what());
            if (stop_.wait_for(1000)) return;
        }
    }
}

}  // namespace guichet::sync::visio
