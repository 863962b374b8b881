#include "test_site.hpp"

#include <libsoup/soup.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace guichet::web::test {

struct TestSite::Impl {
    std::map<std::string, Page> pages;
    GMainContext* context = g_main_context_new();
    GMainLoop* loop = g_main_loop_new(context, FALSE);
    std::thread thread;
    int port = 0;
    std::string error;

    static void handle(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable*, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        const auto it = self->pages.find(path);
        if (it == self->pages.end()) {
            soup_server_message_set_status(msg, 404, nullptr);
            return;
        }
        soup_server_message_set_status(msg, 200, nullptr);
        soup_server_message_set_response(msg, it->second.content_type.c_str(), SOUP_MEMORY_COPY, it->second.body.data(),
                                         it->second.body.size());
    }
};

TestSite::TestSite(const std::string& cert_pem, const std::string& key_pem, std::map<std::string, Page> pages)
    : impl_(std::make_unique<Impl>()) {
    impl_->pages = std::move(pages);
    std::mutex m;
    std::condition_variable cv;
    bool ready = false;
    Impl* impl = impl_.get();
    impl->thread = std::thread([&, impl] {
        g_main_context_push_thread_default(impl->context);
        GError* error = nullptr;
        GTlsCertificate* cert = g_tls_certificate_new_from_files(cert_pem.c_str(), key_pem.c_str(), &error);
        SoupServer* server = nullptr;
        if (cert) {
            server = soup_server_new("tls-certificate", cert, nullptr);
            g_object_unref(cert);
            soup_server_add_handler(server, nullptr, Impl::handle, impl, nullptr);
            const auto options = static_cast<SoupServerListenOptions>(SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY);
            if (soup_server_listen_local(server, 0, options, &error)) {
                GSList* uris = soup_server_get_uris(server);
                impl->port = g_uri_get_port(static_cast<GUri*>(uris->data));
                g_slist_free_full(uris, reinterpret_cast<GDestroyNotify>(g_uri_unref));
            }
        }
        if (error) {
            impl->error = error->message;
            g_error_free(error);
        }
        {
            std::lock_guard lock(m);
            ready = true;
            cv.notify_all();
        }
        if (impl->port) g_main_loop_run(impl->loop);
        if (server) {
            soup_server_disconnect(server);
            g_object_unref(server);
        }
        g_main_context_pop_thread_default(impl->context);
    });
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return ready; });
    if (!impl->port) {
        impl->thread.join();
        throw std::runtime_error("test site: " + impl->error);
    }
}

TestSite::~TestSite() {
    g_main_context_invoke(impl_->context, [](gpointer loop) {
        g_main_loop_quit(static_cast<GMainLoop*>(loop));
        return G_SOURCE_REMOVE;
    }, impl_->loop);
    impl_->thread.join();
    g_main_loop_unref(impl_->loop);
    g_main_context_unref(impl_->context);
}

int TestSite::port() const { return impl_->port; }

std::string TestSite::base(const std::string& host) const { return "https://" + host + ":" + std::to_string(impl_->port); }

namespace {

void run_or_throw(const std::string& command) {
    if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) throw std::runtime_error("failed: " + command);
}

TestPki make_pki() {
    TestPki p;
    char tmpl[] = "/tmp/guichet-webview-pki-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp");
    p.dir = tmpl;
    p.ca = p.dir + "/ca.pem";
    p.site_cert = p.dir + "/site.pem";
    p.site_key = p.dir + "/site.key";
    p.rogue_cert = p.dir + "/rogue.pem";
    p.rogue_key = p.dir + "/rogue.key";
    std::ofstream(p.dir + "/site.ext") << "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                                          "extendedKeyUsage=serverAuth\n";
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
    run_or_throw("openssl req -x509" + ec + " -keyout " + p.dir + "/ca.key -out " + p.ca +
                 " -days 2 -subj '/CN=Guichet test CA' -addext basicConstraints=critical,CA:TRUE"
                 " -addext keyUsage=critical,keyCertSign,cRLSign");
    run_or_throw("openssl req" + ec + " -keyout " + p.site_key + " -out " + p.dir + "/site.csr -subj /CN=127.0.0.1");
    run_or_throw("openssl x509 -req -in " + p.dir + "/site.csr -CA " + p.ca + " -CAkey " + p.dir +
                 "/ca.key -CAcreateserial -days 2 -out " + p.site_cert + " -extfile " + p.dir + "/site.ext");
    run_or_throw("openssl req -x509" + ec + " -keyout " + p.rogue_key + " -out " + p.rogue_cert +
                 " -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost");
    return p;
}

}  // namespace

const TestPki& test_pki() {
    static const TestPki pki = make_pki();
    return pki;
}

}  // namespace guichet::web::test
