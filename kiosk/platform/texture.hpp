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

}  // namespace guichet::platform
