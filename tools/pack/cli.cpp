#include "cli.hpp"

namespace guichet::cli {

std::optional<Args> parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs, std::string& error) {
    Args args;
    auto find = [&](const std::string& name, char short_name) -> const OptionSpec* {
        for (const auto& s : specs)
            if ((!name.empty() && s.name == name) || (short_name && s.short_name == short_name)) return &s;
        return nullptr;
    };
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        const OptionSpec* spec = nullptr;
        std::optional<std::string> inline_value;
        if (a.size() > 2 && a.starts_with("--")) {
            auto eq = a.find('=');
            std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
            if (eq != std::string::npos) inline_value = a.substr(eq + 1);
            spec = find(name, 0);
            if (!spec) {
                error = "unknown option '--" + name + "'";
                return std::nullopt;
            }
        } else if (a.size() == 2 && a[0] == '-' && a[1] != '-') {
            spec = find("", a[1]);
            if (!spec) {
                error = "unknown option '" + a + "'";
                return std::nullopt;
            }
        } else if (a == "--") {
            for (++i; i < argv.size(); ++i) args.positional.push_back(argv[i]);
            break;
        } else {
            args.positional.push_back(a);
            continue;
        }
        if (!spec->takes_value) {
            if (inline_value) {
                error = "option '--" + spec->name + "' takes no value";
                return std::nullopt;
            }
            args.flags.insert(spec->name);
            continue;
        }
        if (!inline_value) {
            if (i + 1 >= argv.size()) {
                error = "option '--" + spec->name + "' needs a value";
                return std::nullopt;
            }
            inline_value = argv[++i];
        }
        args.values[spec->name] = *inline_value;
        args.all_values[spec->name].push_back(*inline_value);
    }
    return args;
}

}  // namespace guichet::cli
