#pragma once

#include "cli.hpp"

#include <string>
#include <vector>

namespace guichet::packtool {

// Exit codes, as documented in `guichet-pack --help`.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // invalid pack, failed verification, content errors, I/O errors
inline constexpr int kExitUsage = 2;   // bad command line

struct Command {
    const char* name;
    const char* summary;
    const char* help;  // full usage text
    std::vector<cli::OptionSpec> options;
    int (*run)(const cli::Args& args);
    std::size_t min_positional;
    std::size_t max_positional;
    std::vector<std::string> required = {};  // options that must be given
};

const std::vector<Command>& commands();

}  // namespace guichet::packtool
