#!/usr/bin/env bash
# A replay with speech (issue #18): runs it through run_replay.sh with
# --speech-wav, then checks the sound the kiosk made: not silent, long enough
# for every sentence the replay logged, and French — its first sentence
# byte for byte what the `espeak-ng` program says with the same voice, rate,
# volume and pitch (docs/speech.md).
# usage: check_speech_wav.sh RUN_REPLAY PACK_DIR KIOSK SCRIPT WIDTH HEIGHT SHOT...
set -euo pipefail
run_replay=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wav="$work/speech.wav"
GUICHET_KIOSK_ARGS="${GUICHET_KIOSK_ARGS:-} --speech-wav $wav" bash "$run_replay" "$@" | tee "$work/log"
grep -q "^replay: speech written to $wav" "$work/log" || { echo "no speech written" >&2; exit 1; }
sentences=$(grep -c "^replay: said « " "$work/log")
[ "$sentences" -ge 20 ] || { echo "only $sentences sentences said" >&2; exit 1; }
# Loudness over the whole file (16-bit mono after a 44-byte header).
read -r samples rms < <(od -An -v -td2 -w2 -j44 "$wav" | awk '{s += $1 * $1; n++} END {printf "%d %.0f\n", n, sqrt(s / n)}')
echo "speech: $sentences sentences, $samples samples ($((samples / 22050)) s), RMS $rms"
[ "$rms" -gt 500 ] || { echo "the speech is nearly silent (RMS $rms)" >&2; exit 1; }
# At least 30 ms of sound per sentence said (a key's letter is the shortest).
[ "$samples" -gt $((sentences * 660)) ] || { echo "too little sound for $sentences sentences" >&2; exit 1; }
# The reference: espeak-ng itself, French voice, 160 words/min, volume 100, pitch 50.
first=$(grep -m1 "^replay: said « " "$work/log" | sed 's/^replay: said « //; s/ »$//')
espeak-ng -v fr -s 160 -a 100 -p 50 -w "$work/ref.wav" "$first"
n=$(($(stat -c %s "$work/ref.wav") - 44))
if ! cmp -n "$n" <(tail -c +45 "$work/ref.wav") <(tail -c +45 "$wav"); then
  echo "the first sentence differs from espeak-ng's own French (« $first »)" >&2
  exit 1
fi
echo "speech: the first sentence ($n bytes) is identical to espeak-ng's"
