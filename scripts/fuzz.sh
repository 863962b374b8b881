#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# bounded time, two at a time (one per core): scripts/fuzz.sh [SECONDS]
# (default 60 per target). Exit 1 on any crash, with the target's log tail.
# Each target starts from its committed seeds (tests/fuzz/…) plus the corpus
# it grew in earlier runs of this build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
# name | seed folder (relative to the tree, or "generated") | extra libFuzzer flags
targets=(
  "pack_reader_fuzz|generated|-max_len=65536"
  "expr_fuzz|tests/fuzz/expr_seeds|-max_len=4200 -dict=tests/fuzz/expr.dict"
  "media_decode_fuzz|tests/media/data|-max_len=65536 -rss_limit_mb=2048"
  "agent_answer_fuzz|tests/fuzz/agent_answer_seeds|-max_len=65536"
  "hub_request_fuzz|tests/fuzz/hub_request_seeds|-max_len=65536"
)
names=(make_fuzz_seeds)
for t in "${targets[@]}"; do names+=("${t%%|*}"); done
cmake -S . -B build-fuzz -G Ninja -DGUICHET_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target "${names[@]}"
work="build-fuzz/run"
mkdir -p "$work/generated-seeds"
build-fuzz/bin/make_fuzz_seeds "$work/generated-seeds"

run_target() {  # NAME SEEDS FLAGS: one bounded run; its log in $work/NAME.log
  local name="$1" seeds="$2" flags="$3"
  [ "$seeds" = generated ] && seeds="$work/generated-seeds"
  mkdir -p "$work/$name-corpus"
  # shellcheck disable=SC2086 # FLAGS is a list of flags
  "build-fuzz/bin/$name" "$work/$name-corpus" "$seeds" -max_total_time="$seconds" $flags \
    -artifact_prefix="$work/$name-" -print_final_stats=1 2>"$work/$name.log"
}

failed=0
i=0
while [ "$i" -lt "${#targets[@]}" ]; do
  pids=() batch=()
  for t in "${targets[@]:$i:2}"; do
    IFS='|' read -r name seeds flags <<<"$t"
    echo "fuzz: $name for ${seconds}s"
    run_target "$name" "$seeds" "$flags" &
    pids+=("$!") batch+=("$name")
  done
  for k in "${!pids[@]}"; do
    if ! wait "${pids[$k]}"; then
      tail -50 "$work/${batch[$k]}.log"
      echo "fuzz: ${batch[$k]} FAILED (artifact in $work/)"
      failed=1
    fi
    grep -E "^(Done|stat::number_of_executed_units|stat::new_units_added)" "$work/${batch[$k]}.log" |
      sed "s/^/fuzz: ${batch[$k]}: /" || true
  done
  i=$((i + 2))
done
[ "$failed" -eq 0 ] || exit 1
echo "fuzz: no crash in ${#targets[@]} targets"
