// The régie's page of the back office (#/regie, docs/back-office.md §8) in
// Chromium against a real hub: mandates sealed by a kiosk for the régie are
// added to the register, shown with the IBAN masked, the creditor's account
// saved, a pain.008 file made from the invoices CSV and downloaded (valid per
// xmllint, FRST then RCUR), a second agent's save caught (412) without losing
// anything, and the hub holding only bytes it cannot read. axe-core on the page.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";

import { P, call, hubWithService, now, sodium } from "./kiosk_double.mjs";
import { axeViolations, launchBrowser } from "./browser.mjs";
import { repoRoot, tempDir, webRoot } from "./support.mjs";

const R = await import(path.join(webRoot, "js/regie.js"));
const shots = process.env.GUICHET_WEB_SHOTS;
const passphrase = "correct cheval batterie agrafe";
const ics = "FR56ZZZ590120";

// A « mandat-sepa » démarche as the kiosk seals it for the régie (payload format 2, docs/sepa.md §2).
function mandate(kiosk, boxPublicKey, { code, rum, holder, iban, bic, type }) {
  const box = (bytes) => sodium.crypto_box_seal(bytes, boxPublicKey);
  const payload = {
    format: 2,
    form: { id: "mandat-sepa", version: 1, title: "Mandat de prélèvement SEPA" },
    submitted_at: now(),
    answers: { titulaire: holder, nom_famille: holder.split(" ").pop(), reference_famille: "F-0012", iban, bic },
    fields: [{ id: "titulaire", type: "text" }, { id: "iban", type: "iban" }, { id: "bic", type: "bic" }],
    sepa_mandate: { rum, ics, creditor: "Régie municipale de la Ville d’Anor", payment_type: type, signed_on: "2026-12-01" },
    attachments: [],
  };
  const upload = {
    uuid: randomUUID(), tracking_code: code, form_id: "mandat-sepa", form_version: 1, recipient_id: "regie",
    created_at: now(), sealed_payload: P.base64Encode(box(P.toBytes(JSON.stringify(payload)))), attachments: [], kiosk_id: kiosk.id,
  };
  upload.envelope_signature = P.base64Encode(sodium.crypto_sign_detached(P.toBytes(P.canonicalEnvelope(upload)), kiosk.key.secret));
  return upload;
}

test("the régie's page: mandates into the sealed register, IBAN masked, a pain.008 file, two agents", async (t) => {
  const dir = tempDir(t, "guichet-web-regie-");
  const { hub, hubDir, kiosk, signKeyFile, boxKeyFile, boxText } = await hubWithService(t, dir, "regie");
  const box = P.parseBoxKey(boxText);
  const sign = P.parseSigningKey(readFileSync(signKeyFile, "utf8"));
  const mandates = [
    { code: "ANR-9S2P-7M", rum: "ANR1-7K3Q-1NM8VF0-Z2Q4K8D1", holder: "Julie Martin", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "AGRIFRPPXXX", type: "recurrent" },
    { code: "ANR-4H7T-2C", rum: "ANR1-7K3Q-1NM8VF3-Z2Q4K8D2", holder: "Hélène Lefèvre", iban: "FR1420041010050500013M02606", bic: "PSSTFRPPLIL", type: "ponctuel" },
  ];
  for (const m of mandates) {
    const body = mandate(kiosk, box.publicKey, m);
    const put = await call(hub, "PUT", `/v1/demarches/${body.uuid}`, {
      key: kiosk.key, clientId: kiosk.id, body: JSON.stringify(body),
      headers: { "Idempotency-Key": body.uuid, "Content-Type": "application/json" },
    });
    assert.equal(put.status, 200, put.text());
  }

  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("dialog", (d) => d.accept());
  if (shots) mkdirSync(shots, { recursive: true });
  // page.waitForFunction, saying what the page shows when it times out.
  const waitFor = async (fn, ...args) => {
    try {
      await page.waitForFunction(fn, { timeout: 20000 }, ...args);
    } catch (e) {
      throw new Error(`${e.message}; the page shows: ${await page.$eval("main", (m) => m.textContent)}; errors: ${problems.join(" | ")}`);
    }
  };

  // Sign in with the régie's keys, then its page from the navigation.
  await page.goto(`${hub}/bureau/`);
  await page.waitForSelector("#cle-signature");
  await (await page.$("#cle-signature")).uploadFile(signKeyFile);
  await (await page.$("#cle-ouverture")).uploadFile(boxKeyFile);
  await page.$eval("#service-id", (e) => (e.value = ""));
  await page.type("#service-id", "regie");
  await page.type("#phrase", passphrase);
  await page.type("#phrase-bis", passphrase);
  await page.click("button[type=submit]");
  await waitFor(() => document.querySelector("h1")?.textContent === "Boîte de réception");
  await page.$eval("#lien-regie", (a) => a.click());
  await waitFor(() => document.querySelector("h1")?.textContent === "Mandats et prélèvements SEPA" && document.querySelector("#cr-nom"));
  assert.match(await page.$eval("main", (m) => m.textContent), /Aucun registre n’est encore conservé au hub/);

  // The creditor's account: a wrong ICS refused in French, then the right one.
  const typeInto = async (id, text) => {
    await page.$eval(id, (e) => (e.value = ""));
    await page.type(id, text);
  };
  await typeInto("#cr-nom", "Régie municipale de la Ville d’Anor");
  await typeInto("#cr-ics", "FR57ZZZ590120");
  await typeInto("#cr-iban", "FR76 1027 8060 0000 0201 1420 114");
  await typeInto("#cr-bic", "CMCIFR2A");
  await page.$eval("#titre-creancier + form button[type=submit]", (b) => b.click());
  await waitFor(() => document.querySelector("#titre-creancier + form .erreur"));
  assert.match(await page.$eval("#titre-creancier + form .erreur", (e) => e.textContent), /mauvais chiffres de contrôle \(57 au lieu de 56\)/);
  await typeInto("#cr-ics", ics);
  await page.$eval("#titre-creancier + form button[type=submit]", (b) => b.click());
  await waitFor(() => document.querySelector(".succes")?.textContent === "Compte de la régie enregistré.");
  // The register as the hub stores it (hub schema 7: a row of hub.db), read and written with sqlite3.
  const hubSql = (q) => execFileSync("sqlite3", [path.join(hubDir, "hub.db"), q], { encoding: "utf8" }).trim();
  const storedRegister = () => {
    const [version, hex] = hubSql("SELECT version || ' ' || hex(sealed) FROM sealed_register WHERE partner_id = 'regie'").split(" ");
    return { version: Number(version), sealed: Buffer.from(hex, "hex") };
  };
  const version1 = storedRegister();

  // Mandates received: both added, the IBAN masked until asked.
  await page.$$eval("button", (bs) => bs.find((b) => b.textContent === "Ajouter les mandats reçus").click());
  await waitFor(() => document.querySelectorAll("table.mandats tbody tr").length === 2);
  const rows = await page.$$eval("table.mandats tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.firstChild.textContent)));
  assert.deepEqual(rows.map((r) => r[0]), mandates.map((m) => m.rum));
  assert.equal(rows[0][2], "FR76 •••• •••• •••• •••• •••• 189");
  assert.equal(rows[0][4], "1er décembre 2026");
  assert.deepEqual(rows.map((r) => r[5]), ["Récurrent", "Ponctuel"]);
  assert.deepEqual(rows.map((r) => r[6]), ["Premier prélèvement à venir", "Premier prélèvement à venir"]);
  await page.$eval("table.mandats tbody tr button", (b) => b.click());
  assert.equal(await page.$eval("table.mandats tbody tr .iban", (e) => e.textContent), "FR76 3000 6000 0112 3456 7890 189");
  assert.equal(await page.$eval("table.mandats tbody tr button", (e) => e.getAttribute("aria-pressed")), "true");
  assert.deepEqual(await axeViolations(page), []);
  if (shots) await page.screenshot({ path: path.join(shots, "bureau-regie.png"), fullPage: true });

  // The hub holds bytes it cannot read: no name, RUM or IBAN in them.
  const stored = storedRegister();
  assert.equal(stored.version, 2);
  for (const secret of ["Martin", "Lefèvre", "ANR1-7K3Q", "FR7630006", "30006"]) assert.ok(!stored.sealed.includes(Buffer.from(secret)), secret);

  // The direct-debit file from the publish-invoices CSV with a rum column.
  const csv = path.join(dir, "factures-janvier.csv");
  writeFileSync(csv, "famille;code;nom;email;facture;periode;libelle;montant;echeance;payee;rum\n" +
    `F0012;K7Q2-M9XA;Famille Martin;m@example.org;FAC2027000001;Janvier 2027;Restauration scolaire — 12 repas;38,40;2030-01-15;non;${mandates[0].rum}\n` +
    `F0012;K7Q2-M9XA;Famille Martin;m@example.org;FAC2027000001;Janvier 2027;Accueil périscolaire;4,10;2030-01-15;non;${mandates[0].rum}\n` +
    `F0013;A7Q2-M9XA;Famille Lefèvre;l@example.org;FAC2027000002;Sortie;Zoo;7,00;2030-01-15;non;${mandates[1].rum}\n` +
    "F0014;B7Q2-M9XA;Famille Roy;r@example.org;FAC2027000003;Janvier 2027;Repas;9,00;2030-01-15;non;\n");
  await (await page.$("#pr-fichier")).uploadFile(csv);
  await page.$eval("#pr-version", (s) => (s.value = "02"));
  await page.$eval("#titre-prelevement + form button[type=submit]", (b) => b.click());
  await page.waitForSelector("#fichier-fait a[download]");
  const summary = await page.$eval("#fichier-fait", (e) => e.textContent);
  assert.match(summary, /2 prélèvements, 49,50\u00a0€/);
  // Downloaded by the browser, as the agent does (the page's CSP lets no script read a blob: URL back).
  const downloads = path.join(dir, "telechargements");
  mkdirSync(downloads);
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads, eventsEnabled: true });
  const done = new Promise((resolve) => cdp.on("Browser.downloadProgress", (e) => e.state === "completed" && resolve()));
  const name = await page.$eval("#fichier-fait a[download]", (a) => (a.click(), a.getAttribute("download")));
  assert.match(name, /^REGIE-\d{8}-\d{6}-[0-9A-Z]{4}\.xml$/);
  let timer;
  await Promise.race([done, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("no download in 20 s")), 20000)))]);
  clearTimeout(timer);
  const xml = readFileSync(path.join(downloads, name), "utf8");
  assert.deepEqual([...xml.matchAll(/<SeqTp>(\w+)</g)].map((m) => m[1]), ["FRST", "OOFF"]);
  assert.match(xml, /<InstdAmt Ccy="EUR">42.50<\/InstdAmt>/);
  const file = path.join(dir, "prelevement.xml");
  writeFileSync(file, xml);
  execFileSync("xmllint", ["--noout", "--schema", path.join(repoRoot, "tests/data/iso20022/pain.008.001.02.xsd"), file], { stdio: "pipe" });
  await waitFor(() => [...document.querySelectorAll("table.mandats tbody tr")].map((tr) => tr.cells[6].firstChild.textContent)
    .join("|").startsWith("Utilisé (dernier prélèvement le"));
  assert.deepEqual(await axeViolations(page), []);
  if (shots) await page.screenshot({ path: path.join(shots, "bureau-regie-prelevement.png"), fullPage: true });

  // Another agent saves in between (here: this test, with the service's keys): this page's
  // next save is refused by the hub (412); the page shows that agent's version, nothing lost.
  const current = JSON.parse((await call(hub, "GET", "/v1/partner/register", { key: sign, clientId: "regie" })).text());
  const theirs = await R.openRegister(sodium, P.base64Decode(current.sealed, "registre"), box.secret, "regie", current.version);
  R.revokeMandate(theirs, mandates[0].rum, true, "2027-01-20", now());
  theirs.revision = current.version + 1;
  const put = await call(hub, "PUT", "/v1/partner/register", {
    key: sign, clientId: "regie", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ base: current.version, sealed: P.base64Encode(await R.sealRegister(sodium, theirs, box.secret)) }),
  });
  assert.equal(put.status, 200, put.text());
  await page.$eval("#ch-rum", (s) => (s.value = s.options[0].value));
  await page.$$eval("button", (bs) => bs.find((b) => b.textContent === "Révoquer le mandat maintenant").click());
  await waitFor(() => /Un autre agent a modifié le registre/.test(document.querySelector("main").textContent));
  assert.match(await page.$eval("main", (m) => m.textContent), /Dernier prélèvement à venir \(FNAL\)/);  // the other agent's change


  // The hub serves an old version (a backup restored, or a hostile hub replaying it): the
  // page refuses it until the agent chooses to go on with it.
  hubSql(`UPDATE sealed_register SET version = ${version1.version}, sealed = X'${version1.sealed.toString("hex")}' WHERE partner_id = 'regie'`);
  await page.$eval('#navigation a[href="#/"]', (a) => a.click());
  await waitFor(() => document.querySelector("h1")?.textContent === "Boîte de réception");
  await page.$eval("#lien-regie", (a) => a.click());
  await waitFor(() => /Le hub sert la version 1 du registre, mais ce navigateur en a déjà vu la version 4/.test(document.querySelector("main").textContent));
  assert.equal(await page.$("#pr-fichier"), null);  // no file can be made meanwhile
  await page.$$eval("button", (bs) => bs.find((b) => b.textContent === "Continuer avec la version 1 du hub").click());
  await waitFor(() => /Aucun mandat au registre/.test(document.querySelector("main").textContent));

  assert.deepEqual(problems, []);
});
