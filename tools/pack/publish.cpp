#include "publish.hpp"

#include "messages.hpp"

#include "common/file.hpp"
#include "crypto/signing/signing.hpp"
#include "delta_writer.hpp"
#include "download.hpp"
#include "index.hpp"
#include "pack/reader.hpp"
#include "publish_lock.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

namespace guichet::packtool {

using packsrc::msg;

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kDefaultExpiryDays = 7;
constexpr std::int64_t kDefaultKeep = 3;

bool parse_int(std::string_view text, std::int64_t& out) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

int failed(const std::string& message) {
    std::fprintf(stderr, "%s", msg("error: {1}\n", {message}).c_str());
    return kExitFailed;
}

std::string kib(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024);
    return buf;
}

// Versions of ID present as whole packs in the repository, highest first.
std::vector<std::uint64_t> stored_versions(const fs::path& repo, const std::string& id) {
    std::vector<std::uint64_t> versions;
    std::error_code ec;
    const std::string prefix = id + "-";
    for (const auto& e : fs::directory_iterator(repo / "packs" / id, ec)) {
        std::string name = e.path().filename().string();
        if (!name.starts_with(prefix) || !name.ends_with(".gpk")) continue;
        std::string_view digits(name.data() + prefix.size(), name.size() - prefix.size() - 4);
        std::int64_t v = 0;
        if (parse_int(digits, v) && v > 0 && repo::pack_file_name(id, static_cast<std::uint64_t>(v)) == name)
            versions.push_back(static_cast<std::uint64_t>(v));
    }
    std::sort(versions.rbegin(), versions.rend());
    return versions;
}

Result<void> copy_into(ByteView bytes, const fs::path& target) {
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fail(msg("cannot create {1}: {2}", {target.parent_path().string(), ec.message()}));
    return write_file_atomic(target, bytes);
}

// The prefix of the tracking codes a kiosk hands out for this pack's démarches
// (pack.json "tracking_prefix"); a pack without one gets the kiosk's default, ANR
// (kiosk/ui/content.hpp), so it is compared as such.
std::string tracking_prefix_of(const pack::PackReader& reader) {
    if (!reader.find("pack.json")) return "ANR";
    auto bytes = reader.read("pack.json");
    if (!bytes) return "ANR";
    auto json = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (json.is_object() && json.contains("tracking_prefix") && json["tracking_prefix"].is_string())
        return json["tracking_prefix"].get<std::string>();
    return "ANR";
}

struct PublishContext {
    fs::path repo;
    crypto::KeyRing ring;
    std::int64_t now = 0;
    std::size_t keep = 3;
};

// Copies an older version given with --base into the repository, so deltas can start from it.
Result<void> add_base(const PublishContext& ctx, const std::string& path, const pack::Manifest& target) {
    auto base = pack::PackReader::open(path, ctx.ring);
    if (!base) return base.error();
    const auto& m = base->manifest();
    if (m.id != target.id) return fail(path + ": " + msg("--base pack is '{1}', not '{2}'", {m.id, target.id}));
    if (m.version >= target.version)
        return fail(msg("{1}: --base version {2} is not older than version {3}",
                        {path, std::to_string(m.version), std::to_string(target.version)}));
    const fs::path stored = ctx.repo / repo::pack_path(m.id, m.version);
    std::error_code ec;
    if (!fs::exists(stored, ec)) return copy_into(base->file_bytes(), stored);
    auto theirs = repo::hash_file(stored);
    if (!theirs) return theirs.error();
    if (*theirs != crypto::blake2b_256(base->file_bytes()))
        return fail(msg("{1}: the repository already holds a different {2}", {path, repo::pack_file_name(m.id, m.version)}));
    return {};
}

// Adds PACK to INDEX: copies it, makes deltas from the kept older versions.
Result<void> add_pack(const PublishContext& ctx, const std::string& path, const std::vector<std::string>& bases,
                      repo::Index& index) {
    auto reader = pack::PackReader::open(path, ctx.ring);
    if (!reader) return fail(msg("{1} (is --key the key that signed this pack?)", {reader.error().message}));
    const pack::Manifest& m = reader->manifest();
    if (ctx.now >= m.expires) return fail(msg("{1}: the pack has already expired; build it again", {path}));
    auto listed = std::find_if(index.packs.begin(), index.packs.end(), [&](const auto& p) { return p.id == m.id; });
    if (listed != index.packs.end() && listed->version >= m.version)
        return fail(msg("{1}: '{2}' version {3} is already published; build a higher version (`guichet-pack build --version N`)",
                        {path, m.id, std::to_string(listed->version)}));
    // Kiosks holding packs of several communes name each code's commune by its prefix:
    // two packs with one prefix would make every code of either ambiguous.
    const std::string prefix = tracking_prefix_of(*reader);
    for (const auto& other : index.packs) {
        if (other.id == m.id) continue;
        const fs::path other_path = ctx.repo / repo::pack_path(other.id, other.version);
        auto theirs = pack::PackReader::open_unverified(other_path);
        if (!theirs) {
            std::fprintf(stderr, "%s", msg("warning: cannot read {1} to compare tracking prefixes: {2}\n",
                                           {other_path.string(), theirs.error().message})
                                           .c_str());
            continue;
        }
        if (tracking_prefix_of(*theirs) == prefix)
            return fail(msg("{1}: pack '{2}' uses the tracking prefix {3}, which pack '{4}' already uses in this repository: "
                            "a kiosk with both could not tell which commune a code belongs to; give each commune its own "
                            "'tracking_prefix' in pack.yaml and build again",
                            {path, m.id, prefix, other.id}));
    }
    for (const auto& b : bases)
        if (auto r = add_base(ctx, b, m); !r) return r;
    if (auto r = copy_into(reader->file_bytes(), ctx.repo / repo::pack_path(m.id, m.version)); !r) return r;

    repo::PackRecord record;
    record.id = m.id;
    record.version = m.version;
    record.size = reader->file_bytes().size();
    record.hash = crypto::blake2b_256(reader->file_bytes());
    std::printf("%s", msg("published '{1}' version {2} ({3})\n", {m.id, std::to_string(m.version), kib(record.size)}).c_str());
    auto versions = stored_versions(ctx.repo, m.id);
    std::size_t kept_older = 0;
    for (std::uint64_t from : versions) {
        if (from >= m.version || kept_older + 1 >= ctx.keep || record.deltas.size() >= repo::kMaxDeltasPerPack) continue;
        ++kept_older;
        const fs::path base = ctx.repo / repo::pack_path(m.id, from);
        const fs::path out = ctx.repo / repo::delta_path(m.id, from, m.version);
        std::error_code ec;
        fs::create_directories(out.parent_path(), ec);
        auto stats = pack::make_delta(base, ctx.repo / repo::pack_path(m.id, m.version), out);
        if (!stats) return fail(msg("delta from version {1}: {2}", {std::to_string(from), stats.error().message}));
        if (stats->delta_size >= record.size) {
            fs::remove(out, ec);
            std::printf("%s", msg("  no delta from version {1} (not smaller than the pack)\n", {std::to_string(from)}).c_str());
            continue;
        }
        auto base_hash = repo::hash_file(base);
        auto delta_hash = repo::hash_file(out);
        if (!base_hash) return base_hash.error();
        if (!delta_hash) return delta_hash.error();
        record.deltas.push_back({from, *base_hash, stats->delta_size, *delta_hash});
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.1f", 100.0 * static_cast<double>(stats->delta_size) / static_cast<double>(record.size));
        std::printf("%s", msg("  delta from version {1}: {2} ({3}% of the pack)\n", {std::to_string(from), kib(stats->delta_size), percent}).c_str());
    }
    if (listed != index.packs.end()) *listed = std::move(record);
    else index.packs.push_back(std::move(record));
    return {};
}

// Removes whole packs beyond the KEEP highest versions and deltas the index no longer lists.
void prune(const PublishContext& ctx, const repo::Index& index) {
    std::error_code ec;
    for (const auto& p : index.packs) {
        auto versions = stored_versions(ctx.repo, p.id);
        for (std::size_t i = 0; i < versions.size(); ++i)
            if (i >= ctx.keep && versions[i] != p.version) fs::remove(ctx.repo / repo::pack_path(p.id, versions[i]), ec);
        for (const auto& e : fs::directory_iterator(ctx.repo / "deltas" / p.id, ec)) {
            bool listed = std::any_of(p.deltas.begin(), p.deltas.end(), [&](const repo::DeltaRecord& d) {
                return ctx.repo / repo::delta_path(p.id, d.from, p.version) == e.path();
            });
            if (!listed) fs::remove(e.path(), ec);
        }
    }
}

int cmd_publish(const cli::Args& args) {
    PublishContext ctx;
    ctx.repo = *args.value("repo");
    std::optional<std::string> password;
    if (const char* p = std::getenv("GUICHET_KEY_PASSWORD")) password = p;
    auto key = crypto::SecretKey::load(*args.value("key"), password);
    if (!key) return failed(key.error().message);
    ctx.ring.add(key->public_key());

    std::int64_t days = kDefaultExpiryDays, keep = kDefaultKeep;
    if (auto v = args.value("expires"); v && (!parse_int(*v, days) || days < 1 || days > 366))
        return failed(msg("--expires must be a number of days from 1 to 366, not '{1}'", {*v}));
    if (auto v = args.value("keep"); v && (!parse_int(*v, keep) || keep < 1 || keep > 16))
        return failed(msg("--keep must be a number of versions from 1 to 16, not '{1}'", {*v}));
    ctx.keep = static_cast<std::size_t>(keep);
    ctx.now = static_cast<std::int64_t>(std::time(nullptr));
    if (auto c = args.value("created")) {
        if (!parse_int(*c, ctx.now) || ctx.now <= 0) return failed(msg("--created must be a Unix time in seconds, not '{1}'", {*c}));
    } else if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {
        if (!parse_int(e, ctx.now) || ctx.now <= 0) return failed(msg("SOURCE_DATE_EPOCH must be a Unix time in seconds, not '{1}'", {e}));
    }
    if (!args.positional.empty() && args.has("base") && args.all_values.count("base") == 0)
        return failed(msg("--base needs a pack file"));

    std::error_code ec;
    fs::create_directories(ctx.repo, ec);
    if (ec) return failed(msg("cannot create {1}: {2}", {ctx.repo.string(), ec.message()}));
    // Held until the index is written and the old files pruned.
    auto lock = repo::PublishLock::try_acquire(ctx.repo);
    if (!lock) {
        if (lock.error().message == repo::kPublishBusy)
            return failed(msg("{1}: another publication is in progress in this repository (a colleague, or a hub "
                              "receiving an upload); try again in a moment",
                              {ctx.repo.string()}));
        return failed(lock.error().message);
    }
    const fs::path index_path = ctx.repo / std::string(repo::kIndexName);
    repo::Index index;
    if (fs::exists(index_path, ec)) {
        auto text = read_text_file(index_path, repo::kMaxIndexSize);
        if (!text) return failed(text.error().message);
        auto old = repo::verify_index_file(*text, ctx.ring);
        if (!old)
            return failed(msg("{1}: {2} (a repository is signed by one key: is --key the key that signed it?)", {index_path.string(), old.error().message}));
        index = std::move(*old);
    } else if (args.positional.empty()) {
        return failed(msg("{1} does not exist: publish a pack first", {index_path.string()}));
    }
    if (!args.positional.empty()) {
        auto bases = args.all_values.count("base") ? args.all_values.at("base") : std::vector<std::string>{};
        if (auto r = add_pack(ctx, args.positional[0], bases, index); !r) return failed(r.error().message);
    }
    index.version += 1;
    index.created = ctx.now;
    index.expires = ctx.now + days * 86400;
    const std::string body = index.to_json();
    const std::string file =
        crypto::sign_document(*key, body, std::string(repo::kIndexUntrustedComment), repo::index_comment(index.version));
    if (file.size() > repo::kMaxIndexSize) return failed(msg("the index would exceed 1 MiB; nothing was changed"));
    if (auto r = write_file_atomic(index_path, as_bytes(file)); !r) return failed(r.error().message);
    prune(ctx, index);
    std::printf("%s", msg("index version {1} signed (key id {2}), {3} pack(s), expires {4}\n",
                          {std::to_string(index.version), crypto::key_id_hex(key->id), std::to_string(index.packs.size()), format_utc(index.expires)})
                          .c_str());
    return kExitOk;
}

}  // namespace

const Command& publish_command() {
    static const Command command{
        "publish", "add a pack version to a pack repository and sign its index",
        "Usage: guichet-pack publish --repo DIR [PACK] --key KEY [--base OLD ...] [options]\n\n"
        "Copies PACK into the repository DIR (the hub serves DIR), makes deltas to it from\n"
        "the older versions kept there, and signs a new index.gpi (docs/pack-repository.md).\n"
        "PACK and the existing index must be signed by KEY. Without PACK, only re-signs the\n"
        "index with a new version and expiry: run that before the index expires.\n\n"
        "Options:\n"
        "  --repo DIR      the repository (created if missing)\n"
        "  --key KEY       secret signing key (the pack signing key kiosks trust)\n"
        "  --base OLD      an older version kiosks may have (repeatable): kept and used as a delta base\n"
        "  --expires DAYS  the index expires after DAYS days (default 7; kiosks refuse an expired index)\n"
        "  --keep N        keep the N highest versions of each pack as delta bases (default 3)\n"
        "  --created T     signing time, Unix seconds (default: $SOURCE_DATE_EPOCH, else now)\n",
        {{"repo", true, 0}, {"key", true, 0}, {"base", true, 0}, {"expires", true, 0}, {"keep", true, 0}, {"created", true, 0}},
        cmd_publish, 0, 1, {"repo", "key"}};
    return command;
}

}  // namespace guichet::packtool
