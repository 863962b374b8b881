// Video guides of Markdown pages (`![Guide vidéo : …](../../media/guide.mp4)`,
// docs/content-format.md § 5): what the content loader's worker prepares for
// the player, so that the UI thread never reads the pack.
//
//   1. prepare_video_guides (loader worker): for every Image block whose pack
//      path is a video, a VideoGuide: a view of the entry's bytes (zero-copy
//      from the signed, mapped pack when the entry is stored raw), the sibling
//      subtitles parsed (.vtt, else .srt), the first frame decoded as the
//      poster into Content::pictures under the video's path.
//   2. The UI's VideoGuides (video_block.hpp) draws the poster and, once the
//      resident taps « Lecture », runs a VideoPlayer over the same bytes.
#pragma once

#include "common/bytes.hpp"
#include "media/image.hpp"
#include "media/subtitles.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::pack {
class PackReader;
}

namespace guichet::ui {

struct Content;

struct VideoGuide {
    std::string path;                  // "media/guide-demarche.mp4"
    ByteView bytes;                    // the entry, kept alive by KEEP
    std::shared_ptr<const void> keep;  // the pack mapping (raw entry) or a decompressed copy
    std::string subtitles_path;        // "" when the guide has none
    std::vector<media::Cue> cues;
    media::Size size;                  // frames as decoded for display (fitted to kPictureBox)
    double duration = 0;               // seconds
    double frame_rate = 25;
    bool has_audio = false;
    std::string error;                 // not empty: cannot be played (the reason, for logs)
};

using VideoMap = std::map<std::string, std::shared_ptr<const VideoGuide>>;

// A pack path naming a video guide (.mp4, .webm, .mkv, .mov).
bool is_video_path(std::string_view path);
// The subtitle entries tried for VIDEO, in order: same name with .vtt, then .srt.
std::vector<std::string> subtitle_candidates(const std::string& video);

// Loader worker. Block srcs must already be pack paths (decode_pictures runs first).
void prepare_video_guides(const pack::PackReader& reader, Content& content);

}  // namespace guichet::ui
