// The platform's one GL loader (platform/gl_functions.hpp): every entry point
// from the resolver, and the first missing one named in the error.
#include "platform/gl_functions.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <string>

namespace gp = guichet::platform;

namespace {

char g_stand_in;  // any non-null address: the loader only stores what the resolver gives

void* everything(const char*) { return &g_stand_in; }

void* no_blit(const char* name) { return std::strcmp(name, "glBlitFramebuffer") == 0 ? nullptr : &g_stand_in; }

void* nothing(const char*) { return nullptr; }

}  // namespace

TEST_CASE("the GL loader takes every entry point from the resolver") {
    const auto f = gp::resolve_gl_functions(&everything);
    REQUIRE(f.ok());
    CHECK(reinterpret_cast<void*>(f->GetString) == &g_stand_in);
    CHECK(reinterpret_cast<void*>(f->TexSubImage2D) == &g_stand_in);
    CHECK(reinterpret_cast<void*>(f->BlitFramebuffer) == &g_stand_in);
}

TEST_CASE("the GL loader names the first entry point the driver does not give") {
    const auto no_blit_fns = gp::resolve_gl_functions(&no_blit);
    REQUIRE_FALSE(no_blit_fns.ok());
    CHECK(no_blit_fns.error().message == "OpenGL: the driver gives no glBlitFramebuffer (an OpenGL 3.3 core context is needed)");
    const auto none = gp::resolve_gl_functions(&nothing);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message == "OpenGL: the driver gives no glGetString (an OpenGL 3.3 core context is needed)");
}

TEST_CASE("without a GL context there are no entry points and none can be loaded") {
    CHECK(gp::gl() == nullptr);
    const auto loaded = gp::load_gl_functions();
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().message == "OpenGL: no current context to load entry points from");
    CHECK(gp::gl() == nullptr);
}
