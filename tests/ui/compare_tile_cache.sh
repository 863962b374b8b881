#!/usr/bin/env bash
# The map's vector tile cache must not change the picture (issue #6): runs a
# replay with the cache (as shipped) and with GUICHET_MAP_TILE_CACHE=0 (the
# direct path; the script's `expect "vector tiles` lines dropped), then
# compares each screenshot: at most MAX_SHARE of the pixels may differ by more
# than TOLERANCE (0–255, any channel).
# usage: compare_tile_cache.sh PACK_DIR KIOSK SCRIPT SHOT_DIFF TOLERANCE MAX_SHARE SHOT...
set -euo pipefail
pack_dir=$1 kiosk=$2 script=$3 diff=$4 tolerance=$5 max_share=$6
shift 6
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -v '^expect "vector tiles' "$script" >"$work/direct.replay"
GUICHET_KEEP_SHOTS="$work/cached" bash "$here/run_replay.sh" "$pack_dir" "$kiosk" "$script" 1080 1920 "$@"
GUICHET_MAP_TILE_CACHE=0 GUICHET_KEEP_SHOTS="$work/direct" \
  bash "$here/run_replay.sh" "$pack_dir" "$kiosk" "$work/direct.replay" 1080 1920 "$@"
status=0
for shot in "$@"; do
  "$diff" "$work/cached/$shot.png" "$work/direct/$shot.png" "$tolerance" "$max_share" || status=1
done
if [ -n "${GUICHET_KEEP_SHOTS:-}" ]; then
  mkdir -p "$GUICHET_KEEP_SHOTS"
  for shot in "$@"; do
    cp "$work/cached/$shot.png" "$GUICHET_KEEP_SHOTS/$shot-cached.png"
    cp "$work/direct/$shot.png" "$GUICHET_KEEP_SHOTS/$shot-direct.png"
  done
fi
exit $status
