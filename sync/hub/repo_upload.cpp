#include "hub/repo_upload.hpp"

#include "common/file.hpp"
#include "crypto/signed_document.hpp"
#include "pack/reader.hpp"
#include "repo/index.hpp"
#include "repo/publish_lock.hpp"

#include <set>

namespace guichet::sync::hub {

namespace {

namespace fs = std::filesystem;

struct Listed {
    std::string path;  // in the repository
    std::uint64_t size = 0;
    crypto::Hash256 hash{};
    bool pack = false;
    std::string id;
    std::uint64_t version = 0;
};

std::vector<Listed> listed_files(const repo::Index& index) {
    std::vector<Listed> out;
    for (const auto& p : index.packs) {
        out.push_back({repo::pack_path(p.id, p.version), p.size, p.hash, true, p.id, p.version});
        for (const auto& d : p.deltas)
            out.push_back({repo::delta_path(p.id, d.from, p.version), d.size, d.hash, false, p.id, p.version});
    }
    return out;
}

bool matches(ByteView bytes, const Listed& l) {
    return bytes.size() == l.size && crypto::blake2b_256(bytes) == l.hash;
}

std::string base_name(const std::string& path) {
    return fs::path(path).filename().string();
}

}  // namespace

Result<RepoPublished> publish_repo_upload(const fs::path& repo_dir, const RepoUpload& upload, const crypto::KeyRing& keys,
                                          std::int64_t now) {
    auto index = repo::verify_index_file(upload.index, keys);
    if (!index)
        return fail("L’index n’est pas signé par la clé des packs que ce hub connaît (" + index.error().message + ").");
    if (index->expires <= now) return fail("Cet index a expiré : publiez-le à nouveau sur le poste, puis déposez-le.");
    std::error_code made;
    fs::create_directories(repo_dir, made);
    // Several hubs may share this folder (docs/hub-storage.md §5.2): one publication at a time.
    auto lock = repo::PublishLock::try_acquire(repo_dir);
    if (!lock)
        return fail(lock.error().message == repo::kPublishBusy
                        ? "Une autre publication est en cours dans ce dépôt : réessayez dans un instant."
                        : "Le dépôt du hub n’est pas accessible : " + lock.error().message);
    // The served index sets the floor; one that no longer verifies (key rotated) sets none.
    if (auto served = read_text_file(repo_dir / std::string(repo::kIndexName), repo::kMaxIndexSize)) {
        if (auto before = repo::verify_index_file(*served, keys); before && index->version <= before->version)
            return fail("Cet index (version " + std::to_string(index->version) +
                        ") n’est pas plus récent que celui que le hub sert (version " + std::to_string(before->version) +
                        ") : publiez la nouvelle version sur le poste, puis déposez le nouvel index.");
    }
    RepoPublished out;
    out.index_version = index->version;
    std::set<std::string> used;
    std::vector<std::pair<const Listed*, const Bytes*>> to_write;
    const auto listed = listed_files(*index);
    for (const auto& l : listed) {
        const auto name = base_name(l.path);
        auto sent = upload.files.find(name);
        if (sent != upload.files.end()) {
            used.insert(name);
            if (!matches(sent->second, l))
                return fail("« " + name + " » ne correspond pas à l’index (taille ou empreinte) : déposez les fichiers "
                            "de la même publication.");
            if (l.pack) {
                auto reader = pack::PackReader::open_memory(sent->second, keys);
                if (!reader) return fail("« " + name + " » : signature du pack refusée (" + reader.error().message + ").");
                if (reader->manifest().id != l.id || reader->manifest().version != l.version)
                    return fail("« " + name + " » contient le pack " + reader->manifest().id + " v" +
                                std::to_string(reader->manifest().version) + ", pas celui que l’index annonce.");
            }
            to_write.emplace_back(&l, &sent->second);
            continue;
        }
        auto held = read_file(repo_dir / l.path, l.size + 1);
        if (!held || !matches(*held, l))
            return fail("Il manque « " + name + " », que l’index annonce : ajoutez-le au dépôt.");
        out.kept.push_back(l.path);
    }
    for (const auto& [name, bytes] : upload.files)
        if (!used.contains(name)) return fail("« " + name + " » n’est pas annoncé par cet index : retirez-le du dépôt.");
    for (const auto& [l, bytes] : to_write) {
        std::error_code ec;
        fs::create_directories((repo_dir / l->path).parent_path(), ec);
        if (ec) return fail("Écriture impossible dans le dépôt du hub : " + ec.message());
        if (auto w = write_file_atomic(repo_dir / l->path, *bytes); !w) return w.error();
        out.written.push_back(l->path);
    }
    if (auto w = write_file_atomic(repo_dir / std::string(repo::kIndexName), as_bytes(upload.index)); !w) return w.error();
    out.written.push_back(std::string(repo::kIndexName));
    return out;
}

}  // namespace guichet::sync::hub
