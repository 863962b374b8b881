// guichet-queue: what is waiting in the kiosk's outbox, for town-hall staff.
// Prints counts per state, how long the oldest démarche has waited, the last
// sync and the most frequent last errors. Never a tracking code, a UUID, a
// name or any content (docs/store.md §8).
#include "common/time_format.hpp"
#include "store/store.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <string_view>

using namespace guichet;

namespace {

constexpr int kExitOk = 0, kExitFailure = 1, kExitUsage = 2;
constexpr const char* kDefaultState = "/var/lib/guichet";

void print_help() {
    std::printf(
        "guichet-queue — the kiosk's outbox at a glance (counts only, never contents)\n\n"
        "Usage: guichet-queue [--state DIR]\n\n"
        "Options:\n"
        "  --state DIR   the kiosk's state directory, holding %s (default %s)\n"
        "  --help        this text\n\n"
        "Shows how many démarches are queued (waiting to be sent), sending, delivered\n"
        "(sealed copy still here) and purged (only the status lookup remains), how long\n"
        "the oldest undelivered one has waited, the last sync with the hub, and the\n"
        "last errors of the sync agent with how many démarches each concerns.\n\n"
        "Exit status: 0 success; 1 the store cannot be read; 2 bad command line.\n",
        store::kDatabaseFile, kDefaultState);
}

std::string age(std::int64_t seconds) {
    if (seconds < 0) return "in the future (check the clock)";
    char buf[64];
    if (seconds < 60)
        std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(seconds));
    else if (seconds < 3600)
        std::snprintf(buf, sizeof buf, "%lld min", static_cast<long long>(seconds / 60));
    else if (seconds < 86400)
        std::snprintf(buf, sizeof buf, "%lld h %lld min", static_cast<long long>(seconds / 3600),
                      static_cast<long long>(seconds % 3600 / 60));
    else
        std::snprintf(buf, sizeof buf, "%lld d %lld h", static_cast<long long>(seconds / 86400),
                      static_cast<long long>(seconds % 86400 / 3600));
    return buf;
}

std::string utc(std::int64_t t) { return guichet::format_utc(t); }

// One line, printable, bounded: an error text comes from the network side.
std::string one_line(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (out.size() >= 100) {
            out += "…";
            break;
        }
        out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path state = kDefaultState;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--help" || a == "-h") {
            print_help();
            return kExitOk;
        }
        if (a == "--state" && i + 1 < argc) {
            state = argv[++i];
        } else if (a.starts_with("--state=")) {
            state = std::string(a.substr(8));
        } else {
            std::fprintf(stderr, "guichet-queue: unexpected argument '%s' (see guichet-queue --help)\n", argv[i]);
            return kExitUsage;
        }
    }

    auto db_path = state / store::kDatabaseFile;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(db_path, ec)) {
        std::fprintf(stderr, "guichet-queue: no store at %s (is --state right?)\n", db_path.c_str());
        return kExitFailure;
    }
    store::StoreOptions options;
    options.create = false;
    auto st = store::Store::open(db_path, options);
    if (!st) {
        std::fprintf(stderr, "guichet-queue: %s\n", st.error().message.c_str());
        return kExitFailure;
    }
    const auto now = st->now();
    auto q = st->queue_summary(now);
    if (!q) {
        std::fprintf(stderr, "guichet-queue: %s\n", q.error().message.c_str());
        return kExitFailure;
    }

    std::printf("Outbox of %s (schema version %d)\n\n", db_path.c_str(), q->schema_version);
    std::printf("  state     démarches\n");  // "é" is two bytes: aligned by hand
    std::printf("  %-10s %8d   (%d due now)\n", "queued", q->queued, q->due);
    std::printf("  %-10s %8d\n", "sending", q->sending);
    std::printf("  %-10s %8d\n", "delivered", q->delivered);
    std::printf("  %-10s %8d\n\n", "purged", q->purged);
    if (q->oldest_queued)
        std::printf("Oldest undelivered: waiting for %s (since %s)\n", age(now - *q->oldest_queued).c_str(),
                    utc(*q->oldest_queued).c_str());
    else
        std::printf("Oldest undelivered: none, everything is delivered\n");
    if (q->last_sync)
        std::printf("Last sync: %s ago (%s)\n", age(now - *q->last_sync).c_str(), utc(*q->last_sync).c_str());
    else
        std::printf("Last sync: never\n");
    if (q->errors.empty()) {
        std::printf("Last errors: none\n");
    } else {
        std::printf("Last errors (démarches still queued or sending):\n");
        for (const auto& e : q->errors) std::printf("  %6d  %s\n", e.count, one_line(e.error).c_str());
    }
    return kExitOk;
}
