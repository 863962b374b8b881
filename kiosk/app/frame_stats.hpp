// Frame timing for the kiosk benchmark (`--frame-stats FILE`): the wall time
// of each frame from input to pixels (glFinish included), summarised at exit.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace guichet {

class FrameStats {
public:
    void begin() { start_ = std::chrono::steady_clock::now(); }
    // REDRAWN: the share of the window drawn again (Platform::last_redraw_share).
    void end(double redrawn) {
        ms_.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count());
        redrawn_sum_ += redrawn;
        if (redrawn < 0.999) ++partial_;
    }

    // One line: "N frames, median X ms, p95 Y ms, max Z ms, P partly redrawn (mean R % of pixels)".
    bool write(const std::filesystem::path& file) const {
        std::FILE* f = std::fopen(file.c_str(), "w");
        if (!f) return false;
        std::vector<double> sorted = ms_;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double q) { return sorted.empty() ? 0.0 : sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))]; };
        std::fprintf(f, "%zu frames, median %.2f ms, p95 %.2f ms, max %.2f ms, %zu partly redrawn (mean %.0f %% of pixels)\n",
                     sorted.size(), at(0.5), at(0.95), sorted.empty() ? 0.0 : sorted.back(), partial_,
                     sorted.empty() ? 0.0 : 100 * redrawn_sum_ / static_cast<double>(sorted.size()));
        if (std::fclose(f) != 0) return false;
        // FILE.frames: every frame's time in order, to find which frames make the tail.
        std::FILE* all = std::fopen((file.string() + ".frames").c_str(), "w");
        if (!all) return false;
        for (double ms : ms_) std::fprintf(all, "%.2f\n", ms);
        return std::fclose(all) == 0;
    }

private:
    std::chrono::steady_clock::time_point start_;
    std::vector<double> ms_;
    double redrawn_sum_ = 0;
    std::size_t partial_ = 0;
};

}  // namespace guichet
