#include "code_guard.hpp"

#include "common/file.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace guichet::invoices {

std::int64_t delay_after(int failures) {
    if (failures <= kFreeTries) return 0;
    const int doublings = failures - kFreeTries - 1;
    if (doublings >= 7) return kMaxDelaySeconds;  // 30 × 2^7 > 3600
    return std::min(kMaxDelaySeconds, kFirstDelaySeconds << doublings);
}

CodeGuard CodeGuard::load(const std::filesystem::path& path) {
    CodeGuard g;
    g.path_ = path;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) && !ec) return g;
    auto text = read_text_file(path, 4096);
    nlohmann::json j = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    auto f = j.is_object() ? j.find("failures") : j.end();
    auto at = j.is_object() ? j.find("last_failure") : j.end();
    if (!text || f == j.end() || !f->is_number_integer() || at == j.end() || !at->is_number_integer() ||
        f->get<std::int64_t>() < 0) {
        // A failure "in the future": wait_seconds() owes the full first delay
        // until the next try is recorded.
        g.failures_ = kFreeTries + 1;
        g.last_failure_ = std::numeric_limits<std::int64_t>::max();
        return g;
    }
    g.failures_ = static_cast<int>(std::min<std::int64_t>(f->get<std::int64_t>(), 1'000'000));
    g.last_failure_ = at->get<std::int64_t>();
    return g;
}

std::int64_t CodeGuard::wait_seconds(std::int64_t now) const {
    // A clock set back must not lengthen the wait past the delay itself.
    if (now < last_failure_) return delay_after(failures_);
    const std::int64_t until = last_failure_ + delay_after(failures_);
    return until > now ? until - now : 0;
}

Result<void> CodeGuard::save() const {
    const std::string body = nlohmann::json{{"failures", failures_}, {"last_failure", last_failure_}}.dump() + "\n";
    std::error_code ec;
    std::filesystem::create_directories(path_.parent_path(), ec);
    return write_file_atomic(path_, as_bytes(body), 0600);
}

Result<void> CodeGuard::record_failure(std::int64_t now) {
    ++failures_;
    last_failure_ = now;
    return save();
}

Result<void> CodeGuard::record_success() {
    if (failures_ == 0) return {};
    failures_ = 0;
    last_failure_ = 0;
    return save();
}

}  // namespace guichet::invoices
