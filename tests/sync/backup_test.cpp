// guichet-hub backup / restore (hub/hub_backup.hpp, docs/install.md): a backup
// taken while another connection keeps writing démarches holds a consistent
// snapshot (every démarche committed before it started, each one whole), and a
// restore brings them all back.
#include "hub/hub_db.hpp"
#include "sqlite/sqlite.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

using namespace guichet;
using namespace guichet::test;
using namespace guichet::test::sync;
namespace fs = std::filesystem;

namespace {

// Démarche N's sealed payload: 8 KiB that depend on N, so a torn or mixed-up row shows.
Bytes payload_of(int n) {
    Bytes b(8192);
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>((n * 131 + static_cast<int>(i) * 7) & 0xff);
    return b;
}

// Stores démarches "d-0", "d-1"... one transaction each, in its own connection
// (as the running hub would), until told to stop; COMMITTED counts them.
void write_demarches(const fs::path& db_file, std::atomic<bool>& stop, std::atomic<int>& committed,
                     std::string& error) {
    auto db = store::Database::open(db_file);
    if (!db) {
        error = db.error().message;
        return;
    }
    for (int n = 0; n < 20000 && !stop.load(); ++n) {
        auto tx = store::Transaction::begin(*db);
        if (!tx) {
            error = tx.error().message;
            return;
        }
        auto st = db->prepare(
            "INSERT INTO demarche (uuid, kiosk_id, tracking_code, form_id, form_version, recipient_id, created_at, "
            "received_at, receipt, sealed_payload, attachment_count, complete) VALUES (?, 'k-1', ?, 'f', 1, 'etat-civil', "
            "1, 1, '{}', ?, 0, 1)");
        if (!st) {
            error = st.error().message;
            return;
        }
        const Bytes payload = payload_of(n);
        st->bind(1, "d-" + std::to_string(n)).bind(2, "C" + std::to_string(n)).bind(3, ByteView(payload));
        if (auto r = st->run(); !r) {
            error = r.error().message;
            return;
        }
        if (auto r = tx->commit(); !r) {
            error = r.error().message;
            return;
        }
        committed.store(n + 1);
    }
}

// The restored démarches must be exactly d-0 … d-(N-1), each with its own payload.
int check_prefix(const fs::path& db_file) {
    auto db = store::Database::open(db_file);
    REQUIRE(db);
    CHECK(db->query_text("PRAGMA integrity_check").value() == "ok");
    auto st = db->prepare("SELECT uuid, sealed_payload FROM demarche ORDER BY id");
    REQUIRE(st);
    int n = 0;
    while (st->step().value()) {
        REQUIRE(st->column_text(0) == "d-" + std::to_string(n));
        REQUIRE(st->column_blob(1) == payload_of(n));
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("guichet-hub backup while démarches are written, then restore: every démarche is there") {
    TempDir tmp;
    const fs::path data = tmp.path() / "hub", backup = tmp.path() / "sauvegarde.db", restored = tmp.path() / "restored";
    REQUIRE(guichet::sync::hub::HubDb::open(data));

    std::atomic<bool> stop{false};
    std::atomic<int> committed{0};
    std::string writer_error;
    std::thread writer(write_demarches, data / "hub.db", std::ref(stop), std::ref(committed), std::ref(writer_error));
    struct Joiner {
        std::thread& t;
        std::atomic<bool>& stop;
        ~Joiner() {
            stop = true;
            if (t.joinable()) t.join();
        }
    } joiner{writer, stop};

    // A few hundred démarches first (some megabytes: the copy takes a while), bounded wait.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (committed.load() < 400 && writer_error.empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(committed.load() >= 400);

    const int before = committed.load();
    auto run = ChildProcess::spawn({GUICHET_HUB_TOOL, "backup", "--data", data.string(), "--to", backup.string()},
                                   true, true);
    const int status = run.wait(60000);
    const int after = committed.load();
    INFO(run.output());
    REQUIRE(status == 0);
    CHECK(run.output().find("démarche(s)") != std::string::npos);
    CHECK_FALSE(fs::exists(backup.string() + ".tmp"));
    CHECK_FALSE(fs::exists(backup.string() + "-wal"));
    CHECK((fs::status(backup).permissions() & fs::perms::others_read) == fs::perms::none);
    MESSAGE("démarches committed by the writer while the backup ran: ", after - before);

    // The writer goes on after the backup: those démarches are not in it.
    const auto more = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (committed.load() < after + 50 && writer_error.empty() && std::chrono::steady_clock::now() < more)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop = true;
    writer.join();
    REQUIRE(writer_error.empty());

    auto restore = ChildProcess::spawn(
        {GUICHET_HUB_TOOL, "restore", "--data", restored.string(), "--from", backup.string()}, true, true);
    INFO(restore.output());
    REQUIRE(restore.wait(60000) == 0);
    const int in_backup = check_prefix(restored / "hub.db");
    CHECK(in_backup >= before);  // everything committed before the backup started
    CHECK(in_backup <= after);   // and nothing committed after it ended
    CHECK(committed.load() > in_backup);
    CHECK(guichet::sync::hub::HubDb::open(restored));  // the hub opens what was restored

    SUBCASE("a data folder with démarches is not overwritten without --replace") {
        auto again = ChildProcess::spawn(
            {GUICHET_HUB_TOOL, "restore", "--data", data.string(), "--from", backup.string()}, true, true);
        CHECK(again.wait(60000) == 1);
        CHECK(again.output().find("--replace") != std::string::npos);
        CHECK(check_prefix(data / "hub.db") == committed.load());  // untouched

        auto replace = ChildProcess::spawn(
            {GUICHET_HUB_TOOL, "restore", "--data", data.string(), "--from", backup.string(), "--replace"}, true, true);
        CHECK(replace.wait(60000) == 0);
        CHECK(check_prefix(data / "hub.db") == in_backup);
    }
    SUBCASE("a file that is not a hub backup is refused, the data folder left as it was") {
        write_all(tmp.path() / "not-a-backup.db", as_bytes(std::string(5000, 'x')));
        auto bad = ChildProcess::spawn({GUICHET_HUB_TOOL, "restore", "--data", restored.string(), "--from",
                                        (tmp.path() / "not-a-backup.db").string(), "--replace"},
                                       true, true);
        CHECK(bad.wait(60000) == 1);
        CHECK(check_prefix(restored / "hub.db") == in_backup);
    }
}
