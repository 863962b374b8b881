#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds with ASan + UBSan,
# runs every fuzz target for a bounded time, then runs every CTest test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs="$(nproc)"
# Benchmarks are not run by the tests (scripts/run.sh builds them): left out to save CI time.
cmake -S . -B build-test -G Ninja -DGUICHET_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DGUICHET_BENCH=OFF >/dev/null
cmake --build build-test -j "$jobs"
# Every fuzz target for 60 s, two side by side (scripts/fuzz.sh); GUICHET_FUZZ_SECONDS overrides.
bash scripts/fuzz.sh "${GUICHET_FUZZ_SECONDS:-60}"
ctest --test-dir build-test -j "$jobs" --output-on-failure
# The Debian packages, built in build-pkg (release, benchmarks compiled too), installed, tried
# and purged (docs/install.md); skipped with a message when not root.
bash tests/install/package_test.sh
