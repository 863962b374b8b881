// The map's GL objects (platform/vector_mesh.hpp): a mesh's vertex and index
// buffers, and a cached tile's texture with its framebuffer.
#include "platform/vector_mesh.hpp"

#include "platform/gl_functions.hpp"

#include <string>
#include <utility>

namespace guichet::platform {

Result<GpuMesh> GpuMesh::upload(std::span<const float> vertices, std::span<const std::uint32_t> fill,
                                std::span<const std::uint32_t> lines) {
    const GlFunctions* f = gl();
    if (f == nullptr) return fail("mesh: no OpenGL context");
    if (vertices.empty()) return fail("mesh: no vertices");
    GpuMesh m;
    f->GenVertexArrays(1, &m.vao_);
    f->GenBuffers(1, &m.vbo_);
    f->GenBuffers(1, &m.fill_ibo_);
    f->GenBuffers(1, &m.line_ibo_);
    if (m.vao_ == 0 || m.vbo_ == 0 || m.fill_ibo_ == 0 || m.line_ibo_ == 0) return fail("mesh: no GL buffer names");
    GLint old_vao = 0, old_vbo = 0;
    f->GetIntegerv(GL_VERTEX_ARRAY_BINDING, &old_vao);
    f->GetIntegerv(GL_ARRAY_BUFFER_BINDING, &old_vbo);
    f->BindVertexArray(m.vao_);
    f->BindBuffer(GL_ARRAY_BUFFER, m.vbo_);
    f->BufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size_bytes()), vertices.data(), GL_STATIC_DRAW);
    f->EnableVertexAttribArray(0);
    f->VertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 3 * sizeof(float), nullptr);
    f->EnableVertexAttribArray(1);
    f->VertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 3 * sizeof(float), reinterpret_cast<const void*>(2 * sizeof(float)));
    f->BindBuffer(GL_ELEMENT_ARRAY_BUFFER, m.fill_ibo_);
    f->BufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(fill.size_bytes()), fill.empty() ? nullptr : fill.data(),
                  GL_STATIC_DRAW);
    f->BindBuffer(GL_ELEMENT_ARRAY_BUFFER, m.line_ibo_);
    f->BufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(lines.size_bytes()),
                  lines.empty() ? nullptr : lines.data(), GL_STATIC_DRAW);
    f->BindVertexArray(static_cast<GLuint>(old_vao));
    f->BindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(old_vbo));
    return m;
}

GpuMesh::~GpuMesh() { release(); }

GpuMesh::GpuMesh(GpuMesh&& o) noexcept
    : vao_(std::exchange(o.vao_, 0u)), vbo_(std::exchange(o.vbo_, 0u)), fill_ibo_(std::exchange(o.fill_ibo_, 0u)),
      line_ibo_(std::exchange(o.line_ibo_, 0u)) {}

GpuMesh& GpuMesh::operator=(GpuMesh&& o) noexcept {
    if (this != &o) {
        release();
        vao_ = std::exchange(o.vao_, 0u);
        vbo_ = std::exchange(o.vbo_, 0u);
        fill_ibo_ = std::exchange(o.fill_ibo_, 0u);
        line_ibo_ = std::exchange(o.line_ibo_, 0u);
    }
    return *this;
}

void GpuMesh::release() {
    const GlFunctions* f = gl();  // none at exit after Platform's teardown: freed with the context
    if (f != nullptr) {
        if (vao_ != 0) f->DeleteVertexArrays(1, &vao_);
        for (GLuint* b : {&vbo_, &fill_ibo_, &line_ibo_})
            if (*b != 0) f->DeleteBuffers(1, b);
    }
    vao_ = vbo_ = fill_ibo_ = line_ibo_ = 0;
}

Result<TileTarget> TileTarget::create(int size) {
    const GlFunctions* f = gl();
    if (f == nullptr) return fail("tile target: no OpenGL context");
    if (size <= 0) return fail("tile target: empty size");
    TileTarget t;
    t.size_ = size;
    f->GenTextures(1, &t.tex_);
    f->GenFramebuffers(1, &t.fbo_);
    if (t.tex_ == 0 || t.fbo_ == 0) return fail("tile target: no GL texture or framebuffer names");
    GLint old_tex = 0, old_draw = 0, old_read = 0;
    f->GetIntegerv(GL_TEXTURE_BINDING_2D, &old_tex);
    f->GetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &old_draw);
    f->GetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &old_read);
    f->BindTexture(GL_TEXTURE_2D, t.tex_);
    f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    f->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    f->TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, size, size, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    f->BindFramebuffer(GL_FRAMEBUFFER, t.fbo_);
    f->FramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t.tex_, 0);
    const GLenum status = f->CheckFramebufferStatus(GL_FRAMEBUFFER);
    f->BindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(old_draw));
    f->BindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(old_read));
    f->BindTexture(GL_TEXTURE_2D, static_cast<GLuint>(old_tex));
    if (status != GL_FRAMEBUFFER_COMPLETE) return fail("tile target: framebuffer incomplete (status " + std::to_string(status) + ")");
    return t;
}

TileTarget::~TileTarget() { release(); }

TileTarget::TileTarget(TileTarget&& o) noexcept
    : tex_(std::exchange(o.tex_, 0u)), fbo_(std::exchange(o.fbo_, 0u)), size_(std::exchange(o.size_, 0)) {}

TileTarget& TileTarget::operator=(TileTarget&& o) noexcept {
    if (this != &o) {
        release();
        tex_ = std::exchange(o.tex_, 0u);
        fbo_ = std::exchange(o.fbo_, 0u);
        size_ = std::exchange(o.size_, 0);
    }
    return *this;
}

void TileTarget::release() {
    const GlFunctions* f = gl();  // none at exit after Platform's teardown: freed with the context
    if (f != nullptr) {
        if (fbo_ != 0) f->DeleteFramebuffers(1, &fbo_);
        if (tex_ != 0) f->DeleteTextures(1, &tex_);
    }
    tex_ = fbo_ = 0;
    size_ = 0;
}

}  // namespace guichet::platform
