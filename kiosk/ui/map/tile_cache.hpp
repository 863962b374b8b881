// Raster tiles uploaded as textures, kept under a memory cap: the least
// recently drawn tile goes first (unit-tested without GL: the byte count is
// given with each texture). UI thread only.
#pragma once

#include "geo/projection.hpp"
#include "platform/texture.hpp"

#include <cstddef>
#include <cstdint>
#include <list>
#include <unordered_map>

namespace guichet::ui::map {

// A tile of raster layer LAYER (index in the screen's raster list).
std::uint64_t tile_key(int layer, geo::TileId tile);

class TileCache {
public:
    explicit TileCache(std::size_t cap_bytes) : cap_(cap_bytes) {}
    // The texture, marked as just used; nullptr when absent.
    const platform::Texture* find(std::uint64_t key);
    bool contains(std::uint64_t key) const { return index_.count(key) != 0; }
    // Inserts (or replaces) KEY, then evicts least recently used tiles until
    // the total is under the cap (the new tile itself stays).
    void put(std::uint64_t key, platform::Texture texture, std::size_t bytes);
    void clear();
    std::size_t bytes() const { return bytes_; }
    std::size_t size() const { return index_.size(); }
    std::size_t cap() const { return cap_; }
    std::size_t evictions() const { return evictions_; }

private:
    struct Entry {
        std::uint64_t key;
        platform::Texture texture;
        std::size_t bytes;
    };
    std::size_t cap_, bytes_ = 0, evictions_ = 0;
    std::list<Entry> lru_;  // most recent first
    std::unordered_map<std::uint64_t, std::list<Entry>::iterator> index_;
};

}  // namespace guichet::ui::map
