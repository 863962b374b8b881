// A local HTTPS site for the web view's tests: libsoup 3's server on its own
// GLib thread, pages from a table, the certificate given by the test.
#pragma once

#include <map>
#include <memory>
#include <string>

namespace guichet::web::test {

struct Page {
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
};

class TestSite {
public:
    // Listens on 127.0.0.1 (a free port) with CERT_PEM and KEY_PEM (files).
    TestSite(const std::string& cert_pem, const std::string& key_pem, std::map<std::string, Page> pages);
    ~TestSite();
    int port() const;
    std::string base(const std::string& host = "127.0.0.1") const;  // "https://127.0.0.1:PORT"
    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// The test CA and certificates (openssl from Debian), made once per process in
// a temporary folder: a CA, a site certificate it signed for 127.0.0.1 and
// localhost, and a self-signed one for the same names that nobody trusts.
struct TestPki {
    std::string dir, ca, site_cert, site_key, rogue_cert, rogue_key;
};
const TestPki& test_pki();

}  // namespace guichet::web::test
