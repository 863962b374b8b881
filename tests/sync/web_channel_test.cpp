// The web channel (protocol 1.12, docs/protocol.md §11): démarches sealed in
// a resident's browser, sent unsigned; the hub checks the form, limits the
// rate and the size, signs the envelope with the channel's own key, and the
// service opens the démarche exactly as a kiosk's.
#include "common/file.hpp"
#include "crypto/box.hpp"
#include "partner/partner.hpp"
#include "protocol/answers.hpp"
#include "protocol/auth.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
    std::string text = read_text(p);
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    text.replace(at, from.size(), to);
    std::ofstream(p) << text;
}

// guichet-pack new's template (form contact-mairie v1 for "accueil-mairie"),
// signed and put in the hub's repository as `guichet-pack publish` names it.
void publish_template(const fs::path& work, const fs::path& repo) {
    const fs::path src = work / "src";
    std::string out;
    REQUIRE_MESSAGE(run_command(std::string(GUICHET_PACK_TOOL) + " new " + src.string() + " 2>&1", &out) == 0, out);
    REQUIRE_MESSAGE(run_command(std::string(GUICHET_PACK_TOOL) + " keygen -o " + (work / "staff").string() + " 2>&1", &out) == 0, out);
    replace_in(src / "pack.yaml", "  - id: accueil\n", "  - id: accueil-mairie\n");
    replace_in(src / "forms" / "contact-mairie.yaml", "recipient: accueil ", "recipient: accueil-mairie ");
    const fs::path dir = repo / "packs" / "ma-commune";
    fs::create_directories(dir);
    REQUIRE_MESSAGE(run_command(std::string(GUICHET_PACK_TOOL) + " build " + src.string() + " --key " +
                                    (work / "staff.key").string() + " -o " + (dir / "ma-commune-1.gpk").string() +
                                    " -q 2>&1",
                                &out) == 0,
                    out);
}

// What the site's page sends: the kiosk's body, sealed for the service, unsigned.
SubmissionUpload web_upload(const std::string& uuid, const crypto::BoxPublicKey& to, const std::string& payload) {
    SubmissionUpload up;
    up.uuid = uuid;
    up.tracking_code = "ANR-7K3Q-9P";
    up.form_id = "contact-mairie";
    up.form_version = 1;
    up.recipient_id = "accueil-mairie";
    up.created_at = 1'800'000'000;
    auto sealed = crypto::seal(as_bytes(payload), to);
    REQUIRE(sealed.ok());
    up.sealed_payload = std::move(*sealed);
    return up;
}

struct Answer {
    int status = 0;
    std::string error, message, body;
    bool replay = false;
};

Answer put(HubClient& c, const std::string& uuid, const std::string& body) {
    auto a = c.send("PUT", paths::web_demarche(uuid), {}, as_bytes(body), "application/json",
                    {{kHeaderIdempotencyKey, uuid}});
    REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message));
    Answer out{a->status, {}, {}, a->body, a->header(kHeaderIdempotentReplay) == "true"};
    if (auto e = parse_error_body(a->body); e.ok()) out.error = e->error, out.message = e->message;
    return out;
}

HubClient anonymous(const std::string& url) {
    auto c = HubClient::create(url);
    REQUIRE(c.ok());
    return std::move(*c);
}

const std::string kUuid = "2b3c6a7e-1f2d-4c3b-8a9e-112233445566";
const std::string kPayload = R"({"form_id":"contact-mairie","answers":{"nom":"Léa Martin","objet":"Un banc cassé"}})";

}  // namespace

TEST_CASE("web channel: off by default, a 403 that says so in French") {
    TempDir dir;
    auto partner = register_demo_partner(dir / "accueil", dir / "hub", "accueil-mairie");
    auto hub = start_hub(dir / "hub");
    auto c = anonymous(hub.url);
    const auto a = put(c, kUuid, to_json(web_upload(kUuid, partner.box.public_key, kPayload)));
    CHECK(a.status == 403);
    CHECK(a.error == "web-channel-off");
    CHECK(a.message.find("Le dépôt de démarches en ligne est fermé") != std::string::npos);
}

TEST_CASE("web channel: accepted once, resent gets the same answer, and the service opens it like a kiosk's") {
    TempDir dir;
    publish_template(dir / "work", dir / "hub" / "repo");
    auto partner = register_demo_partner(dir / "accueil", dir / "hub", "accueil-mairie");
    auto hub = start_hub(dir / "hub", {"--web-channel", "web-test", "--web-rate-per-address", "6"});
    auto c = anonymous(hub.url);
    const auto up = web_upload(kUuid, partner.box.public_key, kPayload);

    const auto first = put(c, kUuid, to_json(up));
    REQUIRE_MESSAGE(first.status == 200, first.body);
    auto receipt = parse_submission_receipt(first.body);
    REQUIRE(receipt.ok());
    CHECK(receipt->uuid == kUuid);
    CHECK(!first.replay);
    // A lost answer: the browser sends the same body again, and gets the same answer.
    const auto again = put(c, kUuid, to_json(up));
    CHECK(again.status == 200);
    CHECK(again.body == first.body);
    CHECK(again.replay);
    // Another body under the same UUID cannot replace the resident's démarche.
    const auto other = put(c, kUuid, to_json(web_upload(kUuid, partner.box.public_key, R"({"x":1})")));
    CHECK(other.status == 422);
    CHECK(other.error == "idempotency-mismatch");

    // Another démarche cannot take a tracking code already held.
    const std::string second = "4b3c6a7e-1f2d-4c3b-8a9e-112233445566";
    const auto copied_code = put(c, second, to_json(web_upload(second, partner.box.public_key, R"({"y":2})")));
    CHECK(copied_code.status == 409);
    CHECK(copied_code.error == "tracking-code-taken");

    // The service lists, verifies and opens it as it does a kiosk's.
    auto p = HubClient::create(hub.url);
    REQUIRE(p.ok());
    p->set_identity({partner.id, partner.signing});
    partner::PartnerIdentity me{partner.id, std::move(partner.box), std::move(partner.signing)};
    auto fetched = partner::fetch(*p, me, {dir / "received", false, true, false});
    REQUIRE_MESSAGE(fetched.ok(), (fetched.ok() ? "" : fetched.error().message));
    REQUIRE(fetched->size() == 1);
    CHECK(read_text(dir / "received" / kUuid / "demarche.json") == kPayload);
    const auto info = nlohmann::json::parse(read_text(dir / "received" / kUuid / "info.json"), nullptr, false);
    CHECK(info.dump().find("web-test") != std::string::npos);
    CHECK(info.dump().find("ANR-7K3Q-9P") != std::string::npos);
}

TEST_CASE("web channel: refuses a form the hub does not publish, a signed body, a body too big, and too many requests") {
    TempDir dir;
    publish_template(dir / "work", dir / "hub" / "repo");
    auto partner = register_demo_partner(dir / "accueil", dir / "hub", "accueil-mairie");
    auto hub = start_hub(dir / "hub", {"--web-channel", "web-test", "--web-rate-per-address", "3"});
    auto c = anonymous(hub.url);

    // Too big: refused by the body limit before the route (so not counted by the rate).
    const auto big = put(c, kUuid, std::string(300 << 10, ' '));
    CHECK(big.status == 413);

    auto unknown = web_upload(kUuid, partner.box.public_key, kPayload);
    unknown.form_id = "permis-de-construire";
    const auto u = put(c, kUuid, to_json(unknown));
    CHECK(u.status == 422);
    CHECK(u.error == "unknown-form");
    CHECK(u.message.find("formulaire") != std::string::npos);
    auto wrong_recipient = web_upload(kUuid, partner.box.public_key, kPayload);
    wrong_recipient.recipient_id = "etat-civil";  // the form exists, for another service
    CHECK(put(c, kUuid, to_json(wrong_recipient)).error == "unknown-form");

    // Per address: 3 a minute. Two windows at most if the minute turns meanwhile.
    int sent = 2, refused_at = 0;
    while (sent < 7 && !refused_at) {
        ++sent;
        const auto a = put(c, kUuid, to_json(unknown));
        if (a.status == 429) {
            refused_at = sent;
            CHECK(a.error == "rate-limited");
            CHECK(a.message.find("réessayez dans une minute") != std::string::npos);
        } else {
            CHECK(a.status == 422);
        }
    }
    CHECK(refused_at >= 4);
    CHECK(refused_at <= 7);
}

TEST_CASE("web channel: a body the browser signed, or with attachments, is refused, and a revoked channel is off") {
    TempDir dir;
    publish_template(dir / "work", dir / "hub" / "repo");
    auto partner = register_demo_partner(dir / "accueil", dir / "hub", "accueil-mairie");
    auto hub = start_hub(dir / "hub", {"--web-channel", "web-test"});
    auto c = anonymous(hub.url);
    auto signed_up = web_upload(kUuid, partner.box.public_key, kPayload);
    REQUIRE(sign_envelope(signed_up, "web-test", RequestKey::generate()).ok());
    CHECK(put(c, kUuid, to_json(signed_up)).status == 400);
    auto with_file = web_upload(kUuid, partner.box.public_key, kPayload);
    with_file.attachments.push_back({0, 10, Bytes(48, 1), 58, std::string(64, 'a')});
    CHECK(put(c, kUuid, to_json(with_file)).error == "web-attachments-unsupported");
    // Staff revoke the channel like a kiosk: it is off, whatever the hub's options.
    std::string out;
    REQUIRE_MESSAGE(run_command(std::string(GUICHET_HUB_TOOL) + " revoke --data " + (dir / "hub").string() +
                                    " web-test 2>&1", &out) == 0, out);
    const auto revoked = put(c, kUuid, to_json(web_upload(kUuid, partner.box.public_key, kPayload)));
    CHECK(revoked.status == 403);
    CHECK(revoked.error == "web-channel-off");
    // The UUID of the path must be the key's and the body's.
    CHECK(put(c, "3b3c6a7e-1f2d-4c3b-8a9e-112233445566", to_json(web_upload(kUuid, partner.box.public_key, kPayload)))
              .status == 400);
}
