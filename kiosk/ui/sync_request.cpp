#include "ui/sync_request.hpp"

#include "common/file.hpp"

#include <ctime>

namespace guichet::ui {

SyncRequester::~SyncRequester() {
    if (worker_.joinable()) worker_.join();
}

void SyncRequester::request(const std::filesystem::path& state_dir) {
    if (state_ == State::Running) return;
    if (worker_.joinable()) worker_.join();
    shared_ = std::make_shared<Shared>();
    state_ = State::Running;
    worker_ = std::thread([dir = state_dir, shared = shared_] {
        // The content is informative only: who asked, and when.
        const std::string body = "requested by the kiosk's staff mode at " + std::to_string(std::time(nullptr)) + "\n";
        auto r = write_file_atomic(dir / kSyncRequestFile, as_bytes(body));
        if (!r) shared->error = r.error().message;
        shared->state.store(r ? 1 : 2);
    });
}

void SyncRequester::wait() {
    if (worker_.joinable()) worker_.join();
}

SyncRequester::State SyncRequester::poll() {
    if (state_ != State::Running) return state_;
    const int s = shared_->state.load();
    if (s == 0) return state_;
    if (worker_.joinable()) worker_.join();
    error_ = shared_->error;
    state_ = s == 1 ? State::Done : State::Failed;
    return state_;
}

}  // namespace guichet::ui
