// Raster tiles read from the pack and decoded (PNG/JPEG/WebP → RGBA) on a
// worker thread; the UI thread polls the results once per frame and uploads
// them as textures (TileCache). The queue holds only what the view still
// wants: want() replaces it every frame.
#pragma once

#include "common/worker_queue.hpp"
#include "media/image.hpp"
#include "ui/map/map_data.hpp"

#include <cstdint>
#include <memory>
#include <set>
#include <string>
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
    TileLoader();
    TileLoader(const TileLoader&) = delete;
    TileLoader& operator=(const TileLoader&) = delete;

    // UI thread only, as every call below.
    // The pack the tiles come from; a new one drops every queued request.
    void set_source(std::shared_ptr<const MapData> data);
    // The tiles the view needs and lacks, most wanted first. Replaces the
    // queue; a key being decoded or decoded but not yet polled is skipped.
    void want(std::vector<TileRequest> requests);
    std::vector<TileResult> poll();  // once per frame
    void wait_idle();                // replays: until the queue is empty and nothing is decoding
    bool idle() const;

private:
    struct Job {
        TileRequest request;
        std::shared_ptr<const MapData> data;  // the source when it was wanted
    };
    void drop_queued();

    std::shared_ptr<const MapData> data_;
    std::set<std::uint64_t> in_flight_;  // queued, decoding, or done and not polled
    WorkerQueue<Job, TileResult> queue_;
};

}  // namespace guichet::ui::map
