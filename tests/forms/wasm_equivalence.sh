#!/bin/sh
# The WebAssembly form engine under Node gives exactly what the native engine
# gives (issue #19, docs/forms-wasm.md): every Anor form with its valid and
# invalid fillings and every expression test, through both, diffed.
#   wasm_equivalence.sh FORMS_CORPUS GUICHET_FORM_CHECK WASM_JS NODE SOURCE_DIR WORK_DIR
# Exit 77 (skipped) only when the WebAssembly engine was not built because
# emscripten is missing.
set -eu
corpus_tool=$1 native=$2 wasm_js=$3 node=$4 src=$5 work=$6

if [ -z "$wasm_js" ]; then
    if command -v emcc >/dev/null 2>&1; then
        echo "emcc is installed but the WebAssembly engine was not configured (GUICHET_WASM=OFF?): failing" >&2
        exit 1
    fi
    echo "SKIPPED: emscripten (emcc) is not installed, so the WebAssembly form engine was not built; apt-get install emscripten" >&2
    exit 77
fi
[ -f "$wasm_js" ] || { echo "the WebAssembly engine $wasm_js is missing: build the guichet_forms_wasm target" >&2; exit 1; }
[ -n "$node" ] || { echo "Node.js (node) is needed to run the WebAssembly engine" >&2; exit 1; }

mkdir -p "$work"
"$corpus_tool" "$src" "$work/corpus.jsonl"
"$native" "$work/corpus.jsonl" >"$work/native.out"
"$node" "$src/tools/forms-wasm/run_corpus.mjs" "$wasm_js" "$work/corpus.jsonl" >"$work/wasm.out"

cases=$(wc -l <"$work/native.out")
[ "$cases" -gt 0 ] || { echo "no case was run" >&2; exit 1; }
if ! cmp -s "$work/native.out" "$work/wasm.out"; then
    echo "the WebAssembly engine differs from the native engine (first differences; files in $work):" >&2
    diff "$work/native.out" "$work/wasm.out" | head -20 >&2
    exit 1
fi
# The corpus must exercise both outcomes, or the comparison proves little.
accepted=$(grep -c '"accepted":true' "$work/native.out" || true)
refused=$(grep -c '"accepted":false' "$work/native.out" || true)
evals=$(grep -c "	eval	" "$work/native.out" || true)
echo "identical: $cases cases ($accepted fillings accepted, $refused refused, $evals expression evaluations)"
[ "$accepted" -gt 0 ] && [ "$refused" -gt 0 ] && [ "$evals" -gt 0 ]
