// Request authentication (docs/protocol.md §2): canonical form, signature
// checks, tampering with every signed part, stale timestamps, replays, unknown
// and revoked clients.
#include "protocol/auth.hpp"
#include "protocol/messages.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace guichet;
using namespace guichet::sync;

namespace {

struct Ledger {
    std::set<std::pair<std::string, std::string>> seen;
    std::map<std::string, ClientRecord> clients;

    Verifier verifier() {
        Verifier v;
        v.find_client = [this](std::string_view id) -> std::optional<ClientRecord> {
            auto it = clients.find(std::string(id));
            if (it == clients.end()) return std::nullopt;
            return it->second;
        };
        v.remember_nonce = [this](std::string_view id, std::string_view nonce, std::int64_t) -> Result<bool> {
            return seen.emplace(std::string(id), std::string(nonce)).second;
        };
        return v;
    }
};

std::function<std::string(const char*)> getter(const std::vector<Header>& headers) {
    return [headers](const char* name) {
        for (const auto& [k, v] : headers)
            if (k == name) return v;
        return std::string();
    };
}

Result<std::string, AuthError> check(Ledger& ledger, const std::vector<Header>& headers, std::string_view method,
                                     const std::string& target, std::string_view body, std::int64_t now) {
    auto head = parse_auth_headers(getter(headers), method, target);
    if (!head) return head.error();
    return authenticate(ledger.verifier(), *head, as_bytes(body), now);
}

void set_header(std::vector<Header>& headers, const std::string& name, const std::string& value) {
    for (auto& [k, v] : headers)
        if (k == name) v = value;
}

constexpr std::int64_t kNow = 1'800'000'000;

}  // namespace

TEST_CASE("canonical form: fixed layout, sorted query, body hash") {
    CHECK(canonical_target("/v1/kiosk/statuses", {{"since", "12"}, {"limit", "5"}}) ==
          "/v1/kiosk/statuses?limit=5&since=12");
    CHECK(canonical_target("/v1/ping", {}) == "/v1/ping");
    RequestHead head{"PUT", "/v1/demarches/x", "k-1", 1800000000, std::string(32, 'a'), {}};
    auto hash = crypto::blake2b_256(as_bytes("body"));
    CHECK(canonical_request(head, hash) == "guichet-request-v1\nPUT\n/v1/demarches/x\nk-1\n1800000000\n" +
                                               std::string(32, 'a') + "\n" + to_hex(hash) + "\n");
}

TEST_CASE("a signed request verifies once and its replay is refused") {
    Ledger ledger;
    auto key = RequestKey::generate();
    ledger.clients["k-1"] = {key.public_key(), false};
    auto headers = sign_request(key, "k-1", "PUT", "/v1/demarches/u", as_bytes("hello"), kNow);
    auto first = check(ledger, headers, "PUT", "/v1/demarches/u", "hello", kNow + 10);
    REQUIRE(first.ok());
    CHECK(*first == "k-1");
    auto again = check(ledger, headers, "PUT", "/v1/demarches/u", "hello", kNow + 11);
    REQUIRE(!again.ok());
    CHECK(again.error().kind == AuthFailure::replayed_nonce);
    // A fresh signature of the same request has a new nonce and passes.
    auto fresh = sign_request(key, "k-1", "PUT", "/v1/demarches/u", as_bytes("hello"), kNow);
    CHECK(check(ledger, fresh, "PUT", "/v1/demarches/u", "hello", kNow).ok());
}

TEST_CASE("tampering with any signed part breaks the signature") {
    Ledger ledger;
    auto key = RequestKey::generate();
    ledger.clients["k-1"] = {key.public_key(), false};
    ledger.clients["k-2"] = {RequestKey::generate().public_key(), false};
    std::array<std::uint8_t, 16> nonce{};
    auto headers = [&] { return sign_request(key, "k-1", "POST", "/v1/a?x=1", as_bytes("body"), kNow, nonce); };
    auto expect_bad = [&](const std::vector<Header>& h, std::string_view method, const std::string& target,
                          std::string_view body) {
        auto r = check(ledger, h, method, target, body, kNow);
        REQUIRE(!r.ok());
        CHECK(r.error().kind == AuthFailure::bad_signature);
        CHECK(ledger.seen.empty());  // a forged request leaves no nonce behind
    };
    expect_bad(headers(), "PUT", "/v1/a?x=1", "body");
    expect_bad(headers(), "POST", "/v1/a?x=2", "body");
    expect_bad(headers(), "POST", "/v1/b?x=1", "body");
    expect_bad(headers(), "POST", "/v1/a?x=1", "bodY");
    auto h = headers();
    set_header(h, kHeaderTimestamp, std::to_string(kNow + 1));
    expect_bad(h, "POST", "/v1/a?x=1", "body");
    h = headers();
    set_header(h, kHeaderNonce, std::string(31, '0') + "1");
    expect_bad(h, "POST", "/v1/a?x=1", "body");
    h = headers();
    set_header(h, kHeaderClient, "k-2");  // someone else's id with k-1's signature
    expect_bad(h, "POST", "/v1/a?x=1", "body");
    CHECK(check(ledger, headers(), "POST", "/v1/a?x=1", "body", kNow).ok());
}

TEST_CASE("stale or future timestamps, unknown and revoked clients, missing headers") {
    Ledger ledger;
    auto key = RequestKey::generate();
    ledger.clients["k-1"] = {key.public_key(), false};
    auto at = [&](std::int64_t t) { return sign_request(key, "k-1", "GET", "/v1/x", {}, t); };
    CHECK(check(ledger, at(kNow - 300), "GET", "/v1/x", "", kNow).ok());
    auto old = check(ledger, at(kNow - 301), "GET", "/v1/x", "", kNow);
    REQUIRE(!old.ok());
    CHECK(old.error().kind == AuthFailure::stale_timestamp);
    auto future = check(ledger, at(kNow + 301), "GET", "/v1/x", "", kNow);
    REQUIRE(!future.ok());
    CHECK(future.error().kind == AuthFailure::stale_timestamp);

    auto stranger =
        check(ledger, sign_request(RequestKey::generate(), "k-9", "GET", "/v1/x", {}, kNow), "GET", "/v1/x", "", kNow);
    REQUIRE(!stranger.ok());
    CHECK(stranger.error().kind == AuthFailure::unknown_client);

    ledger.clients["k-1"].revoked = true;
    auto revoked = check(ledger, at(kNow), "GET", "/v1/x", "", kNow);
    REQUIRE(!revoked.ok());
    CHECK(revoked.error().kind == AuthFailure::revoked_client);
    CHECK(http_status(revoked.error().kind) == 403);

    for (const char* name : {kHeaderProtocol, kHeaderClient, kHeaderTimestamp, kHeaderNonce, kHeaderSignature}) {
        auto h = at(kNow);
        std::erase_if(h, [&](const Header& x) { return x.first == name; });
        auto r = check(ledger, h, "GET", "/v1/x", "", kNow);
        REQUIRE(!r.ok());
        CHECK(r.error().kind == AuthFailure::missing_header);
    }
    auto h = at(kNow);
    set_header(h, kHeaderProtocol, "2");
    auto v2 = check(ledger, h, "GET", "/v1/x", "", kNow);
    REQUIRE(!v2.ok());
    CHECK(v2.error().kind == AuthFailure::unsupported_version);
    h = at(kNow);
    set_header(h, kHeaderNonce, "NOT-HEX");
    CHECK(check(ledger, h, "GET", "/v1/x", "", kNow).error().kind == AuthFailure::malformed);
}

TEST_CASE("request keys round-trip through files with mode 0600") {
    test::TempDir dir;
    auto key = RequestKey::generate();
    REQUIRE(key.save(dir / "k.key", "k-1").ok());
    CHECK((std::filesystem::status(dir / "k.key").permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    auto loaded = RequestKey::load(dir / "k.key");
    REQUIRE(loaded.ok());
    CHECK(loaded->public_key() == key.public_key());
    auto pub = parse_public_key(public_key_text(key.public_key(), "k-1"));
    REQUIRE(pub.ok());
    CHECK(*pub == key.public_key());
    CHECK(!parse_public_key("untrusted comment: x\nAAAA\n").ok());
    test::write_all(dir / "bad.key", as_bytes("garbage\n"));
    CHECK(!RequestKey::load(dir / "bad.key").ok());
}

TEST_CASE("messages round-trip and malformed ones are refused with the reason") {
    SubmissionUpload up;
    up.uuid = "0b3c6a7e-1f2d-4c3b-8a9e-112233445566";
    up.tracking_code = "ANR-7K3Q-9P";
    up.form_id = "f";
    up.form_version = 2;
    up.recipient_id = "etat-civil";
    up.created_at = 5;
    up.sealed_payload = {1, 2, 3, 0, 255};
    up.attachments.push_back({0, 10, {9, 9}, 58, std::string(64, 'a')});
    auto back = parse_submission_upload(to_json(up));
    REQUIRE(back.ok());
    CHECK(back->sealed_payload == up.sealed_payload);
    CHECK(back->attachments.at(0).sealed_length == 58);
    CHECK(is_uuid(up.uuid));
    CHECK(!is_uuid("0B3C6A7E-1F2D-4C3B-8A9E-112233445566"));
    CHECK(is_tracking_code("ANR-7K3Q-9P"));
    CHECK(!is_tracking_code("ANR-7K3Q9P"));
    auto bad = parse_submission_upload(R"({"uuid": 3})");
    REQUIRE(!bad.ok());
    CHECK(bad.error().message.find("malformed submission") != std::string::npos);
    CHECK(!parse_status_feed("[]").ok());
    CHECK(!parse_heartbeat("not json").ok());
    CHECK(is_status("pret_a_retirer"));
    CHECK(!is_status("accepted"));
    CHECK(status_label_fr("a_completer") == "À compléter");
}
