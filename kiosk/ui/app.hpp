// The screen dispatcher: navigation stack, the frame's layout (header,
// scrolling content, "Retour" / "Terminer et effacer", status bar) and the
// session reset. UI thread only; no I/O.
#pragma once

#include "ui/content.hpp"
#include "ui/gestures.hpp"
#include "ui/idle.hpp"
#include "ui/reader.hpp"
#include "ui/screens/invoices.hpp"
#include "ui/screens/screens.hpp"
#include "ui/screens/staff.hpp"
#include "ui/screens/map.hpp"
#include "ui/screens/online.hpp"
#include "ui/screens/wizard.hpp"
#include "ui/screens/visio.hpp"
#include "ui/store_worker.hpp"
#include "ui/settings.hpp"
#include "ui/widgets.hpp"
#include "usage/recorder.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace guichet::ui {

struct Route {
    Nav::Kind kind = Nav::Home;  // Home, Menu, Page or Form
    std::string target;
    int serial = 0;              // new scroll region per visit
};

class KioskApp {
public:
    // DEFAULTS: the display settings every session starts with (and returns
    // to at its end). LIMITS: the idle reset's time limits.
    explicit KioskApp(Ui& ui, Settings defaults = {}, IdleLimits limits = {})
        : ui_(ui), defaults_(defaults), settings_(defaults), idle_(limits) {}

    // From the loader's queue. A new pack replaces the current one only when no
    // session is in progress (at home); otherwise it waits for the next reset.
    void offer(LoadResult result);
    void frame();           // one ImGui frame of the whole UI
    void reset_session();   // back home, every screen's state wiped, pending pack switched in
    // Set by each session reset: the frame loop asks the content loader to
    // rescan the packs directory (a new pack is switched in only at a reset).
    bool take_rescan_request() { return std::exchange(rescan_packs_, false); }
    bool in_session() const { return stack_.size() > 1; }
    // guichet-pack preview (--watch-packs): a new pack ends the session at once and is shown from home.
    void switch_packs_at_once() { switch_at_once_ = true; }
    const Route& route() const { return stack_.back(); }
    const Content* content() const { return content_.get(); }

    // Idle reset and settings (ui/app_session.cpp).
    // Seconds from now until the app needs a frame with no input (the idle
    // timer); negative: none. The frame loop waits at most that long.
    double wake_in() const;
    // The settings in force; the frame loop rebuilds the fonts at a frame
    // boundary when text_scale differs from ui.metrics.text_scale.
    const Settings& settings() const { return settings_; }
    // True once when the idle warning appears: the frame loop plays the chime.
    bool take_alert();
    bool attract() const { return attract_; }
    // Starts on the attract screen (full-screen kiosk mode), as after an idle reset.
    void show_attract() { attract_ = true; }
    // Calendar date (YYYY-MM-DD) for display periods; the frame loop sets it
    // from the wall clock (or --date in tests).
    void set_today(std::string ymd) { today_ = std::move(ymd); }
    // Wall-clock time (Unix seconds) for the status bar's dates and connection.
    void set_wall_time(std::int64_t now) { wall_now_ = now; }
    // Staff mode: the PIN hash ("" leaves it unconfigured) and the state
    // directory where « Demander une synchronisation » writes sync-request.
    void set_staff(std::string pin_hash, std::filesystem::path state_dir);
    // Waits for staff mode's background work (PIN check, sync request): replays.
    void wait_background() {
        staff_.check.wait();
        staff_.sync.wait();
        wizard_.capture.session.wait_idle();  // a photo, page or signature being made
        invoices_.wait();                     // an invoice code being checked (Argon2id)
        online_.wait_settled();               // a web page loading (real time, bounded)
    }
    // The camera and USB stick of the capture screens (--camera, --usb).
    void set_capture(capture::CaptureConfig config) { wizard_.capture.session.configure(std::move(config)); }
    // « Rendez-vous en visio »: camera and microphone stand-ins (--visio-test-sources: replays).
    void set_visio_test_sources(bool on) { visio_test_sources_ = on; }
    // Replays and tests: the call's state and the agent's pictures uploaded as textures so far.
    CallState visio_state() const { return visio_.call.state(); }
    long visio_uploads() const { return visio_.uploads; }
    // Replays: the map's raster tiles wanted so far are decoded (frames stay deterministic).
    void wait_map() { map_.wait_idle(); }
    // The store thread for submit and tracking (may stay null: no state directory).
    void set_store(StoreWorker* store) { store_ = store; }
    // The kiosk stops (SIGTERM): the session in progress is counted as ended,
    // its counts posted to the store thread (wait for it before closing it).
    void end_usage_session() { flush_usage(); }

    // Speech and non-visual navigation (ui/app_speech.cpp, docs/speech.md).
    // OUT: where sentences go (may stay null: the reader still logs them).
    void set_speech(SpeechOutput* out);
    // A key of the keypad (or a keyboard's arrows, Enter, Escape). KEYPAD: a key
    // of the accessibility keypad, which turns non-visual mode on when it is
    // off. Returns true when speech took the key (it must not reach the screens).
    bool nav_key(ReaderCommand c, bool keypad);
    // The key that turns non-visual mode on or off.
    void toggle_non_visual();
    // The pointer, before the screens see it: gestures in non-visual mode, the
    // corner's hold in any mode, a tap said in speech mode.
    enum class PointerEvent { Down, Move, Up };
    void pointer(PointerEvent e, float x, float y);
    // In non-visual mode the screens get no pointer but the reader's taps.
    bool captures_pointer() const { return settings_.non_visual; }
    std::optional<ScreenReader::Point> take_reader_tap() { return reader_.take_tap(); }
    bool reader_busy() const { return reader_.busy(); }
    const ScreenReader& reader() const { return reader_; }
    // The printer's « Imprimer » buttons (--printer); null: none shown.
    void set_printing(Printing* printing) { ui_.printing = printing; }
    // Replays: the print asked for has been sent (or refused), so its status line is deterministic.
    void wait_print();

private:
    void go(const Nav& nav);
    // RECEIPT's tracking code when its form books a slot (« Rendez-vous en visio » offers it), else "".
    std::string booked_visio_code(const ReceiptInfo& receipt) const;
    std::string booked_visio_;  // this session's, wiped at its end
    void observe_speech(IdleTimer::Phase phase);
    // Démarches (ui/app_store.cpp): the store worker's results, once per frame,
    // routed to the wizard and tracking screens; the text field being typed in.
    void drain_store(Nav& nav);
    TextEntry* active_entry();
    // Before drawing: advances the frame clock, feeds input to the idle timer,
    // resets the session when it expired. Returns the idle phase.
    IdleTimer::Phase tick_session();
    double limit_for_route() const;
    void draw_attract();
    float header_band_height(float width) const;
    void draw_header(float band_h, float header_h);
    std::string status_line() const;
    float status_height(float width) const;
    void draw_status_bar(float y, float width, float height);
    float footer_height(float width, float gap) const;
    void draw_footer(Nav& nav, float width, float gap);
    void draw_idle_warning(Nav& nav);
    void tick_status();
    double status_wake_in() const;
    void draw_staff(Nav& nav);
    // Usage counters (ui/app_usage.cpp, docs/usage-stats.md).
    void observe_usage();
    void flush_usage();  // ends the session's counts and posts them to the store thread
    std::string usage_day() const;
    Ui& ui_;
    std::shared_ptr<const Content> content_;
    std::vector<std::string> problems_;
    bool loaded_once_ = false;
    bool rescan_packs_ = false;
    bool switch_at_once_ = false;
    std::unique_ptr<LoadResult> pending_;
    std::vector<Route> stack_{Route{}};
    int serial_ = 0;

    HomeScreen home_;
    RubriqueScreen rubrique_;
    PageScreen page_;
    DemarcheScreen demarche_;
    NoContentScreen no_content_;
    SettingsScreen settings_screen_;
    AttractScreen attract_screen_;
    IdleWarningScreen idle_warning_;
    ConfirmScreen confirm_;  // « Avez-vous noté votre code ? », « Effacer la démarche en cours ? »
    WizardScreen wizard_;
    ReceiptScreen receipt_;
    TrackingScreen tracking_;
    InvoicesScreen invoices_;  // « Mes factures » (issue #17, screens/invoices.hpp)
    MapScreen map_;  // issue #6 (screens/map.hpp)
    OnlineScreen online_;  // « Services en ligne », issue #22 (screens/online.hpp)
    VisioScreen visio_;  // « Rendez-vous en visio » (issue #16, screens/visio.hpp)
    bool visio_test_sources_ = false;
    StoreWorker* store_ = nullptr;
    usage::SessionRecorder usage_;

    Settings defaults_, settings_;
    IdleTimer idle_;
    double clock_ = 0;      // seconds of frame time (simulated in replays)
    bool attract_ = false;  // shown after an idle reset until touched
    bool alert_ = false;
    int settle_frames_ = 0;  // frames to draw after a change the loop did not see as input
    std::string today_;
    StaffScreen staff_;
    PinLockout lockout_;  // not part of the session: survives resets
    std::string pin_hash_;
    std::filesystem::path state_dir_;
    std::int64_t wall_now_ = 0;
    ScreenReader reader_;
    GestureRecognizer gestures_;
    SpeechOutput* speech_ = nullptr;
    Settings spoken_settings_;  // the voice's settings last applied
    double next_refresh_ = 0;
    bool refresh_now_ = false;
};

}  // namespace guichet::ui
