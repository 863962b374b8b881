#!/usr/bin/env bash
# Builds and signs the Anor pack once for the replay tests (a CTest fixture):
# build_test_pack.sh PACK_TOOL SOURCE OUT_DIR writes OUT_DIR/anor.gpk and the
# test signing key's OUT_DIR/staff.pub (the secret key stays in a temporary folder).
set -euo pipefail
pack_tool=$1 source=$2 out=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$pack_tool" keygen -o "$work/staff" >/dev/null
"$pack_tool" build "$source" --key "$work/staff.key" -o "$work/anor.gpk" >/dev/null
rm -rf "$out" && mkdir -p "$out"
cp "$work/anor.gpk" "$work/staff.pub" "$out/"
echo "built $out/anor.gpk"
