// A video guide in a page: the poster (first frame) at the layout width, the
// subtitles drawn on the picture, large touch controls « Lecture » / « Pause »
// and « Sous-titres », a seek bar (tap or drag) with the elapsed and total time.
// One guide plays at a time; the player is stopped and freed when its page is
// no longer drawn (navigation, idle reset) or on stop().
#pragma once

#include "ui/markdown.hpp"
#include "ui/player/video_player.hpp"

#include <memory>
#include <string>

namespace guichet::ui {

struct Ui;

class VideoGuides {
public:
    explicit VideoGuides(PlayerOptions options = {}) : options_(options) {}

    // Frame boundary (KioskApp::frame, before drawing): stops the player when
    // its guide was not drawn in the previous frame, else brings its frame up
    // to date. HOST: ImGui's time.
    void begin_frame(double host);
    // Session reset: stops and frees the player, subtitles back on.
    void stop();
    // Host seconds until the playing guide needs a frame; negative: none.
    double wake_in() const { return player_ ? player_->wake_in() : -1; }
    const VideoPlayer* player() const { return player_.get(); }

    // Draws BLOCK's guide (SRC a video pack path) with its controls.
    void draw(Ui& ui, const Block& block);

private:
    VideoPlayer& start(const std::shared_ptr<const VideoGuide>& guide, const std::string& src);

    PlayerOptions options_;
    std::unique_ptr<VideoPlayer> player_;
    std::string src_;           // the guide the player plays
    bool drawn_ = false;        // the player's guide was drawn this frame
    bool subtitles_ = true;     // on by default: a deaf resident must follow
    bool seeking_ = false;      // a finger is on the seek bar
    float seek_fraction_ = 0;
    std::string seek_src_;
};

// The kiosk's guides (ui.videos), created on first use with default options.
VideoGuides& video_guides(Ui& ui);
// For the event loop and replays: seconds until the playing guide needs a frame; negative: none.
double video_wake_in(const Ui& ui);
// The Image block of a video pack path: draws it through ui.videos.
void draw_video_guide(Ui& ui, const Block& block);

}  // namespace guichet::ui
