// RFC 3986 percent-encoding: every byte but the unreserved ones (A–Z a–z 0–9
// - . _ ~) as %XX. For query parameters (the hub client) and the user part of
// a TURN URI (the visio peer).
#pragma once

#include <string>
#include <string_view>

namespace guichet {

std::string percent_encode(std::string_view text);

}  // namespace guichet
