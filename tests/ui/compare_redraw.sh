#!/usr/bin/env bash
# Partial redraw check: runs guichet-kiosk headless on a replay twice with
# every frame drawn (--frame-stats), once redrawing only the damaged pixels
# (the default) and once everything (GUICHET_PARTIAL_REDRAW=0), and requires
# every screenshot to be identical to the byte, and the first run to have
# redrawn part of the window only in some frames (else it checked nothing).
# GUICHET_REDRAW_WINDOW=1: both runs in a real X11 window on Xvfb (xvfb-run)
# instead of headless, where partial redraw rests on the EGL window surface
# keeping its back buffer (EGL_BUFFER_PRESERVED).
# usage: compare_redraw.sh PACK_DIR KIOSK SCRIPT WIDTH HEIGHT
set -euo pipefail
pack_dir=$1 kiosk=$2 script=$3 width=$4 height=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -s "$pack_dir/anor.gpk" ] || { echo "no test pack in $pack_dir (build_test_pack.sh runs first)" >&2; exit 1; }
unset DISPLAY WAYLAND_DISPLAY
# LeakSanitizer without TLS scanning, as in run_replay.sh (lsan-replay.supp explains why).
export LSAN_OPTIONS="${LSAN_OPTIONS:-use_tls=0:print_suppressions=0:suppressions=$(dirname "$0")/lsan-replay.supp}"
display=(--headless)
if [ -n "${GUICHET_REDRAW_WINDOW:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "xvfb-run missing (Debian packages xvfb and xauth: scripts/setup.sh)" >&2; exit 1; }
  display=()
  kiosk_in_window() { xvfb-run -a -s "-screen 0 ${width}x${height}x24" "$@"; }
else
  kiosk_in_window() { "$@"; }
fi
for mode in partial full; do
  mkdir -p "$work/$mode/packs" "$work/$mode/state" "$work/$mode/shots"
  cp "$pack_dir/anor.gpk" "$pack_dir/staff.pub" "$work/$mode/packs/"
  value=1; [ "$mode" = full ] && value=0
  GUICHET_PARTIAL_REDRAW=$value kiosk_in_window "$kiosk" "${display[@]}" --size "${width}x${height}" --packs "$work/$mode/packs" \
    --state "$work/$mode/state" --replay "$script" --shots "$work/$mode/shots" --frame-stats "$work/$mode/stats.txt" >/dev/null
  echo "$mode: $(cat "$work/$mode/stats.txt")"
done
shots=0
for png in "$work"/full/shots/*.png; do
  name=$(basename "$png")
  cmp -s "$png" "$work/partial/shots/$name" || { echo "$name differs between the partial and the full redraw" >&2; exit 1; }
  shots=$((shots + 1))
done
[ "$shots" -gt 0 ] || { echo "no screenshot to compare" >&2; exit 1; }
partly=$(sed -n 's/.*, \([0-9]*\) partly redrawn.*/\1/p' "$work/partial/stats.txt")
[ "${partly:-0}" -gt 0 ] || { echo "no frame was partly redrawn: the comparison proves nothing" >&2; exit 1; }
[ "$(sed -n 's/.*, \([0-9]*\) partly redrawn.*/\1/p' "$work/full/stats.txt")" = 0 ] ||
  { echo "GUICHET_PARTIAL_REDRAW=0 still redrew part of the window" >&2; exit 1; }
if [ -n "${GUICHET_KEEP_SHOTS:-}" ]; then mkdir -p "$GUICHET_KEEP_SHOTS" && cp "$work"/partial/shots/*.png "$GUICHET_KEEP_SHOTS"/; fi
echo "partial redraw: $shots screenshot(s) identical to a full redraw, $partly frame(s) partly redrawn"
