#!/usr/bin/env node
// The back office's speed (issue #15): a hub holding N démarches for one
// service (default 10,000; 2 KB answers each), then
//   1. the inbox's server answer (GET /v1/partner/demarches as the page asks
//      it), p50/p95 over R requests;
//   2. opening a 2 KB démarche in Chromium through the page (fetch, envelope
//      check, opening, rendering), p50/p95 over R opens; by default laid out
//      as its form (acte-etat-civil of the Anor pack, put in the hub's pack
//      repository: protocol 1.5, §5.2), with MODE "raw" as the payload labels
//      it (no pack on the hub);
//   3. opening a 5 MB picture attachment in Chromium (fetch, hash, opening,
//      decoding), p50/p95;
//   4. beside it, `guichet-partner fetch` of the same service (every démarche,
//      opened and written to disk) and of one démarche.
// Usage: GUICHET_BIN=build/bin node tools/bench/web/bureau_bench.mjs [N] [R] [layout|raw]
// Use a release build (scripts/run.sh makes build/): ASan makes the hub ~3× slower.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { P, call, hubWithService, sealDemarche, sodium } from "../../../tests/web/kiosk_double.mjs";
import { binDir, repoRoot, run } from "../../../tests/web/support.mjs";
import { launchChromium } from "../../web/chromium.mjs";

const count = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 20);
const layout = (process.argv[4] ?? "layout") !== "raw";

// node:test's t.after, for the helpers written for tests.
const cleanups = [];
const t = { after: (f) => cleanups.push(f) };
const { mkdtempSync, rmSync } = await import("node:fs");
const dir = mkdtempSync(path.join((await import("node:os")).tmpdir(), "guichet-bureau-bench-"));
t.after(() => rmSync(dir, { recursive: true, force: true }));

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const ms = (v) => `${v.toFixed(1)} ms`;
function report(label, values) {
  console.log(`${label}: p50 ${ms(quantile(values, 0.5))}, p95 ${ms(quantile(values, 0.95))}, max ${ms(Math.max(...values))} (${values.length} runs)`);
}

try {
  console.log(`# guichet-hub from ${binDir}; ${count} démarches; ${rounds} rounds; ${layout ? "laid out as the Anor pack's form" : "raw (no pack on the hub)"}`);
  // One address plays every kiosk here: its pooled connections would reach the
  // hub's cap per address (32, a slow-client defence) and Chromium's would be
  // refused with 503, so the cap is raised for the bench.
  const { hub, hubDir, partnerDir, kiosk } = await hubWithService(t, dir, "etat-civil", ["--max-connections-per-address", "512"]);
  const boxKey = P.parseBoxKey(readFileSync(path.join(partnerDir, "etat-civil.box.key"), "utf8"));
  if (layout) {  // the Anor pack in the hub's repository, as `guichet-pack publish` names it
    const version = /^version:\s*(\d+)/m.exec(readFileSync(path.join(repoRoot, "content_packs/anor/pack.yaml"), "utf8"))[1];
    run("guichet-pack", ["keygen", "-o", path.join(dir, "staff")]);
    mkdirSync(path.join(hubDir, "repo/packs/anor"), { recursive: true });
    run("guichet-pack", ["build", path.join(repoRoot, "content_packs/anor"), "--key", path.join(dir, "staff.key"), "-o",
      path.join(hubDir, `repo/packs/anor/anor-${version}.gpk`), "-q"]);
  }

  // A 2 KB démarche: an acte de naissance (the Anor form's fields), with 20
  // more answers of ~60 characters the form does not name (shown under
  // « Autres réponses » when laid out).
  const extra = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`champ_${i}`, `Réponse numéro ${i} : ${"x".repeat(40)}`]));
  const answers = { type_acte: "naissance", forme_acte: "copie_integrale", lieu: "anor", nombre_exemplaires: "2",
    lien_demandeur: "moi", concerne_nom: "Martin", concerne_prenoms: "Julie Anne", date_evenement: "1990-03-12",
    pere_nom_prenoms: "Martin Paul", mere_nom_prenoms: "Durand Marie", demandeur_nom: "Martin", demandeur_prenom: "Julie",
    adresse: { line1: "12 rue de la Gare", postal_code: "59186", insee: "59012", commune: "Anor" },
    telephone: "03 27 59 51 11", email: "julie.martin@exemple.fr", ...extra };
  const payload = { format: 1, form: { id: "acte-etat-civil", version: 1, title: "Demander un acte d’état civil" }, answers,
    fields: Object.keys(answers).map((id, i) => ({ id, label: `Question ${i}`, type: "text" })) };
  console.log(`# payload: ${JSON.stringify(payload).length} bytes of JSON`);
  const seedStart = performance.now();
  const put = async (sealed) => {
    const u = sealed.upload;
    u.attachments = sealed.attachments ?? [];
    u.envelope_signature = P.base64Encode(sodium.crypto_sign_detached(P.toBytes(P.canonicalEnvelope(u)), kiosk.key.secret));
    const answer = await call(hub, "PUT", `/v1/demarches/${u.uuid}`, { key: kiosk.key, clientId: kiosk.id, body: JSON.stringify(u),
      headers: { "Idempotency-Key": u.uuid, "Content-Type": "application/json" } });
    if (answer.status !== 200) throw new Error(`PUT ${answer.status} ${answer.text()}`);
    return u;
  };
  const small = [];
  for (let i = 0; i < count; i += 16) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 16); ++j) {
      const s = sealDemarche(kiosk, boxKey.publicKey, payload, { name: "x", mime: "text/plain", bytes: new Uint8Array(1) });
      Object.assign(s.upload, { form_id: "acte-etat-civil", form_version: 1 });
      const n = j.toString(36).toUpperCase().padStart(6, "0");
      s.upload.tracking_code = `ANR-${n.slice(0, 4)}-${n.slice(4)}`;  // distinct codes for the search
      batch.push(put({ upload: s.upload, attachments: [] }));
    }
    small.push(...(await Promise.all(batch)));
  }
  console.log(`seeded ${count} démarches in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  // One démarche with a 5 MB picture (a JPEG made by ffmpeg, padded to 5 MB after its end marker).
  const jpeg = path.join(dir, "photo.jpg");
  execFileSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=s=3000x2000", "-frames:v", "1", "-q:v", "2", jpeg]);
  let picture = new Uint8Array(readFileSync(jpeg));
  if (picture.length < 5 << 20) {
    const padded = new Uint8Array(5 << 20);
    padded.set(picture);
    picture = padded;
  }
  const big = sealDemarche(kiosk, boxKey.publicKey, payload, { name: "photo.jpg", mime: "image/jpeg", bytes: picture });
  Object.assign(big.upload, { form_id: "acte-etat-civil", form_version: 1 });
  const bigU = await put({ upload: big.upload, attachments: big.upload.attachments });
  for (let at = 0; at < big.sealedData.length; at += 1 << 20) {
    const chunk = big.sealedData.slice(at, at + (1 << 20));
    const patch = await call(hub, "PATCH", `/v1/demarches/${bigU.uuid}/attachments/0`, { key: kiosk.key, clientId: kiosk.id, body: chunk,
      headers: { "Upload-Offset": String(at), "Upload-Checksum": `blake2b-256 ${P.blake2b256Hex(chunk)}` } });
    if (patch.status !== 204) throw new Error(`PATCH ${patch.status}`);
  }

  // 1. The inbox's server answer, as the page asks it: the first page, then a
  // search by code and a filter by state, then the whole list of §5 (1,000 at most).
  const signKey = P.parseSigningKey(readFileSync(path.join(partnerDir, "etat-civil.sign.key"), "utf8"));
  const pageParams = [["all", "1"], ["page", "1"], ["per_page", "25"], ["order", "newest"]];
  for (const [label, params] of [
    ["first page of 25", pageParams],
    ["page 200 of 25", [["all", "1"], ["page", "200"], ["per_page", "25"], ["order", "newest"]]],
    ["search by code", [...pageParams, ["code", small[count >> 1].tracking_code.slice(0, 8)]]],
    ["new ones only", [...pageParams, ["state", "new"]]],
    ["list of §5 (all=1, no page)", [["all", "1"]]],
  ]) {
    const times = [];
    let bytes = 0;
    for (let r = 0; r < rounds; ++r) {
      const started = performance.now();
      const answer = await call(hub, "GET", "/v1/partner/demarches", { key: signKey, clientId: "etat-civil", params });
      times.push(performance.now() - started);
      if (answer.status !== 200) throw new Error(`${label}: ${answer.status} ${answer.text()}`);
      bytes = answer.data.length;
    }
    report(`1. inbox, server answer, ${label} (${(bytes / 1e3).toFixed(0)} kB)`, times);
  }

  if (layout) {  // the forms' layout (§5.2): the first answer parses the pack, the next ones come from the cache
    const times = [];
    let bytes = 0;
    for (let r = 0; r <= rounds; ++r) {
      const started = performance.now();
      const answer = await call(hub, "GET", "/v1/partner/forms", { key: signKey, clientId: "etat-civil" });
      times.push(performance.now() - started);
      if (answer.status !== 200) throw new Error(`forms: ${answer.status} ${answer.text()}`);
      bytes = answer.data.length;
    }
    console.log(`1b. forms' layout, server answer (${(bytes / 1e3).toFixed(1)} kB): first (parses the Anor pack) ${ms(times[0])}`);
    report("1b. forms' layout, server answer, cached", times.slice(1));
  }

  // 2 and 3. In Chromium, through the page.
  const { browser, close } = await launchChromium();
  t.after(close);
  const page = await browser.newPage();
  page.setDefaultTimeout(600_000);
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  page.on("response", (r) => r.status() >= 400 && console.error(`page: ${r.status()} ${r.url()}`));
  await page.goto(`${hub}/bureau/`);
  await page.waitForSelector("#cle-signature");
  await (await page.$("#cle-signature")).uploadFile(path.join(partnerDir, "etat-civil.sign.key"));
  await (await page.$("#cle-ouverture")).uploadFile(path.join(partnerDir, "etat-civil.box.key"));
  const pass = "phrase de passe du banc";
  await page.type("#phrase", pass);
  await page.type("#phrase-bis", pass);
  const loginStart = performance.now();
  await page.click("button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#liste tbody tr"), { timeout: 600_000 });
  console.log(`inbox shown in the browser after sign-in (Argon2id, then the first page of 25 of ${count + 1}): ${ms(performance.now() - loginStart)}`);

  const openTimes = [];
  let laidOut = 0;  // the form's sections shown on the last démarche opened
  for (let r = 0; r < rounds; ++r) {
    const uuid = small[(r * 7919) % small.length].uuid;
    let elapsed;
    [elapsed, laidOut] = await page.evaluate(async (id) => {
        const started = performance.now();
        location.hash = `#/demarche/${id}`;
        await new Promise((resolve) => {
          const check = () => (document.querySelector("dl.reponses dd") && document.querySelector("h1")?.textContent.startsWith("Démarche ") && !document.querySelector("main [role=status]")?.textContent.startsWith("Ouverture") ? resolve() : requestAnimationFrame(check));
          check();
        });
        return [performance.now() - started, document.querySelectorAll("section.section-formulaire h3").length];
      }, uuid);
    openTimes.push(elapsed);
    await page.evaluate(() => (location.hash = "#/"));
    await page.waitForFunction(() => document.querySelector("#liste tbody tr"), { timeout: 600_000 });
  }
  if (layout !== laidOut > 0) throw new Error(`expected ${layout ? "the form's sections" : "no sections"}, found ${laidOut}`);
  report(`2. open a 2 KB démarche in the browser (fetch, check, open, render${layout ? ", laid out as its form" : ""})`, openTimes);

  const bigTimes = [];
  for (let r = 0; r < Math.min(rounds, 10); ++r) {
    bigTimes.push(
      await page.evaluate(async (id) => {
        const started = performance.now();
        location.hash = `#/demarche/${id}`;
        await new Promise((resolve) => {
          const check = () => {
            const img = document.querySelector(".piece img");
            return img && img.complete && img.naturalWidth > 0 ? resolve() : requestAnimationFrame(check);
          };
          check();
        });
        return performance.now() - started;
      }, bigU.uuid),
    );
    await page.evaluate(() => (location.hash = "#/"));
    await page.waitForFunction(() => document.querySelector("#liste tbody tr"), { timeout: 600_000 });
  }
  report(`3. open the démarche with a ${(picture.length / 1e6).toFixed(1)} MB picture (fetch, check, open, decode, show)`, bigTimes);

  // 4. The command line, for the same service.
  const fetchAll = performance.now();
  run("guichet-partner", ["fetch", "--hub", hub, "--key", path.join(partnerDir, "etat-civil.box.key"), "--out", path.join(dir, "received"), "--all"]);
  console.log(`4. guichet-partner fetch --all of the ${count + 1} démarches (opened, written): ${ms(performance.now() - fetchAll)} in all, ${ms((performance.now() - fetchAll) / (count + 1))} per démarche`);
} finally {
  for (const f of cleanups.reverse()) await f();
}
