#include "visio/visio_peer.hpp"

#include "common/percent_encode.hpp"

#define GST_USE_UNSTABLE_API  // webrtc's headers ask for it
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <mutex>

namespace guichet::visio {

namespace {

// RAII for every GStreamer and GLib handle this file holds.
struct ObjectUnref {
    void operator()(void* p) const {
        if (p != nullptr) gst_object_unref(p);
    }
};
using ElementPtr = std::unique_ptr<GstElement, ObjectUnref>;
using BusPtr = std::unique_ptr<GstBus, ObjectUnref>;
struct PromiseUnref {
    void operator()(GstPromise* p) const { gst_promise_unref(p); }
};
using PromisePtr = std::unique_ptr<GstPromise, PromiseUnref>;
struct DescriptionFree {
    void operator()(GstWebRTCSessionDescription* d) const { gst_webrtc_session_description_free(d); }
};
using DescriptionPtr = std::unique_ptr<GstWebRTCSessionDescription, DescriptionFree>;
struct SdpFree {
    void operator()(GstSDPMessage* m) const { gst_sdp_message_free(m); }
};
using SdpPtr = std::unique_ptr<GstSDPMessage, SdpFree>;
struct GFree {
    void operator()(void* p) const { g_free(p); }
};
using GStringPtr = std::unique_ptr<gchar, GFree>;
struct ErrorFree {
    void operator()(GError* e) const { g_error_free(e); }
};
using ErrorPtr = std::unique_ptr<GError, ErrorFree>;
struct CapsUnref {
    void operator()(GstCaps* c) const { gst_caps_unref(c); }
};
using CapsPtr = std::unique_ptr<GstCaps, CapsUnref>;
struct MessageUnref {
    void operator()(GstMessage* m) const { gst_message_unref(m); }
};
using MessagePtr = std::unique_ptr<GstMessage, MessageUnref>;

bool has_element(const char* name) {
    GstElementFactory* f = gst_element_factory_find(name);
    if (f == nullptr) return false;
    gst_object_unref(f);
    return true;
}

bool init_gstreamer(std::string& why) {
    static std::once_flag once;
    static std::string error;
    std::call_once(once, [] {
        GError* raw = nullptr;
        if (!gst_init_check(nullptr, nullptr, &raw)) {
            ErrorPtr e(raw);
            error = std::string("GStreamer: ") + (e ? e->message : "cannot initialise");
        }
    });
    why = error;
    return error.empty();
}

}  // namespace

std::string turn_uri(const std::string& host_port, const std::string& username, const std::string& password) {
    return "turn://" + percent_encode(username) + ":" + percent_encode(password) + "@" + host_port;
}

struct Peer::Impl {
    PeerOptions options;
    PeerCallbacks callbacks;
    ElementPtr pipeline;
    ElementPtr webrtc;  // a ref of the pipeline's webrtcbin
    std::atomic<long> video{0}, audio{0};
    FrameSlot remote, local;
    ElementPtr mic_volume, camera_balance;  // the mute toggles
    std::atomic<bool> mic_on{true}, camera_on{true};
    bool dsp = false;
    mutable std::mutex mutex;  // error_
    std::string error_;

    void fail(const std::string& what) {
        std::lock_guard lock(mutex);
        if (error_.empty()) error_ = what;
    }

    // --- webrtcbin's signals (its threads) ---
    static void on_negotiation_needed(GstElement* /*webrtc*/, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        if (!self->options.offerer) return;
        GstPromise* p = gst_promise_new_with_change_func(on_description_created, self, nullptr);
        g_signal_emit_by_name(self->webrtc.get(), "create-offer", nullptr, p);
    }

    static void on_description_created(GstPromise* raw, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        PromisePtr promise(raw);
        if (gst_promise_wait(raw) != GST_PROMISE_RESULT_REPLIED) return self->fail("webrtcbin: no description");
        const GstStructure* reply = gst_promise_get_reply(raw);
        const char* field = self->options.offerer ? "offer" : "answer";
        GstWebRTCSessionDescription* desc_raw = nullptr;
        if (reply == nullptr ||
            !gst_structure_get(reply, field, GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &desc_raw, nullptr))
            return self->fail(std::string("webrtcbin: no ") + field);
        DescriptionPtr desc(desc_raw);
        g_signal_emit_by_name(self->webrtc.get(), "set-local-description", desc.get(), nullptr);
        GStringPtr text(gst_sdp_message_as_text(desc->sdp));
        if (self->callbacks.on_description) self->callbacks.on_description(field, text.get());
    }

    // webrtcbin's verdict on the other side's description (an SDP it cannot use).
    static void on_remote_set(GstPromise* raw, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        PromisePtr promise(raw);
        const GstStructure* reply = gst_promise_get_reply(raw);
        if (reply == nullptr || !gst_structure_has_field(reply, "error")) return;
        GError* e = nullptr;
        gst_structure_get(reply, "error", G_TYPE_ERROR, &e, nullptr);
        ErrorPtr error(e);
        self->fail(std::string("the other side's description is refused: ") + (error ? error->message : "?"));
    }

    static void on_ice_candidate(GstElement* /*webrtc*/, guint mline, gchar* candidate, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        if (self->callbacks.on_candidate) self->callbacks.on_candidate(static_cast<int>(mline), candidate);
    }

    static GstPadProbeReturn count_buffer(GstPad* /*pad*/, GstPadProbeInfo* /*info*/, gpointer counter) {
        static_cast<std::atomic<long>*>(counter)->fetch_add(1);
        return GST_PAD_PROBE_OK;
    }

    // A picture for the UI (appsink's streaming thread): copied into its slot,
    // the frame loop woken when it had drawn the previous one.
    static GstFlowReturn on_sample(GstAppSink* sink, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        GstSample* sample = gst_app_sink_pull_sample(sink);
        if (sample == nullptr) return GST_FLOW_OK;
        std::unique_ptr<GstSample, void (*)(GstSample*)> hold(sample, [](GstSample* x) { gst_sample_unref(x); });
        GstCaps* caps = gst_sample_get_caps(sample);
        GstBuffer* buffer = gst_sample_get_buffer(sample);
        int w = 0, h = 0;
        if (caps == nullptr || buffer == nullptr) return GST_FLOW_OK;
        const GstStructure* st = gst_caps_get_structure(caps, 0);
        if (!gst_structure_get_int(st, "width", &w) || !gst_structure_get_int(st, "height", &h)) return GST_FLOW_OK;
        GstMapInfo map;
        if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return GST_FLOW_OK;
        // RGBA rows are 4-byte aligned: packed, width × 4 bytes.
        const std::size_t stride = static_cast<std::size_t>(w) * 4;
        bool wake = false;
        FrameSlot& slot = GST_ELEMENT_NAME(GST_ELEMENT(sink))[0] == 'p' ? self->local : self->remote;
        if (map.size >= stride * static_cast<std::size_t>(h)) wake = slot.put(w, h, map.data, stride);
        gst_buffer_unmap(buffer, &map);
        if (wake && self->callbacks.on_frame) self->callbacks.on_frame();
        return GST_FLOW_OK;
    }

    static void watch_appsink(GstElement* sink, Impl* self) {
        GstAppSinkCallbacks cb{};
        cb.new_sample = on_sample;
        gst_app_sink_set_callbacks(GST_APP_SINK(sink), &cb, self, nullptr);
    }

    // Elements made, added to the pipeline, linked in order and started; the first's sink pad returned.
    GstElement* add_chain(std::initializer_list<GstElement*> elements) {
        GstElement* prev = nullptr;
        for (GstElement* e : elements) {
            if (e == nullptr) {
                fail("a GStreamer element is missing");
                return nullptr;
            }
        }
        for (GstElement* e : elements) gst_bin_add(GST_BIN(pipeline.get()), e);  // the bin takes the floating refs
        for (GstElement* e : elements) {
            if (prev != nullptr && !gst_element_link(prev, e)) {
                fail("cannot link a decoded stream");
                return nullptr;
            }
            prev = e;
        }
        for (GstElement* e : elements) gst_element_sync_state_with_parent(e);
        return *elements.begin();
    }

    // A decoded stream: the other side's pictures to an RGBA appsink for the
    // UI (only the newest kept), its sound played or dropped; both counted.
    static void on_decoded_pad(GstElement* /*decodebin*/, GstPad* pad, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        CapsPtr caps(gst_pad_get_current_caps(pad));
        if (!caps) caps.reset(gst_pad_query_caps(pad, nullptr));
        const gchar* name = gst_structure_get_name(gst_caps_get_structure(caps.get(), 0));
        const bool video = g_str_has_prefix(name, "video/");
        GstElement* first = nullptr;
        if (video) {
            GstElement* sink = gst_element_factory_make("appsink", nullptr);
            if (sink != nullptr) {
                CapsPtr rgba(gst_caps_from_string("video/x-raw,format=RGBA"));
                g_object_set(sink, "caps", rgba.get(), "drop", TRUE, "max-buffers", 1u, "sync", FALSE, nullptr);
                watch_appsink(sink, self);
            }
            first = self->add_chain({gst_element_factory_make("videoconvert", nullptr), sink});
        } else if (self->options.play_audio) {
            // Into the playback branch built with the pipeline (its echo probe
            // must exist before webrtcdsp starts).
            GstElement* resample = gst_element_factory_make("audioresample", nullptr);
            first = self->add_chain({gst_element_factory_make("audioconvert", nullptr), resample});
            ElementPtr mixer(gst_bin_get_by_name(GST_BIN(self->pipeline.get()), "play"));
            if (first != nullptr && (!mixer || !gst_element_link(resample, mixer.get())))
                return self->fail("cannot link the other side's sound");
        } else {
            GstElement* sink = gst_element_factory_make("fakesink", nullptr);
            if (sink != nullptr) g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
            first = self->add_chain({sink});
        }
        if (first == nullptr) return;
        std::unique_ptr<GstPad, ObjectUnref> sinkpad(gst_element_get_static_pad(first, "sink"));
        if (gst_pad_link(pad, sinkpad.get()) != GST_PAD_LINK_OK) return self->fail("cannot link a decoded stream");
        gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffer, video ? &self->video : &self->audio, nullptr);
    }

    // A remote stream (RTP, decrypted by webrtcbin): decodebin picks the decoder.
    static void on_incoming_pad(GstElement* /*webrtc*/, GstPad* pad, gpointer data) {
        auto* self = static_cast<Impl*>(data);
        if (GST_PAD_DIRECTION(pad) != GST_PAD_SRC) return;
        GstElement* decode = gst_element_factory_make("decodebin", nullptr);
        if (decode == nullptr) return self->fail("decodebin missing");
        g_signal_connect(decode, "pad-added", G_CALLBACK(on_decoded_pad), self);
        gst_bin_add(GST_BIN(self->pipeline.get()), decode);
        gst_element_sync_state_with_parent(decode);
        std::unique_ptr<GstPad, ObjectUnref> sinkpad(gst_element_get_static_pad(decode, "sink"));
        if (gst_pad_link(pad, sinkpad.get()) != GST_PAD_LINK_OK) self->fail("cannot link a remote stream");
    }

    void check_bus() {
        BusPtr bus(gst_element_get_bus(pipeline.get()));
        while (MessagePtr m{gst_bus_pop_filtered(bus.get(), GST_MESSAGE_ERROR)}) {
            GError* raw = nullptr;
            gst_message_parse_error(m.get(), &raw, nullptr);
            ErrorPtr e(raw);
            fail(std::string("GStreamer: ") + (e ? e->message : "error"));
        }
    }

    ~Impl() {
        if (pipeline) gst_element_set_state(pipeline.get(), GST_STATE_NULL);  // joins the streaming threads
        if (webrtc) g_signal_handlers_disconnect_by_data(webrtc.get(), this);
    }
};

Peer::Peer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Peer::~Peer() = default;

std::unique_ptr<Peer> Peer::create(const PeerOptions& o, PeerCallbacks callbacks, std::string& why) {
    if (!init_gstreamer(why)) return nullptr;
    const std::string size = "width=" + std::to_string(o.width) + ",height=" + std::to_string(o.height) +
                             ",framerate=" + std::to_string(o.fps) + "/1";
    // Test stand-ins for camera and microphone; VP8 and Opus (issue #16).
    // The pattern goes into the launch line: a plain word only.
    const bool plain = !o.test_pattern.empty() && std::all_of(o.test_pattern.begin(), o.test_pattern.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    });
    const std::string video_src = o.test_sources ? "videotestsrc is-live=true pattern=" + (plain ? o.test_pattern : "ball")
                                                 : std::string("autovideosrc");
    const std::string audio_src = o.test_sources ? "audiotestsrc is-live=true wave=sine" : "autoaudiosrc";
    // webrtcdsp (webrtc-audio-processing) when this GStreamer has it; its echo
    // canceller needs the played sound (webrtcechoprobe), so it cancels only
    // when the other side is played; noise suppression and gain control always.
    const bool dsp = o.audio_processing && has_element("webrtcdsp") && has_element("webrtcechoprobe");
    if (o.audio_processing && !dsp)
        std::fprintf(stderr, "visio: webrtcdsp missing (gstreamer1.0-plugins-bad): no echo cancellation\n");
    const std::string dsp_chain =
        dsp ? std::string(" ! audioconvert ! audioresample ! audio/x-raw,rate=48000 ! webrtcdsp echo-cancel=") +
                  (o.play_audio ? "true" : "false") + " ! audioconvert"
            : "";
    const std::string preview = "video/x-raw,format=RGBA,width=" + std::to_string(o.preview_width) +
                                ",height=" + std::to_string(o.preview_height);
    std::string launch = "webrtcbin name=w bundle-policy=max-bundle" +
                         std::string(o.relay_only ? " ice-transport-policy=relay" : "") + " " + video_src +
                         " ! video/x-raw," + size +
                         " ! videoconvert ! videobalance name=camera ! tee name=vt"
                         " ! queue ! vp8enc deadline=1 cpu-used=8 ! rtpvp8pay ! "
                         "application/x-rtp,media=video,encoding-name=VP8,payload=96 ! w. "
                         "vt. ! queue leaky=downstream max-size-buffers=1 ! videoscale ! videoconvert ! " +
                         preview + " ! appsink name=preview drop=true max-buffers=1 sync=false " + audio_src +
                         " ! audioconvert ! audioresample" + dsp_chain +
                         " ! volume name=mic ! queue ! opusenc ! rtpopuspay ! "
                         "application/x-rtp,media=audio,encoding-name=OPUS,payload=97 ! w.";
    if (o.play_audio)  // a silent source keeps the mixer (and the echo probe) running before the call's sound
        launch += std::string(" audiotestsrc is-live=true wave=silence ! audiomixer name=play ! audioconvert ! "
                              "audioresample") +
                  (dsp ? " ! audio/x-raw,rate=48000 ! webrtcechoprobe" : "") + " ! autoaudiosink";
    GError* raw = nullptr;
    ElementPtr pipeline(gst_parse_launch(launch.c_str(), &raw));
    ErrorPtr error(raw);
    if (!pipeline || error) {
        why = std::string("GStreamer pipeline: ") + (error ? error->message : "cannot build");
        return nullptr;
    }
    auto impl = std::make_unique<Impl>();
    impl->options = o;
    impl->callbacks = std::move(callbacks);
    impl->pipeline = std::move(pipeline);
    impl->webrtc.reset(gst_bin_get_by_name(GST_BIN(impl->pipeline.get()), "w"));
    if (!impl->webrtc) {
        why = "webrtcbin missing (gstreamer1.0-plugins-bad)";
        return nullptr;
    }
    impl->dsp = dsp;
    impl->mic_volume.reset(gst_bin_get_by_name(GST_BIN(impl->pipeline.get()), "mic"));
    impl->camera_balance.reset(gst_bin_get_by_name(GST_BIN(impl->pipeline.get()), "camera"));
    if (ElementPtr p{gst_bin_get_by_name(GST_BIN(impl->pipeline.get()), "preview")}) Impl::watch_appsink(p.get(), impl.get());
    for (const auto& uri : o.turn_servers) {
        gboolean added = FALSE;
        g_signal_emit_by_name(impl->webrtc.get(), "add-turn-server", uri.c_str(), &added);
        if (!added) {
            why = "webrtcbin refused a TURN server URI";
            return nullptr;
        }
    }
    Impl* self = impl.get();
    g_signal_connect(self->webrtc.get(), "on-negotiation-needed", G_CALLBACK(Impl::on_negotiation_needed), self);
    g_signal_connect(self->webrtc.get(), "on-ice-candidate", G_CALLBACK(Impl::on_ice_candidate), self);
    g_signal_connect(self->webrtc.get(), "pad-added", G_CALLBACK(Impl::on_incoming_pad), self);
    return std::unique_ptr<Peer>(new Peer(std::move(impl)));
}

bool Peer::start(std::string& why) {
    if (gst_element_set_state(impl_->pipeline.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE) {
        impl_->check_bus();
        why = "the pipeline does not start: " + error();
        return false;
    }
    return true;
}

void Peer::set_remote_description(const std::string& type, const std::string& sdp) {
    GstSDPMessage* raw = nullptr;
    if (gst_sdp_message_new_from_text(sdp.c_str(), &raw) != GST_SDP_OK) {
        if (raw != nullptr) gst_sdp_message_free(raw);
        return impl_->fail("malformed SDP from the other side");
    }
    SdpPtr message(raw);
    // GStreamer's parser is lenient: text without a single m-line parses.
    if (gst_sdp_message_medias_len(message.get()) == 0) return impl_->fail("malformed SDP from the other side");
    const auto kind = type == "offer" ? GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER;
    DescriptionPtr desc(gst_webrtc_session_description_new(kind, message.release()));  // takes the message
    GstPromise* set = gst_promise_new_with_change_func(Impl::on_remote_set, impl_.get(), nullptr);
    g_signal_emit_by_name(impl_->webrtc.get(), "set-remote-description", desc.get(), set);
    if (kind == GST_WEBRTC_SDP_TYPE_OFFER) {
        // webrtcbin runs its operations in order: the answer follows the offer.
        GstPromise* p = gst_promise_new_with_change_func(Impl::on_description_created, impl_.get(), nullptr);
        g_signal_emit_by_name(impl_->webrtc.get(), "create-answer", nullptr, p);
    }
}

void Peer::add_remote_candidate(int mline, const std::string& candidate) {
    g_signal_emit_by_name(impl_->webrtc.get(), "add-ice-candidate", static_cast<guint>(mline), candidate.c_str());
}

long Peer::video_frames() const {
    return impl_->video.load();
}
FrameSlot& Peer::remote_frames() {
    return impl_->remote;
}
FrameSlot& Peer::local_frames() {
    return impl_->local;
}

void Peer::set_microphone(bool on) {
    impl_->mic_on = on;
    if (impl_->mic_volume) g_object_set(impl_->mic_volume.get(), "mute", on ? FALSE : TRUE, nullptr);
}

void Peer::set_camera(bool on) {
    impl_->camera_on = on;
    // Black pictures rather than none: the other side sees that the camera is off, not a frozen face.
    if (impl_->camera_balance)
        g_object_set(impl_->camera_balance.get(), "brightness", on ? 0.0 : -1.0, "contrast", on ? 1.0 : 0.0,
                     "saturation", on ? 1.0 : 0.0, nullptr);
}

bool Peer::microphone_on() const {
    return impl_->mic_on;
}
bool Peer::camera_on() const {
    return impl_->camera_on;
}
bool Peer::audio_processing() const {
    return impl_->dsp;
}

long Peer::audio_buffers() const {
    return impl_->audio.load();
}

std::string Peer::error() const {
    impl_->check_bus();
    std::lock_guard lock(impl_->mutex);
    return impl_->error_;
}

}  // namespace guichet::visio
