// Alerts for the people who watch the kiosks (docs/alerts.md): the hub looks
// at its kiosks' problems (kiosk_health.hpp: silent kiosk, stuck queue, low
// disk, printer, packs) every minute and, when one appears or goes away,
// tells a webhook (a JSON POST) and/or e-mail addresses (through the
// machine's sendmail). Each problem is told once when it appears and once
// when it is gone, across restarts (DATA/alerts.json), not every minute.
// What is sent names kiosks and problems, never anything of a resident.
#pragma once

#include "common/result.hpp"
#include "hub/hub_server.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace guichet::sync::hub {

struct AlertOptions {
    std::string webhook_url;              // http(s)://host[:port]/path; empty: none
    std::vector<std::string> mail_to;     // addresses; empty: no mail
    std::string sendmail = "/usr/sbin/sendmail";  // called as SENDMAIL -t -oi, the message on stdin
    std::string mail_from;                // empty: sendmail's default sender
    std::string hub_name = "guichet-hub";  // in the subject and the JSON
    std::int64_t interval_seconds = 60;
    bool enabled() const { return !webhook_url.empty() || !mail_to.empty(); }
};

// One problem of one kiosk; a kiosk's problems of the same code make one
// alert (their texts joined), known by (kiosk_id, code).
struct Alert {
    std::string kiosk_id, kiosk_name, code, text;
    std::int64_t since = 0;  // when the hub first saw it
};

struct AlertChanges {
    std::vector<Alert> raised, cleared;
    bool empty() const { return raised.empty() && cleared.empty(); }
};

// What changed from BEFORE to NOW (both as current_alerts gives them). An
// alert still there keeps its `since` from BEFORE.
AlertChanges alert_changes(const std::vector<Alert>& before, std::vector<Alert>& now);

// The kiosks' problems at the hub's clock, one alert per kiosk and code.
Result<std::vector<Alert>> current_alerts(HubContext& ctx);

// The webhook's body: {"hub", "at", "raised": [...], "cleared": [...]}.
std::string alert_json(const AlertChanges& changes, const std::string& hub_name, std::int64_t at);
// An RFC 5322 message in French (UTF-8, subject encoded per RFC 2047).
std::string alert_mail(const AlertChanges& changes, const AlertOptions& options, std::int64_t at);

// The alerts already told, in DATA_DIR/alerts.json.
Result<std::vector<Alert>> load_told_alerts(const std::filesystem::path& data_dir);
Result<void> save_told_alerts(const std::filesystem::path& data_dir, const std::vector<Alert>& alerts);

class AlertNotifier {
public:
    AlertNotifier(HubContext& ctx, AlertOptions options);

    // One look: computes the changes since what was told, sends them to every
    // channel, and records them as told only when every channel took them (a
    // channel down: told again at the next look). The changes sent.
    Result<AlertChanges> tick();
    // Looks every interval until stop(); a failed look goes to REPORT (the
    // message, in English: the caller translates) and is tried again.
    void run(const std::function<void(const std::string&)>& report);
    void stop();

private:
    Result<void> send(const AlertChanges& changes, std::int64_t at);
    HubContext& ctx_;
    AlertOptions options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

}  // namespace guichet::sync::hub
