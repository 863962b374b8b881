// The service's sealed register (protocol 1.9, docs/protocol.md §5.3): the hub
// keeps one opaque document per service and refuses a write based on a version
// that is no longer the current one, so two agents never overwrite each other.
#include "common/file.hpp"
#include "crypto/base64.hpp"
#include "hub/hub_db.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;
using nlohmann::json;

namespace {

HubClient signed_client(const std::string& url, const DemoPartner& p) {
    auto c = HubClient::create(url);
    REQUIRE(c.ok());
    c->set_identity({p.id, p.signing});
    return std::move(*c);
}

std::pair<int, json> call(HubClient& c, const std::string& method, const json& body = nullptr) {
    const std::string text = body.is_null() ? "" : body.dump();
    auto a = c.send(method, std::string(paths::kPartnerRegister), {}, as_bytes(std::string_view(text)),
                    body.is_null() ? "" : "application/json");
    REQUIRE(a.ok());
    return {a->status, json::parse(a->body, nullptr, false)};
}

std::string sealed_of(char fill, std::size_t n = 64) {
    Bytes b(n, static_cast<std::uint8_t>(fill));
    return crypto::base64_encode(b);
}

}  // namespace

TEST_CASE("register route: versions serialise two agents, each service has its own, the bytes come back unchanged") {
    TempDir dir;
    auto regie = register_demo_partner(dir / "regie", dir / "hub", "regie");
    auto other = register_demo_partner(dir / "etat-civil", dir / "hub", "etat-civil");
    auto hub = start_hub(dir / "hub");
    auto agent_a = signed_client(hub.url, regie);
    auto agent_b = signed_client(hub.url, regie);

    auto [none, none_body] = call(agent_a, "GET");
    CHECK(none == 404);

    // First save: base 0 (nothing yet).
    auto [first, first_body] = call(agent_a, "PUT", {{"base", 0}, {"sealed", sealed_of('a')}});
    REQUIRE(first == 200);
    CHECK(first_body["version"] == 1);

    // Both agents read version 1; A saves version 2; B, still on 1, is refused and told the current version.
    auto [read_b, body_b] = call(agent_b, "GET");
    REQUIRE(read_b == 200);
    CHECK(body_b["version"] == 1);
    CHECK(body_b["sealed"] == sealed_of('a'));
    auto [saved_a, saved_a_body] = call(agent_a, "PUT", {{"base", 1}, {"sealed", sealed_of('b')}});
    REQUIRE(saved_a == 200);
    CHECK(saved_a_body["version"] == 2);
    auto [conflict, conflict_body] = call(agent_b, "PUT", {{"base", 1}, {"sealed", sealed_of('c')}});
    CHECK(conflict == 412);
    CHECK(conflict_body["error"] == "version-conflict");
    CHECK(conflict_body["version"] == 2);
    auto [after, after_body] = call(agent_b, "GET");
    CHECK(after_body["sealed"] == sealed_of('b'));  // A's document, not lost

    // Another service sees nothing of the régie's, and its versions are its own.
    auto civil = signed_client(hub.url, other);
    CHECK(call(civil, "GET").first == 404);
    CHECK(call(civil, "PUT", {{"base", 0}, {"sealed", sealed_of('z')}}).first == 200);
    CHECK(call(agent_a, "GET").second["sealed"] == sealed_of('b'));

    // Malformed: no base, a body too short to be a secretbox, not base64.
    CHECK(call(agent_a, "PUT", {{"sealed", sealed_of('d')}}).first == 400);
    CHECK(call(agent_a, "PUT", {{"base", 2}, {"sealed", sealed_of('d', 10)}}).first == 400);
    CHECK(call(agent_a, "PUT", {{"base", 2}, {"sealed", "***"}}).first == 400);
    CHECK(call(agent_a, "GET").second["version"] == 2);

    // A register of some years (2 MiB sealed): above the hub's default body limit, within the route's.
    auto [big, big_body] = call(agent_a, "PUT", {{"base", 2}, {"sealed", sealed_of('e', 2u << 20)}});
    REQUIRE(big == 200);
    CHECK(call(agent_b, "GET").second["sealed"] == sealed_of('e', 2u << 20));
    auto [back, back_body] = call(agent_a, "PUT", {{"base", 3}, {"sealed", sealed_of('b')}});
    REQUIRE(back == 200);

    // Unsigned: refused like every partner route.
    auto anonymous = HubClient::create(hub.url);
    REQUIRE(anonymous.ok());
    auto refused = anonymous->send("GET", std::string(paths::kPartnerRegister));
    REQUIRE(refused.ok());
    CHECK(refused->status == 401);

    // In the hub's store (SQLite or PostgreSQL): the bytes as sent, and their version.
    auto db = open_hub_db(dir / "hub");
    REQUIRE(db.ok());
    auto row = db->db().prepare("SELECT version, sealed FROM sealed_register WHERE partner_id = 'regie'");
    REQUIRE(row.ok());
    REQUIRE(row->step().value());
    CHECK(row->column_int64(0) == 4);
    CHECK(row->column_blob(1) == Bytes(64, 'b'));
    CHECK_FALSE(std::filesystem::exists(dir / "hub" / "registers"));
}

TEST_CASE("register route: the files of a hub before schema 7 move into the store once, versions kept") {
    TempDir dir;
    auto regie = register_demo_partner(dir / "regie", dir / "hub", "regie");
    // What an older hub left: DATA/registers/<service>.sealed, a header line then the sealed bytes.
    std::filesystem::create_directories(dir / "hub" / "registers");
    write_all(dir / "hub" / "registers" / "regie.sealed",
              as_bytes(std::string_view("guichet-register 1 7\n" + std::string(48, 'o'))));
    {
        auto hub = start_hub(dir / "hub");
        auto agent = signed_client(hub.url, regie);
        auto [got, body] = call(agent, "GET");
        REQUIRE(got == 200);
        CHECK(body["version"] == 7);
        CHECK(body["sealed"] == sealed_of('o', 48));
        auto [saved, saved_body] = call(agent, "PUT", {{"base", 7}, {"sealed", sealed_of('n')}});
        CHECK(saved == 200);
        CHECK(saved_body["version"] == 8);
    }
    CHECK_FALSE(std::filesystem::exists(dir / "hub" / "registers"));
    CHECK(std::filesystem::exists(dir / "hub" / "registers.imported" / "regie.sealed"));
    // A second start imports nothing again: the newer version stays.
    auto hub = start_hub(dir / "hub");
    auto agent = signed_client(hub.url, regie);
    CHECK(call(agent, "GET").second["version"] == 8);
}
