#include "hub/hub_backup.hpp"

#include "common/file.hpp"
#include "hub/hub_db.hpp"
#include "sqlite/sqlite.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <system_error>

namespace guichet::sync::hub {

namespace fs = std::filesystem;

namespace {

// Every page in one step: one read transaction, hence one snapshot. Done in
// several steps, a write by the hub between two would restart the copy, and a
// busy hub could keep it from ever finishing.
Result<void> copy_database(store::Database& from, store::Database& to) {
    sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
    if (!backup) return fail(to.path().string() + ": cannot start the copy: " + sqlite3_errmsg(to.handle()));
    int rc = SQLITE_OK;
    // A writer holding its lock past the busy timeout: try again, a bounded number of times.
    for (int attempt = 0; attempt < 50; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        sqlite3_sleep(100);
    }
    const int finish = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) return fail(to.path().string() + ": copy failed: " + sqlite3_errstr(rc));
    if (finish != SQLITE_OK) return fail(to.path().string() + ": copy failed: " + sqlite3_errmsg(to.handle()));
    return {};
}

Result<BackupSummary> summarize(store::Database& db) {
    BackupSummary s;
    auto version = db.query_int("PRAGMA user_version");
    if (!version) return version.error();
    s.schema_version = *version;
    auto demarches = db.query_int("SELECT count(*) FROM demarche");
    if (!demarches) return demarches.error();
    s.demarches = *demarches;
    auto clients = db.query_int("SELECT count(*) FROM client");
    if (!clients) return clients.error();
    s.clients = *clients;
    return s;
}

Result<void> fsync_directory(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(dir.string() + ": " + errno_text());
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return fail(dir.string() + ": fsync: " + errno_text());
    return {};
}

}  // namespace

Result<BackupSummary> backup_hub(const fs::path& data_dir, const fs::path& file) {
    const fs::path source = data_dir / kHubDatabaseFile;
    std::error_code ec;
    if (!fs::is_regular_file(source, ec)) return fail(source.string() + ": no hub database here");
    store::OpenOptions source_options;
    source_options.create = false;
    auto from = store::Database::open(source, source_options);
    if (!from) return from.error();

    const fs::path tmp = file.string() + ".tmp";
    fs::remove(tmp, ec);
    auto to = store::Database::open(tmp);  // created with mode 0600
    if (!to) return to.error();
    if (auto r = copy_database(*from, *to); !r) {
        fs::remove(tmp, ec);
        return r.error();
    }
    // The hub's database is WAL; its backup is one self-contained file.
    auto mode = to->query_text("PRAGMA journal_mode = DELETE");
    auto summary = mode ? summarize(*to) : Result<BackupSummary>(mode.error());
    if (!summary) {
        fs::remove(tmp, ec);
        return summary.error();
    }
    if (auto r = to->close(); !r) return r.error();
    {  // SQLite synced its commit; the rename below must not overtake the data.
        const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0 || ::fsync(fd) != 0) {
            if (fd >= 0) ::close(fd);
            return fail(tmp.string() + ": fsync: " + errno_text());
        }
        ::close(fd);
    }
    fs::rename(tmp, file, ec);
    if (ec) return fail(file.string() + ": " + ec.message());
    if (auto r = fsync_directory(file.parent_path()); !r) return r.error();
    summary->bytes = static_cast<std::int64_t>(fs::file_size(file, ec));
    return summary;
}

Result<BackupSummary> restore_hub(const fs::path& file, const fs::path& data_dir, bool replace) {
    store::OpenOptions read_only;
    read_only.create = false;
    read_only.read_only = true;
    auto from = store::Database::open(file, read_only);
    if (!from) return from.error();
    auto check = from->query_text("PRAGMA integrity_check");
    if (!check) return fail(file.string() + ": not a hub backup: " + check.error().message);
    if (*check != "ok") return fail(file.string() + ": damaged: " + *check);
    auto before = summarize(*from);
    if (!before) return fail(file.string() + ": not a hub backup: " + before.error().message);
    if (before->schema_version < 1 || before->schema_version > kHubSchemaVersion)
        return fail(file.string() + ": schema version " + std::to_string(before->schema_version) +
                    " is not one this hub reads (1 to " + std::to_string(kHubSchemaVersion) + ")");

    // Made (and migrated) when missing: the same file, mode and WAL as the hub's own.
    auto target = HubDb::open(data_dir);
    if (!target) return target.error();
    store::Database& target_db = *target->db().sqlite();  // HubDb::open is SQLite's
    auto held = summarize(target_db);
    if (!held) return held.error();
    if (!replace && (held->demarches > 0 || held->clients > 0))
        return fail((data_dir / kHubDatabaseFile).string() + " already holds " + std::to_string(held->demarches) +
                    " démarche(s) and " + std::to_string(held->clients) + " client(s): --replace to overwrite them");
    if (auto r = copy_database(*from, target_db); !r) return r.error();
    if (auto r = target_db.close(); !r) return r.error();
    // Opened again: an older backup is migrated to this hub's schema.
    auto reopened = HubDb::open(data_dir);
    if (!reopened) return reopened.error();
    auto after = summarize(*reopened->db().sqlite());
    if (!after) return after.error();
    std::error_code ec;
    after->bytes = static_cast<std::int64_t>(fs::file_size(file, ec));
    return after;
}

}  // namespace guichet::sync::hub
