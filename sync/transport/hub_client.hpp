// HTTP client for the hub's API, used by the sync agent, the partner CLI and
// the tests. Signs every request when it has an identity (protocol/auth.hpp)
// and is built for a hostile server (docs/protocol.md §7.1): the answer's
// headers (count and bytes) and body are capped, each request has a deadline
// for the whole exchange (connect, headers, body) besides a minimum rate, and
// a stop token aborts a transfer at once. A failed exchange is an Error, never
// an exception. libcurl stays inside hub_client.cpp.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "protocol/auth.hpp"
#include "transport/stop_token.hpp"
#include "transport/token_bucket.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace guichet::sync {

struct HttpAnswer {
    int status = 0;
    std::string body;
    std::vector<Header> headers;
    std::string header(std::string_view name) const;  // case-insensitive; "" when absent
};

// How the client trusts the hub's certificate, for an https:// hub (docs/protocol.md §1.1).
struct TlsTrust {
    // PEM: the hub's own (self-signed) certificate or the CA that signed it;
    // the certificate must also name the URL's host. Empty: the system's CAs.
    std::string ca_file;
    // "sha256//BASE64" (several: joined with ';'): the hub's public key, as
    // `openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst
    // -sha256 -binary | base64` prints it. Alone, it is the whole trust (a
    // self-signed certificate needs nothing else); with CA_FILE, both must hold.
    std::string pin;
    bool empty() const { return ca_file.empty() && pin.empty(); }
};

// An Error when TRUST cannot be used (malformed pin, unreadable CA file).
Result<void> check_tls_trust(const TlsTrust& trust);

struct HubClientOptions {
    std::chrono::milliseconds connect_timeout{5000};
    // The whole request, from connecting to the answer's last byte; time spent
    // waiting for the bandwidth cap (below) is not counted.
    std::chrono::milliseconds deadline{20000};
    // Aborted when slower than LOW_SPEED_BYTES per second for LOW_SPEED_TIME.
    std::uint64_t low_speed_bytes = 64;
    std::chrono::seconds low_speed_time{15};
    std::uint64_t max_answer_bytes = 4 << 20;
    // Answer header lines (status lines of interim answers included) and their bytes.
    std::uint32_t max_header_lines = 100;
    std::uint64_t max_header_bytes = 64 << 10;
    // Aborts the transfer in progress, and refuses new ones, once requested (SIGTERM); null: none.
    const StopToken* stop = nullptr;
    // Injected clock for signatures (tests); default: the system clock.
    std::function<std::int64_t()> clock;
    // Bandwidth cap on every request body and answer body (guichet-sync
    // --max-rate-all); null: none. Answers are paced as they arrive.
    std::shared_ptr<TokenBucket> bandwidth;
    // For an https:// hub: what its certificate must be.
    TlsTrust tls;
};

struct Identity {
    std::string client_id;
    RequestKey key;
};

class HubClient {
public:
    // BASE_URL: "http://HOST:PORT" or "https://HOST:PORT" (no path). Fails on
    // anything else, and on TLS trust given for an http:// URL.
    static Result<HubClient> create(const std::string& base_url, HubClientOptions options = {});
    HubClient(HubClient&&) noexcept;
    HubClient& operator=(HubClient&&) noexcept;
    ~HubClient();

    void set_identity(Identity identity);
    const std::optional<Identity>& identity() const { return identity_; }

    // One request; signed when an identity is set. A transport failure
    // (refused, reset, deadline, answer or headers over their cap, stop) is an
    // Error; any HTTP status is an answer. The connection is kept for the next
    // request unless the exchange failed.
    Result<HttpAnswer> send(std::string_view method, std::string_view path, const Query& query = {}, ByteView body = {},
                            std::string_view content_type = "", const std::vector<Header>& extra_headers = {},
                            std::optional<std::uint64_t> max_answer_bytes = {});

    const std::string& base_url() const { return base_url_; }
    const HubClientOptions& options() const { return options_; }

private:
    struct Impl;
    HubClient() = default;
    std::unique_ptr<Impl> impl_;
    std::string base_url_;
    HubClientOptions options_;
    std::optional<Identity> identity_;
};

// "HTTP 422 from PUT /v1/demarches/…: idempotency-mismatch: <message>" for the
// hub's error body, else the first 200 bytes of the body.
std::string describe_answer(std::string_view method, std::string_view path, const HttpAnswer& answer);

}  // namespace guichet::sync
