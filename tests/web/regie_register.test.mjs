// The régie's register in the browser (sync/hub/web/js/regie.js, docs/back-office.md §8):
// the EPC sequence types (FRST, RCUR, OOFF, FNAL), amendments (same bank: the
// original IBAN; another bank: SMNDA and FRST again), revocation, an invoice
// never debited twice, the one invoices CSV format, and the sealed document
// (opens only with the service's box key, refuses a swapped version). Node.js only.
import test from "node:test";
import assert from "node:assert/strict";
import path from "node:path";

import { webRoot } from "./support.mjs";

const P = await import(path.join(webRoot, "js/protocol.js"));
const R = await import(path.join(webRoot, "js/regie.js"));
const sodium = await P.ready();

const ics = "FR56ZZZ590120";
const ibanA = "FR7630006000011234567890189", ibanA2 = "FR7630006000019876543210076", ibanB = "FR1420041010050500013M02606";
const now = 1_800_000_000;

function payload(rum, type = "recurrent", signed = "2026-12-01") {
  return {
    format: 2,
    answers: { titulaire: "Hélène Lefèvre", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "agrifrpp", nom_famille: "Lefèvre", reference_famille: "F-102" },
    fields: [{ id: "titulaire", type: "text" }, { id: "iban", type: "iban" }, { id: "bic", type: "bic" }],
    sepa_mandate: { rum, ics, creditor: "Régie municipale", payment_type: type, signed_on: signed },
  };
}

function register() {
  const reg = R.emptyRegister("regie");
  R.setCreditor(reg, { name: "Régie municipale d’Anor", ics: "fr56 zzz 590120", iban: "FR7610278060000002011420114", bic: "CMCIFR2A" });
  for (const [i, type] of [[1, "recurrent"], [2, "ponctuel"], [3, "recurrent"]]) {
    const m = R.mandateFromPayload(payload(`ANR1-0000-0000000-0000000${i}`, type), { uuid: `u${i}`, trackingCode: `ANR-000${i}` });
    assert.equal(m.iban, ibanA);
    assert.equal(m.family, "Lefèvre (F-102)");
    assert.equal(R.addMandate(reg, m, now), true);
  }
  return reg;
}

const inv = (line, rum, cents, reference) => ({ line, rum: `ANR1-0000-0000000-0000000${rum}`, amount_cents: cents, reference, label: "Cantine" });
const seqs = (debits) => debits.map((d) => d.sequence);

test("sequence types: FRST then RCUR, OOFF once, FNAL ends, a revoked mandate refused", () => {
  const reg = register();
  assert.equal(R.addMandate(reg, reg.mandates[0], now), false);  // the same démarche again: nothing
  assert.throws(() => R.addMandate(reg, { ...reg.mandates[0], demarche_uuid: "other" }, now), /déjà au registre/);
  assert.equal(R.mandateFromPayload({ answers: {} }, { uuid: "x" }), null);

  let out = R.collect(reg, [inv(2, 1, 4250, "F1"), inv(3, 2, 700, "F2")], "2027-01-05", "02", now, 1);
  assert.deepEqual(seqs(out.debits), ["FRST", "OOFF"]);
  assert.match(out.messageId, /^REGIE-20270115-\d{6}-0001$/);
  assert.equal(R.mandateStatus(R.findMandate(reg, "ANR1-0000-0000000-00000002")), "Utilisé (terminé)");
  assert.throws(() => R.plan(reg, [inv(2, 2, 100, "F3")], "2027-02-05"), /épuisé/);
  assert.throws(() => R.plan(reg, [inv(2, 1, 100, "F1")], "2027-02-05"), /déjà été prélevée/);
  assert.throws(() => R.plan(reg, [inv(2, 1, 100, "F9"), inv(3, 1, 100, "F9")], "2027-02-05"), /deux fois/);

  // A mandate's FRST is alone in its file; two RCUR of one mandate may share one.
  assert.throws(() => R.plan(reg, [inv(2, 3, 1, "F7"), inv(3, 3, 1, "F8")], "2027-03-05"), /déjà prélevé dans ce fichier \(FRST\)/);
  out = R.collect(reg, [inv(2, 1, 100, "F4"), inv(3, 1, 200, "F5"), inv(4, 3, 300, "F6")], "2027-02-05", "08", now, 2);
  assert.deepEqual(seqs(out.debits), ["RCUR", "RCUR", "FRST"]);

  R.revokeMandate(reg, "ANR1-0000-0000000-00000001", true, "2027-02-10", now);
  assert.deepEqual(seqs(R.collect(reg, [inv(2, 1, 100, "F10")], "2027-03-05", "02", now, 3).debits), ["FNAL"]);
  assert.throws(() => R.plan(reg, [inv(2, 1, 100, "F11")], "2027-04-05"), /épuisé/);

  R.revokeMandate(reg, "ANR1-0000-0000000-00000003", false, "2027-02-10", now);
  assert.throws(() => R.plan(reg, [inv(2, 3, 100, "F12")], "2027-04-05"), /révoqué le 2027-02-10/);
  assert.equal(reg.files.length, 3);
  assert.ok(R.findMandate(reg, "ANR1-0000-0000000-00000003").events.some((e) => e.what === "révoqué"));
});

test("amendments: before any debit the account is replaced, same bank sends the original IBAN, another bank SMNDA and FRST", () => {
  const reg = register();
  const rum = "ANR1-0000-0000000-00000001";
  assert.deepEqual(R.amendMandate(reg, rum, ibanA2, "AGRIFRPP", now), { amended: false, newBank: false });
  R.collect(reg, [inv(2, 1, 100, "F1")], "2027-01-05", "02", now, 1);
  assert.deepEqual(R.amendMandate(reg, rum, ibanA, "AGRIFRPP", now), { amended: true, newBank: false });
  let d = R.plan(reg, [inv(2, 1, 100, "F2")], "2027-02-05")[0];
  assert.equal(d.sequence, "RCUR");
  assert.equal(d.original_iban, ibanA2);
  assert.deepEqual(R.amendMandate(reg, rum, ibanB, "PSSTFRPP", now), { amended: true, newBank: true });
  d = R.plan(reg, [inv(2, 1, 100, "F2")], "2027-02-05")[0];
  assert.equal(d.sequence, "FRST");
  assert.equal(d.new_debtor_bank, true);
  const xml = R.collect(reg, [inv(2, 1, 100, "F2")], "2027-02-05", "02", now, 2).xml;
  assert.match(xml, /<Id>SMNDA<\/Id>/);
  assert.equal(R.findMandate(reg, rum).amended, false);  // cleared once collected
  assert.throws(() => R.amendMandate(reg, rum, "FR7630006000011234567890188", "AGRIFRPP", now), /IBAN/);
});

test("the invoices CSV: the short form, and the publish-invoices file with a rum column (lines summed, paid and unmandated left out)", () => {
  const short = R.readInvoicesCsv("\uFEFFfacture;montant;rum;libelle\nF1;42,50;ANR1-0000-0000000-00000001;Cantine\n", "a.csv");
  assert.deepEqual(short, [{ line: 2, rum: "ANR1-0000-0000000-00000001", amount_cents: 4250, reference: "F1", label: "Cantine" }]);
  const unified = R.readInvoicesCsv(
    "famille;code;nom;email;facture;periode;libelle;montant;echeance;payee;rum\n" +
    "F001;K7Q2-M9XA;Famille Martin;m@example.org;FAC1;Janvier 2027;Repas;38,40;2027-01-15;non;ANR1-0000-0000000-00000001\n" +
    "F001;K7Q2-M9XA;Famille Martin;m@example.org;FAC1;Janvier 2027;Soirs;4,10;2027-01-15;non;ANR1-0000-0000000-00000001\n" +
    "F002;AAAA-BBBB;Famille Roy;r@example.org;FAC2;Janvier 2027;Repas;10,00;2027-01-15;oui;ANR1-0000-0000000-00000002\n" +
    "F003;CCCC-DDDD;Famille Sy;s@example.org;FAC3;Janvier 2027;Repas;10,00;2027-01-15;non;\n", "b.csv");
  assert.deepEqual(unified, [{ line: 2, rum: "ANR1-0000-0000000-00000001", amount_cents: 4250, reference: "FAC1", label: "Janvier 2027" }]);
  assert.throws(() => R.readInvoicesCsv("facture;montant\nF1;1\n", "c.csv"), /c\.csv, ligne 1 : il manque la colonne « rum »/);
  assert.throws(() => R.readInvoicesCsv("rum;montant;facture\nANR1-0000-0000000-00000001;4,555;F1\n", "d.csv"), /ligne 2 : le montant « 4,555 »/);
  assert.throws(() => R.readInvoicesCsv("rum;montant;facture\nA B;4;F1\n", "e.csv"), /ligne 2 : .*espace/);
});

test("the sealed register: opens with the service's box key only, refuses another service's and a version swapped by the hub", async () => {
  const reg = register();
  reg.revision = 7;
  const box = sodium.crypto_box_keypair().privateKey;
  const sealed = await R.sealRegister(sodium, reg, box);
  assert.ok(!Buffer.from(sealed).includes(Buffer.from("Lefèvre")) && !Buffer.from(sealed).includes(Buffer.from(ibanA)));
  assert.deepEqual(await R.openRegister(sodium, sealed, box, "regie", 7), reg);
  await assert.rejects(() => R.openRegister(sodium, sealed, sodium.crypto_box_keypair().privateKey, "regie", 7), /ne s’ouvre pas/);
  await assert.rejects(() => R.openRegister(sodium, sealed, box, "regie", 6), /version 6 du registre/);
  await assert.rejects(() => R.openRegister(sodium, sealed, box, "enfance", 7), /service « regie »/);
  const altered = sealed.slice();
  altered[40] ^= 1;
  await assert.rejects(() => R.openRegister(sodium, altered, box, "regie", 7), /altéré/);
});
