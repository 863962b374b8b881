// libFuzzer target for the pack reader: header, signature and manifest parsing
// (mode 0) and, behind a valid signature, the index, entry reads and
// decompression (mode 1). See fuzz_pack.hpp.
#include "fuzz_pack.hpp"
#include "pack/reader.hpp"

#include <cstddef>
#include <cstdint>

using namespace guichet;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    static const crypto::KeyRing ring = fuzz::fuzz_keyring();
    ByteView body(data + 1, size - 1);
    Bytes assembled;
    ByteView pack_bytes = body;
    if (data[0] & 1) {
        assembled = fuzz::assemble_pack(body);
        pack_bytes = assembled;
    }
    pack::ReadLimits limits{1 << 20};  // keep single inputs cheap
    auto reader = pack::PackReader::open_memory(pack_bytes, ring, limits);
    if (!reader) reader = pack::PackReader::open_memory_unverified(pack_bytes, limits);
    if (!reader) return 0;
    for (std::size_t i = 0; i < reader->entry_count(); ++i) {
        (void)reader->read(i);
        (void)reader->find(reader->entry(i).path);
    }
    (void)reader->verify_all(true);
    return 0;
}
