#include "common/data_dir.hpp"

#include <system_error>

namespace guichet {

std::filesystem::path data_dir(std::string_view relative, std::string_view marker,
                               const std::filesystem::path& source_dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // /proc/self/exe: the program's own file, whatever the working directory or $PATH.
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "guichet" / relative;
        if (fs::is_regular_file(installed / marker, ec)) return installed;
    }
    return source_dir;
}

}  // namespace guichet
