// The map mesh pass's two GL programs (platform/vector_mesh.hpp): the
// meshes' (colour by vertex style) and the raster pictures' drawn into
// cached tiles. Each is built on first use in a context and kept for that
// context's life; a new context (another Platform) builds its own.
// Platform-internal, UI thread only.
#pragma once

#include "platform/gl_functions.hpp"

namespace guichet::platform {

struct MeshProgram {
    GLuint id = 0;
    GLint scale = -1, offset = -1, display = -1, colors = -1, premultiply = -1;
    bool failed = false;
};

// With its vertex array and buffer: a quad's 6 vertices of x, y, u, v per picture, streamed.
struct ImageProgram {
    GLuint id = 0, vao = 0, vbo = 0;
    GLint display = -1, texture = -1;
    bool failed = false;
};

// Null when a shader does not compile or link (said once on stderr).
const MeshProgram* mesh_program(const GlFunctions& f);
const ImageProgram* image_program(const GlFunctions& f);

}  // namespace guichet::platform
