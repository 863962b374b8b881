#include "repo_fixture.hpp"

#include "index.hpp"
#include "pack/trust_store.hpp"

#include <doctest/doctest.h>

namespace guichet::test {

namespace fs = std::filesystem;

RepoFixture::RepoFixture() {
    REQUIRE(key.save_unencrypted(key_file).ok());
    fs::create_directories(packs);
    fs::create_directories(state);
}

fs::path RepoFixture::build(std::uint64_t version, const crypto::SecretKey* signer) {
    auto entries = sample_entries(40);
    for (auto& e : entries)
        if (e.path == "pages/p1000.md") e.content += "\nModifié pour la version " + std::to_string(version) + ".\n";
    const fs::path out = dir / ("test-" + std::to_string(version) + (signer ? "-other" : "") + ".gpk");
    build_pack(out, entries, signer ? *signer : key, sample_manifest(version, kCreated));
    return out;
}

int RepoFixture::publish(const fs::path& pack, const std::string& extra, std::string* output) {
    std::string ignored;
    return run_command(std::string(GUICHET_PACK_TOOL) + " publish --repo " + repo.string() + " " +
                           (pack.empty() ? "" : pack.string() + " ") + "--key " + key_file.string() +
                           " --created " + std::to_string(kCreated) + " " + extra,
                       output ? output : &ignored);
}

repo::UpdaterOptions RepoFixture::options() const {
    repo::UpdaterOptions o;
    o.packs_dir = packs;
    o.state_dir = state;
    o.configured_keys = ring_of(key);
    return o;
}

Result<repo::UpdateReport> RepoFixture::update(repo::Transport& transport, std::int64_t now) const {
    return repo::update_packs(transport, options(), now);
}

std::optional<std::uint64_t> RepoFixture::kiosk_version() const {
    auto store = pack::TrustStore::load(packs, ring_of(key));
    REQUIRE(store.ok());
    std::optional<std::uint64_t> best;
    for (const auto& e : fs::directory_iterator(packs)) {
        if (e.path().extension() != ".gpk") continue;
        auto reader = pack::PackReader::open(e.path(), store->keys());
        if (!reader || !store->admit(reader->manifest(), kNow, {}) || !reader->verify_all(true)) continue;
        if (!best || reader->manifest().version > *best) best = reader->manifest().version;
    }
    return best;
}

std::size_t RepoFixture::installed_files() const {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(packs)) n += e.path().extension() == ".gpk";
    return n;
}

Result<void> CountingTransport::fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes,
                                      const repo::Sink& sink) {
    requests.push_back({std::string(name), offset});
    return inner_.fetch(name, offset, max_bytes, [&](ByteView chunk) -> Result<void> {
        if (budget && *budget < chunk.size()) {
            ByteView part = chunk.first(static_cast<std::size_t>(*budget));
            bytes += part.size();
            *budget = 0;
            if (!part.empty())
                if (auto r = sink(part); !r) return r;
            return fail("connection reset (test)");
        }
        if (budget) *budget -= chunk.size();
        bytes += chunk.size();
        return sink(chunk);
    });
}

Result<void> EndlessTransport::fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes,
                                     const repo::Sink& sink) {
    if (name == repo::kIndexName && !endless_index_) return inner_.fetch(name, offset, max_bytes, sink);
    const Bytes chunk(16 * 1024, 'x');
    // Ignores MAX_BYTES on purpose; stops on its own only far beyond any limit.
    for (std::uint64_t sent = 0; sent < (1ull << 30); sent += chunk.size()) {
        endless_bytes += chunk.size();
        if (auto r = sink(chunk); !r) return r;
    }
    return {};
}

}  // namespace guichet::test
