// Runs a form corpus (tests/forms/forms_corpus.cpp writes one) through the
// WebAssembly form engine under Node, printing one line per case exactly as
// the native `guichet-form-check CORPUS` does, for the equivalence test
// (tests/forms/wasm_equivalence.sh, docs/forms-wasm.md).
//   node run_corpus.mjs build-wasm/guichet-forms.js CORPUS.jsonl > wasm.out
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [modulePath, corpusPath] = process.argv.slice(2);
if (!modulePath || !corpusPath) {
  console.error('usage: node run_corpus.mjs guichet-forms.js CORPUS.jsonl');
  process.exit(2);
}
const factory = createRequire(import.meta.url)(path.resolve(modulePath));
// The bytes handed over: emscripten 3.1.6's loader would fetch() a file path
// when Node has fetch (Node 18 and later), which fails; browsers fetch the URL.
const M = await factory({ wasmBinary: fs.readFileSync(path.resolve(modulePath).replace(/\.js$/, '.wasm')) });

// Strings go through malloc, not ccall's stack copies: the communes list is megabytes.
function withString(text, use) {
  const size = M.lengthBytesUTF8(text) + 1;
  const p = M._malloc(size);
  M.stringToUTF8(text, p, size);
  try {
    return use(p);
  } finally {
    M.HEAPU8.fill(0, p, p + size);  // answers are a resident's: leave no copy behind
    M._free(p);
  }
}
function take(p) {
  const text = M.UTF8ToString(p);
  M._guichet_forms_free(p);
  return text;
}

const started = process.hrtime.bigint();
const out = [];
let form = 0;
let checks = 0;
let checkNs = 0n;
const lines = fs.readFileSync(corpusPath, 'utf8').split('\n');
let index = 0;
for (const line of lines) {
  if (line === '') continue;
  const c = JSON.parse(line);
  let result;
  if (c.op === 'communes') {
    result = withString(c.text, (p) => take(M._guichet_forms_set_communes(p)));
  } else if (c.op === 'load') {
    if (form > 0) M._guichet_forms_unload(form);
    result = withString(c.form, (p) => take(M._guichet_forms_load(p)));
    form = JSON.parse(result).form ?? 0;
  } else if (c.op === 'check') {
    const t0 = process.hrtime.bigint();
    result = withString(c.answers, (a) => withString(c.today, (t) => take(M._guichet_forms_check(form, a, t))));
    checkNs += process.hrtime.bigint() - t0;
    ++checks;
  } else if (c.op === 'eval') {
    result = withString(c.expr, (e) => withString(c.context, (x) => take(M._guichet_forms_eval(e, x))));
  } else {
    console.error(`${corpusPath}:${index + 1}: unknown op ${c.op}`);
    process.exit(2);
  }
  out.push(`${index}\t${c.op}\t${c.name ?? ''}\t${result}\n`);
  ++index;
}
process.stdout.write(out.join(''));
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.error(`wasm: ${index} cases in ${ms.toFixed(0)} ms; ${checks} checks in ${(Number(checkNs) / 1e6).toFixed(0)} ms`);
