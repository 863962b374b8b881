#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# bounded time: scripts/fuzz.sh [SECONDS] (default 60). Exit 1 on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
cmake -S . -B build-fuzz -G Ninja -DGUICHET_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target pack_reader_fuzz make_fuzz_seeds
work="build-fuzz/run"
rm -rf "$work" && mkdir -p "$work/corpus" "$work/seeds"
build-fuzz/bin/make_fuzz_seeds "$work/seeds"
echo "fuzz: pack_reader_fuzz for ${seconds}s"
build-fuzz/bin/pack_reader_fuzz "$work/corpus" "$work/seeds" -max_total_time="$seconds" -max_len=65536 \
  -artifact_prefix="$work/" -print_final_stats=1 2>"$work/log" || { tail -50 "$work/log"; echo "fuzz: FAILED"; exit 1; }
grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" "$work/log" || true
echo "fuzz: no crash"
