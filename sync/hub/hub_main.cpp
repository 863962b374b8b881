// guichet-hub: the town hall's hub (docs/protocol.md). Thin: parses the
// command line and runs the library.
#include "hub/bundle_import.hpp"
#include "hub/alerts.hpp"
#include "hub/hub_backup.hpp"
#include "hub/hub_server.hpp"
#include "hub/routes_invoices.hpp"
#include "hub/routes_back_office.hpp"
#include "hub/routes_forms.hpp"
#include "hub/routes_web.hpp"
#include "hub/routes_register.hpp"
#include "hub/routes_repo.hpp"
#include "feeds/feed_publish.hpp"
#include "hub/routes_feeds.hpp"
#include "hub/staff_commands.hpp"
#include "hub/status_export.hpp"
#include "hub/usage_stats.hpp"
#include "hub/use_postgres.hpp"

#include "common/data_dir.hpp"
#include "common/file.hpp"
#include "common/staff_language.hpp"
#include "hub/hub_text_fr.hpp"

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
                    [--public-rate N] [--web DIR] [--staff-from RANGES]
                    [--metrics-token-file FILE] [--staff-idle-minutes N]
                    [--pack-key PUB] [--payfip FILE] [--alert-webhook URL]
                    [--alert-mail ADDR] [--alert-from ADDR] [--alert-sendmail PATH]
                    [--alert-interval S] [--alert-name NAME]
                    [--turn-secret-file FILE --turn-uri URI...]
                    [--web-channel web-ID [--web-rate-per-address N]
                     [--web-rate-total N]]
                    [--tls-cert CERT.pem --tls-key KEY.pem | --behind-tls-proxy]
      Serves the hub API on HOST:PORT (PORT 0: any free port). Prints
      "listening on https://HOST:PORT" (http:// without TLS) once ready (in
      every language: scripts read it). SIGTERM/SIGINT stop it cleanly.
      With --tls-cert and --tls-key (PEM: the certificate chain, the private
      key), the hub speaks only HTTPS (TLS 1.2 or 1.3). Plain HTTP is served
      only on loopback (127.0.0.1, ::1): on another address the hub refuses to
      start without TLS, unless --behind-tls-proxy says that a TLS proxy on
      this machine (nginx) forwards to it; the hub must then listen on
      loopback, and believes the proxy's X-Forwarded-Proto and
      X-Forwarded-For (docs/back-office.md §4.1).
      The partner agents' back office is at /bureau/ (docs/back-office.md),
      its files read from DIR (default: ../share/guichet/web next to the
      program when installed, else the source tree's sync/hub/web).
      The staff pages (/mairie/, accounts made with staff-add) and /metrics
      answer only the hub's own machine, or the comma-separated address
      ranges of RANGES (192.168.1.0/24,fd00::/8). With FILE, /metrics also
      answers "Authorization: Bearer <the file's first line>" from anywhere.
      A staff session ends after N minutes without a request (default 30)
      and after 12 hours in any case. PUB: the public half of the pack
      signing key (the one kiosks trust), repeatable: with it, staff may
      upload a feed signed by guichet-hub publish-feed from their pages.
      --payfip FILE: the régie's online payment with PayFiP (JSON: numcli,
      mode test|activation|production, service_url, payment_url, public_url;
      docs/protocol.md §9); without it invoices are relayed, not payable.
      --web-channel web-ID: accept démarches from the commune's website
      (docs/protocol.md §11), at most N a minute from one address (default 6)
      and in total (default 120); off by default (403).
      Alerts (docs/alerts.md): every S seconds (default 60) the hub looks at
      its kiosks' problems (silent, queue stuck, disk low, printer, packs)
      and tells each new one, and each one gone, once: a JSON POST to URL
      and/or a French e-mail to ADDR (repeatable) through PATH -t -oi
      (default /usr/sbin/sendmail), from ADDR, NAME (default guichet-hub)
      in the subject.
  guichet-hub routes --data DIR
      Lists every route the server answers, one "METHOD PATTERN" per line.
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
  guichet-hub staff-add --data DIR --name NAME [--role staff|admin]
  guichet-hub staff-password --data DIR --name NAME
      Creates a town-hall staff account (role staff by default: kiosks,
      packs, feeds; admin also revokes, registers partners and manages
      accounts), or sets its password (and closes its sessions). The password
      is read from standard input (asked twice on a terminal): 12 characters
      at least, hashed with Argon2id.
  guichet-hub staff-disable|staff-enable --data DIR --name NAME
  guichet-hub staff-list --data DIR
      Disables (closing its sessions) or enables an account; lists accounts.
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
  guichet-hub usage-report --data DIR --month YYYY-MM [--kiosk ID]
                           [--csv FILE] [--svg FILE] [--note TEXT]
      The kiosks' anonymous usage statistics for one month (all kiosks, or
      only ID; docs/usage-stats.md): a summary on standard output, the
      month's counters as CSV (RFC 4180, UTF-8) in FILE, the charts as SVG
      in FILE with TEXT written above them (e.g. "Données simulées").
  guichet-hub backup --data DIR --to FILE
      Copies the hub's database (DIR/hub.db) into FILE while the hub runs
      (SQLite's online backup: one consistent snapshot), written to FILE.tmp
      then renamed. The pack repository and feeds (DIR/repo, DIR/feeds) are
      plain files: save them with tar (docs/install.md).
  guichet-hub restore --data DIR --from FILE [--replace]
      Checks FILE (made by backup) and copies it into DIR/hub.db, migrated to
      this hub's version. Stop the hub first. Refuses a database that already
      holds démarches or clients unless --replace.
  guichet-hub use-postgres --data DIR --conninfo CONNINFO
      Puts this hub's tables on a PostgreSQL server (a département's hubs
      sharing one; docs/hub-storage.md): checks the connection, creates the
      tables, and writes CONNINFO (libpq's "host=... dbname=... user=..." or
      a postgresql:// URI) into DIR/postgres.conf, mode 0600; every command
      on DIR then uses it. Refuses a DIR that already holds hub.db.

The data directory holds hub.db (SQLite), or postgres.conf naming a PostgreSQL server. Protocol: docs/protocol.md.
Exit status: 0 success, 1 failure, 2 usage error.
Messages are in French unless LANG (or GUICHET_LANG, LC_ALL, LC_MESSAGES) starts with "en".
)";

using staff::msg;

struct Args {
    std::string command = "serve";
    std::string data, listen, id, key, kind, expires_days, created, out, kiosk, name, role, metrics_token_file, turn_secret_file;
    std::vector<std::string> turn_uris;
    std::string month, csv, svg, note;  // usage-report
    std::string backup_to, restore_from;  // backup, restore
    std::string conninfo;                 // use-postgres
    bool replace = false;                 // restore
    long staff_idle_minutes = 30;
    std::vector<std::string> pack_keys;
    AlertOptions alerts;
    std::string payfip;  // the régie's online payment (docs/protocol.md §9)
    WebChannelOptions web_channel;  // démarches from the commune's website (protocol §11); off by default
    std::string web = data_dir("web", "index.html", GUICHET_WEB_DIR).string();
    http::Transport transport;
    http::Limits limits;
    std::vector<http::AddressRange> staff_from;
    std::vector<std::string> positional;
    long valid_hours = 168;
};

// ENGLISH (translated, with ARGS) on stderr, then the usage.
int usage_error(std::string_view english, std::initializer_list<std::string_view> args = {}) {
    std::cerr << msg("guichet-hub: {1}\n\n", {msg(english, args)}) << msg(kUsage);
    return 2;
}

// A failure of the program's own: "guichet-hub: MESSAGE", exit 1.
int failed(const std::string& message) {
    std::cerr << msg("guichet-hub: {1}\n", {message});
    return 1;
}

std::int64_t now() {
    return static_cast<std::int64_t>(std::time(nullptr));
}

// The hub as `serve` runs it: the core routes and every module.
Result<std::unique_ptr<Hub>> open_hub(const Args& a, HubOptions options) {
    auto hub = Hub::open(std::move(options));
    if (!hub) return hub.error();
    (*hub)->add_module(guichet::repo::register_repo_routes);  // DATA/repo: docs/pack-repository.md
    (*hub)->add_module(guichet::feeds::register_feed_routes);  // DATA/feeds: docs/feeds.md
    (*hub)->add_module(back_office_routes(a.web));              // /bureau/: docs/back-office.md
    (*hub)->add_module(register_form_routes);                   // the forms' layout for /bureau/ (protocol §5.2)
    (*hub)->add_module(register_register_routes);               // the services' sealed registers (protocol §5.3)
    std::shared_ptr<WebChannel> web;  // null: the web channel answers 403 (protocol §11)
    if (!a.web_channel.id.empty()) {
        auto opened = open_web_channel((*hub)->context(), a.web_channel);
        if (!opened) return opened.error();
        web = std::move(*opened);
    }
    (*hub)->add_module(web_routes(std::move(web)));
    // The régie's invoices and PayFiP (protocol §9): its own database, alive as long as the process.
    std::optional<payfip::Config> payfip_config;
    if (!a.payfip.empty()) {
        auto c = payfip::Config::load(a.payfip);
        if (!c) return c.error();
        payfip_config = std::move(*c);
    }
    HubContext* ctx = &(*hub)->context();
    static std::unique_ptr<InvoicePayments> payments;
    auto opened = InvoicePayments::open(a.data, std::move(payfip_config), [ctx] { return ctx->now(); });
    if (!opened) return opened.error();
    payments = std::move(*opened);
    (*hub)->add_module(invoice_routes(*payments));
    return hub;
}

// Every route `serve` answers, "METHOD PATTERN" per line: what the route-table
// test probes without credentials, and a reviewer's list.
int list_routes(const Args& a) {
    HubOptions options;
    options.data_dir = a.data;
    auto hub = open_hub(a, std::move(options));
    if (!hub) return failed(hub.error().message);
    for (const auto& r : (*hub)->routes()) std::cout << r.method << " " << r.pattern << "\n";
    return 0;
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
    // Plain HTTP only where nobody else can listen (docs/back-office.md §4.1):
    // a session cookie or a token sent in clear on the network could be read.
    const bool loopback = host == "localhost" || http::address_in(host, http::loopback_ranges());
    if (a.transport.behind_tls_proxy && !loopback)
        return failed(msg("--behind-tls-proxy: the hub must then listen on loopback (127.0.0.1 or ::1), not {1}",
                          {host}));
    if (!a.transport.tls() && !a.transport.behind_tls_proxy && !loopback)
        return failed(msg("refusing to serve plain HTTP on {1}: give the hub its certificate with --tls-cert CERT.pem "
                          "--tls-key KEY.pem, or listen on 127.0.0.1 behind a TLS proxy with --behind-tls-proxy",
                          {host}));

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
        std::cerr << msg("guichet-hub: at most {1} connections (RLIMIT_NOFILE {2})\n",
                         {std::to_string(options.limits.max_connections), std::to_string(files.rlim_cur)});
    }
    options.staff_from = a.staff_from;
    options.transport = a.transport;
    options.staff_policy.idle_seconds = a.staff_idle_minutes * 60;
    for (const auto& file : a.pack_keys) {
        auto text = read_text_file(file, 4096);
        if (!text) return failed(text.error().message);
        auto key = crypto::PublicKey::parse(*text);
        if (!key) return failed(file + ": " + key.error().message);
        options.pack_keys.push_back(*key);
    }
    if (!a.metrics_token_file.empty()) {
        auto token = read_text_file(a.metrics_token_file, 4096);
        if (!token) return failed(token.error().message);
        options.metrics_token = token->substr(0, token->find('\n'));
        if (options.metrics_token.size() < 16) return failed(msg("{1}: the metrics token needs 16 characters at least", {a.metrics_token_file}));
    }
    if (!a.turn_secret_file.empty()) {
        auto secret = read_text_file(a.turn_secret_file, 4096);
        if (!secret) return failed(secret.error().message);
        options.turn_secret = secret->substr(0, secret->find('\n'));
        if (options.turn_secret.size() < 16) return failed(msg("{1}: the TURN secret needs 16 characters at least", {a.turn_secret_file}));
    }
    options.turn_uris = a.turn_uris;
    auto hub = open_hub(a, std::move(options));
    if (!hub) return failed(hub.error().message);
    auto bound = (*hub)->bind(host, port);
    if (!bound) return failed(bound.error().message);
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig != SIGUSR1) std::cerr << msg("{1}: {2}, stopping{3}\n", {"guichet-hub", msg(strsignal(sig)), ""});
        (*hub)->stop();
    });
    std::optional<AlertNotifier> alerts;
    std::thread alert_thread;
    if (a.alerts.enabled()) {
        alerts.emplace((*hub)->context(), a.alerts);
        alert_thread = std::thread([&] {
            alerts->run([&](const std::string& why) {
                std::cerr << msg("guichet-hub: alerts not sent, tried again in {1} s: {2}\n",
                                 {std::to_string(a.alerts.interval_seconds), why});
            });
        });
    }
    std::cout << "listening on " << (a.transport.tls() ? "https://" : "http://") << host << ":" << *bound << std::endl;
    bool ok = (*hub)->listen();
    if (alerts) {
        alerts->stop();
        alert_thread.join();
    }
    pthread_kill(waiter.native_handle(), SIGUSR1);  // no-op when a signal already ended it
    waiter.join();
    std::cerr << msg("guichet-hub: stopped\n");
    return ok ? 0 : 1;
}

int with_db(const Args& a, const std::function<int(HubDb&)>& body) {
    auto db = HubDb::open(a.data);
    if (!db) return failed(db.error().message);
    return body(*db);
}

int import_bundle(HubDb& db, const std::string& usb) {
    auto report = import_outbox_bundle(db, usb, now());
    if (!report) return failed(msg("bundle refused: {1}", {report.error().message}));
    using Outcome = ImportedDemarche::Outcome;
    for (const auto& d : report->demarches) {
        const std::string from = d.author.empty() || d.author == report->kiosk_id ? "" : msg(" (from kiosk {1})", {d.author});
        if (d.outcome == Outcome::added) std::cout << msg("{1}: new{2}\n", {d.uuid, from});
        if (d.outcome == Outcome::already_present) std::cout << msg("{1}: already present\n", {d.uuid});
        if (d.outcome == Outcome::refused) std::cout << msg("{1}: refused: {2}\n", {d.uuid, d.reason});
    }
    const int refused = report->count(Outcome::refused);
    std::cout << msg("kiosk {1}: {2} new, {3} already present, {4} refused\n",
                     {report->kiosk_id, std::to_string(report->count(Outcome::added)),
                      std::to_string(report->count(Outcome::already_present)), std::to_string(refused)});
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
    if (!key) return failed(a.key + ": " + key.error().message);
    auto items = guichet::feeds::read_feed_source(a.positional[0], a.kind);
    if (!items) return std::cerr << items.error().message << "\n", 1;
    guichet::feeds::PublishFeedOptions o;
    o.data_dir = a.data;
    o.kind = a.kind;
    o.items = std::move(*items);
    o.created = created;
    o.valid_seconds = days * 86400;
    auto published = guichet::feeds::publish_feed(o, *key);
    if (!published) return failed("publish-feed: " + published.error().message);
    std::cout << msg("feed '{1}' version {2} published: {3} items, {4} bytes, signed by key {5}, valid {6} days ({7})\n",
                     {a.kind, std::to_string(published->version), std::to_string(o.items.size()), std::to_string(published->bytes),
                      crypto::key_id_hex(key->public_key().id), std::to_string(days), published->path.string()});
    return 0;
}

std::optional<crypto::SecretKey> load_key(const std::string& path) {
    std::optional<std::string> password;
    if (const char* p = std::getenv("GUICHET_KEY_PASSWORD")) password = p;
    auto key = crypto::SecretKey::load(path, password);
    if (!key) return failed(path + ": " + key.error().message), std::nullopt;
    return std::move(*key);
}

int usage_report_command(HubDb& db, const std::string& month, const std::string& kiosk, const std::string& csv,
                         const std::string& svg, const std::string& note) {
    auto report = usage_report(db.db(), month, kiosk);
    if (!report) return failed(report.error().message);
    if (!csv.empty())
        if (auto r = write_file_atomic(csv, as_bytes(report_csv(*report)), 0644); !r) return failed(r.error().message);
    if (!svg.empty())
        if (auto r = write_file_atomic(svg, as_bytes(report_svg(*report, note)), 0644); !r)
            return failed(r.error().message);
    if (!note.empty()) std::cout << note << "\n";
    std::cout << report_text_fr(*report);
    return 0;
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
        if (!done) return failed("export-statuses: " + done.error().message);
        for (const auto& e : *done)
            std::cout << msg("kiosk {1}: {2} statuses up to #{3} -> {4}\n",
                             {e.kiosk_id, std::to_string(e.statuses), std::to_string(e.seq), e.path.string()});
        std::cout << msg("{1} kiosk(s), signed by key {2}, valid {3} days\n",
                         {std::to_string(done->size()), crypto::key_id_hex(key->public_key().id), std::to_string(days)});
        return 0;
    });
}

// guichet-hub backup / restore (hub/hub_backup.hpp).
int backup_command(const Args& a) {
    const bool backup = a.command == "backup";
    if (auto pg = postgres_conninfo(a.data); pg && pg->has_value())
        return failed(msg("{1}: the hub's tables are on PostgreSQL: back them up with pg_dump (docs/install.md)", {a.data}));
    if (backup && a.backup_to.empty()) return usage_error("backup needs --to FILE");
    if (!backup && a.restore_from.empty()) return usage_error("restore needs --from FILE");
    auto done = backup ? backup_hub(a.data, a.backup_to) : restore_hub(a.restore_from, a.data, a.replace);
    if (!done) return failed(done.error().message);
    std::cout << msg(backup ? "backup {1}: {2} démarche(s), {3} client(s), {4} bytes\n"
                            : "restored from {1}: {2} démarche(s), {3} client(s)\n",
                     {backup ? a.backup_to : a.restore_from, std::to_string(done->demarches),
                      std::to_string(done->clients), std::to_string(done->bytes)});
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Staff are French: French unless the environment asks for English (common/staff_language.hpp).
    hub::add_french_texts(kUsage);
    staff::set_language(staff::language_from_environment());
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
            std::cout << msg(kUsage);
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
        } else if (arg == "--tls-cert") {
            if (!value(a.transport.tls_cert)) return usage_error("--tls-cert needs a PEM file");
        } else if (arg == "--tls-key") {
            if (!value(a.transport.tls_key)) return usage_error("--tls-key needs a PEM file");
        } else if (arg == "--behind-tls-proxy") {
            a.transport.behind_tls_proxy = true;
        } else if (arg == "--web") {
            if (!value(a.web)) return usage_error("--web needs a directory");
        } else if (arg == "--staff-from") {
            if (!value(v)) return usage_error("--staff-from needs address ranges, e.g. 192.168.1.0/24");
            auto ranges = http::parse_address_ranges(v);
            if (!ranges) return usage_error("--staff-from: {1}", {ranges.error().message});
            a.staff_from = std::move(*ranges);
        } else if (arg == "--name") {
            if (!value(a.name)) return usage_error("--name needs an account name");
        } else if (arg == "--role") {
            if (!value(a.role)) return usage_error("--role needs staff or admin");
        } else if (arg == "--metrics-token-file") {
            if (!value(a.metrics_token_file)) return usage_error("--metrics-token-file needs a file");
        } else if (arg == "--turn-secret-file") {
            if (!value(a.turn_secret_file)) return usage_error("--turn-secret-file needs a file");
        } else if (arg == "--turn-uri") {
            if (!value(v) || !(v.starts_with("turn:") || v.starts_with("turns:") || v.starts_with("stun:")))
                return usage_error("--turn-uri needs a turn:, turns: or stun: URI");
            a.turn_uris.push_back(v);
        } else if (arg == "--web-channel") {
            if (!value(a.web_channel.id) || !is_web_channel_id(a.web_channel.id))
                return usage_error("--web-channel needs an id: web- then 1 to 40 of a-z, 0-9, -");
        } else if (arg == "--web-rate-per-address" || arg == "--web-rate-total") {
            int& n = arg == "--web-rate-total" ? a.web_channel.rate_total : a.web_channel.rate_per_address;
            if (!value(v) || v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos ||
                (n = std::stoi(v)) < 1)
                return usage_error("{1} needs a number of requests per minute", {arg});
        } else if (arg == "--payfip") {
            if (!value(a.payfip)) return usage_error("--payfip needs a configuration file");
        } else if (arg == "--pack-key") {
            if (!value(v)) return usage_error("--pack-key needs a public key file");
            a.pack_keys.push_back(v);
        } else if (arg == "--alert-webhook") {
            if (!value(a.alerts.webhook_url) ||
                !(a.alerts.webhook_url.starts_with("http://") || a.alerts.webhook_url.starts_with("https://")))
                return usage_error("--alert-webhook needs an http:// or https:// URL");
        } else if (arg == "--alert-mail") {
            if (!value(v) || v.find('@') == std::string::npos) return usage_error("--alert-mail needs an e-mail address");
            a.alerts.mail_to.push_back(v);
        } else if (arg == "--alert-from") {
            if (!value(a.alerts.mail_from)) return usage_error("--alert-from needs an e-mail address");
        } else if (arg == "--alert-sendmail") {
            if (!value(a.alerts.sendmail)) return usage_error("--alert-sendmail needs a program");
        } else if (arg == "--alert-name") {
            if (!value(a.alerts.hub_name)) return usage_error("--alert-name needs a name");
        } else if (arg == "--alert-interval") {
            std::int64_t n = 0;
            if (!value(v) || !parse_int(v, n) || n < 1 || n > 86400)
                return usage_error("--alert-interval needs a number of seconds from 1 to 86400");
            a.alerts.interval_seconds = n;
        } else if (arg == "--staff-idle-minutes") {
            std::int64_t n = 0;
            if (!value(v) || !parse_int(v, n) || n < 1 || n > 720)
                return usage_error("--staff-idle-minutes needs a number from 1 to 720");
            a.staff_idle_minutes = static_cast<long>(n);
        } else if (arg == "--kiosk") {
            if (!value(a.kiosk)) return usage_error("--kiosk needs a kiosk id");
        } else if (arg == "--month") {
            if (!value(a.month)) return usage_error("--month needs YYYY-MM");
        } else if (arg == "--csv" || arg == "--svg") {
            if (!value(arg == "--csv" ? a.csv : a.svg)) return usage_error("{1} needs a file", {arg});
        } else if (arg == "--note") {
            if (!value(a.note)) return usage_error("--note needs a text");
        } else if (arg == "--to") {
            if (!value(a.backup_to)) return usage_error("--to needs a file");
        } else if (arg == "--from") {
            if (!value(a.restore_from)) return usage_error("--from needs a file");
        } else if (arg == "--conninfo") {
            if (!value(a.conninfo)) return usage_error("--conninfo needs PostgreSQL's connection");
        } else if (arg == "--replace") {
            a.replace = true;
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
                return usage_error("{1} needs a number from 1 to 1000000", {arg});
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
            return usage_error("unknown option {1}", {arg});
        } else {
            a.positional.push_back(arg);
        }
    }
    if (a.data.empty()) return usage_error("--data DIR is required");

    if (a.command == "serve") {
        if (a.listen.empty()) return usage_error("--listen HOST:PORT is required");
        if (a.transport.tls_cert.empty() != a.transport.tls_key.empty())
            return usage_error("--tls-cert and --tls-key go together");
        if (a.transport.tls() && a.transport.behind_tls_proxy)
            return usage_error("--behind-tls-proxy and --tls-cert exclude each other");
        return serve(a);
    }
    if (a.command == "routes") return list_routes(a);
    if (a.command == "enroll-token") {
        return with_db(a, [&](HubDb& db) {
            auto token = db.create_enroll_token(now(), a.valid_hours * 3600);
            if (!token) return failed(token.error().message);
            std::cout << *token << std::endl;
            return 0;
        });
    }
    if (a.command == "add-partner") {
        if (a.id.empty() || a.key.empty()) return usage_error("add-partner needs --id and --key");
        auto text = read_text_file(a.key, 4096);
        if (!text) return failed(text.error().message);
        auto key = parse_public_key(*text);
        if (!key) return failed(a.key + ": " + key.error().message);
        return with_db(a, [&](HubDb& db) {
            if (auto r = db.add_partner(a.id, *key, now()); !r) return failed(r.error().message);
            std::cout << msg("partner {1} registered\n", {a.id});
            return 0;
        });
    }
    if (a.command == "revoke") {
        if (a.positional.size() != 1) return usage_error("revoke needs one CLIENT_ID");
        return with_db(a, [&](HubDb& db) {
            auto r = db.revoke(a.positional[0], now());
            if (!r) return failed(r.error().message);
            if (!*r) return failed(msg("no client {1}", {a.positional[0]}));
            std::cout << msg("{1} revoked\n", {a.positional[0]});
            return 0;
        });
    }
    if (a.command == "import-bundle") {
        if (a.positional.size() != 1) return usage_error("import-bundle needs one USB directory");
        return with_db(a, [&](HubDb& db) { return import_bundle(db, a.positional[0]); });
    }
    if (a.command.starts_with("staff-")) return run_staff_command(a.command, a.data, a.name, a.role);
    if (a.command == "publish-feed") return publish_feed(a);
    if (a.command == "export-statuses") return export_statuses(a);
    if (a.command == "usage-report") {
        if (a.month.empty()) return usage_error("usage-report needs --month YYYY-MM");
        return with_db(a, [&](HubDb& db) { return usage_report_command(db, a.month, a.kiosk, a.csv, a.svg, a.note); });
    }
    if (a.command == "backup" || a.command == "restore") return backup_command(a);
    if (a.command == "use-postgres") {
        if (a.conninfo.empty()) return usage_error("use-postgres needs --conninfo");
        if (auto r = use_postgres(a.data, a.conninfo); !r) return failed(r.error().message);
        std::cout << msg("{1}: the hub's tables are on PostgreSQL ({2})\n", {a.data, kPostgresConfigFile});
        return 0;
    }
    return usage_error("unknown command {1}", {a.command});
}
