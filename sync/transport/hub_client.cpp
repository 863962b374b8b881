#include "transport/hub_client.hpp"

#include "common/file.hpp"
#include "common/percent_encode.hpp"
#include "common/staff_language.hpp"
#include "protocol/answers.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>

namespace guichet::sync {

namespace {

struct EasyDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct MultiDeleter {
    void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// The client's messages about TLS, for the staff who read guichet-sync's and
// guichet-partner's logs (the programs set the language).
const std::pair<std::string_view, std::string_view> kFrench[] = {
    {"{1}: the hub's certificate is not trusted ({2}): give its certificate or its CA with --ca FILE, or its public "
     "key with --pin sha256//…; nothing was sent, démarches stay queued",
     "{1} : le certificat du hub n’est pas reconnu ({2}) : donnez son certificat ou son autorité de certification avec "
     "--ca FICHIER, ou sa clé publique avec --pin sha256//… ; rien n’a été envoyé, les démarches restent en attente"},
    {"{1}: the hub's public key does not match the pinned key --pin {2}: this is not the expected hub, or its key "
     "changed (then pin the new key); nothing was sent, démarches stay queued",
     "{1} : la clé publique du hub ne correspond pas à la clé épinglée --pin {2} : ce n’est pas le hub attendu, ou sa "
     "clé a changé (épinglez alors la nouvelle) ; rien n’a été envoyé, les démarches restent en attente"},
    {"{1}: TLS handshake with the hub failed ({2}): is it an https:// hub?",
     "{1} : la négociation TLS avec le hub a échoué ({2}) : le hub parle-t-il bien https:// ?"},
    {"--ca {1}: cannot read it ({2})", "--ca {1} : illisible ({2})"},
    {"--pin {1}: expected sha256// and the base64 of 32 bytes (44 characters), several joined with ';'",
     "--pin {1} : sha256// suivi de la base64 de 32 octets (44 caractères) est attendu, plusieurs séparés par « ; »"},
    {"hub URL {1}: --ca and --pin need an https:// URL", "URL du hub {1} : --ca et --pin demandent une URL https://"},
};

void global_init() {
    // curl_global_init is not thread-safe in libcurl 7.88: once per process, never cleaned up.
    static std::once_flag once;
    std::call_once(once, [] {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        staff::add_french(kFrench);
    });
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

// What one request's callbacks share with send().
struct Exchange {
    explicit Exchange(const HubClientOptions& o) : options(o) {}
    const HubClientOptions& options;
    HttpAnswer answer;
    std::uint64_t cap = 0;
    bool over_cap = false;
    std::uint32_t header_lines = 0;
    std::uint64_t header_bytes = 0;
    bool headers_over = false;
    ByteView body;
    std::size_t sent = 0;
    std::int64_t paced_micros = 0;  // waited for the bandwidth cap: not counted in the deadline

    bool stopping() const { return options.stop && options.stop->requested(); }
    void pace(std::size_t n) {
        if (options.bandwidth) paced_micros += options.bandwidth->consume(n);
    }
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto& x = *static_cast<Exchange*>(user);
    const size_t len = size * n;
    // Cumulative over the request: endless interim (1xx) answers count too.
    if (++x.header_lines > x.options.max_header_lines || !fits(x.header_bytes, len, x.options.max_header_bytes)) {
        x.headers_over = true;
        return 0;  // aborts the transfer
    }
    x.header_bytes += len;
    std::string_view line(data, len);
    if (line.starts_with("HTTP/")) {
        x.answer.headers.clear();  // a new (final or interim) answer: only the last one's headers count
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
        x.answer.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                      std::string(trim(line.substr(colon + 1))));
    }
    return len;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto& x = *static_cast<Exchange*>(user);
    const size_t len = size * n;
    if (x.stopping()) return 0;
    if (!fits(x.answer.body.size(), len, x.cap)) {
        x.over_cap = true;
        return 0;
    }
    x.answer.body.append(data, len);
    x.pace(len);
    return len;
}

size_t on_read(char* buffer, size_t size, size_t n, void* user) {
    auto& x = *static_cast<Exchange*>(user);
    if (x.stopping()) return CURL_READFUNC_ABORT;
    std::size_t len = std::min(size * n, x.body.size() - x.sent);
    // Small pieces under a cap, so that each wait stays short.
    if (x.options.bandwidth)
        len = std::min<std::size_t>(len, std::max<std::uint64_t>(1024, x.options.bandwidth->rate() / 4));
    x.pace(len);
    std::memcpy(buffer, x.body.data() + x.sent, len);
    x.sent += len;
    return len;
}

// libcurl rewinds the body when it sends the request again on a fresh connection.
int on_seek(void* user, curl_off_t offset, int origin) {
    auto& x = *static_cast<Exchange*>(user);
    if (origin != SEEK_SET || offset < 0 || static_cast<std::uint64_t>(offset) > x.body.size())
        return CURL_SEEKFUNC_CANTSEEK;
    x.sent = static_cast<std::size_t>(offset);
    return CURL_SEEKFUNC_OK;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Exchange*>(user)->stopping() ? 1 : 0;
}

}  // namespace

// One easy handle (the request) in one multi handle (its connection cache and
// the wait that also watches the stop token), reused for every request.
struct HubClient::Impl {
    std::unique_ptr<CURLM, MultiDeleter> multi;  // declared first: destroyed after the easy handle
    std::unique_ptr<CURL, EasyDeleter> easy;
    char error[CURL_ERROR_SIZE] = {};
};

std::string HttpAnswer::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

Result<void> check_tls_trust(const TlsTrust& trust) {
    global_init();
    if (!trust.pin.empty()) {
        std::string_view rest = trust.pin;
        while (true) {
            const auto end = rest.find(';');
            const auto one = rest.substr(0, end);
            bool ok = one.starts_with("sha256//") && one.size() == 8 + 44 && one.back() == '=';
            for (char c : one.substr(8, 43))
                ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/');
            if (!ok) return fail(staff::msg("--pin {1}: expected sha256// and the base64 of 32 bytes (44 characters), "
                                            "several joined with ';'",
                                            {trust.pin}));
            if (end == std::string_view::npos) break;
            rest.remove_prefix(end + 1);
        }
    }
    if (!trust.ca_file.empty())
        if (auto text = read_text_file(trust.ca_file, 1 << 20); !text)
            return fail(staff::msg("--ca {1}: cannot read it ({2})", {trust.ca_file, text.error().message}));
    return {};
}

Result<HubClient> HubClient::create(const std::string& base_url, HubClientOptions options) {
    global_init();
    const std::string scheme = base_url.starts_with("https://") ? "https://" : "http://";
    if (!base_url.starts_with(scheme))
        return fail("hub URL " + base_url + ": expected https://HOST:PORT (or http:// on loopback)");
    if (scheme == "http://" && !options.tls.empty())
        return fail(staff::msg("hub URL {1}: --ca and --pin need an https:// URL", {base_url}));
    if (auto trusted = check_tls_trust(options.tls); !trusted) return trusted.error();
    auto rest = std::string_view(base_url).substr(scheme.size());
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    auto colon = rest.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || rest.find('/') != std::string_view::npos)
        return fail("hub URL " + base_url + ": expected " + scheme + "HOST:PORT");
    int port = 0;
    for (char c : rest.substr(colon + 1)) {
        if (c < '0' || c > '9' || port > 65535) return fail("hub URL " + base_url + ": bad port");
        port = port * 10 + (c - '0');
    }
    if (port <= 0 || port > 65535) return fail("hub URL " + base_url + ": bad port");
    for (char c : rest.substr(0, colon))
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '[' && c != ']' && c != ':')
            return fail("hub URL " + base_url + ": bad host");
    HubClient c;
    c.impl_ = std::make_unique<Impl>();
    c.impl_->multi.reset(curl_multi_init());
    c.impl_->easy.reset(curl_easy_init());
    if (!c.impl_->multi || !c.impl_->easy) return fail("libcurl: cannot create a handle");
    c.base_url_ = scheme + std::string(rest);
    if (!options.clock) options.clock = [] { return static_cast<std::int64_t>(std::time(nullptr)); };
    c.options_ = std::move(options);
    return c;
}

HubClient::HubClient(HubClient&&) noexcept = default;
HubClient& HubClient::operator=(HubClient&&) noexcept = default;
HubClient::~HubClient() = default;

void HubClient::set_identity(Identity identity) {
    identity_ = std::move(identity);
}

Result<HttpAnswer> HubClient::send(std::string_view method, std::string_view path, const Query& query, ByteView body,
                                   std::string_view content_type, const std::vector<Header>& extra_headers,
                                   std::optional<std::uint64_t> max_answer_bytes) {
    const std::string what = std::string(method) + " " + base_url_ + std::string(path);
    if (options_.stop && options_.stop->requested()) return fail(what + ": not sent, stopping");
    std::string url = base_url_ + std::string(path);
    char sep = '?';
    for (const auto& [k, v] : query) {
        url += sep + percent_encode(k) + "=" + percent_encode(v);
        sep = '&';
    }
    Slist headers;
    auto add_header = [&headers](const std::string& line) {
        if (auto* l = curl_slist_append(headers.get(), line.c_str())) {
            (void)headers.release();
            headers.reset(l);
        }
    };
    add_header("Expect:");  // no 100-continue round trip (and no interim answer to wait for)
    for (const auto& [k, v] : extra_headers) add_header(k + ": " + v);
    if (identity_) {
        auto target = canonical_target(path, query);
        for (auto& [k, v] : sign_request(identity_->key, identity_->client_id, method, target, body, options_.clock()))
            add_header(k + ": " + v);
    }
    const bool has_body = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    if (has_body)
        add_header("Content-Type: " +
                   (content_type.empty() ? std::string("application/octet-stream") : std::string(content_type)));

    Exchange x(options_);
    x.cap = max_answer_bytes.value_or(options_.max_answer_bytes);
    x.body = body;
    CURL* h = impl_->easy.get();
    curl_easy_reset(h);  // options only: the multi handle keeps the connection
    impl_->error[0] = 0;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    const bool tls = base_url_.starts_with("https://");
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, tls ? "https" : "http");
    if (tls) {
        curl_easy_setopt(h, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
        const auto& trust = options_.tls;
        if (!trust.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, trust.ca_file.c_str());
        if (!trust.pin.empty()) {
            curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, trust.pin.c_str());
            // A pin alone is the whole trust: the key is the hub's identity, whoever signed it.
            if (trust.ca_file.empty()) {
                curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
                curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
            }
        }
    }
    curl_easy_setopt(h, CURLOPT_PROXY, "");  // as before: straight to the hub, whatever http_proxy says
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, impl_->error);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    // With a bandwidth cap the waits would count: the loop below keeps the deadline then.
    if (!options_.bandwidth) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.deadline.count()));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(options_.low_speed_bytes));
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.low_speed_time.count()));
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &x);
    if (options_.bandwidth)
        curl_easy_setopt(h, CURLOPT_BUFFERSIZE,
                         static_cast<long>(std::clamp<std::uint64_t>(options_.bandwidth->rate() / 4, 1024, 16384)));
    const bool head = method == "HEAD" && body.empty();
    // Refused from the announced length, before any byte of the body (a HEAD's length is the file's).
    if (!head)
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                         static_cast<curl_off_t>(std::min<std::uint64_t>(x.cap, INT64_MAX)));
    if (head) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (method == "GET" && body.empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(h, CURLOPT_READDATA, &x);
        curl_easy_setopt(h, CURLOPT_SEEKFUNCTION, on_seek);
        curl_easy_setopt(h, CURLOPT_SEEKDATA, &x);
        if (method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(method).c_str());  // copied
    }

    // The transfer: libcurl's own loop would wake up to once a second only; this one
    // also wakes on the stop token and keeps the deadline net of bandwidth waits.
    CURLM* m = impl_->multi.get();
    if (curl_multi_add_handle(m, h) != CURLM_OK) return fail(what + ": libcurl refused the request");
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    CURLcode result = CURLE_OK;
    bool done = false, stopped = false, late = false;
    while (!done) {
        int running = 0;
        if (auto mc = curl_multi_perform(m, &running); mc != CURLM_OK) {
            curl_multi_remove_handle(m, h);
            return fail(what + ": " + curl_multi_strerror(mc));
        }
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(m, &queued))
            if (msg->msg == CURLMSG_DONE && msg->easy_handle == h) {
                result = msg->data.result;
                done = true;
            }
        if (done) break;
        if (x.stopping()) {
            stopped = true;
            break;
        }
        const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start) -
                           std::chrono::milliseconds(x.paced_micros / 1000);
        const auto left = options_.deadline - spent;
        if (left.count() <= 0) {
            late = true;
            break;
        }
        curl_waitfd stop_fd{options_.stop ? options_.stop->fd() : -1, CURL_WAIT_POLLIN, 0};
        const unsigned extra = stop_fd.fd >= 0 ? 1 : 0;
        curl_multi_poll(m, extra ? &stop_fd : nullptr, extra,
                        static_cast<int>(std::min<std::int64_t>(left.count(), 1000)), nullptr);
    }
    // Removing an unfinished transfer closes its connection: never reused mid-answer.
    curl_multi_remove_handle(m, h);

    if (x.over_cap || result == CURLE_FILESIZE_EXCEEDED)
        return fail(what + ": answer larger than " + std::to_string(x.cap) + " bytes, cut");
    if (x.headers_over)
        return fail(what + ": answer headers over " + std::to_string(options_.max_header_lines) + " lines or " +
                    std::to_string(options_.max_header_bytes) + " bytes, cut");
    if (stopped || (result != CURLE_OK && x.stopping())) return fail(what + ": interrupted, stopping");
    if (late)
        return fail(what + ": no complete answer within the " + std::to_string(options_.deadline.count()) +
                    " ms deadline, cut");
    if (result == CURLE_OPERATION_TIMEDOUT)  // the deadline, the connect timeout or the minimum rate
        return fail(what + ": " + (impl_->error[0] ? std::string(impl_->error) : "timed out") + " (deadline " +
                    std::to_string(options_.deadline.count()) + " ms), cut");
    const std::string why = impl_->error[0] ? std::string(impl_->error) : curl_easy_strerror(result);
    if (result == CURLE_PEER_FAILED_VERIFICATION)
        return fail(staff::msg("{1}: the hub's certificate is not trusted ({2}): give its certificate or its CA with "
                               "--ca FILE, or its public key with --pin sha256//…; nothing was sent, démarches stay "
                               "queued",
                               {what, why}));
    if (result == CURLE_SSL_PINNEDPUBKEYNOTMATCH)
        return fail(staff::msg("{1}: the hub's public key does not match the pinned key --pin {2}: this is not the "
                               "expected hub, or its key changed (then pin the new key); nothing was sent, démarches "
                               "stay queued",
                               {what, options_.tls.pin}));
    if (result == CURLE_SSL_CONNECT_ERROR)
        return fail(staff::msg("{1}: TLS handshake with the hub failed ({2}): is it an https:// hub?", {what, why}));
    if (result != CURLE_OK) return fail(what + ": " + why);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    x.answer.status = static_cast<int>(status);
    return std::move(x.answer);
}

std::string describe_answer(std::string_view method, std::string_view path, const HttpAnswer& answer) {
    // The hub's error body (protocol/answers.hpp) read as kind and message;
    // anything else (a proxy's page, a hostile server) quoted, cut.
    auto error = parse_error_body(answer.body);
    std::string body = error ? (error->error + (error->message.empty() ? "" : ": " + error->message)).substr(0, 200)
                             : answer.body.substr(0, 200);
    return "HTTP " + std::to_string(answer.status) + " from " + std::string(method) + " " + std::string(path) +
           (body.empty() ? "" : ": " + body);
}

}  // namespace guichet::sync
