// A démarche filled on the exported site (docs/site-export.md « Démarches en
// ligne », protocol §11), in headless Chromium against a real hub: the form
// drawn from the pack, checked by the kiosk's engine in WebAssembly (its
// French messages), sealed in the page, sent to the web channel, the receipt
// shown; the service then opens it with guichet-partner as a kiosk's.
// axe-core: no violation on the form, its errors and the receipt.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { createServer, request } from "node:http";
import path from "node:path";

import { launchBrowser } from "./browser.mjs";
import { binDir, repoRoot, run, startHub, tempDir, webRoot } from "./support.mjs";

const packDir = process.env.GUICHET_ANOR_PACK;
const wasmDir = process.env.GUICHET_FORMS_WASM;
const shots = process.env.GUICHET_WEB_SHOTS;

async function axeAll(page) {
  await page.evaluate(readFileSync(path.join(webRoot, "node_modules/axe-core/axe.min.js"), "utf8"));
  const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return v.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

// The site's files, and /v1/ forwarded to the hub: one origin, as when the hub or
// a proxy in front of it serves the site (protocol §11: no CORS).
async function serveSite(t, routes, hubUrl) {
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
    ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x").pathname;
    if (url.startsWith("/v1/")) {
      const hub = new URL(hubUrl);
      const headers = { ...req.headers, host: hub.host };
      const forward = request({ host: hub.hostname, port: hub.port, path: req.url, method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      forward.on("error", () => res.writeHead(502).end());
      return req.pipe(forward);
    }
    const file = routes[url];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": types[path.extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }));
  return `http://127.0.0.1:${server.address().port}`;
}

// Without emscripten the main build has no WebAssembly engine (docs/forms-wasm.md §1):
// skipped, as CTest says (SKIP_RETURN_CODE 77).
if (!wasmDir || !existsSync(path.join(wasmDir, "guichet-forms.wasm"))) {
  console.log(`skipped: no guichet-forms.wasm in ${wasmDir} (emscripten missing)`);
  process.exit(77);
}

test("a démarche filled on the site: the kiosk's messages, sealed in the page, received by the service", async (t) => {
  assert.ok(packDir, "GUICHET_ANOR_PACK: the folder of anor.gpk and staff.pub (the anor_pack fixture)");
  const dir = tempDir(t, "guichet-site-demarche-");
  // The service état civil: the pack seals for the demo key.
  const hubDir = path.join(dir, "hub");
  const partnerDir = path.join(dir, "partner");
  run("guichet-partner", ["keygen", "--id", "etat-civil", "--out", partnerDir]);
  copyFileSync(path.join(repoRoot, "assets/demo-keys/recipients/etat-civil.box.key"), path.join(partnerDir, "etat-civil.box.key"));
  run("guichet-hub", ["add-partner", "--data", hubDir, "--id", "etat-civil", "--key", path.join(partnerDir, "etat-civil.sign.pub")]);

  const scripts = path.join(dir, "scripts");
  mkdirSync(scripts);
  copyFileSync(path.join(repoRoot, "tools/pack/site/web/demarche.js"), path.join(scripts, "demarche.js"));
  for (const f of ["guichet-forms.js", "guichet-forms.wasm"]) copyFileSync(path.join(wasmDir, f), path.join(scripts, f));
  copyFileSync(path.join(webRoot, "node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs"), path.join(scripts, "libsodium-wrappers.mjs"));
  copyFileSync(path.join(webRoot, "node_modules/libsodium-sumo/dist/modules-sumo-esm/libsodium-sumo.mjs"), path.join(scripts, "libsodium-sumo.mjs"));

  const routes = {};
  let hubUrl = "";
  const origin = await serveSite(t, routes, { toString: () => hubUrl });
  const out = path.join(dir, "site");
  const said = execFileSync(path.join(binDir, "guichet-pack"),
    ["export-site", path.join(packDir, "anor.gpk"), out, "--pub", path.join(packDir, "staff.pub"), "--hub", origin,
      "--scripts", scripts, "--today", "2026-12-07"], { encoding: "utf8", env: { ...process.env, GUICHET_LANG: "fr" } });
  const version = said.match(/version (\d+)/)[1];
  for (const f of readdirSync(out, { recursive: true })) routes[`/${f}`] = path.join(out, f);
  // The hub publishes the same pack: it knows the form the page sends.
  mkdirSync(path.join(hubDir, "repo/packs/anor"), { recursive: true });
  copyFileSync(path.join(packDir, "anor.gpk"), path.join(hubDir, `repo/packs/anor/anor-${version}.gpk`));
  hubUrl = await startHub(t, hubDir, ["--web-channel", "web-anor"]);

  // A démarche with attachments and a signature stays at the kiosk in this version.
  assert.doesNotMatch(readFileSync(routes["/demarche-inscription-cantine.html"], "utf8"), /id="formulaire"/);
  assert.match(readFileSync(routes["/demarche-inscription-cantine.html"], "utf8"), /ne peut pas encore se faire depuis ce site/);

  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  // The browser asks for /favicon.ico by itself; the site has none.
  // 502: the proxy's answer while the hub is down, on purpose below.
  page.on("response", (r) => r.status() >= 400 && r.status() !== 502 && !r.url().endsWith("/favicon.ico") &&
    problems.push(`${r.url()}: ${r.status()}`));
  await page.setViewport({ width: 390, height: 844 });
  const started = Date.now();
  await page.goto(`${origin}/demarche-acte-etat-civil.html`, { waitUntil: "load" });
  await page.waitForSelector("#formulaire form", { timeout: 15000 });
  t.diagnostic(`the form drawn and checked ${Date.now() - started} ms after the page was asked for`);
  assert.deepEqual(await axeAll(page), [], "the form");

  // Sent empty: the kiosk's own message, a summary that takes the focus.
  await page.click("#formulaire button[type=submit]");
  await page.waitForSelector("#erreurs ul");
  assert.match(await page.$eval("#erreurs", (e) => e.innerText), /Ce champ est obligatoire\./);
  assert.equal(await page.evaluate(() => document.activeElement.id), "erreurs");
  assert.deepEqual(await axeAll(page), [], "the form with its errors");
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "site-demarche-erreurs.png"), fullPage: true });
  }

  // A field shown by a condition, as at the kiosk.
  assert.equal(await page.$eval('[data-field="commune_acte"]', (e) => e.hidden), true);
  await page.click('input[name="champ-lieu"][value="autre"]');
  assert.equal(await page.$eval('[data-field="commune_acte"]', (e) => e.hidden), false);
  await page.click('input[name="champ-lieu"][value="anor"]');

  for (const [name, value] of [["type_acte", "naissance"], ["forme_acte", "extrait_filiation"], ["lien_demandeur", "moi"]])
    await page.click(`input[name="champ-${name}"][value="${value}"]`);
  for (const [id, text] of [["nombre_exemplaires", "1"], ["concerne_nom", "Martin"], ["concerne_prenoms", "Léa"],
    ["date_evenement", "31/02/1990"], ["demandeur_nom", "Martin"], ["demandeur_prenom", "Léa"],
    ["adresse", "12 rue de la Gare"], ["adresse-cp", "59186"]])
    await page.type(`#champ-${id}`, text);
  await page.select("#champ-adresse-commune", "59012");
  // A date that does not exist: the engine's message, in French.
  await page.click("#formulaire button[type=submit]");
  await page.waitForFunction(() => document.querySelector("#champ-date_evenement-erreur").textContent !== "");
  const dateProblem = await page.$eval("#champ-date_evenement-erreur", (e) => e.textContent);
  assert.match(dateProblem, /^Le 31\/02\/1990 n’existe pas\s:\sil n’y a que 28 jours en février 1990\.$/);  // French spacing
  // The draft is kept in this browser only.
  assert.match(await page.evaluate(() => localStorage.getItem("guichet-brouillon-acte-etat-civil")), /Martin/);
  await page.$eval("#champ-date_evenement", (e) => { e.value = ""; });
  await page.type("#champ-date_evenement", "12/05/1990");
  // The hub down: the démarche is kept, sealed, and the page says so; sent again once it is back.
  const liveHub = hubUrl;
  hubUrl = "http://127.0.0.1:9";
  await page.click("#formulaire button[type=submit]");
  await page.waitForFunction(() => /ne répond pas/.test(document.querySelector("#formulaire .etat").textContent));
  const kept = JSON.parse(await page.evaluate(() => localStorage.getItem("guichet-brouillon-acte-etat-civil")));
  assert.match(kept.pending.uuid, /^[0-9a-f-]{36}$/);
  hubUrl = liveHub;
  await page.click("#formulaire button[type=submit]");
  await page.waitForSelector(".recu", { timeout: 15000 });
  const code = await page.$eval(".suivi", (e) => e.textContent);
  assert.match(code, /^ANR-[2-9A-HJKMNPQRTV-Z]{4}-[2-9A-HJKMNPQRTV-Z]{2}$/);
  assert.equal(await page.evaluate(() => localStorage.getItem("guichet-brouillon-acte-etat-civil")), null);
  assert.deepEqual(await axeAll(page), [], "the receipt");
  if (shots) {
    await page.screenshot({ path: path.join(shots, "site-demarche-recu.png"), fullPage: true });
  }

  // The service opens it as a kiosk's: the envelope verified, the answers as the engine normalised them.
  const received = path.join(dir, "received");
  run("guichet-partner", ["fetch", "--hub", hubUrl, "--key", path.join(partnerDir, "etat-civil.box.key"), "--out", received]);
  const [uuid] = readdirSync(received);
  assert.equal(uuid, kept.pending.uuid);
  const payload = JSON.parse(readFileSync(path.join(received, uuid, "demarche.json"), "utf8"));
  assert.equal(payload.form.id, "acte-etat-civil");
  assert.equal(payload.answers.concerne_prenoms, "Léa");
  assert.equal(payload.answers.date_evenement, "1990-05-12");
  assert.equal(payload.answers.adresse.commune, "Anor");
  const info = readFileSync(path.join(received, uuid, "info.json"), "utf8");
  assert.match(info, /web-anor/);
  assert.match(info, new RegExp(code));
  assert.deepEqual(problems, []);
});
