#include "media_check.hpp"

#include "common/file.hpp"
#include "media/image_decode.hpp"
#include "media/image_encode.hpp"
#include "media/subtitles.hpp"
#include "media/video_decoder.hpp"

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
// diagnostic already names the file.
std::string without_name(const std::string& message, const std::string& shown) {
    const std::string prefix = shown + ": ";
    return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

std::string kib(std::size_t bytes) { return std::to_string((bytes + 512) / 1024) + " KB"; }

bool check_picture(pack::SourceEntry& entry, ByteView bytes, const std::string& shown, Diagnostics& diags, const MediaPolicy& policy) {
    media::DecodeOptions options;
    options.box = {policy.max_picture_side, policy.max_picture_side};
    auto decoded = media::decode_image(bytes, shown, options);
    if (!decoded) {
        diags.error(shown, 0, 0, without_name(decoded.error().message, shown) +
                                     "; export it again as JPEG, PNG or WebP from an image editor, or remove it");
        return false;
    }
    const media::Size source = decoded->source.size;
    if (decoded->image.size() == source) {
        if (bytes.size() > policy.large_picture_bytes)
            diags.warning(shown, 0, 0, kib(bytes.size()) + " for a " + std::to_string(source.width) + "×" + std::to_string(source.height) +
                                           " picture: slow to download over the kiosks' line; save it as JPEG or WebP at a lower quality");
        return true;
    }
    media::EncodeOptions encode;
    encode.format = decoded->source.format;
    encode.jpeg_qscale = policy.jpeg_qscale;
    encode.webp_quality = policy.webp_quality;
    auto reencoded = media::encode_image(decoded->image, encode, shown);
    if (!reencoded) {
        diags.error(shown, 0, 0, "cannot re-encode at kiosk size: " + without_name(reencoded.error().message, shown));
        return false;
    }
    entry.data = std::move(*reencoded);
    entry.file.clear();
    return true;
}

bool check_video(ByteView bytes, const std::string& shown, Diagnostics& diags) {
    auto decoder = media::VideoDecoder::open_memory(bytes, shown);
    auto refuse = [&](const std::string& message) {
        diags.error(shown, 0, 0, without_name(message, shown) +
                                     "; kiosks play MP4 or WebM with H.264, VP8, VP9 or AV1 video up to 1920×1080 "
                                     "(for example: ffmpeg -i in.mov -vf scale=-2:720 -c:v libx264 -crf 26 -c:a aac out.mp4)");
        return false;
    };
    if (!decoder) return refuse(decoder.error().message);
    auto frame = decoder->next_frame();
    if (!frame) return refuse(frame.error().message);
    if (frame->end_of_stream) return refuse(shown + ": the video has no frame");
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
    const bool video = ext == ".mp4" || ext == ".webm" || ext == ".mkv";
    const bool subtitles = ext == ".vtt" || ext == ".srt";
    if (!picture && !video && !subtitles) return entry;

    auto mapped = MappedFile::open(file);
    if (!mapped) {
        diags.error(shown, 0, 0, mapped.error().message);
        return std::nullopt;
    }
    const ByteView bytes = mapped->bytes();  // the mapping outlives every use below
    const bool ok = picture ? check_picture(entry, bytes, shown, diags, policy)
                            : video ? check_video(bytes, shown, diags) : check_subtitles(bytes, shown, diags);
    if (!ok) return std::nullopt;
    return entry;
}

}  // namespace guichet::packsrc
