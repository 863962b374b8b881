// The back office's pain.008 writer (sync/hub/web/js/sepa.js) against the C++
// one (kiosk/core/sepa/pain008.cpp, through guichet-test-pain008): the same
// batches give byte-identical files, in both versions, and both validate with
// xmllint against the ISO 20022 schemas; a batch one refuses, the other
// refuses too. Node.js only (no browser): a second or so.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

import { binDir, repoRoot, tempDir } from "./support.mjs";
import { writePain008, toSepaText, checkIcs, checkRum } from "../../sync/hub/web/js/sepa.js";

const ibanA = "FR76 3000 6000 0112 3456 7890 189";
const ibanA2 = "FR7630006000019876543210076";  // same bank, another account
const ibanB = "FR1420041010050500013M02606";   // another bank

function debit(e2e, cents, rum, signed, name, iban, bic, sequence, remittance, extra = {}) {
  return { end_to_end_id: e2e, amount_cents: cents, rum, signed_on: signed, debtor_name: name, debtor_iban: iban,
           debtor_bic: bic, sequence, remittance, amended: false, original_iban: "", new_debtor_bank: false, ...extra };
}

const batches = {
  "every sequence type": {
    message_id: "REGIE-20261207-224500-ABCD", created_at: "2026-12-07T22:45:00", collection_date: "2026-12-15",
    creditor: { name: "Régie municipale de la Ville d’Anor", ics: "fr46 zzz 005002", iban: "FR7610278060000002011420114", bic: "cmcifr2a" },
    debits: [
      debit("F2026-0001", 4250, "ANR1-7K3Q-1N2P3Q4-ABCDEFGH", "2026-11-02", "Hélène Lefèvre", ibanA, "AGRIFRPPXXX", "FRST", "Cantine novembre 2026"),
      debit("F2026-0002", 1999, "ANR1-7K3Q-1N2P3Q5-ABCDEFGJ", "2026-09-01", "Jean Dupont", ibanB, "PSSTFRPPLIL", "RCUR", "Accueil de loisirs"),
      debit("F2026-0003", 1001, "ANR1-7K3Q-1N2P3Q6-ABCDEFGK", "2026-09-01", "Œdipe Müller", ibanA, "AGRIFRPP", "RCUR", ""),
      debit("F2026-0004", 700, "ANR1-7K3Q-1N2P3Q7-ABCDEFGM", "2026-12-01", "Zoé Martin", ibanB, "PSSTFRPPLIL", "OOFF", "Sortie « zoo » — 7 €"),
      debit("F2026-0005", 123456789, "ANR1-7K3Q-1N2P3Q8-ABCDEFGN", "2025-01-10", "Paul Roy", ibanA, "AGRIFRPP", "FNAL", "Dernière facture"),
    ],
  },
  "amendments, odd text": {
    message_id: "REGIE-20261207-224501-WXYZ", created_at: "2026-12-07T22:45:01", collection_date: "2027-01-05",
    creditor: { name: "Régie & Cie <Anor>", ics: "FR46ABC005002", iban: "FR76 1027 8060 0000 0201 1420 114", bic: "CMCIFR2A" },
    debits: [
      debit("F-1", 1, "ANR1-0000-0000000-00000001", "2026-01-31", "  Ève   d’Orléans-Ñoño\tßæ  ", ibanA2, "AGRIFRPP", "RCUR", "x".repeat(150),
            { amended: true, original_iban: ibanA }),
      debit("F-2", 99, "RUM/SAISIE-1", "2026-02-28", "N".repeat(80), ibanB, "PSSTFRPP", "FRST", "a\nb & c < d > e \"f\" ° 😀",
            { amended: true, new_debtor_bank: true }),
      debit("F-3", 100, "ANR1-0000-0000000-00000003", "2024-02-29", "Mme Lefèvre", ibanA, "agrifrpp", "RCUR", "Cantine"),
    ],
  },
};

function cpp(batch, version) {
  const r = spawnSync(path.join(binDir, "guichet-test-pain008"), [], { input: JSON.stringify({ ...batch, version }), encoding: "utf8" });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

test("pain.008: the JavaScript writer gives the C++ writer's bytes, and xmllint validates them", (t) => {
  const dir = tempDir(t, "guichet-pain008-");
  for (const [name, batch] of Object.entries(batches)) {
    for (const version of ["02", "08"]) {
      const expected = cpp(batch, version);
      assert.equal(expected.status, 0, `${name} ${version}: ${expected.err}`);
      const got = writePain008(batch, version);
      assert.equal(got, expected.out, `${name}, pain.008.001.${version}`);
      const file = path.join(dir, `${name.replace(/\W+/g, "-")}-${version}.xml`);
      writeFileSync(file, got);
      execFileSync("xmllint", ["--noout", "--schema", path.join(repoRoot, `tests/data/iso20022/pain.008.001.${version}.xsd`), file],
                   { stdio: "pipe" });
    }
  }
  // Every sequence type in its own PmtInf, in order.
  const xml = writePain008(batches["every sequence type"], "02");
  assert.deepEqual([...xml.matchAll(/<SeqTp>(\w+)</g)].map((m) => m[1]), ["FRST", "RCUR", "OOFF", "FNAL"]);
  assert.match(xml, /<CtrlSum>1234647.39<\/CtrlSum>/);
});

test("pain.008: what the C++ writer refuses, the JavaScript writer refuses", () => {
  const base = batches["every sequence type"];
  const bad = [
    { ...base, message_id: "" },
    { ...base, collection_date: "2026-13-01" },
    { ...base, collection_date: "2026-02-30" },
    { ...base, debits: [{ ...base.debits[0], signed_on: "2026-04-31" }] },
    { ...base, debits: [] },
    { ...base, creditor: { ...base.creditor, ics: "FR57ZZZ005002" } },
    { ...base, creditor: { ...base.creditor, iban: "FR7610278060000002011420115" } },
    { ...base, debits: [{ ...base.debits[0], amount_cents: 0 }] },
    { ...base, debits: [{ ...base.debits[0], rum: "A B" }] },
    { ...base, debits: [{ ...base.debits[0], end_to_end_id: "F é" }] },
    { ...base, debits: [{ ...base.debits[0], debtor_bic: "AGRI" }] },
    { ...base, debits: [{ ...base.debits[1], amended: true, new_debtor_bank: true }] },  // SMNDA must be FRST
  ];
  for (const [i, batch] of bad.entries()) {
    assert.notEqual(cpp(batch, "02").status, 0, `case ${i}: C++ accepted`);
    assert.throws(() => writePain008(batch, "02"), Error, `case ${i}: JavaScript accepted`);
  }
});

test("SEPA identifiers: known-good and known-bad ICS and RUM", () => {
  assert.equal(checkIcs("fr46 zzz 005002"), "FR46ZZZ005002");
  assert.equal(checkIcs("FR46ABC005002"), "FR46ABC005002");  // the business code is skipped
  assert.equal(checkIcs("FR56ZZZ590120"), "FR56ZZZ590120");
  assert.throws(() => checkIcs("FR57ZZZ590120"), /56/);
  assert.throws(() => checkIcs("FR46ZZZ00500"), /13/);
  assert.equal(checkRum("ANR1-7K3Q-1NM8VF0-Z2Q4K8D1"), "ANR1-7K3Q-1NM8VF0-Z2Q4K8D1");
  for (const bad of ["", "A B", "/A", "A//B", "x".repeat(36), "É"]) assert.throws(() => checkRum(bad));
  assert.equal(toSepaText("  Œuvre  « d’art »  ", 70), "OEuvre d'art");
});
