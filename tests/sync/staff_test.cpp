// Town-hall staff accounts, sessions and the staff API (docs/staff-pages.md):
// lockout, session limits, CSRF, roles, and what each page's actions do.
#include "feeds/feed.hpp"
#include "feeds/feed_publish.hpp"
#include "hub/hub_db.hpp"
#include "hub/hub_server.hpp"
#include "hub/kiosk_health.hpp"
#include "hub/staff_accounts.hpp"
#include "protocol/routes.hpp"
#include "sync_test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <ctime>

using namespace guichet;
using namespace guichet::sync;
using namespace guichet::sync::hub;
using namespace guichet::test;
using namespace guichet::test::sync;
using nlohmann::json;

namespace {

struct Accounts {
    TempDir dir;
    HubDb db = open_hub_db(dir / "hub").value();
    StaffAccounts accounts{db.db()};
    StaffPolicy policy;

    StaffAccount add(const std::string& name, StaffRole role = StaffRole::staff) {
        REQUIRE(accounts.add(name, hash_password(kStaffPassword).value(), role, 1000).ok());
        return accounts.find(name).value().value();
    }
};

std::string sign_in_body(const std::string& name, const std::string& password) {
    return json{{"name", name}, {"password", password}}.dump();
}

HttpAnswer post_anonymous(const std::string& url, std::string_view path, const std::string& body) {
    auto c = HubClient::create(url);
    REQUIRE(c.ok());
    auto a = c->send("POST", path, {}, as_bytes(body), "application/json");
    REQUIRE(a.ok());
    return *a;
}

}  // namespace

TEST_CASE("staff accounts: passwords are Argon2id strings and the rules refuse short, repeated or name-bearing ones") {
    auto hash = hash_password("correct horse battery staple");
    REQUIRE(hash.ok());
    CHECK(hash->starts_with("$argon2id$"));
    CHECK(password_matches(*hash, "correct horse battery staple"));
    CHECK_FALSE(password_matches(*hash, "correct horse battery stapl"));
    const StaffPolicy policy;
    CHECK(weak_password("court", "marie", policy).has_value());
    CHECK(weak_password("ééééééééééé", "marie", policy).has_value());    // 11 characters, though 22 bytes
    CHECK(weak_password("aaaaaaaaaaaaaaaa", "marie", policy).has_value());  // one character repeated
    CHECK(weak_password("Marie-de-la-mairie-59", "marie", policy).has_value());
    CHECK_FALSE(weak_password("la mairie d’Anor, 1er étage", "marie", policy).has_value());
    CHECK(is_account_name("m.dupont"));
    CHECK_FALSE(is_account_name("M.Dupont"));
    CHECK_FALSE(is_account_name("1dupont"));
    CHECK_FALSE(is_account_name("dupont;drop"));
}

TEST_CASE("staff accounts: five wrong passwords lock the account, each further one doubles the lock, success resets") {
    Accounts a;
    a.add("marie");
    for (int i = 0; i < 4; ++i) REQUIRE(a.accounts.record_failure("marie", 2000, a.policy).ok());
    CHECK(a.accounts.find("marie").value()->locked_until == 0);
    REQUIRE(a.accounts.record_failure("marie", 2000, a.policy).ok());
    CHECK(a.accounts.find("marie").value()->locked_until == 2060);
    REQUIRE(a.accounts.record_failure("marie", 2100, a.policy).ok());
    CHECK(a.accounts.find("marie").value()->locked_until == 2220);
    for (int i = 0; i < 10; ++i) REQUIRE(a.accounts.record_failure("marie", 3000, a.policy).ok());
    CHECK(a.accounts.find("marie").value()->locked_until == 3000 + a.policy.max_lock_seconds);
    REQUIRE(a.accounts.record_success("marie").ok());
    CHECK(a.accounts.find("marie").value()->locked_until == 0);
    CHECK(a.accounts.find("marie").value()->failed_logins == 0);
}

TEST_CASE("staff sessions: idle and working-day limits, disabled accounts and new passwords end them") {
    Accounts a;
    const auto marie = a.add("marie", StaffRole::admin);
    auto s = a.accounts.open_session(marie, 10'000, a.policy);
    REQUIRE(s.ok());
    // The database keeps the token's hash only.
    auto raw = a.db.db().prepare("SELECT count(*) FROM staff_session WHERE token_hash = ?1");
    REQUIRE(raw.ok());
    raw->bind(1, as_bytes(s->token));
    REQUIRE(raw->step().value());
    CHECK(raw->column_int64(0) == 0);

    auto found = a.accounts.find_session(s->token, 10'000 + a.policy.idle_seconds - 1, a.policy);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->role == StaffRole::admin);
    CHECK((*found)->csrf == s->session.csrf);
    // That use moved the idle limit on; one idle period later without use, it is over.
    const auto last = 10'000 + a.policy.idle_seconds - 1;
    CHECK(a.accounts.find_session(s->token, last + a.policy.idle_seconds - 1, a.policy).value().has_value());
    CHECK_FALSE(a.accounts.find_session(s->token, last + 3 * a.policy.idle_seconds, a.policy).value().has_value());

    // However active, a session ends after a working day.
    auto day = a.accounts.open_session(marie, 50'000, a.policy).value();
    std::int64_t t = 50'000;
    for (; t < 50'000 + a.policy.absolute_seconds; t += 600)
        REQUIRE(a.accounts.find_session(day.token, t, a.policy).value().has_value());
    CHECK_FALSE(a.accounts.find_session(day.token, t + 600, a.policy).value().has_value());

    auto again = a.accounts.open_session(marie, 100'000, a.policy).value();
    REQUIRE(a.accounts.set_disabled("marie", true, 100'001).value());
    CHECK_FALSE(a.accounts.find_session(again.token, 100'002, a.policy).value().has_value());
    REQUIRE(a.accounts.set_disabled("marie", false, 100'003).value());
    auto fresh = a.accounts.open_session(marie, 100'004, a.policy).value();
    REQUIRE(a.accounts.set_password("marie", hash_password("un autre mot de passe bien long").value()).value());
    CHECK_FALSE(a.accounts.find_session(fresh.token, 100'005, a.policy).value().has_value());
    CHECK_FALSE(a.accounts.find_session("not a token", 100'005, a.policy).value().has_value());
}

TEST_CASE("kiosk problems: silence, an old queue, a full disk, an outdated or failing pack, and none once revoked") {
    KioskHealth k{"k-01", "Hall", false, 0, std::nullopt, std::nullopt};
    auto codes = [&](std::int64_t now, const std::map<std::string, std::uint64_t>& published) {
        std::vector<std::string> out;
        for (const auto& p : kiosk_problems(k, now, published)) out.push_back(p.code);
        return out;
    };
    CHECK(codes(100, {}) == std::vector<std::string>{"no-heartbeat"});
    Heartbeat b;
    b.free_disk_bytes = 8ull << 30;
    b.packs = {{"anor", 3, std::nullopt}};
    k.beat = b;
    k.beat_at = 100'000;
    CHECK(codes(100'000 + 60, {{"anor", 3}}).empty());
    CHECK(codes(100'000 + kSilentKioskSeconds + 1, {{"anor", 3}}) == std::vector<std::string>{"no-heartbeat"});
    CHECK(codes(100'060, {{"anor", 4}}) == std::vector<std::string>{"pack-outdated"});
    CHECK(kiosk_problems(k, 100'060, {{"anor", 4}})[0].text == "Pack « anor » : v3 sur la borne, v4 publiée");
    k.beat->oldest_queued = 100'000 - kOldQueueSeconds - 10;
    k.beat->free_disk_bytes = 200ull << 20;
    k.beat->pack_problems = {{"anor", 4, 3, 0, "content does not match"}};
    CHECK(codes(100'060, {{"anor", 3}}) == std::vector<std::string>{"old-queue", "disk-low", "pack-failing"});
    CHECK(kiosk_problems(k, 100'060, {})[1].text == "Disque presque plein : 200 Mio libres");
    k.revoked = true;
    CHECK(codes(100'060, {{"anor", 4}}).empty());
    // The web channel (protocol §11) is no machine: it never beats, and is never "silent".
    KioskHealth site{"web-anor", "Site web", false, 0, std::nullopt, std::nullopt};
    CHECK(kiosk_problems(site, 100'000, {{"anor", 4}}).empty());
    CHECK(!is_web_channel_id("k-0011aabb"));
    CHECK(!is_web_channel_id("web-"));
    CHECK(!is_web_channel_id("web-Anor"));
}

TEST_CASE("staff sign-in: a __Host- cookie, Secure, HttpOnly, SameSite=Strict, then wrong passwords lock and sign-out ends it") {
    TempDir dir;
    auto hub = start_hub(dir / "hub");
    add_staff_account(dir / "hub", "marie", "staff");
    auto ok = post_anonymous(hub.url, paths::kStaffSession, sign_in_body("marie", kStaffPassword));
    REQUIRE(ok.status == 200);
    const auto cookie = ok.header("Set-Cookie");
    CHECK(cookie.starts_with("__Host-guichet-session="));
    CHECK(cookie.find("; Path=/; Secure; HttpOnly; SameSite=Strict") != std::string::npos);
    CHECK(cookie.find("Domain") == std::string::npos);
    CHECK(ok.header("Cache-Control") == "no-store");

    // An unknown name and a wrong password read the same.
    auto unknown = post_anonymous(hub.url, paths::kStaffSession, sign_in_body("personne", kStaffPassword));
    auto wrong = post_anonymous(hub.url, paths::kStaffSession, sign_in_body("marie", "pas le bon mot de passe"));
    CHECK(unknown.status == 401);
    CHECK(wrong.status == 401);
    CHECK(unknown.body == wrong.body);
    for (int i = 0; i < 4; ++i)
        CHECK(post_anonymous(hub.url, paths::kStaffSession, sign_in_body("marie", "pas le bon mot de passe")).status == 401);
    // Locked: even the right password is refused now, with the wait.
    auto locked = post_anonymous(hub.url, paths::kStaffSession, sign_in_body("marie", kStaffPassword));
    CHECK(locked.status == 429);
    CHECK(locked.body.find("Compte verrouillé") != std::string::npos);
    CHECK(std::stoi(locked.header("Retry-After")) > 0);
    // Seven tries so far from this address; three more, then the address waits whatever the name.
    for (int i = 0; i < 3; ++i) post_anonymous(hub.url, paths::kStaffSession, sign_in_body("quelquun", "x"));
    auto throttled = post_anonymous(hub.url, paths::kStaffSession, sign_in_body("autre", "y"));
    CHECK(throttled.status == 429);
    CHECK(throttled.body.find("Trop d’essais de connexion depuis ce poste") != std::string::npos);

    // The session from before the lock still works, until signed out.
    const StaffLogin login{cookie.substr(0, cookie.find(';')), json::parse(ok.body)["csrf"].get<std::string>()};
    CHECK(staff_call(hub.url, login, "GET", paths::kStaffSession).status == 200);
    CHECK(staff_call(hub.url, login, "DELETE", paths::kStaffSession, "", false).status == 403);  // CSRF
    auto out = staff_call(hub.url, login, "DELETE", paths::kStaffSession);
    CHECK(out.status == 200);
    CHECK(out.header("Set-Cookie").find("Max-Age=0") != std::string::npos);
    CHECK(staff_call(hub.url, login, "GET", paths::kStaffKiosks).status == 401);
}

TEST_CASE("staff pages: enrol a kiosk with the token shown once, rename it, see its problems, revoke it") {
    TempDir dir;
    auto hub = start_hub(dir / "hub");
    const auto admin = staff_admin(dir / "hub", hub.url);
    auto made = staff_call(hub.url, admin, "POST", paths::kStaffEnrollTokens, R"({"valid_hours": 2})");
    REQUIRE(made.status == 200);
    const auto token = json::parse(made.body);
    CHECK(token["command"].get<std::string>().find("--token " + token["token"].get<std::string>()) != std::string::npos);
    CHECK(token["qr_svg"].get<std::string>().starts_with("<svg"));
    CHECK(staff_call(hub.url, admin, "POST", paths::kStaffEnrollTokens, R"({"valid_hours": 9000})").status == 400);

    // The kiosk enrols with it, exactly as guichet-sync does.
    std::string out;
    const auto state = dir / "kiosk";
    REQUIRE_MESSAGE(run_command(std::string(GUICHET_SYNC_TOOL) + " enroll --state " + state.string() + " --hub " +
                                    hub.url + " --token " + token["token"].get<std::string>() + " --name Hall 2>&1",
                                &out) == 0,
                    out);
    auto list = json::parse(staff_call(hub.url, admin, "GET", paths::kStaffKiosks).body);
    REQUIRE(list["kiosks"].size() == 1);
    const auto id = list["kiosks"][0]["id"].get<std::string>();
    CHECK(list["kiosks"][0]["name"] == "Hall");
    CHECK(list["kiosks"][0]["problems"][0]["code"] == "no-heartbeat");

    CHECK(staff_call(hub.url, admin, "POST", paths::staff_kiosk(id, "name"), R"({"name": "Hall de la mairie"})").status == 200);
    CHECK(staff_call(hub.url, admin, "POST", paths::staff_kiosk(id, "name"), R"({"name": "a\u0007b"})").status == 400);
    CHECK(staff_call(hub.url, admin, "POST", paths::staff_kiosk("k-ffffffff", "name"), R"({"name": "x"})").status == 404);
    list = json::parse(staff_call(hub.url, admin, "GET", paths::kStaffKiosks).body);
    CHECK(list["kiosks"][0]["name"] == "Hall de la mairie");

    // The kiosk syncs (a heartbeat): no problem left; then revoked, its next sync is refused.
    REQUIRE_MESSAGE(run_command(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once 2>&1", &out) == 0, out);
    list = json::parse(staff_call(hub.url, admin, "GET", paths::kStaffKiosks).body);
    CHECK(list["kiosks"][0]["problems"].empty());
    CHECK(staff_call(hub.url, admin, "POST", paths::staff_kiosk(id, "revoke")).status == 200);
    CHECK(run_command(std::string(GUICHET_SYNC_TOOL) + " --state " + state.string() + " --once 2>&1", &out) == 1);
    CHECK(out.find("revoked-client") != std::string::npos);
    list = json::parse(staff_call(hub.url, admin, "GET", paths::kStaffKiosks).body);
    CHECK(list["kiosks"][0]["revoked"] == true);
}

TEST_CASE("staff pages: an administrator registers and revokes a partner service and manages accounts") {
    TempDir dir;
    auto hub = start_hub(dir / "hub");
    const auto admin = staff_admin(dir / "hub", hub.url);
    auto key = RequestKey::generate();
    const json partner = {{"id", "regie"}, {"public_key", public_key_text(key.public_key(), "regie")}};
    CHECK(staff_call(hub.url, admin, "POST", paths::kStaffPartners, partner.dump()).status == 200);
    CHECK(staff_call(hub.url, admin, "POST", paths::kStaffPartners, R"({"id": "regie", "public_key": "bidon"})").status == 400);
    // The service's own requests work at once.
    auto as_partner = HubClient::create(hub.url).value();
    as_partner.set_identity({"regie", key});
    CHECK(as_partner.send("GET", paths::kPartnerDemarches)->status == 200);
    auto partners = json::parse(staff_call(hub.url, admin, "GET", paths::kStaffPartners).body)["partners"];
    REQUIRE(partners.size() == 1);
    CHECK(partners[0]["id"] == "regie");
    CHECK(partners[0]["waiting"] == 0);
    CHECK(staff_call(hub.url, admin, "POST", paths::staff_partner("regie", "revoke")).status == 200);
    auto refused = as_partner.send("GET", paths::kPartnerDemarches);
    CHECK(refused->status == 403);
    CHECK(refused->body.find("revoked-client") != std::string::npos);

    // Accounts: a staff account made by the administrator, weak passwords refused.
    CHECK(staff_call(hub.url, admin, "POST", paths::kStaffAccounts,
                     R"({"name": "paul", "role": "staff", "password": "court"})").status == 400);
    const json paul = {{"name", "paul"}, {"role", "staff"}, {"password", "un mot de passe du guichet, long"}};
    CHECK(staff_call(hub.url, admin, "POST", paths::kStaffAccounts, paul.dump()).status == 200);
    CHECK(staff_call(hub.url, admin, "POST", paths::kStaffAccounts, paul.dump()).status == 409);
    auto paul_login = staff_sign_in(hub.url, "paul", "un mot de passe du guichet, long");
    CHECK(staff_call(hub.url, paul_login, "GET", paths::kStaffAccounts).status == 403);
    // Paul changes his own password, not someone else's.
    CHECK(staff_call(hub.url, paul_login, "POST", paths::staff_account("admin.test", "password"),
                     R"({"password": "je prends la main, bien sûr"})").status == 403);
    CHECK(staff_call(hub.url, paul_login, "POST", paths::staff_account("paul", "password"),
                     R"({"password": "un nouveau mot de passe du guichet"})").status == 200);
    CHECK(staff_call(hub.url, paul_login, "GET", paths::kStaffKiosks).status == 401);  // its sessions closed
    paul_login = staff_sign_in(hub.url, "paul", "un nouveau mot de passe du guichet");
    // Disabled by the administrator: signed out at once, and cannot sign in.
    CHECK(staff_call(hub.url, admin, "POST", paths::staff_account("paul", "disable")).status == 200);
    CHECK(staff_call(hub.url, paul_login, "GET", paths::kStaffKiosks).status == 401);
    CHECK(post_anonymous(hub.url, paths::kStaffSession, sign_in_body("paul", "un nouveau mot de passe du guichet")).status == 401);
    CHECK(staff_call(hub.url, admin, "POST", paths::staff_account("admin.test", "disable")).status == 400);  // not oneself
}

TEST_CASE("guichet-hub staff-add reads the password from standard input and refuses a weak one") {
    TempDir dir;
    const std::string hub_tool = GUICHET_HUB_TOOL;
    prepare_hub_dir(dir / "hub");  // on PostgreSQL in the hub_postgres runs
    std::string out;
    CHECK(run_command("echo court | " + hub_tool + " staff-add --data " + (dir / "hub").string() + " --name marie 2>&1", &out) == 1);
    CHECK(out.find("au moins 12 caractères") != std::string::npos);
    CHECK(run_command("echo 'la mairie d’Anor, 1er étage' | GUICHET_LANG=fr " + hub_tool + " staff-add --data " + (dir / "hub").string() +
                          " --name marie --role admin 2>&1",
                      &out) == 0);
    CHECK(out.find("compte marie (admin) créé") != std::string::npos);
    CHECK(run_command(hub_tool + " staff-list --data " + (dir / "hub").string(), &out) == 0);
    CHECK(out.starts_with("marie\tadmin\t"));
    auto hub = start_hub(dir / "hub");
    CHECK(staff_sign_in(hub.url, "marie", "la mairie d’Anor, 1er étage").csrf.size() >= 32);
}

TEST_CASE("staff pages: a feed signed on the staff PC is uploaded, checked against the pack key, and never rolled back") {
    TempDir dir;
    const auto key = crypto::SecretKey::generate();
    write_all(dir / "pack.pub", as_bytes(key.public_key().to_file_text()));
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    auto feed_file = [&](std::uint64_t version, const crypto::SecretKey& by) {
        feeds::Feed f;
        f.kind = "jobs";
        f.version = version;
        f.created = now;
        f.expires = now + 7 * 86400;
        feeds::FeedItem job;
        job.id = "agent-accueil";
        job.fields = {{"title", "Agent d’accueil (H/F)"}, {"employer", "Mairie d’Anor"}, {"contract", "CDD"},
                      {"posted", "2027-01-10"}, {"expires", "2027-02-10"}};
        f.items.push_back(job);
        return json{{"file", feeds::sign_feed(f, by)}}.dump();
    };
    {
        auto bare = start_hub(dir / "bare");
        const auto login = staff_admin(dir / "bare", bare.url);
        auto refused = staff_call(bare.url, login, "POST", paths::staff_feed("jobs"), feed_file(1, key));
        CHECK(refused.status == 409);
        CHECK(refused.body.find("--pack-key") != std::string::npos);
    }
    auto hub = start_hub(dir / "hub", {"--pack-key", (dir / "pack.pub").string()});
    add_staff_account(dir / "hub", "paul", "staff");
    const auto staff = staff_sign_in(hub.url, "paul");
    CHECK(staff_call(hub.url, staff, "POST", paths::staff_feed("jobs"), feed_file(2, key)).status == 200);
    auto listed = json::parse(staff_call(hub.url, staff, "GET", paths::kStaffFeeds).body)["feeds"][0];
    CHECK(listed["version"] == 2);
    CHECK(listed["in_force"] == true);
    CHECK(listed["items"][0]["title"] == "Agent d’accueil (H/F)");
    CHECK(test::to_string(read_all(dir / "hub/feeds/jobs.gfd")) == json::parse(feed_file(2, key))["file"]);
    // Older, foreign, tampered, or of another kind: refused, and the served file stays.
    auto older = staff_call(hub.url, staff, "POST", paths::staff_feed("jobs"), feed_file(1, key));
    CHECK(older.status == 422);
    CHECK(older.body.find("rollback refused") != std::string::npos);
    CHECK(staff_call(hub.url, staff, "POST", paths::staff_feed("jobs"), feed_file(3, crypto::SecretKey::generate())).status == 422);
    auto tampered = json::parse(feed_file(3, key));
    auto text = tampered["file"].get<std::string>();
    text[text.find("CDD")] = 'X';
    tampered["file"] = text;
    CHECK(staff_call(hub.url, staff, "POST", paths::staff_feed("jobs"), tampered.dump()).status == 422);
    CHECK(staff_call(hub.url, staff, "POST", paths::staff_feed("events"), feed_file(3, key)).status == 422);
    CHECK(staff_call(hub.url, staff, "POST", paths::staff_feed("jobs"), feed_file(3, key), false).status == 403);
    CHECK(json::parse(staff_call(hub.url, staff, "GET", paths::kStaffFeeds).body)["feeds"][0]["version"] == 2);
}

TEST_CASE("staff sign-in: over plain HTTP only from the hub's own machine, so no session cookie ever crosses the network in clear") {
    TempDir dir;
    add_staff_account(dir / "hub", "marie", "staff");
    HubOptions options;
    options.data_dir = dir / "hub";
    prepare_hub_dir(options.data_dir);  // on PostgreSQL in the hub_postgres runs
    options.staff_from = http::parse_address_ranges("192.168.1.0/24").value();
    auto hub = Hub::open(std::move(options));
    REQUIRE(hub.ok());
    auto sign_in = [&](const std::string& from, bool tls) {
        http::Request req;
        req.method = "POST";
        req.target = req.path = std::string(paths::kStaffSession);
        req.body = sign_in_body("marie", kStaffPassword);
        req.remote_addr = from;
        req.secure_transport = tls;
        http::Response res;
        (*hub)->handle(req, res);
        return res;
    };
    auto clear = sign_in("192.168.1.20", false);
    CHECK(clear.status == 403);
    CHECK(clear.body.find("https-required") != std::string::npos);
    CHECK(clear.get_header_value("Set-Cookie").empty());
    auto over_tls = sign_in("192.168.1.20", true);
    CHECK(over_tls.status == 200);
    CHECK(over_tls.get_header_value("Set-Cookie").starts_with("__Host-guichet-session="));
    // Outside the staff network, even over TLS: no sign-in at all.
    CHECK(sign_in("203.0.113.7", true).status == 403);
}
