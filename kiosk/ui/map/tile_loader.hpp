// Raster tiles read from the pack and decoded (PNG/JPEG/WebP → RGBA) on a
// worker thread; the UI thread polls the results once per frame and uploads
// them as textures (TileCache). The queue holds only what the view still
// wants: want() replaces it every frame.
#pragma once

#include "media/image.hpp"
#include "ui/map/map_data.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace guichet::ui::map {

struct TileRequest {
    std::uint64_t key = 0;
    std::string path;  // pack entry
};

struct TileResult {
    std::uint64_t key = 0;
    std::shared_ptr<media::Image> image;  // null: unreadable or undecodable (error says why)
    std::string error;
    bool opaque = true;  // every pixel's alpha is 255: drawn without blending
};

class TileLoader {
public:
    TileLoader() = default;
    ~TileLoader();
    TileLoader(const TileLoader&) = delete;
    TileLoader& operator=(const TileLoader&) = delete;

    // The pack the tiles come from; a new one drops every queued request.
    void set_source(std::shared_ptr<const MapData> data);
    // The tiles the view needs and lacks, most wanted first. Replaces the
    // queue; a key being decoded or decoded but not yet polled is skipped.
    void want(std::vector<TileRequest> requests);
    std::vector<TileResult> poll();  // UI thread, once per frame
    void wait_idle();                // replays: until the queue is empty and nothing is decoding
    bool idle() const;

private:
    void run();
    mutable std::mutex mu_;
    std::condition_variable cv_, idle_cv_;
    std::shared_ptr<const MapData> data_;
    std::deque<TileRequest> queue_;
    std::set<std::uint64_t> busy_;  // decoding, or done and not polled
    std::vector<TileResult> done_;
    bool working_ = false, stop_ = false;
    std::thread worker_;
};

}  // namespace guichet::ui::map
