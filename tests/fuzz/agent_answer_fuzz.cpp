// libFuzzer target for what the agent (and guichet-partner) read from the
// network (issue #21): the first byte picks the reader, the rest is the hub's
// answer. Modes 0–6 are the answer parsers (submission receipt and batch (1.6), status feed,
// enrolment response, partner list and démarche, the signed pack index, a
// signed feed); mode 7 is a whole raw HTTP answer sent by a loopback server
// to the real HubClient (libcurl, header caps, body cap, deadline).
// Seeds: tests/fuzz/agent_answer_seeds/ (first byte = mode).
#include "crypto/minisign.hpp"
#include "feeds/feed.hpp"
#include "index.hpp"
#include "protocol/answers.hpp"
#include "protocol/batch.hpp"
#include "protocol/messages.hpp"
#include "transport/hub_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>

using namespace guichet;
using namespace guichet::sync;

namespace {

// No trusted key: the signed files are parsed (minisign block, key id) up to the
// verification, and their bodies fuzzed directly through the parsers.
const crypto::KeyRing& keyring() {
    static const crypto::KeyRing ring;
    return ring;
}

// A loopback listener made once; each input is one connection.
int listener(int& port) {
    static int fd = -1, bound_port = 0;
    if (fd < 0) {
        std::signal(SIGPIPE, SIG_IGN);
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 4) != 0) std::abort();
        socklen_t len = sizeof addr;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        bound_port = ntohs(addr.sin_port);
    }
    port = bound_port;
    return fd;
}

void raw_http(std::string_view answer) {
    int port = 0;
    const int fd = listener(port);
    std::thread server([&] {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) return;
        int c = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) return;
        // The request, until its blank line (bounded), then the fuzzed answer, then EOF.
        std::string request;
        char buf[4096];
        while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
            pollfd q{c, POLLIN, 0};
            if (::poll(&q, 1, 1000) <= 0) break;
            ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            request.append(buf, static_cast<std::size_t>(n));
        }
        std::string_view rest = answer;
        while (!rest.empty()) {
            ssize_t n = ::send(c, rest.data(), rest.size(), MSG_NOSIGNAL);
            if (n <= 0) break;
            rest.remove_prefix(static_cast<std::size_t>(n));
        }
        ::shutdown(c, SHUT_RDWR);
        ::close(c);
    });
    HubClientOptions options;
    options.deadline = std::chrono::milliseconds(1500);
    options.connect_timeout = std::chrono::milliseconds(1000);
    options.max_answer_bytes = 16 << 10;
    if (auto client = HubClient::create("http://127.0.0.1:" + std::to_string(port), options)) {
        if (auto a = client->send("GET", "/v1/kiosk/statuses")) {
            (void)a->header("Upload-Offset");
            (void)parse_status_feed(a->body);
        }
    }
    server.join();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
    switch (data[0] % 8) {
        case 0:
            (void)parse_submission_receipt(body);
            // Protocol 1.6 (§4.5): the batch answer, the ping's limits, and the batch body's framing
            // (the hub's reader; its route is behind a signature hub_request_fuzz cannot make).
            (void)parse_batch_answer(body);
            (void)parse_ping_answer(body);
            (void)parse_submission_batch(as_bytes(body));
            break;
        case 1:
            if (auto feed = parse_status_feed(body))
                for (const auto& s : feed->statuses) (void)status_label_fr(s.status);
            break;
        case 2:
            (void)parse_enroll_response(body);
            break;
        case 3:
            (void)parse_partner_list(body);
            break;
        case 4:
            (void)parse_partner_demarche(body);
            break;
        case 5:
            (void)repo::Index::parse(body);
            (void)repo::verify_index_file(body, keyring());
            break;
        case 6:
            (void)feeds::Feed::parse(body);
            (void)feeds::accept_feed(body, "jobs", keyring(), 1'800'000'000, std::nullopt);
            break;
        case 7:
            raw_http(body);
            break;
    }
    return 0;
}
