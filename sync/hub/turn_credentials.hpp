// Short-lived TURN credentials (docs/visio.md §5), the "TURN REST API" scheme
// that coturn checks with use-auth-secret: username = "EXPIRY:ID", password =
// base64(HMAC-SHA1(secret, username)). No state on either side: coturn
// recomputes the password from the shared secret and refuses an expired
// username.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace guichet::sync::hub {

struct TurnCredentials {
    std::string username;
    std::string password;
    std::int64_t expires_at = 0;
};

TurnCredentials turn_credentials(std::string_view secret, std::int64_t expires_at, std::string_view id);

}  // namespace guichet::sync::hub
