#include "preview.hpp"

#include "common/file.hpp"
#include "content_source.hpp"
#include "crypto/signing/signing.hpp"
#include "pack_writer.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

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

int run_kiosk(const std::string& program, const std::vector<std::string>& argv) {
    std::vector<char*> c_argv;
    for (const std::string& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
    c_argv.push_back(nullptr);
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "error: fork: %s\n", std::strerror(errno));
        return kExitFailed;
    }
    if (pid == 0) {
        execvp(program.c_str(), c_argv.data());
        std::fprintf(stderr, "error: cannot run %s: %s (use --kiosk PATH)\n", program.c_str(), std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return kExitFailed;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    std::fprintf(stderr, "error: the kiosk ended with signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return kExitFailed;
}

int cmd_preview(const cli::Args& args) {
    const fs::path src = args.positional[0];
    packsrc::Diagnostics diags;
    auto compiled = packsrc::compile_source(src, diags);
    for (const auto& d : diags.all()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    if (!compiled) {
        std::fprintf(stderr, "error: the content has errors; nothing to preview\n");
        return kExitFailed;
    }
    auto tmp = TempTree::create();
    if (!tmp) {
        std::fprintf(stderr, "error: %s\n", tmp.error().message.c_str());
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
        std::fprintf(stderr, "error: %s\n", r.error().message.c_str());
        return kExitFailed;
    }
    pack::BuildOptions options;
    options.manifest = compiled->manifest;
    options.manifest.created = static_cast<std::int64_t>(std::time(nullptr));
    options.manifest.expires = options.manifest.created + compiled->expires_days * 86400;
    options.key = &key;
    const fs::path out = packs / (options.manifest.id + ".gpk");
    auto stats = pack::write_pack(std::move(compiled->entries), options, out);
    if (!stats) {
        std::fprintf(stderr, "error: %s\n", stats.error().message.c_str());
        return kExitFailed;
    }
    std::fprintf(stderr, "preview: pack '%s' version %llu built with a development key in %s\n",
                 options.manifest.id.c_str(), static_cast<unsigned long long>(options.manifest.version),
                 tmp->path().c_str());

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
    return run_kiosk(program, argv);  // the temporary tree goes when TMP does
}

}  // namespace

const Command& preview_command() {
    static const Command command{
        "preview", "open the kiosk on a pack source (built with a throwaway development key)",
        "Usage: guichet-pack preview SRC [--kiosk PATH] [kiosk options]\n\n"
        "Checks and builds the pack source SRC into a temporary directory, signed with a key\n"
        "made for this preview only, and opens guichet-kiosk on it in a window. The\n"
        "temporary directory is removed when the kiosk closes. Exit status: the kiosk's.\n\n"
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
