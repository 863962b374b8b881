#include "platform/alert_sound.hpp"

#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace guichet::platform {

std::vector<std::int16_t> alert_tone(int rate) {
    struct Note {
        double hz, seconds;
    };
    const Note notes[] = {{880.0, 0.18}, {0.0, 0.06}, {1318.5, 0.26}};  // A5, a short rest, E6
    const double fade = 0.015;                                          // seconds of attack and release
    std::vector<std::int16_t> out;
    for (const Note& n : notes) {
        const int count = static_cast<int>(n.seconds * rate);
        for (int i = 0; i < count; ++i) {
            const double t = static_cast<double>(i) / rate;
            const double envelope = std::min({1.0, t / fade, (n.seconds - t) / fade});
            const double v = n.hz > 0 ? std::sin(2 * std::numbers::pi * n.hz * t) * envelope * 0.35 : 0.0;
            out.push_back(static_cast<std::int16_t>(std::lround(v * 32767)));
        }
    }
    return out;
}

AlertSound::~AlertSound() {
    if (device_ != 0) SDL_CloseAudioDevice(device_);
    if (subsystem_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

bool AlertSound::open() {
    if (device_ != 0) return true;
    if (failed_) return false;
    if (!subsystem_) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
            std::fprintf(stderr, "guichet-kiosk: no sound for the idle warning (SDL audio: %s)\n", SDL_GetError());
            failed_ = true;
            return false;
        }
        subsystem_ = true;
    }
    SDL_AudioSpec want{}, have{};
    want.freq = 44100;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);  // SDL converts to the device's format
    if (device_ == 0) {
        std::fprintf(stderr, "guichet-kiosk: no sound for the idle warning (no audio device: %s)\n", SDL_GetError());
        failed_ = true;
        return false;
    }
    rate_ = want.freq;
    return true;
}

bool AlertSound::play() {
    if (!open()) return false;
    const std::vector<std::int16_t> tone = alert_tone(rate_);
    SDL_ClearQueuedAudio(device_);
    if (SDL_QueueAudio(device_, tone.data(), static_cast<Uint32>(tone.size() * sizeof(std::int16_t))) != 0) {
        if (!failed_) std::fprintf(stderr, "guichet-kiosk: sound: %s\n", SDL_GetError());
        failed_ = true;
        return false;
    }
    SDL_PauseAudioDevice(device_, 0);
    return true;
}

}  // namespace guichet::platform
