#include "media/ffmpeg_error.hpp"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

#include <cstdarg>
#include <cstdio>
#include <mutex>

namespace guichet::media {
namespace {

thread_local std::string last_log_line;

void capture_log(void* avcl, int level, const char* format, va_list args) {
    if (level > AV_LOG_ERROR) return;
    char line[512];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, format, args, line, sizeof line, &print_prefix);
    std::string text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (!text.empty()) last_log_line = std::move(text);
}

}  // namespace

std::string describe_averror(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(code, text, sizeof text) < 0) std::snprintf(text, sizeof text, "error %d", code);
    return text;
}

void install_ffmpeg_log_capture() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_callback(capture_log); });
    last_log_line.clear();
}

std::string take_ffmpeg_log_line() {
    std::string line = std::move(last_log_line);
    last_log_line.clear();
    return line;
}

Error ffmpeg_error(std::string_view name, std::string_view what, int code) {
    std::string message = std::string(name) + ": " + std::string(what) + " (FFmpeg: " + describe_averror(code);
    if (std::string log = take_ffmpeg_log_line(); !log.empty()) message += "; " + log;
    return fail(message + ")");
}

}  // namespace guichet::media
