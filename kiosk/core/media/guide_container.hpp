// Opens a video guide's container from memory for the video and audio
// decoders. Only MP4/QuickTime and Matroska/WebM are probed, and stream
// probing may only run the guide codecs: hostile entries meet a small part
// of FFmpeg. Internal to the media library.
#pragma once

#include "common/result.hpp"
#include "media/ffmpeg_handles.hpp"
#include "media/memory_input.hpp"

#include <string>

namespace guichet::media {

// INPUT must outlive the returned context. Stream info is read.
Result<ff::FormatInput> open_guide_container(MemoryInput& input, const std::string& name);

}  // namespace guichet::media
