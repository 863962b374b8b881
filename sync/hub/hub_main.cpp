// guichet-hub: the town hall's hub (docs/protocol.md). Thin: parses the
// command line and runs the library.
#include "hub/bundle_import.hpp"
#include "hub/hub_server.hpp"
#include "hub/routes_back_office.hpp"
#include "hub/routes_repo.hpp"
#include "feeds/feed_publish.hpp"
#include "hub/routes_feeds.hpp"
#include "hub/status_export.hpp"

#include "common/file.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <thread>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::sync::hub;

namespace {

constexpr const char* kUsage = R"(Usage:
  guichet-hub [serve] --data DIR --listen HOST:PORT [--max-connections N]
                    [--max-connections-per-address N] [--header-timeout S]
                    [--public-rate N] [--web DIR]
      Serves the hub API on HOST:PORT (PORT 0: any free port). Prints
      "listening on http://HOST:PORT" once ready. SIGTERM/SIGINT stop it cleanly.
      The partner agents' back office is at /bureau/ (docs/back-office.md),
      its files read from DIR (default: the source tree's sync/hub/web).
      Limits against hostile clients (docs/protocol.md §1): connections in
      total (default 1024) and from one address (default 32), beyond which
      a connection is closed at once; seconds for a request's line and
      headers (default 10); unsigned requests (ping, enrolment, staff pages)
      per second from one address (default 20, bursts of 200).
  guichet-hub enroll-token --data DIR [--valid-hours N]
      Prints a one-time kiosk enrolment token (default validity 168 h).
  guichet-hub add-partner --data DIR --id RECIPIENT_ID --key PARTNER.sign.pub
      Registers (or re-keys) a partner service by its request-signing public key.
  guichet-hub revoke --data DIR CLIENT_ID
      Revokes a kiosk or a partner: its requests are refused from now on.
  guichet-hub import-bundle --data DIR USB
      Takes in a kiosk's outbox carried on a USB stick (guichet-sync
      export-bundle; docs/bundle.md §4): checks the kiosk's signature, then
      stores each démarche exactly as an upload would (one already received
      is not stored twice). Prints one line per démarche and a summary; exit
      status 1 when the bundle or one of its démarches is refused.
  guichet-hub publish-feed --data DIR --kind KIND --key SECRET [--expires DAYS]
                           [--created T] SOURCE.json
      Signs staff's feed SOURCE.json ({"items": [...]}, docs/feeds.md) with the
      pack signing key SECRET (the key kiosks already trust for packs; read by
      this command only, never by the server) and publishes it as
      DIR/feeds/KIND.gfd, version = the held one + 1. KIND: jobs (offres
      d'emploi), events (agenda), slots (rendez-vous en visio). Valid DAYS
      days (default 7, 1-366): publish again before, even unchanged. Errors
      in SOURCE name its file and line. $GUICHET_KEY_PASSWORD opens an
      encrypted key; T (Unix seconds) defaults to $SOURCE_DATE_EPOCH, else now.
  guichet-hub export-statuses --data DIR --key SECRET --out USB [--kiosk ID]
                              [--expires DAYS]
      For the USB navette hub -> kiosk (docs/bundle.md §5): writes
      USB/statuses/<kiosk id>.gst for every enrolled kiosk (or only ID), the
      latest status of each of its tracking codes, signed with the pack
      signing key SECRET. Valid DAYS days (default 30, 1-366). The kiosk
      applies it with `guichet-sync import-bundle`.

The data directory holds hub.db (SQLite). Protocol: docs/protocol.md.
Exit status: 0 success, 1 failure, 2 usage error.
)";

struct Args {
    std::string command = "serve";
    std::string data, listen, id, key, kind, expires_days, created, out, kiosk;
    std::string web = GUICHET_WEB_DIR;
    http::Limits limits;
    std::vector<std::string> positional;
    long valid_hours = 168;
};

int usage_error(const std::string& message) {
    std::cerr << "guichet-hub: " << message << "\n\n" << kUsage;
    return 2;
}

std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

int serve(const Args& a) {
    auto colon = a.listen.rfind(':');
    if (colon == std::string::npos) return usage_error("--listen HOST:PORT expected");
    const std::string host = a.listen.substr(0, colon);
    int port = -1;
    try {
        port = std::stoi(a.listen.substr(colon + 1));
    } catch (const std::exception&) {
    }
    if (port < 0 || port > 65535) return usage_error("--listen: bad port");

    // Signals go to one thread that stops the server; the others never see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // A connection is a descriptor: the soft limit goes up to the hard one,
    // and the connection limit stays below it (the database, the pack files
    // and the listening socket need some).
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    HubOptions options;
    options.data_dir = a.data;
    options.limits = a.limits;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur > 128 &&
        options.limits.max_connections > files.rlim_cur - 64) {
        options.limits.max_connections = files.rlim_cur - 64;
        std::cerr << "guichet-hub: at most " << options.limits.max_connections << " connections (RLIMIT_NOFILE "
                  << files.rlim_cur << ")\n";
    }
    auto hub = Hub::open(std::move(options));
    if (!hub) {
        std::cerr << "guichet-hub: " << hub.error().message << "\n";
        return 1;
    }
    (*hub)->add_module(guichet::repo::register_repo_routes);  // DATA/repo: docs/pack-repository.md
    (*hub)->add_module(guichet::feeds::register_feed_routes);  // DATA/feeds: docs/feeds.md
    (*hub)->add_module(back_office_routes(a.web));              // /bureau/: docs/back-office.md
    auto bound = (*hub)->bind(host, port);
    if (!bound) {
        std::cerr << "guichet-hub: " << bound.error().message << "\n";
        return 1;
    }
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig != SIGUSR1) std::cerr << "guichet-hub: " << strsignal(sig) << ", stopping\n";
        (*hub)->stop();
    });
    std::cout << "listening on http://" << host << ":" << *bound << std::endl;
    bool ok = (*hub)->listen();
    pthread_kill(waiter.native_handle(), SIGUSR1);  // no-op when a signal already ended it
    waiter.join();
    std::cerr << "guichet-hub: stopped\n";
    return ok ? 0 : 1;
}

int with_db(const Args& a, const std::function<int(HubDb&)>& body) {
    auto db = HubDb::open(a.data);
    if (!db) {
        std::cerr << "guichet-hub: " << db.error().message << "\n";
        return 1;
    }
    return body(*db);
}

int import_bundle(HubDb& db, const std::string& usb) {
    auto report = import_outbox_bundle(db, usb, now());
    if (!report) return std::cerr << "guichet-hub: bundle refused: " << report.error().message << "\n", 1;
    using Outcome = ImportedDemarche::Outcome;
    for (const auto& d : report->demarches) {
        const std::string from = d.author.empty() || d.author == report->kiosk_id ? "" : " (from kiosk " + d.author + ")";
        if (d.outcome == Outcome::added) std::cout << d.uuid << ": new" << from << "\n";
        if (d.outcome == Outcome::already_present) std::cout << d.uuid << ": already present\n";
        if (d.outcome == Outcome::refused) std::cout << d.uuid << ": refused: " << d.reason << "\n";
    }
    const int refused = report->count(Outcome::refused);
    std::cout << "kiosk " << report->kiosk_id << ": " << report->count(Outcome::added) << " new, "
              << report->count(Outcome::already_present) << " already present, " << refused << " refused\n";
    return refused == 0 ? 0 : 1;
}

bool parse_int(const std::string& text, std::int64_t& out) {
    try {
        std::size_t used = 0;
        out = std::stoll(text, &used);
        return used == text.size();
    } catch (const std::exception&) {
        return false;
    }
}

int publish_feed(const Args& a) {
    if (a.positional.size() != 1 || a.kind.empty() || a.key.empty())
        return usage_error("publish-feed needs --kind KIND, --key SECRET and one SOURCE.json");
    if (!guichet::feeds::is_feed_kind(a.kind)) return usage_error("--kind: expected jobs, events or slots");
    std::int64_t days = 0, created = now();
    if (!parse_int(a.expires_days.empty() ? "7" : a.expires_days, days) || days < 1 || days > 366)
        return usage_error("--expires: expected a number of days from 1 to 366");
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && a.created.empty() && !parse_int(epoch, created))
        return usage_error("$SOURCE_DATE_EPOCH: expected Unix seconds");
    if (!a.created.empty() && !parse_int(a.created, created)) return usage_error("--created: expected Unix seconds");
    std::optional<std::string> password;
    if (const char* p = std::getenv("GUICHET_KEY_PASSWORD")) password = p;
    auto key = crypto::SecretKey::load(a.key, password);
    if (!key) return std::cerr << "guichet-hub: " << a.key << ": " << key.error().message << "\n", 1;
    auto items = guichet::feeds::read_feed_source(a.positional[0], a.kind);
    if (!items) return std::cerr << items.error().message << "\n", 1;
    guichet::feeds::PublishFeedOptions o;
    o.data_dir = a.data;
    o.kind = a.kind;
    o.items = std::move(*items);
    o.created = created;
    o.valid_seconds = days * 86400;
    auto published = guichet::feeds::publish_feed(o, *key);
    if (!published) return std::cerr << "guichet-hub: publish-feed: " << published.error().message << "\n", 1;
    std::cout << "feed '" << a.kind << "' version " << published->version << " published: " << o.items.size()
              << " items, " << published->bytes << " bytes, signed by key " << crypto::key_id_hex(key->public_key().id)
              << ", valid " << days << " days (" << published->path.string() << ")\n";
    return 0;
}

std::optional<crypto::SecretKey> load_key(const std::string& path) {
    std::optional<std::string> password;
    if (const char* p = std::getenv("GUICHET_KEY_PASSWORD")) password = p;
    auto key = crypto::SecretKey::load(path, password);
    if (!key) return std::cerr << "guichet-hub: " << path << ": " << key.error().message << "\n", std::nullopt;
    return std::move(*key);
}

int export_statuses(const Args& a) {
    if (a.key.empty() || a.out.empty()) return usage_error("export-statuses needs --key SECRET and --out USB");
    std::int64_t days = 0;
    if (!parse_int(a.expires_days.empty() ? "30" : a.expires_days, days) || days < 1 || days > 366)
        return usage_error("--expires: expected a number of days from 1 to 366");
    auto key = load_key(a.key);
    if (!key) return 1;
    return with_db(a, [&](HubDb& db) {
        std::optional<std::string> only;
        if (!a.kiosk.empty()) only = a.kiosk;
        auto done = guichet::feeds::export_status_bundles(db, a.out, *key, now(), days * 86400, only);
        if (!done) return std::cerr << "guichet-hub: export-statuses: " << done.error().message << "\n", 1;
        for (const auto& e : *done)
            std::cout << "kiosk " << e.kiosk_id << ": " << e.statuses << " statuses up to #" << e.seq << " -> "
                      << e.path.string() << "\n";
        std::cout << done->size() << " kiosk(s), signed by key " << crypto::key_id_hex(key->public_key().id)
                  << ", valid " << days << " days\n";
        return 0;
    });
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    int i = 1;
    if (i < argc && argv[i][0] != '-') a.command = argv[i++];
    for (; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        }
        std::string v;
        if (arg == "--data") {
            if (!value(a.data)) return usage_error("--data needs a directory");
        } else if (arg == "--listen") {
            if (!value(a.listen)) return usage_error("--listen needs HOST:PORT");
        } else if (arg == "--id") {
            if (!value(a.id)) return usage_error("--id needs a recipient id");
        } else if (arg == "--key") {
            if (!value(a.key)) return usage_error("--key needs a file");
        } else if (arg == "--out") {
            if (!value(a.out)) return usage_error("--out needs a directory");
        } else if (arg == "--web") {
            if (!value(a.web)) return usage_error("--web needs a directory");
        } else if (arg == "--kiosk") {
            if (!value(a.kiosk)) return usage_error("--kiosk needs a kiosk id");
        } else if (arg == "--kind") {
            if (!value(a.kind)) return usage_error("--kind needs jobs, events or slots");
        } else if (arg == "--expires") {
            if (!value(a.expires_days)) return usage_error("--expires needs a number of days");
        } else if (arg == "--created") {
            if (!value(a.created)) return usage_error("--created needs Unix seconds");
        } else if (arg == "--max-connections" || arg == "--max-connections-per-address" || arg == "--header-timeout" ||
                   arg == "--public-rate") {
            std::int64_t n = 0;
            if (!value(v) || !parse_int(v, n) || n < 1 || n > 1'000'000)
                return usage_error(arg + " needs a number from 1 to 1000000");
            if (arg == "--max-connections") a.limits.max_connections = static_cast<std::size_t>(n);
            if (arg == "--max-connections-per-address")
                a.limits.max_connections_per_address = static_cast<std::size_t>(n);
            if (arg == "--header-timeout") a.limits.header_timeout_seconds = static_cast<int>(n);
            if (arg == "--public-rate") a.limits.public_rate_per_second = static_cast<double>(n);
        } else if (arg == "--valid-hours") {
            if (!value(v)) return usage_error("--valid-hours needs a number");
            a.valid_hours = std::atol(v.c_str());
            if (a.valid_hours <= 0) return usage_error("--valid-hours: expected a positive number");
        } else if (!arg.empty() && arg[0] == '-') {
            return usage_error("unknown option " + arg);
        } else {
            a.positional.push_back(arg);
        }
    }
    if (a.data.empty()) return usage_error("--data DIR is required");

    if (a.command == "serve") {
        if (a.listen.empty()) return usage_error("--listen HOST:PORT is required");
        return serve(a);
    }
    if (a.command == "enroll-token") {
        return with_db(a, [&](HubDb& db) {
            auto token = db.create_enroll_token(now(), a.valid_hours * 3600);
            if (!token) return std::cerr << "guichet-hub: " << token.error().message << "\n", 1;
            std::cout << *token << std::endl;
            return 0;
        });
    }
    if (a.command == "add-partner") {
        if (a.id.empty() || a.key.empty()) return usage_error("add-partner needs --id and --key");
        auto text = read_text_file(a.key, 4096);
        if (!text) return std::cerr << "guichet-hub: " << text.error().message << "\n", 1;
        auto key = parse_public_key(*text);
        if (!key) return std::cerr << "guichet-hub: " << a.key << ": " << key.error().message << "\n", 1;
        return with_db(a, [&](HubDb& db) {
            if (auto r = db.add_partner(a.id, *key, now()); !r)
                return std::cerr << "guichet-hub: " << r.error().message << "\n", 1;
            std::cout << "partner " << a.id << " registered\n";
            return 0;
        });
    }
    if (a.command == "revoke") {
        if (a.positional.size() != 1) return usage_error("revoke needs one CLIENT_ID");
        return with_db(a, [&](HubDb& db) {
            auto r = db.revoke(a.positional[0], now());
            if (!r) return std::cerr << "guichet-hub: " << r.error().message << "\n", 1;
            if (!*r) return std::cerr << "guichet-hub: no client " << a.positional[0] << "\n", 1;
            std::cout << a.positional[0] << " revoked\n";
            return 0;
        });
    }
    if (a.command == "import-bundle") {
        if (a.positional.size() != 1) return usage_error("import-bundle needs one USB directory");
        return with_db(a, [&](HubDb& db) { return import_bundle(db, a.positional[0]); });
    }
    if (a.command == "publish-feed") return publish_feed(a);
    if (a.command == "export-statuses") return export_statuses(a);
    return usage_error("unknown command " + a.command);
}
