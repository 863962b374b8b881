// The kiosk's side of a visio-accueil call for the back office's browser test
// (tests/web/visio_call.test.mjs): the kiosk's media engine
// (guichet::visio::Peer, test sources) and its room client, relay-only with
// the hub's TURN credentials, offering to the agent in Chromium. Prints
// "connected" once media flows, then "frames V audio A" and exits 0 once
// it decoded MIN_FRAMES video frames and MIN_FRAMES audio buffers of the
// agent's (and "candidates N relay R" before: the ICE candidates it offered);
// then waits for the agent's "bye" (bounded) and exits 0; exits 1 on an error,
// on an early "bye" or after TIMEOUT_S seconds without enough media.
//
// visio_kiosk_peer HUB_URL KIOSK_ID KEY_FILE SLOT TURN_HOST:PORT MIN_FRAMES TIMEOUT_S
#include "protocol/auth.hpp"
#include "visio/room_signalling.hpp"
#include "visio/visio_peer.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

// As in tests/sync/visio_media_test.cpp: GLib's library constructor keeps a
// buffer LeakSanitizer would report. And OpenSSL's per-thread state (error
// queue, per-thread random generators) that GStreamer's DTLS element creates
// in its streaming threads: some runs report it at exit (one in three here),
// allocated under libgstdtls.so only. Nothing of Guichet's own is suppressed.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:_dl_init\nleak:libgstdtls.so\n";
}
extern "C" const char* __asan_default_options() {
    return "fast_unwind_on_malloc=0";
}

using json = nlohmann::json;
namespace sv = guichet::sync::visio;

int main(int argc, char** argv) {
    if (argc != 8) {
        std::cerr << "usage: visio_kiosk_peer HUB_URL KIOSK_ID KEY_FILE SLOT TURN_HOST:PORT MIN_FRAMES TIMEOUT_S\n";
        return 2;
    }
    const std::string hub = argv[1], id = argv[2], slot = argv[4], turn_host = argv[5];
    const long min_frames = std::stol(argv[6]);
    const int timeout_s = std::stoi(argv[7]);
    auto key = guichet::sync::RequestKey::load(argv[3]);
    if (!key.ok()) {
        std::cerr << key.error().message << "\n";
        return 1;
    }
    auto client = guichet::sync::HubClient::create(hub);
    if (!client.ok()) return 1;
    client->set_identity({id, *key});
    const std::string room = sv::kiosk_room(slot);
    auto turn = sv::fetch_turn(*client, room);
    if (!turn.ok()) {
        std::cerr << "TURN: " << turn.error().message << "\n";
        return 1;
    }

    guichet::visio::PeerOptions o;
    o.offerer = true;
    o.relay_only = true;
    o.turn_servers = {guichet::visio::turn_uri(turn_host, turn->username, turn->credential)};
    std::unique_ptr<sv::RoomSignalling> signalling;
    std::unique_ptr<guichet::visio::Peer> peer;
    std::atomic<bool> bye = false;
    std::atomic<int> candidates = 0, relay_candidates = 0;
    guichet::visio::PeerCallbacks cb;
    // The peer's callbacks come from GStreamer's threads once started, after the signalling exists.
    cb.on_description = [&](const std::string& type, const std::string& sdp) {
        signalling->send(type, json{{"type", type}, {"sdp", sdp}}.dump());
    };
    cb.on_candidate = [&](int mline, const std::string& candidate) {
        ++candidates;
        if (candidate.find(" typ relay") != std::string::npos) ++relay_candidates;
        signalling->send("candidate", json{{"candidate", candidate}, {"sdpMLineIndex", mline}}.dump());
    };
    std::string why;
    peer = guichet::visio::Peer::create(o, std::move(cb), why);
    if (!peer) {
        std::cerr << why << "\n";
        return 1;
    }
    signalling = std::make_unique<sv::RoomSignalling>(
        hub, guichet::sync::Identity{id, *key}, room,
        [&](const sv::RoomMessage& m) {
            json data;
            try {
                data = json::parse(m.data_json);
                if (m.type == "answer") peer->set_remote_description("answer", data.at("sdp").get<std::string>());
                // The browser's end of candidates is {} (or an empty candidate): nothing to add.
                if (m.type == "candidate" && data.contains("candidate") && !data["candidate"].get<std::string>().empty())
                    peer->add_remote_candidate(data.value("sdpMLineIndex", 0), data["candidate"].get<std::string>());
                if (m.type == "bye") bye = true;
            } catch (const std::exception& e) {
                std::cerr << "unreadable message from the agent: " << e.what() << "\n";
            }
        },
        2);
    if (!peer->start(why)) {
        std::cerr << why << "\n";
        return 1;
    }
    std::cout << "offering" << std::endl;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    bool said_connected = false;
    int rc = 1;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!peer->error().empty()) {
            std::cerr << "peer: " << peer->error() << "\n";
            break;
        }
        if (!said_connected && peer->video_frames() > 0) {
            std::cout << "connected" << std::endl;
            said_connected = true;
        }
        if (peer->video_frames() >= min_frames && peer->audio_buffers() >= min_frames) {
            rc = 0;
            break;
        }
        if (bye) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::cout << "candidates " << candidates << " relay " << relay_candidates << "\n"
              << "frames " << peer->video_frames() << " audio " << peer->audio_buffers() << std::endl;
    if (signalling->errors() != 0) std::cerr << "signalling: " << signalling->last_error() << "\n";
    // Keep sending until the browser is done measuring: wait for its bye (bounded).
    while (rc == 0 && !bye && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    signalling->stop();
    peer.reset();
    return rc;
}
