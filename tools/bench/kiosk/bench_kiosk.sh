#!/usr/bin/env bash
# Kiosk benchmark (issue #4): prints figures, asserts nothing.
#   1. start → pack verified → first interactive frame → exit, N runs
#   2. frame time (median, p95) on the heaviest page while scrolling it by touch
#   3. CPU use over IDLE_SECONDS with no input
#   4. resident memory (peak RSS)
#   5. the anchor: the same page exported as HTML, rendered by Debian's
#      Chromium headless to a screenshot, N runs
# Headless (SDL offscreen, Mesa llvmpipe) at 1080×1920.
# Usage: tools/bench/kiosk/bench_kiosk.sh [BUILD_DIR]   (default build, RelWithDebInfo from scripts/run.sh)
# Env: RUNS (default 5), IDLE_SECONDS (default 60), ANCHOR=0 (leave out the Chromium
# anchor, e.g. in a build without the benchmark programs).
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
cd "$(dirname "$0")/../../.."
build=${1:-build}
B=$build/bin
runs=${RUNS:-5}
idle_seconds=${IDLE_SECONDS:-60}
anchor=${ANCHOR:-1}
tools=(guichet-kiosk guichet-pack)
[ "$anchor" = 0 ] || tools+=(guichet-page-to-html)
for t in "${tools[@]}"; do
  [ -x "$B/$t" ] || { echo "bench_kiosk: $B/$t missing: build it first (cmake --build $build)"; exit 2; }
done
[ "$anchor" = 0 ] || command -v chromium >/dev/null || { echo "bench_kiosk: chromium missing: apt-get install chromium"; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$B/guichet-pack keygen -o "$work/staff" >/dev/null
mkdir -p "$work/packs" "$work/state" "$work/shots"
$B/guichet-pack build content_packs/anor --key "$work/staff.key" -o "$work/packs/anor.gpk" >/dev/null
kiosk=($B/guichet-kiosk --headless --packs "$work/packs" --keys "$work" --state "$work/state" --size 1080x1920)
page_title="Demander un acte d’état civil"
page_source=content_packs/anor/pages/demarches/acte-etat-civil.md

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "guichet kiosk benchmark — $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "renderer: Mesa llvmpipe through SDL's offscreen driver, 1080x1920"

# 1. Start to the first interactive frame (the script's first command waits for the pack).
printf 'replay 1\nexpect "Démarches"\nquit\n' >"$work/first.replay"
times=()
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  "${kiosk[@]}" --replay "$work/first.replay" --shots "$work/shots" >/dev/null
  times+=("$(ms_since "$t0")")
done
echo "start → first frame with the rubriques → exit: median $(printf '%s\n' "${times[@]}" | median) ms over $runs runs (${times[*]} ms)"

# 2. Frame time while scrolling the longest page (20 drags, each followed by its inertia).
{
  echo 'replay 1'
  echo 'tap "Démarches"'
  echo "tap \"$page_title\""
  echo 'tap "En savoir plus"'
  echo "expect \"$page_title\""
  for _ in $(seq 1 10); do echo 'drag 540 1500 540 400'; echo 'wait 1500'; done
  for _ in $(seq 1 10); do echo 'drag 540 400 540 1500'; echo 'wait 1500'; done
  echo 'shot scrolled'
  echo 'quit'
} >"$work/scroll.replay"
/usr/bin/time -f "%M" -o "$work/rss" "${kiosk[@]}" --replay "$work/scroll.replay" --shots "$work/shots" \
  --frame-stats "$work/frames.txt" >/dev/null
echo "frame time on « $page_title » while scrolling: $(cat "$work/frames.txt") (GPU work included: glFinish per frame)"
echo "peak resident memory during that run: $(( $(cat "$work/rss") / 1024 )) MiB"

# 3. Idle CPU: the kiosk runs its event loop with no input.
"${kiosk[@]}" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 50); do [ -r "/proc/$pid/stat" ] && break; sleep 0.1; done
sleep 5  # start-up done
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
t_start=$(ticks)
sleep "$idle_seconds"
t_end=$(ticks)
rss_idle=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
hz=$(getconf CLK_TCK)
awk -v t=$((t_end - t_start)) -v hz="$hz" -v s="$idle_seconds" -v r="$rss_idle" \
  'BEGIN {printf "idle: %d CPU ticks in %d s = %.3f %% of one core; RSS %d MiB\n", t, s, 100 * t / hz / s, r}'

# 5. The anchor: Chromium headless, same page, same size, to a screenshot.
[ "$anchor" = 0 ] && exit 0
$B/guichet-page-to-html "$page_source" >"$work/page.html"
times=()
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium-$i" --hide-scrollbars \
    --window-size=1080,1920 --screenshot="$work/chromium.png" "file://$work/page.html" >/dev/null 2>&1
  times+=("$(ms_since "$t0")")
done
echo "Chromium $(chromium --version 2>/dev/null | awk '{print $2}') headless, the same page as HTML → screenshot: median $(printf '%s\n' "${times[@]}" | median) ms over $runs runs (${times[*]} ms)"
printf 'replay 1\ntap "Démarches"\ntap "%s"\ntap "En savoir plus"\nshot page\nquit\n' "$page_title" >"$work/page.replay"
times=()
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  "${kiosk[@]}" --replay "$work/page.replay" --shots "$work/shots" >/dev/null
  times+=("$(ms_since "$t0")")
done
echo "guichet-kiosk, start → the same page → screenshot → exit: median $(printf '%s\n' "${times[@]}" | median) ms over $runs runs (${times[*]} ms)"
