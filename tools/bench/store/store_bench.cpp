// guichet-store-bench: figures for the démarche store on this machine's disk.
//  - submit() latency (p50/p99), with and without a 300 KB attachment, next to
//    a bare SQLite INSERT + COMMIT of the same size with the same settings (WAL,
//    synchronous=FULL): what the store's sealing, two tables and checks cost;
//  - claim_next_batch(10) with 100 and with 100,000 queued démarches (the queue
//    is built by a bulk INSERT … SELECT), and its SELECT alone with and without
//    the outbox index, to show that the cost does not grow with the queue;
//  - the disk's own fsync latency, which bounds every durable commit.
// A benchmark, not a test: it prints numbers. --quick for a short run.
#include "../bench_util.hpp"
#include "crypto/box.hpp"
#include "crypto/recipient/box_open.hpp"
#include "sqlite/sqlite.hpp"
#include "store/store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

using namespace guichet;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

using bench::BenchError;
using bench::must;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

struct Stats {
    std::size_t n = 0;
    double p50 = 0, p99 = 0, mean = 0;
};

Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    s.n = v.size();
    auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    s.p50 = at(0.50);
    s.p99 = at(0.99);
    double sum = 0;
    for (double x : v) sum += x;
    s.mean = sum / static_cast<double>(v.size());
    return s;
}

std::string fmt_time(double s) {
    char buf[32];
    if (s >= 1)
        std::snprintf(buf, sizeof buf, "%.2f s", s);
    else if (s >= 1e-3)
        std::snprintf(buf, sizeof buf, "%.2f ms", s * 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.1f us", s * 1e6);
    return buf;
}

void row(const std::string& what, const Stats& s) {
    std::printf("  %-58s %6zu %11s %11s %11s\n", what.c_str(), s.n, fmt_time(s.p50).c_str(), fmt_time(s.p99).c_str(),
                fmt_time(s.mean).c_str());
}

Bytes form_json(std::size_t size, std::uint64_t n) {
    std::string s = "{\"formulaire\":\"etat-civil/acte-naissance\",\"n\":" + std::to_string(n) + ",\"motif\":\"";
    while (s.size() + 2 < size) s += "copie integrale ";
    s.resize(size - 2);
    s += "\"}";
    return Bytes(s.begin(), s.end());
}

Bytes noise(std::size_t size, std::uint64_t seed) {
    Bytes out(size);
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
    for (auto& b : out) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b = static_cast<std::uint8_t>(x >> 24);
    }
    return out;
}

store::Submission make_submission(const crypto::BoxPublicKey& key, std::size_t form, std::size_t attachment,
                                  std::uint64_t n) {
    store::Submission s;
    s.form_id = "etat-civil/acte-naissance";
    s.form_version = 3;
    s.recipient_id = "etat-civil";
    s.recipient_key = key;
    s.payload = form_json(form, n);
    if (attachment) s.attachments.emplace_back("piece.pdf", "application/pdf", noise(attachment, n));
    return s;
}

std::vector<double> time_submits(store::Store& st, const crypto::BoxPublicKey& key, std::size_t form,
                                 std::size_t attachment, int count) {
    std::vector<double> t;
    for (int i = 0; i < count; ++i) {
        auto s = make_submission(key, form, attachment, static_cast<std::uint64_t>(i));
        auto t0 = Clock::now();
        auto r = st.submit(s);
        t.push_back(seconds_since(t0));
        must(r, "submit");
    }
    return t;
}

// BEGIN; INSERT one row of SIZE bytes; COMMIT — on a fresh database with the
// store's settings (WAL, synchronous=FULL), the floor under a durable submit.
std::vector<double> time_bare_inserts(const fs::path& path, std::size_t size, int count) {
    auto db = must(store::Database::open(path), "open bare database");
    must(db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                 "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)"),
         "bare schema");
    auto ins = must(db.prepare("INSERT INTO t (data) VALUES (?1)"), "bare insert");
    std::vector<double> t;
    for (int i = 0; i < count; ++i) {
        Bytes data = noise(size, static_cast<std::uint64_t>(i) + 1000);
        auto t0 = Clock::now();
        must(db.exec("BEGIN IMMEDIATE"), "begin");
        must(ins.bind(1, data).run(), "insert");
        must(db.exec("COMMIT"), "commit");
        t.push_back(seconds_since(t0));
    }
    return t;
}

std::vector<double> time_fsync(const fs::path& path, int count) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw BenchError("cannot create " + path.string());
    Bytes block(4096, 0x5a);
    std::vector<double> t;
    for (int i = 0; i < count; ++i) {
        auto t0 = Clock::now();
        if (::pwrite(fd, block.data(), block.size(), static_cast<off_t>(i) * 4096) != 4096 || ::fdatasync(fd) != 0) {
            ::close(fd);
            throw BenchError("write/fdatasync failed");
        }
        t.push_back(seconds_since(t0));
    }
    ::close(fd);
    fs::remove(path);
    return t;
}

// A queue of COUNT démarches: one real submit, then COUNT−1 copies in one statement.
void build_queue(store::Store& st, const crypto::BoxPublicKey& key, std::int64_t count) {
    auto s = make_submission(key, 400, 0, 0);
    must(st.submit(s), "template submit");
    auto& db = st.database();
    auto id = must(db.query_int("SELECT max(id) FROM demarche"), "template id");
    auto bulk = must(db.prepare("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?1) "
                                "INSERT INTO demarche (uuid, tracking_code, form_id, form_version, recipient_id, "
                                "created_at, state, attempts, next_attempt_at, payload_size, attachment_count, "
                                "attachment_bytes, sealed_payload) "
                                "SELECT lower(hex(randomblob(16))), 'BLK-' || i, form_id, form_version, recipient_id, "
                                "created_at + i, 'queued', 0, next_attempt_at + i, payload_size, 0, 0, sealed_payload "
                                "FROM c, (SELECT * FROM demarche WHERE id = ?2)"),
                     "bulk insert");
    must(db.exec("BEGIN IMMEDIATE"), "begin");
    must(bulk.bind(1, count - 1).bind(2, id).run(), "bulk insert");
    must(db.exec("COMMIT"), "commit");
    must(db.exec("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");
}

struct ClaimFigures {
    Stats claim, select_indexed, select_unindexed;
};

ClaimFigures time_claims(const fs::path& dir, const crypto::BoxKeyPair& keys, std::int64_t queued, int count,
                         bool unindexed) {
    const auto path = dir / ("claim-" + std::to_string(queued) + ".db");
    store::StoreOptions o;
    o.tracking_prefix = "ANR";
    auto st = must(store::Store::open(path, o), "open");
    auto t_build = Clock::now();
    build_queue(st, keys.public_key, queued);
    std::printf("  (queue of %lld built in %s)\n", static_cast<long long>(queued),
                fmt_time(seconds_since(t_build)).c_str());
    const store::Timestamp now = st.now() + 10 * 365 * 86400LL;  // everything is due
    auto& db = st.database();
    auto requeue = must(db.prepare("UPDATE demarche SET state = 'queued', claimed_at = NULL, attempts = 0 "
                                   "WHERE state = 'sending'"),
                        "requeue");
    ClaimFigures f;
    std::vector<double> t;
    for (int i = 0; i < count; ++i) {
        auto t0 = Clock::now();
        auto batch = must(st.claim_next_batch(10, now), "claim");
        t.push_back(seconds_since(t0));
        if (batch.size() != 10) throw BenchError("claimed " + std::to_string(batch.size()) + " instead of 10");
        must(requeue.run(), "requeue");  // untimed: keep the queue at its size
    }
    f.claim = stats(t);
    auto time_select = [&](const char* sql) {
        auto sel = must(db.prepare(sql), "select");
        std::vector<double> ts;
        for (int i = 0; i < count; ++i) {
            sel.reset();
            sel.bind(1, now);
            auto t0 = Clock::now();
            int rows = 0;
            while (must(sel.step(), "step")) ++rows;
            ts.push_back(seconds_since(t0));
            if (rows != 10) throw BenchError("select returned " + std::to_string(rows));
        }
        return stats(ts);
    };
    f.select_indexed = time_select(
        "SELECT id FROM demarche INDEXED BY demarche_due WHERE state = 'queued' AND next_attempt_at <= ?1 "
        "ORDER BY next_attempt_at, id LIMIT 10");
    if (unindexed)
        f.select_unindexed = time_select(
            "SELECT id FROM demarche NOT INDEXED WHERE state = 'queued' AND next_attempt_at <= ?1 "
            "ORDER BY next_attempt_at, id LIMIT 10");
    return f;
}

int run(bool quick, fs::path dir, bool keep) {
    const int submits = quick ? 30 : 300;
    const int claims = quick ? 30 : 300;
    const std::size_t form = 2048;
    const std::size_t attachment = 300 * 1024;
    bool made_dir = false;
    if (dir.empty()) {
        std::string tmpl = (fs::temp_directory_path() / "guichet-store-bench-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw BenchError("cannot create a temporary directory");
        dir = tmpl;
        made_dir = true;
    } else {
        fs::create_directories(dir);
    }
    auto keys = crypto::BoxKeyPair::generate();

    std::printf("guichet-store-bench (%s run): SQLite %s, WAL, synchronous=FULL, in %s\n\n", quick ? "quick" : "full",
                sqlite3_libversion(), dir.c_str());
    std::printf("  %-58s %6s %11s %11s %11s\n", "operation", "n", "p50", "p99", "mean");

    row("fdatasync of a 4 KiB write (the disk's floor)", stats(time_fsync(dir / "fsync.tmp", submits)));
    {
        store::StoreOptions o;
        o.tracking_prefix = "ANR";
        auto st = must(store::Store::open(dir / "submit.db", o), "open");
        row("submit(): 2 KiB form, no attachment", stats(time_submits(st, keys.public_key, form, 0, submits)));
        row("bare SQLite BEGIN/INSERT/COMMIT of 2 KiB",
            stats(time_bare_inserts(dir / "bare-small.db", form + 48, submits)));
        row("submit(): 2 KiB form + 300 KiB attachment",
            stats(time_submits(st, keys.public_key, form, attachment, submits)));
        row("bare SQLite BEGIN/INSERT/COMMIT of 302 KiB",
            stats(time_bare_inserts(dir / "bare-large.db", form + attachment + 96, submits)));
    }
    std::printf("\n");
    auto small = time_claims(dir, keys, 100, claims, false);
    auto large = time_claims(dir, keys, 100'000, claims, true);
    std::printf("\n");
    row("claim_next_batch(10), 100 queued (durable commit)", small.claim);
    row("claim_next_batch(10), 100,000 queued (durable commit)", large.claim);
    row("  its SELECT ... LIMIT 10 alone, 100 queued", small.select_indexed);
    row("  its SELECT ... LIMIT 10 alone, 100,000 queued", large.select_indexed);
    row("  same SELECT without the index (NOT INDEXED), 100,000", large.select_unindexed);
    std::printf(
        "\nsubmit() = seal (crypto_box_seal) + one transaction over two tables + a fsynced WAL commit;\n"
        "the bare rows are the same commit with no sealing and one table. p99 of %d samples.\n",
        submits);
    if (made_dir && !keep) fs::remove_all(dir);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false, keep = false;
    fs::path dir;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--quick")
            quick = true;
        else if (a == "--keep")
            keep = true;
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--help" || a == "-h") {
            std::printf(
                "Usage: guichet-store-bench [--quick] [--dir DIR] [--keep]\n"
                "  --quick    30 samples per figure instead of 300\n"
                "  --dir DIR  where the databases go (default: a new temporary directory, removed after)\n"
                "  --keep     keep the temporary directory\n");
            return 0;
        } else {
            std::fprintf(stderr, "guichet-store-bench: unexpected argument '%s' (see --help)\n", argv[i]);
            return 2;
        }
    }
    try {
        return run(quick, dir, keep);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "guichet-store-bench: %s\n", e.what());
        return 1;
    }
}
