#include "bench_corpus.hpp"

#include <cstdio>
#include <fstream>
#include <string_view>

namespace guichet::bench {

void progress(const std::string& line) {
    std::fprintf(stderr, "[bench] %s\n", line.c_str());
}

namespace {

// Word lists, space-separated: function words, stems, endings (stem + ending makes the vocabulary).
constexpr std::string_view kFunctionWords =
    "le la les de des du un une et à en pour dans sur avec par au aux est sont que qui ne pas plus vous nous il elle "
    "ce cette son sa ses votre vos leur se ou mais si tout être avoir faire peut doit";
constexpr std::string_view kStems =
    "administr demand servic inform document format commun région départ habit famil travail log aid droit impôt "
    "santé transport écol mairi dossi rendez guichet accueil horair bureau assur retrait allocat permis passeport "
    "cart justific adress courri formul rembours cotis déclar prestat";
constexpr std::string_view kEndings =
    "- e es s ation ations ement ements eur eurs ique iques al ale aux ant ante é ée "
    "és er ez ons ent ité ités if ive ier ière";
constexpr std::string_view kRecordTypes = "service lieu evenement formulaire permanence association";
constexpr std::string_view kDays = "lundi mardi mercredi jeudi vendredi samedi";

std::vector<std::string> split(std::string_view list) {
    std::vector<std::string> out;
    for (std::size_t at = 0, end; at < list.size(); at = end + 1) {
        end = std::min(list.find(' ', at), list.size());
        out.emplace_back(list.substr(at, end - at) == "-" ? "" : list.substr(at, end - at));
    }
    return out;
}

std::string jstr(const std::string& v) {
    return "\"" + v + "\"";
}
std::string two(std::size_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%02zu", v);
    return buf;
}
std::string mib(std::uint64_t bytes) {
    return std::to_string(bytes / MiB) + " MiB";
}

}  // namespace

// ---- Text ----

TextGen::TextGen(Rng& rng)
    : rng_(rng), function_(split(kFunctionWords)), types_(split(kRecordTypes)), days_(split(kDays)) {
    const auto endings = split(kEndings);
    for (const auto& stem : split(kStems))
        for (int k = 0; k < 8; ++k) vocab_.push_back(stem + endings[rng_.below(endings.size())]);
    std::sort(vocab_.begin(), vocab_.end());
    vocab_.erase(std::unique(vocab_.begin(), vocab_.end()), vocab_.end());
}

std::string TextGen::word() {  // skewed towards the first words, like natural text
    const double u = rng_.unit() * rng_.unit();
    if (rng_.chance(45)) return function_[static_cast<std::size_t>(u * static_cast<double>(function_.size()))];
    return vocab_[static_cast<std::size_t>(u * static_cast<double>(vocab_.size()))];
}

std::string TextGen::words(std::size_t lo, std::size_t hi, bool capital) {
    std::string s;
    for (std::size_t i = 0, n = lo + rng_.below(hi - lo + 1); i < n; ++i) {
        if (i) s += ' ';
        s += word();
    }
    if (capital && !s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string TextGen::sentence() {
    return words(6, 18, true) + (rng_.chance(20) ? ", " + words(3, 8, false) : "") + ".";
}

std::string TextGen::markdown(std::size_t target) {
    std::string s = "# " + words(2, 5, true) + "\n\n";
    while (s.size() < target) {
        const std::size_t r = rng_.below(100);
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

std::string TextGen::json(std::size_t target, std::size_t id) {
    std::string s = "[\n";
    for (std::size_t k = 0; s.size() < target; ++k) s += (k ? ",\n" : "") + record(id * 100 + k);
    return s + "\n]\n";
}

std::string TextGen::record(std::size_t id) {  // varying fields, as real listings have
    std::string r = "  {\"id\": " + std::to_string(id) + ", \"type\": " + jstr(types_[rng_.below(types_.size())]) +
                    ", \"nom\": " + jstr(words(2, 5, true));
    if (rng_.chance(60)) r += ", \"description\": " + jstr(sentence());
    if (rng_.chance(50))
        r += ", \"adresse\": {\"rue\": " + jstr(std::to_string(1 + rng_.below(120)) + " rue " + words(1, 3, false)) +
             ", \"code_postal\": " + jstr(std::to_string(10000 + rng_.below(85000))) +
             ", \"ville\": " + jstr(words(1, 2, true)) + "}";
    if (rng_.chance(40)) {
        r += ", \"horaires\": [";
        for (std::size_t d = 0, n = 1 + rng_.below(5); d < n; ++d)
            r += (d ? ", " : "") + jstr(days_[d] + " " + two(8 + rng_.below(3)) + "h-" + two(12 + rng_.below(7)) + "h");
        r += "]";
    }
    if (rng_.chance(30)) r += ", \"telephone\": " + jstr("0" + std::to_string(100000000 + rng_.below(800000000)));
    if (rng_.chance(50)) r += ", \"tags\": [" + jstr(word()) + ", " + jstr(word()) + "]";
    if (rng_.chance(25)) r += ", \"places\": " + std::to_string(rng_.below(500));
    if (rng_.chance(35)) r += std::string(", \"actif\": ") + (rng_.chance(80) ? "true" : "false");
    return r + ", \"maj\": \"2024-" + two(1 + rng_.below(12)) + "-" + two(1 + rng_.below(28)) + "\"}";
}

namespace {

// ---- Binary content ----

enum class BinKind { photo, sensor, video, records, blocks };
const char* const kBinNames[] = {"media/photo-%03zu.jpg", "bin/sensor-%03zu.bin", "media/video-%03zu.mp4",
                                 "bin/records-%03zu.dat", "bin/blocks-%03zu.blk"};

Bytes sensor_data(Rng& rng, std::size_t n) {  // 8 channels of int16: random walks plus noise
    Bytes out(n);
    std::int32_t level[8] = {};
    for (std::size_t i = 0; i + 1 < n; i += 2) {
        auto& v = level[(i / 2) % 8];
        v = std::clamp<std::int32_t>(v + static_cast<std::int32_t>(rng.below(7)) - 3, -20000, 20000);
        store_le16(&out[i], static_cast<std::uint16_t>(v + static_cast<std::int32_t>(rng.below(17)) - 8));
    }
    return out;
}

Bytes record_data(Rng& rng, std::size_t n) {  // 32-byte weather station records
    static const char* const stations[] = {"PARIS-NORD  ", "LYON-PART   ", "LILLE-EST   ", "BREST-PORT  "};
    Bytes out(n);
    std::uint32_t time = 1700000000;
    float temp = 12.0f;
    for (std::size_t i = 0; i + 32 <= n; i += 32) {
        time += 1 + static_cast<std::uint32_t>(rng.below(3));
        temp += static_cast<float>(static_cast<int>(rng.below(21)) - 10) * 0.01f;
        float humidity = 40.0f + static_cast<float>(rng.below(600)) * 0.1f;
        store_le32(&out[i], time);
        store_le32(&out[i + 4], static_cast<std::uint32_t>(rng.below(50)));
        std::memcpy(&out[i + 8], &temp, 4);
        std::memcpy(&out[i + 12], &humidity, 4);
        store_le16(&out[i + 16], rng.chance(3) ? static_cast<std::uint16_t>(1 + rng.below(9)) : 0);
        std::memcpy(&out[i + 20], stations[rng.below(std::size(stations))], 12);
    }
    return out;
}

Bytes block_data(Rng& rng, std::size_t n) {  // 16 KiB blocks from 16 templates (half random), lightly mutated
    constexpr std::size_t kBlock = 16 * KiB;
    Bytes templates(16 * kBlock), out(n);
    rng.fill(templates.data(), templates.size());
    for (std::size_t i = 0; i < templates.size(); i += 2 * kBlock)
        for (std::size_t j = 0; j < kBlock; ++j) templates[i + j] = static_cast<std::uint8_t>((j * (i / kBlock)) >> 3);
    for (std::size_t i = 0; i < n; i += kBlock) {
        const std::size_t len = std::min(kBlock, n - i);
        std::memcpy(&out[i], &templates[rng.below(16) * kBlock], len);
        for (int m = 0; m < 160; ++m) out[i + rng.below(len)] ^= static_cast<std::uint8_t>(1 + rng.below(255));
    }
    return out;
}

Bytes binary_data(Rng& rng, BinKind kind, std::size_t n) {
    if (kind == BinKind::sensor) return sensor_data(rng, n);
    if (kind == BinKind::records) return record_data(rng, n);
    if (kind == BinKind::blocks) return block_data(rng, n);
    Bytes out(n);  // photo, video: incompressible
    rng.fill(out.data(), n);
    return out;
}

void write_bytes(const fs::path& file, const void* data, std::size_t n) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
    if (!out) throw BenchError("cannot write " + file.string());
}

std::vector<CorpusFile> make_small(Rng& rng, const fs::path& root, std::size_t count) {
    TextGen text(rng);
    std::vector<CorpusFile> files;
    char name[64];
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t target = rng.log_uniform(200, 8000);
        const bool page = rng.chance(60);
        if (page)
            std::snprintf(name, sizeof name, "pages/%03zu/page-%05zu.md", i / 100, i);
        else
            std::snprintf(name, sizeof name, "data/rec-%05zu.json", i);
        const std::string content = page ? text.markdown(target) : text.json(target, i);
        files.push_back({name, root / name});
        write_bytes(files.back().file, content.data(), content.size());
    }
    return files;
}

CorpusFile make_binary(Rng& rng, const fs::path& root, const char* name_fmt, std::size_t n, BinKind kind,
                       std::size_t i) {
    char name[64];
    std::snprintf(name, sizeof name, name_fmt, i);
    const Bytes data = binary_data(rng, kind, n);
    CorpusFile f{name, root / name, kind == BinKind::photo || kind == BinKind::video};
    write_bytes(f.file, data.data(), data.size());
    return f;
}

}  // namespace

Corpus make_corpus(const fs::path& work, const Scale& s) {
    Rng rng(20240611);
    Corpus c{work / "corpus", {}, {}, {}, {}};
    progress("generating " + std::to_string(s.small_entries) + " text/JSON entries");
    c.small = make_small(rng, c.root, s.small_entries);
    progress("generating " + mib(s.binary_bytes) + " of mixed binary");
    for (std::size_t i = 0, done = 0; done < s.binary_bytes; ++i) {
        std::size_t n = std::min(rng.log_uniform(s.file_min, s.file_max), s.binary_bytes - done);
        if (s.binary_bytes - done - n < s.file_min) n = s.binary_bytes - done;  // no tiny last file
        c.binary.push_back(make_binary(rng, c.root, kBinNames[i % 5], n, static_cast<BinKind>(i % 5), i));
        done += n;
    }
    for (BinKind kind : {BinKind::photo, BinKind::sensor, BinKind::records})
        c.extra.push_back(make_binary(rng, work / "extra", kBinNames[static_cast<int>(kind)], s.extra_bytes / 3, kind,
                                      900 + c.extra.size()));
    progress("generating " + mib(s.big_bytes) + " of incompressible media");
    for (std::size_t i = 0; i * s.big_file < s.big_bytes; ++i)
        c.big.push_back(make_binary(rng, work / "big", "media/big/film-%03zu.mp4", s.big_file, BinKind::video, i));
    return c;
}

}  // namespace guichet::bench
