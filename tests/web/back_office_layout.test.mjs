// The opened démarche laid out as its form (protocol 1.5, §5.2): the real
// Anor pack built and put in the hub's pack repository, démarches of two of
// its forms sealed as the kiosk seals them, opened in headless Chromium by
// each service: sections, labels, help, choice labels, dates in words,
// grouped IBAN, a repeated group as a table, computed values, note and
// pièces à joindre, a PDF inline, the drawn signature, the print view (A4,
// no navigation). Labels and help reach the page as text.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";

import { P, call, now, sodium } from "./kiosk_double.mjs";
import { axeViolations, launchBrowser, serveStatic } from "./browser.mjs";
import { repoRoot, run, startHub, tempDir, webRoot } from "./support.mjs";

const shots = process.env.GUICHET_WEB_SHOTS;
const passphrase = "correct cheval batterie agrafe";

// The Anor pack, built and signed here, in the hub's repository as `guichet-pack publish` names it.
function publishAnor(dir, hubDir) {
  const version = /^version:\s*(\d+)/m.exec(readFileSync(path.join(repoRoot, "content_packs/anor/pack.yaml"), "utf8"))[1];
  run("guichet-pack", ["keygen", "-o", path.join(dir, "staff")]);
  const packs = path.join(hubDir, "repo/packs/anor");
  mkdirSync(packs, { recursive: true });
  run("guichet-pack", ["build", path.join(repoRoot, "content_packs/anor"), "--key", path.join(dir, "staff.key"), "-o",
    path.join(packs, `anor-${version}.gpk`), "-q"]);
}

// A minimal one-page PDF (the bytes a kiosk's document capture seals).
function pdfBytes() {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 720 Td (RIB de test) Tj ET\nendstream",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return P.toBytes(out);
}

// What the kiosk's store and agent send for one démarche (docs/store.md §4, protocol §4.1, §4.4).
function seal(kiosk, boxPublicKey, envelope, payload, files) {
  const box = (bytes) => sodium.crypto_box_seal(bytes, boxPublicKey);
  payload.attachments = files.map((f) => ({ field: f.field, name: f.name, mime: f.mime, size: f.bytes.length, blake2b: P.blake2b256Hex(f.bytes) }));
  const sealed = files.map((f) => box(f.bytes));
  const upload = {
    uuid: randomUUID(),
    ...envelope,
    created_at: now(),
    sealed_payload: P.base64Encode(box(P.toBytes(JSON.stringify(payload)))),
    attachments: files.map((f, index) => ({
      index,
      size: f.bytes.length,
      sealed_meta: P.base64Encode(box(P.toBytes(JSON.stringify({ name: f.name, mime: f.mime })))),
      sealed_length: sealed[index].length,
      sealed_blake2b: P.blake2b256Hex(sealed[index]),
    })),
    kiosk_id: kiosk.id,
  };
  upload.envelope_signature = P.base64Encode(sodium.crypto_sign_detached(P.toBytes(P.canonicalEnvelope(upload)), kiosk.key.secret));
  return { upload, sealed };
}

async function upload(hub, kiosk, { upload: body, sealed }) {
  const put = await call(hub, "PUT", `/v1/demarches/${body.uuid}`, {
    key: kiosk.key, clientId: kiosk.id, body: JSON.stringify(body),
    headers: { "Idempotency-Key": body.uuid, "Content-Type": "application/json" },
  });
  assert.equal(put.status, 200, put.text());
  for (const [index, data] of sealed.entries()) {
    const patch = await call(hub, "PATCH", `/v1/demarches/${body.uuid}/attachments/${index}`, {
      key: kiosk.key, clientId: kiosk.id, body: data,
      headers: { "Upload-Offset": "0", "Upload-Checksum": `blake2b-256 ${P.blake2b256Hex(data)}` },
    });
    assert.equal(patch.status, 204, patch.text());
  }
}

// Imports SERVICE's key files (forgetting the ones stored before) and unlocks.
async function signIn(page, hub, partnerDir, service) {
  await page.goto(`${hub}/bureau/`);
  await page.waitForSelector("#cle-signature, #phrase");
  if (await page.$("#cle-signature") === null) {
    await page.click("button.secondaire");  // « Oublier les clés de ce navigateur » (the dialog is accepted)
    await page.waitForSelector("#cle-signature");
  }
  await (await page.$("#cle-signature")).uploadFile(path.join(partnerDir, `${service}.sign.key`));
  await (await page.$("#cle-ouverture")).uploadFile(path.join(partnerDir, `${service}.box.key`));
  await page.$eval("#service-id", (e) => (e.value = ""));
  await page.type("#service-id", service);
  await page.type("#phrase", passphrase);
  await page.type("#phrase-bis", passphrase);
  await page.click("button[type=submit]");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Boîte de réception" && document.querySelector("tbody tr"));
}

async function open(page, demarche) {
  // Found and clicked in one step in the page: the inbox may draw its rows again (a refresh)
  // between a handle's lookup and its click, which detaches the handle (a flaky CI run).
  const link = `a[href="#/demarche/${demarche.upload.uuid}"]`;
  await page.waitForSelector(link);
  await page.$eval(link, (a) => a.click());
  await page.waitForFunction((code) => document.querySelector("h1")?.textContent === `Démarche ${code}`, {}, demarche.upload.tracking_code);
  await page.waitForFunction(() => !document.querySelector("[role=status]")?.textContent.startsWith("Ouverture des pièces"));
}

// dt → dd of every answer list under SCOPE, the help dropped from the label.
function answersIn(page, scope) {
  return page.$$eval(`${scope} dl.reponses`, (dls) => Object.fromEntries(dls.flatMap((dl) => [...dl.querySelectorAll("dt")].map((dt) => {
    const copy = dt.cloneNode(true);
    copy.querySelector(".aide")?.remove();
    return [copy.textContent, dt.nextElementSibling.textContent];
  }))));
}

test("an opened démarche shows its form's own layout from the published pack, PDFs inline, and prints on A4", async (t) => {
  const dir = tempDir(t, "guichet-web-layout-");
  const hubDir = path.join(dir, "hub");
  const partnerDir = path.join(dir, "partner");
  for (const service of ["enfance", "regie"]) {
    run("guichet-partner", ["keygen", "--id", service, "--out", partnerDir, "--box"]);
    run("guichet-hub", ["add-partner", "--data", hubDir, "--id", service, "--key", path.join(partnerDir, `${service}.sign.pub`)]);
  }
  publishAnor(dir, hubDir);
  const token = run("guichet-hub", ["enroll-token", "--data", hubDir]).trim().split(/\s+/).pop();
  const hub = await startHub(t, hubDir);
  const pair = sodium.crypto_sign_keypair();
  const enrol = await call(hub, "POST", "/v1/enroll", {
    body: JSON.stringify({ token, public_key: P.base64Encode(pair.publicKey), name: "borne de test" }),
    headers: { "Content-Type": "application/json" },
  });
  assert.equal(enrol.status, 200, enrol.text());
  const kiosk = { id: JSON.parse(enrol.text()).kiosk_id, key: { secret: pair.privateKey } };
  const boxKey = (service) => P.parseBoxKey(readFileSync(path.join(partnerDir, `${service}.box.key`), "utf8")).publicKey;

  // The hub's answer: the service's forms only.
  const signKey = (service) => P.parseSigningKey(readFileSync(path.join(partnerDir, `${service}.sign.key`), "utf8"));
  const forms = await call(hub, "GET", "/v1/partner/forms", { key: signKey("regie"), clientId: "regie" });
  assert.equal(forms.status, 200, forms.text());
  assert.deepEqual(JSON.parse(forms.text()).forms.map((f) => f.id), ["mandat-sepa"]);

  const png = path.join(dir, "signature.png");
  execFileSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "color=c=white:s=300x120", "-vf",
    "format=gray,geq=lum='if(lt(abs(Y-60-30*sin(X/23)*cos(X/61)),3),20,255)'", "-frames:v", "1", png]);
  const signature = new Uint8Array(readFileSync(png));

  // Inscription à la cantine (enfance): choices, a group of two children, computed prices.
  const cantine = seal(kiosk, boxKey("enfance"),
    { tracking_code: "ANR-4C8N-2T", form_id: "inscription-cantine", form_version: 1, recipient_id: "enfance" },
    {
      format: 1,
      form: { id: "inscription-cantine", version: 1, title: "Inscrire un enfant au restaurant scolaire et à l’accueil de loisirs" },
      submitted_at: now(),
      answers: {
        nom: "Martin", prenom: "Julie <b>gras</b>", lien: "mere",
        adresse: { line1: "12 rue de la Gare", postal_code: "59186", insee: "59012", commune: "Anor" },
        telephone: "03 27 59 51 11", organisme: "caf", numero_allocataire: "1234567", qf_connu: "oui", quotient_familial: "650",
        enfants: [
          { enfant_nom: "Martin", enfant_prenom: "Léo", enfant_date_naissance: "2017-05-12", ecole: "École Jules Ferry", classe: "CE2",
            jours_cantine: ["lundi", "jeudi"], repas_semaine: "2", journees_loisirs: "1" },
          { enfant_nom: "Martin", enfant_prenom: "Zoé <script>window.__xss = 1</script>", enfant_date_naissance: "2019-09-01",
            ecole: "École Jules Ferry", classe: "GS", jours_cantine: ["mardi"], repas_semaine: "1", journees_loisirs: "0" },
        ],
        justificatif_domicile: { name: "facture.pdf", mime: "application/pdf", size: 0 },
        signature: "signature.png",
      },
      computed: { nombre_enfants: "2", prix_repas: "2,40 €", cout_repas_semaine: "7,20 €" },
      fields: [{ id: "nom", label: "Votre nom", type: "text" }],
    },
    [
      { field: "justificatif_domicile", name: "facture <i>EDF</i>.pdf", mime: "application/pdf", bytes: pdfBytes() },
      { field: "signature", name: "signature.png", mime: "image/png", bytes: signature },
    ]);
  await upload(hub, kiosk, cantine);

  // Mandat SEPA (régie): multi-choice labels, IBAN, the RIB as a PDF, a signature.
  const sepa = seal(kiosk, boxKey("regie"),
    { tracking_code: "ANR-9S2P-7M", form_id: "mandat-sepa", form_version: 1, recipient_id: "regie" },
    {
      format: 1,
      form: { id: "mandat-sepa", version: 1, title: "Mandat de prélèvement SEPA" },
      submitted_at: now(),
      answers: {
        services: ["restaurant_scolaire", "accueil_loisirs"], nom_famille: "Martin", titulaire: "Julie Martin",
        titulaire_adresse: { line1: "12 rue de la Gare", postal_code: "59186", insee: "59012", commune: "Anor" },
        telephone: "06 12 34 56 78", iban: "FR76 3000 6000 0112 3456 7890 189", bic: "BNPAFRPPXXX",
        rib: { name: "rib.pdf", mime: "application/pdf", size: 0 }, lieu_signature: "Anor", signature: "signature.png",
      },
      computed: { date_signature: "07/12/2026" },
      fields: [],
    },
    [
      { field: "rib", name: "rib.pdf", mime: "application/pdf", bytes: pdfBytes() },
      { field: "signature", name: "signature.png", mime: "image/png", bytes: signature },
    ]);
  await upload(hub, kiosk, sepa);

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

  // L’enfance opens the inscription.
  await signIn(page, hub, partnerDir, "enfance");
  const started = performance.now();
  await open(page, cantine);
  const openMs = performance.now() - started;
  const sections = await page.$$eval("section.section-formulaire h3", (hs) => hs.map((e) => e.textContent));
  assert.deepEqual(sections, ["Le responsable de l’enfant", "Votre quotient familial", "Vos enfants", "Estimation du prix",
    "Pièces à joindre", "Engagement et signature"]);
  const answers = await answersIn(page, "section.section-formulaire");
  assert.equal(answers["Votre nom"], "Martin");
  assert.equal(answers["Votre prénom"], "Julie <b>gras</b>");
  assert.equal(answers["Vous êtes"], "La mère");
  assert.equal(answers["Vous recevez des prestations de\u00a0:"], "La CAF", JSON.stringify(Object.keys(answers)));
  assert.ok(!Object.values(answers).includes("mere") && !Object.values(answers).includes("caf"));
  assert.ok(Object.values(answers).includes("12 rue de la Gare\n59186 Anor"));
  assert.ok(Object.values(answers).includes("2,40 €"));
  assert.ok(Object.values(answers).includes("Signée"));
  const help = await page.$$eval("section.section-formulaire .aide", (es) => es.map((e) => e.textContent));
  assert.ok(help.some((t) => t.startsWith("Pour vous joindre")), JSON.stringify(help));
  const table = await page.$$eval("table.groupe tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(table[0][0], "N°");
  const born = table[0].indexOf("Date de naissance");
  assert.ok(born > 0, JSON.stringify(table[0]));
  assert.equal(table[1][born], "12 mai 2017");
  assert.equal(table[2][born], "1er septembre 2019");
  assert.ok(table[1].includes("Lundi, Jeudi"), JSON.stringify(table[1]));
  assert.ok(table[2].includes("Zoé <script>window.__xss = 1</script>"));
  const reference = await page.$eval("section.reference", (e) => e.textContent);
  assert.match(reference, /Pièces à joindre.*Un justificatif de domicile/s);
  // The PDF inline in the browser's viewer; the signature as a picture; each captioned by its field.
  const pieces = await page.$$eval(".piece", (fs) => fs.map((f) => ({
    caption: f.querySelector("figcaption").textContent,
    pdf: f.querySelector("object") && { type: f.querySelector("object").type, blob: f.querySelector("object").data.startsWith("blob:"),
      height: f.querySelector("object").getBoundingClientRect().height },
    img: f.querySelector("img")?.naturalWidth ?? null,
    download: f.querySelector("a").getAttribute("download"),
  })));
  assert.equal(pieces.length, 2);
  assert.match(pieces[0].caption, /^Justificatif de domicile.* : facture <i>EDF<\/i>\.pdf — application\/pdf/);
  assert.deepEqual({ ...pieces[0].pdf, height: pieces[0].pdf.height > 200 }, { type: "application/pdf", blob: true, height: true });
  assert.equal(pieces[0].download, "facture _i_EDF_i_.pdf");
  assert.equal(pieces[1].img, 300);
  assert.match(pieces[1].caption, /^Signez avec le doigt : signature\.png/);
  const inert = await page.evaluate(() => ({
    xss: window.__xss ?? null,
    scripts: document.querySelectorAll("main script, main svg, main iframe").length,
    objects: [...document.querySelectorAll("main object")].filter((o) => o.type !== "application/pdf" || !o.data.startsWith("blob:")).length,
    handlers: [...document.querySelectorAll("main *")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
    tags: document.querySelectorAll("main b, main i").length,
  }));
  assert.deepEqual(inert, { xss: null, scripts: 0, objects: 0, handlers: 0, tags: 0 });
  assert.deepEqual(await axeViolations(page), []);
  await shot("bureau-demarche");

  // The print view: no navigation, no forms, every answer, A4.
  await page.emulateMediaType("print");
  const print = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => getComputedStyle(e).display !== "none" && e.getClientRects().length > 0).length;
    return { banner: shown("header.bandeau"), nav: shown("#navigation, nav"), forms: shown("main form"), buttons: shown("main button"),
      answers: shown("dl.reponses dd"), all: document.querySelectorAll("dl.reponses dd").length, tables: shown("table.groupe") };
  });
  assert.deepEqual({ ...print, all: undefined }, { banner: 0, nav: 0, forms: 0, buttons: 0, answers: print.all, tables: 1, all: undefined });
  assert.ok(print.all >= 15, JSON.stringify(print));
  await shot("bureau-impression");
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  const pages = (Buffer.from(pdf).toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 1 && pages <= 6, `${pages} pages`);
  if (shots) writeFileSync(path.join(shots, "bureau-impression.pdf"), pdf);
  const box = /\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(Buffer.from(pdf).toString("latin1"));
  assert.ok(box, "a MediaBox");
  // A4: 210 × 297 mm = 595.3 × 841.9 points.
  assert.deepEqual([Math.round(box[3] - box[1]), Math.round(box[4] - box[2])], [595, 842]);
  await page.emulateMediaType(null);

  // La régie opens the mandate: choice labels, the IBAN grouped, the RIB inline.
  await signIn(page, hub, partnerDir, "regie");
  await open(page, sepa);
  const mandate = await answersIn(page, "section.section-formulaire");
  assert.equal(mandate["IBAN"], "FR76 3000 6000 0112 3456 7890 189");
  assert.equal(mandate["BIC"], "BNPAFRPPXXX");
  assert.ok(Object.values(mandate).includes("Restaurant scolaire, Accueil de loisirs"), JSON.stringify(mandate));
  assert.equal(mandate["Le"], "07/12/2026");
  assert.equal(await page.$$eval("object[type='application/pdf']", (os) => os.length), 1);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  console.log(`# opened with its layout in ${openMs.toFixed(0)} ms (inscription-cantine, 2 attachments)`);
});

// A hostile form definition (a hub's pack is staff's text, but the page treats
// it as it treats answers): labels, help, section titles, option labels, the
// note's spans and links, pièces à joindre, all as text.
test("a form definition's labels, help, note and choices reach the page as text only", async (t) => {
  const js = (name) => path.join(webRoot, "js", name);
  const origin = await serveStatic(t, { "/js/format.js": js("format.js"), "/js/render.js": js("render.js"), "/js/layout.js": js("layout.js") }, {
    "/test.html": {
      csp: "default-src 'none'; script-src 'self'",
      html: '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>test</title></head><body><main></main></body></html>',
    },
  });
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${origin}/test.html`);
  const hostile = (n) => `<img src=x onerror="window.__xss = ${n}">`;
  const result = await page.evaluate(async (labels) => {
    const L = await import("/js/layout.js");
    const form = {
      id: "f", version: 2, title: labels[0], pieces: [labels[1]],
      note: [{ kind: "paragraph", spans: [{ text: labels[2], bold: true }, { text: "lien", link: "javascript:window.__xss = 9" }] },
        { kind: "table", rows: [[labels[3]]], header_rows: 1 }],
      sections: [{ title: labels[4], fields: [
        { id: "c", type: "choice", label: labels[5], help: labels[6], required: true, options: [{ value: "a", label: labels[7] }] },
        { id: "g", type: "group", label: labels[8], fields: [{ id: "x", type: "multi_choice", label: labels[9], options: [{ value: "v", label: labels[10] }] }] },
      ] }],
    };
    const picked = L.pickForm([form], "f", 1);
    document.querySelector("main").replaceChildren(...L.demarcheLayout({ answers: { c: "a", g: [{ x: ["v"] }] } }, picked, 1));
    await new Promise((r) => setTimeout(r, 100));  // an onerror would have fired by now
    const main = document.querySelector("main");
    return {
      exact: picked.exact,
      xss: window.__xss ?? null,
      elements: main.querySelectorAll("img, script, a, iframe, object").length,
      handlers: [...main.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
      text: main.textContent,
    };
  }, Array.from({ length: 11 }, (_, i) => hostile(i + 1)));
  assert.equal(result.exact, false);  // filled with version 1, laid out with version 2: said in a notice
  assert.match(result.text, /Démarche remplie avec la version 1 du formulaire ; mise en page de la version 2/);
  assert.deepEqual({ xss: result.xss, elements: result.elements, handlers: result.handlers }, { xss: null, elements: 0, handlers: 0 });
  for (let i = 2; i <= 11; ++i) assert.ok(result.text.includes(hostile(i)), `label ${i} as text`);
  assert.deepEqual(problems, []);
});
