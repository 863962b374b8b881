// Two visio-accueil peers (kiosk/core/visio: GStreamer's webrtcbin, test
// sources) call each other through the hub's signalling, relay-only through
// coturn on loopback with the hub's TURN credentials, and decode each
// other's video and audio (docs/visio.md §7).
#include "visio/visio_peer.hpp"
#include "visio_fixture.hpp"

#include <atomic>
#include <deque>
#include <mutex>

using namespace guichet;
using namespace guichet::test;
using namespace guichet::test::sync;
using namespace guichet::test::sync::visio;

// GLib's library constructor (run by the dynamic loader when GStreamer loads)
// allocates a 16 KiB buffer it never frees; LeakSanitizer sees it as leaked.
// Only allocations made by library constructors are suppressed, which needs
// full stacks (GLib has no frame pointers); nothing of Guichet's own code.
extern "C" const char* __lsan_default_suppressions() { return "leak:_dl_init\n"; }
extern "C" const char* __asan_default_options() { return "fast_unwind_on_malloc=0"; }

namespace {

// One side's signalling through the hub: what its peer produces is posted to
// the room, what the other side posted is given to its peer. Its own thread;
// stopped and joined by the destructor.
class Signalling {
public:
    Signalling(HubClient poster, HubClient poller, std::string base) : post_(std::move(poster)), poll_(std::move(poller)), base_(std::move(base)) {}
    ~Signalling() { stop(); }
    void stop() {
        stop_ = true;
        if (sender_.joinable()) sender_.join();
        if (receiver_.joinable()) receiver_.join();
    }
    void queue(json message) {
        std::lock_guard lock(mutex_);
        out_.push_back(std::move(message));
    }
    void run(guichet::visio::Peer& peer) {
        sender_ = std::thread([this] {
            while (!stop_) {
                std::deque<json> batch;
                {
                    std::lock_guard lock(mutex_);
                    batch.swap(out_);
                }
                for (const auto& m : batch) {
                    auto a = post_.send("POST", base_ + "/messages", {}, as_bytes(std::string_view(m.dump())), "application/json");
                    if (!a.ok() || a->status != 200) errors_++;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        });
        receiver_ = std::thread([this, &peer] {
            std::int64_t since = 0;
            while (!stop_) {
                auto a = poll_.send("GET", base_ + "/messages", {{"since", std::to_string(since)}, {"wait", "1"}});
                if (!a.ok() || a->status != 200) {
                    errors_++;
                    continue;
                }
                const auto body = json::parse(a->body);
                for (const auto& m : body.at("messages")) {
                    since = m.at("seq").get<std::int64_t>();
                    const auto type = m.at("type").get<std::string>();
                    const auto& data = m.at("data");
                    if (type == "offer" || type == "answer") peer.set_remote_description(type, data.at("sdp"));
                    if (type == "candidate") peer.add_remote_candidate(data.at("sdpMLineIndex"), data.at("candidate"));
                }
            }
        });
    }
    int errors() const { return errors_; }

private:
    HubClient post_, poll_;
    std::string base_;
    std::mutex mutex_;
    std::deque<json> out_;
    std::atomic<bool> stop_{false};
    std::atomic<int> errors_{0};
    std::thread sender_, receiver_;
};

struct Side {
    std::unique_ptr<Signalling> signalling;
    std::unique_ptr<guichet::visio::Peer> peer;
    std::mutex mutex;
    std::vector<std::string> candidates;
    // The receiver calls the peer, the peer's callbacks the signalling's queue.
    ~Side() {
        if (signalling) signalling->stop();
        peer.reset();
    }
};

}  // namespace

TEST_CASE("visio media: two webrtcbin peers connect relay-only through coturn with the hub's signalling and decode frames") {
    TempDir turn_dir;
    TurnServer turn(turn_dir.path());
    write_text(turn_dir / "secret", std::string(kTurnSecret) + "\n");
    const std::string host_port = "127.0.0.1:" + std::to_string(turn.port);
    VisioFixture f({"--turn-secret-file", (turn_dir / "secret").string(), "--turn-uri", "turn:" + host_port});
    REQUIRE(f.announce("rdv-media", now()).status == 200);

    Side kiosk, agent;
    auto setup = [&](Side& side, bool offerer, HubClient a, HubClient b, HubClient c, const std::string& base) {
        auto creds = call(a, "GET", base + "/turn");
        REQUIRE_MESSAGE(creds.status == 200, creds.body);
        const auto j = json::parse(creds.body);
        side.signalling = std::make_unique<Signalling>(std::move(b), std::move(c), base);
        guichet::visio::PeerOptions o;
        o.offerer = offerer;
        o.relay_only = true;
        o.turn_servers = {guichet::visio::turn_uri(host_port, j.at("username"), j.at("credential"))};
        guichet::visio::PeerCallbacks cb;
        Signalling* s = side.signalling.get();
        cb.on_description = [s](const std::string& type, const std::string& sdp) {
            s->queue({{"type", type}, {"data", {{"type", type}, {"sdp", sdp}}}});
        };
        cb.on_candidate = [s, &side](int mline, const std::string& candidate) {
            {
                std::lock_guard lock(side.mutex);
                side.candidates.push_back(candidate);
            }
            s->queue({{"type", "candidate"}, {"data", {{"candidate", candidate}, {"sdpMLineIndex", mline}}}});
        };
        std::string why;
        side.peer = guichet::visio::Peer::create(o, std::move(cb), why);
        REQUIRE_MESSAGE(side.peer, why);
    };
    setup(kiosk, true, f.as_kiosk(), f.as_kiosk(), f.as_kiosk(), "/v1/kiosk/visio/rdv-media");
    setup(agent, false, f.as_partner(), f.as_partner(), f.as_partner(), "/v1/partner/visio/rdv-media");
    agent.signalling->run(*agent.peer);
    kiosk.signalling->run(*kiosk.peer);
    std::string why;
    REQUIRE_MESSAGE(agent.peer->start(why), why);
    REQUIRE_MESSAGE(kiosk.peer->start(why), why);

    // Both sides decode at least a second of the other's video and audio.
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + std::chrono::seconds(20);
    auto done = [&] {
        return kiosk.peer->video_frames() >= 15 && agent.peer->video_frames() >= 15 &&
               kiosk.peer->audio_buffers() >= 25 && agent.peer->audio_buffers() >= 25;
    };
    while (!done() && std::chrono::steady_clock::now() < deadline && kiosk.peer->error().empty() &&
           agent.peer->error().empty())
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    INFO("kiosk: ", kiosk.peer->video_frames(), " frames, ", kiosk.peer->audio_buffers(), " audio, ", kiosk.peer->error());
    INFO("agent: ", agent.peer->video_frames(), " frames, ", agent.peer->audio_buffers(), " audio, ", agent.peer->error());
    CHECK(done());
    MESSAGE("start to a second of media decoded on both sides (relay-only, loopback): ",
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count(),
            " ms");
    CHECK(kiosk.signalling->errors() == 0);
    CHECK(agent.signalling->errors() == 0);
    // Relay-only: every candidate either side offered is coturn's.
    for (Side* s : {&kiosk, &agent}) {
        std::lock_guard lock(s->mutex);
        CHECK_FALSE(s->candidates.empty());
        for (const auto& c : s->candidates) CHECK_MESSAGE(c.find(" typ relay") != std::string::npos, c);
    }
}

TEST_CASE("visio media: a malformed description from the other side is an error, not a crash") {
    guichet::visio::PeerOptions o;
    std::string why;
    auto peer = guichet::visio::Peer::create(o, {}, why);
    REQUIRE_MESSAGE(peer, why);
    REQUIRE_MESSAGE(peer->start(why), why);
    peer->set_remote_description("offer", "not an SDP at all");
    CHECK(peer->error() == "malformed SDP from the other side");
    peer->add_remote_candidate(7, "candidate:garbage");  // ignored by webrtcbin, no crash
    CHECK(peer->video_frames() == 0);
}
