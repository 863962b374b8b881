#include "hub/staff_commands.hpp"

#include "hub/hub_db.hpp"
#include "hub/staff_accounts.hpp"

#include "common/staff_language.hpp"
#include "common/time_format.hpp"

#include <sodium.h>
#include <termios.h>
#include <unistd.h>

#include <ctime>
#include <iostream>

namespace guichet::sync::hub {

namespace {

using staff::msg;

int failed(const std::string& message) {
    std::cerr << msg("guichet-hub: {1}\n", {message});
    return 1;
}

// One line of standard input; without echo when it is a terminal.
std::string read_secret_line(const char* prompt) {
    const bool tty = ::isatty(STDIN_FILENO) != 0;
    termios old{};
    if (tty) {
        std::cerr << msg(prompt) << std::flush;
        ::tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::cerr << "\n";
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

// The new password, checked, as its Argon2id hash; "" after a message on failure.
std::string new_password_hash(const std::string& name) {
    std::string password = read_secret_line("Password: ");
    if (::isatty(STDIN_FILENO)) {
        std::string again = read_secret_line("Password again: ");
        const bool same = again == password;
        sodium_memzero(again.data(), again.size());
        if (!same) {
            sodium_memzero(password.data(), password.size());
            failed(msg("the two passwords differ"));
            return {};
        }
    }
    if (auto weak = weak_password(password, name, StaffPolicy{})) {
        sodium_memzero(password.data(), password.size());
        failed(*weak);
        return {};
    }
    auto hash = hash_password(password);
    sodium_memzero(password.data(), password.size());
    if (!hash) {
        failed(hash.error().message);
        return {};
    }
    return *hash;
}

}  // namespace

int run_staff_command(const std::string& command, const std::string& data_dir, const std::string& name,
                      const std::string& role_text) {
    auto db = HubDb::open(data_dir);
    if (!db) return failed(db.error().message);
    StaffAccounts accounts(db->db());
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    if (command == "staff-list") {
        auto list = accounts.list();
        if (!list) return failed(list.error().message);
        for (const auto& a : *list)
            std::cout << a.name << "\t" << to_string(a.role) << "\t" << format_utc(a.created_at)
                      << (a.disabled_at ? msg("\tdisabled") : std::string())
                      << (a.locked_until > now ? msg("\tlocked") : std::string()) << "\n";
        return 0;
    }
    if (!is_account_name(name))
        return failed(msg("--name: 1 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter"));
    if (command == "staff-add") {
        const auto role = parse_staff_role(role_text.empty() ? "staff" : role_text);
        if (!role) return failed(msg("--role: staff or admin"));
        const auto hash = new_password_hash(name);
        if (hash.empty()) return 1;
        if (auto r = accounts.add(name, hash, *role, now); !r)
            return failed(r.error().message == "exists" ? msg("account {1} exists", {name}) : r.error().message);
        std::cout << msg("account {1} ({2}) created\n", {name, std::string(to_string(*role))});
        return 0;
    }
    if (command == "staff-password") {
        const auto hash = new_password_hash(name);
        if (hash.empty()) return 1;
        auto done = accounts.set_password(name, hash);
        if (!done) return failed(done.error().message);
        if (!*done) return failed(msg("no account {1}", {name}));
        std::cout << msg("password of {1} changed; its sessions are closed\n", {name});
        return 0;
    }
    if (command == "staff-disable" || command == "staff-enable") {
        auto done = accounts.set_disabled(name, command == "staff-disable", now);
        if (!done) return failed(done.error().message);
        if (!*done) return failed(msg("no account {1}", {name}));
        std::cout << msg(command == "staff-disable" ? "account {1} disabled\n" : "account {1} enabled\n", {name});
        return 0;
    }
    return failed(msg("unknown command {1}", {command}));
}

}  // namespace guichet::sync::hub
