// Request authentication, protocol v1 (docs/protocol.md §2).
//
// Every kiosk and every partner service holds its own Ed25519 key pair. A
// request carries five headers — protocol version, client id, timestamp,
// nonce, signature — and the signature covers a canonical string built from
// the method, the canonical target (path and sorted query), those headers and
// the BLAKE2b-256 of the body. The hub checks, in this order:
//   1. version and header syntax,
//   2. timestamp within ±window of its clock,
//   3. client known and not revoked,
//   4. the signature,
//   5. the nonce never seen for this client within the window (remembered
//      only once the signature holds, so forged requests cannot fill the table).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/hash.hpp"
#include "crypto/minisign.hpp"
#include "crypto/secure.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guichet::sync {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::int64_t kDefaultClockWindowSeconds = 300;

inline constexpr const char* kHeaderProtocol = "Guichet-Protocol";
inline constexpr const char* kHeaderClient = "Guichet-Client";
inline constexpr const char* kHeaderTimestamp = "Guichet-Timestamp";
inline constexpr const char* kHeaderNonce = "Guichet-Nonce";
inline constexpr const char* kHeaderSignature = "Guichet-Signature";
inline constexpr const char* kHeaderIdempotencyKey = "Idempotency-Key";

using Header = std::pair<std::string, std::string>;
using Query = std::multimap<std::string, std::string>;

// "/v1/x" + "?" + name=value pairs sorted by name then value, joined by '&',
// unencoded. Names and values used by protocol v1 are URL-safe ASCII.
std::string canonical_target(std::string_view path, const Query& query);

struct RequestHead {
    std::string method;  // upper case: GET, PUT, PATCH, …
    std::string target;  // canonical_target()
    std::string client_id;
    std::int64_t timestamp = 0;
    std::string nonce;                     // 32 lower-case hex digits
    crypto::Ed25519Signature signature{};  // not part of the canonical string
};

// The signed string: "guichet-request-v1\n" then method, target, client id,
// timestamp, nonce and hex BLAKE2b-256 of the body, each followed by '\n'.
std::string canonical_request(const RequestHead& head, const crypto::Hash256& body_hash);

// An Ed25519 key pair for signing requests (libsodium's 64-byte secret key,
// zeroed on destruction). Files: a comment line, then base64.
class RequestKey {
public:
    static RequestKey generate();
    static Result<RequestKey> load(const std::filesystem::path& file);
    // Written atomically with mode 0600.
    Result<void> save(const std::filesystem::path& file, std::string_view owner) const;

    crypto::Ed25519PublicKey public_key() const;
    crypto::Ed25519Signature sign(ByteView message) const;

private:
    crypto::SecretArray<64> secret_;
};

std::string public_key_text(const crypto::Ed25519PublicKey& key, std::string_view owner);  // file form
std::string public_key_base64(const crypto::Ed25519PublicKey& key);
// Accepts the file form (comment lines, then base64) or bare base64.
Result<crypto::Ed25519PublicKey> parse_public_key(std::string_view text);

// The five authentication headers for one request. NONCE_BYTES are 16 random bytes.
std::vector<Header> sign_request(const RequestKey& key, std::string_view client_id, std::string_view method,
                                 std::string_view target, ByteView body, std::int64_t now,
                                 std::span<const std::uint8_t, 16> nonce_bytes);
// Same with a fresh random nonce.
std::vector<Header> sign_request(const RequestKey& key, std::string_view client_id, std::string_view method,
                                 std::string_view target, ByteView body, std::int64_t now);

enum class AuthFailure {
    missing_header,       // 401
    unsupported_version,  // 400
    malformed,            // 401
    stale_timestamp,      // 401
    unknown_client,       // 401
    revoked_client,       // 403
    bad_signature,        // 401
    replayed_nonce,       // 401
    internal,             // 500: the nonce ledger failed
};
std::string_view to_string(AuthFailure f);
int http_status(AuthFailure f);

struct AuthError {
    AuthFailure kind = AuthFailure::malformed;
    std::string message;
};

struct ClientRecord {
    crypto::Ed25519PublicKey key{};
    bool revoked = false;
};

struct Verifier {
    // nullopt: no such client.
    std::function<std::optional<ClientRecord>(std::string_view client_id)> find_client;
    // Records the nonce until EXPIRES_AT; false when it was already there.
    std::function<Result<bool>(std::string_view client_id, std::string_view nonce, std::int64_t expires_at)>
        remember_nonce;
    std::int64_t window_seconds = kDefaultClockWindowSeconds;
};

// Reads the authentication headers; GET_HEADER returns "" when absent.
Result<RequestHead, AuthError> parse_auth_headers(const std::function<std::string(const char*)>& get_header,
                                                  std::string_view method, std::string target);

// The whole check (see the order above). Returns the authenticated client id.
Result<std::string, AuthError> authenticate(const Verifier& verifier, const RequestHead& head, ByteView body,
                                            std::int64_t now);

}  // namespace guichet::sync
