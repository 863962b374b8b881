#include "ui/map/tile_cache.hpp"

namespace guichet::ui::map {

std::uint64_t tile_key(int layer, geo::TileId t) {
    return (static_cast<std::uint64_t>(layer & 0x3f) << 58) | (static_cast<std::uint64_t>(t.z & 0x1f) << 52) |
           (static_cast<std::uint64_t>(t.x & 0x3ffffff) << 26) | static_cast<std::uint64_t>(t.y & 0x3ffffff);
}

const platform::Texture* TileCache::find(std::uint64_t key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return &it->second->texture;
}

void TileCache::put(std::uint64_t key, platform::Texture texture, std::size_t bytes) {
    if (auto it = index_.find(key); it != index_.end()) {
        bytes_ -= it->second->bytes;
        lru_.erase(it->second);
        index_.erase(it);
    }
    lru_.push_front(Entry{key, std::move(texture), bytes});
    index_[key] = lru_.begin();
    bytes_ += bytes;
    while (bytes_ > cap_ && lru_.size() > 1) {
        Entry& last = lru_.back();
        bytes_ -= last.bytes;
        index_.erase(last.key);
        lru_.pop_back();
        ++evictions_;
    }
}

void TileCache::clear() {
    lru_.clear();
    index_.clear();
    bytes_ = 0;
}

}  // namespace guichet::ui::map
