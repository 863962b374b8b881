// The web view tests' runner. Before any thread starts, the process enters a
// mount namespace of its own where the system CA bundle is replaced by the
// test CA: WebKit's network process (GnuTLS through glib-networking, which
// reads /etc/ssl/certs/ca-certificates.crt and honours no variable) then
// trusts the test site, and only this process tree does. The product code has
// no way to add a certificate exception.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "test_site.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

constexpr const char* system_bundle = "/etc/ssl/certs/ca-certificates.crt";

bool write_file(const char* path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    return static_cast<bool>(out.flush());
}

// Root: a mount namespace is enough. Others: a user namespace maps us to root in it first.
bool trust_only(const std::string& ca, std::string& why) {
    const uid_t uid = geteuid();
    const gid_t gid = getegid();
    if (uid != 0) {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) return why = std::string("unshare: ") + std::strerror(errno), false;
        write_file("/proc/self/setgroups", "deny");
        if (!write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
            !write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
            return why = "uid_map", false;
    } else if (unshare(CLONE_NEWNS) != 0) {
        return why = std::string("unshare: ") + std::strerror(errno), false;
    }
    if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return why = std::string("mount private: ") + std::strerror(errno), false;
    if (mount(ca.c_str(), system_bundle, nullptr, MS_BIND, nullptr) != 0)
        return why = std::string("bind ") + system_bundle + ": " + std::strerror(errno), false;
    return true;
}

}  // namespace

// LeakSanitizer's tracer crashes (SIGSEGV) walking WebKit's threads at exit:
// leaks are not checked in this runner (ASan's other checks stay on).
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

int main(int argc, char** argv) {
    bool listing = false;
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--list", 6) == 0 || std::strncmp(argv[i], "-l", 2) == 0) listing = true;
    std::string pki_dir;
    if (!listing) {
        const auto& pki = guichet::web::test::test_pki();
        pki_dir = pki.dir;
        // WebKit's and its libraries' per-user folders in the test's own: the
        // ephemeral-profile test lists what was written there.
        for (const char* var : {"XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"}) {
            const std::string dir = pki.dir + "/" + var;
            std::filesystem::create_directories(dir);
            setenv(var, dir.c_str(), 1);
        }
        std::string why;
        if (!trust_only(pki.ca, why)) {
            std::fprintf(stderr, "cannot trust the test CA in a mount namespace of this process (%s)\n", why.c_str());
            std::filesystem::remove_all(pki_dir);
            return 1;
        }
    }
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (!pki_dir.empty()) std::filesystem::remove_all(pki_dir);
    return result;
}
