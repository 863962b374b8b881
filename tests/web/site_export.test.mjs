// The Anor pack exported as a website (guichet-pack export-site, docs/site-export.md)
// in headless Chromium at a phone's and a desktop's width: axe-core finds no
// violation on the home, a list, a page and a démarche; the list honours the
// display periods of the export date; screenshots kept in GUICHET_WEB_SHOTS.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

import { launchBrowser, serveStatic } from "./browser.mjs";
import { binDir, tempDir, webRoot } from "./support.mjs";

const packDir = process.env.GUICHET_ANOR_PACK;
const shots = process.env.GUICHET_WEB_SHOTS;

// Every violation axe-core reports, whatever its impact.
async function axeAll(page) {
  await page.evaluate(readFileSync(path.join(webRoot, "node_modules/axe-core/axe.min.js"), "utf8"));
  const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return v.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

test("the exported Anor site: accessible at phone and desktop widths, lists as of the export date", async (t) => {
  assert.ok(packDir, "GUICHET_ANOR_PACK: the folder of anor.gpk and staff.pub (the anor_pack fixture)");
  const out = path.join(tempDir(t, "guichet-site-"), "site");
  const said = execFileSync(path.join(binDir, "guichet-pack"),
    ["export-site", path.join(packDir, "anor.gpk"), out, "--pub", path.join(packDir, "staff.pub"), "--today", "2026-12-07"],
    { encoding: "utf8", env: { ...process.env, GUICHET_LANG: "fr" } });
  assert.match(said, /site du pack 'anor' version \d+ au 2026-12-07/);

  const routes = {};
  for (const f of readdirSync(out, { recursive: true })) routes[`/${f}`] = path.join(out, f);
  const origin = await serveStatic(t, routes);
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("requestfailed", (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
  // The browser asks for /favicon.ico by itself; the site has none.
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && problems.push(`${r.url()}: ${r.status()}`));
  if (shots) mkdirSync(shots, { recursive: true });

  const pages = ["index.html", "rubrique-affichage-legal.html", "rubrique-dechets.html", "rubrique-demarches.html",
    "demarche-acte-etat-civil.html"];
  for (const [width, height, label] of [[390, 844, "telephone"], [1280, 900, "bureau"]]) {
    await page.setViewport({ width, height });
    for (const name of pages) {
      await page.goto(`${origin}/${name}`, { waitUntil: "load" });
      assert.equal(await page.$eval("html", (e) => e.lang), "fr", name);
      assert.deepEqual(await axeAll(page), [], `${name} at ${width} px`);
      // Phone first: nothing wider than the screen.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} fits ${width} px`);
      if (shots) await page.screenshot({ path: path.join(shots, `site-${label}-${name.replace(".html", "")}.png`), fullPage: true });
    }
  }
  // The legal notices shown on 7 December 2026 only, with the date of the information.
  await page.goto(`${origin}/rubrique-affichage-legal.html`);
  const list = await page.$eval("main", (e) => e.innerText);
  assert.match(list, /Informations à jour au 7 décembre 2026/);
  assert.match(list, /Avis d’enquête publique/);  // displayed from 15 November 2026 to 5 February 2027
  // The roadworks order, displayed until 16 October 2026: not published, not linked.
  assert.equal(await page.$$eval('a[href*="travaux"]', (a) => a.length), 0);
  assert.equal(routes["/page-affichage-legal-arrete-travaux.html"], undefined);
  // The skip link is the first stop of the keyboard and leads to the content.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Aller au contenu");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "contenu");
  assert.deepEqual(problems, []);
});
