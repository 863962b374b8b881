#pragma once
// Where a program's read-only data is: installed next to it, or in the source tree.
#include <filesystem>
#include <string_view>

namespace guichet {

// An installed program (/usr/bin/P) finds its data under ../share/guichet/RELATIVE
// (/usr/share/guichet/RELATIVE, docs/install.md); a developer's build, which has
// no such folder next to bin/, in SOURCE_DIR (the source tree it was built from).
// The installed folder wins when it holds MARKER, a file every version ships.
std::filesystem::path data_dir(std::string_view relative, std::string_view marker,
                               const std::filesystem::path& source_dir);

}  // namespace guichet
