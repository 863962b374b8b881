#include "preview.hpp"

#include "common/file.hpp"
#include "content_source.hpp"
#include "crypto/signing/signing.hpp"
#include "messages.hpp"
#include "pack_writer.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>

namespace guichet::packtool {

namespace fs = std::filesystem;

namespace {

// A temporary directory removed with everything in it when the preview ends.
class TempTree {
public:
    static Result<TempTree> create() {
        std::string pattern = (fs::temp_directory_path() / "guichet-preview-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) return fail(std::string("mkdtemp: ") + std::strerror(errno));
        return TempTree(pattern);
    }
    TempTree(TempTree&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;
    TempTree& operator=(TempTree&&) = delete;
    ~TempTree() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }

private:
    explicit TempTree(fs::path p) : path_(std::move(p)) {}
    fs::path path_;
};

// --kiosk, else guichet-kiosk next to this program (a build's bin/), else $PATH.
std::string kiosk_program(const cli::Args& args) {
    if (auto k = args.value("kiosk")) return *k;
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path sibling = self.parent_path() / "guichet-kiosk";
        if (fs::exists(sibling, ec)) return sibling.string();
    }
    return "guichet-kiosk";
}

// Starts PROGRAM; returns its pid, or -1 (said on stderr).
pid_t start_kiosk(const std::string& program, const std::vector<std::string>& argv) {
    std::vector<char*> c_argv;
    for (const std::string& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
    c_argv.push_back(nullptr);
    // Translated before fork: the child only fills it in (no catalogue lock after fork).
    const std::string cannot_run = packsrc::msg("error: {1}\n", {packsrc::msg("cannot run {1}: {2} (use --kiosk PATH)", {program, "%s"})});
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "%s", packsrc::msg("error: {1}\n", {std::string("fork: ") + std::strerror(errno)}).c_str());
        return -1;
    }
    if (pid == 0) {
        execvp(program.c_str(), c_argv.data());
        const std::size_t at = cannot_run.rfind("%s");  // after the program name, which may hold anything
        std::fprintf(stderr, "%.*s%s%s", static_cast<int>(at), cannot_run.c_str(), std::strerror(errno), cannot_run.c_str() + at + 2);
        _exit(127);
    }
    return pid;
}

int exit_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    std::fprintf(stderr, "%s",
                 packsrc::msg("error: {1}\n", {packsrc::msg("the kiosk ended with signal {1}", {std::to_string(WIFSIGNALED(status) ? WTERMSIG(status) : 0)})})
                     .c_str());
    return kExitFailed;
}

// Checks SRC and writes its pack to OUT (replaced atomically), signed with KEY; prints the
// problems. Returns the manifest when it was written.
std::optional<pack::Manifest> build_into(const fs::path& src, const crypto::SecretKey& key, const fs::path& packs) {
    packsrc::Diagnostics diags;
    auto compiled = packsrc::compile_source(src, diags);
    for (const auto& d : diags.all()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    if (!compiled) {
        std::fprintf(stderr, "%s", packsrc::msg("error: {1}\n", {packsrc::msg("the content has errors; nothing to preview")}).c_str());
        return std::nullopt;
    }
    pack::BuildOptions options;
    options.manifest = compiled->manifest;
    options.manifest.created = static_cast<std::int64_t>(std::time(nullptr));
    options.manifest.expires = options.manifest.created + compiled->expires_days * 86400;
    options.key = &key;
    auto stats = pack::write_pack(std::move(compiled->entries), options, packs / (options.manifest.id + ".gpk"));
    if (!stats) {
        std::fprintf(stderr, "%s", packsrc::msg("error: {1}\n", {stats.error().message}).c_str());
        return std::nullopt;
    }
    return options.manifest;
}

int cmd_preview(const cli::Args& args) {
    const fs::path src = args.positional[0];
    auto tmp = TempTree::create();
    if (!tmp) {
        std::fprintf(stderr, "%s", packsrc::msg("error: {1}\n", {tmp.error().message}).c_str());
        return kExitFailed;
    }
    const fs::path packs = tmp->path() / "packs", state = tmp->path() / "state";
    std::error_code ec;
    fs::create_directories(packs, ec);
    fs::create_directories(state, ec);

    // A development key made for this preview only; its secret never touches the disk.
    const crypto::SecretKey key = crypto::SecretKey::generate();
    const std::string pub = key.public_key().to_file_text();
    if (auto r = write_file_atomic(packs / "preview.pub", as_bytes(pub)); !r) {
        std::fprintf(stderr, "%s", packsrc::msg("error: {1}\n", {r.error().message}).c_str());
        return kExitFailed;
    }
    std::string fingerprint = packsrc::source_fingerprint(src);
    auto manifest = build_into(src, key, packs);
    if (!manifest) return kExitFailed;
    std::fprintf(stderr, "%s",
                 packsrc::msg("preview: pack '{1}' version {2} built with a development key in {3}\n",
                              {manifest->id, std::to_string(manifest->version), tmp->path().string()})
                     .c_str());

    const std::string program = kiosk_program(args);
    std::vector<std::string> argv{program, "--packs", packs.string(), "--state", state.string()};
    for (const char* flag : {"headless", "fullscreen", "high-contrast", "low-reach"}) {
        if (args.flags.count(flag)) argv.push_back(std::string("--") + flag);
    }
    for (const char* opt : {"replay", "shots", "size", "date", "text-scale"}) {
        if (auto v = args.value(opt)) {
            argv.push_back(std::string("--") + opt);
            argv.push_back(*v);
        }
    }
    // In a window, the kiosk shows each new build at once; a replay stays deterministic.
    const bool watch = !args.value("replay");
    if (watch) argv.push_back("--watch-packs");
    const pid_t pid = start_kiosk(program, argv);
    if (pid < 0) return kExitFailed;
    int status = 0;
    while (true) {  // until the kiosk closes: look at the source twice a second, rebuild on a change
        const pid_t done = waitpid(pid, &status, watch ? WNOHANG : 0);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) return kExitFailed;
        if (!watch) continue;
        usleep(500 * 1000);
        std::string now = packsrc::source_fingerprint(src);
        if (now == fingerprint) continue;
        fingerprint = std::move(now);
        if (build_into(src, key, packs))
            std::fprintf(stderr, "%s", packsrc::msg("preview: rebuilt after a change; the kiosk shows it from its home screen\n").c_str());
        else
            std::fprintf(stderr, "%s", packsrc::msg("preview: the kiosk keeps showing the last good build\n").c_str());
    }
    return exit_code(status);  // the temporary tree goes when TMP does
}

}  // namespace

const Command& preview_command() {
    static const Command command{
        "preview", "open the kiosk on a pack source (built with a throwaway development key)",
        "Usage: guichet-pack preview SRC [--kiosk PATH] [kiosk options]\n\n"
        "Checks and builds the pack source SRC into a temporary directory, signed with a key\n"
        "made for this preview only, and opens guichet-kiosk on it in a window. While it is\n"
        "open, every change saved in SRC is checked and built again, and the kiosk shows it\n"
        "from its home screen (problems are printed here; the last good build stays shown).\n"
        "The temporary directory is removed when the kiosk closes. Exit status: the kiosk's.\n\n"
        "Options:\n"
        "  --kiosk PATH       the kiosk program (default: guichet-kiosk next to guichet-pack, else $PATH)\n"
        "  --size WxH         window size (default 1080x1920)\n"
        "  --fullscreen       full screen, as on a kiosk\n"
        "  --high-contrast, --low-reach, --text-scale N, --date YYYY-MM-DD\n"
        "                     passed to the kiosk (see guichet-kiosk --help)\n"
        "  --headless --replay SCRIPT --shots DIR\n"
        "                     run a replay script without a display (tests, docs/replay-format.md)\n",
        {{"kiosk", true, 0}, {"size", true, 0}, {"fullscreen", false, 0}, {"high-contrast", false, 0},
         {"low-reach", false, 0}, {"text-scale", true, 0}, {"date", true, 0}, {"headless", false, 0},
         {"replay", true, 0}, {"shots", true, 0}},
        cmd_preview, 1, 1};
    return command;
}

}  // namespace guichet::packtool
