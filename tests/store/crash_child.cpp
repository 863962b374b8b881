// store_crash_child DB PUBLIC_KEY_BASE64 FIRST_COUNTER
// Submits démarches FIRST_COUNTER, FIRST_COUNTER+1, … forever (until killed).
// Writes "ready\n" once the store is open, then "N UUID\n" to stdout only after
// submit() has returned, in one write() (atomic on a pipe), so every line the
// parent reads names a démarche the store acknowledged as durable.
#include "demarche_fixture.hpp"

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace guichet;

namespace {

bool write_all(const std::string& line) {
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t w = ::write(STDOUT_FILENO, p, left);
        if (w <= 0) return false;
        p += w;
        left -= static_cast<std::size_t>(w);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: store_crash_child DB PUBLIC_KEY_BASE64 FIRST_COUNTER\n");
        return 2;
    }
    auto key = crypto::BoxPublicKey::parse(argv[2]);
    if (!key) {
        std::fprintf(stderr, "store_crash_child: %s\n", key.error().message.c_str());
        return 2;
    }
    std::uint64_t n = std::strtoull(argv[3], nullptr, 10);
    store::StoreOptions options;
    options.tracking_prefix = "ANR";
    auto st = store::Store::open(argv[1], options);
    if (!st) {
        std::fprintf(stderr, "store_crash_child: %s\n", st.error().message.c_str());
        return 3;
    }
    if (!write_all("ready\n")) return 4;
    for (;; ++n) {
        auto s = test::submission_for(n, *key);
        auto r = st->submit(s);
        if (!r) {
            std::fprintf(stderr, "store_crash_child: démarche %llu: %s\n", static_cast<unsigned long long>(n),
                         r.error().message.c_str());
            return 3;
        }
        if (!write_all(std::to_string(n) + " " + r->uuid + "\n")) return 4;
    }
}
