#include "repo_state.hpp"

#include "common/file.hpp"
#include "index.hpp"

#include <nlohmann/json.hpp>

namespace guichet::repo {

namespace {
constexpr std::uint64_t kMaxStateSize = 64 * 1024;
std::filesystem::path state_file(const std::filesystem::path& dir) { return dir / "repo-state.json"; }
}  // namespace

Result<std::optional<AcceptedIndex>> load_accepted_index(const std::filesystem::path& state_dir) {
    const auto path = state_file(state_dir);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::optional<AcceptedIndex>{};
    auto text = read_text_file(path, kMaxStateSize);
    if (!text) return text.error();
    auto j = nlohmann::json::parse(*text, nullptr, false);
    const std::string bad = path.string() + ": not a repository state (delete it to accept any valid index again)";
    if (j.is_discarded() || !j.is_object() || j.value("format", 0) != 1) return fail(bad);
    auto version = j.find("index_version");
    auto hash = j.find("index_hash");
    if (version == j.end() || !version->is_number_unsigned() || hash == j.end() || !hash->is_string()) return fail(bad);
    Bytes raw;
    if (!from_hex(hash->get<std::string>(), raw) || raw.size() != 32) return fail(bad);
    AcceptedIndex accepted;
    accepted.version = version->get<std::uint64_t>();
    std::copy(raw.begin(), raw.end(), accepted.hash.begin());
    return std::optional<AcceptedIndex>{accepted};
}

Result<void> save_accepted_index(const std::filesystem::path& state_dir, const AcceptedIndex& accepted) {
    nlohmann::json j{{"format", 1}, {"index_version", accepted.version}, {"index_hash", hash_hex(accepted.hash)}};
    return write_file_atomic(state_file(state_dir), as_bytes(j.dump()));
}

}  // namespace guichet::repo
