#include "ui/player/video_player.hpp"

#include "media/audio_decoder.hpp"
#include "media/video_decoder.hpp"
#include "platform/audio_out.hpp"
#include "ui/pictures.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <utility>

namespace guichet::ui {

namespace {

constexpr int kAudioRate = 48000;
constexpr int kAudioChannels = 2;
constexpr double kAudioAhead = 0.3;  // seconds of sound kept queued in the device

struct Frame {
    media::Image image;
    double seconds = 0;
};

}  // namespace

struct VideoPlayer::Shared {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Frame> frames;     // decoded, waiting, in presentation order
    std::uint64_t epoch = 0;      // bumped by each seek request: older results are discarded
    std::uint64_t applied = 0;    // the epoch whose seek the worker has carried out
    std::optional<double> seek_to;
    bool stop = false;
    bool ready = false;           // decoders open, audio device settled (or refused)
    bool video_eos = false, audio_eos = false;
    std::string error;
    std::unique_ptr<platform::AudioOut> audio;  // set once, before ready
    std::string audio_note;
    double clock = -1;            // the UI's clock at its last update (the worker skips what is already late)
    double last_decoded = -1;     // time of the newest frame the worker decoded
    std::int64_t skipped = 0;     // frames the decoder dropped unconverted (late), not yet counted by the UI
};

namespace {

void run_worker(VideoPlayer::Shared& s, std::shared_ptr<const VideoGuide> g, PlayerOptions o) {
    struct ThreadState {
        bool sdl = false;  // SDL was called on this thread: free what it keeps per thread
        ~ThreadState() {
            if (sdl) platform::AudioOut::release_thread_state();
        }
    } thread_state;
    media::VideoOptions vo;
    vo.box = g->size.width > 0 ? g->size : kPictureBox;
    vo.threads = std::max(1, o.decoder_threads);
    auto video = media::VideoDecoder::open_memory(g->bytes, g->path, vo);
    std::optional<media::AudioDecoder> sound;
    std::unique_ptr<platform::AudioOut> out;
    std::string note;
    if (!g->has_audio) {
        note = "the guide has no sound track";
    } else if (o.deterministic || !o.audio) {
        note = "sound off (replay or option)";
    } else if (video) {
        // Opening a device may take a while (sound server): here, never on the UI thread.
        thread_state.sdl = true;
        auto device = platform::AudioOut::open(kAudioRate, kAudioChannels);
        auto decoder = media::AudioDecoder::open_memory(g->bytes, g->path, {kAudioRate, kAudioChannels});
        if (!device) note = device.error().message;
        else if (!decoder) note = decoder.error().message;
        else {
            out = std::move(*device);
            sound.emplace(std::move(*decoder));
        }
    }
    platform::AudioOut* ao = out.get();
    const double frame_duration = 1.0 / std::max(1.0, g->frame_rate);
    {
        std::lock_guard lock(s.mu);
        if (!video) s.error = video.error().message;
        s.audio = std::move(out);
        s.audio_note = note;
        s.ready = true;
    }
    s.cv.notify_all();
    if (!video) return;

    std::unique_lock lk(s.mu);
    for (;;) {
        auto audio_wants = [&] { return ao != nullptr && !s.audio_eos && ao->queued_seconds() < kAudioAhead; };
        auto video_wants = [&] {
            return !s.video_eos && s.error.empty() && static_cast<int>(s.frames.size()) < std::max(1, o.queue_frames);
        };
        auto has_work = [&] { return s.stop || s.seek_to.has_value() || video_wants() || audio_wants(); };
        // With sound, the device drains the queue on its own: look again every 20 ms.
        if (ao != nullptr) s.cv.wait_for(lk, std::chrono::milliseconds(20), has_work);
        else s.cv.wait(lk, has_work);
        if (s.stop) return;
        if (s.seek_to) {
            const double t = *s.seek_to;
            const std::uint64_t epoch = s.epoch;
            s.seek_to.reset();
            s.frames.clear();
            s.last_decoded = t - frame_duration;
            s.clock = -1;
            s.video_eos = s.audio_eos = false;
            if (ao != nullptr) ao->clear(t);
            lk.unlock();
            auto moved = video->seek(t);
            bool sound_ok = true;
            if (sound) sound_ok = sound->seek(t).ok();
            lk.lock();
            if (!moved) s.error = moved.error().message;
            if (!sound_ok) s.audio_eos = true;
            if (s.epoch == epoch) s.applied = epoch;
            s.cv.notify_all();
            continue;
        }
        const std::uint64_t epoch = s.epoch;
        const bool want_audio = audio_wants(), want_video = video_wants();
        const double clock = s.clock, last_decoded = s.last_decoded;
        lk.unlock();
        if (want_audio) {
            auto chunk = sound->next_chunk();
            lk.lock();
            if (s.epoch == epoch && !s.seek_to) {
                if (!chunk || chunk->end_of_stream) s.audio_eos = true;
                else ao->queue(chunk->samples.data(), chunk->samples.size() / kAudioChannels);
            }
            lk.unlock();
        }
        if (want_video) {
            // Behind the clock by more than two frames (a loaded machine): the
            // frames already late are decoded but not converted (counted as dropped).
            if (!o.deterministic && clock > 0 && last_decoded + 2 * frame_duration < clock) video->skip_until(clock);
            auto frame = video->next_frame();
            const std::int64_t skipped = video->take_skipped();
            lk.lock();
            if (s.epoch == epoch && !s.seek_to) {
                s.skipped += skipped;
                if (!frame) s.error = frame.error().message;
                else if (frame->end_of_stream) s.video_eos = true;
                else {
                    s.last_decoded = frame->seconds;
                    s.frames.push_back({std::move(frame->image), frame->seconds});
                }
            }
            lk.unlock();
            s.cv.notify_all();
        }
        lk.lock();
    }
}

}  // namespace

VideoPlayer::VideoPlayer(std::shared_ptr<const VideoGuide> guide, PlayerOptions options)
    : guide_(std::move(guide)), options_(options), shared_(std::make_shared<Shared>()) {
    worker_ = std::thread(run_worker, std::ref(*shared_), guide_, options_);
}

VideoPlayer::~VideoPlayer() {
    {
        std::lock_guard lock(shared_->mu);
        shared_->stop = true;
    }
    shared_->cv.notify_all();
    if (worker_.joinable()) worker_.join();
    // The decoders went with the worker; the queue, the audio device and the texture go now.
}

void VideoPlayer::set_audio_paused(bool paused) {
    platform::AudioOut* ao = nullptr;
    {
        std::lock_guard lock(shared_->mu);
        ao = shared_->audio.get();
    }
    if (ao == nullptr || audio_running_ == !paused) return;
    ao->set_paused(paused);
    audio_running_ = !paused;
}

void VideoPlayer::play(double host) {
    if (ended_) seek(0, host);
    ended_ = false;
    playing_ = true;
    host_clock_.seek(position_, host);
    host_clock_.play(host);
    set_audio_paused(false);
}

void VideoPlayer::pause(double host) {
    playing_ = false;
    set_audio_paused(true);
    host_clock_.seek(position_, host);
    host_clock_.pause(host);
}

void VideoPlayer::seek(double media_seconds, double host) {
    double t = std::max(0.0, media_seconds);
    if (guide_->duration > 0) t = std::min(t, guide_->duration);
    {
        std::lock_guard lock(shared_->mu);
        shared_->frames.clear();
        shared_->seek_to = t;
        ++shared_->epoch;
    }
    shared_->cv.notify_all();
    host_clock_.seek(t, host);
    position_ = t;
    ended_ = false;
    next_due_ = -1;
    awaiting_frame_ = true;
}

void VideoPlayer::update(double host) {
    Shared& s = *shared_;
    const double frame_duration = 1.0 / std::max(1.0, guide_->frame_rate);
    std::optional<Frame> chosen;
    bool finished = false;
    {
        std::unique_lock lk(s.mu);
        if (options_.deterministic) s.cv.wait(lk, [&] { return s.ready; });
        if (!s.ready) {
            host_clock_.seek(position_, host);  // the clock starts once the decoders are open
            return;
        }
        // Audio is the master once a device plays and the last seek was carried out.
        const bool audio_master = s.audio != nullptr && s.applied == s.epoch && playing_;
        double clock = audio_master ? s.audio->position() : host_clock_.at(host);
        if (audio_master) host_clock_.seek(clock, host);  // continues from there if the sound stops
        if (playing_ && s.applied == s.epoch && !s.seek_to) s.clock = clock;
        else s.clock = -1;
        dropped_ += std::exchange(s.skipped, 0);
        for (;;) {
            std::deque<double> times;
            for (const Frame& f : s.frames) times.push_back(f.seconds);
            const media::FramePick pick = media::pick_frame(times, clock, frame_duration);
            const bool counting = playing_ || !options_.deterministic;
            for (std::size_t i = 0; i < pick.consumed; ++i) {
                if (i + 1 == pick.consumed && pick.show) {
                    if (chosen && counting) ++dropped_;  // a newer frame is due: the one taken before is never shown
                    chosen = std::move(s.frames.front());
                }
                s.frames.pop_front();
            }
            if (counting) dropped_ += static_cast<std::int64_t>(pick.dropped);
            if (pick.consumed > 0) s.cv.notify_all();  // room in the queue: the worker decodes on
            if (!pick.need_more || s.video_eos || !s.error.empty()) break;
            if (!options_.deterministic) break;  // the decoder is behind: show what we have
            // Replays: the frame due at this clock must be known before drawing.
            s.cv.wait(lk, [&] { return !s.frames.empty() || s.video_eos || !s.error.empty(); });
        }
        next_due_ = s.frames.empty() ? -1 : s.frames.front().seconds;
        if (chosen) last_shown_ = chosen->seconds;
        if (s.video_eos && s.frames.empty() && s.applied == s.epoch) awaiting_frame_ = false;  // nothing more to come
        // The end: every frame shown for its duration and every sample heard.
        const bool sound_done = s.audio == nullptr || (s.audio_eos && s.audio->queued_seconds() <= 0);
        finished = s.video_eos && s.frames.empty() && sound_done && s.applied == s.epoch && !s.seek_to &&
                   clock >= last_shown_ + frame_duration;
        position_ = std::max(0.0, clock);
        if (guide_->duration > 0) position_ = std::min(position_, guide_->duration);
    }
    if (chosen || !error().empty()) awaiting_frame_ = false;
    if (chosen) {
        ++shown_;
        shown_any_ = true;
        const media::Image& im = chosen->image;
        if (texture_ && texture_->width() == im.width && texture_->height() == im.height) {
            (void)texture_->update(im.pixels.data());
        } else if (!texture_failed_) {
            texture_.reset();
            auto t = platform::Texture::upload(im.width, im.height, im.pixels.data());
            if (t) texture_.emplace(std::move(*t));
            else texture_failed_ = true;  // no GL context (unit tests): the logic still runs
        }
    }
    if (finished && playing_) {
        pause(host);
        ended_ = true;
        if (guide_->duration > 0) position_ = guide_->duration;
    }
    if (playing_ && !error().empty()) pause(host);  // damaged data: stop at the last good frame, no more redraws
}

double VideoPlayer::wake_in() const {
    const double frame_duration = 1.0 / std::max(1.0, guide_->frame_rate);
    if (!playing_) return awaiting_frame_ ? frame_duration : -1;  // paused: one more frame after a seek
    if (next_due_ < 0) return frame_duration;
    return std::clamp(next_due_ - position_ - frame_duration * 0.4, 0.002, frame_duration);
}

PlayerStats VideoPlayer::stats() const {
    std::lock_guard lock(shared_->mu);
    return {shown_, dropped_, shared_->audio != nullptr, shared_->audio_note};
}

std::string VideoPlayer::error() const {
    std::lock_guard lock(shared_->mu);
    return shared_->error;
}

}  // namespace guichet::ui
