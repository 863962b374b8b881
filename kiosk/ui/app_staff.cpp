// KioskApp's staff mode and the store figures it shares with the status bar
// (connection, last sync), refreshed on the store thread: at start, at each
// session reset, on entering staff mode, and every few minutes.
#include "ui/app.hpp"

#include "ui/status.hpp"

#include <imgui.h>

namespace guichet::ui {

namespace {
constexpr double kRefreshEvery = 300;  // seconds of frame clock between two reads of the store
}

void KioskApp::set_staff(std::string pin_hash, std::filesystem::path state_dir) {
    pin_hash_ = std::move(pin_hash);
    state_dir_ = std::move(state_dir);
}

void KioskApp::tick_status() {
    if (store_ == nullptr) return;
    if (clock_ >= next_refresh_ || refresh_now_) {
        store_->refresh();
        next_refresh_ = clock_ + kRefreshEvery;
        refresh_now_ = false;
    }
}

double KioskApp::status_wake_in() const {
    if (store_ == nullptr) return -1;
    double wake = std::max(0.0, next_refresh_ - clock_);
    const std::int64_t change = connection_changes_in(store_->snapshot().last_sync, wall_now_);
    if (change >= 0) wake = std::min(wake, static_cast<double>(change));
    return wake;
}

std::string KioskApp::status_line() const {
    const std::string pack = content_ ? content_->pack->pack_id + " v" + std::to_string(content_->pack->pack_version) : std::string();
    const Strings* strings = content_ ? content_->pack->strings.get() : nullptr;
    if (store_ == nullptr) return status_bar_text(Connection::Unknown, std::nullopt, wall_now_, pack, strings);
    const StoreSnapshot snap = store_->snapshot();
    return status_bar_text(connection_from(snap.read && snap.error.empty(), snap.last_sync, wall_now_), snap.last_sync,
                           wall_now_, pack, strings);
}

void KioskApp::draw_staff(Nav& nav) {
    StaffContext ctx;
    ctx.content = content_.get();
    ctx.problems = &problems_;
    ctx.has_store = store_ != nullptr;
    if (store_) ctx.store = store_->snapshot();
    ctx.pin_hash = pin_hash_;
    ctx.state_dir = state_dir_;
    ctx.clock = clock_;
    ctx.now = wall_now_;
    staff_.draw(ui_, ctx, lockout_, nav);
}

}  // namespace guichet::ui
