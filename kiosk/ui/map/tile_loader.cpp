#include "ui/map/tile_loader.hpp"

#include "media/image_decode.hpp"
#include "platform/platform.hpp"

namespace guichet::ui::map {

namespace {

TileResult decode_tile(const TileRequest& req, const MapData* data) {
    TileResult r;
    r.key = req.key;
    if (auto bytes = data ? data->reader.read(req.path) : Result<Bytes>(fail("no map data"))) {
        media::DecodeOptions options;
        options.box = {512, 512};
        if (auto img = media::decode_image(*bytes, req.path, options)) {
            r.image = std::make_shared<media::Image>(std::move(img->image));
            const std::vector<std::uint8_t>& px = r.image->pixels;
            for (std::size_t i = 3; i < px.size() && r.opaque; i += 4) r.opaque = px[i] == 255;
        } else {
            r.error = img.error().message;
        }
    } else {
        r.error = bytes.error().message;
    }
    return r;
}

}  // namespace

TileLoader::TileLoader()
    : queue_([](Job& job) -> std::optional<TileResult> { return decode_tile(job.request, job.data.get()); },
             [] { platform::Platform::wake(); }) {}

// Queued requests no longer count as in flight: want() may queue them again.
void TileLoader::drop_queued() {
    for (const Job& j : queue_.drop_pending()) in_flight_.erase(j.request.key);
}

void TileLoader::set_source(std::shared_ptr<const MapData> data) {
    if (data_ == data) return;
    data_ = std::move(data);
    drop_queued();
}

void TileLoader::want(std::vector<TileRequest> requests) {
    drop_queued();
    std::vector<Job> jobs;
    for (TileRequest& r : requests)
        if (in_flight_.insert(r.key).second) jobs.push_back({std::move(r), data_});
    queue_.post_all(std::move(jobs));
}

std::vector<TileResult> TileLoader::poll() {
    std::vector<TileResult> out = queue_.poll();
    for (const TileResult& r : out) in_flight_.erase(r.key);
    return out;
}

bool TileLoader::idle() const { return queue_.idle(); }

void TileLoader::wait_idle() { queue_.wait_idle(); }

}  // namespace guichet::ui::map
