// The partner's paged inbox (protocol 1.4, docs/protocol.md §5.1): query
// parameters, the answer's JSON, and the hub's filters, order, paging and
// counts against an in-process hub; the schema 3 migration fills last_status;
// guichet-partner fetch reaches every démarche, page by page.
#include "hub/hub_server.hpp"
#include "partner/partner.hpp"
#include "protocol/envelope.hpp"
#include "protocol/messages.hpp"
#include "protocol/partner_inbox.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"
#include "transport/hub_client.hpp"

#include "crypto/box.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::test;
using namespace guichet::test::sync;

namespace {

Result<std::optional<InboxQuery>> parse(const std::map<std::string, std::string>& params) {
    return parse_inbox_query([&](const std::string& name) {
        auto it = params.find(name);
        return it == params.end() ? std::string() : it->second;
    });
}

}  // namespace

TEST_CASE("inbox query: no page is the old list, each parameter checked and named, parameters round-trip") {
    auto old = parse({{"all", "1"}});
    REQUIRE(old.ok());
    CHECK(!old->has_value());

    for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"page", "0"}, {"page", "x"}, {"per_page", "201"}, {"state", "old"}, {"status", "accepted"},
             {"form", "A B"}, {"code", "anr"}, {"code", "ANR-0000-00-XXXXX"}, {"from", "-1"}, {"order", "up"}}) {
        std::map<std::string, std::string> params{{"page", "1"}};
        params[name] = value;
        auto bad = parse(params);
        CHECK_MESSAGE(!bad.ok(), name, "=", value);
        if (!bad.ok()) CHECK(bad.error().message.starts_with(name + ":"));
    }

    InboxQuery q;
    q.page = 3;
    q.per_page = 50;
    q.acknowledged = false;
    q.status = "pret_a_retirer";
    q.form_id = "acte-naissance";
    q.code = "ANR-7K";
    q.received_from = 1'800'000'000;
    q.received_to = 1'800'086'399;
    q.newest_first = false;
    std::map<std::string, std::string> params;
    for (auto& [n, v] : inbox_query_params(q)) params[n] = v;
    CHECK(params.at("all") == "1");  // an older hub then answers with every démarche
    auto back = parse(params);
    REQUIRE(back.ok());
    REQUIRE(back->has_value());
    const InboxQuery& r = **back;
    CHECK(r.page == 3);
    CHECK(r.per_page == 50);
    CHECK(r.acknowledged == std::optional<bool>(false));
    CHECK(r.status == "pret_a_retirer");
    CHECK(r.form_id == "acte-naissance");
    CHECK(r.code == "ANR-7K");
    CHECK(r.received_from == q.received_from);
    CHECK(r.received_to == q.received_to);
    CHECK(!r.newest_first);
}

TEST_CASE("inbox page: JSON round trip, and a malformed page names its field") {
    InboxPage p;
    PartnerDemarche d;
    d.uuid = "0b3c6a7e-1f2d-4c3b-8a9e-112233445566";
    d.tracking_code = "ANR-7K3Q-9P";
    d.form_id = "f";
    d.form_version = 2;
    d.status = "en_cours";
    p.demarches.push_back(d);
    p.total = 41;
    p.page = 2;
    p.per_page = 20;
    p.count_new = 30;
    p.count_acknowledged = 11;
    p.forms = {"a", "f"};
    auto back = parse_inbox_page(to_json(p));
    REQUIRE(back.ok());
    CHECK(back->total == 41);
    CHECK(back->page == 2);
    CHECK(back->per_page == 20);
    CHECK(back->count_new == 30);
    CHECK(back->count_acknowledged == 11);
    CHECK(back->forms == std::vector<std::string>{"a", "f"});
    REQUIRE(back->demarches.size() == 1);
    CHECK(back->demarches[0].status == "en_cours");
    auto bad = parse_inbox_page(R"({"demarches": [], "total": 1, "page": 1, "per_page": 25, "forms": []})");
    REQUIRE(!bad.ok());
    CHECK(bad.error().message.find("counts") != std::string::npos);
}

TEST_CASE("inbox: the hub filters, sorts, pages and counts one service's démarches") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    auto kiosk_id = enroll_kiosk_directly(dir / "hub", dir / "kiosk", hub.url());
    auto kiosk_key = RequestKey::load(dir / "kiosk" / "sync-key");
    REQUIRE(kiosk_key.ok());
    auto partner = register_demo_partner(dir / "partner", dir / "hub", "etat-civil");
    auto other = register_demo_partner(dir / "other", dir / "hub", "urbanisme");
    auto client = [&](const std::string& id, const RequestKey& key) {
        auto c = HubClient::create(hub.url());
        REQUIRE(c.ok());
        c->set_identity({id, key});
        return std::move(*c);
    };
    auto k = client(kiosk_id, *kiosk_key);
    auto p = client(partner.id, partner.signing);
    auto o = client(other.id, other.signing);

    // 30 démarches for etat-civil (forms a and b alternately), 5 for urbanisme.
    std::vector<std::string> codes;
    for (int i = 0; i < 35; ++i) {
        SubmissionUpload up;
        char uuid[37];
        std::snprintf(uuid, sizeof uuid, "0b3c6a7e-1f2d-4c3b-8a9e-%012d", i);
        up.uuid = uuid;
        char code[12];
        std::snprintf(code, sizeof code, "ANR-%04d-%02d", i, i % 7);
        up.tracking_code = code;
        up.form_id = i < 30 ? (i % 2 ? "b" : "a") : "permis";
        up.form_version = 1;
        up.recipient_id = i < 30 ? "etat-civil" : "urbanisme";
        up.created_at = 1'800'000'000 + i;
        up.sealed_payload = Bytes(64, static_cast<std::uint8_t>(i));
        REQUIRE(sign_envelope(up, kiosk_id, *kiosk_key).ok());
        auto a = k.send("PUT", paths::demarche(up.uuid), {}, as_bytes(to_json(up)), "application/json",
                        {{kHeaderIdempotencyKey, up.uuid}});
        REQUIRE(a.ok());
        REQUIRE(a->status == 200);
        if (i < 30) codes.push_back(up.tracking_code);
    }
    // 10 acknowledged, 3 with a status.
    for (int i = 0; i < 10; ++i) {
        char uuid[37];
        std::snprintf(uuid, sizeof uuid, "0b3c6a7e-1f2d-4c3b-8a9e-%012d", i);
        REQUIRE(p.send("POST", paths::partner_ack(uuid))->status == 204);
    }
    for (int i : {2, 4, 6})
        REQUIRE(p.send("POST", std::string(paths::kPartnerStatuses), {},
                       as_bytes(to_json(StatusUpdate{codes[i], i == 6 ? "en_cours" : "pret_a_retirer", "", 0})),
                       "application/json")
                    ->status == 200);
    REQUIRE(p.send("POST", std::string(paths::kPartnerStatuses), {},
                   as_bytes(to_json(StatusUpdate{codes[6], "pret_a_retirer", "", 0})), "application/json")
                ->status == 200);

    auto page = [&](HubClient& c, InboxQuery q) {
        auto a = c.send("GET", std::string(paths::kPartnerDemarches), inbox_query_params(q));
        REQUIRE(a.ok());
        REQUIRE_MESSAGE(a->status == 200, a->body);
        auto parsed = parse_inbox_page(a->body);
        REQUIRE_MESSAGE(parsed.ok(), a->body);
        return std::move(*parsed);
    };
    auto codes_of = [](const InboxPage& pg) {
        std::vector<std::string> out;
        for (const auto& d : pg.demarches) out.push_back(d.tracking_code);
        return out;
    };

    InboxQuery q;
    q.per_page = 12;
    auto first = page(p, q);
    CHECK(first.total == 30);
    CHECK(first.count_new == 20);
    CHECK(first.count_acknowledged == 10);
    CHECK(first.forms == std::vector<std::string>{"a", "b"});
    REQUIRE(first.demarches.size() == 12);
    CHECK(first.demarches.front().tracking_code == codes[29]);  // newest first
    q.page = 3;
    auto third = page(p, q);
    REQUIRE(third.demarches.size() == 6);
    CHECK(third.demarches.back().tracking_code == codes[0]);
    q.page = 4;
    CHECK(page(p, q).demarches.empty());

    InboxQuery oldest;
    oldest.newest_first = false;
    oldest.per_page = 3;
    CHECK(codes_of(page(p, oldest)) == std::vector<std::string>{codes[0], codes[1], codes[2]});

    InboxQuery fresh;
    fresh.acknowledged = false;
    fresh.per_page = 200;
    CHECK(page(p, fresh).total == 20);
    InboxQuery ready;
    ready.status = "pret_a_retirer";
    auto r = page(p, ready);
    CHECK(r.total == 3);  // 6's latest status is pret_a_retirer too
    for (const auto& d : r.demarches) CHECK(d.status == "pret_a_retirer");
    InboxQuery none;
    none.status = "none";
    CHECK(page(p, none).total == 27);
    InboxQuery form_b;
    form_b.form_id = "b";
    form_b.acknowledged = true;
    CHECK(page(p, form_b).total == 5);
    InboxQuery by_code;
    by_code.code = "ANR-0012";
    CHECK(codes_of(page(p, by_code)) == std::vector<std::string>{codes[12]});
    InboxQuery window;
    window.received_from = 0;
    window.received_to = 1;
    CHECK(page(p, window).total == 0);  // received now, not in 1970

    // The other service sees its own five, and nothing of etat-civil's, even searched by code.
    InboxQuery mine;
    auto theirs = page(o, mine);
    CHECK(theirs.total == 5);
    CHECK(theirs.forms == std::vector<std::string>{"permis"});
    CHECK(theirs.count_new == 5);
    by_code.code = codes[3];
    CHECK(page(o, by_code).total == 0);

    // A malformed query is a 400 naming the parameter.
    auto bad = p.send("GET", std::string(paths::kPartnerDemarches), {{"page", "1"}, {"per_page", "5000"}});
    REQUIRE(bad.ok());
    CHECK(bad->status == 400);
    CHECK(bad->body.find("per_page") != std::string::npos);
    // Without a page, the list of §5 as before.
    auto list = parse_partner_list(p.send("GET", std::string(paths::kPartnerDemarches), {{"all", "1"}})->body);
    REQUIRE(list.ok());
    CHECK(list->size() == 30);
}

TEST_CASE("inbox: a version 2 hub database gets last_status from its statuses") {
    if (hub_on_postgres()) {
        MESSAGE("SQLite's migrations: not on PostgreSQL (its schema is made whole)");
        return;
    }
    TempDir dir;
    {
        InProcessHub hub(dir / "hub");
        auto kiosk_id = enroll_kiosk_directly(dir / "hub", dir / "kiosk", hub.url());
        auto db = open_hub_db(dir / "hub");
        REQUIRE(db.ok());
        REQUIRE(db->db()
                    .exec("INSERT INTO demarche (uuid, kiosk_id, tracking_code, form_id, form_version, recipient_id, "
                          "created_at, received_at, receipt, sealed_payload, attachment_count, complete) VALUES "
                          "('u1', '" + kiosk_id + "', 'ANR-0001-01', 'f', 1, 'etat-civil', 1, 1, 'h-1', x'00', 0, 1);"
                          "INSERT INTO status (tracking_code, kiosk_id, status, message, updated_at) VALUES "
                          "('ANR-0001-01', '" + kiosk_id + "', 'recu', '', 2), "
                          "('ANR-0001-01', '" + kiosk_id + "', 'termine', '', 3);"
                          "DROP TABLE invoice_attempt; DROP TABLE invoice_offer; DROP TABLE sealed_register; DROP TABLE visio_booking; DROP TABLE usage_day; DROP TABLE usage_counter; DROP TABLE staff_session; DROP TABLE staff_account;"
                          "DROP INDEX demarche_inbox; ALTER TABLE demarche DROP COLUMN last_status;"
                          "PRAGMA user_version = 2")
                    .ok());
    }
    auto db = open_hub_db(dir / "hub");
    REQUIRE(db.ok());
    CHECK(db->db().query_int("PRAGMA user_version").value() == hub::kHubSchemaVersion);
    CHECK(db->db().query_text("SELECT last_status FROM demarche WHERE uuid = 'u1'").value() == "termine");
}

TEST_CASE("inbox: guichet-partner fetch pages through every démarche, past one page") {
    TempDir dir;
    InProcessHub hub(dir / "hub");
    auto kiosk_id = enroll_kiosk_directly(dir / "hub", dir / "kiosk", hub.url());
    auto kiosk_key = RequestKey::load(dir / "kiosk" / "sync-key");
    REQUIRE(kiosk_key.ok());
    auto partner = register_demo_partner(dir / "partner", dir / "hub", "etat-civil");
    auto k = HubClient::create(hub.url());
    REQUIRE(k.ok());
    k->set_identity({kiosk_id, *kiosk_key});
    const int count = kInboxMaxPerPage + 5;  // two pages
    for (int i = 0; i < count; ++i) {
        SubmissionUpload up;
        char uuid[37];
        std::snprintf(uuid, sizeof uuid, "1b3c6a7e-1f2d-4c3b-8a9e-%012d", i);
        up.uuid = uuid;
        char code[12];
        std::snprintf(code, sizeof code, "ANR-%04d-AA", i);
        up.tracking_code = code;
        up.form_id = "f";
        up.form_version = 1;
        up.recipient_id = "etat-civil";
        up.created_at = 1'800'000'000 + i;
        auto sealed = crypto::seal(as_bytes(std::string(R"({"n":)") + std::to_string(i) + "}"), partner.box.public_key);
        REQUIRE(sealed.ok());
        up.sealed_payload = std::move(*sealed);
        REQUIRE(sign_envelope(up, kiosk_id, *kiosk_key).ok());
        auto a = k->send("PUT", paths::demarche(up.uuid), {}, as_bytes(to_json(up)), "application/json",
                         {{kHeaderIdempotencyKey, up.uuid}});
        REQUIRE(a.ok());
        REQUIRE(a->status == 200);
    }
    auto p = HubClient::create(hub.url());
    REQUIRE(p.ok());
    p->set_identity({partner.id, partner.signing});
    partner::PartnerIdentity me{partner.id, std::move(partner.box), std::move(partner.signing)};
    auto first = partner::fetch(*p, me, {dir / "received", false, true, false});
    REQUIRE_MESSAGE(first.ok(), (first.ok() ? "" : first.error().message));
    CHECK(first->size() == static_cast<std::size_t>(count));
    CHECK(std::filesystem::exists(dir / "received" / "1b3c6a7e-1f2d-4c3b-8a9e-000000000204" / "demarche.json"));
    // All acknowledged: nothing new, and --all lists every one again.
    auto again = partner::fetch(*p, me, {dir / "received", false, false, false});
    REQUIRE(again.ok());
    CHECK(again->empty());
    auto all = partner::fetch(*p, me, {dir / "received", true, false, false});
    REQUIRE(all.ok());
    CHECK(all->size() == static_cast<std::size_t>(count));
}
