// A pack repository and a kiosk in temporary directories: packs built in
// process, published with the real `guichet-pack publish`, updated through
// guichet_repo with test transports that count, cut or never stop.
#pragma once

#include "common/result.hpp"
#include "test_support.hpp"
#include "transport.hpp"
#include "updater.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace guichet::test {

inline constexpr std::int64_t kCreated = 1'800'000'000;
inline constexpr std::int64_t kNow = kCreated + 3600;

struct RepoFixture {
    TempDir dir;
    crypto::SecretKey key = crypto::SecretKey::generate();
    std::filesystem::path key_file = dir / "staff.key";
    std::filesystem::path repo = dir / "repo";
    std::filesystem::path packs = dir / "kiosk-packs";
    std::filesystem::path state = dir / "kiosk-state";

    RepoFixture();
    // Pack "test" version V; each version changes one page, so deltas are small.
    std::filesystem::path build(std::uint64_t version, const crypto::SecretKey* signer = nullptr);
    // `guichet-pack publish --repo REPO [PACK] --key KEY --created kCreated EXTRA`; returns the exit status.
    int publish(const std::filesystem::path& pack, const std::string& extra = "", std::string* output = nullptr);
    repo::UpdaterOptions options() const;
    Result<repo::UpdateReport> update(repo::Transport& transport, std::int64_t now = kNow) const;
    // Highest version among the kiosk's packs that open and pass the kiosk's
    // own checks (signature, admit, verify_all), as the kiosk would choose.
    std::optional<std::uint64_t> kiosk_version() const;
    std::size_t installed_files() const;  // *.gpk in the packs directory
};

// Counts bytes and requests; can cut the connection after a byte budget.
class CountingTransport : public repo::Transport {
public:
    explicit CountingTransport(std::filesystem::path root)
        : own_(std::make_unique<repo::DirectoryTransport>(std::move(root))), inner_(*own_) {}
    explicit CountingTransport(repo::Transport& inner) : inner_(inner) {}
    Result<void> fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes,
                       const repo::Sink& sink) override;
    bool last_fetch_missing() const override { return inner_.last_fetch_missing(); }

    std::uint64_t bytes = 0;
    struct Request {
        std::string name;
        std::uint64_t offset;
    };
    std::vector<Request> requests;
    std::optional<std::uint64_t> budget;  // bytes left before the "connection" drops

private:
    std::unique_ptr<repo::Transport> own_;
    repo::Transport& inner_;
};

// Serves the index from a directory but answers every other file, or every
// file when ENDLESS_INDEX, with bytes that never end (until the sink refuses).
class EndlessTransport : public repo::Transport {
public:
    EndlessTransport(std::filesystem::path root, bool endless_index) : inner_(std::move(root)), endless_index_(endless_index) {}
    Result<void> fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes,
                       const repo::Sink& sink) override;
    std::uint64_t endless_bytes = 0;  // bytes the endless answers delivered

private:
    repo::DirectoryTransport inner_;
    bool endless_index_;
};

}  // namespace guichet::test
