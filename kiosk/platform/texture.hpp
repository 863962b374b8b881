// An RGBA picture uploaded to an OpenGL texture, released with the object.
// Created, used and destroyed on the UI thread only (the GL context lives
// there); the header includes no GL so screens can hold textures.
#pragma once

#include "common/result.hpp"

#include <cstdint>

namespace guichet::platform {

class Texture {
public:
    Texture() = default;
    ~Texture();
    Texture(Texture&& other) noexcept;
    Texture& operator=(Texture&& other) noexcept;
    Texture(const Texture&) = delete;
    Texture& operator=(const Texture&) = delete;

    // RGBA8 pixels, rows tightly packed, top row first. Fails (no crash)
    // without a current GL context, e.g. in unit tests.
    static Result<Texture> upload(int width, int height, const std::uint8_t* rgba);
    // Streaming (video frames): replaces the pixels in place, same size.
    Result<void> update(const std::uint8_t* rgba);

    void* id() const;  // for ImGui::Image (ImTextureID)
    int width() const { return width_; }
    int height() const { return height_; }

private:
    void release();
    unsigned name_ = 0;  // GL texture name; 0: none
    int width_ = 0, height_ = 0;
};

// The content generation of the texture ImGui knows as ID: changes at every
// upload or update (a partial redraw repaints where it is drawn); 0 for
// textures made elsewhere, such as the font atlas.
std::uint64_t texture_generation(void* id);

}  // namespace guichet::platform
