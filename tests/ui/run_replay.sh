#!/usr/bin/env bash
# Installs the test pack (built once by build_test_pack.sh), runs guichet-kiosk
# headless on a replay script and checks that every screenshot exists with the
# window's size.
# usage: run_replay.sh PACK_DIR KIOSK SCRIPT WIDTH HEIGHT SHOT...
set -euo pipefail
pack_dir=$1 kiosk=$2 script=$3 width=$4 height=$5
shift 5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/packs" "$work/state" "$work/shots"
# A script named no-pack.* runs with no pack installed.
if [[ "$(basename "$script")" != no-pack.* ]]; then
  [ -s "$pack_dir/anor.gpk" ] || { echo "no test pack in $pack_dir (build_test_pack.sh runs first)" >&2; exit 1; }
  cp "$pack_dir/anor.gpk" "$pack_dir/staff.pub" "$work/packs/"
fi
# GUICHET_REPLAY_SECOND_COMMUNE=1: another commune's pack too (same version: Anor's stays shown).
if [ -n "${GUICHET_REPLAY_SECOND_COMMUNE:-}" ]; then
  cp "$pack_dir/second-commune/ma-commune.gpk" "$work/packs/"
fi
# GUICHET_REPLAY_FEEDS=1: the signed feeds build_test_pack.sh made, as the sync agent installs them.
if [ -n "${GUICHET_REPLAY_FEEDS:-}" ]; then
  mkdir -p "$work/state/feeds" && cp "$pack_dir"/feeds/*.gfd "$work/state/feeds/"
fi
# GUICHET_REPLAY_INVOICES=1: the régie's invoices build_test_pack.sh sealed, as the sync agent installs them.
if [ -n "${GUICHET_REPLAY_INVOICES:-}" ]; then
  mkdir -p "$work/state/invoices" && cp "$pack_dir/invoices/regie.gib" "$work/state/invoices/"
  cp "$pack_dir/invoices.json" "$work/state/"
  # GUICHET_REPLAY_INVOICES=corrupt: the bundle damaged on the kiosk's disk (the signature no longer verifies).
  if [ "$GUICHET_REPLAY_INVOICES" = corrupt ]; then
    printf 'X' | dd of="$work/state/invoices/regie.gib" bs=1 seek=300 conv=notrunc status=none
  fi
fi
# GUICHET_REPLAY_PRINTER=1: a private cupsd with a cups-pdf queue (tests/print/cupsd_fixture.sh);
# after the run, the printed PDFs are read back and the spool must be empty (docs/print.md).
printer_args=""
if [ -n "${GUICHET_REPLAY_PRINTER:-}" ]; then
  fixture="$(dirname "$0")/../print/cupsd_fixture.sh"
  queue="guichet-replay-$$"
  chmod 0755 "$work"
  "$fixture" start "$work/cups" "$queue"
  trap '"$fixture" stop "$work/cups" "$queue"; rm -rf "$work"' EXIT
  printer_args="--printer $queue --cups-server $work/cups/cups.sock"
fi
unset DISPLAY WAYLAND_DISPLAY
# LeakSanitizer without TLS scanning, and what that makes it see (lsan-replay.supp explains why).
export LSAN_OPTIONS="${LSAN_OPTIONS:-use_tls=0:print_suppressions=0:suppressions=$(dirname "$0")/lsan-replay.supp}"
# GUICHET_KIOSK_ARGS: extra options for this run (e.g. --high-contrast).
# shellcheck disable=SC2086
"$kiosk" --headless --size "${width}x${height}" --packs "$work/packs" --state "$work/state" \
  --replay "$script" --shots "$work/shots" ${GUICHET_KIOSK_ARGS:-} $printer_args
if [ -n "${GUICHET_REPLAY_PRINTER:-}" ]; then
  # The reset let each sheet finish, then purged it: PDFs out, no job file left, no job listed.
  n=$(find "$work/cups/out" -name '*.pdf' | wc -l)
  [ "$n" -ge "${GUICHET_EXPECT_PRINTED:-1}" ] || { echo "expected ${GUICHET_EXPECT_PRINTED:-1} printed PDFs, got $n" >&2; exit 1; }
  images=0
  for pdf in "$work"/cups/out/*.pdf; do
    pdftotext -enc UTF-8 "$pdf" - | head -3
    images=$((images + $(pdfimages -list "$pdf" | tail -n +3 | wc -l)))
  done
  [ "$images" -ge "${GUICHET_EXPECT_PRINTED_IMAGES:-0}" ] || { echo "expected printed pictures, found $images" >&2; exit 1; }
  if find "$work/cups/spool" -maxdepth 1 -type f -name '[cd]*' | grep -q .; then
    echo "job files left in the CUPS spool:" >&2; ls -la "$work/cups/spool" >&2; exit 1
  fi
  if lpstat -h "$work/cups/cups.sock" -W all -o "$queue" | grep -q .; then echo "jobs still listed" >&2; exit 1; fi
fi
for shot in "$@"; do
  png="$work/shots/$shot.png"
  [ -s "$png" ] || { echo "missing screenshot $png" >&2; exit 1; }
  read -r w h < <(od -An -tu1 -j16 -N8 "$png" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
  if [ "$w" != "$width" ] || [ "$h" != "$height" ]; then
    echo "$png is ${w}x${h}, expected ${width}x${height}" >&2
    exit 1
  fi
done
# GUICHET_EXPECT_QUEUED=N (with GUICHET_QUEUE_TOOL): the store must hold N queued démarches.
if [ -n "${GUICHET_EXPECT_QUEUED:-}" ]; then
  queued=$("$GUICHET_QUEUE_TOOL" --state "$work/state" | awk '$1 == "queued" {print $2}')
  if [ "$queued" != "$GUICHET_EXPECT_QUEUED" ]; then
    echo "the store holds ${queued:-no} queued démarche(s), expected $GUICHET_EXPECT_QUEUED" >&2
    exit 1
  fi
fi
# GUICHET_EXPECT_ATTACHMENTS=N: the outbox must hold N sealed attachments (captured documents, signatures).
if [ -n "${GUICHET_EXPECT_ATTACHMENTS:-}" ]; then
  sql="SELECT count(*) FROM attachment"
  if command -v sqlite3 >/dev/null; then
    attached=$(sqlite3 "$work/state/guichet.db" "$sql")
  elif command -v python3 >/dev/null; then
    attached=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
      "$work/state/guichet.db" "$sql")
  else
    echo "GUICHET_EXPECT_ATTACHMENTS needs sqlite3 or python3 to read the outbox" >&2
    exit 1
  fi
  if [ "$attached" != "$GUICHET_EXPECT_ATTACHMENTS" ]; then
    echo "the outbox holds ${attached:-no} attachment(s), expected $GUICHET_EXPECT_ATTACHMENTS" >&2
    exit 1
  fi
fi
# GUICHET_EXPECT_USAGE=FORM_ID (issue #18, docs/usage-stats.md): the usage counters must count FORM_ID
# finished, and hold none of the texts the script typed (4 characters or more) nor any tracking code.
if [ -n "${GUICHET_EXPECT_USAGE:-}" ]; then
  db="$work/state/guichet.db"
  counters=$(sqlite3 "$db" "SELECT * FROM usage_counter; SELECT * FROM usage_day;")
  grep -q "^[0-9-]*|demarche_finished|$GUICHET_EXPECT_USAGE|0|1$" <<<"$counters" || {
    echo "the usage counters do not count $GUICHET_EXPECT_USAGE finished: $counters" >&2
    exit 1
  }
  while IFS= read -r secret; do
    [ "${#secret}" -ge 4 ] || continue
    if grep -qiF -- "$secret" <<<"$counters"; then
      echo "the usage counters hold « $secret »" >&2
      exit 1
    fi
  done < <(sed -n 's/^keys "\(.*\)"$/\1/p' "$script"; sqlite3 "$db" "SELECT tracking_code FROM demarche")
  echo "usage counters: $(wc -l <<<"$counters") rows, none of the typed texts or tracking codes"
fi
if [ -n "${GUICHET_KEEP_SHOTS:-}" ]; then mkdir -p "$GUICHET_KEEP_SHOTS" && cp "$work"/shots/*.png "$GUICHET_KEEP_SHOTS"/; fi
echo "replay $(basename "$script"): ok, $# screenshot(s) checked"
