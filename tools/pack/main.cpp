// guichet-pack: build, sign, verify, inspect and diff content packs.
#include "commands.hpp"
#include "help_fr.hpp"
#include "messages.hpp"
#include "sepa/sepa_text_fr.hpp"

#include <cstdio>
#include <string>

using namespace guichet;
using packsrc::msg;

namespace {

void print_overview() {
    std::printf("%s", msg("guichet-pack — build, sign, verify and inspect Guichet content packs\n\n"
                          "Usage: guichet-pack COMMAND [ARGS] [--help]\n\nCommands:\n").c_str());
    for (const auto& c : packtool::commands()) std::printf("  %-17s %s\n", c.name, msg(c.summary).c_str());
    std::printf("%s", msg("\nExit status: 0 success; 1 failure (invalid pack or content, failed verification,\n"
                          "I/O error); 2 bad command line.\n"
                          "Formats: docs/pack-format.md and docs/content-format.md.\n"
                          "Messages are in French unless LANG (or GUICHET_LANG, LC_ALL, LC_MESSAGES) starts with \"en\".\n").c_str());
}

}  // namespace

int main(int argc, char** argv) {
    // Staff are French: French unless the locale asks for English (messages.hpp).
    packtool::add_french_help();
    sepa::add_french_texts();  // the ICS checks of pack.yaml's sepa_creditor
    packsrc::set_language(packsrc::language_from_environment());
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
                std::printf("%s", msg(c.help).c_str());
                return packtool::kExitOk;
            }
        std::string error;
        auto specs = c.options;
        auto args = cli::parse(rest, specs, error);
        if (!args) {
            std::fprintf(stderr, "%s", msg("guichet-pack {1}: {2}\n(see guichet-pack {1} --help)\n", {c.name, error}).c_str());
            return packtool::kExitUsage;
        }
        if (args->positional.size() < c.min_positional || args->positional.size() > c.max_positional) {
            std::fprintf(stderr, "%s%s", msg("guichet-pack {1}: wrong number of arguments\n\n", {c.name}).c_str(), msg(c.help).c_str());
            return packtool::kExitUsage;
        }
        for (const auto& r : c.required)
            if (!args->has(r)) {
                std::fprintf(stderr, "%s%s", msg("guichet-pack {1}: missing --{2}\n\n", {c.name, r}).c_str(), msg(c.help).c_str());
                return packtool::kExitUsage;
            }
        return c.run(*args);
    }
    std::fprintf(stderr, "%s", msg("guichet-pack: unknown command '{1}' (see guichet-pack --help)\n", {name}).c_str());
    return packtool::kExitUsage;
}
