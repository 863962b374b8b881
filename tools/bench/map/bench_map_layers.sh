#!/usr/bin/env bash
# Map screen frame time by layer shown (issue #6): the pan replay of
# bench_map.sh (20,000 synthetic parcels, ~10 MB of JPEG tiles) run once per
# set of layers — ground only, raster only, parcels + zoning, raster +
# parcels, all three — to see which layer's pixels the frame pays for.
# Prints figures, asserts nothing. Headless (SDL offscreen, Mesa llvmpipe), 1080×1920.
# Usage: tools/bench/map/bench_map_layers.sh [BUILD_DIR]   (Release or RelWithDebInfo)
# Env: DRAGS (default 8, multiple of 4), PERF=1 (perf record each run, then a
#      report by thread and library, needs perf), KEEP=DIR (keep the data and profiles).
set -euo pipefail
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
cd "$(dirname "$0")/../../.."
build=${1:-build}
B=$build/bin
for t in guichet-kiosk guichet-pack; do
  [ -x "$B/$t" ] || { echo "bench_map_layers: $B/$t missing: build it first (cmake --build $build)"; exit 2; }
done
work=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
if [ ! -f "$work/packs/anor.gpk" ]; then
  rm -rf "$work/src"; cp -r content_packs/anor "$work/src"
  python3 tools/bench/map/make_bench_maps.py "$work/src/data/maps/59012-parcelles-synthetiques.geojson" \
    "$work/src/data/maps/bench.mbtiles" --parcels 20000 --size-mb 10
  sed -i 's#source: data/maps/plain_1-world-z0-4.mbtiles#source: data/maps/bench.mbtiles#' "$work/src/pack.yaml"
  $B/guichet-pack keygen -o "$work/staff" >/dev/null
  mkdir -p "$work/packs"
  $B/guichet-pack build "$work/src" --key "$work/staff.key" -o "$work/packs/anor.gpk" >/dev/null
fi
echo "guichet map layers benchmark — $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run() {  # NAME TAPS…: the layer chips tapped before panning
  local name=$1; shift
  rm -rf "$work/state" "$work/shots"; mkdir -p "$work/state" "$work/shots"
  {
    echo 'replay 1'; echo 'tap "Cadastre et urbanisme"'; echo 'tap "Consulter le plan"'
    for t in "$@"; do echo "tap \"$t\""; done
    echo 'tap "+"'; echo 'tap "+"'
    for _ in $(seq 1 $(( ${DRAGS:-8} / 4 ))); do
      echo 'drag 300 1300 800 700'; echo 'wait 800'; echo 'drag 800 700 300 1300'; echo 'wait 800'
      echo 'drag 900 1000 200 1000'; echo 'wait 800'; echo 'drag 200 1000 900 1000'; echo 'wait 800'
    done
    echo 'quit'
  } >"$work/pan.replay"
  local kiosk=($B/guichet-kiosk --headless --packs "$work/packs" --keys "$work" --state "$work/state" --size 1080x1920
               --replay "$work/pan.replay" --shots "$work/shots" --frame-stats "$work/$name.txt")
  if [ -n "${PERF:-}" ]; then
    perf record -q -F 999 -o "$work/$name.perf" -- "${kiosk[@]}" >/dev/null 2>&1
    perf report -i "$work/$name.perf" --sort comm,dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -8 >"$work/$name.profile"
  else
    "${kiosk[@]}" >/dev/null 2>&1
  fi
  echo "$name: $(cat "$work/$name.txt") (load $(cut -d' ' -f1 /proc/loadavg))"
  if [ -n "${PERF:-}" ]; then sed 's/^/    /' "$work/$name.profile"; fi
}
# Shown at first: cadastre and zoning; the raster is off.
run "ground only" "Cadastre" "Zonage (PLU)"
run "raster only" "Fond de carte" "Cadastre" "Zonage (PLU)"
run "parcels + zoning" 
run "raster + parcels" "Fond de carte" "Zonage (PLU)"
run "raster + zoning + parcels" "Fond de carte"
