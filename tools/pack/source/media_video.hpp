// Build-time transcoding of video guides for guichet-pack: any common staff
// format (MP4, MOV, MKV/WebM, AVI, MPEG, FLV, Ogg) to an MP4 the kiosk plays
// well over its 2 cores: H.264 (libx264, CRF) at most 720 px high, a key frame
// every 2 s for seeking by touch, the audio track copied when it is AAC,
// MP3 or Opus. Written in memory; the pack stores the result.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <filesystem>
#include <string>

namespace guichet::packsrc {

struct VideoTranscode {
    int max_height = 720;
    int crf = 26;                  // x264 constant rate factor: 23 is visually lossless, 28 still clear for a guide
    std::string preset = "medium";
};

// SHOWN names the file in errors.
Result<Bytes> transcode_guide(const std::filesystem::path& file, const std::string& shown, const VideoTranscode& options = {});

}  // namespace guichet::packsrc
