#include "ui/content.hpp"
#include "ui/content_loader.hpp"
#include "ui/map/map_data.hpp"

#include "common/file.hpp"
#include "crypto/minisign.hpp"
#include "pack/reader.hpp"
#include "pack/trust_store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <cstdio>
#include <chrono>
#include <ctime>

namespace guichet::ui {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const MenuItem* find_in(const std::vector<MenuItem>& items, const std::string& id) {
    for (const MenuItem& m : items) {
        if (m.id == id) return &m;
        if (const MenuItem* c = find_in(m.children, id)) return c;
    }
    return nullptr;
}

std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

MenuItem parse_menu_item(const json& j) {
    MenuItem m;
    m.id = str(j, "id");
    m.title = str(j, "title");
    m.icon = str(j, "icon");
    m.page = str(j, "page");
    if (auto it = j.find("forms"); it != j.end() && it->is_array()) {
        for (const json& f : *it)
            if (f.is_string()) m.forms.push_back(f.get<std::string>());
    }
    if (auto it = j.find("children"); it != j.end() && it->is_array()) {
        for (const json& c : *it)
            if (c.is_object()) m.children.push_back(parse_menu_item(c));
    }
    return m;
}

std::vector<fs::path> files_with_ext(const fs::path& dir, const std::string& ext) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return out;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.is_regular_file(ec) && e.path().extension() == ext) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string as_text(const Bytes& b) { return std::string(b.begin(), b.end()); }

Result<std::shared_ptr<Content>> build_content(const pack::PackReader& reader) {
    auto c = std::make_shared<Content>();
    c->pack_id = reader.manifest().id;
    c->pack_version = reader.manifest().version;
    c->title = reader.manifest().title;

    auto pj = reader.read("pack.json");
    if (!pj) return pj.error();
    json pack = json::parse(as_text(*pj), nullptr, false);
    if (!pack.is_object()) return fail("pack.json: not a JSON object");
    if (std::string t = str(pack, "title"); !t.empty()) c->title = t;
    c->home = str(pack, "home");
    if (std::string p = str(pack, "tracking_prefix"); !p.empty()) c->tracking_prefix = p;
    c->commune = str(pack, "commune_name");
    if (!c->commune.empty()) c->communes_by_prefix[c->tracking_prefix] = c->commune;
    if (auto rs = demarche::recipients_from_pack_json(pack)) c->recipients = std::move(*rs);
    if (reader.find("data/communes.json")) {
        auto cj = reader.read("data/communes.json");
        if (!cj) return cj.error();
        auto dir = forms::CommuneDirectory::from_json(as_text(*cj));
        if (!dir) return fail("data/communes.json: " + dir.error().message);
        c->communes = std::make_shared<const forms::CommuneDirectory>(std::move(*dir));
    }
    if (reader.find("ui/strings.json")) {
        auto sj = reader.read("ui/strings.json");
        if (!sj) return sj.error();
        auto strings = Strings::from_json(as_text(*sj));
        if (!strings) return strings.error();
        c->strings = std::make_shared<const Strings>(std::move(*strings));
    }
    if (auto it = pack.find("menu"); it != pack.end() && it->is_array()) {
        for (const json& m : *it)
            if (m.is_object()) c->menu.push_back(parse_menu_item(m));
    }

    auto cj = reader.read("catalog.json");
    if (!cj) return cj.error();
    json catalog = json::parse(as_text(*cj), nullptr, false);
    if (!catalog.is_array()) return fail("catalog.json: not a JSON array");
    for (const json& e : catalog) {
        if (!e.is_object()) continue;
        PageInfo p;
        p.path = str(e, "path");
        p.title = str(e, "title");
        p.kind = str(e, "kind");
        for (const auto& [key, value] : e.items()) {
            if (value.is_string() && key != "path" && key != "title" && key != "kind") p.fields[key] = value.get<std::string>();
        }
        if (p.path.empty()) continue;
        auto body = reader.read(p.path);
        if (!body) return body.error();
        p.body = parse_markdown(as_text(*body));
        c->pages.emplace(p.path, std::move(p));
    }

    for (std::size_t i = 0; i < reader.entry_count(); ++i) {
        std::string path(reader.entry(i).path);
        if (path.rfind("forms/", 0) != 0 || path.size() < 11 || path.substr(path.size() - 5) != ".json") continue;
        auto fj = reader.read(i);
        if (!fj) return fj.error();
        json f = json::parse(as_text(*fj), nullptr, false);
        if (!f.is_object()) return fail(path + ": not a JSON object");
        FormSummary s;
        s.id = str(f, "id");
        s.title = str(f, "title");
        s.summary = str(f, "summary");
        s.note = parse_markdown(str(f, "note"));
        s.page = str(f, "page");
        if (auto it = f.find("pieces"); it != f.end() && it->is_array()) {
            for (const json& p : *it) {
                if (p.is_string()) s.pieces.push_back(p.get<std::string>());
                else if (p.is_object()) s.pieces.push_back(str(p, "label").empty() ? str(p, "title") : str(p, "label"));
            }
        }
        if (auto it = f.find("sections"); it != f.end() && it->is_array()) s.section_count = it->size();
        s.recipient = str(f, "recipient");
        // The wizard needs the compiled form; a form that does not compile stays readable but not fillable.
        if (auto model = forms::Form::from_json(f)) {
            for (const forms::Field* field : model->all_fields())
                if (field->type == forms::FieldType::info) s.info_docs.emplace(field->id, parse_markdown(field->text));
            if (auto compiled = forms::CompiledForm::compile(std::move(*model)))
                s.compiled = std::make_shared<const forms::CompiledForm>(std::move(*compiled));
        }
        if (!s.id.empty()) c->forms.emplace(s.id, std::move(s));
    }
    decode_pictures(reader, *c);
    // The maps (issue #6): a damaged map entry leaves the map screen empty, not the whole pack unusable.
    if (auto maps = map::load_map_data(reader)) c->maps = std::move(*maps);
    else std::fprintf(stderr, "guichet-kiosk: maps: %s\n", maps.error().message.c_str());
    return c;
}

}  // namespace

const MenuItem* Content::find_menu(const std::string& id) const { return find_in(menu, id); }

const PageInfo* Content::page(const std::string& path) const {
    if (auto it = pages.find(path); it != pages.end()) return &it->second;
    auto it = feed_pages.find(path);
    return it == feed_pages.end() ? nullptr : &it->second;
}

const FormSummary* Content::form(const std::string& id) const {
    auto it = forms.find(id);
    return it == forms.end() ? nullptr : &it->second;
}

std::string Content::commune_of(const std::string& code) const {
    std::set<std::string> names;
    for (const auto& [prefix, name] : communes_by_prefix) names.insert(name);
    if (names.size() < 2 || code.size() < 3) return {};
    auto it = communes_by_prefix.find(code.substr(0, 3));
    return it == communes_by_prefix.end() ? std::string() : it->second;
}

void add_feeds(Content& c, FeedContent feeds) {
    for (FeedEntry& e : feeds.entries) {
        PageInfo p;
        p.path = e.path;
        p.title = std::move(e.title);
        p.kind = std::move(e.kind);
        p.fields = std::move(e.fields);
        c.feed_pages[p.path] = std::move(p);
    }
    c.feed_slots = std::move(feeds.slots);
    c.feed_versions = std::move(feeds.versions);
}

std::string resolve_link(const std::string& from, const std::string& href) {
    if (href.empty() || href.find("://") != std::string::npos || href.rfind("mailto:", 0) == 0 ||
        href.rfind("tel:", 0) == 0 || href.rfind("form:", 0) == 0 || href[0] == '#') {
        return {};
    }
    std::string target = href.substr(0, href.find('#'));
    fs::path base = fs::path(from).parent_path();
    // A leading '/' starts from the content folder, as guichet-pack checks it (docs/content-format.md §4.3).
    fs::path joined = (target[0] == '/' ? fs::path(target.substr(1)) : base / target).lexically_normal();
    std::string s = joined.generic_string();
    if (s.rfind("pages/", 0) != 0) return {};
    return s;
}

LoadResult load_content(const LoaderOptions& options) {
    LoadResult r;
    crypto::KeyRing ring;
    fs::path keys_dir = options.keys_dir.empty() ? options.packs_dir : options.keys_dir;
    for (const fs::path& k : files_with_ext(keys_dir, ".pub")) {
        auto text = read_text_file(k, 64 * 1024);
        if (!text) {
            r.problems.push_back(text.error().message);
            continue;
        }
        auto key = crypto::PublicKey::parse(*text);
        if (!key) {
            r.problems.push_back(k.string() + ": " + key.error().message);
            continue;
        }
        ring.add(*key);
    }
    if (ring.keys().empty()) r.problems.push_back("no trusted public key (*.pub) in " + keys_dir.string());

    fs::path state_dir = options.state_dir.empty() ? options.packs_dir : options.state_dir;
    auto store = pack::TrustStore::load(state_dir, ring);
    if (!store) {
        r.problems.push_back(store.error().message);
        return r;
    }
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    pack::KioskIdentity me;
    me.kiosk_id = options.kiosk_id;
    std::optional<pack::PackReader> best;
    std::map<std::string, std::string> communes;  // tracking prefix -> commune, of every admitted pack
    std::map<std::string, std::string> prefix_owner;  // tracking prefix -> the first pack id seen with it
    auto packs = files_with_ext(options.packs_dir, ".gpk");
    if (packs.empty()) r.problems.push_back("no pack (*.gpk) in " + options.packs_dir.string());
    for (const fs::path& p : packs) {
        auto reader = pack::PackReader::open(p, store->keys());
        if (!reader) {
            r.problems.push_back(p.string() + ": " + reader.error().message);
            continue;
        }
        if (auto ok = store->admit(reader->manifest(), now, me); !ok) {
            r.problems.push_back(p.string() + ": " + ok.error().message);
            continue;
        }
        if (!best || reader->manifest().version > best->manifest().version) best = *reader;
        // Each admitted pack's prefix and commune: codes of démarches made with it stay in the store.
        if (auto pj = reader->read("pack.json")) {
            json pack = json::parse(as_text(*pj), nullptr, false);
            std::string prefix = str(pack, "tracking_prefix"), commune = str(pack, "commune_name");
            if (!prefix.empty() && !commune.empty()) communes[prefix] = commune;
            // Two pack ids with one prefix: their codes could not be told apart (guichet-pack publish refuses it).
            const std::string& id = reader->manifest().id;
            if (auto [owner, fresh] = prefix_owner.emplace(prefix, id); !prefix.empty() && !fresh && owner->second != id)
                r.problems.push_back("les packs '" + owner->second + "' et '" + id + "' ont le même préfixe de suivi " + prefix +
                                     " : les codes de suivi ne disent plus de quelle commune ils sont ; donnez à chaque "
                                     "commune son propre 'tracking_prefix' et republiez l’un des deux");
        }
    }
    if (!best) return r;
    auto content = build_content(*best);
    if (!content) {
        r.problems.push_back(content.error().message);
        return r;
    }
    (*content)->communes_by_prefix.merge(communes);  // the shown pack's own entry wins
    // The signed feeds the agent left in STATE/feeds (docs/feeds.md §7), checked with the same keys:
    // a bad feed is skipped with a problem line, the pack is shown anyway.
    const std::time_t t = static_cast<std::time_t>(now);
    std::tm local{};
    localtime_r(&t, &local);
    char now_local[32];
    std::strftime(now_local, sizeof now_local, "%Y-%m-%dT%H:%M", &local);
    FeedContent feeds = load_feeds(state_dir, store->keys(), now, now_local);
    for (const std::string& p : feeds.problems) r.problems.push_back("feeds: " + p);
    add_feeds(**content, std::move(feeds));
    r.content = std::move(*content);
    return r;
}

ContentLoader::ContentLoader(LoaderOptions options, std::function<void()> on_ready)
    : options_(std::move(options)), on_ready_(std::move(on_ready)) {}

ContentLoader::~ContentLoader() {
    if (worker_.joinable()) worker_.join();
}

namespace {

// What a rescan compares: every *.gpk and the trust state, by name, size and
// modification time. Packs are installed by rename, so a new one changes it.
std::string packs_signature(const LoaderOptions& options) {
    std::string sig;
    auto add = [&sig](const fs::path& p) {
        std::error_code ec;
        const auto size = fs::file_size(p, ec);
        const auto time = fs::last_write_time(p, ec).time_since_epoch().count();
        sig += p.filename().string() + ":" + std::to_string(ec ? 0 : size) + ":" + std::to_string(ec ? 0 : time) + "\n";
    };
    for (const fs::path& p : files_with_ext(options.packs_dir, ".gpk")) add(p);
    const fs::path state_dir = options.state_dir.empty() ? options.packs_dir : options.state_dir;
    add(state_dir / "trust-state.json");
    // The signed feeds (docs/feeds.md §7): the agent installs them by rename too.
    for (const fs::path& p : files_with_ext(state_dir / "feeds", ".gfd")) add(p);
    return sig;
}

}  // namespace

void ContentLoader::request() { start(false); }

bool ContentLoader::rescan() { return start(true); }

bool ContentLoader::start(bool only_if_changed) {
    std::lock_guard lock(mu_);
    if (running_) return false;
    if (worker_.joinable()) worker_.join();  // finished: it set running_ = false
    running_ = true;
    worker_ = std::thread([this, only_if_changed] {
        std::string signature = packs_signature(options_);
        LoadResult r;
        if (only_if_changed && signature == last_signature_) {
            r.unchanged = true;
        } else {
            r = load_content(options_);
            last_signature_ = std::move(signature);
        }
        {
            std::lock_guard l(mu_);
            done_.push_back(std::move(r));
            running_ = false;
        }
        cv_.notify_all();
        if (on_ready_) on_ready_();
    });
    return true;
}

std::optional<LoadResult> ContentLoader::poll() {
    std::lock_guard lock(mu_);
    if (done_.empty()) return std::nullopt;
    LoadResult r = std::move(done_.front());
    done_.pop_front();
    return r;
}

LoadResult ContentLoader::wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return !done_.empty(); });
    LoadResult r = std::move(done_.front());
    done_.pop_front();
    return r;
}

bool ContentLoader::busy() const {
    std::lock_guard lock(mu_);
    return running_;
}

}  // namespace guichet::ui
