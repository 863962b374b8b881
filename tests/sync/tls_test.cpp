// HTTPS for the hub (docs/back-office.md §4.1, docs/protocol.md §1.1): the real
// guichet-hub, guichet-sync and guichet-partner on loopback with a throw-away
// self-signed certificate made by the openssl command in each test. The agent
// pins the hub's key; a wrong pin or an unknown certificate is refused in
// French with the démarches still queued; plain HTTP is refused off loopback;
// the hostile-client bounds still hold over TLS (handshake included).
#include "store/store.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>

using namespace guichet;
using namespace guichet::test;
using namespace guichet::test::sync;
using Clock = std::chrono::steady_clock;

namespace {

std::string run(const std::string& command) {
    std::string out;
    int status = run_command(command, &out);
    INFO(command << "\n" << out);
    REQUIRE(status == 0);
    return out;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// A self-signed P-256 certificate for 127.0.0.1 and localhost in DIR, and its
// key's pin (sha256//BASE64 of the SubjectPublicKeyInfo), as scripts/run.sh makes them.
struct Cert {
    std::filesystem::path cert, key;
    std::string pin;
};

Cert make_cert(const std::filesystem::path& dir, const std::string& name) {
    std::filesystem::create_directories(dir);
    Cert c{dir / (name + ".pem"), dir / (name + ".key"), {}};
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 "
        "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
        c.key.string() + " -out " + c.cert.string());
    c.pin = "sha256//" + trim(run("openssl x509 -in " + c.cert.string() +
                                  " -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary "
                                  "| base64"));
    return c;
}

HubProcess start_tls_hub(const std::filesystem::path& data, const Cert& c, std::vector<std::string> extra = {}) {
    extra.insert(extra.end(), {"--tls-cert", c.cert.string(), "--tls-key", c.key.string()});
    auto hub = start_hub(data, extra);
    REQUIRE(hub.url.starts_with("https://127.0.0.1:"));
    return hub;
}

int connect_loopback(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
    return fd;
}

// Waits until the peer closes FD (end of stream or reset) or DEADLINE; true when closed.
bool wait_closed(int fd, Clock::time_point deadline) {
    char buf[4096];
    while (Clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (::poll(&p, 1, static_cast<int>(std::max<long>(1, std::min<long>(left, 200)))) <= 0) continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return true;
    }
    return false;
}

long queued(const std::filesystem::path& state) {
    auto st = store::Store::open(state / store::kDatabaseFile);
    REQUIRE(st.ok());
    auto q = st->queue_summary(std::time(nullptr));
    REQUIRE(q.ok());
    return q->queued + q->sending;
}

}  // namespace

TEST_CASE("tls: enrol and sync pinned over HTTPS, partner fetch with --ca, status back, HSTS, a streamed file by Range") {
    TempDir dir;
    const auto hub_data = dir / "hub";
    const auto state = dir / "kiosk";
    auto cert = make_cert(dir / "tls", "hub");
    auto partner = register_demo_partner(dir / "partner", hub_data);
    auto hub = start_tls_hub(hub_data, cert);

    const auto token = trim(run(std::string(GUICHET_HUB_TOOL) + " enroll-token --data " + hub_data.string()));
    run(std::string(GUICHET_SYNC_TOOL) + " enroll --state " + state.string() + " --hub " + hub.url + " --pin " +
        cert.pin + " --token " + token);
    // The pin is recorded for every later run.
    auto config = nlohmann::json::parse(to_string(read_all(state / "sync.json")));
    CHECK(config["hub"] == hub.url);
    CHECK(config["tls"]["pin"] == cert.pin);

    std::mt19937_64 rng(11);
    auto submitted = submit_demarches(state, 2, partner.id, partner.box.public_key, {0, 150'000}, rng);
    auto log = run(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once --chunk-bytes 65536");
    CHECK(log.find("delivered 2, failed 0") != std::string::npos);
    CHECK(queued(state) == 0);

    // The partner trusts the certificate as a CA (it names 127.0.0.1).
    const auto out_dir = dir / "fetched";
    const std::string partner_args =
        " --hub " + hub.url + " --ca " + cert.cert.string() + " --key " + partner.box_key_file.string();
    run(std::string(GUICHET_PARTNER_TOOL) + " fetch" + partner_args + " --out " + out_dir.string() + " --ack");
    for (const auto& s : submitted) {
        CHECK(read_all(out_dir / s.uuid / "demarche.json") == s.payload);
        for (std::size_t i = 0; i < s.attachments.size(); ++i)
            CHECK(read_all(out_dir / s.uuid / "attachments" / (std::to_string(i) + "-" + s.attachment_names[i])) ==
                  s.attachments[i]);
    }
    run(std::string(GUICHET_PARTNER_TOOL) + " status" + partner_args + " " + submitted[0].tracking_code +
        " pret_a_retirer 'Passez en mairie.'");
    run(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once");
    {
        auto st = store::Store::open(state / store::kDatabaseFile);
        REQUIRE(st.ok());
        auto info = st->status_for(submitted[0].tracking_code);
        REQUIRE(info.ok());
        REQUIRE(info->has_value());
        REQUIRE((*info)->status.has_value());
        CHECK((*info)->status->status == "pret_a_retirer");
    }

    // Over TLS every answer tells browsers to keep to it.
    {
        guichet::sync::HubClientOptions o;
        o.tls.pin = cert.pin;
        auto client = guichet::sync::HubClient::create(hub.url, o);
        REQUIRE(client.ok());
        auto ping = client->send("GET", "/v1/ping");
        REQUIRE_MESSAGE(ping.ok(), (ping.ok() ? "" : ping.error().message));
        CHECK(ping->status == 200);
        CHECK(ping->header("Strict-Transport-Security") == "max-age=31536000");
    }
    // A streamed answer (the pack repository's content provider) over TLS, whole and by Range.
    {
        Bytes blob(300'000);
        std::mt19937_64 fill(3);
        for (auto& b : blob) b = static_cast<std::uint8_t>(fill());
        std::filesystem::create_directories(hub_data / "repo");
        write_all(hub_data / "repo" / "blob.bin", blob);
        auto key = guichet::sync::RequestKey::load(state / "sync-key");
        REQUIRE(key.ok());
        guichet::sync::HubClientOptions o;
        o.tls.pin = cert.pin;
        auto client = guichet::sync::HubClient::create(hub.url, o);
        REQUIRE(client.ok());
        client->set_identity({config["kiosk_id"].get<std::string>(), std::move(*key)});
        auto whole = client->send("GET", "/v1/repo/blob.bin");
        REQUIRE_MESSAGE(whole.ok(), (whole.ok() ? "" : whole.error().message));
        CHECK(whole->status == 200);
        CHECK(whole->body == to_string(blob));
        auto part = client->send("GET", "/v1/repo/blob.bin", {}, {}, "", {{"Range", "bytes=100000-100099"}});
        REQUIRE(part.ok());
        CHECK(part->status == 206);
        CHECK(part->body == to_string(blob).substr(100000, 100));
    }
    // Plain HTTP sent to the HTTPS port is told so, in a JSON error.
    {
        auto plain = guichet::sync::HubClient::create("http://127.0.0.1:" + std::to_string(hub.port));
        REQUIRE(plain.ok());
        auto answer = plain->send("GET", "/v1/ping");
        REQUIRE(answer.ok());
        CHECK(answer->status == 400);
        CHECK(answer->body.find("\"https-required\"") != std::string::npos);
    }
    hub.process.signal(SIGTERM);
    CHECK(hub.process.wait() == 0);
}

TEST_CASE("tls: a wrong pin or an unknown certificate is refused in French, nothing sent, the démarches stay queued") {
    TempDir dir;
    const auto hub_data = dir / "hub";
    const auto state = dir / "kiosk";
    auto cert = make_cert(dir / "tls", "hub");
    auto impostor = make_cert(dir / "tls", "impostor");
    auto partner = register_demo_partner(dir / "partner", hub_data);
    auto hub = start_tls_hub(hub_data, cert);
    enroll_kiosk_directly(hub_data, state, hub.url);  // sync.json without any TLS trust
    std::mt19937_64 rng(5);
    submit_demarches(state, 2, partner.id, partner.box.public_key, {0, 10'000}, rng);
    const std::string sync = "GUICHET_LANG=fr " + std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() +
                             " --once --timeout-ms 5000";

    std::string out;
    CHECK(run_command(sync + " --pin " + impostor.pin, &out) == 1);
    INFO(out);
    CHECK(out.find("la clé publique du hub ne correspond pas à la clé épinglée --pin " + impostor.pin) !=
          std::string::npos);
    CHECK(out.find("les démarches restent en attente") != std::string::npos);
    CHECK(out.find("hub injoignable, 0 remise(s)") != std::string::npos);
    CHECK(queued(state) == 2);

    // No pin, no CA: the system's CAs do not know a self-signed certificate.
    CHECK(run_command(sync, &out) == 1);
    CHECK(out.find("le certificat du hub n’est pas reconnu") != std::string::npos);
    CHECK(out.find("--ca FICHIER") != std::string::npos);
    CHECK(queued(state) == 2);

    // A CA file that is another certificate: refused too.
    CHECK(run_command(sync + " --ca " + impostor.cert.string(), &out) == 1);
    CHECK(out.find("le certificat du hub n’est pas reconnu") != std::string::npos);
    CHECK(queued(state) == 2);

    // A malformed pin is a usage error, said before anything is tried.
    CHECK(run_command(sync + " --pin sha256//abc", &out) == 2);
    CHECK(out.find("--pin sha256//abc : sha256// suivi de la base64 de 32 octets") != std::string::npos);

    // The partner is refused the same way, in French.
    CHECK(run_command("GUICHET_LANG=fr " + std::string(GUICHET_PARTNER_TOOL) + " fetch --hub " + hub.url + " --pin " +
                          impostor.pin + " --key " + partner.box_key_file.string() + " --out " +
                          (dir / "fetched").string(),
                      &out) == 1);
    CHECK(out.find("la clé publique du hub ne correspond pas") != std::string::npos);

    // The right pin: both are delivered.
    auto log = run(sync + " --pin " + cert.pin);
    CHECK(log.find("2 remise(s), 0 en échec") != std::string::npos);
    CHECK(queued(state) == 0);
    hub.process.signal(SIGTERM);
    CHECK(hub.process.wait() == 0);
}

TEST_CASE("tls: the hub refuses plain HTTP off loopback without --tls-cert or --behind-tls-proxy, in French") {
    TempDir dir;
    std::string out;
    const std::string hub = "GUICHET_LANG=fr " + std::string(GUICHET_HUB_TOOL) + " serve --data " +
                            (dir / "hub").string();
    CHECK(run_command(hub + " --listen 0.0.0.0:0", &out) == 1);
    CHECK(out.find("refus de servir du HTTP en clair sur 0.0.0.0") != std::string::npos);
    CHECK(out.find("--tls-cert CERT.pem --tls-key CLÉ.pem") != std::string::npos);
    CHECK(out.find("--behind-tls-proxy") != std::string::npos);
    CHECK(out.find("listening") == std::string::npos);
    // Behind a proxy, the hub itself must stay on loopback.
    CHECK(run_command(hub + " --listen 0.0.0.0:0 --behind-tls-proxy", &out) == 1);
    CHECK(out.find("doit alors écouter sur la boucle locale") != std::string::npos);
    // A key that is not the certificate's is refused at start.
    auto cert = make_cert(dir / "tls", "hub");
    auto other = make_cert(dir / "tls", "other");
    CHECK(run_command(hub + " --listen 127.0.0.1:0 --tls-cert " + cert.cert.string() + " --tls-key " +
                          other.key.string(),
                      &out) == 1);
    CHECK(out.find("guichet-hub : --tls-key " + other.key.string()) != std::string::npos);  // OpenSSL's reason follows
    CHECK(out.find("listening") == std::string::npos);
    CHECK(run_command(hub + " --listen 127.0.0.1:0 --tls-cert " + cert.cert.string(), &out) == 2);
    CHECK(out.find("--tls-cert et --tls-key vont ensemble") != std::string::npos);
}

TEST_CASE("tls: behind a TLS proxy, X-Forwarded-Proto and X-Forwarded-For are believed from loopback only with the option") {
    TempDir dir;
    auto probe = [](const std::string& url, const std::vector<guichet::sync::Header>& headers) {
        auto c = guichet::sync::HubClient::create(url);
        REQUIRE(c.ok());
        auto ping = c->send("GET", "/v1/ping", {}, {}, "", headers);
        REQUIRE(ping.ok());
        auto staff = c->send("GET", "/metrics", {}, {}, "", headers);  // staff network only
        REQUIRE(staff.ok());
        return std::pair{ping->header("Strict-Transport-Security"), staff->status};
    };
    const std::vector<guichet::sync::Header> forwarded{{"X-Forwarded-Proto", "https"},
                                                       {"X-Forwarded-For", "198.51.100.7, 203.0.113.5"}};
    {
        auto hub = start_hub(dir / "plain");
        auto [hsts, staff] = probe(hub.url, forwarded);
        CHECK(hsts.empty());  // not told of a proxy: the headers are anyone's
        CHECK(staff == 200);  // the peer is loopback
        hub.process.signal(SIGTERM);
        CHECK(hub.process.wait() == 0);
    }
    {
        auto hub = start_hub(dir / "proxied", {"--behind-tls-proxy"});
        auto [hsts, staff] = probe(hub.url, forwarded);
        CHECK(hsts == "max-age=31536000");
        CHECK(staff == 403);  // the client is 203.0.113.5, not this machine
        auto [hsts_local, staff_local] = probe(hub.url, {});
        CHECK(hsts_local.empty());
        CHECK(staff_local == 200);  // a tool on the hub's machine itself, not through the proxy
        hub.process.signal(SIGTERM);
        CHECK(hub.process.wait() == 0);
    }
}

TEST_CASE("tls: hostile clients over TLS: a handshake never finished and headers never finished are cut, 431 holds") {
    TempDir dir;
    auto cert = make_cert(dir / "tls", "hub");
    auto hub = start_tls_hub(dir / "hub", cert, {"--header-timeout", "1"});
    const auto bound = std::chrono::seconds(4);  // 1 s timeout, generous slack for a loaded machine

    // A connection that says nothing, and one that stops in the middle of its ClientHello.
    {
        int silent = connect_loopback(hub.port);
        int partial = connect_loopback(hub.port);
        const unsigned char hello_start[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
        REQUIRE(::send(partial, hello_start, sizeof hello_start, MSG_NOSIGNAL) == sizeof hello_start);
        const auto deadline = Clock::now() + bound;
        CHECK(wait_closed(silent, deadline));
        CHECK(wait_closed(partial, deadline));
        ::close(silent);
        ::close(partial);
    }

    // Handshake done, then a request line and never the end of the headers (slowloris over TLS).
    {
        SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
        REQUIRE(ctx != nullptr);
        int fd = connect_loopback(hub.port);
        SSL* ssl = SSL_new(ctx);
        SSL_set_fd(ssl, fd);
        REQUIRE(SSL_connect(ssl) == 1);  // blocking socket: the hub answers at once
        const std::string start = "GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        REQUIRE(SSL_write(ssl, start.data(), static_cast<int>(start.size())) == static_cast<int>(start.size()));
        CHECK(wait_closed(fd, Clock::now() + bound));
        SSL_free(ssl);
        ::close(fd);
        SSL_CTX_free(ctx);
    }

    // Header limits through TLS: more than 100 fields get 431 with a JSON error.
    {
        guichet::sync::HubClientOptions o;
        o.tls.pin = cert.pin;
        auto c = guichet::sync::HubClient::create(hub.url, o);
        REQUIRE(c.ok());
        std::vector<guichet::sync::Header> many;
        for (int i = 0; i < 150; ++i) many.emplace_back("X-Fill-" + std::to_string(i), "v");
        auto answer = c->send("GET", "/v1/ping", {}, {}, "", many);
        REQUIRE_MESSAGE(answer.ok(), (answer.ok() ? "" : answer.error().message));
        CHECK(answer->status == 431);
        CHECK(answer->body.find("\"header-too-large\"") != std::string::npos);
        // The hub still serves.
        auto fresh = guichet::sync::HubClient::create(hub.url, o);
        REQUIRE(fresh.ok());
        auto ping = fresh->send("GET", "/v1/ping");
        REQUIRE(ping.ok());
        CHECK(ping->status == 200);
    }
    hub.process.signal(SIGTERM);
    CHECK(hub.process.wait() == 0);
}
