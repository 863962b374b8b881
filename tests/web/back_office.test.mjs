// The partner agent's back office in headless Chromium against a real hub:
// import the service's keys, unlock, inbox, open a démarche by keyboard, see
// its answers and picture, send a status that reaches the kiosk's feed.
// Resident input is hostile here (script tags, javascript: links, HTML in a
// file name, an SVG): it must show as text. axe-core checks every page.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { P, call, hubWithService, sealDemarche, sodium } from "./kiosk_double.mjs";
import { axeViolations, launchBrowser } from "./browser.mjs";
import { tempDir } from "./support.mjs";

const shots = process.env.GUICHET_WEB_SHOTS;
const passphrase = "correct cheval batterie agrafe";

async function upload(hub, kiosk, sealed) {
  const { upload: body, extra } = sealed;
  const put = await call(hub, "PUT", `/v1/demarches/${body.uuid}`, {
    key: kiosk.key,
    clientId: kiosk.id,
    body: JSON.stringify(body),
    headers: { "Idempotency-Key": body.uuid, "Content-Type": "application/json" },
  });
  assert.equal(put.status, 200, put.text());
  for (const [index, data] of extra.entries()) {
    const patch = await call(hub, "PATCH", `/v1/demarches/${body.uuid}/attachments/${index}`, {
      key: kiosk.key,
      clientId: kiosk.id,
      body: data,
      headers: { "Upload-Offset": "0", "Upload-Checksum": `blake2b-256 ${P.blake2b256Hex(data)}` },
    });
    assert.equal(patch.status, 204, patch.text());
  }
}

// A démarche with two attachments: a real PNG and a hostile SVG.
function hostileDemarche(kiosk, boxPublicKey, picture) {
  const payload = {
    format: 1,
    form: { id: "acte-naissance", version: 3, title: "Demander un acte de naissance <b>gras</b>" },
    submitted_at: 1800000000,
    answers: {
      nom: "Dupont <script>window.__xss = 1</script>",
      prenom: "<img src=x onerror=\"window.__xss = 2\">",
      naissance: "1990-03-12",
      iban: "FR7630006000011234567890189",
      site: "javascript:window.__xss = 3",
      enfants: [{ prenom_enfant: "Léa", ne_le: "2015-06-01" }, { prenom_enfant: "Tom </td><td>", ne_le: "2018-01-31" }],
    },
    computed: { prix: "2,40 €" },
    fields: [
      { id: "nom", label: "Votre nom", type: "text" },
      { id: "prenom", label: "Votre prénom", type: "text" },
      { id: "naissance", label: "Date de naissance", type: "date" },
      { id: "iban", label: "IBAN", type: "iban" },
      { id: "site", label: "Site web", type: "text" },
      { id: "enfants", label: "Enfants", type: "group" },
      { id: "prenom_enfant", label: "Prénom de l’enfant", type: "text" },
      { id: "ne_le", label: "Né le", type: "date" },
      { id: "prix", label: "Prix du repas", type: "computed" },
    ],
  };
  const first = sealDemarche(kiosk, boxPublicKey, payload, {
    name: "<img src=x onerror=\"window.__xss = 4\">.png",
    mime: "image/png",
    bytes: picture,
  });
  // The second attachment: an SVG with a script, declared as a picture.
  const svg = P.toBytes('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss = 5"><script>window.__xss = 6</script></svg>');
  const sealedSvg = sodium.crypto_box_seal(svg, boxPublicKey);
  const u = first.upload;
  u.attachments.push({
    index: 1,
    size: svg.length,
    sealed_meta: P.base64Encode(sodium.crypto_box_seal(P.toBytes(JSON.stringify({ name: "plan.svg", mime: "image/svg+xml" })), boxPublicKey)),
    sealed_length: sealedSvg.length,
    sealed_blake2b: P.blake2b256Hex(sealedSvg),
  });
  u.envelope_signature = P.base64Encode(sodium.crypto_sign_detached(P.toBytes(P.canonicalEnvelope(u)), kiosk.key.secret));
  return { upload: u, extra: [first.sealedData, sealedSvg], payload };
}

async function heading(page) {
  return page.$eval("h1", (e) => e.textContent);
}

test("an agent opens a démarche in the browser and answers it; resident input stays inert", async (t) => {
  const dir = tempDir(t, "guichet-web-bureau-");
  const { hub, partnerDir, kiosk } = await hubWithService(t, dir);
  const boxPublicKey = P.parseBoxKey(readFileSync(path.join(partnerDir, "etat-civil.box.key"), "utf8")).publicKey;
  const pngFile = path.join(dir, "photo.png");
  execFileSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "color=c=0x2060c0:s=160x100", "-frames:v", "1", pngFile]);
  const demarche = hostileDemarche(kiosk, boxPublicKey, new Uint8Array(readFileSync(pngFile)));
  await upload(hub, kiosk, demarche);

  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  page.on("dialog", (d) => d.accept());
  if (shots) mkdirSync(shots, { recursive: true });
  const shot = async (name) => shots && page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

  // Import the keys.
  await page.goto(`${hub}/bureau/`);
  await page.waitForSelector("#cle-signature");
  assert.equal(await heading(page), "Importer les clés du service");
  assert.deepEqual(await axeViolations(page), []);
  await shot("bureau-import");
  await (await page.$("#cle-signature")).uploadFile(path.join(partnerDir, "etat-civil.sign.key"));
  await (await page.$("#cle-ouverture")).uploadFile(path.join(partnerDir, "etat-civil.box.key"));
  await page.type("#phrase", passphrase);
  await page.type("#phrase-bis", passphrase + "x");
  await page.click("button[type=submit]");
  await page.waitForSelector(".erreur");
  assert.equal(await page.$eval(".erreur", (e) => e.textContent), "Les deux phrases de passe diffèrent.");
  await page.$eval("#phrase-bis", (e) => (e.value = ""));
  await page.type("#phrase-bis", passphrase);
  await page.click("button[type=submit]");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Boîte de réception" && document.querySelector("table"));
  assert.equal(await page.$eval("#service-id", () => 1).catch(() => 0), 0);
  const stored = await page.evaluate(() => localStorage.getItem("guichet-bureau-cles"));
  assert.ok(stored.includes("argon2id13"));
  assert.ok(!stored.includes(P.keyFileDataLine(readFileSync(path.join(partnerDir, "etat-civil.box.key"), "utf8"))));

  // The inbox.
  const rows = await page.$$eval("tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 1);
  assert.equal(rows[0][1], "acte-naissance");
  assert.equal(rows[0][2], demarche.upload.tracking_code);
  assert.equal(rows[0][3], "Nouvelle");
  assert.equal(await page.$eval(".compteurs", (e) => e.textContent), "Nouvelles : 1Prises en compte : 0Total : 1");
  assert.deepEqual(await axeViolations(page), []);
  await shot("bureau-boite");
  await page.type("#filtre-code", "ZZZ");
  await page.waitForFunction(() => document.querySelector("#liste p")?.textContent.startsWith("Aucune démarche"));
  await page.$eval("#filtre-code", (e) => (e.value = ""));
  await page.type("#filtre-code", demarche.upload.tracking_code.slice(0, 6).toLowerCase());
  await page.waitForSelector("#liste tbody tr");

  // Keyboard only: Tab to the démarche's link, Enter.
  const link = `a[href="#/demarche/${demarche.upload.uuid}"]`;
  let reached = false;
  for (let i = 0; i < 40 && !reached; ++i) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate((sel) => document.activeElement === document.querySelector(sel), link);
  }
  assert.ok(reached, "the démarche's link is reachable with Tab");
  await page.keyboard.press("Enter");
  await page.waitForFunction((code) => document.querySelector("h1")?.textContent === `Démarche ${code}`, {}, demarche.upload.tracking_code);
  await page.waitForFunction(() => document.querySelectorAll(".piece").length === 2);
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");

  // No pack publishes acte-naissance on this hub: the answers as sent, and a notice that says so.
  assert.match(await page.$eval(".avis", (e) => e.textContent), /^La mise en page de ce formulaire n’est pas disponible sur ce hub/);

  // Answers as text, formatted as the kiosk's review.
  const answers = await page.$$eval("dl.reponses", (dls) => dls.map((dl) => [...dl.children].map((c) => c.textContent)));
  const flat = Object.fromEntries(answers.flatMap((list) => list.flatMap((v, i) => (i % 2 ? [] : [[v, list[i + 1]]]))));
  assert.equal(flat["Votre nom"], "Dupont <script>window.__xss = 1</script>");
  assert.equal(flat["Votre prénom"], "<img src=x onerror=\"window.__xss = 2\">");
  assert.equal(flat["Date de naissance"], "12 mars 1990");
  assert.equal(flat["IBAN"], "FR76 3000 6000 0112 3456 7890 189");
  assert.equal(flat["Site web"], "javascript:window.__xss = 3");
  assert.equal(flat["Prix du repas"], "2,40 €");
  assert.equal(flat["Démarche"], "Demander un acte de naissance <b>gras</b> (acte-naissance, version 3)");
  assert.equal(flat["Envoyée de la borne"], `signée par la borne ${kiosk.id}`);
  const group = await page.$$eval("main table tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.deepEqual(group, [["N°", "Prénom de l’enfant", "Né le"], ["1", "Léa", "1er juin 2015"], ["2", "Tom </td><td>", "31 janvier 2018"]]);

  // Pictures inline only when their bytes are a picture; the SVG is a download.
  const pieces = await page.$$eval(".piece", (figures) =>
    figures.map((f) => ({
      img: f.querySelector("img") ? { width: f.querySelector("img").naturalWidth, alt: f.querySelector("img").alt } : null,
      caption: f.querySelector("figcaption").textContent,
      download: f.querySelector("a").getAttribute("download"),
    })),
  );
  assert.deepEqual(pieces[0].img, { width: 160, alt: "Pièce jointe 1 : <img src=x onerror=\"window.__xss = 4\">.png" });
  assert.equal(pieces[0].download, "_img src=x onerror=_window.__xss = 4_.png");
  assert.equal(pieces[1].img, null);
  assert.match(pieces[1].caption, /^plan\.svg — image\/svg\+xml, \d+ octets — Télécharger la pièce 2$/);
  const inert = await page.evaluate(() => ({
    xss: window.__xss ?? null,
    scripts: document.querySelectorAll("main script, main svg, main iframe, main object").length,
    handlers: [...document.querySelectorAll("main *")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
    links: [...document.querySelectorAll("main a")].map((a) => a.getAttribute("href")).filter((h) => !/^(#|blob:)/.test(h)),
  }));
  assert.deepEqual(inert, { xss: null, scripts: 0, handlers: 0, links: [] });
  assert.deepEqual(await axeViolations(page), []);
  await shot("bureau-demarche");

  // Answer: « Prêt à retirer », its template, edited, sent.
  await page.select("#statut", "pret_a_retirer");
  assert.equal(await page.$eval("#message", (e) => e.value), "Votre document est prêt : vous pouvez le retirer à l’accueil de la mairie.");
  await page.$eval("#message", (e) => (e.value = ""));
  await page.type("#message", "Votre acte est prêt, à retirer à l’accueil.");
  await page.click("form.carte button[type=submit]");
  await page.waitForSelector(".succes");
  assert.match(await page.$eval(".succes", (e) => e.textContent), /^Statut « Prêt à retirer » envoyé\./);
  const feed = await call(hub, "GET", "/v1/kiosk/statuses", { key: kiosk.key, clientId: kiosk.id, params: [["since", "0"]] });
  assert.deepEqual(
    JSON.parse(feed.text()).statuses.map((s) => [s.tracking_code, s.status, s.message]),
    [[demarche.upload.tracking_code, "pret_a_retirer", "Votre acte est prêt, à retirer à l’accueil."]],
  );
  assert.equal(await page.$eval("#historique", (e) => e.textContent).then((t) => t.replace(/^.* — /, "")), "Votre acte est prêt, à retirer à l’accueil.");
  // Opened again: the history comes from the hub.
  await page.evaluate(() => (location.hash = "#/"));
  await page.waitForSelector("#liste tbody tr");
  await page.$eval(link, (a) => a.click());  // found and clicked in one step: the list may be drawn again
  await page.waitForSelector("#historique li");
  assert.match(await page.$eval("#historique li", (e) => e.textContent), /— Prêt à retirer — Votre acte est prêt, à retirer à l’accueil\.$/);
  assert.equal(await page.$eval("#liste, main table tbody tr td:nth-child(5)", () => 1).catch(() => 1), 1);
  await page.click(".actions button");
  await page.waitForFunction(() => document.querySelector(".actions button").disabled);

  // Sign out, then unlock: a wrong passphrase is refused.
  await page.click("#deconnexion");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Connexion du service");
  assert.deepEqual(await axeViolations(page), []);
  await page.type("#phrase", "pas la bonne phrase");
  await page.click("button[type=submit]");
  await page.waitForSelector(".erreur");
  assert.equal(await page.$eval(".erreur", (e) => e.textContent), "Phrase de passe incorrecte.");
  await page.$eval("#phrase", (e) => (e.value = ""));
  await page.type("#phrase", passphrase);
  await page.click("button[type=submit]");
  // Back where the agent was, then to the inbox by the navigation.
  await page.waitForFunction((code) => document.querySelector("h1")?.textContent === `Démarche ${code}`, {}, demarche.upload.tracking_code);
  await page.click('#navigation a[href="#/"]');
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Boîte de réception" && document.querySelector("tbody tr"));
  assert.equal(await page.$eval("tbody tr td:nth-child(4)", (e) => e.textContent), "Prise en compte");
  assert.deepEqual(problems, []);
});
