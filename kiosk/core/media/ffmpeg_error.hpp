// FFmpeg error codes and log lines turned into messages that name the input.
#pragma once

#include "common/result.hpp"

#include <string>
#include <string_view>

namespace guichet::media {

// FFmpeg's text for an AVERROR code ("Invalid data found when processing input").
std::string describe_averror(int code);

// Routes FFmpeg's log away from stderr (once per process): error lines are
// kept per thread so that the next failure message can quote the reason.
// Every entry point of the library calls it first; it also forgets this
// thread's earlier line, so that a message never quotes another file's error.
void install_ffmpeg_log_capture();

// The last FFmpeg error line logged on this thread since the previous call, or "".
std::string take_ffmpeg_log_line();

// "NAME: WHAT (FFmpeg: reason; last log line)".
Error ffmpeg_error(std::string_view name, std::string_view what, int code);

}  // namespace guichet::media
