// The benchmark's generated corpus (fixed seeds, so every run builds the same
// files): French-like Markdown pages and JSON records, compressible binary
// (sensor arrays, records, repeated blocks) and incompressible "media".
#pragma once

#include "common/bytes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_util.hpp"

namespace guichet::bench {

namespace fs = std::filesystem;
constexpr std::uint64_t KiB = 1024, MiB = 1024 * KiB;

void progress(const std::string& line);  // a progress line on stderr

// Deterministic random numbers: xoshiro256**, seeded by splitmix64.

class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& w : s_) w = splitmix(seed);
    }
    std::uint64_t next() {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
        s_[2] ^= s_[0], s_[3] ^= s_[1], s_[1] ^= s_[2], s_[0] ^= s_[3], s_[2] ^= t, s_[3] = rotl(s_[3], 45);
        return result;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(unsigned percent) { return below(100) < percent; }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    std::uint64_t log_uniform(std::uint64_t lo, std::uint64_t hi) {
        return static_cast<std::uint64_t>(static_cast<double>(lo) *
                                          std::pow(static_cast<double>(hi) / static_cast<double>(lo), unit()));
    }
    void fill(std::uint8_t* p, std::size_t n) {
        for (std::size_t i = 0; i < n; i += 8) {
            std::uint64_t v = next();
            std::memcpy(p + i, &v, std::min<std::size_t>(8, n - i));
        }
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    std::uint64_t s_[4];
};

// French-like text: a vocabulary of a few hundred words with a skewed frequency.
class TextGen {
public:
    explicit TextGen(Rng& rng);
    std::string sentence();
    std::string markdown(std::size_t target);              // a page of about TARGET bytes
    std::string json(std::size_t target, std::size_t id);  // an array of records, about TARGET bytes

private:
    std::string word();
    std::string words(std::size_t lo, std::size_t hi, bool capital);
    std::string record(std::size_t id);

    Rng& rng_;
    std::vector<std::string> vocab_, function_, types_, days_;
};

struct Scale {
    std::size_t small_entries;
    std::uint64_t binary_bytes, file_min, file_max;  // main corpus binary, and the size range of its files
    std::uint64_t extra_bytes;                       // binary in the small pack
    std::uint64_t big_bytes, big_file;               // media of the large pack
    int iterations;                                  // open + read
};
constexpr Scale kFull{20000, 200 * MiB, 1 * MiB, 20 * MiB, 3 * MiB, 1024 * MiB, 32 * MiB, 200};
constexpr Scale kQuick{2000, 4 * MiB, 20 * KiB, 400 * KiB, 60 * KiB, 20 * MiB, 640 * KiB, 50};

struct CorpusFile {
    std::string path;  // inside the pack
    fs::path file;
    bool media = false;  // incompressible, stored raw
};

struct Corpus {
    fs::path root;                                      // the main corpus directory (what tar archives)
    std::vector<CorpusFile> small, binary, extra, big;  // root holds small + binary; extra and big lie beside it
};

Corpus make_corpus(const fs::path& work, const Scale& s);

}  // namespace guichet::bench
