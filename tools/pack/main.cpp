// guichet-pack: build, sign, verify, inspect and diff content packs.
#include "commands.hpp"

#include <cstdio>
#include <string>

using namespace guichet;

namespace {

void print_overview() {
    std::printf(
        "guichet-pack — build, sign, verify and inspect Guichet content packs\n\n"
        "Usage: guichet-pack COMMAND [ARGS] [--help]\n\nCommands:\n");
    for (const auto& c : packtool::commands()) std::printf("  %-17s %s\n", c.name, c.summary);
    std::printf(
        "\nExit status: 0 success; 1 failure (invalid pack or content, failed verification,\n"
        "I/O error); 2 bad command line.\n"
        "Formats: docs/pack-format.md and docs/content-format.md.\n");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        print_overview();
        return packtool::kExitUsage;
    }
    std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        print_overview();
        return packtool::kExitOk;
    }
    if (name == "--version") {
        std::printf("guichet-pack %s (pack format 1, kiosk version %d)\n", GUICHET_VERSION_STRING, GUICHET_KIOSK_VERSION);
        return packtool::kExitOk;
    }
    for (const auto& c : packtool::commands()) {
        if (name != c.name) continue;
        std::vector<std::string> rest(argv + 2, argv + argc);
        for (const auto& a : rest)
            if (a == "--help" || a == "-h") {
                std::printf("%s", c.help);
                return packtool::kExitOk;
            }
        std::string error;
        auto specs = c.options;
        auto args = cli::parse(rest, specs, error);
        if (!args) {
            std::fprintf(stderr, "guichet-pack %s: %s\n(see guichet-pack %s --help)\n", c.name, error.c_str(), c.name);
            return packtool::kExitUsage;
        }
        if (args->positional.size() < c.min_positional || args->positional.size() > c.max_positional) {
            std::fprintf(stderr, "guichet-pack %s: wrong number of arguments\n\n%s", c.name, c.help);
            return packtool::kExitUsage;
        }
        for (const auto& r : c.required)
            if (!args->has(r)) {
                std::fprintf(stderr, "guichet-pack %s: missing --%s\n\n%s", c.name, r.c_str(), c.help);
                return packtool::kExitUsage;
            }
        return c.run(*args);
    }
    std::fprintf(stderr, "guichet-pack: unknown command '%s' (see guichet-pack --help)\n", name.c_str());
    return packtool::kExitUsage;
}
