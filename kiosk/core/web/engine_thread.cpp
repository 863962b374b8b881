#include "web/engine_thread.hpp"

#include "web/glib_handles.hpp"

#include <wpe/fdo.h>
#include <wpe/unstable/fdo-shm.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace guichet::web {

struct EngineThread::Impl {
    gh::MainContext context{g_main_context_new()};
    gh::MainLoop loop{g_main_loop_new(context.get(), FALSE)};
    std::thread thread;
    std::string why;  // set when the backend failed to load
};

namespace {

struct Task {
    std::function<void()> fn;
    std::mutex* mutex = nullptr;  // set for run(): the caller waits on DONE
    std::condition_variable* cv = nullptr;
    bool* done = nullptr;
};

gboolean run_task(gpointer data) {
    auto* task = static_cast<Task*>(data);
    task->fn();
    if (task->mutex) {
        std::lock_guard lock(*task->mutex);
        *task->done = true;
        task->cv->notify_all();
    }
    return G_SOURCE_REMOVE;
}

void delete_task(gpointer data) { delete static_cast<Task*>(data); }

}  // namespace

EngineThread* EngineThread::get(std::string& why) {
    static std::unique_ptr<EngineThread> engine = [] {
        std::unique_ptr<EngineThread> e(new EngineThread);
        e->impl_ = new Impl;
        std::mutex m;
        std::condition_variable cv;
        bool ready = false;
        Impl* impl = e->impl_;
        impl->thread = std::thread([impl, &m, &cv, &ready] {
            g_main_context_push_thread_default(impl->context.get());
            // wpebackend-fdo's compositor side attaches to the thread-default
            // context; SHM export: the web process renders with Mesa (llvmpipe
            // here) and hands us wl_shm buffers, no GPU or display needed.
            if (!wpe_loader_init("libWPEBackend-fdo-1.0.so.1"))
                impl->why = "WPE : libWPEBackend-fdo-1.0.so.1 introuvable";
            else if (!wpe_fdo_initialize_shm())
                impl->why = "WPE : wpe_fdo_initialize_shm a échoué";
            {
                std::lock_guard lock(m);
                ready = true;
                cv.notify_all();
            }
            g_main_loop_run(impl->loop.get());
            g_main_context_pop_thread_default(impl->context.get());
        });
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return ready; });
        return e;
    }();
    if (!engine->impl_->why.empty()) {
        why = engine->impl_->why;
        return nullptr;
    }
    return engine.get();
}

EngineThread::~EngineThread() {
    if (!impl_) return;
    post([impl = impl_] { g_main_loop_quit(impl->loop.get()); });
    if (impl_->thread.joinable()) impl_->thread.join();
    delete impl_;
}

namespace {

// Always queued, even from the engine thread itself (no re-entry into a
// signal handler that is still running).
void queue(GMainContext* context, Task* task) {
    GSource* source = g_idle_source_new();
    g_source_set_priority(source, G_PRIORITY_DEFAULT);
    g_source_set_callback(source, run_task, task, delete_task);
    g_source_attach(source, context);
    g_source_unref(source);
}

}  // namespace

void EngineThread::post(std::function<void()> fn) { queue(impl_->context.get(), new Task{std::move(fn)}); }

void EngineThread::run(const std::function<void()>& fn) {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    queue(impl_->context.get(), new Task{fn, &m, &cv, &done});
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return done; });
}

}  // namespace guichet::web
