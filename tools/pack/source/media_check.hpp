// Build-time treatment of a content source's media/ files (issue #7):
//   - pictures (JPEG, PNG, WebP) must decode; those larger than the kiosk's
//     display size are re-encoded in their own format at that size, so page
//     links stay valid and kiosks decode less;
//   - video guides (MP4, WebM, MKV, MOV, AVI) are kept when the kiosk plays
//     them (accepted container and codec) at 720 px high or less, otherwise
//     transcoded to H.264 MP4 at 720 px (media_video.hpp); a video neither
//     can handle is refused;
//   - subtitles (WebVTT, SRT) must parse;
//   - other files (PDF…) pass unchanged.
// Errors name the file and say what to do; the pack is then not built.
#pragma once

#include "diagnostics.hpp"
#include "pack_writer.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace guichet::packsrc {

struct MediaPolicy {
    int max_picture_side = 1600;  // px, long side
    int jpeg_qscale = 3;          // FFmpeg quantiser for re-encoded JPEGs (about libjpeg quality 90)
    int webp_quality = 82;
    std::size_t large_picture_bytes = 400 * 1024;  // warn above: slow over the kiosks' 512 kbit/s line
    int max_video_height = 720;                    // taller guides are transcoded
};

// REL: path in the source ("media/plan.jpg"); SHOWN: how staff see it in messages.
std::optional<pack::SourceEntry> prepare_media_entry(const std::filesystem::path& file, const std::string& rel,
                                                     const std::string& shown, Diagnostics& diags,
                                                     const MediaPolicy& policy = {});

}  // namespace guichet::packsrc
