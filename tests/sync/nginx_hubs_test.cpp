// A département's hub (issue #20, docs/hub-storage.md §5): two guichet-hub
// processes on one PostgreSQL, behind Debian's nginx as the kiosks and the
// partner reach them. Requests go to both hubs; one hub SIGKILLed mid-run is
// taken over by the other (the protocol is idempotent, so nginx may resend a
// POST: `non_idempotent`); every démarche is at the hub exactly once, the
// partner fetches them all through nginx and its status reaches the kiosk.
#include "agent/agent.hpp"
#include "partner/partner.hpp"
#include "agent/pack_step.hpp"
#include "pg_cluster.hpp"
#include "repo_fixture.hpp"
#include "protocol/routes.hpp"
#include "sql/sql.hpp"
#include "store/store.hpp"
#include "sync_test_util.hpp"
#include "visio_fixture.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

// The locations of docs/hub-storage.md §5.2, as an installation writes them.
std::string repo_locations(const std::filesystem::path& repo) {
    const std::string root = repo.string();
    return "    location = /v1/repo/index.gpi { alias " + root + "/index.gpi;\n"
           "      add_header Cache-Control \"no-cache\"; }\n"
           "    location /v1/repo/ { alias " + root + "/;\n"
           "      add_header Cache-Control \"public, max-age=31536000, immutable\"; }\n"
           "    location ~ ^/v1/repo/(.*/)?\\. { return 404; }\n";
}

// nginx in the foreground with a configuration of its own in DIR: round robin
// over HUB_PORTS, the upstream of each request logged; with REPO, the pack
// repository served from that folder as static files (docs/hub-storage.md §5.2).
struct Nginx {
    std::filesystem::path dir;
    int port = 0;
    std::optional<ChildProcess> process;

    Nginx(const std::filesystem::path& where, const std::vector<int>& hub_ports,
          const std::optional<std::filesystem::path>& repo = std::nullopt)
        : dir(where) {
        std::filesystem::create_directories(dir / "tmp");
        port = free_loopback_port(SOCK_STREAM);
        std::ostringstream c;
        c << "daemon off;\nworker_processes 1;\npid " << (dir / "nginx.pid").string() << ";\n"
          << "error_log " << (dir / "error.log").string() << " info;\n"
          << (::geteuid() == 0 ? "user root;\n" : "") << "events { worker_connections 256; }\n"
          << "http {\n"
          << "  log_format upstream '$request_method $uri $status $upstream_addr';\n"
          << "  access_log " << (dir / "access.log").string() << " upstream;\n";
        for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
          c << "  " << t << "_temp_path " << (dir / "tmp" / t).string() << ";\n";
        c << "  client_max_body_size 64m;\n"
          << "  upstream hubs {\n";
        for (int p : hub_ports) c << "    server 127.0.0.1:" << p << " max_fails=1 fail_timeout=30s;\n";
        c << "  }\n";
        // A visio room lives in one hub's memory (docs/visio.md §2): its two sides reach the same hub.
        c << "  map $uri $visio_room { \"~^/v1/(kiosk|partner)/visio/(?<room>[^/]+)/\" $room; default \"\"; }\n"
          << "  upstream hubs_by_room {\n    hash $visio_room consistent;\n";
        for (int p : hub_ports) c << "    server 127.0.0.1:" << p << " max_fails=1 fail_timeout=30s;\n";
        c << "  }\n"
          << "  server {\n    listen 127.0.0.1:" << port << ";\n"
          << "    location ~ ^/v1/(kiosk|partner)/visio/[^/]+/ {\n"
          << "      proxy_pass http://hubs_by_room;\n"
          << "      proxy_http_version 1.1;\n"
          << "      proxy_set_header Connection \"\";\n"
          << "      proxy_read_timeout 30s;\n"
          << "    }\n";
        if (repo) c << repo_locations(*repo);
        c
          << "    location / {\n"
          << "      proxy_pass http://hubs;\n"
          << "      proxy_http_version 1.1;\n"
          << "      proxy_set_header Connection \"\";\n"
          << "      proxy_set_header X-Forwarded-For $remote_addr;\n"
          << "      proxy_next_upstream error timeout http_502 non_idempotent;\n"
          << "      proxy_next_upstream_tries 2;\n"
          << "      proxy_connect_timeout 2s;\n"
          << "    }\n  }\n}\n";
        std::ofstream(dir / "nginx.conf") << c.str();
        process.emplace(ChildProcess::spawn({"/usr/sbin/nginx", "-c", (dir / "nginx.conf").string(), "-e",
                                             (dir / "error.log").string()},
                                            true, true, SIGTERM));  // SIGTERM: the master takes its workers down
        // Ready when its port answers.
        auto client = HubClient::create(url());
        REQUIRE(client.ok());
        bool up = false;
        for (int i = 0; i < 100 && !up; ++i) {
            auto a = client->send("GET", paths::kPing);
            up = a.ok() && a->status == 200;
            if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling a condition, bounded
        }
        REQUIRE_MESSAGE(up, ("nginx did not answer on port " + std::to_string(port)));
    }
    // SIGTERM: the master stops its workers, then exits. (SIGKILL, which
    // ChildProcess's destructor would send, leaves the workers running.)
    ~Nginx() {
        if (!process) return;
        process->signal(SIGTERM);
        (void)process->wait(10000);
    }
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
    // The upstreams that answered, from the access log.
    std::set<std::string> upstreams() const {
        std::ifstream in(dir / "access.log");
        std::set<std::string> seen;
        std::string method, uri, status, upstream;
        while (in >> method >> uri >> status >> upstream) seen.insert(upstream);
        return seen;
    }
};

// DIR/hub-a and DIR/hub-b made data directories of hubs on CLUSTER (`guichet-hub use-postgres`).
void put_hubs_on_postgres(const std::filesystem::path& dir, const PgCluster& cluster) {
    for (const char* name : {"hub-a", "hub-b"}) {
        std::string out;
        REQUIRE_MESSAGE(run_command(std::string(GUICHET_HUB_TOOL) + " use-postgres --data " + (dir / name).string() +
                                        " --conninfo '" + cluster.conninfo() + "' 2>&1",
                                    &out) == 0,
                        out);
    }
}

agent::CycleReport sync_once(const std::filesystem::path& state) {
    agent::AgentOptions o;
    o.state_dir = state;
    o.seed = 5;
    o.clock = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
    auto ag = agent::Agent::open(o);
    REQUIRE(ag.ok());
    std::atomic<bool> stop{false};
    return ag->run_cycle(stop);
}

}  // namespace

TEST_CASE("nginx: two hubs on one PostgreSQL share the work, one killed mid-run, every démarche once") {
    if (!std::filesystem::exists("/usr/sbin/nginx")) {
        FAIL("nginx is not installed (scripts/setup.sh installs nginx-light)");
        return;
    }
    std::string why;
    auto cluster = PgCluster::start(&why);
    REQUIRE_MESSAGE(cluster, why);
    TempDir dir;
    put_hubs_on_postgres(dir.path(), *cluster);
    auto hub_a = start_hub(dir / "hub-a");
    auto hub_b = start_hub(dir / "hub-b");
    Nginx nginx(dir / "nginx", {hub_a.port, hub_b.port});

    // Set up through either hub's data directory: the tables are shared.
    const auto state = dir / "kiosk";
    enroll_kiosk_directly(dir / "hub-a", state, nginx.url());
    const DemoPartner partner = register_demo_partner(dir / "partner", dir / "hub-b");
    std::mt19937_64 rng(11);
    auto first = submit_demarches(state, 12, partner.id, partner.box.public_key, {0, 0, 40'000}, rng);

    auto cycle = sync_once(state);
    CHECK(cycle.errors.empty());
    CHECK(cycle.delivered == 12);
    const auto both = nginx.upstreams();
    CHECK(both.count("127.0.0.1:" + std::to_string(hub_a.port)) == 1);
    CHECK(both.count("127.0.0.1:" + std::to_string(hub_b.port)) == 1);

    // Hub A dies; nginx sends everything to B, resending what A never answered.
    hub_a.process.signal(SIGKILL);
    (void)hub_a.process.wait();
    auto second = submit_demarches(state, 8, partner.id, partner.box.public_key, {0, 40'000}, rng);
    cycle = sync_once(state);
    CHECK(cycle.errors.empty());
    CHECK(cycle.delivered == 8);
    // nginx did meet the dead hub and passed its request on (not a run that never tried A again).
    std::ifstream log(nginx.dir / "error.log");
    const std::string errors((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    CHECK(errors.find("Connection refused") != std::string::npos);

    auto db = sql::Database::open_postgres(cluster->conninfo());
    REQUIRE(db.ok());
    CHECK(db->query_int("SELECT count(*) FROM demarche").value() == 20);
    CHECK(db->query_int("SELECT count(DISTINCT uuid) FROM demarche WHERE complete = 1").value() == 20);
    CHECK(db->query_int("SELECT count(*) FROM attachment WHERE received <> sealed_length").value() == 0);

    // The partner, through nginx: every démarche, byte-identical; its status reaches the kiosk.
    auto me = partner::load_identity(partner.box_key_file, partner.sign_key_file, partner.id);
    REQUIRE(me.ok());
    auto client = HubClient::create(nginx.url());
    REQUIRE(client.ok());
    client->set_identity({me->id, me->signing});
    partner::FetchOptions fo;
    fo.out_dir = dir / "fetched";
    auto fetched = partner::fetch(*client, *me, fo);
    REQUIRE_MESSAGE(fetched.ok(), (fetched.ok() ? "" : fetched.error().message));
    CHECK(fetched->size() == 20);
    for (const auto* batch : {&first, &second})
        for (const auto& s : *batch) CHECK(read_all(fo.out_dir / s.uuid / "demarche.json") == s.payload);
    REQUIRE(partner::post_status(*client, second[0].tracking_code, "pret_a_retirer", "Au guichet de la mairie.").ok());
    cycle = sync_once(state);
    CHECK(cycle.statuses == 1);
    auto store = store::Store::open(state / store::kDatabaseFile, {});
    REQUIRE(store.ok());
    auto info = store->status_for(second[0].tracking_code);
    REQUIRE(info.ok());
    REQUIRE(info->has_value());
    REQUIRE((*info)->status.has_value());
    CHECK((*info)->status->message == "Au guichet de la mairie.");
}

TEST_CASE("nginx: the pack repository served as static files with Range and ETag, the hub never asked") {
    if (!std::filesystem::exists("/usr/sbin/nginx")) {
        FAIL("nginx is not installed (scripts/setup.sh installs nginx-light)");
        return;
    }
    RepoFixture f;  // f.repo: the one folder every hub's DATA/repo would be (a bind mount, §5.2)
    std::filesystem::create_directories(f.repo);
    const auto hub_data = f.dir / "hub";
    auto hub = start_hub(hub_data);
    Nginx nginx(f.dir / "nginx", {hub.port}, f.repo);
    const auto state = f.dir / "kiosk";
    enroll_kiosk_directly(hub_data, state, nginx.url());
    write_all(f.packs / "staff.pub", as_bytes(f.key.public_key().to_file_text()));
    {
        auto store = store::Store::open(state / store::kDatabaseFile, {});
        REQUIRE(store.ok());
    }
    auto sync_packs = [&] {
        std::string out;
        const int status = run_command(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() +
                                           " --once --packs " + f.packs.string() + " --pack-chunk-bytes 65536 2>&1",
                                       &out);
        CHECK_MESSAGE(status == 0, out);
    };

    // Installed through nginx, whole then as a delta.
    REQUIRE(f.publish(f.build(1), "--expires 366") == 0);
    sync_packs();
    CHECK(read_all(f.packs / "test-1.gpk") == read_all(f.repo / "packs/test/test-1.gpk"));
    REQUIRE(f.publish(f.build(2), "--expires 366") == 0);
    sync_packs();
    CHECK(read_all(f.packs / "test-2.gpk") == read_all(f.repo / "packs/test/test-2.gpk"));

    // Every repository request answered by nginx itself (no upstream), pack ranges with 206;
    // the démarches' and heartbeat's requests went to the hub.
    std::ifstream log(nginx.dir / "access.log");
    std::string method, uri, status, upstream;
    int repo_requests = 0, ranges = 0, proxied = 0;
    while (log >> method >> uri >> status >> upstream) {
        if (uri.rfind("/v1/repo/", 0) == 0) {
            ++repo_requests;
            CHECK_MESSAGE(upstream == "-", uri);
            if (status == "206") ++ranges;
        } else if (upstream != "-") {
            ++proxied;
        }
    }
    CHECK(repo_requests >= 5);  // index twice, pack 1, index, delta, with their HEADs
    CHECK(ranges >= 2);
    CHECK(proxied >= 1);

    // ETag and conditional requests, for any cache or CDN in between.
    auto client = HubClient::create(nginx.url());
    REQUIRE(client.ok());
    auto head = client->send("HEAD", "/v1/repo/index.gpi");
    REQUIRE(head.ok());
    REQUIRE(head->status == 200);
    const std::string etag = head->header("ETag");
    CHECK_FALSE(etag.empty());
    CHECK(head->header("Cache-Control") == "no-cache");
    auto again = client->send("GET", "/v1/repo/index.gpi", {}, {}, "", {{"If-None-Match", etag}});
    REQUIRE(again.ok());
    CHECK(again->status == 304);
    auto range = client->send("GET", "/v1/repo/packs/test/test-2.gpk", {}, {}, "", {{"Range", "bytes=10-19"}});
    REQUIRE(range.ok());
    CHECK(range->status == 206);
    const auto pack = read_all(f.repo / "packs/test/test-2.gpk");
    CHECK(range->body == std::string(pack.begin() + 10, pack.begin() + 20));
    CHECK(range->header("Cache-Control").find("immutable") != std::string::npos);
    // Nothing but the repository's files: the publication lock is not served.
    auto lock = client->send("GET", "/v1/repo/.publish.lock");
    REQUIRE(lock.ok());
    CHECK(lock->status == 404);
}

TEST_CASE("nginx: a visio room's two sides reach the same hub of two, by a hash of its slot") {
    if (!std::filesystem::exists("/usr/sbin/nginx")) {
        FAIL("nginx is not installed (scripts/setup.sh installs nginx-light)");
        return;
    }
    std::string why;
    auto cluster = PgCluster::start(&why);
    REQUIRE_MESSAGE(cluster, why);
    TempDir dir;
    put_hubs_on_postgres(dir.path(), *cluster);
    auto hub_a = start_hub(dir / "hub-a");
    auto hub_b = start_hub(dir / "hub-b");
    Nginx nginx(dir / "nginx", {hub_a.port, hub_b.port});
    const auto partner = register_demo_partner(dir / "partner", dir / "hub-a");
    const auto kiosk = enroll_kiosk_with_key(dir / "hub-a", dir / "kiosk", nginx.url());
    visio::add_visio_demarche(dir / "hub-b", kiosk.id);  // the tables are shared: either hub's directory
    auto agent = signed_client(nginx.url(), partner.id, partner.signing);
    auto desk = signed_client(nginx.url(), kiosk.id, kiosk.key);
    // 16 rooms, so that both hubs hold some (all on one: 2 chances in 65,536): each room's messages all arrive.
    std::set<std::string> hubs_used;
    for (int room = 0; room < 16; ++room) {
        const std::string slot = "rdv-" + std::to_string(room);
        REQUIRE(visio::call(agent, "POST", "/v1/partner/visio/bookings",
                            visio::json{{"slot", slot}, {"tracking_code", "ANR-VISI-01"}, {"start", visio::now()}}.dump())
                    .status == 200);
        for (int m = 0; m < 3; ++m) {
            auto posted = visio::call(desk, "POST", "/v1/kiosk/visio/" + slot + "/messages",
                                      visio::json{{"type", "candidate"}, {"data", {{"n", m}}}}.dump());
            REQUIRE_MESSAGE(posted.status == 200, posted.body);
        }
        auto polled = visio::call(agent, "GET", "/v1/partner/visio/" + slot + "/messages", {},
                                  {{"since", "0"}, {"wait", "0"}});
        REQUIRE_MESSAGE(polled.status == 200, polled.body);
        CHECK_MESSAGE(visio::json::parse(polled.body).at("messages").size() == 3, slot);
    }
    // Both hubs served rooms (the hash spread them), each room from one hub only.
    std::ifstream log(nginx.dir / "access.log");
    std::map<std::string, std::set<std::string>> by_room;
    std::string method, uri, status, upstream;
    while (log >> method >> uri >> status >> upstream) {
        const std::string marker = "/visio/rdv-";
        const auto at = uri.find(marker);
        if (at == std::string::npos) continue;
        const auto room = uri.substr(at + marker.size(), uri.find('/', at + marker.size()) - at - marker.size());
        by_room[room].insert(upstream);
        hubs_used.insert(upstream);
    }
    CHECK(by_room.size() == 16);
    for (const auto& [room, upstreams] : by_room) CHECK_MESSAGE(upstreams.size() == 1, room);
    CHECK(hubs_used.size() == 2);
}
