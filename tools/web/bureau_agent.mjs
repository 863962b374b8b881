#!/usr/bin/env node
// A partner agent at the back office, in headless Chromium: what scripts/run.sh
// shows without a display, and what the kiosk-to-agent test drives. It does
// what a person does in the pages (docs/back-office.md): import the service's
// keys, open the inbox, open a démarche, check what it shows, send a status.
import { mkdirSync } from "node:fs";
import path from "node:path";

import { launchChromium } from "./chromium.mjs";

const usage = `Usage: node tools/web/bureau_agent.mjs --hub URL --sign-key ID.sign.key --box-key ID.box.key
                                      [--code CODE] [--expect TEXT]... [--pictures N]
                                      [--status STATUS --message TEXT] [--shots DIR]
                                      [--trust-spki sha256//BASE64]
  Opens URL/bureau/ in headless Chromium as an agent of service ID, imports its
  keys (under a passphrase made for the run), opens the démarche CODE (default:
  the newest in the inbox), checks that each TEXT appears on its page and that
  at least N pictures are shown inline, then sends STATUS (recu, en_cours,
  a_completer, pret_a_retirer, termine, refuse) with TEXT for the resident.
  Screenshots in DIR: bureau-boite.png, bureau-demarche.png, bureau-statut.png.
  With --trust-spki, an https:// hub whose self-signed certificate has that
  public key is trusted (that key only; as guichet-sync --pin).
  Prints the démarche's tracking code. Exit status: 0 done, 1 failure, 2 usage.`;

function parse(argv) {
  const o = { expect: [], pictures: 0 };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--help" || a === "-h") o.help = true;
    else if (a === "--hub") o.hub = value().replace(/\/+$/, "");
    else if (a === "--sign-key") o.signKey = value();
    else if (a === "--box-key") o.boxKey = value();
    else if (a === "--code") o.code = value();
    else if (a === "--expect") o.expect.push(value());
    else if (a === "--pictures") o.pictures = Number(value());
    else if (a === "--status") o.status = value();
    else if (a === "--message") o.message = value();
    else if (a === "--shots") o.shots = value();
    else if (a === "--trust-spki") o.trustSpki = value();
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.help && (!o.hub || !o.signKey || !o.boxKey)) throw new Error("--hub, --sign-key and --box-key are required");
  if (o.message !== undefined && !o.status) throw new Error("--message needs --status");
  return o;
}

async function agent(o) {
  const { browser, close } = await launchChromium({ trustSpki: o.trustSpki });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const problems = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    if (o.shots) mkdirSync(o.shots, { recursive: true });
    const shot = async (name) => o.shots && page.screenshot({ path: path.join(o.shots, `${name}.png`), fullPage: true });
    const heading = (text) => page.waitForFunction((t) => document.querySelector("h1")?.textContent === t, { timeout: 60_000 }, text);

    await page.goto(`${o.hub}/bureau/`);
    await page.waitForSelector("#cle-signature");
    const passphrase = `demo ${Math.random().toString(36).slice(2)} ${Date.now()}`;
    await (await page.$("#cle-signature")).uploadFile(path.resolve(o.signKey));
    await (await page.$("#cle-ouverture")).uploadFile(path.resolve(o.boxKey));
    await page.type("#phrase", passphrase);
    await page.type("#phrase-bis", passphrase);
    await page.click("button[type=submit]");
    await page.waitForFunction(
      () => document.querySelector(".erreur") || (document.querySelector("h1")?.textContent === "Boîte de réception" && document.querySelector("#liste")),
      { timeout: 60_000 },
    );
    const refused = await page.$eval(".erreur", (e) => e.textContent).catch(() => null);
    if (refused) throw new Error(`the back office refused the keys: ${refused}`);
    await shot("bureau-boite");

    const rows = await page.$$eval("#liste tbody tr", (trs) =>
      trs.map((tr) => ({ code: tr.cells[2].textContent, href: tr.cells[2].querySelector("a").getAttribute("href") })),
    );
    if (!rows.length) throw new Error("the inbox is empty");
    const row = o.code ? rows.find((r) => r.code === o.code) : rows[0];
    if (!row) throw new Error(`no démarche ${o.code} in the inbox (${rows.map((r) => r.code).join(", ")})`);
    await page.click(`a[href="${row.href}"]`);
    await heading(`Démarche ${row.code}`);
    await page.waitForFunction(() => !document.querySelector("main [role=status]")?.textContent.startsWith("Ouverture"), { timeout: 60_000 });
    const shown = await page.$eval("main", (m) => m.innerText);
    for (const text of o.expect) if (!shown.includes(text)) throw new Error(`the démarche's page does not show « ${text} »`);
    const pictures = await page.$$eval(".piece img", (imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length);
    if (pictures < o.pictures) throw new Error(`${pictures} picture(s) shown inline, expected at least ${o.pictures}`);
    await shot("bureau-demarche");
    // The print view (A4 print stylesheet: no navigation, no forms), as the browser's « Imprimer » lays it out.
    await page.emulateMediaType("print");
    await shot("bureau-impression");
    await page.emulateMediaType(null);

    if (o.status) {
      await page.select("#statut", o.status);
      if (o.message !== undefined) {
        await page.$eval("#message", (e) => (e.value = ""));
        await page.type("#message", o.message);
      }
      await page.click("form.carte button[type=submit]");
      await page.waitForSelector(".succes, form.carte .erreur", { timeout: 60_000 });
      const error = await page.$eval("form.carte .erreur", (e) => e.textContent).catch(() => null);
      if (error) throw new Error(`the status was refused: ${error}`);
      await shot("bureau-statut");
    }
    if (problems.length) throw new Error(`the pages reported: ${problems.join("; ")}`);
    console.log(`démarche ${row.code}: opened in the browser, ${pictures} picture(s) inline${o.status ? `, status ${o.status} sent` : ""}`);
    console.log(`tracking code: ${row.code}`);
  } finally {
    await close();
  }
}

let options;
try {
  options = parse(process.argv.slice(2));
} catch (e) {
  console.error(`bureau_agent: ${e.message}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}
try {
  await agent(options);
} catch (e) {
  console.error(`bureau_agent: ${e.message}`);
  process.exit(1);
}
