// The OpenGL entry points the platform draws with, fetched once through SDL
// after Platform creates its context: GL is loaded by SDL at run time, not
// linked, so every function is a pointer. One list for platform.cpp,
// texture.cpp and the map's mesh pass; ImGui's backend has its own loader.
// Platform-internal: includes SDL's GL header, which no UI header does.
#pragma once

#include "common/result.hpp"

#include <SDL_opengl.h>

namespace guichet::platform {

// X-macro: every entry point used (return type, name without "gl", parameters).
#define GUICHET_GL_FUNCTIONS(X)                                                                     \
    X(const GLubyte*, GetString, GLenum)                                                            \
    X(void, Finish)                                                                                 \
    X(void, ReadPixels, GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, void*)                      \
    X(void, ReadBuffer, GLenum)                                                                     \
    X(void, PixelStorei, GLenum, GLint)                                                             \
    X(void, Viewport, GLint, GLint, GLsizei, GLsizei)                                               \
    X(void, ClearColor, GLfloat, GLfloat, GLfloat, GLfloat)                                         \
    X(void, Clear, GLbitfield)                                                                      \
    X(void, Enable, GLenum)                                                                         \
    X(void, Disable, GLenum)                                                                        \
    X(GLboolean, IsEnabled, GLenum)                                                                 \
    X(void, Scissor, GLint, GLint, GLsizei, GLsizei)                                                \
    X(void, GetIntegerv, GLenum, GLint*)                                                            \
    X(void, GetFloatv, GLenum, GLfloat*)                                                            \
    X(void, BlendEquation, GLenum)                                                                  \
    X(void, BlendFuncSeparate, GLenum, GLenum, GLenum, GLenum)                                      \
    X(void, LineWidth, GLfloat)                                                                     \
    X(void, GenTextures, GLsizei, GLuint*)                                                          \
    X(void, DeleteTextures, GLsizei, const GLuint*)                                                 \
    X(void, BindTexture, GLenum, GLuint)                                                            \
    X(void, TexParameteri, GLenum, GLenum, GLint)                                                   \
    X(void, TexImage2D, GLenum, GLint, GLint, GLsizei, GLsizei, GLint, GLenum, GLenum, const void*) \
    X(void, TexSubImage2D, GLenum, GLint, GLint, GLint, GLsizei, GLsizei, GLenum, GLenum, const void*) \
    X(GLuint, CreateShader, GLenum)                                                                 \
    X(void, ShaderSource, GLuint, GLsizei, const GLchar* const*, const GLint*)                      \
    X(void, CompileShader, GLuint)                                                                  \
    X(void, GetShaderiv, GLuint, GLenum, GLint*)                                                    \
    X(void, GetShaderInfoLog, GLuint, GLsizei, GLsizei*, GLchar*)                                   \
    X(void, DeleteShader, GLuint)                                                                   \
    X(GLuint, CreateProgram)                                                                        \
    X(void, AttachShader, GLuint, GLuint)                                                           \
    X(void, LinkProgram, GLuint)                                                                    \
    X(void, GetProgramiv, GLuint, GLenum, GLint*)                                                   \
    X(GLint, GetUniformLocation, GLuint, const GLchar*)                                             \
    X(void, UseProgram, GLuint)                                                                     \
    X(void, Uniform1i, GLint, GLint)                                                                \
    X(void, Uniform1f, GLint, GLfloat)                                                              \
    X(void, Uniform2f, GLint, GLfloat, GLfloat)                                                     \
    X(void, Uniform4fv, GLint, GLsizei, const GLfloat*)                                             \
    X(void, GenVertexArrays, GLsizei, GLuint*)                                                      \
    X(void, DeleteVertexArrays, GLsizei, const GLuint*)                                             \
    X(void, BindVertexArray, GLuint)                                                                \
    X(void, GenBuffers, GLsizei, GLuint*)                                                           \
    X(void, DeleteBuffers, GLsizei, const GLuint*)                                                  \
    X(void, BindBuffer, GLenum, GLuint)                                                             \
    X(void, BufferData, GLenum, GLsizeiptr, const void*, GLenum)                                    \
    X(void, EnableVertexAttribArray, GLuint)                                                        \
    X(void, VertexAttribPointer, GLuint, GLint, GLenum, GLboolean, GLsizei, const void*)            \
    X(void, DrawElements, GLenum, GLsizei, GLenum, const void*)                                     \
    X(void, DrawArrays, GLenum, GLint, GLsizei)                                                     \
    X(void, GenFramebuffers, GLsizei, GLuint*)                                                      \
    X(void, DeleteFramebuffers, GLsizei, const GLuint*)                                             \
    X(void, BindFramebuffer, GLenum, GLuint)                                                        \
    X(void, FramebufferTexture2D, GLenum, GLenum, GLenum, GLuint, GLint)                            \
    X(GLenum, CheckFramebufferStatus, GLenum)                                                       \
    X(void, BlitFramebuffer, GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLint, GLbitfield, GLenum)

struct GlFunctions {
#define GUICHET_GL_POINTER(ret, name, ...) ret (*name)(__VA_ARGS__) = nullptr;
    GUICHET_GL_FUNCTIONS(GUICHET_GL_POINTER)
#undef GUICHET_GL_POINTER
};

// Every entry point through RESOLVE (SDL_GL_GetProcAddress in the kiosk);
// the error names the first one it does not give.
using GlResolver = void* (*)(const char* name);
Result<GlFunctions> resolve_gl_functions(GlResolver resolve);

// Loads the entry points of the current context for gl(): Platform::create
// calls it once its OpenGL 3.3 context is current, and fails with its error.
Result<void> load_gl_functions();

// The loaded entry points; null before a successful load and without a
// current context (unit tests; after Platform's teardown, when the driver
// has freed every GL object with the context).
const GlFunctions* gl();

}  // namespace guichet::platform
