// The wire is named in one place (sync/protocol/routes.hpp, docs/protocol.md):
// no source outside sync/protocol may spell a route ("/v1/…) or an upload
// header ("Upload-…) as a string literal. Tests are left out on purpose: they
// pin the bytes on the wire with literals, so a changed constant fails them.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

// What a literal of the wire starts with: a quote, or a raw string's "( .
constexpr std::string_view kNeedles[] = {"\"/v1", "\"(/v1", "\"Upload-", "\"(Upload-"};

// "LINE: TEXT" for each line of TEXT holding one of the needles.
std::vector<std::string> wire_literals(const std::string& text) {
    std::vector<std::string> hits;
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
        for (auto needle : kNeedles)
            if (line.find(needle) != std::string::npos) {
                hits.push_back(std::to_string(n) + ": " + line);
                break;
            }
    return hits;
}

bool is_source(const fs::path& p) {
    const auto ext = p.extension().string();
    return ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".c";
}

}  // namespace

TEST_CASE("wire literals: the scanner sees a route, a raw-string route and an upload header") {
    CHECK(wire_literals("ok();\nsend(\"GET\", \"/v1/ping\");\n").size() == 1);
    CHECK(wire_literals("server.Get(R\"(/v1/repo/(.+))\", h);").size() == 1);
    CHECK(wire_literals("h.set(\"Upload-Offset\", \"0\");").size() == 1);
    CHECK(wire_literals("// GET /v1/ping answers {\"protocol\": 1}; see Upload-Offset").empty());
}

TEST_CASE("wire literals: routes and upload headers are spelled only in sync/protocol") {
    const fs::path root = GUICHET_SOURCE_DIR;
    const fs::path protocol = root / "sync" / "protocol";
    std::vector<std::string> found;
    std::size_t scanned = 0;
    for (const char* top : {"kiosk", "sync", "tools"}) {
        REQUIRE(fs::is_directory(root / top));
        for (fs::recursive_directory_iterator it(root / top), end; it != end; ++it) {
            // npm packages (sync/hub/web/node_modules) are not ours; the browser's
            // side of the protocol is JavaScript, pinned by tests/web against the hub.
            if (it->is_directory() && (it->path() == protocol || it->path().filename() == "node_modules")) {
                it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file() || !is_source(it->path())) continue;
            std::ifstream in(it->path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            ++scanned;
            for (const auto& hit : wire_literals(text.str()))
                found.push_back(fs::relative(it->path(), root).string() + ":" + hit);
        }
    }
    CHECK(scanned > 100);  // the walk saw the tree, not an empty folder
    std::string list;
    for (const auto& f : found) list += "\n  " + f;
    CHECK_MESSAGE(found.empty(), found.size(), " literal(s) of the wire outside sync/protocol (use routes.hpp):", list);
}
