#include "hub/use_postgres.hpp"

#include "common/file.hpp"
#include "hub/hub_db.hpp"

#include <sys/stat.h>

namespace guichet::sync::hub {

Result<void> use_postgres(const std::filesystem::path& data_dir, const std::string& conninfo) {
    if (conninfo.empty() || conninfo.find('\n') != std::string::npos)
        return fail("the PostgreSQL connection must be one line (libpq's \"host=… dbname=…\" or a postgresql:// URI)");
    std::error_code ec;
    if (std::filesystem::exists(data_dir / kHubDatabaseFile, ec))
        return fail((data_dir / kHubDatabaseFile).string() +
                    " exists: this hub keeps its tables in SQLite; moving them to PostgreSQL is not built "
                    "(start the PostgreSQL hub from an empty data directory)");
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return fail("cannot create the data directory " + data_dir.string() + ": " + ec.message());
    ::chmod(data_dir.c_str(), 0700);
    auto db = HubDb::open_postgres(conninfo);  // connects, creates or checks the schema
    if (!db) return db.error();
    return write_file_atomic(data_dir / kPostgresConfigFile, as_bytes(conninfo + "\n"), 0600);
}

}  // namespace guichet::sync::hub
