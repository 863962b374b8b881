#include "ui/player/video_guide.hpp"

#include "media/audio_decoder.hpp"
#include "media/video_decoder.hpp"
#include "pack/reader.hpp"
#include "ui/content.hpp"

#include <algorithm>
#include <cctype>

namespace guichet::ui {

namespace {

std::string lower_extension(std::string_view path) {
    const auto slash = path.rfind('/');
    const auto dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
    std::string ext(path.substr(dot));
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// The entry's bytes without a copy when it is stored raw (videos are), else decompressed.
bool entry_bytes(const pack::PackReader& reader, const std::string& path, VideoGuide& g) {
    const auto index = reader.find(path);
    if (!index) {
        g.error = path + ": not in the pack";
        return false;
    }
    if (auto view = reader.read_raw(*index)) {
        g.bytes = *view;
        g.keep = std::make_shared<const pack::PackReader>(reader);  // copies share the mapping
        return true;
    }
    auto bytes = reader.read(*index);
    if (!bytes) {
        g.error = bytes.error().message;
        return false;
    }
    auto copy = std::make_shared<const Bytes>(std::move(*bytes));
    g.bytes = ByteView(copy->data(), copy->size());
    g.keep = copy;
    return true;
}

std::shared_ptr<const VideoGuide> prepare(const pack::PackReader& reader, const std::string& path, PictureMap& pictures) {
    auto g = std::make_shared<VideoGuide>();
    g->path = path;
    if (!entry_bytes(reader, path, *g)) return g;
    media::VideoOptions options;
    options.box = kPictureBox;
    options.threads = 1;  // one frame: the loader has other work
    auto video = media::VideoDecoder::open_memory(g->bytes, path, options);
    if (!video) {
        g->error = video.error().message;
        return g;
    }
    g->duration = video->info().duration_seconds;
    if (video->info().frame_rate > 0) g->frame_rate = video->info().frame_rate;
    auto first = video->next_frame();
    if (!first || first->end_of_stream || first->image.empty()) {
        g->error = first ? path + ": no video frame" : first.error().message;
        return g;
    }
    g->size = first->image.size();
    pictures.emplace(path, std::make_shared<const media::Image>(std::move(first->image)));  // the poster
    g->has_audio = media::AudioDecoder::open_memory(g->bytes, path).ok();
    for (const std::string& sub : subtitle_candidates(path)) {
        auto text = reader.read(sub);
        if (!text) continue;
        auto cues = media::parse_subtitles(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()), sub);
        if (!cues) continue;  // guichet-pack refuses such a pack; a bad file here shows no subtitles
        g->subtitles_path = sub;
        g->cues = std::move(*cues);
        break;
    }
    return g;
}

void prepare_doc(const pack::PackReader& reader, const Doc& doc, Content& content) {
    for (const Block& b : doc.blocks) {
        if (b.kind != BlockKind::Image || !is_video_path(b.src) || content.videos.count(b.src)) continue;
        content.videos.emplace(b.src, prepare(reader, b.src, content.pictures));
    }
}

}  // namespace

bool is_video_path(std::string_view path) {
    const std::string ext = lower_extension(path);
    return ext == ".mp4" || ext == ".webm" || ext == ".mkv" || ext == ".mov" || ext == ".avi";
}

std::vector<std::string> subtitle_candidates(const std::string& video) {
    const std::string ext = lower_extension(video);
    const std::string stem = video.substr(0, video.size() - ext.size());
    return {stem + ".vtt", stem + ".srt"};
}

void prepare_video_guides(const pack::PackReader& reader, Content& content) {
    for (const auto& [path, page] : content.pack->pages) prepare_doc(reader, page.body, content);
    for (const auto& [id, form] : content.pack->forms) prepare_doc(reader, form.note, content);
}

}  // namespace guichet::ui
