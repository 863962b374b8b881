// Audio tracks of video guides, decoded and resampled to the one format the
// kiosk's audio output takes (interleaved signed 16-bit at a fixed rate), read
// from a pack entry through a MemoryInput like the video. The player (later:
// SDL audio queue, A/V sync with playback_clock.hpp) pulls chunks on its worker.
//
// Call order: open_memory(), then next_chunk() until end_of_stream, seek()
// at any time. One thread at a time per AudioDecoder.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace guichet::media {

struct AudioFormat {
    int sample_rate = 48000;
    int channels = 2;  // 1 or 2; interleaved
};

struct AudioInfo {
    int source_rate = 0;
    int source_channels = 0;
    double duration_seconds = 0;
    std::string codec;  // "opus", "aac"…
};

struct AudioChunk {
    std::vector<std::int16_t> samples;  // frames × channels, interleaved
    double seconds = 0;                 // presentation time of the first sample
    bool end_of_stream = false;
};

class AudioDecoder {
public:
    // BYTES must outlive the decoder. An entry without an audio track is an error.
    static Result<AudioDecoder> open_memory(ByteView bytes, std::string name, AudioFormat format = {});

    AudioDecoder(AudioDecoder&&) noexcept;
    AudioDecoder& operator=(AudioDecoder&&) noexcept;
    ~AudioDecoder();

    const AudioInfo& info() const;
    Result<AudioChunk> next_chunk();
    // Jumps to SECONDS; the next chunk starts at or just before it.
    Result<void> seek(double seconds);

    struct State;

private:
    explicit AudioDecoder(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace guichet::media
