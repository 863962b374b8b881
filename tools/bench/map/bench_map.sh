#!/usr/bin/env bash
# Map screen benchmark (issue #6): prints figures, asserts nothing.
#   Data (made here, never committed): 20,000 synthetic parcels and an MBTiles
#   of about 10 MB of JPEG tiles (make_bench_maps.py), in a copy of the Anor
#   pack in place of its demo parcels and raster.
#   1. start → pack verified and maps opened → home → exit, and start → first
#      map frame → exit (the difference: opening the map screen)
#   2. frame time (median, p95) while panning with the raster shown, 20 drags
#      each followed by its inertia (glFinish per frame)
#   3. tap-to-card: the frames of 10 taps on parcels (the tap is handled and
#      the card drawn in the release frame: its time is the latency)
#   4. peak resident memory during the pan run
# Headless (SDL offscreen, Mesa llvmpipe) at 1080×1920.
# Usage: tools/bench/map/bench_map.sh [BUILD_DIR]  (Release or RelWithDebInfo build, e.g. build-a1-rel)
# Env: RUNS (default 5), PARCELS (default 20000), TILES_MB (default 10).
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
cd "$(dirname "$0")/../../.."
build=${1:-build}
B=$build/bin
runs=${RUNS:-5}
for t in guichet-kiosk guichet-pack; do
  [ -x "$B/$t" ] || { echo "bench_map: $B/$t missing: build it first (cmake --build $build)"; exit 2; }
done
command -v ffmpeg >/dev/null || { echo "bench_map: ffmpeg missing"; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r content_packs/anor "$work/src"
python3 tools/bench/map/make_bench_maps.py "$work/src/data/maps/59012-parcelles-synthetiques.geojson" \
  "$work/src/data/maps/bench.mbtiles" --parcels "${PARCELS:-20000}" --size-mb "${TILES_MB:-10}"
sed -i 's#source: data/maps/plain_1-world-z0-4.mbtiles#source: data/maps/bench.mbtiles#' "$work/src/pack.yaml"
$B/guichet-pack keygen -o "$work/staff" >/dev/null
mkdir -p "$work/packs" "$work/state" "$work/shots"
t0=$(date +%s%N)
$B/guichet-pack build "$work/src" --key "$work/staff.key" -o "$work/packs/anor.gpk" >/dev/null
echo "pack build with the maps: $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(( $(stat -c %s "$work/packs/anor.gpk") / 1024 )) KiB"
kiosk=($B/guichet-kiosk --headless --packs "$work/packs" --keys "$work" --state "$work/state" --size 1080x1920)

. tools/bench/bench_lib.sh
kiosk_run() { "${kiosk[@]}" --replay "$replay" --shots "$work/shots"; }
timed_replay() { replay=$1; timed_runs "$runs" kiosk_run; }
bench_header map

# 1. Start-up, then the first map frame.
printf 'replay 1\nexpect "Cadastre et urbanisme"\nquit\n' >"$work/home.replay"
printf 'replay 1\ntap "Cadastre et urbanisme"\ntap "Consulter le plan"\nexpect "Légende"\nquit\n' >"$work/map.replay"
echo "start → home → exit: $(timed_replay "$work/home.replay")"
echo "start → home → rubrique → first map frame → exit: $(timed_replay "$work/map.replay")"
"${kiosk[@]}" --replay "$work/map.replay" --shots "$work/shots" --frame-stats "$work/open.txt" >/dev/null
echo "frames of that run (the map screen's first frame included): $(cat "$work/open.txt")"

# 2. Panning with the cadastre, the zoning and the raster tiles, zoomed in to the parcels.
{
  echo 'replay 1'
  echo 'tap "Cadastre et urbanisme"'
  echo 'tap "Consulter le plan"'
  echo 'tap "Fond de carte"'
  echo 'tap "+"'
  echo 'tap "+"'
  for _ in $(seq 1 5); do
    echo 'drag 300 1300 800 700'; echo 'wait 800'
    echo 'drag 800 700 300 1300'; echo 'wait 800'
    echo 'drag 900 1000 200 1000'; echo 'wait 800'
    echo 'drag 200 1000 900 1000'; echo 'wait 800'
  done
  echo 'shot panned'
  echo 'quit'
} >"$work/pan.replay"
/usr/bin/time -f "%M" -o "$work/rss" "${kiosk[@]}" --replay "$work/pan.replay" --shots "$work/shots" \
  --frame-stats "$work/pan.txt" >/dev/null
echo "frame time while panning (20 drags, inertia, raster + zoning + parcels, zoom ≈ 16): $(cat "$work/pan.txt")"
echo "peak resident memory during that run: $(( $(cat "$work/rss") / 1024 )) MiB"

# 3. Tap to card: ten taps on parcels at zoom ≈ 18.
{
  echo 'replay 1'
  echo 'tap "Cadastre et urbanisme"'
  echo 'tap "Consulter le plan"'
  echo 'tap "+"'; echo 'tap "+"'; echo 'tap "+"'
  for i in $(seq 1 10); do
    echo "tap $((200 + i * 50)) $((500 + i * 20))"
    echo 'expect "Contenance"'
    echo 'wait 400'
    echo 'tap "Fermer la fiche"'
  done
  echo 'quit'
} >"$work/tap.replay"
"${kiosk[@]}" --replay "$work/tap.replay" --shots "$work/shots" --frame-stats "$work/tap.txt" >/dev/null
echo "frames of 10 taps → card (the card frame is the slowest of each tap): $(cat "$work/tap.txt")"
if [ -n "${KEEP_SHOTS:-}" ]; then mkdir -p "$KEEP_SHOTS" && cp "$work"/shots/*.png "$KEEP_SHOTS"/; fi
