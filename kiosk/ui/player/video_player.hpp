// The video guide player: one worker thread decodes the guide's video (and
// its sound into an SDL audio device, platform/audio_out.hpp) straight from
// the pack entry; decoded frames wait in a small queue; the UI thread, at each
// frame boundary, takes the frame due at the clock and uploads it into one
// streaming texture. Audio is the master clock when a device is open (late
// frames are dropped and counted); otherwise a host clock (real time, or a
// replay's simulated time) that stops while paused.
//
// Call order (UI thread): construct (the worker starts, opens the decoders
// and the audio device), play()/pause()/seek() on touch, update() once per
// frame before drawing, texture()/position() to draw, wake_in() for the
// event loop's next wake-up. Destruction stops the worker and frees the
// decoders, the queue, the audio device and the texture.
#pragma once

#include "media/playback_clock.hpp"
#include "platform/texture.hpp"
#include "ui/player/video_guide.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace guichet::ui {

struct PlayerOptions {
    // Replays and tests: no sound, and update() waits until the worker has
    // decoded the frame due at the (simulated) clock, so screenshots are exact.
    bool deterministic = false;
    bool audio = true;          // try an SDL audio device (ignored when deterministic)
    int queue_frames = 4;       // decoded frames waiting at most
    int decoder_threads = 2;
};

struct PlayerStats {
    std::int64_t shown = 0;    // frames uploaded
    std::int64_t dropped = 0;  // decoded but skipped: late against the clock
    bool audio = false;        // an audio device is the master clock
    std::string audio_note;    // why there is no sound ("" when there is, or none was wanted)
};

class VideoPlayer {
public:
    VideoPlayer(std::shared_ptr<const VideoGuide> guide, PlayerOptions options);
    ~VideoPlayer();
    VideoPlayer(const VideoPlayer&) = delete;
    VideoPlayer& operator=(const VideoPlayer&) = delete;

    // HOST: the host clock in seconds (ImGui's time: real, or simulated in replays).
    void play(double host);   // from the start again when the guide has ended
    void pause(double host);
    void seek(double media_seconds, double host);
    void update(double host);

    const platform::Texture* texture() const { return texture_ ? &*texture_ : nullptr; }
    bool has_frame() const { return shown_any_; }
    double position() const { return position_; }  // media seconds, as of the last update()
    double duration() const { return guide_->duration; }
    bool playing() const { return playing_; }
    bool ended() const { return ended_; }
    // Host seconds until the next frame is due; negative when nothing will change (paused, ended).
    double wake_in() const;
    PlayerStats stats() const;
    std::string error() const;  // a decoding error, "" when none
    const VideoGuide& guide() const { return *guide_; }

    struct Shared;

private:
    void set_audio_paused(bool paused);

    std::shared_ptr<const VideoGuide> guide_;
    PlayerOptions options_;
    std::shared_ptr<Shared> shared_;
    std::thread worker_;
    std::optional<platform::Texture> texture_;
    bool texture_failed_ = false;
    bool shown_any_ = false;
    bool awaiting_frame_ = true;  // after opening or a seek, until the frame at the position is shown
    bool playing_ = false, ended_ = false;
    bool audio_running_ = false;
    media::MediaClock host_clock_;  // the clock when no audio device is the master
    double position_ = 0;
    double last_shown_ = 0;  // media time of the frame on screen
    double next_due_ = -1;  // media time of the next waiting frame, -1: unknown
    std::int64_t shown_ = 0, dropped_ = 0;
};

}  // namespace guichet::ui
