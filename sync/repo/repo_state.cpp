#include "repo_state.hpp"

#include "common/file.hpp"
#include "index.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace guichet::repo {

namespace {

constexpr std::uint64_t kMaxStateSize = 256 * 1024;
std::filesystem::path state_file(const std::filesystem::path& dir) {
    return dir / "repo-state.json";
}

bool parse_hash(const nlohmann::json& j, crypto::Hash256& out) {
    if (!j.is_string()) return false;
    Bytes raw;
    if (!from_hex(j.get<std::string>(), raw) || raw.size() != 32) return false;
    std::copy(raw.begin(), raw.end(), out.begin());
    return true;
}

}  // namespace

std::int64_t failure_backoff_seconds(std::uint32_t failures, std::int64_t base, std::int64_t cap) {
    const double raw =
        static_cast<double>(base) * std::ldexp(1.0, std::clamp<int>(static_cast<int>(failures) - 1, 0, 40));
    return static_cast<std::int64_t>(std::min(static_cast<double>(cap), raw));
}

Result<RepoState> load_repo_state(const std::filesystem::path& state_dir) {
    const auto path = state_file(state_dir);
    std::error_code ec;
    RepoState state;
    if (!std::filesystem::exists(path, ec)) return state;
    auto text = read_text_file(path, kMaxStateSize);
    if (!text) return text.error();
    auto j = nlohmann::json::parse(*text, nullptr, false);
    const std::string bad = path.string() + ": not a repository state (delete it to accept any valid index again)";
    if (j.is_discarded() || !j.is_object() || j.value("format", 0) != 1) return fail(bad);
    auto version = j.find("index_version");
    auto hash = j.find("index_hash");
    if (version == j.end() || !version->is_number_unsigned() || hash == j.end()) return fail(bad);
    AcceptedIndex accepted;
    accepted.version = version->get<std::uint64_t>();
    if (!parse_hash(*hash, accepted.hash)) return fail(bad);
    state.accepted = accepted;
    // Optional (added with issue #21): a reader that does not know it loses only the backoff.
    if (auto f = j.find("failures"); f != j.end() && f->is_array()) {
        for (const auto& e : *f) {
            if (state.failures.size() >= kMaxFailures || !e.is_object()) break;
            FileFailure ff;
            if (!e.contains("name") || !e["name"].is_string() || !e.contains("hash") || !parse_hash(e["hash"], ff.hash))
                continue;  // a damaged entry only means trying that file again
            ff.name = e["name"].get<std::string>();
            ff.pack_id = e.value("pack", std::string());
            ff.version = e.value("version", std::uint64_t{0});
            ff.failures = e.value("failures", std::uint32_t{1});
            ff.retry_at = e.value("retry_at", std::int64_t{0});
            ff.error = e.value("error", std::string()).substr(0, kMaxFailureText);
            state.failures.push_back(std::move(ff));
        }
    }
    // Optional (added with issue #14): a reader that does not know it only stops reporting how packs came.
    if (auto f = j.find("installs"); f != j.end() && f->is_array()) {
        for (const auto& e : *f) {
            if (state.installs.size() >= kMaxFailures || !e.is_object()) break;
            auto pack = e.find("pack");
            auto pack_version = e.find("version");
            if (pack == e.end() || !pack->is_string() || pack_version == e.end() || !pack_version->is_number_unsigned())
                continue;  // a damaged entry only means "unknown" for that pack
            PackInstallRecord r;
            r.pack_id = pack->get<std::string>();
            r.version = pack_version->get<std::uint64_t>();
            const auto via = e.find("via");
            r.delta = via != e.end() && via->is_string() && via->get<std::string>() == "delta";
            auto number = [&](const char* name, auto fallback) {
                auto it = e.find(name);
                return it != e.end() && it->is_number() ? it->get<decltype(fallback)>() : fallback;
            };
            r.from = number("from", std::uint64_t{0});
            r.bytes = number("bytes", std::uint64_t{0});
            r.at = number("at", std::int64_t{0});
            state.installs.push_back(std::move(r));
        }
    }
    return state;
}

Result<void> save_repo_state(const std::filesystem::path& state_dir, const RepoState& state) {
    if (!state.accepted) return fail("no accepted index to record");
    nlohmann::json j{
        {"format", 1}, {"index_version", state.accepted->version}, {"index_hash", hash_hex(state.accepted->hash)}};
    if (!state.failures.empty()) {
        auto arr = nlohmann::json::array();
        for (std::size_t i = 0; i < state.failures.size() && i < kMaxFailures; ++i) {
            const auto& f = state.failures[i];
            arr.push_back({{"name", f.name},
                           {"pack", f.pack_id},
                           {"version", f.version},
                           {"hash", hash_hex(f.hash)},
                           {"failures", f.failures},
                           {"retry_at", f.retry_at},
                           {"error", f.error.substr(0, kMaxFailureText)}});
        }
        j["failures"] = std::move(arr);
    }
    if (!state.installs.empty()) {
        auto arr = nlohmann::json::array();
        for (std::size_t i = 0; i < state.installs.size() && i < kMaxFailures; ++i) {
            const auto& r = state.installs[i];
            arr.push_back({{"pack", r.pack_id},
                           {"version", r.version},
                           {"via", r.delta ? "delta" : "whole"},
                           {"from", r.from},
                           {"bytes", r.bytes},
                           {"at", r.at}});
        }
        j["installs"] = std::move(arr);
    }
    // Replacing invalid UTF-8 (an error text quoting a file): the state must always serialise.
    return write_file_atomic(state_file(state_dir),
                             as_bytes(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

Result<std::optional<AcceptedIndex>> load_accepted_index(const std::filesystem::path& state_dir) {
    auto state = load_repo_state(state_dir);
    if (!state) return state.error();
    return state->accepted;
}

Result<void> save_accepted_index(const std::filesystem::path& state_dir, const AcceptedIndex& accepted) {
    auto state = load_repo_state(state_dir);
    RepoState next = state ? std::move(*state) : RepoState{};
    next.accepted = accepted;
    return save_repo_state(state_dir, next);
}

}  // namespace guichet::repo
