// Helpers shared by the tests: temporary directories and small signed packs.
#pragma once

#include "common/bytes.hpp"
#include "crypto/signing/signing.hpp"
#include "pack/reader.hpp"
#include "pack_writer.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace guichet::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct TestEntry {
    std::string path;
    std::string content;
};

// A default set of entries: small Markdown/JSON texts (enough to train a
// dictionary), a compressible binary and an "already compressed" raw one.
std::vector<TestEntry> sample_entries(std::size_t text_count = 40);

pack::Manifest sample_manifest(std::uint64_t version = 1, std::int64_t created = 1'800'000'000);

// Writes a pack signed by KEY; fails the test on error.
void build_pack(const std::filesystem::path& out, const std::vector<TestEntry>& entries, const crypto::SecretKey& key,
                const pack::Manifest& manifest = sample_manifest(), const std::optional<Bytes>& dictionary = {});

crypto::KeyRing ring_of(const crypto::SecretKey& key);
Bytes read_all(const std::filesystem::path& p);
void write_all(const std::filesystem::path& p, ByteView data);
std::string to_string(const Bytes& b);

// Runs a shell command, returns its exit status and captures stdout+stderr.
int run_command(const std::string& command, std::string* output = nullptr);

}  // namespace guichet::test
