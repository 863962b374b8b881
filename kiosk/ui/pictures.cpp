#include "ui/pictures.hpp"

#include "media/image_decode.hpp"
#include "pack/reader.hpp"
#include "ui/content.hpp"
#include "ui/player/video_block.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>

namespace guichet::ui {

namespace {

// Enough for the 1000×1400 box from any sane camera picture; refuses bombs
// before FFmpeg allocates anything.
constexpr std::int64_t kMaxSourcePixels = 24'000'000;

// Image blocks already hold pack paths (content::build_pack_content resolved them).
void decode_doc(const pack::PackReader& reader, const Doc& doc, PictureMap& out, std::map<std::string, bool>& tried) {
    for (const Block& b : doc.blocks) {
        if (b.kind != BlockKind::Image) continue;
        if (b.src.empty() || tried[b.src] || is_video_path(b.src)) continue;  // videos: prepare_video_guides
        tried[b.src] = true;
        auto bytes = reader.read(b.src);
        if (!bytes) continue;
        media::DecodeOptions options;
        options.box = kPictureBox;
        options.format = media::PixelFormat::rgba;
        options.limits.max_pixels = kMaxSourcePixels;
        auto decoded = media::decode_image(*bytes, b.src, options);
        if (!decoded || decoded->image.empty()) continue;
        out.emplace(b.src, std::make_shared<const media::Image>(std::move(decoded->image)));
    }
}

}  // namespace

void decode_pictures(const pack::PackReader& reader, Content& content) {
    std::map<std::string, bool> tried;
    for (const auto& [path, page] : content.pack->pages) decode_doc(reader, page.body, content.pictures, tried);
    for (const auto& [id, form] : content.pack->forms) decode_doc(reader, form.note, content.pictures, tried);
    prepare_video_guides(reader, content);
}

void PictureTextures::adopt(std::shared_ptr<const Content> content) {
    if (content == content_) return;
    textures_.clear();  // the old pack's textures go first: GL memory is bounded by one pack
    content_ = std::move(content);
    if (!content_) return;
    for (const auto& [path, image] : content_->pictures) {
        auto t = platform::Texture::upload(image->width, image->height, image->pixels.data());
        if (t) textures_.emplace(path, std::move(*t));
    }
}

const platform::Texture* PictureTextures::find(const std::string& pack_path) const {
    auto it = textures_.find(pack_path);
    return it == textures_.end() ? nullptr : &it->second;
}

void draw_picture(Ui& ui, const Block& block) {
    if (is_video_path(block.src)) {
        draw_video_guide(ui, block);
        return;
    }
    const std::string alt = block.plain_text();
    const float avail = ImGui::GetContentRegionAvail().x;
    if (const platform::Texture* t = ui.pictures.find(block.src); t != nullptr && avail > 0) {
        const float w = std::min(avail, static_cast<float>(t->width()) * 2.0f);
        const float h = w * static_cast<float>(t->height()) / static_cast<float>(t->width());
        ImGui::Image(t->id(), ImVec2(w, h));
        if (ImGui::IsItemVisible() && !alt.empty()) ui.record.texts.push_back(alt);
        return;
    }
    // Missing or undecodable: the alt text in a frame, so the page still reads.
    const std::string label =
        "Image indisponible\xC2\xA0: " + (alt.empty() ? std::string("sans description") : alt);
    ImFont* font = ui.fonts.italic;
    const float pad = ui.metrics.gap_px() * 0.5f;
    const float wrap = std::max(1.0f, avail - 2 * pad);
    const ImVec2 text_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, label.c_str());
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p1(p0.x + avail, p0.y + text_size.y + 2 * pad);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRect(p0, p1, to_u32(ui.theme.muted), 8.0f, 0, 3.0f);
    dl->AddText(font, font->FontSize, ImVec2(p0.x + pad, p0.y + pad), to_u32(ui.theme.text), label.c_str(), nullptr,
                wrap);
    ImGui::Dummy(ImVec2(avail, p1.y - p0.y));
    if (ImGui::IsItemVisible()) ui.record.texts.push_back(label);
}

}  // namespace guichet::ui
