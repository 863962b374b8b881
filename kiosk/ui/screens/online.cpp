#include "ui/screens/online.hpp"

#include "platform/platform.hpp"
#include "web/origin.hpp"

#include <imgui.h>

#include <chrono>
#include <cmath>

namespace guichet::ui {

std::vector<std::string> site_origins(const MenuItem& menu) {
    std::vector<std::string> origins;
    for (const OnlineSite& s : menu.sites)
        if (auto o = web::parse_origin(s.address)) origins.push_back(web::to_string(*o));
    return origins;
}

void OnlineScreen::wait_settled() const {
    if (!view_) return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::uint64_t gen = view_->generation();
    while (view_->busy() && std::chrono::steady_clock::now() < deadline)
        gen = view_->wait_change(gen, std::chrono::duration_cast<std::chrono::milliseconds>(
                                          deadline - std::chrono::steady_clock::now()));
}

void OnlineScreen::reset() {
    view_.reset();  // the ephemeral profile goes with the view's context
    texture_ = platform::Texture();
    frame_ = web::Frame();
    target_.clear();
    message_.clear();
    pressed_ = dragging_ = false;
}

void OnlineScreen::open_site(const MenuItem& menu, std::size_t index, int width, int height) {
    web::WebViewOptions options;
    options.width = width;
    options.height = height;
    options.allowed_origins = site_origins(menu);
    options.on_change = [] { platform::Platform::wake(); };  // a new frame or event: draw (no polling)
    std::string why;
    view_ = web::WebView::create(options, why);
    if (!view_) {
        message_ = "Les services en ligne ne sont pas disponibles sur cette borne.";
        return;
    }
    view_->load(menu.sites[index].address);
}

// A tap is a click at its place; a drag scrolls the page (as on a phone).
void OnlineScreen::handle_input(float origin_x, float origin_y, float scale) {
    const ImVec2 origin(origin_x, origin_y);
    const ImGuiIO& io = ImGui::GetIO();
    const int x = static_cast<int>(std::lround((io.MousePos.x - origin.x) / scale));
    const int y = static_cast<int>(std::lround((io.MousePos.y - origin.y) / scale));
    const bool inside = x >= 0 && y >= 0 && x < frame_.width && y < frame_.height;
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && inside && ImGui::IsWindowHovered()) {
        pressed_ = true;
        dragging_ = false;
        press_x_ = io.MousePos.x;
        press_y_ = last_y_ = io.MousePos.y;
        view_->pointer_move(x, y);
    }
    if (pressed_ && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        if (!dragging_ && std::hypot(io.MousePos.x - press_x_, io.MousePos.y - press_y_) > 12.0f) dragging_ = true;
        if (dragging_ && io.MousePos.y != last_y_) {
            view_->scroll(x, y, static_cast<int>(std::lround((last_y_ - io.MousePos.y) / scale)));
            last_y_ = io.MousePos.y;
        }
    }
    if (pressed_ && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        pressed_ = false;
        if (!dragging_) {
            const int px = static_cast<int>(std::lround((press_x_ - origin.x) / scale));
            const int py = static_cast<int>(std::lround((press_y_ - origin.y) / scale));
            view_->pointer_button(px, py, true);
            view_->pointer_button(px, py, false);
        }
    }
    if (inside && io.MouseWheel != 0 && ImGui::IsWindowHovered())
        view_->scroll(x, y, static_cast<int>(std::lround(-io.MouseWheel * 120)));
}

void OnlineScreen::draw(Ui& ui, const Content& c, const std::string& target, Nav& nav) {
    const auto hash = target.find('#');
    const MenuItem* menu = hash == std::string::npos ? nullptr : c.find_menu(target.substr(0, hash));
    std::size_t index = 0;
    try {
        index = hash == std::string::npos ? 0 : std::stoul(target.substr(hash + 1));
    } catch (const std::exception&) {
        menu = nullptr;
    }
    if (menu == nullptr || index >= menu->sites.size()) {
        nav = {Nav::Home, {}};
        return;
    }
    const OnlineSite& site = menu->sites[index];
    text(ui, site.title, ui.fonts.h2, ui.theme.text);
    const float gap = ui.metrics.gap_px();
    const float width = ImGui::GetContentRegionAvail().x;
    if (target != target_) {
        reset();
        target_ = target;
        // The page's size in pixels is the area it is drawn in (the content region, at scale 1).
        const float height = std::max(ImGui::GetContentRegionAvail().y - 3 * gap - ui.fonts.body->FontSize * 2, 200.0f);
        open_site(*menu, index, static_cast<int>(width), static_cast<int>(height));
    }
    if (view_) {
        for (const web::Event& e : view_->take_events()) {
            if (!e.message.empty()) message_ = e.message;
            if (e.kind == web::EventKind::load_started) message_.clear();
        }
        if (view_->take_frame(frame_)) {
            if (texture_.width() == frame_.width && texture_.height() == frame_.height) {
                (void)texture_.update(frame_.rgba.data());
            } else if (auto t = platform::Texture::upload(frame_.width, frame_.height, frame_.rgba.data())) {
                texture_ = std::move(*t);
            }
            ui.animating = true;  // one more frame: the new page is shown now
        }
    }
    ImGui::Dummy(ImVec2(1, gap / 2));
    if (!message_.empty()) {
        text(ui, message_, ui.fonts.body, ui.theme.error);
        ImGui::Dummy(ImVec2(1, gap / 2));
    }
    if (texture_.id() != nullptr) {
        const float scale = width / static_cast<float>(frame_.width);
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        ImGui::Image(texture_.id(), ImVec2(width, static_cast<float>(frame_.height) * scale));
        if (view_) handle_input(origin.x, origin.y, scale);
    } else if (view_ && message_.empty()) {
        text(ui, "Ouverture de la page…", ui.fonts.body, ui.theme.muted);
    }
}

}  // namespace guichet::ui
