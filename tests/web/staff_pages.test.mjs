// The town-hall staff's pages in headless Chromium against a real hub
// (docs/staff-pages.md): sign-in by keyboard, the session cookie out of
// the page's reach, kiosks with their problems called out, an enrolment token
// with its QR code, rename, the other pages; axe-core checks every page.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { P, call, hubWithService, now, sodium } from "./kiosk_double.mjs";
import { axeViolations, launchBrowser } from "./browser.mjs";
import { binDir, tempDir } from "./support.mjs";

const shots = process.env.GUICHET_WEB_SHOTS;
const password = "la mairie d’Anor, 1er étage";

function addAccount(hubDir, name, role) {
  execFileSync(path.join(binDir, "guichet-hub"), ["staff-add", "--data", hubDir, "--name", name, "--role", role],
    { input: `${password}\n`, encoding: "utf8", env: { ...process.env, GUICHET_LANG: "en" } });
}

async function heading(page) {
  return page.$eval("h1", (e) => e.textContent);
}

async function mainText(page) {
  return page.$eval("main", (e) => e.innerText);
}

test("staff sign in by keyboard, see the kiosk that needs attention, enrol another, rename it, browse every page", async (t) => {
  const dir = tempDir(t, "guichet-web-mairie-");
  const { hub, hubDir, kiosk } = await hubWithService(t, dir);
  addAccount(hubDir, "marie", "admin");
  addAccount(hubDir, "paul", "staff");

  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  if (shots) mkdirSync(shots, { recursive: true });
  const shot = async (name) => shots && page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

  // The hub's home sends staff to their pages.
  await page.goto(`${hub}/`);
  await page.waitForSelector("#identifiant");
  assert.equal(new URL(page.url()).pathname, "/mairie/");
  assert.equal(await heading(page), "Connexion du personnel");
  assert.deepEqual(await axeViolations(page), []);

  // A wrong password, by keyboard only: the view's heading has the focus, the fields follow.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), "H1");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "identifiant");
  await page.keyboard.type("marie");
  await page.keyboard.press("Tab");
  await page.keyboard.type("pas le bon");
  await page.keyboard.press("Enter");
  await page.waitForSelector("main [role=alert]");
  assert.match(await page.$eval("main [role=alert]", (e) => e.textContent), /Identifiant ou mot de passe incorrect/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "mot-de-passe");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Bornes");

  // The session cookie: HttpOnly (the page cannot read it), Secure, SameSite=Strict.
  const cookies = await page.cookies();
  const session = cookies.find((c) => c.name === "__Host-guichet-session");
  assert.ok(session, JSON.stringify(cookies));
  assert.equal(session.httpOnly, true);
  assert.equal(session.secure, true);
  assert.equal(session.sameSite, "Strict");
  assert.equal(await page.evaluate(() => document.cookie), "");

  // The kiosk enrolled but never heard from is called out.
  await page.waitForSelector("tbody tr");
  const text = await mainText(page);
  assert.match(text, /1 borne à surveiller sur 1/);
  assert.match(text, /Aucun signal reçu depuis l’inscription/);
  assert.match(text, new RegExp(kiosk.id));
  assert.ok(await page.$("tr.alerte"));
  assert.deepEqual(await axeViolations(page), []);
  await shot("mairie-bornes");

  // Enrol another kiosk: a token shown once, with its command and a QR code that loads.
  await page.click("form.carte button[type=submit]");
  await page.waitForSelector("pre.commande");
  const command = await page.$eval("pre.commande", (e) => e.textContent);
  assert.match(command, /^guichet-sync enroll --state \S+ --hub http:\/\/127\.0\.0\.1:\d+ --token [A-Za-z0-9_-]{43}$/);
  await page.waitForFunction(() => document.querySelector("img.qr")?.naturalWidth > 0);
  assert.deepEqual(await axeViolations(page), []);
  await shot("mairie-inscription");

  // Rename the kiosk.
  await page.click("button[data-action=renommer]");
  await page.waitForSelector("#nouveau-nom");
  await page.$eval("#nouveau-nom", (e) => (e.value = ""));
  await page.type("#nouveau-nom", "Hall de la mairie <b>d’Anor</b>");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("tbody th")?.textContent.startsWith("Hall de la mairie"));
  assert.equal(await page.$("tbody th b"), null, "a name is text, never markup");

  // The token enrols a second kiosk; the first one now sends its heartbeat: one of two to watch,
  // and the filter shows only that one.
  const pair = sodium.crypto_sign_keypair();
  const enrol = await call(hub, "POST", "/v1/enroll", {
    body: JSON.stringify({ token: command.split(" ").pop(), public_key: P.base64Encode(pair.publicKey), name: "Salle du conseil" }),
    headers: { "Content-Type": "application/json" } });
  assert.equal(enrol.status, 200, enrol.text());
  const beat = { queue: { queued: 0, sending: 0, delivered: 1, purged: 0 }, oldest_queued: null, last_sync: now(), packs: [],
    free_disk_bytes: 8 * 2 ** 30, software_version: "guichet-sync 1", sent_at: now() };
  const sent = await call(hub, "POST", "/v1/kiosk/heartbeat", { key: kiosk.key, clientId: kiosk.id, body: JSON.stringify(beat),
    headers: { "Content-Type": "application/json" } });
  assert.equal(sent.status, 204, sent.text());
  await page.goto(`${hub}/mairie/#/packs`);
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Packs de contenu");
  await page.goto(`${hub}/mairie/#/bornes`);
  await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 2);
  assert.match(await mainText(page), /1 borne à surveiller sur 2/);
  await page.click("#a-surveiller");
  await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1);
  assert.equal(await page.$eval("tbody th", (e) => e.textContent.startsWith("Salle du conseil")), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), "a-surveiller");
  assert.deepEqual(await axeViolations(page), []);
  await page.click("#a-surveiller");
  await page.waitForFunction(() => document.querySelectorAll("tbody tr").length === 2);

  // Every other page, checked by axe.
  for (const [hash, title, expected] of [
    ["#/packs", "Packs de contenu", /Aucun pack publié sur ce hub/],
    ["#/flux", "Flux publiés", /Offres d’emploi[\s\S]*Aucun flux publié/],
    ["#/partenaires", "Services partenaires", /etat-civil/],
    ["#/comptes", "Comptes du personnel", /paul[\s\S]*personnel/],
  ]) {
    await page.goto(`${hub}/mairie/${hash}`);
    await page.waitForFunction((want) => document.querySelector("h1")?.textContent === want, {}, title);
    await page.waitForFunction(() => !/Chargement/.test(document.querySelector("main").innerText));
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("main").innerText), {}, expected.source);
    assert.deepEqual(await axeViolations(page), [], hash);
    if (hash === "#/partenaires") await shot("mairie-partenaires");
  }

  // Sign out: the hub forgets the session; the pages show sign-in again.
  await page.click("#deconnexion");
  await page.waitForSelector("#identifiant");
  const status = await page.evaluate(async () => (await fetch("/v1/staff/kiosks")).status);
  assert.equal(status, 401);
  assert.deepEqual(problems.filter((p) => !/401|Unauthorized/.test(p)), []);
});

test("a staff account sees no accounts page and cannot revoke; the hub refuses it too", async (t) => {
  const dir = tempDir(t, "guichet-web-mairie-");
  const { hub, hubDir } = await hubWithService(t, dir);
  addAccount(hubDir, "paul", "staff");
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  await page.goto(`${hub}/mairie/`);
  await page.waitForSelector("#identifiant");
  await page.type("#identifiant", "paul");
  await page.type("#mot-de-passe", password);
  await page.keyboard.press("Enter");
  await page.waitForSelector("tbody tr");
  assert.equal(await page.$eval("#lien-comptes", (e) => e.hidden), true);
  assert.equal(await page.$("button[data-action=revoquer]"), null);
  assert.ok(await page.$("button[data-action=renommer]"));
  // Even a hand-made request with the page's own token is refused by role.
  const answer = await page.evaluate(async () => {
    const who = await (await fetch("/v1/staff/session")).json();
    const r = await fetch("/v1/staff/accounts", { method: "POST", headers: { "Content-Type": "application/json", "X-Guichet-CSRF": who.csrf },
      body: JSON.stringify({ name: "pirate", role: "admin", password: "un mot de passe bien long" }) });
    return { status: r.status, body: await r.json() };
  });
  assert.equal(answer.status, 403);
  assert.equal(answer.body.error, "role");
});

test("staff publish a pack version prepared on their PC: the files chosen in the page, checked by the hub, then listed", async (t) => {
  const dir = tempDir(t, "guichet-web-mairie-");
  const pack = (...args) => execFileSync(path.join(binDir, "guichet-pack"), args, { encoding: "utf8", env: { ...process.env, GUICHET_LANG: "en" } });
  pack("keygen", "-o", path.join(dir, "staff"));
  pack("new", path.join(dir, "ma-commune"));
  pack("build", path.join(dir, "ma-commune"), "--key", path.join(dir, "staff.key"), "-o", path.join(dir, "ma-commune.gpk"), "-q");
  const pcRepo = path.join(dir, "depot");
  pack("publish", "--repo", pcRepo, path.join(dir, "ma-commune.gpk"), "--key", path.join(dir, "staff.key"));
  const { hub, hubDir } = await hubWithService(t, dir, "etat-civil", ["--pack-key", path.join(dir, "staff.pub")]);
  addAccount(hubDir, "marie", "staff");

  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${hub}/mairie/#/packs`);
  await page.waitForSelector("#identifiant");
  await page.type("#identifiant", "marie");
  await page.type("#mot-de-passe", password);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#publication");
  assert.match(await mainText(page), /Aucun pack publié sur ce hub/);
  const packFile = execFileSync("find", [path.join(pcRepo, "packs"), "-name", "*.gpk"], { encoding: "utf8" }).trim();
  await (await page.$("#publication")).uploadFile(path.join(pcRepo, "index.gpi"), packFile, path.join(dir, "staff.pub"));
  await page.click("#publication ~ button[type=submit]");
  await page.waitForFunction(() => /Versions publiées/.test(document.querySelector("main").innerText), { timeout: 60_000 });
  const text = await mainText(page);
  assert.match(text, /Index du dépôt : version 1/);
  assert.match(text, /ma-commune\s+v1/);
  assert.deepEqual(await axeViolations(page), []);
  if (shots) await page.screenshot({ path: path.join(shots, "mairie-packs.png"), fullPage: true });
  assert.equal(readFileSync(path.join(hubDir, "repo/index.gpi"), "utf8"), readFileSync(path.join(pcRepo, "index.gpi"), "utf8"));
});
