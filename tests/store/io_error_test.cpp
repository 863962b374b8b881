// I/O errors and a full disk: through a VFS that fails the Nth write or sync,
// for every N a submit performs, submit() returns a clear error (no crash, no
// exception), and the database reopened normally is intact with every démarche
// either whole or absent.
#include "faulty_vfs.hpp"
#include "store_test_util.hpp"

#include <map>
#include <set>

using namespace guichet;
using namespace guichet::test;
using faulty_vfs::Fault;

namespace {

struct Mode {
    Fault fault;
    bool persistent;
    const char* name;
    const char* expect;  // in the error message
};

void copy_db(const std::filesystem::path& from, const std::filesystem::path& to) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(to.string() + suffix);
    std::filesystem::copy_file(from, to);
}

// Reopens with the default VFS and checks integrity and that every démarche in
// there is complete. Returns the counters n found.
std::multiset<std::int64_t> check_intact(const std::filesystem::path& db, const crypto::BoxKeyPair& keys,
                                         std::size_t attachment_size) {
    auto st = open_store(db);
    CHECK(integrity(st.database()) == "ok");
    CHECK(column_texts(st.database(), "PRAGMA foreign_key_check").empty());
    CHECK(query_int(st.database(), "SELECT count(*) FROM attachment") ==
          query_int(st.database(), "SELECT coalesce(sum(attachment_count), 0) FROM demarche"));
    std::multiset<std::int64_t> found;
    for (const auto& uuid : column_texts(st.database(), "SELECT uuid FROM demarche")) {
        auto n = verify_demarche(st, uuid, keys, -1, attachment_size);
        CHECK_MESSAGE(n.ok(), (n.ok() ? "" : n.error().message));
        if (n.ok()) found.insert(*n);
    }
    return found;
}

void run_every_fault(std::size_t attachment_size, const std::vector<Mode>& modes) {
    faulty_vfs::install();
    TempDir dir;
    auto keys = crypto::BoxKeyPair::generate();
    const auto base = dir / "base.db";
    const auto work = dir / "work.db";
    {
        auto st = open_store(base);
        for (std::uint64_t n : {1, 2, 3}) {
            auto s = submission_for(n, keys.public_key, attachment_size);
            REQUIRE_OK(st.submit(s));
        }
    }  // closed: checkpointed, no WAL left
    auto faulty = test_options();
    faulty.vfs = faulty_vfs::kName;

    // How many writes and syncs one submit does (démarche 6 has an attachment).
    int writes = 0, syncs = 0;
    {
        copy_db(base, work);
        auto st = open_store(work, faulty);
        faulty_vfs::arm(Fault::none, 0);
        auto s = submission_for(6, keys.public_key, attachment_size);
        REQUIRE_OK(st.submit(s));
        writes = faulty_vfs::writes();
        syncs = faulty_vfs::syncs();
        faulty_vfs::disarm();
    }
    MESSAGE("one submit with a " << attachment_size << "-byte attachment: " << writes << " writes, " << syncs
                                 << " syncs");
    REQUIRE(writes > 5);
    REQUIRE(syncs >= 1);

    for (const auto& mode : modes) {
        const int total = mode.fault == Fault::sync_ioerr ? syncs : writes;
        int errors = 0, recovered = 0, kept_after_error = 0;
        for (int n = 1; n <= total; ++n) {
            const std::string mode_name = mode.name;
            CAPTURE(mode_name);
            CAPTURE(n);
            copy_db(base, work);
            bool second_ok = false;
            {
                auto st = open_store(work, faulty);
                faulty_vfs::arm(mode.fault, n, mode.persistent);
                auto s = submission_for(6, keys.public_key, attachment_size);
                auto r = st.submit(s);
                CHECK(faulty_vfs::fired());
                faulty_vfs::disarm();
                CHECK_FALSE(r.ok());
                if (!r.ok()) {
                    ++errors;
                    CHECK(r.error().message.find("cannot store the démarche") != std::string::npos);
                    CHECK_MESSAGE(r.error().message.find(mode.expect) != std::string::npos, r.error().message);
                }
                if (!mode.persistent) {
                    // The fault cleared: the same connection stores the next démarche.
                    auto s2 = submission_for(9, keys.public_key, attachment_size);
                    auto r2 = st.submit(s2);
                    CHECK_MESSAGE(r2.ok(), (r2.ok() ? "" : r2.error().message));
                    second_ok = r2.ok();
                    if (second_ok) ++recovered;
                }
            }
            auto found = check_intact(work, keys, attachment_size);
            CHECK(found.count(1) == 1);
            CHECK(found.count(2) == 1);
            CHECK(found.count(3) == 1);
            CHECK(found.count(9) == (second_ok ? 1u : 0u));
            // Démarche 6 failed: absent, or (a failed fsync after the WAL frames
            // were written) present and whole, never partial: checked above.
            CHECK(found.count(6) <= 1);
            if (found.count(6) == 1) ++kept_after_error;
            CHECK(found.size() == 3 + found.count(6) + found.count(9));
        }
        CHECK(errors == total);
        MESSAGE(std::string(mode.name) << ": " << total << " faults injected, " << errors << " clear errors, "
                                       << recovered << " recoveries on the same connection, " << kept_after_error
                                       << " times the failed démarche was nonetheless whole on disk");
    }
}

}  // namespace

TEST_CASE("every write and sync of a submit failing in turn (I/O error, full disk): no partial démarche") {
    run_every_fault(24 * 1024, {
                                   {Fault::write_ioerr, false, "transient write I/O error", "disk I/O error"},
                                   {Fault::write_ioerr, true, "persistent write I/O error", "disk I/O error"},
                                   {Fault::write_full, false, "transient full disk", "full"},
                                   {Fault::write_full, true, "persistent full disk", "full"},
                                   {Fault::sync_ioerr, false, "transient fsync error", "disk I/O error"},
                                   {Fault::sync_ioerr, true, "persistent fsync error", "disk I/O error"},
                               });
}

TEST_CASE("a full disk at every write of a submit with a 300 KB attachment: no partial démarche") {
    run_every_fault(kLargeAttachment, {
                                          {Fault::write_full, true, "persistent full disk", "full"},
                                          {Fault::sync_ioerr, true, "persistent fsync error", "disk I/O error"},
                                      });
}
