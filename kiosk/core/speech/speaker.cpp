#include "speech/speaker.hpp"

namespace guichet::speech {

Result<std::unique_ptr<Speaker>> Speaker::start(const Voice& voice, AudioOut& out) {
    // The engine is opened here, so that a missing voice is an error now, then moved to the thread.
    auto engine = SpeechEngine::open(voice);
    if (!engine) return engine.error();
    std::unique_ptr<Speaker> speaker(new Speaker(out));
    speaker->thread_ = std::thread([s = speaker.get(), e = std::move(*engine)]() mutable { s->run(std::move(e)); });
    return speaker;
}

Speaker::~Speaker() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
        ++generation_;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Speaker::say(std::string text) {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        pending_since_ = std::chrono::steady_clock::now();
        if (!text.empty()) last_text_ = text;
        pending_ = std::move(text);
    }
    out_.cut();
    changed_.notify_all();
}

void Speaker::repeat() {
    std::string text;
    {
        std::lock_guard lock(mutex_);
        text = last_text_;
    }
    if (!text.empty()) say(std::move(text));
}

void Speaker::set_voice(const Voice& voice) {
    {
        std::lock_guard lock(mutex_);
        pending_voice_ = voice;
    }
    changed_.notify_all();
}

Speaker::Stats Speaker::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

bool Speaker::wait_idle(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return !pending_ && !speaking_; });
}

void Speaker::run(SpeechEngine engine) {
    for (;;) {
        std::string text;
        std::uint64_t generation = 0;
        std::chrono::steady_clock::time_point asked;
        std::optional<Voice> voice;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return quit_ || pending_ || pending_voice_; });
            if (quit_) {
                lock.unlock();
                out_.thread_done();
                return;
            }
            voice = std::exchange(pending_voice_, std::nullopt);
            if (pending_) {
                text = std::move(*pending_);
                pending_.reset();
                generation = generation_;
                asked = pending_since_;
                speaking_ = !text.empty();
            }
        }
        if (voice) {
            if (auto r = engine.set_voice(*voice); !r) {
                std::lock_guard lock(mutex_);
                stats_.last_error = r.error().message;
            }
        }
        if (text.empty()) {
            changed_.notify_all();
            continue;
        }
        out_.begin(engine.sample_rate());
        bool first = true, cut = false;
        auto result = engine.synthesize(text, [&](std::span<const std::int16_t> samples) {
            {
                std::lock_guard lock(mutex_);
                if (generation != generation_) {
                    cut = true;
                    return false;
                }
                if (first) {
                    stats_.last_latency =
                        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - asked);
                    first = false;
                }
            }
            out_.write(samples);
            return true;
        });
        {
            std::lock_guard lock(mutex_);
            if (!result) stats_.last_error = result.error().message;
            ++(cut ? stats_.interrupted : stats_.spoken);
            speaking_ = false;
        }
        changed_.notify_all();
    }
}

}  // namespace guichet::speech
