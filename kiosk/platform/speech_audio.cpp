#include "platform/speech_audio.hpp"

#include <chrono>

namespace guichet::platform {

SpeechAudio::~SpeechAudio() {
    std::lock_guard lock(mutex_);
    device_.reset();
}

void SpeechAudio::begin(int sample_rate) {
    std::lock_guard lock(mutex_);
    if (device_ && rate_ == sample_rate) return;
    device_.reset();
    auto opened = platform::AudioOut::open(sample_rate, 1);
    if (!opened) {
        problem_ = opened.error().message;
        return;
    }
    device_ = std::move(*opened);
    device_->set_paused(false);
    rate_ = sample_rate;
    problem_.clear();
}

void SpeechAudio::write(std::span<const std::int16_t> samples) {
    std::unique_lock lock(mutex_);
    if (!device_) return;  // no device: the kiosk stays usable, silent (problem() says why)
    const auto cuts = cuts_;
    // Paced by the device: wait while a quarter of a second is queued, or until a cut.
    while (device_->queued_seconds() > kAhead && cuts == cuts_)
        cut_signal_.wait_for(lock, std::chrono::milliseconds(10));
    if (cuts != cuts_) return;  // cut meanwhile: this chunk belongs to the old utterance
    device_->queue(samples.data(), samples.size());
}

void SpeechAudio::cut() {
    {
        std::lock_guard lock(mutex_);
        ++cuts_;
        if (device_) device_->clear(0);
    }
    cut_signal_.notify_all();
}

std::string SpeechAudio::problem() const {
    std::lock_guard lock(mutex_);
    return problem_;
}

double SpeechAudio::queued_seconds() const {
    std::lock_guard lock(mutex_);
    return device_ ? device_->queued_seconds() : 0.0;
}

}  // namespace guichet::platform
