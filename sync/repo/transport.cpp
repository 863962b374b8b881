#include "transport.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace guichet::repo {

bool is_safe_repo_name(std::string_view name) {
    if (name.empty() || name.size() > 1024 || name.front() == '/' || name.back() == '/') return false;
    std::size_t start = 0;
    while (start <= name.size()) {
        auto end = name.find('/', start);
        if (end == std::string_view::npos) end = name.size();
        auto part = name.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        for (char c : part)
            if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return false;
        start = end + 1;
    }
    return true;
}

Result<void> DirectoryTransport::fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes,
                                       const Sink& sink) {
    missing_ = false;
    if (!is_safe_repo_name(name)) return fail("repository name '" + std::string(name) + "' is not allowed");
    const auto path = root_ / std::string(name);
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        missing_ = errno == ENOENT;
        return fail("cannot open " + path.string() + ": " + std::string(std::strerror(errno)));
    }
    if (offset > 0 && ::fseeko(file.get(), static_cast<off_t>(offset), SEEK_SET) != 0)
        return fail("cannot seek in " + path.string());
    Bytes buffer(64 * 1024);
    std::uint64_t left = max_bytes;
    while (left > 0) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), left));
        std::size_t got = std::fread(buffer.data(), 1, want, file.get());
        if (got == 0) {
            if (std::ferror(file.get())) return fail("cannot read " + path.string());
            break;
        }
        if (auto r = sink(ByteView(buffer.data(), got)); !r) return r;
        left -= got;
    }
    return {};
}

}  // namespace guichet::repo
