// One visio-accueil call at the kiosk (docs/visio.md §9): a worker thread
// finds the booking of a tracking code at the hub, gets the room's TURN
// credentials, starts the media engine (visio/visio_peer.hpp) and relays its
// signalling (sync/visio/room_signalling.hpp), all signed as the kiosk
// (STATE_DIR/sync.json and sync-key, as guichet-sync). The UI thread only
// reads the state and takes pictures: it never waits on the network or on
// GStreamer. Hanging up hands the teardown to the worker. Nothing recorded.
#pragma once

#include "visio/frame_slot.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace guichet::ui {

enum class CallState {
    idle,         // nothing asked
    looking,      // asking the hub
    unavailable,  // this kiosk is not enrolled with a hub
    line_down,    // the hub cannot be reached (or answered an error)
    no_room,      // no confirmed appointment for this code at this kiosk
    not_open,     // too early: the room opens 10 minutes before `start`
    closed,       // the room closed (30 minutes after the start)
    failed,       // the media engine failed (camera, microphone, GStreamer)
    waiting,      // in the room, the agent not there yet
    in_call,      // the agent's pictures arrive
    reconnecting, // the agent's pictures stopped: a new offer in the same room (while it is open)
    agent_left,   // the agent hung up
    ended,        // the resident hung up
};

struct CallOptions {
    std::filesystem::path state_dir;
    bool test_sources = false;  // camera and microphone stand-ins (replays, tests)
};

class VisioCall {
public:
    // WAKE: any thread, when the UI has something new to draw (Platform::wake).
    explicit VisioCall(std::function<void()> wake = {});
    ~VisioCall();  // hangs up and joins the worker
    VisioCall(const VisioCall&) = delete;
    VisioCall& operator=(const VisioCall&) = delete;

    // Starts a call for TRACKING_CODE (a previous one is hung up first).
    void join(const CallOptions& options, std::string tracking_code);
    // Ends the call: "bye" to the agent, media and signalling stopped on the worker.
    void hang_up();
    // Back to idle once the worker is done (the screen's reset).
    void reset();

    CallState state() const { return state_.load(); }
    std::int64_t start() const { return start_.load(); }  // the appointment's time (Unix), when known
    std::string detail() const;  // the technical reason of line_down or failed (for logs and staff)

    // The newest pictures (UI thread): true when OUT was replaced.
    bool take_remote(visio::Frame& out);
    bool take_local(visio::Frame& out);
    void set_microphone(bool on);
    void set_camera(bool on);
    bool microphone_on() const { return mic_on_.load(); }
    bool camera_on() const { return camera_on_.load(); }
    long remote_frames() const { return remote_frames_.load(); }  // decoded so far

    struct Session;
    struct Run;

private:
    void run(std::shared_ptr<Run> r, CallOptions options, std::string code);
    void set_state(Run& r, CallState s, std::string detail = {});

    std::function<void()> wake_;
    std::atomic<CallState> state_{CallState::idle};
    std::atomic<std::int64_t> start_{0};
    std::atomic<bool> mic_on_{true}, camera_on_{true};
    std::atomic<long> remote_frames_{0};
    mutable std::mutex mutex_;  // detail_, current_, retired_ and every Run's members
    std::string detail_;
    // One worker per call asked for; a hung-up one finishes its teardown on
    // its own while a new call starts (the UI thread never joins a busy one).
    std::shared_ptr<Run> current_;
    std::vector<std::pair<std::shared_ptr<Run>, std::thread>> workers_;
};

// "9 h 00" for a Unix time, in the kiosk's local time.
std::string french_hour(std::int64_t unix_time);

}  // namespace guichet::ui
