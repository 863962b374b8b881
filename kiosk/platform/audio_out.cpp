#include "platform/audio_out.hpp"

#include <SDL.h>

#include <algorithm>
#include <string>

namespace guichet::platform {

Result<std::unique_ptr<AudioOut>> AudioOut::open(int sample_rate, int channels) {
    if (sample_rate <= 0 || channels < 1 || channels > 2) return fail("audio: unsupported format");
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return fail(std::string("audio: SDL audio: ") + SDL_GetError());
    SDL_AudioSpec want{}, have{};
    want.freq = sample_rate;
    want.format = AUDIO_S16SYS;
    want.channels = static_cast<Uint8>(channels);
    want.samples = 1024;  // ~21 ms at 48 kHz: the clock's granularity
    const SDL_AudioDeviceID device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);  // SDL converts
    if (device == 0) {
        std::string why = SDL_GetError();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return fail("audio: no audio device (" + why + ")");
    }
    std::unique_ptr<AudioOut> out(new AudioOut());
    out->device_ = device;
    out->rate_ = sample_rate;
    out->channels_ = channels;
    out->latency_ = static_cast<double>(have.samples) / std::max(1, have.freq);
    return out;
}

void AudioOut::release_thread_state() { SDL_TLSCleanup(); }

AudioOut::~AudioOut() {
    if (device_ == 0) return;
    SDL_CloseAudioDevice(device_);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void AudioOut::queue(const std::int16_t* samples, std::size_t frames) {
    if (frames == 0) return;
    std::lock_guard lock(mu_);
    const auto bytes = static_cast<Uint32>(frames * static_cast<std::size_t>(channels_) * sizeof(std::int16_t));
    if (SDL_QueueAudio(device_, samples, bytes) == 0) queued_frames_ += frames;
}

void AudioOut::clear(double media_seconds) {
    std::lock_guard lock(mu_);
    SDL_ClearQueuedAudio(device_);
    base_ = media_seconds;
    queued_frames_ = 0;
}

void AudioOut::set_paused(bool paused) { SDL_PauseAudioDevice(device_, paused ? 1 : 0); }

double AudioOut::position() const {
    std::lock_guard lock(mu_);
    const double frame_bytes = static_cast<double>(channels_) * sizeof(std::int16_t);
    const double pending = static_cast<double>(SDL_GetQueuedAudioSize(device_)) / frame_bytes;
    const double consumed = static_cast<double>(queued_frames_) - pending;
    // The device's own buffer is still to be heard; never before the start.
    return base_ + std::max(0.0, consumed / rate_ - (consumed > 0 ? latency_ : 0.0));
}

double AudioOut::queued_seconds() const {
    std::lock_guard lock(mu_);
    return static_cast<double>(SDL_GetQueuedAudioSize(device_)) / (static_cast<double>(channels_) * sizeof(std::int16_t)) /
           rate_;
}

}  // namespace guichet::platform
