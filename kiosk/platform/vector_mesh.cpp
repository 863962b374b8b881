#include "platform/vector_mesh.hpp"

#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>

#include <cstdio>
#include <utility>

namespace guichet::platform {

namespace {

// X-macro: every GL entry point this file uses (return type, name without "gl", parameters).
#define GUICHET_GL_MESH_FUNCTIONS(X)                                                   \
    X(GLuint, CreateShader, GLenum)                                                    \
    X(void, ShaderSource, GLuint, GLsizei, const GLchar* const*, const GLint*)         \
    X(void, CompileShader, GLuint)                                                     \
    X(void, GetShaderiv, GLuint, GLenum, GLint*)                                       \
    X(void, GetShaderInfoLog, GLuint, GLsizei, GLsizei*, GLchar*)                      \
    X(void, DeleteShader, GLuint)                                                      \
    X(GLuint, CreateProgram)                                                           \
    X(void, AttachShader, GLuint, GLuint)                                              \
    X(void, LinkProgram, GLuint)                                                       \
    X(void, GetProgramiv, GLuint, GLenum, GLint*)                                      \
    X(GLint, GetUniformLocation, GLuint, const GLchar*)                                \
    X(void, UseProgram, GLuint)                                                        \
    X(void, Uniform2f, GLint, GLfloat, GLfloat)                                        \
    X(void, Uniform4fv, GLint, GLsizei, const GLfloat*)                                \
    X(void, GenVertexArrays, GLsizei, GLuint*)                                         \
    X(void, DeleteVertexArrays, GLsizei, const GLuint*)                                \
    X(void, BindVertexArray, GLuint)                                                   \
    X(void, GenBuffers, GLsizei, GLuint*)                                              \
    X(void, DeleteBuffers, GLsizei, const GLuint*)                                     \
    X(void, BindBuffer, GLenum, GLuint)                                                \
    X(void, BufferData, GLenum, GLsizeiptr, const void*, GLenum)                       \
    X(void, EnableVertexAttribArray, GLuint)                                           \
    X(void, VertexAttribPointer, GLuint, GLint, GLenum, GLboolean, GLsizei, const void*) \
    X(void, DrawElements, GLenum, GLsizei, GLenum, const void*)                        \
    X(void, LineWidth, GLfloat)                                                        \
    X(void, Scissor, GLint, GLint, GLsizei, GLsizei)                                   \
    X(void, Enable, GLenum)                                                            \
    X(void, Disable, GLenum)                                                           \
    X(void, GetIntegerv, GLenum, GLint*)

// Entry points through SDL, as texture.cpp does (GL is loaded by SDL at run time).
struct GlMesh {
#define GUICHET_GL(ret, name, ...) ret (*name)(__VA_ARGS__) = nullptr;
    GUICHET_GL_MESH_FUNCTIONS(GUICHET_GL)
#undef GUICHET_GL
    bool complete = false;
};

const GlMesh* gl() {
    if (SDL_GL_GetCurrentContext() == nullptr) return nullptr;
    static const GlMesh fns = [] {
        GlMesh f;
        bool ok = true;
#define GUICHET_GL(ret, name, ...)                                                      \
    f.name = reinterpret_cast<ret (*)(__VA_ARGS__)>(SDL_GL_GetProcAddress("gl" #name)); \
    ok = ok && f.name != nullptr;
        GUICHET_GL_MESH_FUNCTIONS(GUICHET_GL)
#undef GUICHET_GL
        f.complete = ok;
        return f;
    }();
    return fns.complete ? &fns : nullptr;
}

const char* kVertex = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in float a_style;
uniform vec2 u_scale;
uniform vec2 u_offset;
uniform vec2 u_display;
uniform vec4 u_colors[8];
out vec4 v_color;
void main() {
    vec2 px = a_pos * u_scale + u_offset;
    gl_Position = vec4(px.x / u_display.x * 2.0 - 1.0, 1.0 - px.y / u_display.y * 2.0, 0.0, 1.0);
    v_color = u_colors[clamp(int(a_style + 0.5), 0, 7)];
}
)";

const char* kFragment = R"(#version 330 core
in vec4 v_color;
out vec4 o_color;
void main() { o_color = v_color; }
)";

// The program, built on first use in a context and kept for that context's life.
struct Program {
    GLuint id = 0;
    GLint scale = -1, offset = -1, display = -1, colors = -1;
    bool failed = false;
};

GLuint compile(const GlMesh& f, GLenum type, const char* src) {
    const GLuint s = f.CreateShader(type);
    f.ShaderSource(s, 1, &src, nullptr);
    f.CompileShader(s);
    GLint ok = 0;
    f.GetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[512] = {};
        f.GetShaderInfoLog(s, sizeof log, nullptr, log);
        std::fprintf(stderr, "guichet: map mesh shader: %s\n", log);
        f.DeleteShader(s);
        return 0;
    }
    return s;
}

const Program* program(const GlMesh& f) {
    static Program p;
    static SDL_GLContext made_in = nullptr;  // a new context (another Platform) needs its own program
    if (SDL_GL_GetCurrentContext() != made_in) {
        p = Program{};
        made_in = SDL_GL_GetCurrentContext();
    }
    if (p.id != 0 || p.failed) return p.failed ? nullptr : &p;
    const GLuint vs = compile(f, GL_VERTEX_SHADER, kVertex), fs = compile(f, GL_FRAGMENT_SHADER, kFragment);
    if (vs == 0 || fs == 0) {
        p.failed = true;
        return nullptr;
    }
    p.id = f.CreateProgram();
    f.AttachShader(p.id, vs);
    f.AttachShader(p.id, fs);
    f.LinkProgram(p.id);
    f.DeleteShader(vs);
    f.DeleteShader(fs);
    GLint ok = 0;
    f.GetProgramiv(p.id, GL_LINK_STATUS, &ok);
    if (!ok) {
        std::fprintf(stderr, "guichet: map mesh program does not link\n");
        p.failed = true;
        return nullptr;
    }
    p.scale = f.GetUniformLocation(p.id, "u_scale");
    p.offset = f.GetUniformLocation(p.id, "u_offset");
    p.display = f.GetUniformLocation(p.id, "u_display");
    p.colors = f.GetUniformLocation(p.id, "u_colors");
    return &p;
}

}  // namespace

struct MeshPassDrawer {
    static void draw(const ImDrawList*, const ImDrawCmd* cmd) {
        const auto* pass = static_cast<const MeshPass*>(cmd->UserCallbackData);
        const GlMesh* f = gl();
        const Program* p = f ? program(*f) : nullptr;
        const ImDrawData* dd = ImGui::GetDrawData();
        if (pass == nullptr || p == nullptr || dd == nullptr) return;
        const ImVec2 scale = dd->FramebufferScale, pos = dd->DisplayPos;
        const float fb_h = dd->DisplaySize.y * scale.y;
        const ImVec4 c = cmd->ClipRect;
        f->Enable(GL_SCISSOR_TEST);
        f->Scissor(static_cast<GLint>((c.x - pos.x) * scale.x), static_cast<GLint>(fb_h - (c.w - pos.y) * scale.y),
                   static_cast<GLsizei>((c.z - c.x) * scale.x), static_cast<GLsizei>((c.w - c.y) * scale.y));
        f->UseProgram(p->id);
        f->Uniform2f(p->display, dd->DisplaySize.x, dd->DisplaySize.y);
        for (const MeshDraw& d : pass->draws) {
            if (d.mesh == nullptr || d.mesh->vao_ == 0 || d.ranges.empty()) continue;
            f->Uniform2f(p->scale, d.scale[0], d.scale[1]);
            f->Uniform2f(p->offset, d.offset[0] - pos.x, d.offset[1] - pos.y);
            f->Uniform4fv(p->colors, 8, &d.colors[0][0]);
            f->BindVertexArray(d.mesh->vao_);
            f->BindBuffer(GL_ELEMENT_ARRAY_BUFFER, d.lines ? d.mesh->line_ibo_ : d.mesh->fill_ibo_);
            if (d.lines) f->LineWidth(d.line_width);
            for (const MeshRange& r : d.ranges) {
                f->DrawElements(d.lines ? GL_LINES : GL_TRIANGLES, static_cast<GLsizei>(r.end - r.begin), GL_UNSIGNED_INT,
                                reinterpret_cast<const void*>(static_cast<std::uintptr_t>(r.begin) * 4));
            }
            if (d.lines) f->LineWidth(1);
        }
        f->BindVertexArray(0);
    }
};

void add_mesh_pass(ImDrawList* dl, const MeshPass* pass) {
    dl->AddCallback(&MeshPassDrawer::draw, const_cast<MeshPass*>(pass));
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void add_opaque_begin(ImDrawList* dl) {
    dl->AddCallback(
        [](const ImDrawList*, const ImDrawCmd*) {
            if (const GlMesh* f = gl()) f->Disable(GL_BLEND);
        },
        nullptr);
}

void add_opaque_end(ImDrawList* dl) { dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr); }

Result<GpuMesh> GpuMesh::upload(std::span<const float> vertices, std::span<const std::uint32_t> fill,
                                std::span<const std::uint32_t> lines) {
    const GlMesh* f = gl();
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
    const GlMesh* f = gl();  // none at exit after Platform's teardown: freed with the context
    if (f != nullptr) {
        if (vao_ != 0) f->DeleteVertexArrays(1, &vao_);
        for (GLuint* b : {&vbo_, &fill_ibo_, &line_ibo_})
            if (*b != 0) f->DeleteBuffers(1, b);
    }
    vao_ = vbo_ = fill_ibo_ = line_ibo_ = 0;
}

}  // namespace guichet::platform
