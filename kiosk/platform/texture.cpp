#include "platform/texture.hpp"

#include "platform/gl_functions.hpp"

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

}  // namespace

Result<Texture> Texture::upload(int width, int height, const std::uint8_t* rgba) {
    if (width <= 0 || height <= 0 || rgba == nullptr) return fail("texture: empty picture");
    const GlFunctions* f = gl();
    if (f == nullptr) return fail("texture: no OpenGL context");
    Texture t;
    GLuint name = 0;
    f->GenTextures(1, &name);
    if (name == 0) return fail("texture: glGenTextures gave no name");
    t.name_ = name;
    t.width_ = width;
    t.height_ = height;
    f->BindTexture(GL_TEXTURE_2D, name);
    f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    f->PixelStorei(GL_UNPACK_ALIGNMENT, 1);
    f->TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    f->BindTexture(GL_TEXTURE_2D, 0);
    g_generation[name] = g_next_generation++;
    return t;
}

Result<void> Texture::update(const std::uint8_t* rgba) {
    if (name_ == 0 || rgba == nullptr) return fail("texture: nothing to update");
    const GlFunctions* f = gl();
    if (f == nullptr) return fail("texture: no OpenGL context");
    f->BindTexture(GL_TEXTURE_2D, name_);
    f->PixelStorei(GL_UNPACK_ALIGNMENT, 1);
    f->TexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    f->BindTexture(GL_TEXTURE_2D, 0);
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
    if (const GlFunctions* f = gl()) f->DeleteTextures(1, &name_);
    g_generation.erase(name_);
    name_ = 0;
}

std::uint64_t texture_generation(void* id) {
    const auto it = g_generation.find(static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(id)));
    return it == g_generation.end() ? 0 : it->second;
}

}  // namespace guichet::platform
