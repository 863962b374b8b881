// Build-time treatment of a content source's media/ files (issue #7):
//   - pictures (JPEG, PNG, WebP) must decode; those larger than the kiosk's
//     display size are re-encoded in their own format at that size, so page
//     links stay valid and kiosks decode less;
//   - video guides (MP4, WebM, MKV) must demux and decode their first frame
//     with a codec and frame size the kiosk accepts (they are not transcoded);
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
};

// REL: path in the source ("media/plan.jpg"); SHOWN: how staff see it in messages.
std::optional<pack::SourceEntry> prepare_media_entry(const std::filesystem::path& file, const std::string& rel,
                                                     const std::string& shown, Diagnostics& diags,
                                                     const MediaPolicy& policy = {});

}  // namespace guichet::packsrc
