#include "ui/map/tile_loader.hpp"

#include "media/image_decode.hpp"
#include "platform/platform.hpp"

namespace guichet::ui::map {

TileLoader::~TileLoader() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void TileLoader::set_source(std::shared_ptr<const MapData> data) {
    std::lock_guard lock(mu_);
    if (data_ == data) return;
    data_ = std::move(data);
    queue_.clear();
}

void TileLoader::want(std::vector<TileRequest> requests) {
    {
        std::lock_guard lock(mu_);
        queue_.clear();
        for (TileRequest& r : requests)
            if (!busy_.count(r.key)) queue_.push_back(std::move(r));
        if (queue_.empty()) return;
        if (!worker_.joinable()) worker_ = std::thread([this] { run(); });
    }
    cv_.notify_one();
}

std::vector<TileResult> TileLoader::poll() {
    std::lock_guard lock(mu_);
    std::vector<TileResult> out;
    out.swap(done_);
    for (const TileResult& r : out) busy_.erase(r.key);
    return out;
}

bool TileLoader::idle() const {
    std::lock_guard lock(mu_);
    return queue_.empty() && !working_;
}

void TileLoader::wait_idle() {
    std::unique_lock lock(mu_);
    idle_cv_.wait(lock, [&] { return queue_.empty() && !working_; });
}

void TileLoader::run() {
    std::unique_lock lock(mu_);
    while (true) {
        cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        TileRequest req = std::move(queue_.front());
        queue_.pop_front();
        std::shared_ptr<const MapData> data = data_;
        busy_.insert(req.key);
        working_ = true;
        lock.unlock();
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
        lock.lock();
        done_.push_back(std::move(r));
        working_ = false;
        if (queue_.empty()) idle_cv_.notify_all();
        lock.unlock();
        platform::Platform::wake();
        lock.lock();
    }
}

}  // namespace guichet::ui::map
