// Audio/video synchronisation for the guide player: audio is the master
// clock (a resident hears a glitch sooner than a repeated frame), and each
// decoded video frame is shown, held back or dropped against it. Pure logic.
#pragma once

#include <string>

namespace guichet::media {

enum class FrameAction {
    show,  // its time has come (within half a frame)
    wait,  // early: keep it and redraw the current one
    drop,  // late by more than a frame: skip it to catch up
};

// FRAME_SECONDS: the frame's presentation time; CLOCK_SECONDS: the audio
// clock (samples played / rate, minus the output latency); FRAME_DURATION:
// 1 / frame rate.
FrameAction schedule_frame(double frame_seconds, double clock_seconds, double frame_duration);

}  // namespace guichet::media

#include <cstddef>
#include <deque>

namespace guichet::media {

// The player's media time when no audio device is the master (headless runs,
// replays, a guide without sound): a host clock (seconds, monotonic: real
// time, or a replay's simulated time) that stops while paused.
class MediaClock {
public:
    double at(double host) const { return playing_ ? position_ + (host - since_) : position_; }
    bool playing() const { return playing_; }
    void play(double host) {
        if (!playing_) since_ = host, playing_ = true;
    }
    void pause(double host) {
        position_ = at(host);
        playing_ = false;
    }
    void seek(double media, double host) {
        position_ = media;
        since_ = host;
    }

private:
    double position_ = 0, since_ = 0;
    bool playing_ = false;
};

// The frame to show from decoded frames waiting in presentation order, at
// CLOCK: late frames are dropped (counted), the due one is taken, early ones
// stay; when every waiting frame is late (the decoder is behind), the newest
// is shown and the others dropped. TIMES are the waiting frames' times, front first.
struct FramePick {
    std::size_t consumed = 0;  // frames to remove from the front (dropped + shown)
    std::size_t dropped = 0;   // of which skipped without being shown
    bool show = false;         // the last consumed frame is to be shown
    bool need_more = false;    // every waiting frame was consumed: the next one's time is unknown
};
FramePick pick_frame(const std::deque<double>& times, double clock, double frame_duration);

// "m:ss" (or "h:mm:ss"), seconds rounded down; negative reads as 0.
std::string format_media_time(double seconds);

}  // namespace guichet::media
