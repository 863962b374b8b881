// The « Statistiques » staff page (docs/usage-stats.md §5) in headless
// Chromium against a real hub filled with a simulated month (données
// simulées, guichet-usage-sim): the chart, its data table, the CSV link, axe.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";

import { axeViolations, launchBrowser } from "./browser.mjs";
import { binDir, run, startHub, tempDir } from "./support.mjs";

const shots = process.env.GUICHET_WEB_SHOTS;
const password = "la mairie d’Anor, 1er étage";

test("staff read a month's usage statistics: chart, tables, CSV, no accessibility violation", async (t) => {
  const dir = tempDir(t, "guichet-web-usage-");
  const hubDir = path.join(dir, "hub");
  run("guichet-usage-sim", ["--data", hubDir, "--month", "2026-11"]);
  execFileSync(path.join(binDir, "guichet-hub"), ["staff-add", "--data", hubDir, "--name", "marie", "--role", "staff"],
    { input: `${password}\n`, encoding: "utf8", env: { ...process.env, GUICHET_LANG: "en" } });
  const hub = await startHub(t, hubDir);

  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));

  await page.goto(`${hub}/mairie/`);
  await page.waitForSelector("#identifiant");
  await page.type("#identifiant", "marie");
  await page.type("#mot-de-passe", password);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Bornes");

  await page.click('#navigation a[href="#/statistiques"]');
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Statistiques d’utilisation");
  await page.waitForSelector("#mois");
  await page.$eval("#mois", (e) => { e.value = "2026-11"; });
  await page.click("main form button[type=submit]");
  await page.waitForFunction(() => [...document.querySelectorAll("caption")].some((c) => c.textContent === "Chaque jour"));

  // The chart: the hub's SVG, loaded, with a text alternative; the same figures in the tables.
  await page.waitForFunction(() => document.querySelector("figure img")?.complete);
  const chart = await page.$eval("figure img", (i) => ({ width: i.naturalWidth, alt: i.alt, src: i.getAttribute("src") }));
  assert.ok(chart.width > 0, "the chart did not load");
  assert.match(chart.alt, /^Graphiques du mois 2026-11 : sessions par jour/);
  assert.match(chart.src, /^blob:/);  // fetched with the session, shown from a blob (render.js takes no other source)
  const text = await page.$eval("main", (e) => e.innerText);
  assert.match(text, /Chaque démarche/);
  assert.match(text, /inscription-cantine/);
  assert.match(text, /Réglages utilisés/);
  assert.match(text, /2 borne\(s\) ont envoyé des compteurs/);
  // 30 days minus the Sundays (the simulated kiosks are closed): 25 rows with sessions.
  const dayRows = await page.$$eval("table", (tables) =>
    tables.find((tb) => tb.caption?.textContent === "Chaque jour").tBodies[0].rows.length);
  assert.equal(dayRows, 25);

  // The CSV link: the session's cookie goes with it; RFC 4180 with French headers.
  const href = await page.$eval("main a[download]", (a) => a.href);
  const csv = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { status: r.status, type: r.headers.get("content-type"), body: await r.text() };
  }, href);
  assert.equal(csv.status, 200);
  assert.equal(csv.type, "text/csv; charset=utf-8");
  assert.ok(csv.body.startsWith("Jour,Compteur,Libellé,Élément,Indice,Valeur\r\n"));

  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems.filter((p) => !/401|Unauthorized/.test(p)), []);  // the sign-in page asks who is signed in first
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "mairie-statistiques.png"), fullPage: false });
  }
});
