// The back office's pages (docs/back-office.md): a fixed list of static files
// under the web directory (sync/hub/web, installed by scripts/setup.sh), read
// once at start, served under /bureau/ with the headers that keep resident
// input inert in the agent's browser. The pages hold no secret and the hub
// reads nothing sealed: the browser signs and opens (js/protocol.js).
#pragma once

#include "hub/hub_server.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace guichet::sync::hub {

// The Content-Security-Policy of the pages: no inline script but the import
// map whose SHA-256 (base64) is IMPORT_MAP_HASH, no eval, WebAssembly allowed
// (libsodium.js), resident pictures from blob: URLs only.
std::string back_office_csp(std::string_view import_map_hash);

// The text between <script type="importmap"> and </script> in HTML; empty when absent.
std::string_view import_map_of(std::string_view html);

// Registers /bureau/…; a missing file (npm packages not installed) makes the
// pages answer 503 with a French explanation, and is named on stderr once.
RouteModule back_office_routes(std::filesystem::path web_dir);

}  // namespace guichet::sync::hub
