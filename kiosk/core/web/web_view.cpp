#include "web/web_view.hpp"

#include "web/engine_thread.hpp"
#include "web/glib_handles.hpp"
#include "web/origin.hpp"

#include <wayland-server.h>
#include <wpe/fdo.h>
#include <wpe/webkit.h>

#include <array>
#include <condition_variable>
#include <mutex>
#include <utility>

namespace guichet::web {

namespace {

// French typography: ’, and a no-break space before « : » and « ; ».
constexpr const char* refused_message =
    "Ce lien mène hors des sites proposés par la borne : il n’a pas été ouvert.";
constexpr const char* tls_message =
    "La connexion à ce site n’est pas sûre (certificat non reconnu) : la page n’a pas été ouverte.";
constexpr const char* failed_message = "La page n’a pas pu être chargée. Vérifiez la connexion ou réessayez plus tard.";
constexpr const char* restarted_message = "La page s’est arrêtée ; elle a été rouverte.";
constexpr const char* memory_message = "La page utilisait trop de mémoire ; elle a été rouverte.";
constexpr const char* download_message =
    "Ce document ne peut pas être enregistré à la borne : il n’a pas été ouvert.";
constexpr const char* upload_message = "L’envoi de fichiers depuis cette page n’est pas possible à la borne.";
constexpr const char* stopped_message = "La page s’arrête sans cesse ; elle a été fermée.";

std::uint32_t now_ms() { return static_cast<std::uint32_t>(g_get_monotonic_time() / 1000); }

}  // namespace

struct WebView::Impl {
    EngineThread* engine = nullptr;
    WebViewOptions options;
    AllowList allow;

    // Shared with the UI thread, under MUTEX.
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    std::uint64_t gen = 0;
    Frame frame;
    std::vector<Event> events;
    std::string title_text, uri_text;
    int restart_count = 0;
    bool loading = false;

    // Engine thread only.
    gh::Object<WebKitWebsiteDataManager> manager;
    gh::Object<WebKitWebContext> context;
    gh::Object<WebKitWebView> view;
    wpe_view_backend_exportable_fdo* exportable = nullptr;  // owned by the view's backend
    std::string last_allowed_uri;
    std::array<wpe_input_touch_event_raw, 10> touches{};
    std::vector<std::uint8_t> scratch;
    bool load_failed = false;  // the current load failed: its "finished" is not reported

    void bump() {  // MUTEX held
        ++gen;
        changed.notify_all();
        if (options.on_change) options.on_change();
    }
    void push_event(EventKind kind, std::string uri, std::string message) {
        std::lock_guard lock(mutex);
        if (kind == EventKind::load_started) loading = true;
        if (kind != EventKind::load_started && kind != EventKind::upload_refused) loading = false;
        events.push_back({kind, std::move(uri), std::move(message)});
        bump();
    }

    wpe_view_backend* backend() const {
        return exportable ? wpe_view_backend_exportable_fdo_get_view_backend(exportable) : nullptr;
    }

    // ---- engine thread ----
    void make_session() {
        manager.reset(webkit_website_data_manager_new_ephemeral());
        webkit_website_data_manager_set_tls_errors_policy(manager.get(), WEBKIT_TLS_ERRORS_POLICY_FAIL);
        WebKitMemoryPressureSettings* pressure = webkit_memory_pressure_settings_new();
        webkit_memory_pressure_settings_set_memory_limit(pressure, static_cast<guint>(options.memory_limit_mb));
        // Killed (then restarted, see on_terminated) at the limit itself, checked every half second:
        // WebKit's default never kills and polls every 30 s.
        webkit_memory_pressure_settings_set_kill_threshold(pressure, 1.0);
        webkit_memory_pressure_settings_set_poll_interval(pressure, 0.5);
        context.reset(WEBKIT_WEB_CONTEXT(g_object_new(WEBKIT_TYPE_WEB_CONTEXT, "website-data-manager", manager.get(),
                                                      "memory-pressure-settings", pressure, nullptr)));
        webkit_memory_pressure_settings_free(pressure);
        make_view();
    }

    void make_view() {
        static const wpe_view_backend_exportable_fdo_client client = {nullptr, nullptr, on_shm_buffer, nullptr, nullptr};
        exportable = wpe_view_backend_exportable_fdo_create(&client, this, static_cast<std::uint32_t>(options.width),
                                                            static_cast<std::uint32_t>(options.height));
        WebKitWebViewBackend* backend = webkit_web_view_backend_new(
            wpe_view_backend_exportable_fdo_get_view_backend(exportable),
            [](gpointer data) { wpe_view_backend_exportable_fdo_destroy(static_cast<wpe_view_backend_exportable_fdo*>(data)); },
            exportable);
        view.reset(webkit_web_view_new_with_context(backend, context.get()));
        // Shown and focused: without these WebKit neither paints nor gives the page keyboard focus.
        wpe_view_backend_add_activity_state(wpe_view_backend_exportable_fdo_get_view_backend(exportable),
                                            wpe_view_activity_state_visible | wpe_view_activity_state_focused |
                                                wpe_view_activity_state_in_window);
        WebKitSettings* settings = webkit_web_view_get_settings(view.get());
        webkit_settings_set_enable_developer_extras(settings, FALSE);
        webkit_settings_set_javascript_can_open_windows_automatically(settings, FALSE);
        webkit_settings_set_enable_write_console_messages_to_stdout(settings, FALSE);
        g_signal_connect(view.get(), "decide-policy", G_CALLBACK(on_decide_policy), this);
        g_signal_connect(view.get(), "create", G_CALLBACK(on_create), this);
        g_signal_connect(view.get(), "load-changed", G_CALLBACK(on_load_changed), this);
        g_signal_connect(view.get(), "load-failed", G_CALLBACK(on_load_failed), this);
        g_signal_connect(view.get(), "load-failed-with-tls-errors", G_CALLBACK(on_tls_errors), this);
        g_signal_connect(view.get(), "web-process-terminated", G_CALLBACK(on_terminated), this);
        g_signal_connect(view.get(), "notify::title", G_CALLBACK(on_notify), this);
        g_signal_connect(view.get(), "permission-request", G_CALLBACK(on_permission), this);
        g_signal_connect(view.get(), "run-file-chooser", G_CALLBACK(on_file_chooser), this);
        g_signal_connect(view.get(), "notify::uri", G_CALLBACK(on_notify), this);
    }

    void drop_view() {
        if (!view) return;
        g_signal_handlers_disconnect_by_data(view.get(), this);
        view.reset();  // frees the backend, which destroys EXPORTABLE
        exportable = nullptr;
    }

    void drop_session() {
        drop_view();
        context.reset();
        manager.reset();
    }

    void load_now(const std::string& uri) {
        if (!allow.allows(uri)) {
            push_event(EventKind::refused, uri, refused_message);
            return;
        }
        last_allowed_uri = uri;
        webkit_web_view_load_uri(view.get(), uri.c_str());
    }

    static void on_shm_buffer(void* data, wpe_fdo_shm_exported_buffer* exported) {
        auto* self = static_cast<Impl*>(data);
        wl_shm_buffer* shm = wpe_fdo_shm_exported_buffer_get_shm_buffer(exported);
        wl_shm_buffer_begin_access(shm);
        const int w = wl_shm_buffer_get_width(shm), h = wl_shm_buffer_get_height(shm);
        const int stride = wl_shm_buffer_get_stride(shm);
        const auto* src = static_cast<const std::uint8_t*>(wl_shm_buffer_get_data(shm));
        // ARGB8888/XRGB8888 are little-endian words: B, G, R, A in memory.
        const bool opaque = wl_shm_buffer_get_format(shm) == WL_SHM_FORMAT_XRGB8888;
        self->scratch.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
        std::uint8_t* dst = self->scratch.data();
        for (int y = 0; y < h; ++y) {
            const std::uint8_t* row = src + static_cast<std::ptrdiff_t>(y) * stride;
            for (int x = 0; x < w; ++x, dst += 4, row += 4) {
                dst[0] = row[2];
                dst[1] = row[1];
                dst[2] = row[0];
                dst[3] = opaque ? 255 : row[3];
            }
        }
        wl_shm_buffer_end_access(shm);
        wpe_view_backend_exportable_fdo_dispatch_release_shm_exported_buffer(self->exportable, exported);
        wpe_view_backend_exportable_fdo_dispatch_frame_complete(self->exportable);
        std::lock_guard lock(self->mutex);
        self->frame.width = w;
        self->frame.height = h;
        self->frame.rgba.swap(self->scratch);
        ++self->frame.serial;
        self->bump();
    }

    static gboolean on_decide_policy(WebKitWebView*, WebKitPolicyDecision* decision, WebKitPolicyDecisionType type,
                                     gpointer data) {
        auto* self = static_cast<Impl*>(data);
        if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE) {
            // What WebKit cannot show would be downloaded to disk: refused until the kiosk
            // can show, print or copy a document to a USB stick without keeping it.
            auto* response = WEBKIT_RESPONSE_POLICY_DECISION(decision);
            if (webkit_response_policy_decision_is_mime_type_supported(response)) return FALSE;
            const char* uri = webkit_uri_request_get_uri(webkit_response_policy_decision_get_request(response));
            webkit_policy_decision_ignore(decision);
            self->push_event(EventKind::download_refused, uri ? uri : "", download_message);
            return TRUE;
        }
        WebKitNavigationAction* action =
            webkit_navigation_policy_decision_get_navigation_action(WEBKIT_NAVIGATION_POLICY_DECISION(decision));
        const char* uri = webkit_uri_request_get_uri(webkit_navigation_action_get_request(action));
        const std::string target = uri ? uri : "";
        if (!self->allow.allows(target)) {
            webkit_policy_decision_ignore(decision);
            self->push_event(EventKind::refused, target, refused_message);
            return TRUE;
        }
        if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION) {
            // No second window at the kiosk: the page opens in this view.
            webkit_policy_decision_ignore(decision);
            self->engine->post([self, target] {
                if (self->view) self->load_now(target);
            });
            return TRUE;
        }
        webkit_policy_decision_use(decision);
        return TRUE;
    }

    // window.open(): no new view; an allowed address opens in this one.
    static WebKitWebView* on_create(WebKitWebView*, WebKitNavigationAction* action, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        const char* uri = webkit_uri_request_get_uri(webkit_navigation_action_get_request(action));
        const std::string target = uri ? uri : "";
        self->engine->post([self, target] {
            if (self->view) self->load_now(target);
        });
        return nullptr;
    }

    static void on_load_changed(WebKitWebView* view, WebKitLoadEvent event, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        const char* uri = webkit_web_view_get_uri(view);
        if (event == WEBKIT_LOAD_STARTED) {
            self->load_failed = false;
            self->push_event(EventKind::load_started, uri ? uri : "", "");
        }
        // WebKit ends a failed load with "finished" too: not a success.
        if (event == WEBKIT_LOAD_FINISHED && !self->load_failed)
            self->push_event(EventKind::load_finished, uri ? uri : "", "");
    }

    static gboolean on_load_failed(WebKitWebView*, WebKitLoadEvent, const gchar* uri, GError* error, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        // A refused navigation and a load replaced by another are not failures.
        if (g_error_matches(error, WEBKIT_POLICY_ERROR, WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE) ||
            g_error_matches(error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED))
            return TRUE;
        self->load_failed = true;
        self->push_event(EventKind::load_failed, uri ? uri : "", failed_message);
        return TRUE;  // no WebKit error page: the kiosk shows its own message
    }

    // Never overridable: no exception API is called anywhere.
    static gboolean on_tls_errors(WebKitWebView*, gchar* uri, GTlsCertificate*, GTlsCertificateFlags, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        self->load_failed = true;
        self->push_event(EventKind::tls_error, uri ? uri : "", tls_message);
        return TRUE;
    }

    // Camera, microphone, location, notifications…: a public kiosk grants none.
    static gboolean on_permission(WebKitWebView*, WebKitPermissionRequest* request, gpointer) {
        webkit_permission_request_deny(request);
        return TRUE;
    }

    // No file system behind an <input type=file> (the kiosk's capture and USB chooser: later).
    static gboolean on_file_chooser(WebKitWebView*, WebKitFileChooserRequest* request, gpointer data) {
        webkit_file_chooser_request_cancel(request);
        static_cast<Impl*>(data)->push_event(EventKind::upload_refused, "", upload_message);
        return TRUE;
    }

    static void on_terminated(WebKitWebView*, WebKitWebProcessTerminationReason reason, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        bool restart = false;
        {
            std::lock_guard lock(self->mutex);
            restart = self->restart_count < self->options.max_restarts;
            if (restart) ++self->restart_count;
            const char* message = !restart ? stopped_message
                                  : reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT ? memory_message
                                                                                       : restarted_message;
            self->events.push_back({EventKind::crashed, self->last_allowed_uri, message});
            self->bump();
        }
        // A new view (same session) once this signal has returned.
        self->engine->post([self, restart] {
            self->drop_view();
            self->make_view();
            if (restart && !self->last_allowed_uri.empty()) self->load_now(self->last_allowed_uri);
        });
    }

    static void on_notify(WebKitWebView* view, GParamSpec*, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        const char* title = webkit_web_view_get_title(view);
        const char* uri = webkit_web_view_get_uri(view);
        std::lock_guard lock(self->mutex);
        self->title_text = title ? title : "";
        self->uri_text = uri ? uri : "";
        self->bump();
    }

    void key_now(std::uint32_t keysym, bool pressed) {
        if (!backend()) return;
        wpe_input_keyboard_event event{now_ms(), keysym, 0, pressed, 0};
        wpe_view_backend_dispatch_keyboard_event(backend(), &event);
    }
};

WebView::WebView(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<WebView> WebView::create(const WebViewOptions& options, std::string& why) {
    EngineThread* engine = EngineThread::get(why);
    if (!engine) return nullptr;
    auto impl = std::make_unique<Impl>();
    impl->engine = engine;
    impl->options = options;
    impl->allow = AllowList(options.allowed_origins);
    Impl* raw = impl.get();
    engine->run([raw] { raw->make_session(); });
    return std::unique_ptr<WebView>(new WebView(std::move(impl)));
}

WebView::~WebView() {
    Impl* impl = impl_.get();
    // Queued tasks may still name IMPL: this one runs after them.
    impl->engine->run([impl] { impl->drop_session(); });
    impl->engine->run([] {});
}

void WebView::load(const std::string& uri) {
    Impl* impl = impl_.get();
    impl->engine->post([impl, uri] {
        if (impl->view) impl->load_now(uri);
    });
}

void WebView::reset() {
    Impl* impl = impl_.get();
    impl->engine->run([impl] {
        impl->drop_session();
        impl->last_allowed_uri.clear();
        impl->make_session();
    });
    std::lock_guard lock(impl->mutex);
    impl->frame = Frame{0, 0, {}, impl->frame.serial};
    impl->events.clear();
    impl->title_text.clear();
    impl->uri_text.clear();
    impl->restart_count = 0;
    impl->bump();
}

bool WebView::take_frame(Frame& out) const {
    std::lock_guard lock(impl_->mutex);
    if (impl_->frame.rgba.empty() || impl_->frame.serial <= out.serial) return false;
    out = impl_->frame;
    return true;
}

std::vector<Event> WebView::take_events() {
    std::lock_guard lock(impl_->mutex);
    return std::exchange(impl_->events, {});
}

std::string WebView::title() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->title_text;
}

std::string WebView::uri() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->uri_text;
}

bool WebView::busy() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->loading || impl_->frame.rgba.empty();
}

int WebView::restarts() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->restart_count;
}

std::uint64_t WebView::generation() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->gen;
}

std::uint64_t WebView::wait_change(std::uint64_t generation, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mutex);
    impl_->changed.wait_for(lock, timeout, [&] { return impl_->gen != generation; });
    return impl_->gen;
}

void WebView::pointer_move(int x, int y) {
    Impl* impl = impl_.get();
    impl->engine->post([impl, x, y] {
        if (!impl->backend()) return;
        wpe_input_pointer_event event{wpe_input_pointer_event_type_motion, now_ms(), x, y, 0, 0, 0};
        wpe_view_backend_dispatch_pointer_event(impl->backend(), &event);
    });
}

void WebView::pointer_button(int x, int y, bool pressed) {
    Impl* impl = impl_.get();
    impl->engine->post([impl, x, y, pressed] {
        if (!impl->backend()) return;
        wpe_input_pointer_event event{wpe_input_pointer_event_type_button, now_ms(), x, y,
                                      static_cast<std::uint32_t>(PointerButton::left), pressed ? 1u : 0u, 0};
        wpe_view_backend_dispatch_pointer_event(impl->backend(), &event);
    });
}

void WebView::touch(int id, int x, int y, int phase) {
    Impl* impl = impl_.get();
    impl->engine->post([impl, id, x, y, phase] {
        if (!impl->backend() || id < 0 || id >= static_cast<int>(impl->touches.size())) return;
        const auto type = phase == 0   ? wpe_input_touch_event_type_down
                          : phase == 1 ? wpe_input_touch_event_type_motion
                                       : wpe_input_touch_event_type_up;
        const std::uint32_t time = now_ms();
        impl->touches[static_cast<std::size_t>(id)] = {type, time, id, x, y};
        wpe_input_touch_event event{impl->touches.data(), impl->touches.size(), type, id, time, 0};
        wpe_view_backend_dispatch_touch_event(impl->backend(), &event);
        if (type == wpe_input_touch_event_type_up) impl->touches[static_cast<std::size_t>(id)] = {};
    });
}

void WebView::scroll(int x, int y, int dy_pixels) {
    Impl* impl = impl_.get();
    impl->engine->post([impl, x, y, dy_pixels] {
        if (!impl->backend()) return;
        wpe_input_axis_2d_event event{};
        event.base.type = static_cast<wpe_input_axis_event_type>(wpe_input_axis_event_type_mask_2d |
                                                                 wpe_input_axis_event_type_motion_smooth);
        event.base.time = now_ms();
        event.base.x = x;
        event.base.y = y;
        event.y_axis = -dy_pixels;  // WebKit WPE: a negative axis value scrolls the page down (measured)
        wpe_view_backend_dispatch_axis_event(impl->backend(), &event.base);
    });
}

void WebView::key(std::uint32_t keysym, bool pressed) {
    Impl* impl = impl_.get();
    impl->engine->post([impl, keysym, pressed] { impl->key_now(keysym, pressed); });
}

void WebView::text(const std::string& utf8) {
    Impl* impl = impl_.get();
    impl->engine->post([impl, utf8] {
        if (!g_utf8_validate(utf8.data(), static_cast<gssize>(utf8.size()), nullptr)) return;
        for (const char* p = utf8.c_str(); *p; p = g_utf8_next_char(p)) {
            const gunichar c = g_utf8_get_char(p);
            const std::uint32_t keysym = c == '\n' ? WPE_KEY_Return : c == '\b' ? WPE_KEY_BackSpace : wpe_unicode_to_key_code(c);
            impl->key_now(keysym, true);
            impl->key_now(keysym, false);
        }
    });
}

void WebView::terminate_web_process() {
    Impl* impl = impl_.get();
    impl->engine->post([impl] {
        if (impl->view) webkit_web_view_terminate_web_process(impl->view.get());
    });
}

}  // namespace guichet::web
