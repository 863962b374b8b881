// Security of the hub (docs/protocol.md §1–§4), against an in-process hub on
// a free loopback port: unauthenticated, unknown, revoked, replayed and stale
// requests refused; oversize and chunked bodies refused before being read;
// idempotent retries and 422 on a different body; attachment checksums and
// offsets; partners see only their démarches; answers cut at the client's cap.
#include "hub/hub_server.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include "crypto/hash.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <thread>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

HubClient client_for(const std::string& url, const std::string& id = {}, const RequestKey* key = nullptr) {
    auto c = HubClient::create(url);
    REQUIRE(c.ok());
    if (key) c->set_identity({id, *key});
    return std::move(*c);
}

HttpAnswer send(HubClient& c, std::string_view method, std::string_view path, std::string_view body = {},
                const std::vector<Header>& headers = {}) {
    auto a = c.send(method, path, {}, as_bytes(body), body.empty() ? "" : "application/json", headers);
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
    return std::move(*a);
}

std::string error_kind(const HttpAnswer& a) {
    try {
        return nlohmann::json::parse(a.body).at("error").get<std::string>();
    } catch (const std::exception&) {
        return "(no error kind: " + a.body + ")";
    }
}

// Sends raw bytes and returns what the server answers within TIMEOUT_MS.
std::string raw_exchange(int port, const std::string& request, int timeout_ms) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    std::string answer;
    char buf[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) break;
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        answer.append(buf, static_cast<std::size_t>(n));
        if (answer.find("\r\n\r\n") != std::string::npos && answer.find("}") != std::string::npos) break;
    }
    ::close(fd);
    return answer;
}

struct Kiosk {
    std::string id;
    RequestKey key;
};

Kiosk enrolled_kiosk(const std::filesystem::path& hub_data, const std::filesystem::path& state,
                     const std::string& url) {
    auto id = enroll_kiosk_directly(hub_data, state, url);
    auto key = RequestKey::load(state / "sync-key");
    REQUIRE(key.ok());
    return {id, std::move(*key)};
}

// A démarche of AUTHOR, its envelope signed with AUTHOR's key (protocol 1.2).
SubmissionUpload sample_upload(const Kiosk& author, const std::string& uuid, const std::string& recipient,
                               std::size_t attachment_bytes, Bytes* sealed_attachment = nullptr) {
    SubmissionUpload up;
    up.uuid = uuid;
    up.tracking_code = "ANR-7K3Q-9P";
    up.form_id = "f";
    up.form_version = 1;
    up.recipient_id = recipient;
    up.created_at = 1'800'000'000;
    up.sealed_payload = Bytes(100, 7);
    if (attachment_bytes > 0) {
        Bytes data(attachment_bytes);
        for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 31);
        up.attachments.push_back(
            {0, attachment_bytes - 48, Bytes(60, 1), data.size(), to_hex(crypto::blake2b_256(data))});
        if (sealed_attachment) *sealed_attachment = data;
    }
    REQUIRE(sign_envelope(up, author.id, author.key).ok());
    return up;
}

const std::string kUuid = "0b3c6a7e-1f2d-4c3b-8a9e-112233445566";

}  // namespace

TEST_CASE("security: unauthenticated, unknown, revoked, replayed and stale requests are refused") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    auto kiosk = enrolled_kiosk(dir / "hub", dir / "kiosk", hub.url());
    auto anonymous = client_for(hub.url());
    auto a = send(anonymous, "GET", "/v1/kiosk/statuses");
    CHECK(a.status == 401);
    CHECK(error_kind(a) == "missing-header");

    auto stranger_key = RequestKey::generate();
    auto stranger = client_for(hub.url(), "k-00000000", &stranger_key);
    a = send(stranger, "GET", "/v1/kiosk/statuses");
    CHECK(a.status == 401);
    CHECK(error_kind(a) == "unknown-client");

    // Someone else's id with our key: the signature fails.
    auto impostor = client_for(hub.url(), kiosk.id, &stranger_key);
    a = send(impostor, "GET", "/v1/kiosk/statuses");
    CHECK(a.status == 401);
    CHECK(error_kind(a) == "bad-signature");

    auto good = client_for(hub.url(), kiosk.id, &kiosk.key);
    CHECK(send(good, "GET", "/v1/kiosk/statuses").status == 200);

    // A captured request, replayed as is.
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    auto captured = sign_request(kiosk.key, kiosk.id, "GET", "/v1/kiosk/statuses", {}, now);
    CHECK(send(anonymous, "GET", "/v1/kiosk/statuses", {}, captured).status == 200);
    a = send(anonymous, "GET", "/v1/kiosk/statuses", {}, captured);
    CHECK(a.status == 401);
    CHECK(error_kind(a) == "replayed-nonce");

    // Too old, too far in the future.
    a = send(anonymous, "GET", "/v1/kiosk/statuses", {},
             sign_request(kiosk.key, kiosk.id, "GET", "/v1/kiosk/statuses", {}, now - 3600));
    CHECK(a.status == 401);
    CHECK(error_kind(a) == "stale-timestamp");
    a = send(anonymous, "GET", "/v1/kiosk/statuses", {},
             sign_request(kiosk.key, kiosk.id, "GET", "/v1/kiosk/statuses", {}, now + 3600));
    CHECK(error_kind(a) == "stale-timestamp");

    // A kiosk key is no partner key.
    a = send(good, "GET", "/v1/partner/demarches");
    CHECK(a.status == 401);
    CHECK(error_kind(a) == "unknown-client");

    // Revoked while the hub runs.
    {
        auto db = open_hub_db(dir / "hub");
        REQUIRE(db.ok());
        REQUIRE(db->revoke(kiosk.id, now).value());
    }
    a = send(good, "GET", "/v1/kiosk/statuses");
    CHECK(a.status == 403);
    CHECK(error_kind(a) == "revoked-client");
}

TEST_CASE("security: a replay is refused after a hub restart too (nonces are in the database)") {
    TempDir dir;
    std::vector<Header> captured;
    Kiosk kiosk;
    {
        InProcessHub hub(dir / "hub");
        kiosk = enrolled_kiosk(dir / "hub", dir / "kiosk", hub.url());
        captured = sign_request(kiosk.key, kiosk.id, "GET", "/v1/kiosk/statuses", {}, std::time(nullptr));
        auto c = client_for(hub.url());
        CHECK(send(c, "GET", "/v1/kiosk/statuses", {}, captured).status == 200);
    }
    InProcessHub hub(dir / "hub");
    auto c = client_for(hub.url());
    auto a = send(c, "GET", "/v1/kiosk/statuses", {}, captured);
    CHECK(a.status == 401);
    CHECK(error_kind(a) == "replayed-nonce");
}

TEST_CASE("security: oversize and chunked bodies are refused before the body is read") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    // Only the headers are sent: an answer proves the hub did not wait for the 100 MB.
    auto answer = raw_exchange(
        hub.port(), "PUT /v1/demarches/" + kUuid + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n", 10000);
    CHECK(answer.starts_with("HTTP/1.1 413"));
    CHECK(answer.find("too-large") != std::string::npos);
    answer = raw_exchange(hub.port(), "POST /v1/kiosk/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n",
                          10000);
    CHECK(answer.starts_with("HTTP/1.1 413"));  // 64 KiB for small messages
    answer = raw_exchange(hub.port(),
                          "POST /v1/kiosk/demarches:batch HTTP/1.1\r\nHost: x\r\nContent-Length: 4194305\r\n\r\n", 10000);
    CHECK(answer.starts_with("HTTP/1.1 413"));  // a batch: 4 MiB (§4.5)
    CHECK(answer.find("too-large") != std::string::npos);
    answer = raw_exchange(
        hub.port(),
        "PATCH /v1/demarches/" + kUuid + "/attachments/0 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        10000);
    CHECK(answer.starts_with("HTTP/1.1 411"));
    // Still serving.
    auto c = client_for(hub.url());
    CHECK(send(c, "GET", "/v1/ping").status == 200);
}

TEST_CASE("security: idempotent submission, 422 on a different body, resumable attachment checks, partner isolation") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    auto kiosk = enrolled_kiosk(dir / "hub", dir / "kiosk", hub.url());
    auto partner = register_demo_partner(dir / "partner", dir / "hub", "etat-civil");
    auto other = register_demo_partner(dir / "other", dir / "hub", "urbanisme");
    auto k = client_for(hub.url(), kiosk.id, &kiosk.key);
    auto p = client_for(hub.url(), partner.id, &partner.signing);
    auto o = client_for(hub.url(), other.id, &other.signing);
    const std::string path = "/v1/demarches/" + kUuid;
    const std::vector<Header> key{{kHeaderIdempotencyKey, kUuid}};

    Bytes sealed;
    auto body = to_json(sample_upload(kiosk, kUuid, "etat-civil", 5000, &sealed));
    CHECK(send(k, "PUT", path, body).status == 400);  // no Idempotency-Key
    auto first = send(k, "PUT", path, body, key);
    REQUIRE(first.status == 200);
    auto retry = send(k, "PUT", path, body, key);
    CHECK(retry.status == 200);
    CHECK(retry.body == first.body);
    CHECK(retry.header("Idempotent-Replay") == "true");
    auto changed = to_json(sample_upload(kiosk, kUuid, "urbanisme", 5000));
    auto conflict = send(k, "PUT", path, changed, key);
    CHECK(conflict.status == 422);
    CHECK(error_kind(conflict) == "idempotency-mismatch");

    // Not complete yet: the partner does not see it.
    auto list = send(p, "GET", "/v1/partner/demarches");
    REQUIRE(list.status == 200);
    CHECK(parse_partner_list(list.body)->empty());

    const std::string att = path + "/attachments/0";
    auto head = k.send("HEAD", att);
    REQUIRE(head.ok());
    CHECK(head->header("Upload-Offset") == "0");
    CHECK(head->header("Upload-Length") == "5000");
    auto chunk = [&](std::size_t from, std::size_t n, std::string checksum = {}) {
        std::string part(reinterpret_cast<const char*>(sealed.data()) + from, n);
        if (checksum.empty()) checksum = "blake2b-256 " + to_hex(crypto::blake2b_256(as_bytes(part)));
        return send(k, "PATCH", att, part, {{"Upload-Offset", std::to_string(from)}, {"Upload-Checksum", checksum}});
    };
    auto bad = chunk(0, 2000, "blake2b-256 " + std::string(64, '0'));
    CHECK(bad.status == 460);
    auto ok = chunk(0, 2000);
    CHECK(ok.status == 204);
    CHECK(ok.header("Upload-Offset") == "2000");
    CHECK(ok.header("Upload-Complete") == "false");
    auto stale = chunk(0, 2000);  // a lost answer: the agent resends, the hub says where it stands
    CHECK(stale.status == 409);
    CHECK(stale.header("Upload-Offset") == "2000");
    head = k.send("HEAD", att);
    CHECK(head->header("Upload-Offset") == "2000");
    auto last = chunk(2000, 3000);
    CHECK(last.status == 204);
    CHECK(last.header("Upload-Complete") == "true");

    list = send(p, "GET", "/v1/partner/demarches");
    auto entries = parse_partner_list(list.body);
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 1);
    auto fetched = client_for(hub.url(), partner.id, &partner.signing)
                       .send("GET", "/v1/partner/demarches/" + kUuid + "/attachments/0");
    REQUIRE(fetched.ok());
    CHECK(fetched->body == std::string(reinterpret_cast<const char*>(sealed.data()), sealed.size()));
    // Another service sees nothing of it, and cannot post a status for it.
    CHECK(parse_partner_list(send(o, "GET", "/v1/partner/demarches").body)->empty());
    CHECK(send(o, "GET", "/v1/partner/demarches/" + kUuid).status == 404);
    CHECK(send(o, "POST", "/v1/partner/statuses", to_json(StatusUpdate{"ANR-7K3Q-9P", "refuse", "", 0})).status == 404);
    CHECK(send(p, "POST", "/v1/partner/statuses", to_json(StatusUpdate{"ANR-7K3Q-9P", "accepted", "", 0})).status ==
          400);
    CHECK(send(p, "POST", "/v1/partner/statuses", to_json(StatusUpdate{"ANR-7K3Q-9P", "recu", "", 0})).status == 200);
    auto feed = parse_status_feed(send(k, "GET", "/v1/kiosk/statuses").body);
    REQUIRE(feed.ok());
    REQUIRE(feed->statuses.size() == 1);
    CHECK(feed->statuses[0].status == "recu");
}
