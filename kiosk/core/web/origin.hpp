// Origins and the allow-list of the web view (docs/web-view.md): a page may
// only navigate to an origin (scheme, host, port) that staff listed in the pack.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace guichet::web {

struct Origin {
    std::string scheme;  // lower case: "https"
    std::string host;    // lower case, IPv6 without brackets
    int port = 0;        // the scheme's default when the address gives none
    bool operator==(const Origin&) const = default;
};

// The origin of an absolute http(s) address; nullopt for anything else
// (relative, other schemes, user info, a malformed port).
std::optional<Origin> parse_origin(const std::string& uri);

// "https://host:port" (the port omitted when it is the scheme's default).
std::string to_string(const Origin& origin);

class AllowList {
public:
    AllowList() = default;
    // Entries are origins or addresses ("https://www.service-public.fr/…");
    // the ones that do not parse are returned in REJECTED.
    explicit AllowList(const std::vector<std::string>& entries, std::vector<std::string>* rejected = nullptr);
    // about:blank (empty frames) is always allowed; everything else must
    // match an entry's origin exactly.
    bool allows(const std::string& uri) const;
    bool empty() const { return origins_.empty(); }

private:
    std::vector<Origin> origins_;
};

}  // namespace guichet::web
