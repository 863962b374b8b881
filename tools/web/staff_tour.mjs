#!/usr/bin/env node
// A town-hall staff member at the hub's staff pages, in headless Chromium:
// what scripts/run.sh shows without a display (docs/staff-pages.md). Signs in,
// reads the kiosks page and each other page, takes screenshots.
import { mkdirSync } from "node:fs";
import path from "node:path";

import { launchChromium } from "./chromium.mjs";

const usage = `Usage: node tools/web/staff_tour.mjs --hub URL --name NAME [--shots DIR]
  Opens URL/mairie/ in headless Chromium, signs in as NAME with the password
  read from the environment variable GUICHET_STAFF_PASSWORD, prints the
  kiosks page's summary and each kiosk's problems, then visits the packs,
  feeds and partner services pages. Screenshots in DIR: mairie-bornes.png,
  mairie-packs.png, mairie-flux.png. Exit status: 0 done, 1 failure, 2 usage.`;

function parse(argv) {
  const o = {};
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--help" || a === "-h") o.help = true;
    else if (a === "--hub") o.hub = value().replace(/\/+$/, "");
    else if (a === "--name") o.name = value();
    else if (a === "--shots") o.shots = value();
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.help && (!o.hub || !o.name)) throw new Error("--hub and --name are required");
  if (!o.help && !process.env.GUICHET_STAFF_PASSWORD) throw new Error("GUICHET_STAFF_PASSWORD is not set");
  return o;
}

async function tour(o) {
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    if (o.shots) mkdirSync(o.shots, { recursive: true });
    const shot = async (name) => o.shots && page.screenshot({ path: path.join(o.shots, `${name}.png`), fullPage: true });
    const loaded = (title) => page.waitForFunction(
      (t) => document.querySelector("h1")?.textContent === t && !/Chargement/.test(document.querySelector("main").innerText)
        && document.querySelector("main").children.length > 1 && document.querySelector("main > div")?.children.length > 0,
      { timeout: 60_000 }, title);

    await page.goto(`${o.hub}/mairie/`);
    await page.waitForSelector("#identifiant");
    await page.type("#identifiant", o.name);
    await page.type("#mot-de-passe", process.env.GUICHET_STAFF_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("main [role=alert]") || document.querySelector("h1")?.textContent === "Bornes",
      { timeout: 60_000 });
    const refused = await page.$eval("main [role=alert]", (e) => e.textContent).catch(() => null);
    if (refused) throw new Error(`sign-in refused: ${refused}`);
    await loaded("Bornes");
    const summary = await page.$eval("main > div > p", (p) => p.textContent);
    console.log(`Bornes : ${summary}`);
    for (const line of await page.$$eval("tbody tr", (rows) => rows.map((r) =>
      `  ${r.cells[0].innerText.replace(/\n/g, " ")} — dernier signal ${r.cells[1].innerText}, packs ${r.cells[4].innerText}, problèmes : ${r.cells[7].innerText.replace(/\n/g, " ; ")}`)))
      console.log(line);
    await shot("mairie-bornes");
    for (const [hash, title, name] of [["#/packs", "Packs de contenu", "mairie-packs"], ["#/flux", "Flux publiés", "mairie-flux"],
      ["#/partenaires", "Services partenaires", null]]) {
      await page.goto(`${o.hub}/mairie/${hash}`);
      await loaded(title);
      if (name) await shot(name);
    }
    if (problems.length) throw new Error(`the pages reported errors: ${problems.join("; ")}`);
  } finally {
    await close();
  }
}

try {
  const o = parse(process.argv.slice(2));
  if (o.help) {
    console.log(usage);
    process.exit(0);
  }
  await tour(o);
} catch (e) {
  console.error(`staff_tour: ${e.message}`);
  process.exit(e.message.includes("required") || e.message.includes("option") ? 2 : 1);
}
