#include "test_support.hpp"

#include "common/file.hpp"

#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <random>
#include <sys/wait.h>

namespace guichet::test {

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "guichet-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::vector<TestEntry> sample_entries(std::size_t text_count) {
    static const char* words[] = {"mairie", "démarche", "acte", "naissance", "état", "civil", "commune", "Anor",
                                  "formulaire", "pièce", "justificatif", "domicile", "service", "accueil", "horaires",
                                  "lundi", "vendredi", "déchetterie", "bac", "ordures", "cantine", "enfant", "tarif"};
    std::mt19937 rng(42);
    std::vector<TestEntry> out;
    for (std::size_t i = 0; i < text_count; ++i) {
        std::string text = "---\ntitle: Page " + std::to_string(i) + "\n---\n# Titre de la page " + std::to_string(i) + "\n\n";
        for (int w = 0; w < 150; ++w) text += std::string(words[rng() % std::size(words)]) + (w % 12 == 11 ? ".\n" : " ");
        out.push_back({"pages/p" + std::to_string(1000 + i) + ".md", text});
        out.push_back({"data/d" + std::to_string(1000 + i) + ".json",
                       R"({"id":)" + std::to_string(i) + R"(,"titre":"Fiche )" + std::to_string(i) +
                           R"(","commune":"Anor","code_postal":"59186","insee":"59012","visible":true})"});
    }
    std::string binary;
    for (int i = 0; i < 200000; ++i) binary.push_back(static_cast<char>((i / 7) % 13));
    out.push_back({"media/compressible.bin", binary});
    std::string noise(50000, '\0');
    for (auto& c : noise) c = static_cast<char>(rng());
    out.push_back({"media/photo.jpg", noise});
    out.push_back({"media/copy-of-photo.jpg", noise});  // identical content: stored once
    return out;
}

pack::Manifest sample_manifest(std::uint64_t version, std::int64_t created) {
    pack::Manifest m;
    m.id = "test";
    m.version = version;
    m.title = "Pack d’essai — « test »";
    m.created = created;
    m.expires = created + 30 * 86400;
    m.min_kiosk_version = 1;
    m.audience = {"*"};
    m.languages = {"fr"};
    return m;
}

void build_pack(const std::filesystem::path& out, const std::vector<TestEntry>& entries, const crypto::SecretKey& key,
                const pack::Manifest& manifest, const std::optional<Bytes>& dictionary) {
    std::vector<pack::SourceEntry> sources;
    for (const auto& e : entries) {
        pack::SourceEntry s;
        s.path = e.path;
        s.data.assign(e.content.begin(), e.content.end());
        s.media_type = pack::media_type_for(e.path, &s.already_compressed);
        sources.push_back(std::move(s));
    }
    pack::BuildOptions options;
    options.manifest = manifest;
    options.key = &key;
    options.dictionary = dictionary;
    options.compression_level = 3;  // fast: tests check behaviour, not ratios
    auto r = pack::write_pack(std::move(sources), options, out);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
}

crypto::KeyRing ring_of(const crypto::SecretKey& key) {
    crypto::KeyRing ring;
    ring.add(key.public_key());
    return ring;
}

Bytes read_all(const std::filesystem::path& p) {
    auto r = read_file(p, 1ull << 32);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(*r);
}

void write_all(const std::filesystem::path& p, ByteView data) {
    auto r = write_file_atomic(p, data);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
}

std::string to_string(const Bytes& b) { return std::string(b.begin(), b.end()); }

int run_command(const std::string& command, std::string* output) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string text;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) text.append(buf, n);
    int status = pclose(pipe);
    if (output) *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace guichet::test
