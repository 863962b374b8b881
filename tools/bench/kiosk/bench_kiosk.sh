#!/usr/bin/env bash
# Kiosk benchmark (issue #4): prints figures, asserts nothing.
#   1. start → pack verified → first interactive frame → exit, N runs
#   2. frame time (median, p95) on the heaviest page while scrolling it by touch
#   3. CPU use over IDLE_SECONDS with no input; the same in non-visual mode,
#      and while the voice speaks
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

. tools/bench/bench_lib.sh
kiosk_run() { "${kiosk[@]}" --replay "$replay" --shots "$work/shots"; }
bench_header kiosk

# 1. Start to the first interactive frame (the script's first command waits for the pack).
printf 'replay 1\nexpect "Démarches"\nquit\n' >"$work/first.replay"
replay=$work/first.replay
echo "start → first frame with the rubriques → exit: $(timed_runs "$runs" kiosk_run)"

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

# 3b. Non-visual mode (docs/speech.md): CPU while the voice says the home screen
# (its first 15 s), then idle with the voice open. Without a sound card, SDL's
# disk driver plays in real time into /dev/null.
SDL_AUDIODRIVER=${SDL_AUDIODRIVER:-disk} SDL_DISKAUDIOFILE=/dev/null "${kiosk[@]}" --non-visual >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 50); do [ -r "/proc/$pid/stat" ] && break; sleep 0.1; done
sleep 3
t_start=$(ticks)
sleep 15
t_speak=$(ticks)
sleep 10  # the announcement (about 20 s of speech) ends
t_idle=$(ticks)
sleep "$idle_seconds"
t_end=$(ticks)
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
awk -v a=$((t_speak - t_start)) -v b=$((t_end - t_idle)) -v hz="$hz" -v s="$idle_seconds" \
  'BEGIN {printf "non-visual mode: speaking %.2f %% of one core over 15 s; idle with the voice open %d ticks in %d s = %.3f %% (goal < 1 %%)\n",
          100 * a / hz / 15, b, s, 100 * b / hz / s}'

# 5. The anchor: Chromium headless, same page, same size, to a screenshot.
[ "$anchor" = 0 ] && exit 0
$B/guichet-page-to-html "$page_source" >"$work/page.html"
chromium_run() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium-$1" --hide-scrollbars \
    --window-size=1080,1920 --screenshot="$work/chromium.png" "file://$work/page.html" 2>&1
}
echo "Chromium $(chromium --version 2>/dev/null | awk '{print $2}') headless, the same page as HTML → screenshot: $(timed_runs "$runs" chromium_run)"
printf 'replay 1\ntap "Démarches"\ntap "%s"\ntap "En savoir plus"\nshot page\nquit\n' "$page_title" >"$work/page.replay"
replay=$work/page.replay
echo "guichet-kiosk, start → the same page → screenshot → exit: $(timed_runs "$runs" kiosk_run)"
