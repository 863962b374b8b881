// The map mesh pass drawn from inside ImGui's render (platform/vector_mesh.hpp):
// directly on screen, or into cached tiles then copied to the screen.
#include "platform/vector_mesh.hpp"

#include "platform/gl_functions.hpp"
#include "platform/mesh_programs.hpp"

#include <imgui.h>

#include <cmath>
#include <cstdint>

namespace guichet::platform {

struct MeshPassDrawer {
    // One draw's index ranges with OFFSET (pixels of the current target).
    static void draw_one(const GlFunctions& f, const MeshProgram& p, const MeshDraw& d, const float offset[2],
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

    static void premultiplied_blend(const GlFunctions& f) {
        f.Enable(GL_BLEND);
        f.BlendEquation(GL_FUNC_ADD);
        f.BlendFuncSeparate(GL_ONE, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    }

    static void draw(const ImDrawList*, const ImDrawCmd* cmd) {
        const auto* pass = static_cast<const MeshPass*>(cmd->UserCallbackData);
        const GlFunctions* f = gl();
        const MeshProgram* p = f ? mesh_program(*f) : nullptr;
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
    static void draw_images(const GlFunctions& f, const ImageProgram& ip, const MeshTileJob& job, float side) {
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
        const GlFunctions* f = gl();
        const MeshProgram* p = f ? mesh_program(*f) : nullptr;
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
            if (const GlFunctions* f = gl()) f->Disable(GL_BLEND);
        },
        nullptr);
}

void add_opaque_end(ImDrawList* dl) { dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr); }

}  // namespace guichet::platform
