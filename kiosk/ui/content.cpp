#include "ui/content.hpp"
#include "ui/content_loader.hpp"
#include "ui/map/map_data.hpp"

#include "common/file.hpp"
#include "crypto/minisign.hpp"
#include "pack/reader.hpp"
#include "pack/trust_store.hpp"

#include <algorithm>
#include <set>
#include <cstdio>
#include <chrono>
#include <ctime>

namespace guichet::ui {

namespace fs = std::filesystem;

namespace {

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

// The core builds the text model; the worker adds what only the kiosk shows.
Result<std::shared_ptr<Content>> build_content(const pack::PackReader& reader) {
    auto model = content::build_pack_content(reader);
    if (!model) return model.error();
    auto c = std::make_shared<Content>();
    if (!model->commune.empty()) c->communes_by_prefix[model->tracking_prefix] = model->commune;
    c->pack = std::make_shared<const PackContent>(std::move(*model));
    decode_pictures(reader, *c);
    // The maps (issue #6): a damaged map entry leaves the map screen empty, not the whole pack unusable.
    if (auto maps = map::load_map_data(reader)) c->maps = std::move(*maps);
    else std::fprintf(stderr, "guichet-kiosk: maps: %s\n", maps.error().message.c_str());
    return c;
}

}  // namespace

const MenuItem* Content::find_menu(const std::string& id) const { return pack->find_menu(id); }

const PageInfo* Content::page(const std::string& path) const {
    if (const PageInfo* p = pack->page(path)) return p;
    auto it = feed_pages.find(path);
    return it == feed_pages.end() ? nullptr : &it->second;
}

const FormSummary* Content::form(const std::string& id) const { return pack->form(id); }

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
        const content::PackCommune pc = content::read_pack_commune(*reader);
        if (!pc.tracking_prefix.empty() && !pc.commune.empty()) communes[pc.tracking_prefix] = pc.commune;
        // Two pack ids with one prefix: their codes could not be told apart (guichet-pack publish refuses it).
        const std::string& id = reader->manifest().id;
        if (auto [owner, fresh] = prefix_owner.emplace(pc.tracking_prefix, id);
            !pc.tracking_prefix.empty() && !fresh && owner->second != id)
            r.problems.push_back("les packs '" + owner->second + "' et '" + id + "' ont le même préfixe de suivi " +
                                 pc.tracking_prefix +
                                 " : les codes de suivi ne disent plus de quelle commune ils sont ; donnez à chaque "
                                 "commune son propre 'tracking_prefix' et republiez l’un des deux");
    }
    if (!best) return r;
    auto content = build_content(*best);
    if (!content) {
        r.problems.push_back(content.error().message);
        return r;
    }
    (*content)->communes_by_prefix.merge(communes);
    (*content)->kiosk_id = options.kiosk_id;  // a SEPA mandate's RUM names the kiosk (docs/sepa.md §2)  // the shown pack's own entry wins
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
    : options_(std::move(options)),
      queue_([this](bool& only_if_changed) -> std::optional<LoadResult> { return load(only_if_changed); },
             std::move(on_ready)) {}

ContentLoader::~ContentLoader() = default;

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

void ContentLoader::request() { queue_.post_if_idle(false); }

bool ContentLoader::rescan() { return queue_.post_if_idle(true); }

LoadResult ContentLoader::load(bool only_if_changed) {
    std::string signature = packs_signature(options_);
    LoadResult r;
    if (only_if_changed && signature == last_signature_) {
        r.unchanged = true;
    } else {
        r = load_content(options_);
        last_signature_ = std::move(signature);
    }
    return r;
}

std::optional<LoadResult> ContentLoader::poll() { return queue_.poll_one(); }

LoadResult ContentLoader::wait() { return queue_.wait_one(); }

bool ContentLoader::busy() const { return !queue_.idle(); }

}  // namespace guichet::ui
