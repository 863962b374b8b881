// Routes and header names (protocol/routes.hpp, docs/protocol.md): the bytes
// each path has on the wire, and every path a client builds is one the hub's
// pattern for that route accepts, with the captures it reads.
#include "protocol/routes.hpp"

#include <doctest/doctest.h>

#include <regex>
#include <string>

using namespace guichet::sync;

namespace {

const std::string kUuid = "0b3c6a7e-1f2d-4c3b-8a9e-112233445566";

// The captures of PATTERN over PATH (the router's whole-path match), or none.
std::smatch match(const std::string& pattern, const std::string& path) {
    static std::string kept;  // smatch points into the string it matched
    kept = path;
    std::smatch m;
    std::regex_match(kept, m, std::regex(pattern));
    return m;
}

}  // namespace

TEST_CASE("routes: the paths on the wire are those of protocol v1") {
    CHECK(paths::kPing == "/v1/ping");
    CHECK(paths::kEnroll == "/v1/enroll");
    CHECK(paths::kKioskStatuses == "/v1/kiosk/statuses");
    CHECK(paths::kKioskHeartbeat == "/v1/kiosk/heartbeat");
    CHECK(paths::kPartnerDemarches == "/v1/partner/demarches");
    CHECK(paths::kPartnerStatuses == "/v1/partner/statuses");
    CHECK(paths::demarche(kUuid) == "/v1/demarches/" + kUuid);
    CHECK(paths::attachment(kUuid, 3) == "/v1/demarches/" + kUuid + "/attachments/3");
    CHECK(paths::feed("jobs") == "/v1/kiosk/feeds/jobs");
    CHECK(paths::repo_file("packs/anor/anor-3.gpk") == "/v1/repo/packs/anor/anor-3.gpk");
    CHECK(paths::partner_demarche(kUuid) == "/v1/partner/demarches/" + kUuid);
    CHECK(paths::partner_attachment(kUuid, 0) == "/v1/partner/demarches/" + kUuid + "/attachments/0");
    CHECK(paths::partner_ack(kUuid) == "/v1/partner/demarches/" + kUuid + "/ack");
    CHECK(std::string(kHeaderUploadOffset) == "Upload-Offset");
    CHECK(std::string(kHeaderUploadLength) == "Upload-Length");
    CHECK(std::string(kHeaderUploadChecksum) == "Upload-Checksum");
    CHECK(std::string(kHeaderUploadComplete) == "Upload-Complete");
    CHECK(std::string(kHeaderIdempotentReplay) == "Idempotent-Replay");
    CHECK(upload_checksum("ab12") == "blake2b-256 ab12");
}

TEST_CASE("routes: what a client builds, the hub's pattern accepts, with its captures") {
    auto m = match(patterns::demarche(), paths::demarche(kUuid));
    REQUIRE(m.size() == 2);
    CHECK(m[1] == kUuid);
    m = match(patterns::attachment(), paths::attachment(kUuid, 19));
    REQUIRE(m.size() == 3);
    CHECK(m[1] == kUuid);
    CHECK(m[2] == "19");
    m = match(patterns::feed(), paths::feed("events"));
    REQUIRE(m.size() == 2);
    CHECK(m[1] == "events");
    m = match(patterns::repo_file(), paths::repo_file("index.gpi"));
    REQUIRE(m.size() == 2);
    CHECK(m[1] == "index.gpi");
    m = match(patterns::partner_demarche(), paths::partner_demarche(kUuid));
    REQUIRE(m.size() == 2);
    CHECK(m[1] == kUuid);
    m = match(patterns::partner_attachment(), paths::partner_attachment(kUuid, 0));
    REQUIRE(m.size() == 3);
    CHECK(m[2] == "0");
    m = match(patterns::partner_ack(), paths::partner_ack(kUuid));
    REQUIRE(m.size() == 2);
    CHECK(m[1] == kUuid);
}

TEST_CASE("routes: the hub's patterns refuse what is not the route") {
    CHECK(match(patterns::demarche(), paths::demarche("0B3C6A7E-1F2D-4C3B-8A9E-112233445566")).empty());
    CHECK(match(patterns::demarche(), paths::demarche(kUuid) + "/").empty());
    CHECK(match(patterns::attachment(), paths::attachment(kUuid, 100)).empty());
    CHECK(match(patterns::feed(), paths::feed("Jobs")).empty());
    CHECK(match(patterns::feed(), paths::feed("")).empty());
    CHECK(match(patterns::partner_ack(), paths::partner_demarche(kUuid)).empty());
    CHECK(match(patterns::partner_demarche(), paths::demarche(kUuid)).empty());
}
