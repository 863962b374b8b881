// Owning handles for the GLib, GObject and WPE objects of the web view.
#pragma once

#include <glib-object.h>

#include <memory>

struct wpe_view_backend_exportable_fdo;

namespace guichet::web::gh {

struct ObjectDeleter {
    void operator()(gpointer o) const { g_object_unref(o); }
};
template <class T>
using Object = std::unique_ptr<T, ObjectDeleter>;

struct MainContextDeleter {
    void operator()(GMainContext* c) const { g_main_context_unref(c); }
};
using MainContext = std::unique_ptr<GMainContext, MainContextDeleter>;

struct MainLoopDeleter {
    void operator()(GMainLoop* l) const { g_main_loop_unref(l); }
};
using MainLoop = std::unique_ptr<GMainLoop, MainLoopDeleter>;

struct ErrorDeleter {
    void operator()(GError* e) const { g_error_free(e); }
};
using Error = std::unique_ptr<GError, ErrorDeleter>;

struct CharsDeleter {
    void operator()(gchar* s) const { g_free(s); }
};
using Chars = std::unique_ptr<gchar, CharsDeleter>;

}  // namespace guichet::web::gh
