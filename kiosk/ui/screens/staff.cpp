#include "ui/screens/staff.hpp"

#include "ui/status.hpp"

#include <imgui.h>
#include <sodium.h>

namespace guichet::ui {

namespace {

void wipe(std::string& s) {
    if (!s.empty()) sodium_memzero(s.data(), s.size());
    s.clear();
}

void heading(Ui& ui, const std::string& s) {
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.5f));
    text(ui, s, ui.fonts.h2, ui.theme.text);
}

std::string plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n > 1 ? many : one); }

// The PIN pad: 1–9, « Effacer », 0, « Valider », in big keys.
void pin_pad(Ui& ui, StaffScreen& s, const StaffContext& ctx, bool blocked) {
    const float gap = ui.metrics.gap_px();
    const float w = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3;
    const char* keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "Effacer", "0", "Valider"};
    for (int i = 0; i < 12; ++i) {
        if (i % 3 != 0) ImGui::SameLine(0, gap);
        else if (i > 0) ImGui::Dummy(ImVec2(1, gap * 0.5f));
        if (!big_button(ui, keys[i], "", w) || blocked) continue;
        const std::string k = keys[i];
        if (k == "Effacer") {
            wipe(s.digits);
        } else if (k == "Valider") {
            if (!s.digits.empty()) {
                s.check.start(ctx.pin_hash, s.digits);
                wipe(s.digits);
            }
        } else if (s.digits.size() < 12) {
            s.digits += k;
        }
    }
}

void locked_view(Ui& ui, StaffScreen& s, const StaffContext& ctx, PinLockout& lockout) {
    const Theme& t = ui.theme;
    text(ui, "Personnel de la mairie", ui.fonts.h1, t.text);
    if (ctx.pin_hash.empty()) {
        text(ui, "Le mode personnel n\xE2\x80\x99" "est pas configur\xC3\xA9 sur cette borne.", ui.fonts.body, t.text);
        text(ui, "Pour le configurer\xE2\x80\xAF: guichet-kiosk --hash-pin > DOSSIER_D\xE2\x80\x99\xC3\x89TAT/staff-pin",
             ui.fonts.small, t.muted);
        return;
    }
    const PinCheck::State check = s.check.poll();
    switch (check) {
        case PinCheck::State::Accepted:
            lockout.success();
            s.unlocked = true;
            return;
        case PinCheck::State::Refused: lockout.failure(ctx.clock); break;
        case PinCheck::State::Running: ui.animating = true; break;  // polls the worker until it answers
        case PinCheck::State::Idle: break;
    }
    text(ui, "Tapez votre code.", ui.fonts.body, t.text);
    std::string dots;
    for (std::size_t i = 0; i < s.digits.size(); ++i) dots += "\xE2\x97\x8F ";  // ●
    text(ui, dots.empty() ? std::string(" ") : dots, ui.fonts.h1, t.text);
    if (lockout.locked(ctx.clock)) {
        const int secs = static_cast<int>(lockout.seconds_left(ctx.clock) + 0.999);
        text(ui, "Code incorrect trop de fois\xE2\x80\xAF: clavier bloqu\xC3\xA9 pendant " + std::to_string(secs) + "\xC2\xA0s.",
             ui.fonts.bold, t.text);
    } else if (lockout.failures() > 0) {
        text(ui, "Code incorrect.", ui.fonts.bold, t.text);
    }
    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px() * 0.5f));
    pin_pad(ui, s, ctx, lockout.locked(ctx.clock) || check == PinCheck::State::Running);
}

void unlocked_view(Ui& ui, StaffScreen& s, const StaffContext& ctx, Nav& nav) {
    const Theme& t = ui.theme;
    text(ui, "Mode personnel", ui.fonts.h1, t.text);

    heading(ui, "File d\xE2\x80\x99" "attente");
    if (!ctx.has_store) {
        text(ui, "Pas de base locale (la borne tourne sans --state).", ui.fonts.body, t.text);
    } else if (!ctx.store.read || !ctx.store.summary) {
        text(ui, ctx.store.error.empty() ? std::string("Lecture en cours\xE2\x80\xA6") : "Erreur\xC2\xA0: " + ctx.store.error,
             ui.fonts.body, t.text);
    } else {
        const store::QueueSummary& q = *ctx.store.summary;
        text(ui, plural(q.queued + q.sending, "d\xC3\xA9marche \xC3\xA0 envoyer", "d\xC3\xA9marches \xC3\xA0 envoyer") +
                     " (dont " + std::to_string(q.sending) + " en cours d\xE2\x80\x99" "envoi)",
             ui.fonts.body, t.text);
        text(ui, plural(q.delivered, "d\xC3\xA9marche transmise", "d\xC3\xA9marches transmises") + " en attente d\xE2\x80\x99" "effacement",
             ui.fonts.body, t.text);
        if (q.oldest_queued) text(ui, "Plus ancienne en attente\xC2\xA0: " + french_datetime(*q.oldest_queued, ctx.now), ui.fonts.body, t.text);
        if (!q.errors.empty()) text(ui, "Derni\xC3\xA8re erreur d\xE2\x80\x99" "envoi\xC2\xA0: " + q.errors.front().error, ui.fonts.small, t.muted);
    }

    heading(ui, "Synchronisation");
    const std::optional<std::int64_t> last = ctx.store.last_sync;
    text(ui, "Derni\xC3\xA8re synchronisation r\xC3\xA9ussie\xC2\xA0: " + (last ? french_datetime(*last, ctx.now) : std::string("jamais")),
         ui.fonts.body, t.text);
    if (ctx.state_dir.empty()) {
        text(ui, "Pas de dossier d\xE2\x80\x99\xC3\xA9tat\xC2\xA0: impossible de demander une synchronisation.", ui.fonts.body, t.text);
    } else {
        if (big_button(ui, "Demander une synchronisation")) s.sync.request(ctx.state_dir);
        switch (s.sync.poll()) {
            case SyncRequester::State::Running: ui.animating = true; break;
            case SyncRequester::State::Done:
                text(ui, "Demande enregistr\xC3\xA9" "e\xC2\xA0: la borne se synchronise d\xC3\xA8s que le r\xC3\xA9seau le permet.",
                     ui.fonts.body, t.text);
                break;
            case SyncRequester::State::Failed: text(ui, "\xC3\x89" "chec\xC2\xA0: " + s.sync.error(), ui.fonts.body, t.text); break;
            case SyncRequester::State::Idle: break;
        }
    }

    heading(ui, "Contenu install\xC3\xA9");
    if (ctx.content) {
        text(ui, ctx.content->pack_id + " \xE2\x80\x94 version " + std::to_string(ctx.content->pack_version) + " \xE2\x80\x94 " +
                     ctx.content->title,
             ui.fonts.body, t.text);
    } else {
        text(ui, "Aucun paquet utilisable.", ui.fonts.body, t.text);
    }
    if (ctx.problems) {
        for (const std::string& p : *ctx.problems) text(ui, p, ui.fonts.small, t.muted);
    }

    heading(ui, "Langue");
    text(ui, "Fran\xC3\xA7" "ais (la seule langue des contenus pour le moment).", ui.fonts.body, t.text);

    ImGui::Dummy(ImVec2(1, ui.metrics.gap_px()));
    if (big_button(ui, "Quitter le mode personnel", "", 0, t.reset_bg, t.reset_text, true)) nav = {Nav::Reset, {}};
}

}  // namespace

void StaffScreen::reset() {
    wipe(digits);
    unlocked = false;
    check.cancel();
}

void StaffScreen::draw(Ui& ui, const StaffContext& ctx, PinLockout& lockout, Nav& nav) {
    if (unlocked) unlocked_view(ui, *this, ctx, nav);
    else locked_view(ui, *this, ctx, lockout);
}

}  // namespace guichet::ui
