#include "platform/gl_functions.hpp"

#include <SDL.h>

#include <string>

namespace guichet::platform {

namespace {

// UI thread only, like the context: written by load_gl_functions, read by gl().
GlFunctions g_functions;
bool g_loaded = false;

}  // namespace

Result<GlFunctions> resolve_gl_functions(GlResolver resolve) {
    GlFunctions f;
#define GUICHET_GL_RESOLVE(ret, name, ...)                                                        \
    f.name = reinterpret_cast<ret (*)(__VA_ARGS__)>(resolve("gl" #name));                         \
    if (f.name == nullptr) {                                                                      \
        return fail("OpenGL: the driver gives no gl" #name " (an OpenGL 3.3 core context is needed)"); \
    }
    GUICHET_GL_FUNCTIONS(GUICHET_GL_RESOLVE)
#undef GUICHET_GL_RESOLVE
    return f;
}

Result<void> load_gl_functions() {
    if (SDL_GL_GetCurrentContext() == nullptr) return fail("OpenGL: no current context to load entry points from");
    Result<GlFunctions> f = resolve_gl_functions([](const char* name) { return SDL_GL_GetProcAddress(name); });
    if (!f) return f.error();
    g_functions = *f;
    g_loaded = true;
    return {};
}

const GlFunctions* gl() {
    if (!g_loaded || SDL_GL_GetCurrentContext() == nullptr) return nullptr;
    return &g_functions;
}

}  // namespace guichet::platform
