// RAII owners for zstd contexts and dictionaries.
#pragma once

#include "common/bytes.hpp"

#include <memory>
#include <zstd.h>

namespace guichet::pack {

struct ZstdDCtxFree { void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); } };
struct ZstdCCtxFree { void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); } };
struct ZstdDDictFree { void operator()(ZSTD_DDict* d) const { ZSTD_freeDDict(d); } };
struct ZstdCDictFree { void operator()(ZSTD_CDict* d) const { ZSTD_freeCDict(d); } };

class ZstdDCtx {
public:
    ZstdDCtx() : ctx_(ZSTD_createDCtx()) {}
    ZSTD_DCtx* get() const { return ctx_.get(); }
private:
    std::unique_ptr<ZSTD_DCtx, ZstdDCtxFree> ctx_;
};

class ZstdCCtx {
public:
    ZstdCCtx() : ctx_(ZSTD_createCCtx()) {}
    ZSTD_CCtx* get() const { return ctx_.get(); }
private:
    std::unique_ptr<ZSTD_CCtx, ZstdCCtxFree> ctx_;
};

// A digested dictionary, shareable between threads for decompression.
class ZstdDDict {
public:
    ZstdDDict() = default;
    explicit ZstdDDict(ByteView dict) : dict_(ZSTD_createDDict(dict.data(), dict.size())) {}
    const ZSTD_DDict* get() const { return dict_.get(); }
private:
    std::unique_ptr<ZSTD_DDict, ZstdDDictFree> dict_;
};

}  // namespace guichet::pack
