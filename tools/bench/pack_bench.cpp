// guichet-pack-bench: figures for the pack format on a corpus it generates
// itself (fixed seed): open + read latency, size against tar | zstd, full
// verification against b2sum, extraction against zstd -d, and delta size.
// A benchmark, not a test: it prints numbers and the goals they aim at.
#include "delta_writer.hpp"
#include "pack_writer.hpp"

#include "common/file.hpp"
#include "crypto/signing/signing.hpp"
#include "pack/delta.hpp"
#include "pack/reader.hpp"

#include <zstd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace guichet;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t KiB = 1024, MiB = 1024 * KiB;

struct BenchError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <class T>
T must(Result<T> r, const std::string& what) {
    if (!r) throw BenchError(what + ": " + r.error().message);
    return std::move(r.value());
}
void must(const Result<void>& r, const std::string& what) {
    if (!r) throw BenchError(what + ": " + r.error().message);
}

void progress(const std::string& line) {
    std::fprintf(stderr, "[bench] %s\n", line.c_str());
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}
std::string fmt_size(double b) {
    return b >= 1024.0 * MiB ? fmt("%.2f GiB", b / (1024.0 * MiB))
           : b >= MiB        ? fmt("%.1f MiB", b / MiB)
                             : fmt("%.1f KiB", b / KiB);
}
std::string fmt_time(double s) {
    return s >= 1 ? fmt("%.2f s", s) : s >= 1e-3 ? fmt("%.2f ms", s * 1e3) : fmt("%.0f us", s * 1e6);
}
std::string fmt_rate(double bytes, double s) {
    return fmt("%.0f MiB/s", bytes / MiB / s);
}

// ---- Deterministic random numbers (xoshiro256**, seeded by splitmix64) ----

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

// ---- French-like text and JSON records ----

const char* const kFunctionWords[] = {"le",    "la",   "les",  "de",    "des",   "du",   "un",   "une", "et",   "à",
                                      "en",    "pour", "dans", "sur",   "avec",  "par",  "au",   "aux", "est",  "sont",
                                      "que",   "qui",  "ne",   "pas",   "plus",  "vous", "nous", "il",  "elle", "ce",
                                      "cette", "son",  "sa",   "ses",   "votre", "vos",  "leur", "se",  "ou",   "mais",
                                      "si",    "tout", "être", "avoir", "faire", "peut", "doit"};
const char* const kStems[] = {
    "administr", "demand",  "servic",   "inform",  "document", "format", "commun",   "région",    "départ",  "habit",
    "famil",     "travail", "log",      "aid",     "droit",    "impôt",  "santé",    "transport", "écol",    "mairi",
    "dossi",     "rendez",  "guichet",  "accueil", "horair",   "bureau", "assur",    "retrait",   "allocat", "permis",
    "passeport", "cart",    "justific", "adress",  "courri",   "formul", "rembours", "cotis",     "déclar",  "prestat"};
const char* const kEndings[] = {"",     "e",     "es",  "s",   "ation", "ations", "ement", "ements", "eur", "eurs",
                                "ique", "iques", "al",  "ale", "aux",   "ant",    "ante",  "é",      "ée",  "és",
                                "er",   "ez",    "ons", "ent", "ité",   "ités",   "if",    "ive",    "ier", "ière"};
const char* const kRecordTypes[] = {"service", "lieu", "evenement", "formulaire", "permanence", "association"};
const char* const kDays[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"};

class TextGen {
public:
    explicit TextGen(Rng& rng) : rng_(rng) {
        for (const char* stem : kStems)
            for (int k = 0; k < 8; ++k) vocab_.push_back(std::string(stem) + kEndings[rng_.below(std::size(kEndings))]);
        std::sort(vocab_.begin(), vocab_.end());
        vocab_.erase(std::unique(vocab_.begin(), vocab_.end()), vocab_.end());
    }
    std::string word() {  // skewed towards the first words, like natural text
        double u = rng_.unit() * rng_.unit();
        if (rng_.chance(45)) return kFunctionWords[static_cast<std::size_t>(u * std::size(kFunctionWords))];
        return vocab_[static_cast<std::size_t>(u * static_cast<double>(vocab_.size()))];
    }
    std::string words(std::size_t lo, std::size_t hi, bool capital) {
        std::string s;
        for (std::size_t i = 0, n = lo + rng_.below(hi - lo + 1); i < n; ++i) s += (i ? " " : "") + word();
        if (capital && !s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
        return s;
    }
    std::string sentence() { return words(6, 18, true) + (rng_.chance(20) ? ", " + words(3, 8, false) : "") + "."; }

    std::string markdown(std::size_t target) {
        std::string s = "# " + words(2, 5, true) + "\n\n";
        while (s.size() < target) {
            std::size_t r = rng_.below(100);
            if (r < 12) {
                s += "## " + words(2, 5, true) + "\n\n";
            } else if (r < 27) {
                for (std::size_t i = 0, n = 2 + rng_.below(4); i < n; ++i) s += "- " + sentence() + "\n";
                s += "\n";
            } else if (r < 32) {
                s += "Voir aussi [" + words(1, 3, false) + "](../" + std::to_string(100 + rng_.below(200)) + "/page-" +
                     std::to_string(rng_.below(20000)) + ".md).\n\n";
            } else {
                for (std::size_t i = 0, n = 2 + rng_.below(5); i < n; ++i) s += sentence() + " ";
                s.back() = '\n';
                s += "\n";
            }
        }
        return s;
    }

    std::string json(std::size_t target, std::size_t id) {
        std::string s = "[\n";
        for (std::size_t k = 0; s.size() < target; ++k) s += (k ? ",\n" : "") + record(id * 100 + k);
        return s + "\n]\n";
    }

private:
    std::string quoted(const std::string& v) { return "\"" + v + "\""; }
    std::string two(std::size_t v) { return (v < 10 ? "0" : "") + std::to_string(v); }
    std::string record(std::size_t id) {
        std::string r = "  {\"id\": " + std::to_string(id) +
                        ", \"type\": " + quoted(kRecordTypes[rng_.below(std::size(kRecordTypes))]) +
                        ", \"nom\": " + quoted(words(2, 5, true));
        if (rng_.chance(60)) r += ", \"description\": " + quoted(sentence());
        if (rng_.chance(50))
            r += ", \"adresse\": {\"rue\": " +
                 quoted(std::to_string(1 + rng_.below(120)) + " rue " + words(1, 3, false)) +
                 ", \"code_postal\": " + quoted(std::to_string(10000 + rng_.below(85000))) +
                 ", \"ville\": " + quoted(words(1, 2, true)) + "}";
        if (rng_.chance(40)) {
            r += ", \"horaires\": [";
            for (std::size_t d = 0, n = 1 + rng_.below(5); d < n; ++d)
                r += (d ? ", " : "") + quoted(std::string(kDays[d]) + " " + two(8 + rng_.below(3)) + "h-" +
                                              two(12 + rng_.below(7)) + "h");
            r += "]";
        }
        if (rng_.chance(30)) r += ", \"telephone\": " + quoted("0" + std::to_string(100000000 + rng_.below(800000000)));
        if (rng_.chance(50)) r += ", \"tags\": [" + quoted(word()) + ", " + quoted(word()) + "]";
        if (rng_.chance(25)) r += ", \"places\": " + std::to_string(rng_.below(500));
        if (rng_.chance(35)) r += std::string(", \"actif\": ") + (rng_.chance(80) ? "true" : "false");
        return r + ", \"maj\": \"2024-" + two(1 + rng_.below(12)) + "-" + two(1 + rng_.below(28)) + "\"}";
    }

    Rng& rng_;
    std::vector<std::string> vocab_;
};

// ---- Binary content ----

enum class BinKind { photo, sensor, video, records, blocks };
const char* const kBinNames[] = {"media/photo-%03zu.jpg", "bin/sensor-%03zu.bin", "media/video-%03zu.mp4",
                                 "bin/records-%03zu.dat", "bin/blocks-%03zu.blk"};

Bytes sensor_data(Rng& rng, std::size_t n) {  // 8 channels of int16, random walks plus noise
    Bytes out(n);
    std::int32_t level[8] = {};
    for (std::size_t i = 0; i + 1 < n; i += 2) {
        auto& v = level[(i / 2) % 8];
        v = std::clamp<std::int32_t>(v + static_cast<std::int32_t>(rng.below(7)) - 3, -20000, 20000);
        store_le16(&out[i], static_cast<std::uint16_t>(v + static_cast<std::int32_t>(rng.below(17)) - 8));
    }
    return out;
}

Bytes record_data(Rng& rng, std::size_t n) {  // 32-byte station records
    Bytes out(n);
    std::uint32_t time = 1700000000;
    float temp = 12.0f;
    const char* stations[] = {"PARIS-NORD  ", "LYON-PART   ", "LILLE-EST   ", "NANTES-OUEST", "BREST-PORT  "};
    for (std::size_t i = 0; i + 32 <= n; i += 32) {
        time += 1 + static_cast<std::uint32_t>(rng.below(3));
        temp += static_cast<float>(static_cast<int>(rng.below(21)) - 10) * 0.01f;
        float hum = 40.0f + static_cast<float>(rng.below(600)) * 0.1f;
        store_le32(&out[i], time);
        store_le32(&out[i + 4], static_cast<std::uint32_t>(rng.below(50)));
        std::memcpy(&out[i + 8], &temp, 4);
        std::memcpy(&out[i + 12], &hum, 4);
        store_le16(&out[i + 16], rng.chance(3) ? static_cast<std::uint16_t>(1 + rng.below(9)) : 0);
        store_le16(&out[i + 18], 0x0101);
        std::memcpy(&out[i + 20], stations[rng.below(std::size(stations))], 12);
    }
    return out;
}

Bytes block_data(Rng& rng, std::size_t n) {  // 16 KiB blocks drawn from 16 templates, lightly mutated
    std::vector<Bytes> templates(16, Bytes(16 * KiB));
    for (std::size_t t = 0; t < templates.size(); ++t)
        if (t % 2)
            rng.fill(templates[t].data(), templates[t].size());
        else
            for (std::size_t i = 0; i < templates[t].size(); ++i)
                templates[t][i] = static_cast<std::uint8_t>((i * t) >> 3);
    Bytes out(n);
    for (std::size_t i = 0; i < n; i += 16 * KiB) {
        const Bytes& t = templates[rng.below(templates.size())];
        std::size_t len = std::min<std::size_t>(t.size(), n - i);
        std::copy(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(len),
                  out.begin() + static_cast<std::ptrdiff_t>(i));
        for (int m = 0; m < 160; ++m) out[i + rng.below(len)] ^= static_cast<std::uint8_t>(1 + rng.below(255));
    }
    return out;
}

Bytes binary_data(Rng& rng, BinKind kind, std::size_t n) {
    switch (kind) {
        case BinKind::sensor:
            return sensor_data(rng, n);
        case BinKind::records:
            return record_data(rng, n);
        case BinKind::blocks:
            return block_data(rng, n);
        case BinKind::photo:
        case BinKind::video:
            break;
    }
    Bytes out(n);
    rng.fill(out.data(), n);
    return out;
}

// ---- Corpus on disk ----

struct Scale {
    std::size_t small_entries;
    std::uint64_t binary_bytes, file_min, file_max;  // main corpus binary, and the size range of its files
    std::uint64_t extra_bytes;                       // binary in the small pack
    std::uint64_t big_bytes, big_file;               // media of the large pack
    int iterations;
};
constexpr Scale kFull{20000, 200 * MiB, 1 * MiB, 20 * MiB, 3 * MiB, 1024 * MiB, 32 * MiB, 200};
constexpr Scale kQuick{2000, 4 * MiB, 20 * KiB, 400 * KiB, 60 * KiB, 20 * MiB, 640 * KiB, 50};

struct CorpusFile {
    std::string path;  // inside the pack
    fs::path file;
    bool binary = false;
    bool media = false;  // incompressible, stored raw
};

struct Corpus {
    fs::path root;  // the main corpus directory (what tar archives)
    std::vector<CorpusFile> small, binary, extra, big;
};

void write_bytes(const fs::path& file, const void* data, std::size_t n) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
    if (!out) throw BenchError("cannot write " + file.string());
}

Bytes read_bytes(const fs::path& file) {
    return must(read_file(file, pack::kDefaultMaxEntrySize), "read " + file.string());
}

std::vector<CorpusFile> make_small(Rng& rng, const fs::path& root, std::size_t count) {
    TextGen text(rng);
    std::vector<CorpusFile> files;
    char name[64];
    for (std::size_t i = 0; i < count; ++i) {
        std::size_t target = rng.log_uniform(200, 8000);
        bool page = rng.chance(60);
        if (page)
            std::snprintf(name, sizeof name, "pages/%03zu/page-%05zu.md", i / 100, i);
        else
            std::snprintf(name, sizeof name, "data/rec-%05zu.json", i);
        std::string content = page ? text.markdown(target) : text.json(target, i);
        files.push_back({name, root / name});
        write_bytes(files.back().file, content.data(), content.size());
    }
    return files;
}

CorpusFile make_binary(Rng& rng, const fs::path& root, const char* name_fmt, std::size_t n, BinKind kind,
                       std::size_t i) {
    char name[64];
    std::snprintf(name, sizeof name, name_fmt, i);
    Bytes data = binary_data(rng, kind, n);
    CorpusFile f{name, root / name, true, kind == BinKind::photo || kind == BinKind::video};
    write_bytes(f.file, data.data(), data.size());
    return f;
}

Corpus make_corpus(const fs::path& work, const Scale& s) {
    Rng rng(20240611);
    Corpus c;
    c.root = work / "corpus";
    progress("generating " + std::to_string(s.small_entries) + " text/JSON entries");
    c.small = make_small(rng, c.root, s.small_entries);
    progress("generating " + fmt_size(static_cast<double>(s.binary_bytes)) + " of mixed binary");
    std::uint64_t done = 0;
    for (std::size_t i = 0; done < s.binary_bytes; ++i) {
        std::size_t n = std::min(rng.log_uniform(s.file_min, s.file_max), s.binary_bytes - done);
        auto kind = static_cast<BinKind>(i % 5);
        c.binary.push_back(make_binary(rng, c.root, kBinNames[i % 5], n, kind, i));
        done += n;
    }
    const BinKind extra_kinds[] = {BinKind::photo, BinKind::sensor, BinKind::records};
    for (std::size_t i = 0; i < 3; ++i)
        c.extra.push_back(make_binary(rng, work / "extra", kBinNames[static_cast<int>(extra_kinds[i])],
                                      s.extra_bytes / 3, extra_kinds[i], 900 + i));
    progress("generating " + fmt_size(static_cast<double>(s.big_bytes)) + " of incompressible media");
    for (std::size_t i = 0; i * s.big_file < s.big_bytes; ++i)
        c.big.push_back(make_binary(rng, work / "big", "media/big/film-%03zu.mp4", s.big_file, BinKind::video, i));
    return c;
}

// ---- Packs ----

std::vector<pack::SourceEntry> sources(const std::vector<std::vector<CorpusFile>*>& groups) {
    std::vector<pack::SourceEntry> entries;
    for (const auto* group : groups)
        for (const auto& f : *group) {
            pack::SourceEntry e;
            e.path = f.path;
            e.file = f.file;
            e.media_type = pack::media_type_for(f.path, &e.already_compressed);
            entries.push_back(std::move(e));
        }
    return entries;
}

struct Built {
    fs::path path;
    pack::BuildStats stats;
    double seconds = 0;
};

Built build_pack(std::vector<pack::SourceEntry> entries, const std::string& id, std::uint64_t version,
                 const crypto::SecretKey& key, std::optional<Bytes> dict, const fs::path& out) {
    pack::BuildOptions o;
    o.manifest.id = id;
    o.manifest.version = version;
    o.manifest.title = "Benchmark pack " + id;
    o.manifest.created = 1767225600;  // fixed, so rebuilds differ only by content
    o.manifest.expires = o.manifest.created + 365 * 86400;
    o.manifest.min_kiosk_version = 1;
    o.manifest.audience = {"*"};
    o.manifest.languages = {"fr"};
    o.key = &key;
    o.dictionary = std::move(dict);
    o.compression_level = 19;
    o.threads = 0;
    std::size_t next_report = entries.size() / 4;
    o.progress = [&](std::size_t done, std::size_t total, std::string_view) {
        if (done < next_report || done == total) return;
        progress("  " + id + ": " + std::to_string(done) + "/" + std::to_string(total) + " entries");
        next_report += total / 4;
    };
    progress("building " + out.filename().string() + " (" + std::to_string(entries.size()) + " entries)");
    Built b{out, {}, 0};
    auto t0 = Clock::now();
    b.stats = must(pack::write_pack(std::move(entries), o, out), "build " + out.string());
    b.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    progress("  built " + fmt_size(static_cast<double>(b.stats.file_size)) + " in " + fmt_time(b.seconds));
    return b;
}

// ---- Measurements ----

template <class F>
double seconds_of(F&& f) {
    auto t0 = Clock::now();
    f();
    return std::chrono::duration<double>(Clock::now() - t0).count();
}
template <class F>
double best_of(int runs, F&& f) {
    double best = 1e300;
    for (int i = 0; i < runs; ++i) best = std::min(best, seconds_of(f));
    return best;
}

std::string shell_quote(const fs::path& p) {
    std::string s = "'";
    for (char ch : p.string()) s += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return s + "'";
}
void run_shell(const std::string& cmd) {
    if (std::system(cmd.c_str()) != 0) throw BenchError("command failed: " + cmd);
}
std::string capture(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
        pclose(p);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

struct Latency {
    double median = 0, p95 = 0, open_median = 0;
};

Latency open_read(const fs::path& path, const crypto::KeyRing& ring, int iterations, Rng& rng) {
    const std::size_t n = must(pack::PackReader::open(path, ring), "open " + path.string()).entry_count();
    std::vector<double> total, open_only;
    std::uint64_t sink = 0;
    for (int it = 0; it < iterations; ++it) {
        const std::size_t i = rng.below(n);
        auto t0 = Clock::now();
        {
            auto reader = must(pack::PackReader::open(path, ring), "open " + path.string());
            open_only.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
            sink += must(reader.read(i), "read").size();
        }
        total.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    if (sink == 0) progress("(read only empty entries)");
    std::sort(total.begin(), total.end());
    std::sort(open_only.begin(), open_only.end());
    auto at = [&](const std::vector<double>& v, double q) {
        return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
    };
    return {at(total, 0.5), at(total, 0.95), at(open_only, 0.5)};
}

double verify_seconds(const fs::path& path, const crypto::KeyRing& ring) {
    return best_of(3, [&] {
        auto reader = must(pack::PackReader::open(path, ring), "open " + path.string());
        must(reader.verify_all(false), "verify " + path.string());
    });
}

double extract_seconds(const fs::path& path, const crypto::KeyRing& ring, std::uint64_t& bytes) {
    return best_of(3, [&] {
        auto reader = must(pack::PackReader::open(path, ring), "open " + path.string());
        bytes = 0;
        for (std::size_t i = 0; i < reader.entry_count(); ++i) bytes += must(reader.read(i), "read").size();
    });
}

// ---- Delta ----

struct DeltaFigures {
    pack::DeltaStats stats;
    std::uint64_t new_size = 0, prefix = 0, text_literal = 0, binary_literal = 0;
    std::size_t changed_text = 0, changed_binary = 0;
    bool identical = false;
    double rebuild_s = 0, make_s = 0, apply_s = 0;
};

void change_text(Rng& rng, TextGen& text, std::string& s, bool json) {
    if (json) {
        auto at = s.find("\"maj\": \"");
        if (at != std::string::npos)
            s.replace(at + 8, 10, "2025-0" + std::to_string(1 + rng.below(9)) + "-1" + std::to_string(rng.below(9)));
        return;
    }
    auto at = s.find("\n\n", rng.below(s.size()));
    s.insert(at == std::string::npos ? s.size() : at + 2, text.sentence() + "\n\n");
}

void change_binary(Rng& rng, Bytes& b, bool media) {
    const std::size_t len = std::min<std::size_t>(media ? 4 * KiB : 64 * KiB, b.size());
    const std::size_t at = rng.below(b.size() - len + 1);
    if (media)
        rng.fill(b.data() + at, len);
    else
        for (std::size_t i = at; i < at + len; i += 16) ++b[i];
}

DeltaFigures delta_figures(Corpus& c, const Built& old_pack, const crypto::SecretKey& key, const crypto::KeyRing& ring,
                           const fs::path& out_dir) {
    Rng rng(77);
    TextGen text(rng);
    auto entries = sources({&c.small, &c.binary});
    DeltaFigures d;
    std::vector<std::string> changed_text, changed_binary;
    std::vector<std::size_t> order(c.small.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    order.resize((c.small.size() + 99) / 100);
    for (std::size_t i : order) {
        auto& e = entries[i];  // sources() keeps corpus order: small files first
        std::string s(as_chars(read_bytes(e.file)));
        change_text(rng, text, s, e.media_type == pack::MediaType::json);
        e.data.assign(s.begin(), s.end());
        changed_text.push_back(e.path);
    }
    for (bool media : {true, false}) {  // one stored-raw media file and one compressible binary
        std::vector<std::size_t> pick;
        for (std::size_t i = 0; i < c.binary.size(); ++i)
            if (c.binary[i].media == media) pick.push_back(c.small.size() + i);
        if (pick.empty()) continue;
        auto& e = entries[pick[rng.below(pick.size())]];
        e.data = read_bytes(e.file);
        change_binary(rng, e.data, media);
        changed_binary.push_back(e.path);
    }
    auto old_reader = must(pack::PackReader::open(old_pack.path, ring), "open old pack");
    std::optional<Bytes> dict;
    if (!old_reader.dictionary().empty()) dict = Bytes(old_reader.dictionary().begin(), old_reader.dictionary().end());
    auto t0 = Clock::now();
    Built next = build_pack(std::move(entries), "bench-main", 2, key, std::move(dict), out_dir / "main-v2.gpk");
    d.rebuild_s = std::chrono::duration<double>(Clock::now() - t0).count();
    d.new_size = next.stats.file_size;

    auto reader = must(pack::PackReader::open(next.path, ring), "open new pack");
    d.prefix = reader.header().data_offset;
    for (const auto& p : changed_text) d.text_literal += reader.entry(*reader.find(p)).index.stored_size;
    for (const auto& p : changed_binary) d.binary_literal += reader.entry(*reader.find(p)).index.stored_size;
    d.changed_text = changed_text.size();
    d.changed_binary = changed_binary.size();

    progress("making and applying the delta");
    const fs::path delta = out_dir / "main-1-to-2.gpd", rebuilt = out_dir / "main-v2-rebuilt.gpk";
    d.make_s = seconds_of([&] { d.stats = must(pack::make_delta(old_pack.path, next.path, delta), "make_delta"); });
    d.apply_s = seconds_of([&] { must(pack::apply_delta(old_pack.path, delta, rebuilt), "apply_delta"); });
    auto a = must(MappedFile::open(rebuilt), "map rebuilt"), b = must(MappedFile::open(next.path), "map new pack");
    d.identical = std::ranges::equal(a.bytes(), b.bytes());
    return d;
}

// ---- Report ----

struct Row {
    std::string what, figure, against, ratio, goal, verdict;
};

std::string ratio_text(double r) {
    return fmt("%.2fx", r);
}
std::string verdict(bool ok) {
    return ok ? "met" : "MISSED";
}

void print_table(const std::vector<Row>& rows) {
    const Row head{"measurement", "result", "compared with", "ratio", "goal", "verdict"};
    std::size_t w[6] = {};
    auto cells = [](const Row& r) {
        return std::vector<const std::string*>{&r.what, &r.figure, &r.against, &r.ratio, &r.goal, &r.verdict};
    };
    for (const Row* r : {&head})
        for (std::size_t k = 0; k < 6; ++k) w[k] = cells(*r)[k]->size();
    for (const auto& r : rows)
        for (std::size_t k = 0; k < 6; ++k) w[k] = std::max(w[k], cells(r)[k]->size());
    auto line = [&](const Row& r) {
        auto c = cells(r);
        for (std::size_t k = 0; k < 6; ++k)
            std::printf("%-*s%s", static_cast<int>(w[k]), c[k]->c_str(), k < 5 ? " | " : "\n");
    };
    line(head);
    for (std::size_t k = 0; k < 6; ++k) std::printf("%s%s", std::string(w[k], '-').c_str(), k < 5 ? "-+-" : "\n");
    for (const auto& r : rows) line(r);
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos)
            return line.substr(line.find(':') + 2);
    return "unknown";
}

void print_machine(bool quick) {
    std::printf("guichet-pack-bench%s\n",
                quick ? " --quick (scaled down ~50x: smoke test, figures not meaningful)" : "");
    std::printf("machine: %u cpus (nproc), %s\n", std::thread::hardware_concurrency(), cpu_model().c_str());
    std::printf("tools:   %s; %s; libzstd %s, libsodium %s\n", capture("zstd -V 2>&1").c_str(),
                capture("b2sum --version 2>&1 | head -n 1").c_str(), ZSTD_versionString(), sodium_version_string());
    std::printf("page cache: warm (every file was just written or read; no cache drop), so figures are CPU-bound\n\n");
}

struct Options {
    std::optional<fs::path> dir;
    bool keep = false, quick = false;
};

const char* const kUsage =
    "usage: guichet-pack-bench [--quick] [--dir DIR] [--keep]\n"
    "  Generates a corpus (fixed seed), builds packs from it and prints, beside reference tools:\n"
    "  open+read latency (small vs large pack), size vs tar|zstd -19 --long, verification vs b2sum,\n"
    "  extraction vs zstd -d, and delta size for a 1% change. Needs tar, zstd and b2sum on PATH.\n"
    "  --quick    scale everything down ~50x (a few seconds; CI smoke test)\n"
    "  --dir DIR  work in DIR (created; must be empty) instead of a fresh directory under /tmp\n"
    "  --keep     keep the corpus and packs instead of removing them at the end\n"
    "  --help     print this help\n";

std::optional<Options> parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--quick")
            o.quick = true;
        else if (a == "--keep")
            o.keep = true;
        else if (a == "--dir" && i + 1 < argc)
            o.dir = argv[++i];
        else if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "guichet-pack-bench: unknown argument '%s'\n%s", a.c_str(), kUsage);
            return std::nullopt;
        }
    }
    return o;
}

// The working directory: removed at the end unless --keep (an existing empty DIR is emptied, not removed).
struct WorkDir {
    fs::path path;
    bool created = false, keep = false;
    ~WorkDir() {
        std::error_code ec;
        if (keep || path.empty()) return;
        if (created)
            fs::remove_all(path, ec);
        else
            for (const auto& child : fs::directory_iterator(path, ec)) fs::remove_all(child.path(), ec);
    }
};

void prepare(WorkDir& w, const Options& o) {
    w.keep = o.keep;
    if (!o.dir) {
        std::string tmpl = (fs::temp_directory_path() / "guichet-pack-bench-XXXXXX").string();
        if (!mkdtemp(tmpl.data()))
            throw BenchError("cannot create a directory under " + fs::temp_directory_path().string());
        w.path = tmpl, w.created = true;
        return;
    }
    w.path = fs::absolute(*o.dir);
    if (fs::exists(w.path) && !fs::is_empty(w.path)) throw BenchError(w.path.string() + " exists and is not empty");
    w.created = fs::create_directories(w.path);
}

std::vector<Row> run(const Options& opt, const fs::path& work) {
    const Scale& s = opt.quick ? kQuick : kFull;
    Corpus c = make_corpus(work, s);
    const fs::path out = work / "out";
    fs::create_directories(out);
    auto key = crypto::SecretKey::generate();
    crypto::KeyRing ring;
    ring.add(key.public_key());

    Built small = build_pack(sources({&c.small, &c.extra}), "bench-small", 1, key, std::nullopt, out / "small.gpk");
    Built main = build_pack(sources({&c.small, &c.binary}), "bench-main", 1, key, std::nullopt, out / "main.gpk");
    Built large = build_pack(sources({&c.small, &c.big}), "bench-large", 1, key, std::nullopt, out / "large.gpk");
    for (const Built* b : {&small, &main, &large})
        std::printf("built %-10s %6zu entries, %9s in -> %9s pack (dict %u B) in %s\n", b->path.filename().c_str(),
                    b->stats.entries, fmt_size(static_cast<double>(b->stats.input_bytes)).c_str(),
                    fmt_size(static_cast<double>(b->stats.file_size)).c_str(), b->stats.dict_size,
                    fmt_time(b->seconds).c_str());
    std::vector<Row> rows;

    progress("open + read, " + std::to_string(s.iterations) + " iterations per pack");
    Rng rng(4242);
    Latency ls = open_read(small.path, ring, s.iterations, rng), ll = open_read(large.path, ring, s.iterations, rng);
    auto lat = [](const Latency& l) {
        return fmt_time(l.median) + " (p95 " + fmt_time(l.p95) + "; open " + fmt_time(l.open_median) + ")";
    };
    rows.push_back({"open+read 1 entry, " + fmt_size(static_cast<double>(small.stats.file_size)) + " pack", lat(ls),
                    "-", "-", "-", "-"});
    rows.push_back({"open+read 1 entry, " + fmt_size(static_cast<double>(large.stats.file_size)) + " pack", lat(ll),
                    "small pack " + fmt_time(ls.median), ratio_text(ll.median / ls.median), "flat (<=1.25x)",
                    verdict(ll.median <= 1.25 * ls.median)});

    progress("tar | zstd -19 --long -T2 of the main corpus");
    const fs::path tzst = out / "corpus.tar.zst";
    const std::string tar = "tar cf - -C " + shell_quote(c.root) + " .";
    double zstd_s = seconds_of([&] { run_shell(tar + " | zstd -19 --long -T2 -q -c > " + shell_quote(tzst)); });
    const double tar_bytes = std::stod(capture(tar + " | wc -c"));
    const double zsize = static_cast<double>(fs::file_size(tzst)), psize = static_cast<double>(main.stats.file_size);
    progress("  tar | zstd took " + fmt_time(zstd_s));
    rows.push_back({"main pack size", fmt_size(psize), "tar|zstd -19 --long " + fmt_size(zsize),
                    ratio_text(psize / zsize), "<=1.05x", verdict(psize <= 1.05 * zsize)});

    for (const Built* b : {&main, &large}) {
        progress("verification of " + b->path.filename().string() + " vs b2sum (best of 3)");
        const double bytes = static_cast<double>(b->stats.file_size);
        double v = verify_seconds(b->path, ring);
        double h = best_of(3, [&] { run_shell("b2sum " + shell_quote(b->path) + " > /dev/null"); });
        rows.push_back({"open+verify_all " + b->path.filename().string() + " (" + fmt_size(bytes) + ")",
                        fmt_rate(bytes, v) + " (" + fmt_time(v) + ")",
                        "b2sum " + fmt_rate(bytes, h) + " (" + fmt_time(h) + ")", ratio_text(h / v), ">=0.70x",
                        verdict(h / v >= 0.7)});
    }

    progress("extracting main.gpk vs zstd -d (best of 3)");
    std::uint64_t extracted = 0;
    double x = extract_seconds(main.path, ring, extracted);
    double z = best_of(3, [&] { run_shell("zstd -d -q -c " + shell_quote(tzst) + " > /dev/null"); });
    const double xr = static_cast<double>(extracted) / x, zr = tar_bytes / z;
    rows.push_back({"extract all of main.gpk, 1 thread",
                    fmt_rate(static_cast<double>(extracted), x) + " (" + fmt_time(x) + ")",
                    "zstd -d " + fmt_rate(tar_bytes, z) + " (" + fmt_time(z) + ")", ratio_text(xr / zr), ">=0.80x",
                    verdict(xr / zr >= 0.8)});

    DeltaFigures d = delta_figures(c, main, key, ring, out);
    const double pct = 100.0 * static_cast<double>(d.stats.delta_size) / static_cast<double>(d.new_size);
    rows.push_back({"delta, 1% of entries changed",
                    fmt_size(static_cast<double>(d.stats.delta_size)) + fmt(" = %.2f%% of new pack", pct),
                    "new pack " + fmt_size(static_cast<double>(d.new_size)), fmt("%.2f%%", pct), "<=2%",
                    verdict(pct <= 2.0)});
    rows.push_back({"apply_delta == new pack", d.identical ? "OK (byte-identical)" : "FAIL (differs)", "-", "-",
                    "identical", verdict(d.identical)});
    std::printf(
        "delta: %zu text + %zu binary entries changed; %llu ops; prefix (header..index) %s, changed text %s, "
        "changed binary %s; rebuild %s, make %s, apply %s\n\n",
        d.changed_text, d.changed_binary, static_cast<unsigned long long>(d.stats.ops),
        fmt_size(static_cast<double>(d.prefix)).c_str(), fmt_size(static_cast<double>(d.text_literal)).c_str(),
        fmt_size(static_cast<double>(d.binary_literal)).c_str(), fmt_time(d.rebuild_s).c_str(),
        fmt_time(d.make_s).c_str(), fmt_time(d.apply_s).c_str());
    return rows;
}

}  // namespace

int main(int argc, char** argv) {
    auto opt = parse_args(argc, argv);
    if (!opt) return 2;
    auto t0 = Clock::now();
    try {
        WorkDir work;
        prepare(work, *opt);
        progress("working in " + work.path.string() + (opt->keep ? " (kept)" : " (removed at the end)"));
        print_machine(opt->quick);
        auto rows = run(*opt, work.path);
        print_table(rows);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "guichet-pack-bench: %s\n", e.what());
        return 1;
    }
    progress("total wall time " + fmt_time(std::chrono::duration<double>(Clock::now() - t0).count()));
    return 0;
}
