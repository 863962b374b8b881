// A publication prepared on the staff PC and uploaded from the staff pages
// (docs/staff-pages.md §5, sync/hub/repo_upload.hpp): accepted only whole and
// verified, then served to kiosks; refused with a French reason otherwise.
#include "crypto/base64.hpp"
#include "index.hpp"
#include "protocol/routes.hpp"
#include "repo_fixture.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace guichet;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string text_of(const fs::path& p) {
    return test::to_string(test::read_all(p));
}

// The body the staff page sends: the PC repository's index and the named files.
std::string upload_body(const fs::path& pc_repo, const std::vector<std::string>& paths) {
    json files = json::object();
    for (const auto& p : paths) files[fs::path(p).filename().string()] = crypto::base64_encode(test::read_all(pc_repo / p));
    return json{{"index", text_of(pc_repo / "index.gpi")}, {"files", files}}.dump();
}

}  // namespace

TEST_CASE("staff upload a publication made on their PC: the hub checks it whole, serves it, and refuses anything else") {
    test::RepoFixture f;  // f.repo is the staff PC's repository
    const fs::path hub_data = f.dir / "hub";
    test::write_all(f.dir / "staff.pub", as_bytes(f.key.public_key().to_file_text()));
    auto hub = test::sync::start_hub(hub_data, {"--pack-key", (f.dir / "staff.pub").string()});
    const auto login = test::sync::staff_admin(hub_data, hub.url);
    auto upload = [&](const std::string& body) {
        return test::sync::staff_call(hub.url, login, "POST", sync::paths::kStaffPacks, body);
    };

    REQUIRE(f.publish(f.build(1), "--expires 366") == 0);
    auto first = upload(upload_body(f.repo, {repo::pack_path("test", 1)}));
    REQUIRE_MESSAGE(first.status == 200, first.body);
    CHECK(test::read_all(hub_data / "repo/index.gpi") == test::read_all(f.repo / "index.gpi"));
    CHECK(test::read_all(hub_data / "repo" / repo::pack_path("test", 1)) == test::read_all(f.repo / repo::pack_path("test", 1)));

    // Version 2 with its delta; the hub already holds version 1, the delta's base.
    REQUIRE(f.publish(f.build(2), "--expires 366") == 0);
    const auto v2 = repo::pack_path("test", 2), delta = repo::delta_path("test", 1, 2);
    REQUIRE(fs::exists(f.repo / delta));
    // Missing the delta the index lists: nothing written.
    auto missing = upload(upload_body(f.repo, {v2}));
    CHECK(missing.status == 422);
    CHECK(missing.body.find("Il manque « test-1-to-2.gpd »") != std::string::npos);
    CHECK_FALSE(fs::exists(hub_data / "repo" / v2));
    // A pack tampered after signing: refused by its hash.
    {
        auto body = json::parse(upload_body(f.repo, {v2, delta}));
        auto bytes = crypto::base64_decode(body["files"]["test-2.gpk"].get<std::string>()).value();
        bytes[bytes.size() / 2] ^= 1;
        body["files"]["test-2.gpk"] = crypto::base64_encode(bytes);
        auto tampered = upload(body.dump());
        CHECK(tampered.status == 422);
        CHECK(tampered.body.find("ne correspond pas à l’index") != std::string::npos);
    }
    // A file the index does not list.
    auto extra = json::parse(upload_body(f.repo, {v2, delta}));
    extra["files"]["autre.gpk"] = crypto::base64_encode(as_bytes(std::string_view("x")));
    CHECK(upload(extra.dump()).status == 422);
    CHECK(test::read_all(hub_data / "repo/index.gpi") != test::read_all(f.repo / "index.gpi"));  // still version 1

    auto second = upload(upload_body(f.repo, {v2, delta}));
    REQUIRE_MESSAGE(second.status == 200, second.body);
    CHECK(json::parse(second.body)["index_version"] == 2);
    CHECK(test::read_all(hub_data / "repo/index.gpi") == test::read_all(f.repo / "index.gpi"));
    CHECK(test::read_all(hub_data / "repo" / delta) == test::read_all(f.repo / delta));

    // The same index again, or an index signed by another key: refused.
    auto again = upload(upload_body(f.repo, {v2, delta}));
    CHECK(again.status == 422);
    CHECK(again.body.find("pas plus récent") != std::string::npos);
    test::RepoFixture other;
    REQUIRE(other.publish(other.build(3), "--expires 366") == 0);
    auto foreign = upload(upload_body(other.repo, {repo::pack_path("test", 3)}));
    CHECK(foreign.status == 422);
    CHECK(foreign.body.find("pas signé par la clé des packs") != std::string::npos);

    // The staff page lists what the kiosks now get.
    auto listed = json::parse(test::sync::staff_call(hub.url, login, "GET", sync::paths::kStaffPacks).body);
    CHECK(listed["index"]["version"] == 2);
    CHECK(listed["packs"][0]["version"] == 2);
    CHECK(listed["packs"][0]["deltas"][0]["from"] == 1);
}
