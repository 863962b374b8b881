#include "platform/texture.hpp"

#include <SDL.h>
#include <SDL_opengl.h>

#include <cstdint>
#include <unordered_map>
#include <utility>

namespace guichet::platform {

namespace {

// Content generation of each live texture name (UI thread only): a partial
// redraw must repaint where a texture changed in place (video frames), and
// GL reuses the names of deleted textures.
std::unordered_map<unsigned, std::uint64_t> g_generation;
std::uint64_t g_next_generation = 1;

// Entry points through SDL, as platform.cpp does: the GL library is loaded by
// SDL at run time, not linked.
struct GlTextures {
    using GenTextures = void (*)(GLsizei, GLuint*);
    using DeleteTextures = void (*)(GLsizei, const GLuint*);
    using BindTexture = void (*)(GLenum, GLuint);
    using TexParameteri = void (*)(GLenum, GLenum, GLint);
    using PixelStorei = void (*)(GLenum, GLint);
    using TexImage2D = void (*)(GLenum, GLint, GLint, GLsizei, GLsizei, GLint, GLenum, GLenum, const void*);
    using TexSubImage2D = void (*)(GLenum, GLint, GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, const void*);
    GenTextures gen = nullptr;
    DeleteTextures del = nullptr;
    BindTexture bind = nullptr;
    TexParameteri parameter = nullptr;
    PixelStorei pixel_store = nullptr;
    TexImage2D image = nullptr;
    TexSubImage2D sub_image = nullptr;

    bool complete() const { return gen && del && bind && parameter && pixel_store && image && sub_image; }
};

template <typename F>
F proc(const char* name) {
    return reinterpret_cast<F>(SDL_GL_GetProcAddress(name));
}

// Null without a current context (never asks SDL for entry points then).
const GlTextures* gl() {
    if (SDL_GL_GetCurrentContext() == nullptr) return nullptr;
    static const GlTextures fns = [] {
        GlTextures f;
        f.gen = proc<GlTextures::GenTextures>("glGenTextures");
        f.del = proc<GlTextures::DeleteTextures>("glDeleteTextures");
        f.bind = proc<GlTextures::BindTexture>("glBindTexture");
        f.parameter = proc<GlTextures::TexParameteri>("glTexParameteri");
        f.pixel_store = proc<GlTextures::PixelStorei>("glPixelStorei");
        f.image = proc<GlTextures::TexImage2D>("glTexImage2D");
        f.sub_image = proc<GlTextures::TexSubImage2D>("glTexSubImage2D");
        return f;
    }();
    return fns.complete() ? &fns : nullptr;
}

}  // namespace

Result<Texture> Texture::upload(int width, int height, const std::uint8_t* rgba) {
    if (width <= 0 || height <= 0 || rgba == nullptr) return fail("texture: empty picture");
    const GlTextures* f = gl();
    if (f == nullptr) return fail("texture: no OpenGL context");
    Texture t;
    GLuint name = 0;
    f->gen(1, &name);
    if (name == 0) return fail("texture: glGenTextures gave no name");
    t.name_ = name;
    t.width_ = width;
    t.height_ = height;
    f->bind(GL_TEXTURE_2D, name);
    f->parameter(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    f->parameter(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    f->parameter(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    f->parameter(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    f->pixel_store(GL_UNPACK_ALIGNMENT, 1);
    f->image(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    f->bind(GL_TEXTURE_2D, 0);
    g_generation[name] = g_next_generation++;
    return t;
}

Result<void> Texture::update(const std::uint8_t* rgba) {
    if (name_ == 0 || rgba == nullptr) return fail("texture: nothing to update");
    const GlTextures* f = gl();
    if (f == nullptr) return fail("texture: no OpenGL context");
    f->bind(GL_TEXTURE_2D, name_);
    f->pixel_store(GL_UNPACK_ALIGNMENT, 1);
    f->sub_image(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    f->bind(GL_TEXTURE_2D, 0);
    g_generation[name_] = g_next_generation++;
    return {};
}

Texture::~Texture() { release(); }

Texture::Texture(Texture&& other) noexcept
    : name_(std::exchange(other.name_, 0u)), width_(other.width_), height_(other.height_) {}

Texture& Texture::operator=(Texture&& other) noexcept {
    if (this != &other) {
        release();
        name_ = std::exchange(other.name_, 0u);
        width_ = other.width_;
        height_ = other.height_;
    }
    return *this;
}

void* Texture::id() const { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(name_)); }

void Texture::release() {
    if (name_ == 0) return;
    // The context is gone at exit after Platform's teardown: the driver freed it with the context.
    if (const GlTextures* f = gl()) f->del(1, &name_);
    g_generation.erase(name_);
    name_ = 0;
}

std::uint64_t texture_generation(void* id) {
    const auto it = g_generation.find(static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(id)));
    return it == g_generation.end() ? 0 : it->second;
}

}  // namespace guichet::platform
