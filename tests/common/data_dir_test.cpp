// common/data_dir.hpp: an installed program finds its data in
// ../share/guichet/ next to it; a build without that folder uses the source tree.
#include "common/data_dir.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;

TEST_CASE("data_dir prefers ../share/guichet next to the program, when it holds the marker file") {
    // This test program is BUILD/bin/test_data_dir: its "installed" folder is BUILD/share/guichet/NAME.
    const fs::path exe = fs::read_symlink("/proc/self/exe");
    const std::string name = "data-dir-test-" + std::to_string(::getpid());
    const fs::path installed = exe.parent_path().parent_path() / "share" / "guichet" / name;
    struct Cleanup {
        fs::path dir;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{installed};

    CHECK(guichet::data_dir(name, "index.html", "/source/tree/web") == fs::path("/source/tree/web"));
    fs::create_directories(installed);
    CHECK(guichet::data_dir(name, "index.html", "/source/tree/web") == fs::path("/source/tree/web"));  // no marker yet
    std::ofstream(installed / "index.html") << "<!doctype html>";
    CHECK(guichet::data_dir(name, "index.html", "/source/tree/web") == installed);
}
