#include "app/kiosk_voice.hpp"

#include <chrono>

namespace guichet::app {

void RecordedAudio::begin(int sample_rate) {
    std::lock_guard lock(mutex_);
    rate_ = sample_rate;
    if (!samples_.empty()) samples_.insert(samples_.end(), static_cast<std::size_t>(sample_rate / 5), 0);  // 0.2 s apart
}

void RecordedAudio::write(std::span<const std::int16_t> samples) {
    std::lock_guard lock(mutex_);
    samples_.insert(samples_.end(), samples.begin(), samples.end());
}

std::vector<std::int16_t> RecordedAudio::samples() const {
    std::lock_guard lock(mutex_);
    return samples_;
}

int RecordedAudio::rate() const {
    std::lock_guard lock(mutex_);
    return rate_;
}

Result<std::unique_ptr<KioskVoice>> KioskVoice::start(bool record) {
    std::unique_ptr<KioskVoice> v(new KioskVoice());
    v->record_ = record;
    auto speaker = speech::Speaker::start(v->voice_, record ? static_cast<speech::AudioOut&>(v->recorded_)
                                                            : static_cast<speech::AudioOut&>(v->device_));
    if (!speaker) return speaker.error();
    v->speaker_ = std::move(*speaker);
    return v;
}

void KioskVoice::say(const std::string& text) {
    speaker_->say(text);
    // Recording: each sentence to its end, so the file is the same on every run.
    if (record_) wait_idle(30000);
}

void KioskVoice::repeat() {
    speaker_->repeat();
    if (record_) wait_idle(30000);
}

void KioskVoice::set_voice(int rate_wpm, int volume) {
    voice_.rate_wpm = rate_wpm;
    voice_.volume = volume;
    speaker_->set_voice(voice_);
}

bool KioskVoice::wait_idle(int timeout_ms) const { return speaker_->wait_idle(std::chrono::milliseconds(timeout_ms)); }

Result<void> KioskVoice::write_wav(const std::string& path) const {
    const auto samples = recorded_.samples();
    return speech::write_wav(path, samples, recorded_.rate());
}

}  // namespace guichet::app
