// The web view against a local HTTPS site (issue #22, docs/web-view.md):
// pixels of a painted page, the allow-list, certificate errors, an ephemeral
// profile per session, input, pop-ups and the web process's restart.
#include "test_site.hpp"
#include "web/origin.hpp"
#include "web/web_view.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <thread>

using namespace guichet::web;
using namespace guichet::web::test;
using namespace std::chrono_literals;

namespace {

std::map<std::string, Page> site_pages(int port_hint_unused = 0) {
    (void)port_hint_unused;
    std::map<std::string, Page> pages;
    // Blue-ish (0,128,255): the channel order shows in the test.
    pages["/color.html"].body =
        "<!doctype html><title>couleur</title><style>html,body{margin:0;height:100%;background:rgb(0,128,255)}</style>";
    // The whole page is a link to another origin (localhost is not 127.0.0.1).
    pages["/leave.html"].body =
        "<!doctype html><title>depart</title><style>html,body{margin:0;height:100%}a{display:block;height:100%}</style>"
        "<a id=out href='https://localhost:PORT/color.html'>ailleurs</a>";
    pages["/popup.html"].body =
        "<!doctype html><title>popup</title><style>html,body{margin:0;height:100%}a{display:block;height:100%}</style>"
        "<a target=_blank href='/color.html'>nouvelle fenêtre</a>";
    pages["/store.html"].body =
        "<!doctype html><script>document.cookie='resident=1; max-age=3600; secure';"
        "localStorage.setItem('resident','1');sessionStorage.setItem('resident','1');"
        "document.title='stocke';</script>";
    pages["/check.html"].body =
        "<!doctype html><script>document.title='cookie='+(document.cookie.includes('resident=1')?'oui':'non')+"
        "' stockage='+(localStorage.getItem('resident')?'oui':'non')+' historique='+history.length;</script>";
    pages["/form.html"].body =
        "<!doctype html><title>formulaire</title><style>html,body,form{margin:0;height:100%}input{width:100%;height:100%}</style>"
        "<form onsubmit=\"document.title='envoye:'+this.nom.value;return false\"><input name=nom></form>"
        "<script>document.querySelector('input').onfocus=()=>document.title='champ';</script>";
    pages["/long.html"].body =
        "<!doctype html><style>body{margin:0;height:5000px}</style>"
        "<script>onscroll=()=>{document.title='defile:'+(scrollY>0?'bas':'haut')};document.title='long'</script>";
    pages["/doc.pdf"] = {"application/pdf", "%PDF-1.4\n%%EOF\n"};
    pages["/archive.zip"] = {"application/zip", "PK\x05\x06" + std::string(18, '\0')};
    pages["/upload.html"].body =
        "<!doctype html><title>envoi</title><style>html,body{margin:0;height:100%}input{width:100%;height:100%}</style>"
        "<input type=file>";
    // 8 MB more every 10 ms, held: without a cap the machine would swap.
    pages["/hog.html"].body =
        "<!doctype html><title>gourmande</title><script>const a=[];"
        "setInterval(()=>{a.push(new Float64Array(1<<20).fill(a.length))},10)</script>";
    pages["/loop.html"].body =
        "<!doctype html><script>document.title='boucle';setTimeout(()=>{for(;;){}},50)</script>";
    return pages;
}

// Waits (bounded) until PRED holds on VIEW.
bool wait_for(const WebView& view, const std::function<bool()>& pred, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::uint64_t gen = view.generation();
    while (!pred()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        gen = view.wait_change(gen, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
    }
    return true;
}

struct Fixture {
    std::map<std::string, Page> pages = site_pages();
    TestSite site{test_pki().site_cert, test_pki().site_key, pages};
    TestSite rogue{test_pki().rogue_cert, test_pki().rogue_key, pages};
    std::unique_ptr<WebView> view;
    std::vector<Event> events;

    Fixture() {
        // The link's port is known once the site listens: a second site with the fixed page.
        WebViewOptions options;
        options.width = 320;
        options.height = 240;
        options.allowed_origins = {site.base(), rogue.base()};
        std::string why;
        view = WebView::create(options, why);
        REQUIRE_MESSAGE(view, why);
    }
    bool event_seen(EventKind kind, const std::string& uri_part = "") {
        return wait_for(*view, [&] {
            for (auto& e : view->take_events()) events.push_back(e);
            for (const auto& e : events)
                if (e.kind == kind && e.uri.find(uri_part) != std::string::npos) return true;
            return false;
        });
    }
    bool title_is(const std::string& title) {
        return wait_for(*view, [&] { return view->title() == title; });
    }
};

// The leave page names the site's own port: served by a site made after the port is known.
std::string leave_page(int port) {
    std::string body = site_pages()["/leave.html"].body;
    body.replace(body.find("PORT"), 4, std::to_string(port));
    return body;
}

// Resident memory (kB) of this process's children named PREFIX… (WebKit's processes).
long children_rss_kb(const std::string& prefix) {
    long total = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        std::ifstream status(entry.path() / "status");
        std::string line, name;
        long ppid = -1, rss = 0;
        while (std::getline(status, line)) {
            if (line.rfind("Name:", 0) == 0) name = line.substr(line.find_first_not_of(" \t", 5));
            if (line.rfind("PPid:", 0) == 0) ppid = std::stol(line.substr(5));
            if (line.rfind("VmRSS:", 0) == 0) rss = std::stol(line.substr(6));
        }
        if (ppid == getpid() && name.rfind(prefix, 0) == 0) total += rss;
    }
    return total;
}

// CPU ticks (user + system) of this process and its direct children.
long cpu_ticks_with_children() {
    long total = 0;
    auto ticks = [](const std::filesystem::path& stat_path, long* ppid) {
        std::ifstream in(stat_path);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto close = text.rfind(')');
        if (close == std::string::npos) return 0L;
        std::istringstream fields(text.substr(close + 2));
        std::string f;
        std::vector<std::string> v;
        while (fields >> f) v.push_back(f);
        if (v.size() < 13) return 0L;
        if (ppid) *ppid = std::stol(v[1]);
        return std::stol(v[11]) + std::stol(v[12]);  // utime, stime
    };
    total += ticks("/proc/self/stat", nullptr);
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;  // processes only
        long ppid = -1;
        const long t = ticks(entry.path() / "stat", &ppid);
        if (ppid == getpid()) total += t;
    }
    return total;
}

}  // namespace

TEST_CASE("origins parse and the allow-list matches scheme host and port exactly") {
    CHECK(to_string(*parse_origin("HTTPS://WWW.Service-Public.fr/particuliers?x=1")) == "https://www.service-public.fr");
    CHECK(to_string(*parse_origin("https://127.0.0.1:8443")) == "https://127.0.0.1:8443");
    CHECK(parse_origin("https://127.0.0.1:443")->port == 443);
    CHECK_FALSE(parse_origin("file:///etc/passwd"));
    CHECK_FALSE(parse_origin("https://user@evil.example/"));
    CHECK_FALSE(parse_origin("https://host:99999/"));
    CHECK_FALSE(parse_origin("javascript:alert(1)"));
    std::vector<std::string> rejected;
    AllowList allow({"https://www.ameli.fr/assure", "not an address"}, &rejected);
    CHECK(rejected == std::vector<std::string>{"not an address"});
    CHECK(allow.allows("https://www.ameli.fr/"));
    CHECK(allow.allows("https://WWW.AMELI.FR:443/x"));
    CHECK(allow.allows("about:blank"));
    CHECK_FALSE(allow.allows("http://www.ameli.fr/"));        // not the same scheme
    CHECK_FALSE(allow.allows("https://www.ameli.fr:8443/"));  // not the same port
    CHECK_FALSE(allow.allows("https://www.ameli.fr.evil.example/"));
    CHECK_FALSE(allow.allows("data:text/html,x"));
}

TEST_CASE("an allowed HTTPS page is painted into the frame slot with its colours") {
    Fixture f;
    const auto start = std::chrono::steady_clock::now();
    f.view->load(f.site.base() + "/color.html");
    Frame frame;
    const bool painted = wait_for(*f.view, [&] {
        f.view->take_frame(frame);
        if (frame.rgba.empty()) return false;
        const std::size_t centre = (static_cast<std::size_t>(frame.height / 2) * static_cast<std::size_t>(frame.width) +
                                    static_cast<std::size_t>(frame.width / 2)) * 4;
        return frame.rgba[centre] == 0 && frame.rgba[centre + 1] == 128 && frame.rgba[centre + 2] == 255 &&
               frame.rgba[centre + 3] == 255;
    });
    REQUIRE(painted);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    MESSAGE("load() to the page's first painted frame: " << ms.count() << " ms (web process started cold); WebKit's processes: "
            << children_rss_kb("WPEWebProcess") / 1024 << " MiB (web) + " << children_rss_kb("WPENetworkProce") / 1024
            << " MiB (network) resident");
    CHECK(frame.width == 320);
    CHECK(frame.height == 240);
    CHECK(f.view->title() == "couleur");
    // A still page costs (next to) nothing: measured over 2 s, reported.
    const long before = cpu_ticks_with_children();
    const auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(2s);  // a measuring window, not a wait for something
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double percent = 100.0 * static_cast<double>(cpu_ticks_with_children() - before) /
                           static_cast<double>(sysconf(_SC_CLK_TCK)) / seconds;
    MESSAGE("CPU with the page still (test process and WebKit's processes): " << percent << " % of one core over " << seconds << " s");
    // Taking again without a new frame copies nothing.
    Frame again = frame;
    CHECK_FALSE(f.view->take_frame(again));
}

TEST_CASE("a link to an origin outside the allow-list is refused and reported") {
    Fixture f;
    auto pages = site_pages();
    pages["/leave.html"].body = leave_page(f.site.port());
    TestSite leave(test_pki().site_cert, test_pki().site_key, pages);
    // Only LEAVE's origin on 127.0.0.1 is allowed; its link goes to localhost.
    WebViewOptions options;
    options.width = 320;
    options.height = 240;
    options.allowed_origins = {leave.base()};
    std::string why;
    f.view = WebView::create(options, why);
    REQUIRE(f.view);
    f.view->load(leave.base() + "/leave.html");
    REQUIRE(f.title_is("depart"));
    f.view->pointer_move(160, 120);
    f.view->pointer_button(160, 120, true);
    f.view->pointer_button(160, 120, false);
    REQUIRE(f.event_seen(EventKind::refused, "https://localhost:"));
    for (const auto& e : f.events)
        if (e.kind == EventKind::refused) CHECK(e.message.find("hors des sites proposés") != std::string::npos);
    CHECK(f.view->uri() == leave.base() + "/leave.html");
    // An address typed by code is refused the same way, without any request.
    f.view->load("https://www.example.org/");
    CHECK(f.event_seen(EventKind::refused, "www.example.org"));
}

TEST_CASE("a new-window link opens in the same view") {
    Fixture f;
    f.view->load(f.site.base() + "/popup.html");
    REQUIRE(f.title_is("popup"));
    f.view->pointer_button(160, 120, true);
    f.view->pointer_button(160, 120, false);
    CHECK(f.title_is("couleur"));
    CHECK(f.view->uri() == f.site.base() + "/color.html");
}

TEST_CASE("a certificate the system store does not trust is refused with a French message") {
    Fixture f;
    f.view->load(f.rogue.base() + "/color.html");
    REQUIRE(f.event_seen(EventKind::tls_error, f.rogue.base()));
    for (const auto& e : f.events) {
        CHECK(e.kind != EventKind::load_finished);
        if (e.kind == EventKind::tls_error) CHECK(e.message.find("certificat") != std::string::npos);
    }
    CHECK(f.view->title() != "couleur");
}

TEST_CASE("cookies and storage do not survive reset into the next session") {
    Fixture f;
    f.view->load(f.site.base() + "/store.html");
    REQUIRE(f.title_is("stocke"));
    f.view->load(f.site.base() + "/check.html");
    // Within the session the page sees what it stored: the check can fail.
    REQUIRE(f.title_is("cookie=oui stockage=oui historique=2"));
    f.view->reset();
    CHECK(f.view->title().empty());
    f.view->load(f.site.base() + "/check.html");
    CHECK(f.title_is("cookie=non stockage=non historique=1"));
    // Nothing of the sessions on disk: the per-user folders (the runner's own)
    // hold at most Mesa's compiled shaders and an empty dconf cache.
    for (const char* var : {"XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"}) {
        const char* dir = std::getenv(var);
        REQUIRE(dir);
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
            const std::string path = entry.path().string().substr(std::string(dir).size());
            INFO(var << path);
            CHECK((path.rfind("/mesa_shader_cache", 0) == 0 || path.rfind("/dconf", 0) == 0));
        }
    }
}

TEST_CASE("text from the on-screen keyboard reaches a form field and submits it") {
    Fixture f;
    f.view->load(f.site.base() + "/form.html");
    REQUIRE(f.title_is("formulaire"));
    // A tap on the field focuses it, as at the kiosk.
    f.view->pointer_button(160, 120, true);
    f.view->pointer_button(160, 120, false);
    REQUIRE(f.title_is("champ"));
    f.view->text("Élodie\n");
    CHECK(f.title_is("envoye:Élodie"));
}

TEST_CASE("a web process that ends is restarted on the same page") {
    Fixture f;
    f.view->load(f.site.base() + "/color.html");
    REQUIRE(f.title_is("couleur"));
    Frame frame;
    REQUIRE(wait_for(*f.view, [&] { return f.view->take_frame(frame); }));
    const std::uint64_t before = frame.serial;
    f.view->terminate_web_process();
    REQUIRE(f.event_seen(EventKind::crashed));
    CHECK(f.view->restarts() == 1);
    CHECK(f.title_is("couleur"));
    CHECK(wait_for(*f.view, [&] { return f.view->take_frame(frame) && frame.serial > before; }));
}

TEST_CASE("a scroll gesture moves the page down") {
    Fixture f;
    f.view->load(f.site.base() + "/long.html");
    REQUIRE(f.event_seen(EventKind::load_finished));
    REQUIRE(f.title_is("long"));
    // WebKit drops wheel events that come before its scrolling tree is
    // committed (some time after the first frame): the gesture is repeated,
    // at most 10 times, as a resident would.
    bool moved = false;
    for (int attempt = 0; attempt < 10 && !moved; ++attempt) {
        f.view->pointer_move(160, 120);
        f.view->scroll(160, 120, 300);
        moved = wait_for(*f.view, [&] { return f.view->title() == "defile:bas"; }, 500ms);
    }
    CHECK(moved);
}

TEST_CASE("a PDF is shown, a file WebKit cannot show is not downloaded, the file chooser opens nothing") {
    Fixture f;
    // WPE 2.38 shows PDFs itself (PDF.js): no download.
    f.view->load(f.site.base() + "/doc.pdf");
    REQUIRE(f.event_seen(EventKind::load_finished, "/doc.pdf"));
    f.view->load(f.site.base() + "/archive.zip");
    CHECK(f.event_seen(EventKind::download_refused, "/archive.zip"));
    for (const auto& e : f.events) CHECK(!(e.kind == EventKind::download_refused && e.uri.find("/doc.pdf") != std::string::npos));
    f.view->load(f.site.base() + "/upload.html");
    REQUIRE(f.title_is("envoi"));
    f.view->pointer_button(160, 120, true);
    f.view->pointer_button(160, 120, false);
    CHECK(f.event_seen(EventKind::upload_refused));
}

TEST_CASE("a page that allocates without end is killed at the memory cap and restarted a bounded number of times") {
    Fixture f;
    WebViewOptions options;
    options.width = 320;
    options.height = 240;
    options.allowed_origins = {f.site.base()};
    options.memory_limit_mb = 300;
    options.max_restarts = 1;
    std::string why;
    f.view = WebView::create(options, why);
    REQUIRE(f.view);
    const auto start = std::chrono::steady_clock::now();
    f.view->load(f.site.base() + "/hog.html");
    REQUIRE(wait_for(*f.view, [&] {
        for (auto& e : f.view->take_events()) f.events.push_back(e);
        int crashes = 0;
        for (const auto& e : f.events) crashes += e.kind == EventKind::crashed;
        return crashes == 2;
    }, 20s));
    MESSAGE("two kills at 300 MiB in " << std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start).count() << " ms");
    std::vector<std::string> messages;
    for (const auto& e : f.events)
        if (e.kind == EventKind::crashed) messages.push_back(e.message);
    CHECK(messages.front().find("trop de mémoire") != std::string::npos);
    CHECK(messages.back().find("fermée") != std::string::npos);  // no second restart
    CHECK(f.view->restarts() == 1);
    // The next session starts clean.
    f.view->reset();
    f.view->load(f.site.base() + "/color.html");
    CHECK(f.title_is("couleur"));
}

TEST_CASE("a page stuck in an endless script does not hold up the reset") {
    Fixture f;
    f.view->load(f.site.base() + "/loop.html");
    REQUIRE(f.title_is("boucle"));
    const auto start = std::chrono::steady_clock::now();
    f.view->reset();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    MESSAGE("reset with a looping page: " << ms.count() << " ms");
    CHECK(ms < 3s);
    f.view->load(f.site.base() + "/color.html");
    CHECK(f.title_is("couleur"));
}
