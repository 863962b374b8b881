// HTTP client for the hub's API, used by the sync agent, the partner CLI and
// the tests. Signs every request when it has an identity (protocol/auth.hpp),
// caps the size of every answer (an endless response is cut at its limit) and
// reports a failed exchange as an Error, never an exception. cpp-httplib stays
// inside hub_client.cpp.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "protocol/auth.hpp"
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

struct HubClientOptions {
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds read_timeout{20000};
    std::uint64_t max_answer_bytes = 4 << 20;
    // Injected clock for signatures (tests); default: the system clock.
    std::function<std::int64_t()> clock;
    // Bandwidth cap on every request body and answer body (guichet-sync
    // --max-rate-all); null: none. Answers are paced as they arrive.
    std::shared_ptr<TokenBucket> bandwidth;
};

struct Identity {
    std::string client_id;
    RequestKey key;
};

class HubClient {
public:
    // BASE_URL: "http://HOST:PORT" (no path). Fails on anything else.
    static Result<HubClient> create(const std::string& base_url, HubClientOptions options = {});
    HubClient(HubClient&&) noexcept;
    HubClient& operator=(HubClient&&) noexcept;
    ~HubClient();

    void set_identity(Identity identity);
    const std::optional<Identity>& identity() const { return identity_; }

    // One request; signed when an identity is set. A transport failure
    // (refused, reset, timeout, answer over the cap) is an Error; any HTTP
    // status is an answer.
    Result<HttpAnswer> send(std::string_view method, std::string_view path, const Query& query = {}, ByteView body = {},
                            std::string_view content_type = "", const std::vector<Header>& extra_headers = {},
                            std::optional<std::uint64_t> max_answer_bytes = {});

    const std::string& base_url() const { return base_url_; }

private:
    struct Impl;
    HubClient() = default;
    std::unique_ptr<Impl> impl_;
    std::string base_url_;
    HubClientOptions options_;
    std::optional<Identity> identity_;
};

// "HTTP 422 from PUT /v1/demarches/…: <first 200 bytes of the body>"
std::string describe_answer(std::string_view method, std::string_view path, const HttpAnswer& answer);

}  // namespace guichet::sync
