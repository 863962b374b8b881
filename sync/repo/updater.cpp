#include "updater.hpp"

#include "common/file.hpp"
#include "common/time_format.hpp"
#include "download.hpp"
#include "index.hpp"
#include "pack/delta.hpp"
#include "pack/reader.hpp"
#include "repo_state.hpp"

#include <fcntl.h>
#include <algorithm>
#include <map>
#include <optional>
#include <unistd.h>

namespace guichet::repo {

namespace fs = std::filesystem;

namespace {

struct InstalledPack {
    std::uint64_t version = 0;
    fs::path path;
};

// Every pack in DIR that opens with KEYS, by id.
std::map<std::string, std::vector<InstalledPack>> scan_installed(const fs::path& dir, const crypto::KeyRing& keys) {
    std::map<std::string, std::vector<InstalledPack>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file(ec) || entry.path().extension() != ".gpk") continue;
        auto reader = pack::PackReader::open(entry.path(), keys);
        if (!reader) continue;
        found[reader->manifest().id].push_back({reader->manifest().version, entry.path()});
    }
    return found;
}

Result<void> sync_dir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail("cannot open directory " + dir.string() + ": " + errno_text());
    int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) return fail("cannot sync directory " + dir.string() + ": " + errno_text());
    return {};
}

Result<std::string> fetch_index(Transport& transport, std::uint64_t& fetched) {
    std::string file;
    auto r = transport.fetch(kIndexName, 0, kMaxIndexSize + 1, [&](ByteView chunk) -> Result<void> {
        fetched += chunk.size();
        if (chunk.size() > kMaxIndexSize - file.size())
            return fail("the response is larger than 1 MiB; cut and refused");
        file.append(as_chars(chunk));
        return {};
    });
    if (!r) return fail("index: " + r.error().message);
    return file;
}

// Whether NAME, in .incoming, is a download of pack ID: <id>-<v>.gpk.<hex>.part,
// <id>-<from>-to-<v>.gpd.<hex>.part or <id>-<v>.gpk.staged. Ids may hold '-':
// a download of pack "anor-jeunesse" is not one of pack "anor".
bool is_download_of(std::string_view name, std::string_view id) {
    if (!name.starts_with(id) || name.size() <= id.size() || name[id.size()] != '-') return false;
    std::string_view rest = name.substr(id.size() + 1);
    auto number = [&rest] {
        std::size_t n = 0;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
        rest.remove_prefix(n);
        return n > 0;
    };
    if (!number()) return false;
    if (rest.starts_with("-to-")) {
        rest.remove_prefix(4);
        if (!number() || !rest.starts_with(".gpd.")) return false;
    } else if (!rest.starts_with(".gpk.")) {
        return false;
    }
    rest.remove_prefix(4);
    if (rest == ".staged") return true;
    return rest.size() == 1 + 16 + 5 && rest.starts_with('.') && rest.ends_with(".part");
}

// Whether NAME has the shape of a download of some pack (is_download_of for
// one of its prefixes ending before a '-'). Only to leave alone files that are
// no download at all: which pack a file belongs to is asked of known ids.
bool looks_like_download(std::string_view name) {
    for (std::size_t i = name.find('-'); i != std::string_view::npos; i = name.find('-', i + 1))
        if (i > 0 && is_download_of(name, name.substr(0, i))) return true;
    return false;
}

// Removes the downloads in INCOMING of packs that are neither listed in the
// accepted index nor installed (a pack the hub withdrew): nothing would ever
// resume or tidy them. Returns how many files were removed.
int remove_withdrawn_downloads(const fs::path& incoming, const std::vector<std::string>& known_ids) {
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(incoming, ec)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file(ec) || !looks_like_download(name)) continue;
        if (std::any_of(known_ids.begin(), known_ids.end(), [&](const std::string& id) { return is_download_of(name, id); }))
            continue;
        if (fs::remove(entry.path(), ec)) ++removed;
    }
    return removed;
}

// One pack of the index, from download to installation.
class PackStep {
public:
    PackStep(Transport& transport, const UpdaterOptions& options, pack::TrustStore& store, std::int64_t now,
             std::uint64_t& fetched, RepoState& state)
        : transport_(transport), options_(options), store_(store), now_(now), fetched_(fetched), state_(state),
          incoming_(options.packs_dir / ".incoming") {}

    PackUpdate run(const PackRecord& record, const std::vector<InstalledPack>& installed);
    bool state_changed() const { return state_changed_; }

private:
    static ExpectedFile whole_file(const PackRecord& record) {
        return {pack_path(record.id, record.version), record.size, record.hash};
    }
    // The recorded failure of NAME with HASH, if any; whether it still waits for its backoff.
    FileFailure* failure_of(const std::string& name, const crypto::Hash256& hash);
    bool backing_off(const FileFailure* f) const { return f && options_.honour_backoff && f->retry_at > now_; }
    void record_failure(const ExpectedFile& file, const PackRecord& record, const std::string& error);
    void clear_failure(const std::string& name);
    // Replaces the pack's install record (repo-state.json, for the heartbeat).
    void record_install(const PackRecord& record, const DeltaRecord* delta);
    // At most one download per pack id: once the download into KEEP has received bytes (the
    // server has that file), removes the id's other files in .incoming (superseded versions,
    // the other of delta and whole pack, a stale .staged).
    void remove_other_downloads(const std::string& id, const fs::path& keep);
    // A missing file, or one fetched whole in this attempt that did not match the index: the
    // server's fault, worth a backoff. A resumed part that fails may be this disk's: it starts over.
    static bool server_at_fault(const DownloadStats& s) {
        return s.missing || (s.discarded && s.resumed_from == 0);
    }
    void step(std::string_view name) const {
        if (options_.after_step) options_.after_step(name);
    }
    // Each returns the staged file (complete, matching the index's pack hash)
    // or why not; WORTH_FALLBACK says whether the whole pack should be tried;
    // DELTA_PART is the delta's verified part file, kept until the install.
    Result<fs::path> via_delta(const PackRecord& record, const InstalledPack& base, bool& worth_fallback,
                               fs::path& delta_part);
    Result<fs::path> via_whole(const PackRecord& record);
    Result<pack::Manifest> verify(const fs::path& staged, const PackRecord& record);
    Result<void> install(const fs::path& staged, const PackRecord& record, const pack::Manifest& manifest,
                         const std::vector<InstalledPack>& installed);
    Result<void> record_and_tidy(const pack::Manifest& manifest, const std::vector<InstalledPack>& installed);
    void tidy(const std::string& id, std::uint64_t current, const std::vector<InstalledPack>& installed);

    Transport& transport_;
    const UpdaterOptions& options_;
    pack::TrustStore& store_;
    std::int64_t now_;
    std::uint64_t& fetched_;
    RepoState& state_;
    bool state_changed_ = false;
    fs::path incoming_;
};

FileFailure* PackStep::failure_of(const std::string& name, const crypto::Hash256& hash) {
    for (auto& f : state_.failures)
        if (f.name == name && f.hash == hash) return &f;
    return nullptr;
}

void PackStep::record_failure(const ExpectedFile& file, const PackRecord& record, const std::string& error) {
    FileFailure* f = failure_of(file.name, file.hash);
    if (!f) {
        if (state_.failures.size() >= kMaxFailures) state_.failures.erase(state_.failures.begin());
        state_.failures.push_back({file.name, record.id, record.version, file.hash, 0, 0, {}});
        f = &state_.failures.back();
    }
    ++f->failures;
    f->retry_at = now_ + failure_backoff_seconds(f->failures, options_.retry_base_seconds, options_.retry_cap_seconds);
    f->error = error.substr(0, kMaxFailureText);
    state_changed_ = true;
}

void PackStep::clear_failure(const std::string& name) {
    auto n = std::erase_if(state_.failures, [&](const FileFailure& f) { return f.name == name; });
    if (n > 0) state_changed_ = true;
}

void PackStep::record_install(const PackRecord& record, const DeltaRecord* delta) {
    std::erase_if(state_.installs, [&](const PackInstallRecord& r) { return r.pack_id == record.id; });
    if (state_.installs.size() >= kMaxFailures) state_.installs.erase(state_.installs.begin());
    state_.installs.push_back({record.id, record.version, delta != nullptr, delta ? delta->from : 0,
                               delta ? delta->size : record.size, now_});
    state_changed_ = true;
}

void PackStep::remove_other_downloads(const std::string& id, const fs::path& keep) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(incoming_, ec))
        if (entry.path() != keep && is_download_of(entry.path().filename().string(), id)) fs::remove(entry.path(), ec);
}

Result<fs::path> PackStep::via_delta(const PackRecord& record, const InstalledPack& base, bool& worth_fallback,
                                     fs::path& delta_part) {
    worth_fallback = true;
    const DeltaRecord* delta = record.delta_from(base.version);
    if (!delta) return fail("no delta from version " + std::to_string(base.version));
    auto base_hash = hash_file(base.path);
    if (!base_hash) return base_hash.error();
    if (*base_hash != delta->base_hash) return fail("the installed pack is not the delta's base");
    ExpectedFile file{delta_path(record.id, delta->from, record.version), delta->size, delta->hash};
    if (auto* f = failure_of(file.name, file.hash); backing_off(f))
        return fail(file.name + " set aside until " + format_utc(f->retry_at) + " (" + f->error + ")");
    std::error_code ec;
    if (fs::exists(part_path(incoming_, whole_file(record)), ec))
        return fail("a download of the whole pack is under way: it is finished instead");
    const fs::path part_file = part_path(incoming_, file);
    DownloadStats stats;
    auto part = download_verified(transport_, file, incoming_, stats);
    fetched_ += stats.fetched;
    if (part || stats.fetched > 0) remove_other_downloads(record.id, part_file);
    if (!part) {
        // Missing or damaged: the whole pack instead; interrupted: resumed next cycle.
        worth_fallback = stats.discarded || stats.missing;
        if (server_at_fault(stats)) record_failure(file, record, part.error().message);
        return part.error();
    }
    step("downloaded");
    // The delta's part stays until the pack is installed (tidy): a crash
    // before the install applies it again instead of downloading it again.
    delta_part = *part;
    const fs::path staged = incoming_ / (pack_file_name(record.id, record.version) + ".staged");
    auto applied = pack::apply_delta(base.path, *part, staged);
    if (!applied) {
        fs::remove(*part, ec);  // verified against the index yet unusable: the whole pack instead
        record_failure(file, record, "cannot be applied: " + applied.error().message);
        return applied.error();
    }
    auto hash = hash_file(staged);
    if (!hash || *hash != record.hash || fs::file_size(staged, ec) != record.size) {
        fs::remove(staged, ec);
        fs::remove(*part, ec);
        record_failure(file, record, "the rebuilt pack does not match the index");
        return fail("the rebuilt pack does not match the index");
    }
    step("rebuilt");
    return staged;
}

Result<fs::path> PackStep::via_whole(const PackRecord& record) {
    const ExpectedFile file = whole_file(record);
    DownloadStats stats;
    auto part = download_verified(transport_, file, incoming_, stats);
    fetched_ += stats.fetched;
    if (part || stats.fetched > 0) remove_other_downloads(record.id, part_path(incoming_, file));
    if (part) step("downloaded");
    else if (server_at_fault(stats)) record_failure(file, record, part.error().message);
    return part;
}

Result<pack::Manifest> PackStep::verify(const fs::path& staged, const PackRecord& record) {
    auto reader = pack::PackReader::open(staged, store_.keys());
    if (!reader) return reader.error();
    const auto& m = reader->manifest();
    if (m.id != record.id || m.version != record.version)
        return fail("the pack is '" + m.id + "' version " + std::to_string(m.version) + ", not what the index lists");
    if (auto ok = store_.admit(m, now_, options_.kiosk); !ok) return ok.error();
    if (auto ok = reader->verify_all(options_.decompress_check); !ok) return ok.error();
    return m;
}

Result<void> PackStep::install(const fs::path& staged, const PackRecord& record, const pack::Manifest& manifest,
                               const std::vector<InstalledPack>& installed) {
    if (auto r = sync_file(staged); !r) return r;
    const fs::path target = options_.packs_dir / pack_file_name(record.id, record.version);
    std::error_code ec;
    fs::rename(staged, target, ec);
    if (ec) return fail("cannot install " + target.string() + ": " + ec.message());
    if (auto r = sync_dir(options_.packs_dir); !r) return r;
    step("renamed");
    if (auto r = record_and_tidy(manifest, installed); !r)
        return fail("installed " + target.string() + " but cannot record it: " + r.error().message);
    return {};
}

// Raises the rollback floor, then removes the older packs of the same id
// (the trust store refuses them from now on) and leftover downloads.
Result<void> PackStep::record_and_tidy(const pack::Manifest& manifest, const std::vector<InstalledPack>& installed) {
    // On failure the older packs stay: the next cycle records and tidies again.
    if (auto r = store_.record_installed(manifest); !r) return r;
    step("recorded");
    tidy(manifest.id, manifest.version, installed);
    return {};
}

void PackStep::tidy(const std::string& id, std::uint64_t current, const std::vector<InstalledPack>& installed) {
    std::error_code ec;
    for (const auto& old : installed)
        if (old.version < current) fs::remove(old.path, ec);
    for (const auto& entry : fs::directory_iterator(incoming_, ec))
        if (is_download_of(entry.path().filename().string(), id)) fs::remove(entry.path(), ec);
}

PackUpdate PackStep::run(const PackRecord& record, const std::vector<InstalledPack>& installed) {
    PackUpdate u;
    u.id = record.id;
    u.listed_version = record.version;
    const InstalledPack* current = nullptr;
    for (const auto& p : installed)
        if (!current || p.version > current->version) current = &p;
    if (current) u.installed_version = current->version;

    if (current && current->version >= record.version) {
        // A crash between the rename and the record, or before the tidying,
        // leaves the floor low or older packs behind: finish the job now.
        if (store_.highest_version(record.id).value_or(0) < current->version) {
            if (auto reader = pack::PackReader::open(current->path, store_.keys()))
                if (store_.admit(reader->manifest(), now_, options_.kiosk))
                    if (auto r = record_and_tidy(reader->manifest(), installed); !r) u.message = r.error().message + "; ";
        } else {
            tidy(record.id, current->version, installed);
        }
        u.message += "installed version " + std::to_string(current->version) + " is current";
        return u;
    }
    if (auto floor = store_.highest_version(record.id); floor && *floor > record.version) {
        u.action = PackAction::refused;
        u.message = "the index lists version " + std::to_string(record.version) + ", older than installed version " +
                    std::to_string(*floor) + " (rollback refused)";
        return u;
    }

    const ExpectedFile whole = whole_file(record);
    if (auto* f = failure_of(whole.name, whole.hash); backing_off(f)) {
        u.action = PackAction::deferred;
        u.message = "version " + std::to_string(record.version) + " failed " + std::to_string(f->failures) +
                    " time(s) (" + f->error + "); next try after " + format_utc(f->retry_at);
        return u;
    }
    std::optional<fs::path> staged;
    fs::path delta_part;
    bool from_delta = false;
    std::string delta_problem;
    if (current) {
        bool worth_fallback = true;
        auto d = via_delta(record, *current, worth_fallback, delta_part);
        if (d) {
            staged = *d;
            from_delta = true;
        } else if (!worth_fallback) {
            u.action = PackAction::failed;
            u.message = d.error().message + "; will resume";
            return u;
        } else {
            delta_problem = d.error().message;
        }
    }
    if (!staged) {
        auto downloaded = via_whole(record);
        if (!downloaded) {
            u.action = PackAction::failed;
            u.message = downloaded.error().message;
            if (!delta_problem.empty()) u.message += "; delta not used: " + delta_problem;
            return u;
        }
        staged = *downloaded;
    }
    auto manifest = verify(*staged, record);
    if (!manifest) {
        std::error_code ec;
        fs::remove(*staged, ec);
        if (from_delta) fs::remove(delta_part, ec);  // it rebuilds the same refused pack
        // The delta rebuilt the listed bytes: the whole pack is the same refused file; its backoff covers both.
        record_failure(whole, record, "refused: " + manifest.error().message);
        u.action = PackAction::refused;
        u.message = "not installed: " + manifest.error().message;
        return u;
    }
    step("verified");
    if (auto r = install(*staged, record, *manifest, installed); !r) {
        u.action = PackAction::failed;
        u.message = r.error().message;
        return u;
    }
    clear_failure(whole.name);
    const DeltaRecord* delta = current ? record.delta_from(current->version) : nullptr;
    if (delta) clear_failure(delta_path(record.id, delta->from, record.version));
    record_install(record, from_delta ? delta : nullptr);
    u.action = from_delta ? PackAction::installed_from_delta : PackAction::installed_whole;
    u.message = "installed version " + std::to_string(record.version) + (from_delta ? " from a delta" : " (whole pack)");
    if (!delta_problem.empty()) u.message += "; delta not used: " + delta_problem;
    return u;
}

}  // namespace

Result<UpdateReport> update_packs(Transport& transport, const UpdaterOptions& options, std::int64_t now) {
    UpdateReport report;
    auto store = pack::TrustStore::load(options.trust_dir.empty() ? options.packs_dir : options.trust_dir,
                                        options.configured_keys);
    if (!store) return store.error();
    auto state = load_repo_state(options.state_dir);
    if (!state) return state.error();
    const std::optional<AcceptedIndex> accepted = state->accepted;

    auto file = fetch_index(transport, report.bytes_fetched);
    if (!file) return file.error();
    auto index = verify_index_file(*file, store->keys());
    if (!index) return index.error();
    if (now >= index->expires)
        return fail("index version " + std::to_string(index->version) + " expired on " + format_utc(index->expires) +
                    " (freeze refused: the hub must publish a fresh index)");
    const crypto::Hash256 file_hash = crypto::blake2b_256(as_bytes(*file));
    if (accepted) {
        const AcceptedIndex& before = *accepted;
        if (index->version < before.version)
            return fail("index version " + std::to_string(index->version) + " is older than the accepted version " +
                        std::to_string(before.version) + " (rollback refused)");
        if (index->version == before.version && file_hash != before.hash)
            return fail("index version " + std::to_string(index->version) +
                        " differs from the accepted index with the same version (refused)");
    }
    report.index_version = index->version;
    report.index_changed = !accepted || accepted->version != index->version;
    state->accepted = AcceptedIndex{index->version, file_hash};
    // Failures of files this index no longer lists with the same hash are forgotten: a new publication is tried at once.
    const auto listed = [&](const FileFailure& f) {
        for (const auto& p : index->packs) {
            if (f.name == pack_path(p.id, p.version) && f.hash == p.hash) return true;
            for (const auto& d : p.deltas)
                if (f.name == delta_path(p.id, d.from, p.version) && f.hash == d.hash) return true;
        }
        return false;
    };
    const auto forgotten = std::erase_if(state->failures, [&](const FileFailure& f) { return !listed(f); });
    if (report.index_changed || forgotten > 0)
        if (auto r = save_repo_state(options.state_dir, *state); !r) return r.error();
    if (options.after_step) options.after_step("index-accepted");

    auto installed = scan_installed(options.packs_dir, store->keys());
    std::vector<std::string> known_ids;
    for (const auto& record : index->packs) known_ids.push_back(record.id);
    for (const auto& [id, packs] : installed) known_ids.push_back(id);
    report.withdrawn_downloads_removed = remove_withdrawn_downloads(options.packs_dir / ".incoming", known_ids);
    PackStep step(transport, options, *store, now, report.bytes_fetched, *state);
    for (const auto& record : index->packs) report.packs.push_back(step.run(record, installed[record.id]));
    if (step.state_changed())
        if (auto r = save_repo_state(options.state_dir, *state); !r)
            return fail("cannot record the packs' failures (their backoff): " + r.error().message);
    report.failures = state->failures;
    return report;
}

}  // namespace guichet::repo
