#include "media/playback_clock.hpp"

namespace guichet::media {

FrameAction schedule_frame(double frame_seconds, double clock_seconds, double frame_duration) {
    if (!(frame_duration > 0)) frame_duration = 1.0 / 25;
    const double lead = frame_seconds - clock_seconds;
    if (lead > frame_duration / 2) return FrameAction::wait;
    if (lead < -frame_duration) return FrameAction::drop;
    return FrameAction::show;
}

}  // namespace guichet::media

#include <cmath>
#include <cstdio>

namespace guichet::media {

FramePick pick_frame(const std::deque<double>& times, double clock, double frame_duration) {
    FramePick p;
    for (std::size_t i = 0; i < times.size(); ++i) {
        const FrameAction a = schedule_frame(times[i], clock, frame_duration);
        if (a == FrameAction::wait) return p;
        // A frame that is due supersedes an earlier due one: that one was never shown.
        if (p.show) ++p.dropped;
        ++p.consumed;
        if (a == FrameAction::show) {
            p.show = true;
        } else {
            // More than a frame late: skipped (audio is the master, video catches up).
            p.show = false;
            ++p.dropped;
        }
    }
    p.need_more = true;
    // Every waiting frame is late (the decoder is behind): the newest still
    // replaces the picture on screen, so that the video moves on.
    if (!p.show && p.consumed > 0) {
        p.show = true;
        --p.dropped;
    }
    return p;
}

std::string format_media_time(double seconds) {
    if (!(seconds > 0)) seconds = 0;
    const auto total = static_cast<long long>(std::floor(seconds + 1e-6));
    char buf[32];
    if (total >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", total / 3600, (total / 60) % 60, total % 60);
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", total / 60, total % 60);
    return buf;
}

}  // namespace guichet::media
