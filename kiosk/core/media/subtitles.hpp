// Subtitle files for video guides (WebVTT or SubRip/SRT, UTF-8): a pure
// parser to timed cues, so that a deaf resident can follow a guide.
// Styling tags are removed and entities decoded; positioning settings ignored.
#pragma once

#include "common/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace guichet::media {

struct Cue {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;  // > start_ms
    std::string text;         // lines joined with '\n'
};

// Errors name NAME and the 1-based line ("guides/x.vtt:12: …").
Result<std::vector<Cue>> parse_webvtt(std::string_view text, std::string_view name);
Result<std::vector<Cue>> parse_srt(std::string_view text, std::string_view name);
// WebVTT when the file starts with "WEBVTT", SRT otherwise.
Result<std::vector<Cue>> parse_subtitles(std::string_view text, std::string_view name);

// Cues shown at TIME_MS (start inclusive, end exclusive), in file order.
std::vector<const Cue*> cues_at(const std::vector<Cue>& cues, std::int64_t time_ms);

// "hh:mm:ss.mmm" / "mm:ss.mmm" (WebVTT) or "hh:mm:ss,mmm" (SRT) to milliseconds; -1 when malformed.
std::int64_t parse_timestamp(std::string_view text);

}  // namespace guichet::media
