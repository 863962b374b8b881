#include "ui/player/video_block.hpp"

#include "media/playback_clock.hpp"
#include "media/subtitles.hpp"
#include "ui/content.hpp"
#include "ui/strings.hpp"
#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace guichet::ui {

namespace {

std::shared_ptr<const VideoGuide> find_guide(const Ui& ui, const std::string& src) {
    const Content* c = ui.pictures.content();
    if (c == nullptr) return nullptr;
    auto it = c->videos.find(src);
    return it == c->videos.end() ? nullptr : it->second;
}

// The cue text on the bottom of the picture, white on a dark band, centred.
void draw_cues(Ui& ui, const std::string& text, ImVec2 p0, ImVec2 p1) {
    ImFont* font = ui.fonts.bold;
    const float pad = ui.metrics.gap_px() * 0.5f;
    const float wrap = std::max(1.0f, (p1.x - p0.x) - 4 * pad);
    const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, text.c_str());
    const float cx = (p0.x + p1.x) * 0.5f;
    const ImVec2 b0(cx - size.x * 0.5f - pad, p1.y - pad * 2 - size.y - pad);
    const ImVec2 b1(cx + size.x * 0.5f + pad, p1.y - pad * 2 + pad * 0.5f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(b0, b1, IM_COL32(0, 0, 0, 200), 8.0f);
    // Line by line, each centred.
    float y = b0.y + pad * 0.5f;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const char* lb = text.c_str() + start;
        const char* le = text.c_str() + end;
        const ImVec2 ls = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, lb, le);
        dl->AddText(font, font->FontSize, ImVec2(cx - ls.x * 0.5f, y), IM_COL32(255, 255, 255, 255), lb, le, wrap);
        y += ls.y;
        start = end + 1;
    }
}

}  // namespace

VideoGuides& video_guides(Ui& ui) {
    if (!ui.videos) ui.videos = std::make_shared<VideoGuides>();
    return *ui.videos;
}

double video_wake_in(const Ui& ui) { return ui.videos ? ui.videos->wake_in() : -1; }

void draw_video_guide(Ui& ui, const Block& block) { video_guides(ui).draw(ui, block); }

void VideoGuides::begin_frame(double host) {
    if (player_ && !drawn_) stop();
    drawn_ = false;
    if (player_) player_->update(host);
}

void VideoGuides::stop() {
    player_.reset();  // joins the worker, frees the decoders, the queue, the sound device and the texture
    src_.clear();
    subtitles_ = true;
    seeking_ = false;
    drawn_ = false;
}

VideoPlayer& VideoGuides::start(const std::shared_ptr<const VideoGuide>& guide, const std::string& src) {
    if (!player_ || src_ != src) {
        player_.reset();
        player_ = std::make_unique<VideoPlayer>(guide, options_);
        src_ = src;
        if (options_.deterministic) player_->update(ImGui::GetTime());  // the first frame is known before drawing
    }
    return *player_;
}

void VideoGuides::draw(Ui& ui, const Block& block) {
    const Theme& t = ui.theme;
    const std::string alt = block.plain_text();
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = ui.metrics.gap_px();
    const double host = ImGui::GetTime();
    auto guide = find_guide(ui, block.src);
    const platform::Texture* poster = ui.pictures.find(block.src);
    if (!guide || !guide->error.empty() || poster == nullptr || avail <= 0) {
        const std::string label = trf(ui, "video.unavailable", {{"alt", alt.empty() ? tr(ui, "video.no_description") : alt}});
        text(ui, label, ui.fonts.italic, t.muted);
        return;
    }
    VideoPlayer* p = player_ && src_ == block.src ? player_.get() : nullptr;
    if (p) drawn_ = true;
    ImGui::PushID(block.src.c_str());

    // [Picture] the current frame, or the poster before the first one.
    const float w = avail;
    const float h = w * static_cast<float>(poster->height()) / static_cast<float>(poster->width());
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const platform::Texture* frame = p && p->has_frame() && p->texture() ? p->texture() : poster;
    ImGui::Image(frame->id(), ImVec2(w, h));
    const bool visible = ImGui::IsItemVisible();
    const ImVec2 p1(p0.x + w, p0.y + h);
    if (visible && !alt.empty()) ui.record.texts.push_back(alt);
    const double position = p ? p->position() : 0.0;
    const double duration = guide->duration;
    if (subtitles_) {
        std::string cue;
        for (const media::Cue* c : media::cues_at(guide->cues, static_cast<std::int64_t>(position * 1000.0 + 0.5))) {
            if (!cue.empty()) cue += '\n';
            cue += c->text;
        }
        if (!cue.empty()) {
            draw_cues(ui, cue, p0, p1);
            if (visible) ui.record.texts.push_back(cue);
        }
    }
    ImGui::Dummy(ImVec2(1, gap * 0.5f));

    // [Seek bar] a tall touch strip: tap or drag, the guide jumps on release.
    ImGuiIO& io = ImGui::GetIO();
    const float bar_h = ui.metrics.target_px() * 0.6f;
    const ImVec2 s0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##seek", ImVec2(w, bar_h));
    const ImVec2 s1(s0.x + w, s0.y + bar_h);
    const float knob_r = bar_h * 0.28f;
    const float x_min = s0.x + knob_r, x_max = s1.x - knob_r;
    if (ImGui::IsItemActivated()) {
        seeking_ = true;
        seek_src_ = block.src;
    }
    float fraction = duration > 0 ? static_cast<float>(position / duration) : 0.0f;
    if (seeking_ && seek_src_ == block.src) {
        seek_fraction_ = std::clamp((io.MousePos.x - x_min) / std::max(1.0f, x_max - x_min), 0.0f, 1.0f);
        fraction = seek_fraction_;
        // A mostly vertical drag that started on the bar scrolled the page: no seek.
        const float dx = io.MousePos.x - io.MouseClickedPos[0].x, dy = io.MousePos.y - io.MouseClickedPos[0].y;
        const bool scrolled = ui.drag_scrolling && std::fabs(dy) > std::fabs(dx);
        if (!io.MouseDown[0] && scrolled) seeking_ = false;
        if (!io.MouseDown[0] && seeking_) {
            seeking_ = false;
            VideoPlayer& player = start(guide, block.src);
            player.seek(seek_fraction_ * duration, host);
            player.update(host);
            p = &player;
            drawn_ = true;
        }
    }
    fraction = std::clamp(fraction, 0.0f, 1.0f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float cy = (s0.y + s1.y) * 0.5f;
    const float track = bar_h * 0.16f;
    const float kx = x_min + (x_max - x_min) * fraction;
    dl->AddRectFilled(ImVec2(x_min, cy - track * 0.5f), ImVec2(x_max, cy + track * 0.5f), to_u32(t.muted, 0.5f), track);
    dl->AddRectFilled(ImVec2(x_min, cy - track * 0.5f), ImVec2(kx, cy + track * 0.5f), to_u32(t.button_bg), track);
    dl->AddCircleFilled(ImVec2(kx, cy), knob_r, to_u32(t.button_bg));
    if (ImGui::IsItemVisible()) ui.record.elements.push_back({tr(ui, "video.seek"), s0.x, s0.y, s1.x, s1.y, "video:seek"});

    // [Time] elapsed / total.
    const double shown_time = seeking_ && seek_src_ == block.src ? seek_fraction_ * duration : position;
    text(ui, media::format_media_time(shown_time) + " / " + media::format_media_time(duration), ui.fonts.body, t.text);
    ImGui::Dummy(ImVec2(1, gap * 0.5f));

    // [Controls] « Lecture » / « Pause », « Sous-titres ».
    const float bw = (w - gap) * 0.5f;
    const bool playing = p && p->playing();
    if (big_button(ui, tr(ui, playing ? "video.pause" : "video.play"), "", bw)) {
        if (playing) {
            p->pause(host);
        } else {
            VideoPlayer& player = start(guide, block.src);
            player.play(host);
            drawn_ = true;
        }
    }
    ImGui::SameLine(0, gap);
    const std::string& sub_label = tr(ui, subtitles_ ? "video.subtitles_on" : "video.subtitles_off");
    if (guide->cues.empty()) {
        big_button(ui, tr(ui, "video.subtitles_none"), "", bw, t.muted, t.background, true);
    } else if (big_button(ui, sub_label, "", bw)) {
        subtitles_ = !subtitles_;
    }
    ImGui::PopID();
}

}  // namespace guichet::ui
