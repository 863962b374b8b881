#include "hub/routes_back_office.hpp"

#include "common/file.hpp"
#include "common/staff_language.hpp"
#include "crypto/base64.hpp"
#include "crypto/sodium_init.hpp"

#include <sodium.h>

#include <iostream>
#include <memory>
#include <vector>

namespace guichet::sync::hub {

namespace {

struct StaticFile {
    std::string_view url;
    std::string_view file;  // under the web directory
    std::string_view type;
};

// The whole back office. Nothing else under the web directory is reachable:
// no path from the request is ever joined to a file name.
constexpr StaticFile kFiles[] = {
    {"/bureau/", "index.html", "text/html; charset=utf-8"},
    {"/bureau/bureau.css", "bureau.css", "text/css; charset=utf-8"},
    {"/bureau/favicon.svg", "favicon.svg", "image/svg+xml"},
    {"/bureau/js/app.js", "js/app.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/api.js", "js/api.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/format.js", "js/format.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/render.js", "js/render.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/layout.js", "js/layout.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/protocol.js", "js/protocol.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/keystore.js", "js/keystore.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/sepa.js", "js/sepa.js", "text/javascript; charset=utf-8"},  // the régie's pages (§8)
    {"/bureau/js/regie.js", "js/regie.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/regie_view.js", "js/regie_view.js", "text/javascript; charset=utf-8"},
    // The visio-accueil (§9): « Mes rendez-vous » and the call page.
    {"/bureau/js/rendezvous.js", "js/rendezvous.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/visio_call.js", "js/visio_call.js", "text/javascript; charset=utf-8"},
    // The town-hall staff's pages (docs/staff-pages.md): the same style and helpers.
    {"/mairie/", "mairie.html", "text/html; charset=utf-8"},
    {"/bureau/js/mairie.js", "js/mairie.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/staff_api.js", "js/staff_api.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/staff_kiosks.js", "js/staff_kiosks.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/staff_views.js", "js/staff_views.js", "text/javascript; charset=utf-8"},
    {"/bureau/js/staff_usage.js", "js/staff_usage.js", "text/javascript; charset=utf-8"},
    {"/bureau/vendor/libsodium-wrappers.mjs",
     "node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs", "text/javascript; charset=utf-8"},
    {"/bureau/vendor/libsodium-sumo.mjs", "node_modules/libsodium-sumo/dist/modules-sumo-esm/libsodium-sumo.mjs",
     "text/javascript; charset=utf-8"},
};

struct LoadedFiles {
    std::vector<std::string> bodies;  // in kFiles' order
    std::string csp;
    std::string missing;  // the first file that could not be read; empty when all were
};

std::shared_ptr<const LoadedFiles> load(const std::filesystem::path& dir) {
    auto out = std::make_shared<LoadedFiles>();
    for (const auto& f : kFiles) {
        auto text = read_text_file(dir / f.file, 4u << 20);
        if (!text) {
            if (out->missing.empty()) out->missing = (dir / f.file).string();
            out->bodies.emplace_back();
            continue;
        }
        out->bodies.push_back(std::move(*text));
    }
    crypto::ensure_sodium();
    const auto map = import_map_of(out->bodies.front());
    std::array<unsigned char, crypto_hash_sha256_BYTES> hash{};
    crypto_hash_sha256(hash.data(), reinterpret_cast<const unsigned char*>(map.data()), map.size());
    out->csp = back_office_csp(crypto::base64_encode(ByteView(hash.data(), hash.size())));
    return out;
}

void security_headers(http::Response& res, const std::string& csp) {
    res.set_header("Content-Security-Policy", csp);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    res.set_header("Cross-Origin-Resource-Policy", "same-origin");
    // The pages change with the hub's version only; no-cache still revalidates.
    res.set_header("Cache-Control", "no-cache");
}

}  // namespace

std::string back_office_csp(std::string_view import_map_hash) {
    return "default-src 'none'; script-src 'self' 'sha256-" + std::string(import_map_hash) +
           "' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob:; object-src blob:; frame-src blob:; connect-src 'self'; "
           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

std::string_view import_map_of(std::string_view html) {
    constexpr std::string_view open = "<script type=\"importmap\">";
    const auto from = html.find(open);
    if (from == std::string_view::npos) return {};
    const auto start = from + open.size();
    const auto end = html.find("</script>", start);
    if (end == std::string_view::npos) return {};
    return html.substr(start, end - start);
}

RouteModule back_office_routes(std::filesystem::path web_dir) {
    return [web_dir = std::move(web_dir)](http::Server& server, HubContext&) {
        auto files = load(web_dir);
        if (!files->missing.empty())
            std::cerr << staff::msg("guichet-hub: back office unavailable, {1} is missing (run scripts/setup.sh, which "
                                    "installs the npm packages)\n",
                                    {files->missing});
        server.Get("/bureau", [](const http::Request&, http::Response& res) {
            res.status = 301;
            res.set_header("Location", "/bureau/");
        });
        server.Get("/mairie", [](const http::Request&, http::Response& res) {
            res.status = 301;
            res.set_header("Location", "/mairie/");
        });
        for (std::size_t i = 0; i < std::size(kFiles); ++i) {
            std::string pattern;
            for (char c : kFiles[i].url) {
                if (c == '.') pattern += '\\';
                pattern += c;
            }
            server.Get(pattern, [files, i](const http::Request&, http::Response& res) {
                security_headers(res, files->csp);
                if (!files->missing.empty()) {
                    res.status = 503;
                    return res.set_content(
                        "Le bureau des agents n’est pas installé sur ce hub (fichiers manquants). "
                        "L’administrateur doit lancer scripts/setup.sh.\n",
                        "text/plain; charset=utf-8");
                }
                res.set_content(files->bodies[i], std::string(kFiles[i].type));
            });
        }
    };
}

}  // namespace guichet::sync::hub
