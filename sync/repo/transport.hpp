// How the updater reaches a repository (docs/pack-repository.md §5). The
// updater is independent of HTTP: the agent plugs in an HTTP transport, tests
// and the USB navette a directory.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

namespace guichet::repo {

// Receives one chunk; an error aborts the transfer (e.g. more bytes than allowed).
using Sink = std::function<Result<void>(ByteView chunk)>;

class Transport {
public:
    virtual ~Transport() = default;
    // Passes the bytes of the repository file NAME from OFFSET to SINK, at most
    // MAX_BYTES of them. Callers check what arrives; a transport that sends
    // more is cut by its sink.
    virtual Result<void> fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes,
                               const Sink& sink) = 0;
    // Whether the last fetch failed because the repository has no such file
    // (HTTP 404, ENOENT): a listed delta that is missing gives way to the
    // whole pack, where an interrupted transfer is resumed instead.
    virtual bool last_fetch_missing() const { return false; }
};

// A repository in a local directory (tests, a repository carried on a USB stick).
class DirectoryTransport : public Transport {
public:
    explicit DirectoryTransport(std::filesystem::path root) : root_(std::move(root)) {}
    Result<void> fetch(std::string_view name, std::uint64_t offset, std::uint64_t max_bytes, const Sink& sink) override;
    bool last_fetch_missing() const override { return missing_; }

private:
    std::filesystem::path root_;
    bool missing_ = false;
};

// Repository names are relative, '/'-separated, with no empty, '.' or '..'
// component: a transport never leaves its root.
bool is_safe_repo_name(std::string_view name);

}  // namespace guichet::repo
