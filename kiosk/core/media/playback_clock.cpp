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
