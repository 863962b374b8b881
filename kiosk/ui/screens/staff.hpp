// Staff mode, behind a PIN: queue depth (counts only, never a démarche's
// content), last sync, installed pack, « Demander une synchronisation »,
// language. Reached from « Affichage » → « Personnel de la mairie ».
#pragma once

#include "ui/content.hpp"
#include "ui/staff_pin.hpp"
#include "ui/store_worker.hpp"
#include "ui/sync_request.hpp"
#include "ui/widgets.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace guichet::ui {

struct StaffContext {
    const Content* content = nullptr;
    const std::vector<std::string>* problems = nullptr;  // packs refused at load
    bool has_store = false;
    StoreSnapshot store;
    std::string pin_hash;              // "" when staff mode is not configured
    std::filesystem::path state_dir;   // "" when the kiosk runs without --state
    double clock = 0;                  // frame clock (lockout)
    std::int64_t now = 0;              // wall clock (dates)
};

struct StaffScreen {
    std::string digits;  // the PIN being typed; wiped on every exit
    bool unlocked = false;
    PinCheck check;
    SyncRequester sync;

    // Locks again and wipes the typed digits. The lockout (kept by the app)
    // survives: waiting for the idle reset does not give more attempts.
    void reset();
    void draw(Ui& ui, const StaffContext& ctx, PinLockout& lockout, Nav& nav);
};

}  // namespace guichet::ui
