// The idle warning's sound: a short two-note chime generated in code (no
// sound file), played through SDL audio. Without an audio device (headless,
// a kiosk with no speaker) it logs once and stays silent; it never fails.
#pragma once

#include <cstdint>
#include <vector>

namespace guichet::platform {

// Signed 16-bit mono samples at RATE Hz: two notes (A5 then E6) with soft
// attack and release so that they do not click.
std::vector<std::int16_t> alert_tone(int rate);

class AlertSound {
public:
    AlertSound() = default;
    ~AlertSound();
    AlertSound(const AlertSound&) = delete;
    AlertSound& operator=(const AlertSound&) = delete;

    // Queues the chime (opens the device on first use). Returns false when no
    // audio device could be opened; the reason is logged only the first time.
    bool play();

private:
    bool open();
    std::uint32_t device_ = 0;  // SDL_AudioDeviceID
    int rate_ = 0;
    bool subsystem_ = false;
    bool failed_ = false;
};

}  // namespace guichet::platform
