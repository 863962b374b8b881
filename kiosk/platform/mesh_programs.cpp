#include "platform/mesh_programs.hpp"

#include <SDL.h>

#include <cstdio>

namespace guichet::platform {

namespace {

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

GLuint compile(const GlFunctions& f, GLenum type, const char* src) {
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

// 0 when a shader does not compile or the program does not link (WHAT names it on stderr).
GLuint link(const GlFunctions& f, const char* vertex, const char* fragment, const char* what) {
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
        std::fprintf(stderr, "guichet: %s does not link\n", what);
        return 0;
    }
    return id;
}

// P (a static program of this file) for the current context: linked from
// VERTEX and FRAGMENT, then SETUP (uniforms, buffers), once per context — a
// new context (another Platform) forgets the last one's names; null when it
// failed in this context.
template <class P, class Setup>
const P* in_this_context(P& p, SDL_GLContext& made_in, const GlFunctions& f, const char* vertex, const char* fragment,
                         const char* what, Setup setup) {
    if (SDL_GL_GetCurrentContext() != made_in) {
        p = P{};
        made_in = SDL_GL_GetCurrentContext();
    }
    if (p.id != 0 || p.failed) return p.failed ? nullptr : &p;
    p.id = link(f, vertex, fragment, what);
    if (p.id == 0) {
        p.failed = true;
        return nullptr;
    }
    setup(p);
    return &p;
}

}  // namespace

const MeshProgram* mesh_program(const GlFunctions& f) {
    static MeshProgram p;
    static SDL_GLContext made_in = nullptr;
    return in_this_context(p, made_in, f, kVertex, kFragment, "map mesh program", [&f](MeshProgram& m) {
        m.scale = f.GetUniformLocation(m.id, "u_scale");
        m.offset = f.GetUniformLocation(m.id, "u_offset");
        m.display = f.GetUniformLocation(m.id, "u_display");
        m.colors = f.GetUniformLocation(m.id, "u_colors");
        m.premultiply = f.GetUniformLocation(m.id, "u_premultiply");
    });
}

const ImageProgram* image_program(const GlFunctions& f) {
    static ImageProgram p;
    static SDL_GLContext made_in = nullptr;
    return in_this_context(p, made_in, f, kImageVertex, kImageFragment, "map tile picture program", [&f](ImageProgram& m) {
        m.display = f.GetUniformLocation(m.id, "u_display");
        m.texture = f.GetUniformLocation(m.id, "u_texture");
        f.GenVertexArrays(1, &m.vao);
        f.GenBuffers(1, &m.vbo);
        GLint old_vao = 0, old_vbo = 0;
        f.GetIntegerv(GL_VERTEX_ARRAY_BINDING, &old_vao);
        f.GetIntegerv(GL_ARRAY_BUFFER_BINDING, &old_vbo);
        f.BindVertexArray(m.vao);
        f.BindBuffer(GL_ARRAY_BUFFER, m.vbo);
        f.EnableVertexAttribArray(0);
        f.VertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
        f.EnableVertexAttribArray(1);
        f.VertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), reinterpret_cast<const void*>(2 * sizeof(float)));
        f.BindVertexArray(static_cast<GLuint>(old_vao));
        f.BindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(old_vbo));
    });
}

}  // namespace guichet::platform
