// The back office's régie register (docs/back-office.md §8.4): 12 monthly pain.008 files of 5,000
// debits planned, written and recorded in JavaScript, and the register sealed after each (gzip +
// secretbox). Run: node tools/bench/web/regie_register_bench.mjs (needs sync/hub/web/node_modules).
import path from "node:path";
import { fileURLToPath } from "node:url";
const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../sync/hub/web");
const P = await import(path.join(web, "js/protocol.js"));
const R = await import(path.join(web, "js/regie.js"));
const sodium = await P.ready();
const reg = R.emptyRegister("regie");
R.setCreditor(reg, { name: "Régie municipale d’Anor", ics: "FR56ZZZ590120", iban: "FR7610278060000002011420114", bic: "CMCIFR2A" });
const N = 5000;
for (let i = 0; i < N; i++) {
  const rum = `ANR1-0000-0000000-${String(i).padStart(8, "0")}`;
  R.addMandate(reg, { rum, ics: "FR56ZZZ590120", creditor: "Régie", payment_type: "recurrent", signed_on: "2026-12-01",
    debtor_name: "Hélène Lefèvre", iban: "FR7630006000011234567890189", bic: "AGRIFRPP", family: "Lefèvre (F-102)", tracking_code: "ANR-7K3Q-9P", demarche_uuid: `u${i}` }, 1800000000);
}
const box = sodium.crypto_box_keypair().privateKey;
for (let month = 1; month <= 12; month++) {
  const invoices = [];
  for (let i = 0; i < N; i++) invoices.push({ line: i + 2, rum: `ANR1-0000-0000000-${String(i).padStart(8, "0")}`, amount_cents: 4250, reference: `F${month}-${i}`, label: "Cantine" });
  const t0 = performance.now();
  const out = R.collect(reg, invoices, `2027-${String(month).padStart(2, "0")}-05`, "02", 1800000000, 1);
  const t1 = performance.now();
  const sealed = await R.sealRegister(sodium, reg, box);
  const t2 = performance.now();
  if (month === 1 || month === 12) console.log(`month ${month}: plan+write+record ${N} debits ${(t1 - t0).toFixed(0)} ms (xml ${(out.xml.length / 1e6).toFixed(1)} MB), seal ${(t2 - t1).toFixed(0)} ms, sealed register ${(sealed.length / 1e6).toFixed(1)} MB`);
}
