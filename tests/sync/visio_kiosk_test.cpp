// « Rendez-vous en visio » end to end at the kiosk (docs/visio.md §9): a hub,
// coturn and a booked slot open now; guichet-kiosk headless (1080×1920,
// camera and microphone stand-ins) runs tests/ui/scripts/visio-appel.replay
// signed as its enrolled kiosk; the test plays the agent with the media
// engine (the answerer), answering once the waiting screen is photographed.
// The replay checks the screens and that the agent's pictures are drawn; the
// test that the agent got the kiosk's pictures and its « bye ».
#include "visio/room_signalling.hpp"
#include "visio/visio_peer.hpp"
#include "visio_fixture.hpp"

#include <cstdlib>
#include <mutex>

using namespace guichet;
using namespace guichet::test;
using namespace guichet::test::sync;
using namespace guichet::test::sync::visio;

// As test_sync_visio_media: GLib's constructors' buffer is not ours.
extern "C" const char* __lsan_default_suppressions() {
    return "leak:_dl_init\n";
}
extern "C" const char* __asan_default_options() {
    return "fast_unwind_on_malloc=0";
}

namespace {

struct Agent {
    std::unique_ptr<guichet::sync::visio::RoomSignalling> signalling;
    std::unique_ptr<guichet::visio::Peer> peer;
    std::mutex mutex;
    std::vector<guichet::sync::visio::RoomMessage> inbox;  // held until the waiting screen is photographed
    bool answering = false, bye = false;
    std::function<void()> make_peer;  // a new agent peer (after a drop)
    bool dropped = false;             // the peer was destroyed without « bye »: the next offer makes a new one
    int offers = 0;
    ~Agent() {
        if (signalling) signalling->stop();
        peer.reset();
    }
    void apply(const guichet::sync::visio::RoomMessage& m) {
        const auto data = json::parse(m.data_json);
        if (m.type == "offer") {
            ++offers;
            if (dropped) {
                make_peer();
                dropped = false;
            }
            peer->set_remote_description("offer", data.at("sdp"));
        }
        if (!peer) return;
        if (m.type == "candidate" && data.contains("candidate"))
            peer->add_remote_candidate(data.value("sdpMLineIndex", 0), data.at("candidate"));
    }
};

// guichet-kiosk headless on SCRIPT, signed as F's enrolled kiosk, screenshots into F.dir/shots.
ChildProcess start_kiosk(VisioFixture& f, const char* script) {
    const auto packs = f.dir / "packs", shots = f.dir / "shots";
    std::filesystem::create_directories(packs);
    std::filesystem::create_directories(shots);
    for (const char* name : {"anor.gpk", "staff.pub"})
        std::filesystem::copy_file(std::filesystem::path(GUICHET_TEST_PACK_DIR) / name, packs / name,
                                   std::filesystem::copy_options::overwrite_existing);
    // The kiosk as run_replay.sh runs it (tests/ui/lsan-visio.supp says why).
    ::setenv("LSAN_OPTIONS", "use_tls=0:print_suppressions=0:suppressions=" GUICHET_REPLAY_LSAN_SUPP, 1);
    return ChildProcess::spawn({GUICHET_KIOSK_TOOL, "--headless", "--size", "1080x1920", "--packs", packs.string(),
                                "--state", (f.dir / "kiosk").string(), "--replay", script, "--shots", shots.string(),
                                "--visio-test-sources"},
                               true, true);
}

// GUICHET_VISIO_SHOTS=DIR keeps the screenshots (to look at them).
void keep_shots(const std::filesystem::path& shots) {
    if (const char* keep = std::getenv("GUICHET_VISIO_SHOTS"))
        for (const auto& e : std::filesystem::directory_iterator(shots))
            std::filesystem::copy_file(e.path(), std::filesystem::path(keep) / e.path().filename(),
                                       std::filesystem::copy_options::overwrite_existing);
}

}  // namespace

TEST_CASE("visio kiosk: before the room opens, and a code without a booking, are said in French") {
    VisioFixture f;
    REQUIRE(f.announce("rdv-plus-tard", now() + 7200).status == 200);
    auto kiosk = start_kiosk(f, GUICHET_SOURCE_SCRIPTS "/visio-etats.replay");
    const int status = kiosk.wait(30000);
    kiosk.drain();
    INFO(kiosk.output());
    CHECK(status == 0);
    for (const char* shot : {"visio-rubrique", "visio-pas-encore", "visio-pas-de-rendez-vous"})
        CHECK_MESSAGE(std::filesystem::exists(f.dir / "shots" / (std::string(shot) + ".png")), shot);
    keep_shots(f.dir / "shots");
}

TEST_CASE("visio kiosk: the replay joins the agent, draws its pictures, mutes and hangs up") {
    TempDir turn_dir;
    TurnServer turn(turn_dir.path());
    write_text(turn_dir / "secret", std::string(kTurnSecret) + "\n");
    const std::string host_port = "127.0.0.1:" + std::to_string(turn.port);
    VisioFixture f({"--turn-secret-file", (turn_dir / "secret").string(), "--turn-uri", "turn:" + host_port});
    REQUIRE(f.announce("rdv-borne", now()).status == 200);

    // The agent: the service's side of the room, answering the kiosk's offer.
    Agent agent;
    auto client = f.as_partner();
    const std::string room = guichet::sync::visio::partner_room("rdv-borne");
    auto access = guichet::sync::visio::fetch_turn(client, room);
    REQUIRE_MESSAGE(access.ok(), (access.ok() ? "" : access.error().message));
    guichet::visio::PeerOptions o;
    o.turn_servers = {guichet::visio::turn_uri(host_port, access->username, access->credential)};
    Agent* a = &agent;
    agent.make_peer = [a, o] {
        guichet::visio::PeerCallbacks cb;
        cb.on_description = [a](const std::string& type, const std::string& sdp) {
            a->signalling->send(type, json{{"type", type}, {"sdp", sdp}}.dump());
        };
        cb.on_candidate = [a](int mline, const std::string& candidate) {
            a->signalling->send("candidate", json{{"candidate", candidate}, {"sdpMLineIndex", mline}}.dump());
        };
        std::string why;
        a->peer = guichet::visio::Peer::create(o, std::move(cb), why);
        REQUIRE_MESSAGE(a->peer, why);
        REQUIRE_MESSAGE(a->peer->start(why), why);
    };
    agent.make_peer();
    agent.signalling = std::make_unique<guichet::sync::visio::RoomSignalling>(
        f.hub.url, guichet::sync::Identity{f.partner.id, f.partner.signing}, room,
        [a](const guichet::sync::visio::RoomMessage& m) {
            std::lock_guard lock(a->mutex);
            if (m.type == "bye") a->bye = true;
            if (a->answering) a->apply(m);
            else a->inbox.push_back(m);
        },
        2);

    // The kiosk: the test pack, its enrolled state (sync.json, sync-key), the replay.
    const auto shots = f.dir / "shots";
    auto kiosk = start_kiosk(f, GUICHET_SOURCE_SCRIPTS "/visio-appel.replay");
    // The agent answers once the waiting screen is on file: the replay photographs it first.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!std::filesystem::exists(shots / "visio-attente.png") && std::chrono::steady_clock::now() < deadline &&
           kiosk.running())
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    {
        std::lock_guard lock(agent.mutex);
        agent.answering = true;
        for (const auto& m : agent.inbox) agent.apply(m);
        agent.inbox.clear();
    }
    // The line drops during the call (the agent's side gone without « bye »): the kiosk
    // notices the silence, says so, and rejoins with a new offer that a new agent peer answers.
    while (!std::filesystem::exists(shots / "visio-appel.png") && std::chrono::steady_clock::now() < deadline + std::chrono::seconds(15) &&
           kiosk.running())
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    {
        std::lock_guard lock(agent.mutex);
        agent.peer.reset();
        agent.dropped = true;
    }
    const int status = kiosk.wait(60000);
    kiosk.drain();
    INFO(kiosk.output());
    CHECK(status == 0);
    for (const char* shot : {"visio-attente", "visio-appel", "visio-reconnexion", "visio-raccroche"})
        CHECK_MESSAGE(std::filesystem::exists(shots / (std::string(shot) + ".png")), shot);
    // The agent answered two offers (the call, the rejoin), decoded the kiosk's pictures and got its « bye ».
    const auto bye_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto got_bye = [&] {
        std::lock_guard lock(agent.mutex);
        return agent.bye;
    };
    while (!got_bye() && std::chrono::steady_clock::now() < bye_by)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    CHECK(got_bye());
    std::lock_guard held(agent.mutex);
    CHECK(agent.offers == 2);
    REQUIRE(agent.peer);
    CHECK(agent.peer->video_frames() >= 5);
    CHECK(agent.peer->error().empty());
    keep_shots(shots);
}
