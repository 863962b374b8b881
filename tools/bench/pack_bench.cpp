// guichet-pack-bench: figures for the pack format on a corpus it generates
// itself (fixed seed): open + read latency, size against tar | zstd, full
// verification against b2sum, extraction against zstd -d, and delta size.
// A benchmark, not a test: it prints numbers and the goals they aim at.
#include "bench_corpus.hpp"
#include "delta_writer.hpp"
#include "pack_writer.hpp"

#include "common/file.hpp"
#include "crypto/signing/signing.hpp"
#include "pack/delta.hpp"
#include "pack/reader.hpp"

#include <zstd.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace guichet;
using namespace guichet::bench;
using Clock = std::chrono::steady_clock;

namespace {


Bytes read_bytes(const fs::path& file) {
    return must(read_file(file, pack::kDefaultMaxEntrySize), "read " + file.string());
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

double since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// ---- Packs ----

std::vector<pack::SourceEntry> sources(std::initializer_list<const std::vector<CorpusFile>*> groups) {
    std::vector<pack::SourceEntry> entries;
    for (const auto* group : groups)
        for (const auto& f : *group) {
            pack::SourceEntry& e = entries.emplace_back();
            e.path = f.path;
            e.file = f.file;
            e.media_type = pack::media_type_for(f.path, &e.already_compressed);
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
    o.manifest.created = 1767225600;  // fixed: rebuilds differ only by content
    o.manifest.expires = o.manifest.created + 365 * 86400;
    o.manifest.min_kiosk_version = 1;
    o.manifest.audience = {"*"};
    o.manifest.languages = {"fr"};
    o.key = &key;
    o.dictionary = std::move(dict);
    o.compression_level = 19;
    o.threads = 0;
    progress("building " + out.filename().string() + " (" + std::to_string(entries.size()) + " entries)");
    Built b{out, {}, 0};
    auto t0 = Clock::now();
    b.stats = must(pack::write_pack(std::move(entries), o, out), "build " + out.string());
    b.seconds = since(t0);
    progress("  built " + fmt_size(static_cast<double>(b.stats.file_size)) + " in " + fmt_time(b.seconds));
    return b;
}

// ---- Measurements ----

template <class F>
double best_of(int runs, F&& f) {
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        auto t0 = Clock::now();
        f();
        best = std::min(best, since(t0));
    }
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
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    return out;
}

struct Latency {
    double median = 0, p95 = 0, open_median = 0;
};

// Each iteration: PackReader::open + read(random index), the reader destroyed (unmapped) inside the timing.
Latency open_read(const fs::path& path, const crypto::KeyRing& ring, int iterations, Rng& rng) {
    const std::size_t n = must(pack::PackReader::open(path, ring), "open " + path.string()).entry_count();
    std::vector<double> total, open_only;
    for (int it = 0; it < iterations; ++it) {
        const std::size_t i = rng.below(n);
        auto t0 = Clock::now();
        {
            auto reader = must(pack::PackReader::open(path, ring), "open " + path.string());
            open_only.push_back(since(t0));
            must(reader.read(i), "read");
        }
        total.push_back(since(t0));
    }
    auto quantile = [](std::vector<double>& v, double q) {
        std::sort(v.begin(), v.end());
        return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
    };
    return {quantile(total, 0.5), quantile(total, 0.95), quantile(open_only, 0.5)};
}

double verify_seconds(const fs::path& path, const crypto::KeyRing& ring) {
    return best_of(3, [&] {
        auto reader = must(pack::PackReader::open(path, ring), "open " + path.string());
        must(reader.verify_all(false), "verify " + path.string());
    });
}

// Reads every entry into memory on one thread and drops it; BYTES gets the decompressed total.
double extract_seconds(const fs::path& path, const crypto::KeyRing& ring, std::uint64_t& bytes) {
    return best_of(3, [&] {
        auto reader = must(pack::PackReader::open(path, ring), "open " + path.string());
        bytes = 0;
        for (std::size_t i = 0; i < reader.entry_count(); ++i) bytes += must(reader.read(i), "read").size();
    });
}

// ---- Delta: change 1% of the entries, rebuild with the old dictionary, diff, apply ----

struct DeltaFigures {
    pack::DeltaStats stats;
    std::uint64_t prefix = 0, text_literal = 0, binary_literal = 0;  // sizes in the new pack
    std::size_t changed_text = 0, changed_binary = 0;
    bool identical = false;
    double make_s = 0, apply_s = 0;
};

void change_text(Rng& rng, TextGen& text, std::string& s, bool json) {
    if (json) {  // a record's update date moves to 2025
        if (auto at = s.find("\"maj\": \""); at != std::string::npos)
            s.replace(at + 8, 10, "2025-0" + std::to_string(1 + rng.below(9)) + "-1" + std::to_string(rng.below(9)));
        return;
    }
    const auto at = s.find("\n\n", rng.below(s.size()));  // a new paragraph
    s.insert(at == std::string::npos ? s.size() : at + 2, text.sentence() + "\n\n");
}

void change_binary(Rng& rng, Bytes& b, bool media) {  // media: a re-encoded region; data: shifted values
    const std::size_t len = std::min<std::size_t>(media ? 4 * KiB : 64 * KiB, b.size());
    const std::size_t at = rng.below(b.size() - len + 1);
    if (media)
        rng.fill(b.data() + at, len);
    else
        for (std::size_t i = at; i < at + len; i += 16) ++b[i];
}

// Changes ceil(1%) of the text entries and two binary files (one stored raw, one compressed).
std::vector<pack::SourceEntry> changed_sources(const Corpus& c, std::vector<std::string>& text_paths,
                                               std::vector<std::string>& binary_paths) {
    Rng rng(77);
    TextGen text(rng);
    auto entries = sources({&c.small, &c.binary});  // corpus order: the small files first
    std::vector<std::size_t> order(c.small.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    order.resize((c.small.size() + 99) / 100);
    for (std::size_t i : order) {
        auto& e = entries[i];
        std::string s(as_chars(read_bytes(e.file)));
        change_text(rng, text, s, e.media_type == pack::MediaType::json);
        e.data.assign(s.begin(), s.end());
        text_paths.push_back(e.path);
    }
    for (bool media : {true, false}) {
        std::vector<std::size_t> pick;
        for (std::size_t i = 0; i < c.binary.size(); ++i)
            if (c.binary[i].media == media) pick.push_back(c.small.size() + i);
        if (pick.empty()) continue;
        auto& e = entries[pick[rng.below(pick.size())]];
        e.data = read_bytes(e.file);
        change_binary(rng, e.data, media);
        binary_paths.push_back(e.path);
    }
    return entries;
}

DeltaFigures delta_figures(const Corpus& c, const Built& base, const crypto::SecretKey& key,
                           const crypto::KeyRing& ring, const fs::path& dir, Built& next) {
    std::vector<std::string> text_paths, binary_paths;
    auto entries = changed_sources(c, text_paths, binary_paths);
    auto old_reader = must(pack::PackReader::open(base.path, ring), "open " + base.path.string());
    std::optional<Bytes> dict;
    if (!old_reader.dictionary().empty()) dict.emplace(old_reader.dictionary().begin(), old_reader.dictionary().end());
    next = build_pack(std::move(entries), "bench-main", 2, key, std::move(dict), dir / "main-v2.gpk");

    DeltaFigures d;
    d.changed_text = text_paths.size();
    d.changed_binary = binary_paths.size();
    auto reader = must(pack::PackReader::open(next.path, ring), "open " + next.path.string());
    d.prefix = reader.header().data_offset;
    for (const auto& p : text_paths) d.text_literal += reader.entry(*reader.find(p)).index.stored_size;
    for (const auto& p : binary_paths) d.binary_literal += reader.entry(*reader.find(p)).index.stored_size;

    progress("making and applying the delta");
    const fs::path delta = dir / "main-1-to-2.gpd", rebuilt = dir / "main-v2-rebuilt.gpk";
    auto t0 = Clock::now();
    d.stats = must(pack::make_delta(base.path, next.path, delta), "make_delta");
    d.make_s = since(t0);
    t0 = Clock::now();
    must(pack::apply_delta(base.path, delta, rebuilt), "apply_delta");
    d.apply_s = since(t0);
    auto a = must(MappedFile::open(rebuilt), "map rebuilt"), b = must(MappedFile::open(next.path), "map new pack");
    d.identical = std::ranges::equal(a.bytes(), b.bytes());
    return d;
}

// ---- Report ----

struct Row {
    std::string what, figure, against, ratio, goal, verdict;
};

std::string x_ratio(double r) {
    return fmt("%.2fx", r);
}
std::string verdict(bool ok) {
    return ok ? "met" : "MISSED";
}
std::string size_of(std::uint64_t bytes) {
    return fmt_size(static_cast<double>(bytes));
}

void print_table(std::vector<Row> rows) {
    rows.insert(rows.begin(), Row{"measurement", "result", "compared with", "ratio", "goal", "verdict"});
    std::size_t w[6] = {};
    auto cells = [](Row& r) {
        return std::array<std::string*, 6>{&r.what, &r.figure, &r.against, &r.ratio, &r.goal, &r.verdict};
    };
    for (auto& r : rows)
        for (std::size_t k = 0; k < 6; ++k) w[k] = std::max(w[k], cells(r)[k]->size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto c = cells(rows[i]);
        for (std::size_t k = 0; k < 6; ++k)
            std::printf("%-*s%s", static_cast<int>(w[k]), c[k]->c_str(), k < 5 ? " | " : "\n");
        for (std::size_t k = 0; i == 0 && k < 6; ++k)
            std::printf("%s%s", std::string(w[k], '-').c_str(), k < 5 ? "-+-" : "\n");
    }
}

void print_machine(bool quick) {
    std::string cpu = "unknown";
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
            cpu = line.substr(line.find(':') + 2);
            break;
        }
    std::printf("guichet-pack-bench%s\n", quick ? " --quick (scaled down ~50x: a smoke test, not figures)" : "");
    std::printf("machine: %u cpus (nproc), %s\n", std::thread::hardware_concurrency(), cpu.c_str());
    std::printf("tools:   %s; %s; libzstd %s, libsodium %s\n", capture("zstd -V 2>&1").c_str(),
                capture("b2sum --version 2>&1 | head -n 1").c_str(), ZSTD_versionString(), sodium_version_string());
    std::printf("page cache: warm (every file was just written or read, no cache drop): CPU-bound figures\n\n");
}

// CORRECT is cleared when the delta does not rebuild the new pack exactly (the one check that fails the run).
std::vector<Row> run(const Scale& s, const fs::path& work, bool& correct) {
    Corpus c = make_corpus(work, s);
    const fs::path out = work / "out";
    fs::create_directories(out);
    const auto key = crypto::SecretKey::generate();
    crypto::KeyRing ring;
    ring.add(key.public_key());

    Built small = build_pack(sources({&c.small, &c.extra}), "bench-small", 1, key, std::nullopt, out / "small.gpk");
    Built main = build_pack(sources({&c.small, &c.binary}), "bench-main", 1, key, std::nullopt, out / "main.gpk");
    Built large = build_pack(sources({&c.small, &c.big}), "bench-large", 1, key, std::nullopt, out / "large.gpk");
    std::vector<Row> rows;

    progress("open + read, " + std::to_string(s.iterations) + " iterations per pack");
    Rng rng(4242);
    const Latency ls = open_read(small.path, ring, s.iterations, rng);
    const Latency ll = open_read(large.path, ring, s.iterations, rng);
    auto lat = [](const Latency& l) {
        return fmt_time(l.median) + " (p95 " + fmt_time(l.p95) + "; open alone " + fmt_time(l.open_median) + ")";
    };
    rows.push_back(
        {"open+read 1 entry, " + size_of(small.stats.file_size) + " pack", lat(ls), "(baseline)", "-", "-", "-"});
    rows.push_back({"open+read 1 entry, " + size_of(large.stats.file_size) + " pack", lat(ll),
                    "small pack " + fmt_time(ls.median), x_ratio(ll.median / ls.median), "flat (<=1.25x)",
                    verdict(ll.median <= 1.25 * ls.median)});

    progress("tar | zstd -19 --long -T2 of the main corpus");
    const fs::path tzst = out / "corpus.tar.zst";
    const std::string tar = "tar cf - -C " + shell_quote(c.root) + " .";
    auto t0 = Clock::now();
    run_shell(tar + " | zstd -19 --long -T2 -q -c > " + shell_quote(tzst));
    const double zstd_s = since(t0), tar_bytes = std::stod(capture(tar + " | wc -c"));
    const std::uint64_t zsize = fs::file_size(tzst), psize = main.stats.file_size;
    const double size_ratio = static_cast<double>(psize) / static_cast<double>(zsize);
    rows.push_back({"main pack size", size_of(psize), "tar|zstd -19 --long " + size_of(zsize), x_ratio(size_ratio),
                    "<=1.05x", verdict(size_ratio <= 1.05)});

    for (const Built* b : {&main, &large}) {
        progress("verification of " + b->path.filename().string() + " vs b2sum (best of 3 each)");
        const double bytes = static_cast<double>(b->stats.file_size), v = verify_seconds(b->path, ring);
        const double h = best_of(3, [&] { run_shell("b2sum " + shell_quote(b->path) + " > /dev/null"); });
        rows.push_back({"open+verify_all " + b->path.filename().string() + " (" + fmt_size(bytes) + ")",
                        fmt_rate(bytes, v) + " (" + fmt_time(v) + ")",
                        "b2sum " + fmt_rate(bytes, h) + " (" + fmt_time(h) + ")", x_ratio(h / v), ">=0.70x",
                        verdict(h / v >= 0.7)});
    }

    progress("extracting main.gpk vs zstd -d (best of 3 each)");
    std::uint64_t extracted = 0;
    const double x = extract_seconds(main.path, ring, extracted);
    const double z = best_of(3, [&] { run_shell("zstd -d -q -c " + shell_quote(tzst) + " > /dev/null"); });
    const double speed = (static_cast<double>(extracted) / x) / (tar_bytes / z);
    rows.push_back({"extract all of main.gpk, 1 thread",
                    fmt_rate(static_cast<double>(extracted), x) + " (" + fmt_time(x) + ")",
                    "zstd -d " + fmt_rate(tar_bytes, z) + " (" + fmt_time(z) + ")", x_ratio(speed), ">=0.80x",
                    verdict(speed >= 0.8)});

    Built next;
    const DeltaFigures d = delta_figures(c, main, key, ring, out, next);
    correct = d.identical;
    const double pct = 100.0 * static_cast<double>(d.stats.delta_size) / static_cast<double>(next.stats.file_size);
    rows.push_back({"delta, 1% of entries changed", size_of(d.stats.delta_size),
                    "new pack " + size_of(next.stats.file_size), fmt("%.2f%%", pct), "<=2%", verdict(pct <= 2.0)});
    rows.push_back({"apply_delta == new pack", d.identical ? "OK (byte-identical)" : "FAIL (differs)", "-", "-",
                    "identical", verdict(d.identical)});

    for (const Built* b : {&small, &main, &large, &next})
        std::printf("built %-12s %6zu entries, %10s in -> %10s (dictionary %u B, %zu raw entries) in %s\n",
                    b->path.filename().c_str(), b->stats.entries, size_of(b->stats.input_bytes).c_str(),
                    size_of(b->stats.file_size).c_str(), b->stats.dict_size, b->stats.raw_entries,
                    fmt_time(b->seconds).c_str());
    std::printf("tar | zstd -19 --long -T2: %s of tar -> %s in %s\n", fmt_size(tar_bytes).c_str(),
                size_of(zsize).c_str(), fmt_time(zstd_s).c_str());
    std::printf(
        "delta: %zu text + %zu binary entries changed (stored sizes in the new pack: text %s, binary %s; "
        "header to index %s); the delta copies %s from the old pack, patches %s into %s, carries %s literally, "
        "%llu ops; make %s, apply %s\n\n",
        d.changed_text, d.changed_binary, size_of(d.text_literal).c_str(), size_of(d.binary_literal).c_str(),
        size_of(d.prefix).c_str(), size_of(d.stats.copied_bytes).c_str(), size_of(d.stats.patched_bytes).c_str(),
        size_of(d.stats.patch_bytes).c_str(), size_of(d.stats.literal_bytes).c_str(),
        static_cast<unsigned long long>(d.stats.ops), fmt_time(d.make_s).c_str(), fmt_time(d.apply_s).c_str());
    return rows;
}

// ---- Command line and working directory ----

struct Options {
    std::optional<fs::path> dir;
    bool keep = false, quick = false;
};

const char* const kUsage =
    "usage: guichet-pack-bench [--quick] [--dir DIR] [--keep]\n"
    "Generates a corpus (fixed seed), builds signed packs from it and prints, beside reference tools:\n"
    "open+read latency (small vs large pack), size vs tar | zstd -19 --long, full verification vs b2sum,\n"
    "extraction vs zstd -d, and the delta for a 1% change. Needs tar, zstd and b2sum on PATH.\n"
    "  --quick    scale everything down ~50x (a few seconds; the CI smoke test)\n"
    "  --dir DIR  work in DIR (created if needed; must be empty) instead of a fresh directory under /tmp\n"
    "  --keep     keep the corpus and the packs instead of removing them at the end\n"
    "  --help     print this help\n";

std::optional<Options> parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quick")
            o.quick = true;
        else if (a == "--keep")
            o.keep = true;
        else if (a == "--dir" && i + 1 < argc)
            o.dir = argv[++i];
        else if (a == "--help" || a == "-h")
            std::fputs(kUsage, stdout), std::exit(0);
        else
            return std::fprintf(stderr, "guichet-pack-bench: bad argument '%s'\n%s", a.c_str(), kUsage), std::nullopt;
    }
    return o;
}

// Removed at the end unless --keep; a DIR that existed (empty) is emptied, not removed.
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
        if (!mkdtemp(tmpl.data())) throw BenchError("cannot create a directory for " + tmpl);
        w.path = tmpl;
        w.created = true;
        return;
    }
    w.path = fs::absolute(*o.dir);
    if (fs::exists(w.path) && !fs::is_empty(w.path)) throw BenchError(w.path.string() + " exists and is not empty");
    w.created = fs::create_directories(w.path);
}

}  // namespace

int main(int argc, char** argv) {
    const auto opt = parse_args(argc, argv);
    if (!opt) return 2;
    const auto t0 = Clock::now();
    bool correct = true;
    try {
        WorkDir work;
        prepare(work, *opt);
        progress("working in " + work.path.string() + (opt->keep ? " (kept)" : " (removed at the end)"));
        print_machine(opt->quick);
        print_table(run(opt->quick ? kQuick : kFull, work.path, correct));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "guichet-pack-bench: %s\n", e.what());
        return 1;
    }
    progress("total wall time " + fmt_time(since(t0)));
    return correct ? 0 : 1;
}
