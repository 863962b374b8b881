#include "media_check.hpp"
#include "media_video.hpp"

#include "common/file.hpp"
#include "media/image_decode.hpp"
#include "media/image_encode.hpp"
#include "media/subtitles.hpp"
#include "media/video_decoder.hpp"
#include "messages.hpp"

#include <algorithm>
#include <cctype>

namespace guichet::packsrc {
namespace {

std::string extension_of(const std::string& rel) {
    std::string ext = std::filesystem::path(rel).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

// The media library prefixes its messages with the name it was given; the
// diagnostic already names the file. Its fixed messages are in the catalogue.
std::string without_name(const std::string& message, const std::string& shown) {
    const std::string prefix = shown + ": ";
    return msg(message.starts_with(prefix) ? message.substr(prefix.size()) : message);
}

std::string kib(std::size_t bytes) { return std::to_string((bytes + 512) / 1024) + " KB"; }

bool check_picture(pack::SourceEntry& entry, ByteView bytes, const std::string& shown, Diagnostics& diags, const MediaPolicy& policy) {
    media::DecodeOptions options;
    options.box = {policy.max_picture_side, policy.max_picture_side};
    auto decoded = media::decode_image(bytes, shown, options);
    if (!decoded) {
        diags.error(shown, 0, 0, msg("{1}; export it again as JPEG, PNG or WebP from an image editor, or remove it",
                                     {without_name(decoded.error().message, shown)}));
        return false;
    }
    const media::Size source = decoded->source.size;
    if (decoded->image.size() == source) {
        if (bytes.size() > policy.large_picture_bytes)
            diags.warning(shown, 0, 0,
                          msg("{1} for a {2}×{3} picture: slow to download over the kiosks' line; save it as JPEG or WebP at a lower quality",
                              {kib(bytes.size()), std::to_string(source.width), std::to_string(source.height)}));
        return true;
    }
    media::EncodeOptions encode;
    encode.format = decoded->source.format;
    encode.jpeg_qscale = policy.jpeg_qscale;
    encode.webp_quality = policy.webp_quality;
    auto reencoded = media::encode_image(decoded->image, encode, shown);
    if (!reencoded) {
        diags.error(shown, 0, 0, msg("cannot re-encode at kiosk size: {1}", {without_name(reencoded.error().message, shown)}));
        return false;
    }
    entry.data = std::move(*reencoded);
    entry.file.clear();
    return true;
}

// What the kiosk will do with it: open with its whitelists and decode a frame.
Result<media::VideoInfo> kiosk_plays(ByteView bytes, const std::string& shown) {
    auto decoder = media::VideoDecoder::open_memory(bytes, shown);
    if (!decoder) return decoder.error();
    auto frame = decoder->next_frame();
    if (!frame) return frame.error();
    if (frame->end_of_stream) return fail(shown + ": " + msg("the video has no frame"));
    return decoder->info();
}

// Kept as is when the kiosk plays it at 720 px or less; otherwise transcoded (media_video.hpp).
bool check_video(pack::SourceEntry& entry, ByteView bytes, const std::string& shown, Diagnostics& diags, const MediaPolicy& policy) {
    auto refuse = [&](const std::string& message) {
        diags.error(shown, 0, 0,
                    msg("{1}; kiosks play MP4 or WebM with H.264, VP8, VP9 or AV1 video up to 1920×1080 "
                        "(for example: ffmpeg -i in.mov -vf scale=-2:720 -c:v libx264 -crf 26 -c:a aac out.mp4)",
                        {without_name(message, shown)}));
        return false;
    };
    auto playable = kiosk_plays(bytes, shown);
    if (playable && playable->size.height <= policy.max_video_height) return true;
    VideoTranscode options;
    options.max_height = policy.max_video_height;
    auto mp4 = transcode_guide(entry.file, shown, options);
    if (!mp4) return refuse(mp4.error().message);
    if (auto check = kiosk_plays(*mp4, shown); !check) return refuse(msg("the transcoded video does not play: {1}", {without_name(check.error().message, shown)}));
    entry.data = std::move(*mp4);
    entry.file.clear();
    return true;
}

bool check_subtitles(ByteView bytes, const std::string& shown, Diagnostics& diags) {
    auto cues = media::parse_subtitles(as_chars(bytes), shown);
    if (cues) return true;
    // "shown:LINE: message" -> a diagnostic at that line.
    std::string message = cues.error().message;
    int line = 0;
    if (const std::string prefix = shown + ":"; message.starts_with(prefix)) {
        message.erase(0, prefix.size());
        std::size_t digits = 0;
        while (digits < message.size() && digits < 9 && std::isdigit(static_cast<unsigned char>(message[digits]))) ++digits;
        if (digits > 0 && message.compare(digits, 2, ": ") == 0) {
            line = std::stoi(message.substr(0, digits));
            message.erase(0, digits + 2);
        } else if (message.starts_with(" ")) {
            message.erase(0, 1);
        }
    }
    diags.error(shown, line, 0, message);
    return false;
}

}  // namespace

std::optional<pack::SourceEntry> prepare_media_entry(const std::filesystem::path& file, const std::string& rel, const std::string& shown,
                                                     Diagnostics& diags, const MediaPolicy& policy) {
    pack::SourceEntry entry;
    entry.path = rel;
    entry.file = file;
    entry.media_type = pack::media_type_for(rel, &entry.already_compressed);
    const std::string ext = extension_of(rel);
    const bool picture = ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp";
    const bool video = ext == ".mp4" || ext == ".webm" || ext == ".mkv" || ext == ".mov" || ext == ".avi";
    const bool subtitles = ext == ".vtt" || ext == ".srt";
    if (!picture && !video && !subtitles) return entry;

    auto mapped = MappedFile::open(file);
    if (!mapped) {
        diags.error(shown, 0, 0, mapped.error().message);
        return std::nullopt;
    }
    const ByteView bytes = mapped->bytes();  // the mapping outlives every use below
    const bool ok = picture ? check_picture(entry, bytes, shown, diags, policy)
                            : video ? check_video(entry, bytes, shown, diags, policy) : check_subtitles(bytes, shown, diags);
    if (!ok) return std::nullopt;
    return entry;
}

}  // namespace guichet::packsrc
