// Markdown pages with a YAML front matter.
#pragma once

#include "yaml_util.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace guichet::packsrc {

struct PageLink {
    std::string target;
    int line = 0;
    bool image = false;
};

struct Page {
    nlohmann::json meta;  // front matter as JSON, with "path" added by the caller
    std::string body;     // Markdown without the front matter
    std::vector<PageLink> links;
};

inline constexpr const char* kPageKinds[] = {"page", "association", "event", "legal_notice", "job_offer"};

// FILE is the name used in messages.
std::optional<Page> parse_page(const std::string& text, const std::string& file, Diagnostics& diags);

}  // namespace guichet::packsrc
