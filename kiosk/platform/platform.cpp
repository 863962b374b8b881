#include "platform/platform.hpp"

#include "platform/damage.hpp"
#include "platform/gl_functions.hpp"
#include "platform/texture.hpp"

#include <SDL.h>
#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <png.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <dlfcn.h>
#include <cstdio>
#include <cstdlib>

namespace guichet::platform {

namespace {

std::atomic<Uint32> g_wake_event{0};
// Headless: SDL's offscreen driver cannot block on events (SDL polls every
// millisecond instead), so an idle headless kiosk waits here for wake().
std::mutex g_wake_mu;
std::condition_variable g_wake_cv;
bool g_woken = false;

}  // namespace

struct Platform::Sdl {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    bool imgui_sdl = false, imgui_gl = false;
    bool headless = false;
    Uint64 last_counter = 0;
    const GlFunctions* f = nullptr;  // loaded once the context is current
    // Partial redraw (platform/damage.hpp): only where the back buffer is
    // known to keep the last frame (keeps_last_frame() below).
    bool keeps_back_buffer = false;
    bool force_full = true;  // next frame: the font atlas or the clear colour changed
    float last_clear[3] = {-1, -1, -1};
    DamageTracker damage;
    PixelRect last_redraw;
};

namespace {

#if defined(__SANITIZE_ADDRESS__)
// Sanitizer builds only: keeps Mesa's modules mapped after they are unloaded
// at exit, so that LeakSanitizer can name the driver's own leaks instead of
// printing unattributable addresses.
void pin_gl_driver_modules() {
    for (const char* lib : {"libEGL_mesa.so.0", "libGLX_mesa.so.0", "libglapi.so.0", "libgbm.so.1",
                            "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so"}) {
        dlopen(lib, RTLD_LAZY | RTLD_NODELETE);
    }
}
#else
void pin_gl_driver_modules() {}
#endif

// Whether the back buffer will hold the last frame at the next one, which
// partial redraw needs. Headless, SDL's offscreen driver draws into an EGL
// pbuffer, which eglSwapBuffers leaves alone (EGL 1.5 § 3.10.1). A window's
// back buffer is undefined after a swap unless the EGL surface is switched to
// EGL_BUFFER_PRESERVED, which Mesa's X11 EGL grants (llvmpipe copies the
// back buffer to the window; checked on Xvfb). Under GLX (no current EGL
// context) nothing guarantees it: Mesa's GLX_EXT_buffer_age answers 0, unknown.
bool keeps_last_frame(bool headless) {
    void* egl = dlopen("libEGL.so.1", RTLD_LAZY | RTLD_NOLOAD);  // loaded by SDL when it uses EGL
    if (egl == nullptr) return false;
    using GetCurrent = void* (*)();
    using GetSurface = void* (*)(int);
    using SurfaceAttrib = unsigned (*)(void*, void*, int, int);
    auto current_context = reinterpret_cast<GetCurrent>(dlsym(egl, "eglGetCurrentContext"));
    auto current_display = reinterpret_cast<GetCurrent>(dlsym(egl, "eglGetCurrentDisplay"));
    auto current_surface = reinterpret_cast<GetSurface>(dlsym(egl, "eglGetCurrentSurface"));
    auto surface_attrib = reinterpret_cast<SurfaceAttrib>(dlsym(egl, "eglSurfaceAttrib"));
    bool kept = false;
    if (current_context && current_display && current_surface && surface_attrib && current_context() != nullptr) {
        constexpr int kDraw = 0x3059, kSwapBehavior = 0x3093, kBufferPreserved = 0x3094;  // EGL_DRAW, …
        kept = headless || surface_attrib(current_display(), current_surface(kDraw), kSwapBehavior, kBufferPreserved) != 0;
    }
    dlclose(egl);
    return kept;
}

}  // namespace

Result<std::unique_ptr<Platform>> Platform::create(const Options& options) {
    pin_gl_driver_modules();
    if (options.headless) {
        // Must be set before SDL_Init: renders with Mesa (EGL) and needs no display.
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
    } else {
        // EGL rather than GLX on X11 (unless the environment says otherwise):
        // its window surfaces can keep the last frame (keeps_last_frame).
        SDL_SetHintWithPriority(SDL_HINT_VIDEO_X11_FORCE_EGL, "1", SDL_HINT_DEFAULT);
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
        return fail(std::string("SDL_Init: ") + SDL_GetError());
    }
    std::unique_ptr<Platform> p(new Platform());
    p->sdl_ = std::make_unique<Sdl>();
    Sdl& s = *p->sdl_;
    s.headless = options.headless;
    g_wake_event = SDL_RegisterEvents(1);

    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    Uint32 flags = SDL_WINDOW_OPENGL;
    if (options.fullscreen) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    } else if (!options.headless) {
        flags |= SDL_WINDOW_RESIZABLE;
    }
    s.window = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                options.width, options.height, flags);
    if (s.window == nullptr) return fail(std::string("SDL_CreateWindow: ") + SDL_GetError());
    s.gl = SDL_GL_CreateContext(s.window);
    if (s.gl == nullptr) return fail(std::string("SDL_GL_CreateContext (OpenGL 3.3 core): ") + SDL_GetError());
    SDL_GL_MakeCurrent(s.window, s.gl);
    SDL_GL_SetSwapInterval(options.headless ? 0 : 1);
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);

    if (Result<void> loaded = load_gl_functions(); !loaded) return loaded.error();
    s.f = gl();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no state written to disk
    io.LogFilename = nullptr;
    s.imgui_sdl = ImGui_ImplSDL2_InitForOpenGL(s.window, s.gl);
    s.imgui_gl = ImGui_ImplOpenGL3_Init("#version 330 core");
    if (!s.imgui_sdl || !s.imgui_gl) return fail("Dear ImGui backend initialisation failed");

    const char* partial = std::getenv("GUICHET_PARTIAL_REDRAW");  // "0": always redraw everything (comparisons)
    s.keeps_back_buffer = !(partial != nullptr && std::string(partial) == "0") && keeps_last_frame(options.headless);

    SDL_GetWindowSize(s.window, &p->width_, &p->height_);
    s.last_counter = SDL_GetPerformanceCounter();
    return p;
}

Platform::~Platform() {
    alert_.reset();
    if (!sdl_) return;
    if (sdl_->imgui_gl) ImGui_ImplOpenGL3_Shutdown();
    if (sdl_->imgui_sdl) ImGui_ImplSDL2_Shutdown();
    if (ImGui::GetCurrentContext() != nullptr) ImGui::DestroyContext();
    if (sdl_->gl) SDL_GL_DeleteContext(sdl_->gl);
    if (sdl_->window) SDL_DestroyWindow(sdl_->window);
    SDL_Quit();
}

int Platform::wait_events(int timeout_ms, bool& quit) {
    SDL_Event ev;
    int handled = 0;
    int got = 0;
    if (timeout_ms > 0 && sdl_->headless) {
        std::unique_lock lock(g_wake_mu);
        g_wake_cv.wait_for(lock, std::chrono::milliseconds(timeout_ms), [] { return g_woken; });
        g_woken = false;
        lock.unlock();
        got = SDL_PollEvent(&ev);
    } else {
        got = timeout_ms > 0 ? SDL_WaitEventTimeout(&ev, timeout_ms) : SDL_PollEvent(&ev);
    }
    while (got) {
        ++handled;
        if (ev.type == SDL_QUIT) quit = true;
        if (ev.type == SDL_WINDOWEVENT && ev.window.event == SDL_WINDOWEVENT_CLOSE) quit = true;
        bool to_screens = ev.type != g_wake_event.load();
        if (ev.type == SDL_KEYDOWN && ev.key.repeat == 0) {
            const NavKeyPress k = nav_key(static_cast<int>(ev.key.keysym.scancode));
            if (k.key != NavKey::None && (capture_ || k.keypad)) {
                nav_keys_.push_back(k);
                to_screens = false;
                swallow_text_ = true;
            }
        } else if (ev.type == SDL_KEYUP && capture_ && nav_key(static_cast<int>(ev.key.keysym.scancode)).key != NavKey::None) {
            to_screens = false;
        } else if (ev.type == SDL_TEXTINPUT && swallow_text_) {
            swallow_text_ = false;  // "5" from the keypad's 5 is a command, not typing
            to_screens = false;
        }
        if (ev.type == SDL_MOUSEBUTTONDOWN && ev.button.button == SDL_BUTTON_LEFT)
            pointer_events_.push_back({PointerEvent::Down, static_cast<float>(ev.button.x), static_cast<float>(ev.button.y)});
        if (ev.type == SDL_MOUSEBUTTONUP && ev.button.button == SDL_BUTTON_LEFT)
            pointer_events_.push_back({PointerEvent::Up, static_cast<float>(ev.button.x), static_cast<float>(ev.button.y)});
        if (ev.type == SDL_MOUSEMOTION && (ev.motion.state & SDL_BUTTON_LMASK) != 0)
            pointer_events_.push_back({PointerEvent::Move, static_cast<float>(ev.motion.x), static_cast<float>(ev.motion.y)});
        const bool pointer = ev.type == SDL_MOUSEBUTTONDOWN || ev.type == SDL_MOUSEBUTTONUP || ev.type == SDL_MOUSEMOTION ||
                             ev.type == SDL_MOUSEWHEEL || ev.type == SDL_FINGERDOWN || ev.type == SDL_FINGERUP ||
                             ev.type == SDL_FINGERMOTION;
        if (pointer && capture_) to_screens = false;  // non-visual mode: touch explores, it does not act
        if (to_screens) ImGui_ImplSDL2_ProcessEvent(&ev);
        if (ev.type == SDL_FINGERDOWN || ev.type == SDL_FINGERMOTION || ev.type == SDL_FINGERUP) {
            // Normalised 0..1 over the window; kept in touch order for the map's pinch.
            const auto id = static_cast<long long>(ev.tfinger.fingerId);
            auto it = std::find_if(fingers_.begin(), fingers_.end(), [&](const Finger& f) { return f.id == id; });
            if (ev.type == SDL_FINGERUP) {
                if (it != fingers_.end()) fingers_.erase(it);
            } else {
                const Finger f{id, ev.tfinger.x * static_cast<float>(width_), ev.tfinger.y * static_cast<float>(height_)};
                if (it != fingers_.end()) *it = f;
                else fingers_.push_back(f);
            }
        }
        got = SDL_PollEvent(&ev);
    }
    return handled;
}

void Platform::wake() {
    Uint32 type = g_wake_event.load();
    if (type == 0 || type == static_cast<Uint32>(-1)) return;
    SDL_Event ev{};
    ev.type = type;
    SDL_PushEvent(&ev);
    {
        std::lock_guard lock(g_wake_mu);
        g_woken = true;
    }
    g_wake_cv.notify_all();
}

void Platform::new_frame(const PointerOverride* override_pointer) {
    SDL_GetWindowSize(sdl_->window, &width_, &height_);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();  // reads the real mouse: replaced below when speech drives it
    if (override_pointer != nullptr || capture_) {
        ImGuiIO& io = ImGui::GetIO();
        for (bool& b : io.MouseDown) b = false;
        io.MouseWheel = 0;
        io.MousePos = override_pointer ? ImVec2(override_pointer->x, override_pointer->y) : ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = override_pointer != nullptr && override_pointer->down;
    }
    ImGui::NewFrame();
}

void Platform::new_frame_synthetic(const SyntheticInput& in) {
    SDL_GetWindowSize(sdl_->window, &width_, &height_);
    ImGui_ImplOpenGL3_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = static_cast<float>(in.dt_seconds > 0 ? in.dt_seconds : 1.0 / 60.0);
    fingers_ = in.fingers;
    io.MousePos = in.mouse_x < 0 ? ImVec2(-FLT_MAX, -FLT_MAX) : ImVec2(in.mouse_x, in.mouse_y);
    for (bool& b : io.MouseDown) b = false;
    io.MouseDown[0] = in.mouse_down;
    for (bool& k : io.KeysDown) k = false;
    for (int sc : in.keys_down) {
        if (sc >= 0 && sc < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) io.KeysDown[sc] = true;
    }
    if (!in.text.empty()) io.AddInputCharactersUTF8(in.text.c_str());
    ImGui::NewFrame();
}

void Platform::render() {
    ImGui::Render();
    ImDrawData* dd = ImGui::GetDrawData();
    Sdl& s = *sdl_;
    int fb_w = static_cast<int>(dd->DisplaySize.x * dd->FramebufferScale.x);
    int fb_h = static_cast<int>(dd->DisplaySize.y * dd->FramebufferScale.y);
    const bool clear_changed = !std::equal(clear_rgb_, clear_rgb_ + 3, s.last_clear);
    std::copy(clear_rgb_, clear_rgb_ + 3, s.last_clear);
    const PixelRect redraw = s.damage.update(collect_draw_items(*dd, texture_generation), fb_w, fb_h,
                                             !s.keeps_back_buffer || s.force_full || clear_changed);
    s.force_full = false;
    s.last_redraw = redraw;
    if (redraw.empty()) return;  // the back buffer already holds this frame
    const PixelRect whole{0, 0, fb_w, fb_h};
    s.f->Viewport(0, 0, fb_w, fb_h);
    s.f->ClearColor(clear_rgb_[0], clear_rgb_[1], clear_rgb_[2], 1);
    if (redraw == whole) {
        s.f->Clear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(dd);
        return;
    }
    // Only REDRAW: the clear and every command clipped to it (the backend
    // skips a command whose clip rectangle becomes empty; the map's callbacks
    // scissor to their command's rectangle too).
    s.f->Enable(GL_SCISSOR_TEST);
    s.f->Scissor(redraw.x0, fb_h - redraw.y1, redraw.x1 - redraw.x0, redraw.y1 - redraw.y0);
    s.f->Clear(GL_COLOR_BUFFER_BIT);
    s.f->Disable(GL_SCISSOR_TEST);
    const ImVec2 pos = dd->DisplayPos, scale = dd->FramebufferScale;
    const ImVec4 limit(pos.x + static_cast<float>(redraw.x0) / scale.x, pos.y + static_cast<float>(redraw.y0) / scale.y,
                       pos.x + static_cast<float>(redraw.x1) / scale.x, pos.y + static_cast<float>(redraw.y1) / scale.y);
    for (int n = 0; n < dd->CmdListsCount; ++n) {
        for (ImDrawCmd& cmd : dd->CmdLists[n]->CmdBuffer) {
            ImVec4& c = cmd.ClipRect;
            c = ImVec4(std::max(c.x, limit.x), std::max(c.y, limit.y), std::min(c.z, limit.z), std::min(c.w, limit.w));
        }
    }
    ImGui_ImplOpenGL3_RenderDrawData(dd);
    s.f->Disable(GL_SCISSOR_TEST);
}

bool Platform::partial_redraw() const { return sdl_->keeps_back_buffer; }

double Platform::last_redraw_share() const {
    const PixelRect& r = sdl_->last_redraw;
    return width_ > 0 && height_ > 0 ? static_cast<double>(r.area()) / (static_cast<double>(width_) * height_) : 0;
}

void Platform::reload_font_texture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    sdl_->force_full = true;  // the atlas' texture name may be the same, its pixels are not
}

void Platform::play_alert() { alert_->play(); }

void Platform::end_frame_undrawn() { ImGui::Render(); }

void Platform::present() { SDL_GL_SwapWindow(sdl_->window); }

void Platform::finish() { sdl_->f->Finish(); }

Result<void> Platform::screenshot(const std::filesystem::path& png) const {
    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(sdl_->window, &w, &h);
    if (w <= 0 || h <= 0) return fail("screenshot: empty drawable");
    std::vector<unsigned char> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    sdl_->f->ReadBuffer(GL_BACK);
    sdl_->f->PixelStorei(GL_PACK_ALIGNMENT, 1);
    sdl_->f->ReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
    // OpenGL's first row is the bottom one; PNG's is the top one.
    const std::size_t stride = static_cast<std::size_t>(w) * 3;
    std::vector<unsigned char> row(stride);
    for (int y = 0; y < h / 2; ++y) {
        unsigned char* a = rgb.data() + static_cast<std::size_t>(y) * stride;
        unsigned char* b = rgb.data() + static_cast<std::size_t>(h - 1 - y) * stride;
        std::copy(a, a + stride, row.data());
        std::copy(b, b + stride, a);
        std::copy(row.data(), row.data() + stride, b);
    }
    return write_png(png, w, h, rgb);
}

std::string Platform::renderer_name() const {
    const GLubyte* r = sdl_->f->GetString(GL_RENDERER);
    const GLubyte* v = sdl_->f->GetString(GL_VERSION);
    std::string out = r ? reinterpret_cast<const char*>(r) : "?";
    if (v) out += std::string(", OpenGL ") + reinterpret_cast<const char*>(v);
    return out;
}

int Platform::scancode_from_name(const std::string& name) {
    SDL_Scancode sc = SDL_GetScancodeFromName(name.c_str());
    return sc == SDL_SCANCODE_UNKNOWN ? -1 : static_cast<int>(sc);
}

Result<void> write_png(const std::filesystem::path& path, int width, int height, const std::vector<unsigned char>& rgb) {
    if (rgb.size() != static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3) {
        return fail("write_png: pixel buffer size mismatch");
    }
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return fail("cannot write " + path.string());
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (png == nullptr || info == nullptr) {
        png_destroy_write_struct(&png, &info);
        std::fclose(f);
        return fail("libpng: out of memory");
    }
    std::vector<png_bytep> rows(static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        rows[static_cast<std::size_t>(y)] =
            const_cast<png_bytep>(rgb.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 3);
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        std::fclose(f);
        return fail("libpng: error writing " + path.string());
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 3);
    png_write_info(png, info);
    png_write_image(png, rows.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    if (std::fclose(f) != 0) return fail("cannot close " + path.string());
    return {};
}

}  // namespace guichet::platform

#if defined(__SANITIZE_ADDRESS__)
// Sanitizer builds only: what the system libraries behind an X11 window keep
// until the process ends is not ours to free (libdbus's connection, opened by
// SDL's X11 driver; found by the « partial redraw in a window » test).
extern "C" const char* __lsan_default_suppressions() { return "leak:libdbus-1.so\n"; }
#endif
