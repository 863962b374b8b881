// One side of a visio-accueil call (docs/visio.md §7): GStreamer's webrtcbin
// does ICE, DTLS-SRTP, RTP and congestion control; this class builds the
// pipeline (camera and microphone, or test sources), runs it on its own
// GLib main loop thread, and hands SDP and ICE candidates to the caller's
// signalling (the hub's rooms). Nothing here blocks on the network, and no
// GStreamer type leaks out.
#pragma once

#include "visio/frame_slot.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace guichet::visio {

struct PeerOptions {
    bool offerer = false;  // the kiosk offers; the agent's browser answers
    // "turn://USER:PASS@HOST:PORT" built by turn_uri(); tried in order.
    std::vector<std::string> turn_servers;
    bool relay_only = false;  // ICE relay candidates only (the tests force TURN)
    // The stand-ins for camera and microphone (videotestsrc, audiotestsrc).
    bool test_sources = true;
    std::string test_pattern = "ball";  // videotestsrc's pattern: the kiosk's stand-in shows "smpte" bars
    int width = 320, height = 240, fps = 15;
    // The resident's own picture for the UI (small), beside the other side's.
    int preview_width = 160, preview_height = 120;
    // The other side's sound: played (autoaudiosink) or only counted (tests).
    bool play_audio = false;
    // Echo cancellation, noise suppression and gain control (webrtcdsp)
    // on the microphone when the element exists; a log line otherwise.
    bool audio_processing = true;
};

struct PeerCallbacks {
    // "offer" or "answer" with its SDP text. From GStreamer's threads: queue it, do not block.
    std::function<void(const std::string& type, const std::string& sdp)> on_description;
    // A local ICE candidate ("candidate:…") for the m-line MLINE.
    std::function<void(int mline, const std::string& candidate)> on_candidate;
    // A new picture waits in remote_frames() or local_frames() (streaming
    // thread): wake the UI's frame loop; do not block.
    std::function<void()> on_frame;
};

// A TURN server URI for webrtcbin from the hub's credentials (user and
// password percent-encoded: the username holds a ':'). HOST_PORT "127.0.0.1:3478".
std::string turn_uri(const std::string& host_port, const std::string& username, const std::string& password);

class Peer {
public:
    // GStreamer initialised once per process; nullptr and WHY when an
    // element is missing (a plugin package not installed).
    static std::unique_ptr<Peer> create(const PeerOptions& options, PeerCallbacks callbacks, std::string& why);
    ~Peer();  // stops the pipeline and the loop thread; every handle released
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;

    // Starts the pipeline; the offerer's offer comes through on_description.
    bool start(std::string& why);
    // The other side's description and candidates (from the signalling).
    void set_remote_description(const std::string& type, const std::string& sdp);
    void add_remote_candidate(int mline, const std::string& candidate);

    // Decoded frames received from the other side, by kind.
    long video_frames() const;
    // The other side's pictures and the local camera's, RGBA (the UI's textures).
    FrameSlot& remote_frames();
    FrameSlot& local_frames();
    // Mutes without renegotiating: the microphone sends silence, the camera
    // black pictures (the agent sees that it is off). Any thread.
    void set_microphone(bool on);
    void set_camera(bool on);
    bool microphone_on() const;
    bool camera_on() const;
    // Whether webrtcdsp is in the microphone chain.
    bool audio_processing() const;
    long audio_buffers() const;
    // The pipeline's first error, "" when none.
    std::string error() const;

    struct Impl;

private:
    explicit Peer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace guichet::visio
