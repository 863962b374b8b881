// Writes seed inputs for pack_reader_fuzz into a directory: a small real pack
// in both input modes.
#include "fuzz_pack.hpp"
#include "common/file.hpp"
#include "pack_writer.hpp"

#include <cstdio>
#include <string>

using namespace guichet;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "Usage: make_fuzz_seeds DIR\n");
        return 2;
    }
    std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    auto key = crypto::SecretKey::generate();
    std::vector<pack::SourceEntry> entries;
    for (int i = 0; i < 40; ++i) {
        pack::SourceEntry e;
        e.path = "pages/p" + std::to_string(i) + ".md";
        std::string text = "# Page " + std::to_string(i) + "\nDemande d’acte, mairie d’Anor, pièces à joindre.\n";
        e.data.assign(text.begin(), text.end());
        e.media_type = pack::MediaType::markdown;
        entries.push_back(std::move(e));
    }
    pack::SourceEntry raw;
    raw.path = "media/x.jpg";
    raw.data = Bytes(300, 7);
    raw.already_compressed = true;
    entries.push_back(raw);
    pack::SourceEntry big;
    big.path = "data/big.bin";
    big.data = Bytes(5000, 1);
    entries.push_back(big);
    pack::BuildOptions options;
    options.manifest.id = "seed";
    options.manifest.version = 1;
    options.manifest.created = 1;
    options.manifest.expires = 2;
    options.key = &key;
    options.write_minisig = false;
    auto pack_path = dir / "seed.gpk.tmp-build";
    if (auto r = pack::write_pack(entries, options, pack_path); !r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 1;
    }
    auto bytes = read_file(pack_path, 1 << 24);
    std::filesystem::remove(pack_path);
    Bytes raw_seed{0};
    raw_seed.insert(raw_seed.end(), bytes->begin(), bytes->end());
    Bytes assembled_seed{1};
    auto body = fuzz::disassemble_pack(*bytes);
    assembled_seed.insert(assembled_seed.end(), body.begin(), body.end());
    if (!write_file_atomic(dir / "raw-pack", raw_seed) || !write_file_atomic(dir / "assembled-pack", assembled_seed))
        return 1;
    std::printf("wrote seeds to %s\n", dir.c_str());
    return 0;
}
