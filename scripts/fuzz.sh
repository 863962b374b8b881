#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# bounded time: scripts/fuzz.sh [SECONDS] (default 60). Exit 1 on any crash.
# MEDIA_FUZZ_SECONDS (default 30) bounds the media target separately: FFmpeg's
# decoders make each run slower, and CI time is tight.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
media_seconds="${MEDIA_FUZZ_SECONDS:-30}"
cmake -S . -B build-fuzz -G Ninja -DGUICHET_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target pack_reader_fuzz make_fuzz_seeds expr_fuzz media_decode_fuzz
work="build-fuzz/run"
rm -rf "$work" && mkdir -p "$work/corpus" "$work/seeds"
build-fuzz/bin/make_fuzz_seeds "$work/seeds"
# The pack reader and the form expression language run side by side (one core
# each): the suite's wall time is what CI budgets.
echo "fuzz: pack_reader_fuzz and expr_fuzz for ${seconds}s, in parallel"
build-fuzz/bin/pack_reader_fuzz "$work/corpus" "$work/seeds" -max_total_time="$seconds" -max_len=65536 \
  -artifact_prefix="$work/" -print_final_stats=1 2>"$work/log" &
pack_pid=$!
# Expression seeds are the Anor forms' expressions (tests/fuzz/expr_seeds/).
mkdir -p "$work/expr-corpus"
build-fuzz/bin/expr_fuzz "$work/expr-corpus" tests/fuzz/expr_seeds -dict=tests/fuzz/expr.dict -max_total_time="$seconds" \
  -max_len=4200 -artifact_prefix="$work/expr-" -print_final_stats=1 2>"$work/expr-log" &
expr_pid=$!
pack_rc=0 expr_rc=0
wait "$pack_pid" || pack_rc=$?
wait "$expr_pid" || expr_rc=$?
if [ "$pack_rc" -ne 0 ]; then tail -50 "$work/log"; echo "fuzz: pack_reader_fuzz FAILED"; exit 1; fi
if [ "$expr_rc" -ne 0 ]; then tail -50 "$work/expr-log"; echo "fuzz: expr_fuzz FAILED"; exit 1; fi
grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" "$work/log" "$work/expr-log" || true
# Pictures, videos and subtitles (kiosk/core/media); seeds are the media tests' inputs.
mkdir -p "$work/media-corpus"
echo "fuzz: media_decode_fuzz for ${media_seconds}s"
build-fuzz/bin/media_decode_fuzz "$work/media-corpus" tests/media/data -max_total_time="$media_seconds" -max_len=65536 \
  -rss_limit_mb=2048 -artifact_prefix="$work/media-" -print_final_stats=1 2>"$work/media-log" ||
  { tail -50 "$work/media-log"; echo "fuzz: media_decode_fuzz FAILED"; exit 1; }
grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" "$work/media-log" || true
echo "fuzz: no crash"
