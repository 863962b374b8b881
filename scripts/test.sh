#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds with ASan + UBSan,
# fuzzes the pack reader for a bounded time, then runs every CTest test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs="$(nproc)"
# Benchmarks are not run by the tests (scripts/run.sh builds them): left out to save CI time.
cmake -S . -B build-test -G Ninja -DGUICHET_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DGUICHET_BENCH=OFF >/dev/null
cmake --build build-test -j "$jobs"
# 30 s per target (two side by side, then the media one for 20 s) keeps CI under 20 minutes on 2 cores;
# run scripts/fuzz.sh by hand for longer.
MEDIA_FUZZ_SECONDS="${MEDIA_FUZZ_SECONDS:-20}" bash scripts/fuzz.sh "${GUICHET_FUZZ_SECONDS:-30}"
ctest --test-dir build-test -j "$jobs" --output-on-failure
