#include "platform/vector_mesh.hpp"

#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>
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
    X(void, Uniform1f, GLint, GLfloat)                                                 \
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
    X(void, GetIntegerv, GLenum, GLint*)                                               \
    X(void, GetFloatv, GLenum, GLfloat*)                                               \
    X(GLboolean, IsEnabled, GLenum)                                                    \
    X(void, Viewport, GLint, GLint, GLsizei, GLsizei)                                  \
    X(void, ClearColor, GLfloat, GLfloat, GLfloat, GLfloat)                            \
    X(void, Clear, GLbitfield)                                                         \
    X(void, BlendEquation, GLenum)                                                     \
    X(void, BlendFuncSeparate, GLenum, GLenum, GLenum, GLenum)                         \
    X(void, GenTextures, GLsizei, GLuint*)                                             \
    X(void, DeleteTextures, GLsizei, const GLuint*)                                    \
    X(void, BindTexture, GLenum, GLuint)                                               \
    X(void, TexParameteri, GLenum, GLenum, GLint)                                      \
    X(void, TexImage2D, GLenum, GLint, GLint, GLsizei, GLsizei, GLint, GLenum, GLenum, const void*) \
    X(void, GenFramebuffers, GLsizei, GLuint*)                                         \
    X(void, DeleteFramebuffers, GLsizei, const GLuint*)                                \
    X(void, BindFramebuffer, GLenum, GLuint)                                           \
    X(void, FramebufferTexture2D, GLenum, GLenum, GLenum, GLuint, GLint)               \
    X(GLenum, CheckFramebufferStatus, GLenum)                                          \
    X(void, BlitFramebuffer, GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLbitfield, GLenum) \
    X(void, DrawArrays, GLenum, GLint, GLsizei)                                        \
    X(void, Uniform1i, GLint, GLint)

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
uniform float u_premultiply;
void main() { o_color = u_premultiply > 0.5 ? vec4(v_color.rgb * v_color.a, v_color.a) : v_color; }  // tiles: premultiplied
)";

// Pictures (raster tiles) drawn into a cached tile: premultiplied, like the pass there.
const char* kImageVertex = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
uniform vec2 u_display;
out vec2 v_uv;
void main() {
    gl_Position = vec4(a_pos.x / u_display.x * 2.0 - 1.0, 1.0 - a_pos.y / u_display.y * 2.0, 0.0, 1.0);
    v_uv = a_uv;
}
)";

const char* kImageFragment = R"(#version 330 core
in vec2 v_uv;
out vec4 o_color;
uniform sampler2D u_texture;
void main() {
    vec4 c = texture(u_texture, v_uv);
    o_color = vec4(c.rgb * c.a, c.a);
}
)";

// The program, built on first use in a context and kept for that context's life.
struct Program {
    GLuint id = 0;
    GLint scale = -1, offset = -1, display = -1, colors = -1, premultiply = -1;
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

// The pictures' program with its vertex array and buffer (a quad's 6 vertices
// of x, y, u, v per picture, streamed), same lifetime as Program.
struct ImageProgram {
    GLuint id = 0, vao = 0, vbo = 0;
    GLint display = -1, texture = -1;
    bool failed = false;
};

GLuint link(const GlMesh& f, const char* vertex, const char* fragment) {
    const GLuint vs = compile(f, GL_VERTEX_SHADER, vertex), fs = compile(f, GL_FRAGMENT_SHADER, fragment);
    if (vs == 0 || fs == 0) {
        if (vs != 0) f.DeleteShader(vs);
        if (fs != 0) f.DeleteShader(fs);
        return 0;
    }
    const GLuint id = f.CreateProgram();
    f.AttachShader(id, vs);
    f.AttachShader(id, fs);
    f.LinkProgram(id);
    f.DeleteShader(vs);
    f.DeleteShader(fs);
    GLint ok = 0;
    f.GetProgramiv(id, GL_LINK_STATUS, &ok);
    if (!ok) {
        std::fprintf(stderr, "guichet: map tile picture program does not link\n");
        return 0;
    }
    return id;
}

const ImageProgram* image_program(const GlMesh& f) {
    static ImageProgram p;
    static SDL_GLContext made_in = nullptr;
    if (SDL_GL_GetCurrentContext() != made_in) {
        p = ImageProgram{};
        made_in = SDL_GL_GetCurrentContext();
    }
    if (p.id != 0 || p.failed) return p.failed ? nullptr : &p;
    p.id = link(f, kImageVertex, kImageFragment);
    if (p.id == 0) {
        p.failed = true;
        return nullptr;
    }
    p.display = f.GetUniformLocation(p.id, "u_display");
    p.texture = f.GetUniformLocation(p.id, "u_texture");
    f.GenVertexArrays(1, &p.vao);
    f.GenBuffers(1, &p.vbo);
    GLint old_vao = 0, old_vbo = 0;
    f.GetIntegerv(GL_VERTEX_ARRAY_BINDING, &old_vao);
    f.GetIntegerv(GL_ARRAY_BUFFER_BINDING, &old_vbo);
    f.BindVertexArray(p.vao);
    f.BindBuffer(GL_ARRAY_BUFFER, p.vbo);
    f.EnableVertexAttribArray(0);
    f.VertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
    f.EnableVertexAttribArray(1);
    f.VertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), reinterpret_cast<const void*>(2 * sizeof(float)));
    f.BindVertexArray(static_cast<GLuint>(old_vao));
    f.BindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(old_vbo));
    return &p;
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
    p.premultiply = f.GetUniformLocation(p.id, "u_premultiply");
    return &p;
}

}  // namespace

struct MeshPassDrawer {
    // One draw's index ranges with OFFSET (pixels of the current target).
    static void draw_one(const GlMesh& f, const Program& p, const MeshDraw& d, const float offset[2],
                         const std::vector<MeshRange>& ranges) {
        if (d.mesh == nullptr || d.mesh->vao_ == 0 || ranges.empty()) return;
        f.Uniform2f(p.scale, d.scale[0], d.scale[1]);
        f.Uniform2f(p.offset, offset[0], offset[1]);
        f.Uniform4fv(p.colors, 8, &d.colors[0][0]);
        f.BindVertexArray(d.mesh->vao_);
        f.BindBuffer(GL_ELEMENT_ARRAY_BUFFER, d.lines ? d.mesh->line_ibo_ : d.mesh->fill_ibo_);
        if (d.lines) f.LineWidth(d.line_width);
        for (const MeshRange& r : ranges) {
            f.DrawElements(d.lines ? GL_LINES : GL_TRIANGLES, static_cast<GLsizei>(r.end - r.begin), GL_UNSIGNED_INT,
                           reinterpret_cast<const void*>(static_cast<std::uintptr_t>(r.begin) * 4));
        }
        if (d.lines) f.LineWidth(1);
    }

    static void premultiplied_blend(const GlMesh& f) {
        f.Enable(GL_BLEND);
        f.BlendEquation(GL_FUNC_ADD);
        f.BlendFuncSeparate(GL_ONE, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    }

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
        // On screen: straight alpha with ImGui's blend. Premultiplied output with
        // (ONE, ONE_MINUS_SRC_ALPHA) here made llvmpipe (Mesa 22.3) draw wrong
        // colours in whole 64×64 blocks inside large translucent fills.
        f->UseProgram(p->id);
        f->Uniform1f(p->premultiply, 0.0f);
        f->Uniform2f(p->display, dd->DisplaySize.x, dd->DisplaySize.y);
        for (const MeshDraw& d : pass->draws) {
            const float offset[2] = {d.offset[0] - pos.x, d.offset[1] - pos.y};
            draw_one(*f, *p, d, offset, d.ranges);
        }
        f->BindVertexArray(0);
    }

    // Pictures first (the map's raster tiles), then the pass's draws.
    static void draw_images(const GlMesh& f, const ImageProgram& ip, const MeshTileJob& job, float side) {
        std::vector<float> v;
        v.reserve(job.images.size() * 24);
        for (const TileImage& im : job.images) {
            const float quad[6][4] = {{im.x0, im.y0, im.u0, im.v0}, {im.x1, im.y0, im.u1, im.v0}, {im.x1, im.y1, im.u1, im.v1},
                                      {im.x0, im.y0, im.u0, im.v0}, {im.x1, im.y1, im.u1, im.v1}, {im.x0, im.y1, im.u0, im.v1}};
            for (const auto& q : quad) v.insert(v.end(), q, q + 4);
        }
        f.UseProgram(ip.id);
        f.Uniform2f(ip.display, side, side);
        f.Uniform1i(ip.texture, 0);
        f.BindVertexArray(ip.vao);
        f.BindBuffer(GL_ARRAY_BUFFER, ip.vbo);
        f.BufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(v.size() * sizeof(float)), v.data(), GL_STREAM_DRAW);
        for (std::size_t k = 0; k < job.images.size(); ++k) {
            f.BindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(job.images[k].texture)));
            f.DrawArrays(GL_TRIANGLES, static_cast<GLint>(k * 6), 6);
        }
    }

    // Renders the jobs into their targets, copies the blits to the screen
    // inside the command's clip rectangle, then puts back the framebuffers,
    // viewport, scissor test and box and clear colour it found.
    static void draw_tiles(const ImDrawList*, const ImDrawCmd* cmd) {
        const auto* pass = static_cast<const MeshPass*>(cmd->UserCallbackData);
        const GlMesh* f = gl();
        const Program* p = f ? program(*f) : nullptr;
        const ImageProgram* ip = f ? image_program(*f) : nullptr;
        const ImDrawData* dd = ImGui::GetDrawData();
        if (pass == nullptr || p == nullptr || ip == nullptr || dd == nullptr) return;
        GLint draw_fb = 0, read_fb = 0, viewport[4] = {}, scissor_box[4] = {};
        GLfloat clear[4] = {};
        f->GetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_fb);
        f->GetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_fb);
        f->GetIntegerv(GL_VIEWPORT, viewport);
        f->GetIntegerv(GL_SCISSOR_BOX, scissor_box);
        f->GetFloatv(GL_COLOR_CLEAR_VALUE, clear);
        const bool scissor = f->IsEnabled(GL_SCISSOR_TEST) == GL_TRUE;
        if (!pass->jobs.empty()) {
            f->Disable(GL_SCISSOR_TEST);
            premultiplied_blend(*f);
            for (const MeshTileJob& job : pass->jobs) {
                if (job.target == nullptr || job.target->fbo_ == 0) continue;
                const auto side = static_cast<GLsizei>(job.target->size_);
                f->BindFramebuffer(GL_FRAMEBUFFER, job.target->fbo_);
                f->Viewport(0, 0, side, side);
                f->ClearColor(job.clear[0], job.clear[1], job.clear[2], job.clear[3]);
                f->Clear(GL_COLOR_BUFFER_BIT);
                if (!job.images.empty()) draw_images(*f, *ip, job, static_cast<float>(side));
                f->UseProgram(p->id);
                f->Uniform1f(p->premultiply, 1.0f);
                f->Uniform2f(p->display, static_cast<float>(side), static_cast<float>(side));
                for (std::size_t k = 0; k < pass->draws.size() && k < job.offsets.size() && k < job.ranges.size(); ++k)
                    draw_one(*f, *p, pass->draws[k], job.offsets[k].data(), job.ranges[k]);
                if (job.rendered != nullptr) *job.rendered = true;
            }
            f->BindVertexArray(0);
        }
        // The copies, clipped to the command's rectangle.
        const ImVec2 scale = dd->FramebufferScale, pos = dd->DisplayPos;
        const float fb_h = dd->DisplaySize.y * scale.y;
        const ImVec4 c = cmd->ClipRect;
        f->BindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_fb));
        f->Enable(GL_SCISSOR_TEST);
        f->Scissor(static_cast<GLint>((c.x - pos.x) * scale.x), static_cast<GLint>(fb_h - (c.w - pos.y) * scale.y),
                   static_cast<GLsizei>((c.z - c.x) * scale.x), static_cast<GLsizei>((c.w - c.y) * scale.y));
        for (const TileBlit& b : pass->blits) {
            if (b.target == nullptr || b.target->fbo_ == 0) continue;
            const auto side = static_cast<GLint>(b.target->size_);
            const auto x0 = static_cast<GLint>(std::lround((b.x - pos.x) * scale.x));
            const auto top = static_cast<GLint>(std::lround((b.y - pos.y) * scale.y));
            const auto w = static_cast<GLint>(std::lround(side * scale.x)), h = static_cast<GLint>(std::lround(side * scale.y));
            const auto fb_top = static_cast<GLint>(std::lround(fb_h)) - top;
            f->BindFramebuffer(GL_READ_FRAMEBUFFER, b.target->fbo_);
            f->BlitFramebuffer(0, 0, side, side, x0, fb_top - h, x0 + w, fb_top, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        }
        f->BindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_fb));
        f->BindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_fb));
        f->Viewport(viewport[0], viewport[1], viewport[2], viewport[3]);
        f->Scissor(scissor_box[0], scissor_box[1], scissor_box[2], scissor_box[3]);
        f->ClearColor(clear[0], clear[1], clear[2], clear[3]);
        if (!scissor) f->Disable(GL_SCISSOR_TEST);
    }
};

void add_mesh_pass(ImDrawList* dl, const MeshPass* pass) {
    dl->AddCallback(&MeshPassDrawer::draw, const_cast<MeshPass*>(pass));
    dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void add_mesh_tiles(ImDrawList* dl, const MeshPass* pass) {
    dl->AddCallback(&MeshPassDrawer::draw_tiles, const_cast<MeshPass*>(pass));
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

Result<TileTarget> TileTarget::create(int size) {
    const GlMesh* f = gl();
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
    const GlMesh* f = gl();  // none at exit after Platform's teardown: freed with the context
    if (f != nullptr) {
        if (fbo_ != 0) f->DeleteFramebuffers(1, &fbo_);
        if (tex_ != 0) f->DeleteTextures(1, &tex_);
    }
    tex_ = fbo_ = 0;
    size_ = 0;
}

}  // namespace guichet::platform
