// Audio/video synchronisation for the guide player: audio is the master
// clock (a resident hears a glitch sooner than a repeated frame), and each
// decoded video frame is shown, held back or dropped against it. Pure logic.
#pragma once

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
