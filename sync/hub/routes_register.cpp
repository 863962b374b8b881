#include "hub/routes_register.hpp"

#include "common/file.hpp"
#include "crypto/base64.hpp"
#include "protocol/routes.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>

namespace guichet::sync::hub {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// DATA/registers/<service>.sealed: one header line, then the sealed bytes as the browser sent them.
constexpr std::string_view kMagic = "guichet-register 1 ";

struct Stored {
    std::int64_t version = 0;  // 0: none yet
    Bytes sealed;
};

bool safe_name(std::string_view id) {
    if (id.empty() || id.size() > 64 || id.front() == '.') return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

Result<Stored> load(const fs::path& file) {
    if (!fs::exists(file)) return Stored{};
    auto bytes = read_file(file, kMaxSealedRegister + 64);
    if (!bytes) return bytes.error();
    const std::string_view text(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    const auto eol = text.find('\n');
    if (!text.starts_with(kMagic) || eol == std::string_view::npos) return fail(file.string() + ": not a sealed register");
    Stored s;
    try {
        s.version = std::stoll(std::string(text.substr(kMagic.size(), eol - kMagic.size())));
    } catch (...) {
        return fail(file.string() + ": unreadable version");
    }
    s.sealed.assign(bytes->begin() + static_cast<std::ptrdiff_t>(eol + 1), bytes->end());
    return s;
}

}  // namespace

void register_register_routes(http::Server& server, HubContext& ctx) {
    // base64 makes the body a third bigger; the JSON around it is small.
    ctx.limit_body({"PUT", std::string(paths::kPartnerRegister), kMaxSealedRegister / 3 * 4 + 4096});
    // One writer at a time across services: a PUT is one small file write.
    auto lock = std::make_shared<std::mutex>();
    const fs::path dir = ctx.data_dir() / "registers";

    server.Get(std::string(paths::kPartnerRegister), [&ctx, lock, dir](const http::Request& req, http::Response& res) {
        auto partner = ctx.authenticate(req, res, ClientKind::partner);
        if (!partner) return;
        if (!safe_name(*partner)) return send_error(res, 400, "malformed", "service id not usable as a file name");
        std::lock_guard<std::mutex> guard(*lock);
        auto stored = load(dir / (*partner + ".sealed"));
        if (!stored) return send_error(res, 500, "storage", stored.error().message);
        if (stored->version == 0) return send_error(res, 404, "no-register", "this service has stored no register yet");
        res.set_header("ETag", "\"" + std::to_string(stored->version) + "\"");
        send_json(res, 200, json{{"version", stored->version}, {"sealed", crypto::base64_encode(stored->sealed)}}.dump());
    });

    server.Put(std::string(paths::kPartnerRegister), [&ctx, lock, dir](const http::Request& req, http::Response& res) {
        auto partner = ctx.authenticate(req, res, ClientKind::partner);
        if (!partner) return;
        if (!safe_name(*partner)) return send_error(res, 400, "malformed", "service id not usable as a file name");
        json j = json::parse(req.body, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("base") || !j["base"].is_number_integer() ||
            !j.contains("sealed") || !j["sealed"].is_string())
            return send_error(res, 400, "malformed", "expected {\"base\": version, \"sealed\": base64}");
        auto sealed = crypto::base64_decode(j["sealed"].get<std::string>());
        // 40 bytes: a secretbox's nonce and tag; anything shorter cannot be a sealed document.
        if (!sealed || sealed->size() < 40 || sealed->size() > kMaxSealedRegister)
            return send_error(res, 400, "malformed", "sealed: base64 of 40 bytes to 16 MiB expected");
        const std::int64_t base = j["base"].get<std::int64_t>();
        std::lock_guard<std::mutex> guard(*lock);
        const fs::path file = dir / (*partner + ".sealed");
        auto stored = load(file);
        if (!stored) return send_error(res, 500, "storage", stored.error().message);
        if (base != stored->version) {
            // Another agent saved first: this one must read that version, apply its change again, and retry.
            res.set_header("ETag", "\"" + std::to_string(stored->version) + "\"");
            return send_json(res, 412, json{{"error", "version-conflict"},
                                            {"message", "the register changed since version " + std::to_string(base)},
                                            {"version", stored->version}}.dump());
        }
        std::error_code ec;
        fs::create_directories(dir, ec);
        const std::int64_t next = stored->version + 1;
        std::string header = std::string(kMagic) + std::to_string(next) + "\n";
        Bytes out(header.begin(), header.end());
        out.insert(out.end(), sealed->begin(), sealed->end());
        if (auto w = write_file_atomic(file, out, 0600); !w) return send_error(res, 500, "storage", w.error().message);
        res.set_header("ETag", "\"" + std::to_string(next) + "\"");
        send_json(res, 200, json{{"version", next}}.dump());
    });
}

}  // namespace guichet::sync::hub
