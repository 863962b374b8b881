#include "hub/alerts.hpp"

#include "common/file.hpp"
#include "common/time_format.hpp"
#include "crypto/base64.hpp"
#include "hub/kiosk_health.hpp"
#include "transport/hub_client.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace guichet::sync::hub {

namespace {

using json = nlohmann::json;

constexpr const char* kToldFile = "alerts.json";

bool same_alert(const Alert& a, const Alert& b) { return a.kiosk_id == b.kiosk_id && a.code == b.code; }

json to_json(const Alert& a) {
    return {{"kiosk_id", a.kiosk_id}, {"kiosk_name", a.kiosk_name}, {"code", a.code}, {"text", a.text}, {"since", a.since}};
}

// What a line of a mail header may not carry: a CR or LF would start another header.
std::string one_line(std::string s) {
    std::replace_if(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    return s;
}

// Runs ARGV with INPUT on its standard input; its exit status, or an Error.
Result<int> run_with_input(const std::vector<std::string>& argv, const std::string& input) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return fail(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO);
    std::vector<char*> c_argv;
    for (const auto& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
    c_argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, c_argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[0]);
    if (spawned != 0) {
        ::close(fds[1]);
        return fail(argv[0] + ": " + std::strerror(spawned));
    }
    std::size_t written = 0;
    while (written < input.size()) {
        const ssize_t n = ::write(fds[1], input.data() + written, input.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // the program closed its input: its status says why
        written += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status)) return fail(argv[0] + " ended with signal " + std::to_string(WTERMSIG(status)));
    return WEXITSTATUS(status);
}

// "http://host:port" and "/path" of a webhook URL.
Result<std::pair<std::string, std::string>> split_url(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos || (url.compare(0, scheme, "http") != 0 && url.compare(0, scheme, "https") != 0))
        return fail("the webhook must be an http:// or https:// URL: " + url);
    const auto path = url.find('/', scheme + 3);
    if (path == std::string::npos) return std::pair{url, std::string("/")};
    return std::pair{url.substr(0, path), url.substr(path)};
}

}  // namespace

AlertChanges alert_changes(const std::vector<Alert>& before, std::vector<Alert>& now) {
    AlertChanges out;
    for (auto& a : now) {
        auto was = std::find_if(before.begin(), before.end(), [&](const Alert& b) { return same_alert(a, b); });
        if (was != before.end())
            a.since = was->since;
        else
            out.raised.push_back(a);
    }
    for (const auto& b : before)
        if (std::none_of(now.begin(), now.end(), [&](const Alert& a) { return same_alert(a, b); }))
            out.cleared.push_back(b);
    return out;
}

Result<std::vector<Alert>> current_alerts(HubContext& ctx) {
    const auto published = published_pack_versions(ctx);
    std::lock_guard lock(ctx.mutex());
    auto kiosks = kiosk_health(ctx.db().db());
    if (!kiosks) return kiosks.error();
    const auto now = ctx.now();
    std::vector<Alert> out;
    for (const auto& k : *kiosks) {
        for (const auto& p : kiosk_problems(k, now, published)) {
            auto same = std::find_if(out.begin(), out.end(),
                                     [&](const Alert& a) { return a.kiosk_id == k.id && a.code == p.code; });
            if (same != out.end())
                same->text += " ; " + p.text;
            else
                out.push_back({k.id, k.name, p.code, p.text, now});
        }
    }
    return out;
}

std::string alert_json(const AlertChanges& changes, const std::string& hub_name, std::int64_t at) {
    json j = {{"hub", hub_name}, {"at", at}, {"raised", json::array()}, {"cleared", json::array()}};
    for (const auto& a : changes.raised) j["raised"].push_back(to_json(a));
    for (const auto& a : changes.cleared) j["cleared"].push_back(to_json(a));
    return j.dump();
}

std::string alert_mail(const AlertChanges& changes, const AlertOptions& options, std::int64_t at) {
    std::string subject = "[" + options.hub_name + "] ";
    if (!changes.raised.empty())
        subject += std::to_string(changes.raised.size()) +
                   (changes.raised.size() == 1 ? " problème sur les bornes" : " problèmes sur les bornes");
    if (!changes.raised.empty() && !changes.cleared.empty()) subject += ", ";
    if (!changes.cleared.empty())
        subject += std::to_string(changes.cleared.size()) + (changes.cleared.size() == 1 ? " réglé" : " réglés");
    std::string to;
    for (const auto& address : options.mail_to) to += (to.empty() ? "" : ", ") + one_line(address);
    std::string m;
    if (!options.mail_from.empty()) m += "From: " + one_line(options.mail_from) + "\r\n";
    m += "To: " + to + "\r\n";
    m += "Subject: =?UTF-8?B?" + crypto::base64_encode(as_bytes(one_line(subject))) + "?=\r\n";
    m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
    m += "Bonjour,\r\n\r\nLe hub « " + one_line(options.hub_name) + " » signale, le " + format_utc(at) + " :\r\n";
    auto line = [&](const Alert& a) {
        return "- " + one_line(a.kiosk_name.empty() ? a.kiosk_id : a.kiosk_name + " (" + a.kiosk_id + ")") + " : " +
               one_line(a.text) + "\r\n";
    };
    if (!changes.raised.empty()) {
        m += "\r\nNouveaux problèmes :\r\n";
        for (const auto& a : changes.raised) m += line(a);
    }
    if (!changes.cleared.empty()) {
        m += "\r\nProblèmes réglés :\r\n";
        for (const auto& a : changes.cleared)
            m += "- " + one_line(a.kiosk_name.empty() ? a.kiosk_id : a.kiosk_name + " (" + a.kiosk_id + ")") +
                 " : " + one_line(a.text) + " (depuis le " + format_utc(a.since) + ")\r\n";
    }
    m += "\r\nLe détail est sur la page « Bornes » du hub.\r\n-- \r\nMessage automatique de guichet-hub.\r\n";
    return m;
}

Result<std::vector<Alert>> load_told_alerts(const std::filesystem::path& data_dir) {
    const auto file = data_dir / kToldFile;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return std::vector<Alert>{};
    auto text = read_text_file(file, 16 << 20);
    if (!text) return text.error();
    auto j = json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("told") || !j["told"].is_array()) return fail(file.string() + ": unreadable");
    std::vector<Alert> out;
    for (const auto& a : j["told"]) {
        if (!a.is_object()) continue;
        out.push_back({a.value("kiosk_id", ""), a.value("kiosk_name", ""), a.value("code", ""), a.value("text", ""),
                       a.value("since", std::int64_t{0})});
    }
    return out;
}

Result<void> save_told_alerts(const std::filesystem::path& data_dir, const std::vector<Alert>& alerts) {
    json j = {{"format", 1}, {"told", json::array()}};
    for (const auto& a : alerts) j["told"].push_back(to_json(a));
    return write_file_atomic(data_dir / kToldFile, as_bytes(j.dump()), 0600);
}

AlertNotifier::AlertNotifier(HubContext& ctx, AlertOptions options) : ctx_(ctx), options_(std::move(options)) {}

Result<void> AlertNotifier::send(const AlertChanges& changes, std::int64_t at) {
    if (!options_.webhook_url.empty()) {
        auto parts = split_url(options_.webhook_url);
        if (!parts) return parts.error();
        HubClientOptions client_options;
        client_options.deadline = std::chrono::milliseconds(10000);
        auto client = HubClient::create(parts->first, client_options);
        if (!client) return client.error();
        const auto body = alert_json(changes, options_.hub_name, at);
        auto answer = client->send("POST", parts->second, {}, as_bytes(body), "application/json");
        if (!answer) return fail("webhook " + options_.webhook_url + ": " + answer.error().message);
        if (answer->status < 200 || answer->status > 299)
            return fail("webhook " + options_.webhook_url + ": HTTP " + std::to_string(answer->status));
    }
    if (!options_.mail_to.empty()) {
        std::vector<std::string> argv = {options_.sendmail, "-t", "-oi"};
        auto status = run_with_input(argv, alert_mail(changes, options_, at));
        if (!status) return status.error();
        if (*status != 0) return fail(options_.sendmail + " exited with status " + std::to_string(*status));
    }
    return {};
}

Result<AlertChanges> AlertNotifier::tick() {
    auto told = load_told_alerts(ctx_.data_dir());
    if (!told) return told.error();
    auto now = current_alerts(ctx_);
    if (!now) return now.error();
    auto changes = alert_changes(*told, *now);
    if (changes.empty()) return changes;
    if (auto sent = send(changes, ctx_.now()); !sent) return sent.error();
    if (auto saved = save_told_alerts(ctx_.data_dir(), *now); !saved) return saved.error();
    return changes;
}

void AlertNotifier::run(const std::function<void(const std::string&)>& report) {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        if (auto r = tick(); !r) report(r.error().message);
        lock.lock();
        wake_.wait_for(lock, std::chrono::seconds(std::max<std::int64_t>(options_.interval_seconds, 1)),
                       [&] { return stopping_; });
    }
}

void AlertNotifier::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
}

}  // namespace guichet::sync::hub
