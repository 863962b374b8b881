// A small command-line parser: positional arguments plus --options, with
// per-command help. Unknown options are errors, never ignored.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace guichet::cli {

struct OptionSpec {
    std::string name;   // without the leading "--"
    bool takes_value;
    char short_name = 0;
};

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;                    // the last value of each option
    std::map<std::string, std::vector<std::string>> all_values;  // every value, for repeatable options
    std::set<std::string> flags;

    bool has(const std::string& name) const { return flags.count(name) || values.count(name); }
    std::optional<std::string> value(const std::string& name) const {
        auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    }
};

// Parses ARGV; on error returns nothing and fills ERROR.
std::optional<Args> parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs, std::string& error);

}  // namespace guichet::cli
