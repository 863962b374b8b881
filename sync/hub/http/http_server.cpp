// The hub's HTTP server on Boost.Beast and Asio (docs/protocol.md §1): a few
// I/O threads that never block (a client that sends nothing holds no thread,
// only its socket until its deadline), route handlers on a small worker pool,
// and every resource bounded before it is spent. TLS (OpenSSL through
// asio::ssl) is the same session over an ssl_stream: the handshake is bounded
// like a request's headers. Boost and OpenSSL stay in this file.
#include "hub/http/http.hpp"

#include "hub/http/address_range.hpp"
#include "common/staff_language.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>

#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <array>
#include <chrono>
#include <iostream>
#include <limits>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>

namespace guichet::sync::hub::http {

namespace beast = boost::beast;
namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Parser = bhttp::request_parser<bhttp::string_body>;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

namespace {

constexpr std::size_t kWriteChunk = 64 << 10;
constexpr std::size_t kReadBuffer = 64 << 10;
// Not boost::none: Beast 1.74 compares the length with the optional, and none
// is below every length.
constexpr std::uint64_t kNoLimit = std::numeric_limits<std::uint64_t>::max();

// The request's line and headers as our Request (no body yet).
void fill_head(const Parser& parser, Request& req) {
    const auto& msg = parser.get();
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    for (const auto& f : msg) req.headers.emplace(std::string(f.name_string()), std::string(f.value()));
    split_target(req);
}

HeadVerdict check_head(const Parser& parser, const Request& req, const Limits& limits,
                       const std::function<std::uint64_t(const Request&)>& body_limit) {
    HeadVerdict v;
    if (req.target.size() > limits.max_request_line) return {414, "uri-too-long", "request line too long"};
    if (req.headers.size() > limits.max_header_count)
        return {431, "header-too-large", "more than " + std::to_string(limits.max_header_count) + " header fields"};
    if (parser.get().version() != 11 && parser.get().version() != 10)
        return {505, "http-version", "HTTP/1.0 or 1.1 only"};
    if (parser.is_done()) return v;  // no body
    if (parser.chunked()) return {411, "length-required", "a body needs a Content-Length (chunked bodies are refused)"};
    const auto length = parser.content_length();
    if (!length) return {411, "length-required", "a body needs a Content-Length (chunked bodies are refused)"};
    const std::uint64_t limit =
        std::min<std::uint64_t>(body_limit ? body_limit(req) : limits.max_body_bytes, limits.max_body_bytes);
    if (*length > limit)
        return {413, "too-large",
                "body of " + std::to_string(*length) + " bytes refused: the limit for " + req.method + " " + req.path +
                    " is " + std::to_string(limit) + " bytes"};
    v.body_length = *length;
    return v;
}

// A parse error of the line or headers as an answer.
HeadVerdict head_error(const beast::error_code& ec, std::string_view received, const Limits& limits) {
    if (ec == bhttp::error::header_limit) {
        const auto line_end = received.find("\r\n");
        if (line_end == std::string_view::npos || line_end > limits.max_request_line)
            return {414, "uri-too-long",
                    "request line longer than " + std::to_string(limits.max_request_line) + " bytes"};
        return {431, "header-too-large",
                "request line and headers longer than " + std::to_string(limits.max_header_bytes) + " bytes"};
    }
    return {400, "malformed", "not an HTTP/1.1 request: " + ec.message()};
}

}  // namespace

int parse_request(std::string_view raw, const Limits& limits,
                  const std::function<std::uint64_t(const Request&)>& body_limit, Request& out) {
    Parser parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(kNoLimit);  // checked by check_head(), with a proper answer
    beast::error_code ec;
    std::size_t used = 0;
    // The header first (as the server reads it), then the body.
    while (!parser.is_header_done()) {
        used += parser.put(asio::buffer(raw.data() + used, raw.size() - used), ec);
        if (ec == bhttp::error::need_more) return -1;
        if (ec) return head_error(ec, raw, limits).status;
        if (used >= raw.size() && !parser.is_header_done()) return -1;
    }
    fill_head(parser, out);
    auto verdict = check_head(parser, out, limits, body_limit);
    if (verdict.status != 0) return verdict.status;
    while (!parser.is_done()) {
        if (used >= raw.size()) return -1;
        used += parser.put(asio::buffer(raw.data() + used, raw.size() - used), ec);
        if (ec == bhttp::error::need_more) return -1;
        if (ec) return 400;
    }
    out.body = parser.release().body();
    return 0;
}

namespace {

std::string answer_head(const Response& res, std::size_t length, bool keep_alive) {
    std::string head = "HTTP/1.1 " + std::to_string(res.status) + " " + status_text(res.status) + "\r\n";
    for (const auto& [name, value] : res.headers) {
        if (::strcasecmp(name.c_str(), "Content-Length") == 0 || ::strcasecmp(name.c_str(), "Connection") == 0)
            continue;
        head += name + ": " + value + "\r\n";
    }
    if (res.status != 204 && res.status != 304) head += "Content-Length: " + std::to_string(length) + "\r\n";
    head += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
    return head;
}

}  // namespace

struct HttpServer::Impl {
    Limits limits;
    Application app;
    Transport transport;
    std::unique_ptr<asio::ssl::context> tls;  // set: every connection speaks TLS

    std::mutex mutex;  // guards the maps and counts below
    std::unordered_map<std::string, std::size_t> per_address;
    std::size_t total = 0;
    struct Bucket {
        double tokens = 0;
        std::chrono::steady_clock::time_point at;
    };
    std::unordered_map<std::string, Bucket> buckets;        // unsigned requests
    std::unordered_map<std::string, Bucket> auth_failures;  // answers 401: a forged signature costs the same

    asio::thread_pool workers;
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    asio::steady_timer accept_pause{ioc};

    Impl(Limits l, Application a)
        : limits(std::move(l)),
          app(std::move(a)),
          workers(static_cast<std::size_t>(std::max(1, limits.worker_threads))),
          ioc(std::max(1, limits.io_threads)) {}

    ~Impl() {
        // Handlers still queued would post to the io_context: they go first.
        workers.stop();
        workers.join();
    }

    void refuse(std::string_view kind) {
        if (app.count_refusal) app.count_refusal(kind);
    }

    // Takes a connection slot for ADDRESS; false when over a limit.
    bool admit(const std::string& address) {
        std::lock_guard lock(mutex);
        auto& n = per_address[address];
        if (total >= limits.max_connections || n >= limits.max_connections_per_address) {
            if (n == 0) per_address.erase(address);
            return false;
        }
        ++n, ++total;
        return true;
    }

    void release(const std::string& address) {
        std::lock_guard lock(mutex);
        auto it = per_address.find(address);
        if (it != per_address.end() && --it->second == 0) per_address.erase(it);
        --total;
    }

    // One token from ADDRESS's bucket; false when it is empty.
    // PEEK: only whether one is left.
    bool take_token(std::unordered_map<std::string, Bucket>& map, const std::string& address, bool peek = false) {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(mutex);
        if (map.size() > 65536)  // full buckets carry no state: forget them
            std::erase_if(map, [&](const auto& b) {
                return b.second.tokens +
                           std::chrono::duration<double>(now - b.second.at).count() * limits.public_rate_per_second >=
                       limits.public_burst;
            });
        auto [it, fresh] = map.try_emplace(address, Bucket{limits.public_burst, now});
        auto& b = it->second;
        if (!fresh) {
            b.tokens = std::min(limits.public_burst, b.tokens + std::chrono::duration<double>(now - b.at).count() *
                                                                    limits.public_rate_per_second);
            b.at = now;
        }
        if (b.tokens < 1) return false;
        if (!peek) b.tokens -= 1;
        return true;
    }

    void accept();
};

namespace {

// What a TLS proxy on loopback says of the client (Transport::behind_tls_proxy):
// the last address of X-Forwarded-For (the one the proxy itself added), when
// it is an IP address.
std::string forwarded_client(const Request& req) {
    std::string list = req.get_header_value("X-Forwarded-For");
    const auto comma = list.rfind(',');
    std::string last = comma == std::string::npos ? list : list.substr(comma + 1);
    while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.erase(0, 1);
    while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.pop_back();
    beast::error_code ec;
    const auto address = asio::ip::make_address(last, ec);
    return ec ? std::string() : address.to_string();
}

// One connection. STREAM: beast::tcp_stream (plain HTTP) or TlsStream.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

public:
    // EXTRA: the TLS context, for a TlsStream.
    template <class... Extra>
    Session(HttpServer::Impl& server, tcp::socket socket, std::string address, Extra&... extra)
        : server_(server), stream_(std::move(socket), extra...), address_(std::move(address)), buffer_(kReadBuffer) {}
    ~Session() { server_.release(address_); }

    void start() {
        if constexpr (kTls) {
            // The handshake is due within the header timeout, as a request's
            // line and headers are: a client that never finishes it is cut.
            lowest().expires_after(std::chrono::seconds(server_.limits.header_timeout_seconds));
            lowest().async_read_some(buffer_.prepare(kFirstBytes),
                                     [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                         self->on_first_bytes(ec, n);
                                     });
        } else {
            read_head();
        }
    }

private:
    static constexpr std::size_t kFirstBytes = 4096;

    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    // TLS: a ClientHello starts with a handshake record (0x16). Anything else
    // is most likely plain HTTP sent to the HTTPS port: told so in plain HTTP.
    void on_first_bytes(beast::error_code ec, std::size_t n) {
        if (ec) {
            if (ec == beast::error::timeout) server_.refuse("tls-handshake-timeout");
            return close_now();
        }
        buffer_.commit(n);
        const auto first = static_cast<const unsigned char*>(buffer_.data().data())[0];
        if (first != 0x16) {
            server_.refuse("plain-http-on-tls");
            Response res;
            res.status = 400;
            res.set_content(error_json("https-required", "this port speaks HTTPS only: use an https:// URL"),
                            "application/json");
            auto answer = std::make_shared<std::string>(answer_head(res, res.body.size(), false) + res.body);
            return asio::async_write(lowest(), asio::buffer(*answer),
                                     [self = this->shared_from_this(), answer](beast::error_code, std::size_t) {
                                         self->close_tcp_gracefully();
                                     });
        }
        if constexpr (kTls)
            stream_.async_handshake(asio::ssl::stream_base::server, buffer_.data(),
                                    [self = this->shared_from_this()](beast::error_code e, std::size_t used) {
                                        if (e) {
                                            self->server_.refuse(e == beast::error::timeout ? "tls-handshake-timeout"
                                                                                            : "tls-handshake");
                                            return self->close_now();
                                        }
                                        self->buffer_.consume(used);
                                        self->handshake_done_ = true;
                                        self->read_head();
                                    });
    }

    void read_head() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_.limits.max_header_bytes));
        // Beast would fail an oversized Content-Length while parsing the
        // header: check_head() answers it instead (413), the limit then holds
        // the body to its announced length.
        parser_->body_limit(kNoLimit);
        lowest().expires_after(std::chrono::seconds(server_.limits.header_timeout_seconds));
        bhttp::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            self->on_head(ec);
        });
    }

    void on_head(beast::error_code ec) {
        if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
            ec == asio::ssl::error::stream_truncated)
            return close_now();
        if (ec == beast::error::timeout || ec == asio::error::operation_aborted) {
            if (parser_->got_some() || buffer_.size() > 0) server_.refuse("header-timeout");  // not an idle keep-alive
            return close_now();  // nothing useful to say to a client that does not send
        }
        if (ec) {
            const auto data = buffer_.data();
            auto v =
                head_error(ec, std::string_view(static_cast<const char*>(data.data()), data.size()), server_.limits);
            server_.refuse(v.kind);
            return refuse(v);
        }
        req_ = Request();
        fill_head(*parser_, req_);
        req_.remote_addr = address_;
        req_.secure_transport = kTls;
        if (server_.transport.behind_tls_proxy && address_in(address_, loopback_ranges())) {
            // Only the proxy on this machine is believed (docs/back-office.md, threat model).
            if (::strcasecmp(req_.get_header_value("X-Forwarded-Proto").c_str(), "https") == 0)
                req_.secure_transport = true;
            if (auto client = forwarded_client(req_); !client.empty()) req_.remote_addr = std::move(client);
        }
        client_ = req_.remote_addr;
        secure_request_ = req_.secure_transport;
        auto v = check_head(*parser_, req_, server_.limits, server_.app.body_limit);
        if (v.status != 0) {
            server_.refuse(v.kind);
            return refuse(v);
        }
        // Unsigned requests spend a token each; signed ones only when refused
        // (401, in prepare()), and are refused here once those are spent.
        const bool limited = server_.app.rate_limited && server_.app.rate_limited(req_);
        if (limited ? !server_.take_token(server_.buckets, client_)
                    : !server_.take_token(server_.auth_failures, client_, true)) {
            server_.refuse("rate-limited");
            v = {429, "rate-limited", "too many requests from this address: try again in a few seconds"};
            extra_ = "Retry-After: 5\r\n";
            return refuse(v);
        }
        keep_alive_ = parser_->keep_alive();
        if (parser_->is_done()) return handle();
        parser_->body_limit(v.body_length);
        if (::strcasecmp(req_.get_header_value("Expect").c_str(), "100-continue") == 0) {
            static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            lowest().expires_after(std::chrono::seconds(server_.limits.write_timeout_seconds));
            return asio::async_write(stream_, asio::buffer(kContinue),
                                     [self = this->shared_from_this()](beast::error_code e, std::size_t) {
                                         if (e) return self->close_now();
                                         self->read_body();
                                     });
        }
        read_body();
    }

    void read_body() {
        // A minimum rate: the whole body is due within 10 s + length / rate.
        const auto rate = std::max<std::uint64_t>(1, server_.limits.min_body_rate);
        const auto seconds = 10 + static_cast<std::int64_t>(v_length() / rate);
        lowest().expires_after(std::chrono::seconds(seconds));
        bhttp::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                if (ec == beast::error::timeout) self->server_.refuse("body-timeout");
                return self->close_now();
            }
            self->handle();
        });
    }

    std::uint64_t v_length() const { return parser_->content_length().value_or(0); }

    void handle() {
        lowest().expires_never();  // the handler's time is the server's, not the client's
        req_.body = parser_->release().body();
        const bool head = req_.method == "HEAD";
        const std::string range = req_.get_header_value("Range");
        asio::post(server_.workers, [self = this->shared_from_this(), head, range] {
            Response res;
            self->server_.app.handle(self->req_, res);
            // While the handler ran no operation was pending on the socket,
            // and none is until the dispatch below: the worker may prepare
            // the answer and write what the socket takes at once, so that the
            // client need not wait for an I/O thread to wake up.
            self->prepare(std::move(res), head, range);
            const std::size_t sent = self->send_now();
            asio::dispatch(self->stream_.get_executor(), [self, sent] { self->write_rest(sent); });
        });
    }

    // Non-blocking send of the head and a small body on the worker's thread;
    // the bytes sent (0 when the socket would block or failed: the strand
    // then writes it all and sees the error itself).
    std::size_t send_now() {
        if (kTls || res_.provider) return 0;  // TLS records are the strand's to write
        iovec parts[2] = {{head_.data(), head_.size()}, {res_.body.data(), res_.body.size()}};
        msghdr msg{};
        msg.msg_iov = parts;
        msg.msg_iovlen = res_.body.empty() ? 1 : 2;
        const ssize_t n = ::sendmsg(lowest().socket().native_handle(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
        return n > 0 ? static_cast<std::size_t>(n) : 0;
    }

    void refuse(const HeadVerdict& v) {
        Response res;
        res.status = v.status;
        res.set_content(error_json(v.kind, v.message), "application/json");
        keep_alive_ = false;
        prepare(std::move(res), false, {});
        write_rest(0);
    }

    // The answer's head and body in res_, head_, next_ and end_.
    void prepare(Response res, bool head, const std::string& range) {
        res_ = std::move(res);
        req_ = Request();  // the request's memory goes before the answer's
        if (res_.status == -1) res_.status = 200;
        if (res_.status == 401) server_.take_token(server_.auth_failures, client_);
        // Browsers that reached the hub over TLS keep to it (RFC 6797); a
        // route may say otherwise.
        if (secure_request_ && res_.get_header_value("Strict-Transport-Security").empty())
            res_.set_header("Strict-Transport-Security", "max-age=31536000");
        std::size_t from = 0, length = res_.provider ? res_.content_length : res_.body.size();
        if (res_.provider && res_.status == 200 && !range.empty()) {
            if (auto r = parse_range(range, res_.content_length)) {
                if (r->second == 0) {
                    res_.status = 416;
                    res_.set_header("Content-Range", "bytes */" + std::to_string(res_.content_length));
                    res_.provider = nullptr;
                    length = 0;
                } else {
                    res_.status = 206;
                    res_.set_header("Content-Range", "bytes " + std::to_string(r->first) + "-" +
                                                         std::to_string(r->first + r->second - 1) + "/" +
                                                         std::to_string(res_.content_length));
                    from = r->first, length = r->second;
                }
            }
        }
        head_ = answer_head(res_, length, keep_alive_);
        head_.insert(head_.size() - 2, extra_);  // extra header lines go before the blank line
        extra_.clear();
        if (head || res_.status == 204 || res_.status == 304) {
            res_.body.clear();
            res_.provider = nullptr;
        }
        next_ = from, end_ = from + length;
    }

    // Writes the head and body from byte SENT on (send_now() may have sent the start).
    void write_rest(std::size_t sent) {
        if constexpr (kTls) {
            // One buffer. With the pair (head, body), once the head is
            // sent async_write passes (empty, body): Beast 1.74's flat_stream
            // (inside ssl_stream) then writes a prefix of 0 bytes, which
            // async_write takes for the end, and the body is never sent
            // (test_sync_tls's attachment). The copy costs less than the encryption.
            if (!res_.provider) head_.append(res_.body), res_.body = std::string();
            lowest().expires_after(std::chrono::seconds(server_.limits.write_timeout_seconds));
            return asio::async_write(stream_, asio::buffer(head_),
                                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                         if (ec) return self->close_now();
                                         self->write_more();
                                     });
        }
        const std::size_t from_head = std::min(sent, head_.size());
        const std::size_t from_body = res_.provider ? 0 : std::min(sent - from_head, res_.body.size());
        std::array<asio::const_buffer, 2> buffers{
            asio::buffer(head_) + from_head,
            res_.provider ? asio::const_buffer() : asio::buffer(res_.body) + from_body};
        lowest().expires_after(std::chrono::seconds(server_.limits.write_timeout_seconds));
        asio::async_write(stream_, buffers, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->close_now();
            self->write_more();
        });
    }

    // The provider's next chunk, or the end of the answer.
    void write_more() {
        if (!res_.provider || next_ >= end_) return finish();
        const std::size_t n = std::min(kWriteChunk, end_ - next_);
        chunk_.clear();
        DataSink sink{[this](const char* data, std::size_t len) {
            chunk_.append(data, len);
            return true;
        }};
        if (!res_.provider(next_, n, sink) || chunk_.size() != n) return close_now();
        next_ += n;
        lowest().expires_after(std::chrono::seconds(server_.limits.write_timeout_seconds));
        asio::async_write(stream_, asio::buffer(chunk_),
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close_now();
                              self->write_more();
                          });
    }

    void finish() {
        res_ = Response();
        chunk_ = std::string();
        if (keep_alive_) return read_head();
        close_gracefully();
    }

    // The answer is sent: FIN first, so that the client reads it and then an
    // end of stream, and unread request bytes are drained for a short while
    // (closing with them unread would reset the connection, and the client
    // could lose the answer).
    // TLS: close_notify first (OpenSSL discards what the client still sends
    // meanwhile), within a second.
    void close_gracefully() {
        if constexpr (kTls) {
            if (handshake_done_) {
                lowest().expires_after(std::chrono::seconds(1));
                return stream_.async_shutdown([self = this->shared_from_this()](beast::error_code ec) {
                    if (ec == beast::error::timeout) return self->close_now();
                    self->close_tcp_gracefully();
                });
            }
        }
        close_tcp_gracefully();
    }

    void close_tcp_gracefully() {
        beast::error_code ec;
        lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
        lowest().expires_after(std::chrono::seconds(1));
        drained_ = 0;
        scratch_.resize(4096);  // only for a connection being closed
        drain();
    }

    void drain() {
        lowest().async_read_some(asio::buffer(scratch_),
                                 [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                    self->drained_ += n;
                                    if (ec || self->drained_ > (256u << 10)) return self->close_now();
                                    self->drain();
                                });
    }

    void close_now() {
        beast::error_code ec;
        lowest().socket().close(ec);
    }

    HttpServer::Impl& server_;
    Stream stream_;
    std::string address_;  // the peer's: the connection slot is its
    std::string client_;   // the client's: the proxy's X-Forwarded-For when trusted, else address_
    bool secure_request_ = false, handshake_done_ = false;
    beast::flat_buffer buffer_;
    std::optional<Parser> parser_;
    Request req_;
    Response res_;
    bool keep_alive_ = true;
    std::string head_, chunk_, extra_;
    std::size_t next_ = 0, end_ = 0, drained_ = 0;
    std::vector<char> scratch_;
};

}  // namespace

void HttpServer::Impl::accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
        if (ec) {
            // Out of descriptors (EMFILE) or the like: pause instead of spinning.
            accept_pause.expires_after(std::chrono::milliseconds(50));
            accept_pause.async_wait([this](beast::error_code) { accept(); });
            return;
        }
        beast::error_code e;
        const auto peer = socket.remote_endpoint(e);
        const std::string address = e ? std::string() : peer.address().to_string();
        if (e || !admit(address)) {
            // Refused at once; the answer is best effort, never waited for.
            refuse("too-many-connections");
            static const std::string kBusy = [] {
                const auto body = error_json("too-many-connections", "too many connections, try again later");
                return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\nConnection: close\r\nRetry-After: 5\r\n\r\n" + body;
            }();
            socket.non_blocking(true, e);
            if (!tls) socket.write_some(asio::buffer(kBusy), e);  // a TLS client would read it as garbage
            socket.shutdown(tcp::socket::shutdown_both, e);
            socket.close(e);
        } else {
            socket.set_option(tcp::no_delay(true), e);
            if (tls)
                std::make_shared<Session<TlsStream>>(*this, std::move(socket), address, *tls)->start();
            else
                std::make_shared<Session<beast::tcp_stream>>(*this, std::move(socket), address)->start();
        }
        accept();
    });
}

HttpServer::HttpServer(Limits limits, Application app)
    : impl_(std::make_unique<Impl>(std::move(limits), std::move(app))) {}

HttpServer::~HttpServer() = default;

std::string HttpServer::set_transport(const Transport& transport) {
    impl_->transport = transport;
    impl_->tls.reset();
    if (!transport.tls()) return {};
    namespace ssl = asio::ssl;
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    // TLS 1.2 and 1.3 only, OpenSSL's default ciphers for them (all AEAD with forward secrecy on 1.3).
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    beast::error_code ec;
    ctx->use_certificate_chain_file(transport.tls_cert, ec);
    // Said to staff starting the hub (guichet-hub's catalogue has the French).
    if (ec) return staff::msg("--tls-cert {1}: not a usable PEM certificate ({2})", {transport.tls_cert, ec.message()});
    ctx->use_private_key_file(transport.tls_key, ssl::context::pem, ec);
    if (ec) return staff::msg("--tls-key {1}: not a usable PEM private key ({2})", {transport.tls_key, ec.message()});
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1)
        return staff::msg("--tls-key {1} does not match the certificate {2}", {transport.tls_key, transport.tls_cert});
    impl_->tls = std::move(ctx);
    return {};
}

std::pair<int, std::string> HttpServer::bind(const std::string& host, int port) {
    beast::error_code ec;
    auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) return {-1, "cannot bind " + host + ": not an IP address"};
    tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
    auto& a = impl_->acceptor;
    a.open(endpoint.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(endpoint, ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return {-1, "cannot bind " + host + ":" + std::to_string(port) + ": " + ec.message()};
    return {a.local_endpoint().port(), {}};
}

bool HttpServer::listen() {
    if (!impl_->acceptor.is_open()) return false;
    impl_->accept();
    std::vector<std::thread> threads;
    for (int i = 1; i < std::max(1, impl_->limits.io_threads); ++i) threads.emplace_back([this] { impl_->ioc.run(); });
    impl_->ioc.run();
    for (auto& t : threads) t.join();
    return true;
}

void HttpServer::stop() {
    asio::post(impl_->ioc, [this] {
        beast::error_code ec;
        impl_->acceptor.close(ec);
        impl_->ioc.stop();
    });
}

}  // namespace guichet::sync::hub::http
