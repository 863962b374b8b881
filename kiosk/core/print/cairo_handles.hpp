// RAII for the cairo and pango handles the renderer holds.
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>

namespace guichet::print {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectDeleter {
    void operator()(void* o) const { g_object_unref(o); }
};
struct FontDescDeleter {
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
struct LayoutIterDeleter {
    void operator()(PangoLayoutIter* i) const { pango_layout_iter_free(i); }
};
struct GFreeDeleter {
    void operator()(char* p) const { g_free(p); }
};

using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;
using FontDescPtr = std::unique_ptr<PangoFontDescription, FontDescDeleter>;
using LayoutIterPtr = std::unique_ptr<PangoLayoutIter, LayoutIterDeleter>;
using GCharPtr = std::unique_ptr<char, GFreeDeleter>;

}  // namespace guichet::print
