#include "ui/visio/visio_call.hpp"

#include "protocol/auth.hpp"
#include "transport/hub_client.hpp"
#include "visio/room_signalling.hpp"
#include "visio/visio_peer.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace guichet::ui {

using json = nlohmann::json;
namespace sv = guichet::sync::visio;

// What the worker builds; the UI thread reaches the peer through it (mute,
// pictures) under VisioCall::mutex_, the worker destroys it.
struct VisioCall::Session {
    std::unique_ptr<sv::RoomSignalling> signalling;
    std::unique_ptr<visio::Peer> peer;
    std::atomic<bool> agent_left{false};
    ~Session() {
        if (signalling) signalling->stop();  // the signalling calls the peer: stopped first
        peer.reset();
    }
};

namespace {

// No picture of the agent for this long during a call: the line is taken as cut.
constexpr auto kSilence = std::chrono::seconds(5);

struct Enrolment {
    std::string hub, kiosk_id;
};

bool read_enrolment(const std::filesystem::path& dir, Enrolment& e) {
    std::ifstream in(dir / "sync.json");
    if (!in) return false;
    std::stringstream text;
    text << in.rdbuf();
    try {
        const auto j = json::parse(text.str());
        e.hub = j.at("hub").get<std::string>();
        e.kiosk_id = j.at("kiosk_id").get<std::string>();
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

// "turn:HOST:PORT?transport=udp" → "HOST:PORT" ("" when not a turn: URI).
std::string turn_host_port(const std::string& url) {
    if (url.rfind("turn:", 0) != 0) return {};
    std::string rest = url.substr(5);
    if (const auto q = rest.find('?'); q != std::string::npos) rest.resize(q);
    return rest;
}

}  // namespace

std::string french_hour(std::int64_t unix_time) {
    const std::time_t t = static_cast<std::time_t>(unix_time);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d\u00a0h\u00a0%02d", tm.tm_hour, tm.tm_min);
    return buf;
}

// One call's worker: its stop flag, its session, whether it has finished (all under VisioCall::mutex_).
struct VisioCall::Run {
    bool stop = false, done = false;
    std::condition_variable changed;
    std::shared_ptr<Session> session;  // while the worker holds a peer
    sync::StopToken stop_token;        // aborts the worker's request in progress at once
};

VisioCall::VisioCall(std::function<void()> wake) : wake_(std::move(wake)) {}

VisioCall::~VisioCall() {
    hang_up();
    for (auto& w : workers_) w.second.join();  // every teardown done before the members go
}

void VisioCall::set_state(Run& r, CallState s, std::string detail) {
    {
        std::lock_guard lock(mutex_);
        if (r.stop) return;  // hung up or reset meanwhile: the screen has moved on
        detail_ = std::move(detail);
        state_ = s;
    }
    if (wake_) wake_();
}

std::string VisioCall::detail() const {
    std::lock_guard lock(mutex_);
    return detail_;
}

void VisioCall::join(const CallOptions& options, std::string tracking_code) {
    hang_up();
    auto r = std::make_shared<Run>();
    {
        std::lock_guard lock(mutex_);
        // Workers done with their teardown are joined (at once); busy ones are left to finish.
        for (auto it = workers_.begin(); it != workers_.end();) {
            if (it->first->done) {
                it->second.join();
                it = workers_.erase(it);
            } else {
                ++it;
            }
        }
        detail_.clear();
        current_ = r;
        state_ = CallState::looking;
    }
    start_ = 0;
    remote_frames_ = 0;
    mic_on_ = true;
    camera_on_ = true;
    std::thread t([this, r, options, code = std::move(tracking_code)] { run(r, options, code); });
    std::lock_guard lock(mutex_);
    workers_.emplace_back(r, std::move(t));
}

void VisioCall::hang_up() {
    std::lock_guard lock(mutex_);
    if (!current_) return;
    current_->stop = true;
    current_->stop_token.request();
    current_->changed.notify_all();
    current_.reset();
    const auto s = state_.load();
    if (s == CallState::waiting || s == CallState::in_call || s == CallState::looking || s == CallState::reconnecting)
        state_ = CallState::ended;
}

void VisioCall::reset() {
    hang_up();
    std::lock_guard lock(mutex_);
    state_ = CallState::idle;
    start_ = 0;
}

bool VisioCall::take_remote(visio::Frame& out) {
    std::lock_guard lock(mutex_);
    return current_ && current_->session && current_->session->peer->remote_frames().take(out);
}

bool VisioCall::take_local(visio::Frame& out) {
    std::lock_guard lock(mutex_);
    return current_ && current_->session && current_->session->peer->local_frames().take(out);
}

void VisioCall::set_microphone(bool on) {
    mic_on_ = on;
    std::lock_guard lock(mutex_);
    if (current_ && current_->session) current_->session->peer->set_microphone(on);
}

void VisioCall::set_camera(bool on) {
    camera_on_ = on;
    std::lock_guard lock(mutex_);
    if (current_ && current_->session) current_->session->peer->set_camera(on);
}

void VisioCall::run(std::shared_ptr<Run> r, CallOptions options, std::string code) {
    // Marked done last, under the mutex: join() then joins this thread at once.
    struct Done {
        VisioCall* self;
        Run* run;
        ~Done() {
            std::lock_guard lock(self->mutex_);
            run->done = true;
        }
    } done{this, r.get()};
    Enrolment enrolment;
    auto key = sync::RequestKey::load(options.state_dir / "sync-key");
    if (options.state_dir.empty() || !read_enrolment(options.state_dir, enrolment) || !key)
        return set_state(*r, CallState::unavailable, "this kiosk is not enrolled (sync.json, sync-key)");
    const sync::Identity identity{enrolment.kiosk_id, *key};
    sync::HubClientOptions o;
    o.deadline = std::chrono::milliseconds(8000);
    o.connect_timeout = std::chrono::milliseconds(4000);
    o.stop = &r->stop_token;
    auto client = sync::HubClient::create(enrolment.hub, o);
    if (!client) return set_state(*r, CallState::line_down, client.error().message);
    client->set_identity(identity);
    auto stopped = [&] {
        std::lock_guard lock(mutex_);
        return r->stop;
    };

    auto booking = sv::fetch_booking(*client, code);
    if (stopped()) return;
    if (!booking) return set_state(*r, CallState::line_down, booking.error().message);
    if (!booking->found) return set_state(*r, CallState::no_room);
    start_ = booking->start;
    if (booking->hub_now < booking->opens_at) return set_state(*r, CallState::not_open);
    if (booking->hub_now > booking->closes_at) return set_state(*r, CallState::closed);
    const std::string room = sv::kiosk_room(booking->room);

    visio::PeerOptions po;
    po.offerer = true;
    po.test_sources = options.test_sources;
    po.test_pattern = "smpte";  // the resident's stand-in: colour bars, unlike the agent's ball
    po.play_audio = !options.test_sources;
    auto turn = sv::fetch_turn(*client, room);
    if (turn) {
        for (const auto& url : turn->urls)
            if (const auto hp = turn_host_port(url); !hp.empty())
                po.turn_servers.push_back(visio::turn_uri(hp, turn->username, turn->credential));
    } else if (turn.error().message.find("no-turn") == std::string::npos) {
        return set_state(*r, CallState::line_down, turn.error().message);
    }  // no TURN on this hub: host candidates only (a town hall's own network)

    // One side of the call: a peer (the offer) and the room's signalling. Made again
    // to rejoin when the agent's pictures stop (a new offer in the same room).
    std::shared_ptr<Session> session;
    auto connect = [&]() -> bool {
        session = std::make_shared<Session>();
        Session* s = session.get();
        visio::PeerCallbacks cb;
        cb.on_description = [s](const std::string& type, const std::string& sdp) {
            s->signalling->send(type, json{{"type", type}, {"sdp", sdp}}.dump());
        };
        cb.on_candidate = [s](int mline, const std::string& candidate) {
            s->signalling->send("candidate", json{{"candidate", candidate}, {"sdpMLineIndex", mline}}.dump());
        };
        cb.on_frame = wake_;
        std::string why;
        session->peer = visio::Peer::create(po, std::move(cb), why);
        if (!session->peer) {
            set_state(*r, CallState::failed, why);
            return false;
        }
        session->signalling = std::make_unique<sv::RoomSignalling>(
            enrolment.hub, identity, room,
            [s](const sv::RoomMessage& m) {
                try {
                    const auto data = json::parse(m.data_json);
                    if (m.type == "answer") s->peer->set_remote_description("answer", data.at("sdp"));
                    if (m.type == "candidate" && data.contains("candidate"))
                        s->peer->add_remote_candidate(data.value("sdpMLineIndex", 0), data.at("candidate"));
                    if (m.type == "bye") s->agent_left = true;
                } catch (const std::exception&) {
                    // A malformed message from the other side is ignored (the call goes on or times out).
                }
            },
            5);
        {
            std::lock_guard lock(mutex_);
            if (r->stop) return false;
            r->session = session;
        }
        session->peer->set_microphone(mic_on_);
        session->peer->set_camera(camera_on_);
        if (!session->peer->start(why)) {
            {
                std::lock_guard lock(mutex_);
                r->session.reset();
            }
            set_state(*r, CallState::failed, why);
            return false;
        }
        return true;
    };
    auto disconnect = [&] {
        {
            std::lock_guard lock(mutex_);
            r->session.reset();
        }
        session.reset();  // joins the signalling threads, sets the pipeline to NULL
    };
    if (!connect()) return disconnect();
    set_state(*r, CallState::waiting);
    // The hub's clock, as seen from here: the room's end decides whether rejoining is worth it.
    const std::int64_t hub_offset = booking->hub_now - static_cast<std::int64_t>(std::time(nullptr));
    long last_frames = 0;
    auto last_progress = std::chrono::steady_clock::now();

    // Watches the call until it ends: the agent's pictures, their leaving, an error.
    bool hung_up = false;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            r->changed.wait_for(lock, std::chrono::milliseconds(100), [&] { return r->stop; });
            if (r->stop) {
                hung_up = true;
                break;
            }
        }
        remote_frames_ = session->peer->video_frames();
        const auto now = std::chrono::steady_clock::now();
        if (remote_frames_ != last_frames) {
            last_frames = remote_frames_;
            last_progress = now;
        }
        // The agent's pictures stopped (a line cut, a browser gone without « bye »):
        // while the room is open, a new peer and a new offer; the agent answers it.
        const auto state = state_.load();
        if ((state == CallState::in_call || state == CallState::reconnecting) && now - last_progress > kSilence &&
            static_cast<std::int64_t>(std::time(nullptr)) + hub_offset < booking->closes_at) {
            set_state(*r, CallState::reconnecting);
            disconnect();
            if (!connect()) break;
            last_frames = 0;
            last_progress = std::chrono::steady_clock::now();
            continue;
        }
        if (const auto e = session->peer->error(); !e.empty()) {
            set_state(*r, CallState::failed, e);
            break;
        }
        if (session->agent_left) {
            set_state(*r, CallState::agent_left);
            break;
        }
        if ((state == CallState::waiting || state == CallState::reconnecting) && remote_frames_ > 0) set_state(*r, CallState::in_call);
    }
    // Teardown here, not on the UI thread: a "bye" for the agent, then the media and threads stopped.
    if (hung_up) {
        sync::HubClientOptions bye_options;
        bye_options.deadline = std::chrono::milliseconds(2000);
        if (auto bye = sync::HubClient::create(enrolment.hub, bye_options)) {
            bye->set_identity(identity);
            const std::string body = json{{"type", "bye"}, {"data", json::object()}}.dump();
            (void)bye->send("POST", room + "/messages", {}, as_bytes(std::string_view(body)), "application/json");
        }
    }
    disconnect();
    if (wake_) wake_();
}

}  // namespace guichet::ui
