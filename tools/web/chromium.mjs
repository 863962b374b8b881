// Debian's Chromium, headless, driven by puppeteer-core from sync/hub/web's
// npm packages (scripts/setup.sh installs them; nothing downloads a browser).
// The flags keep Chromium from reaching for Google's services on a closed
// network; --lang and the locale give the pages' controls in French, as an
// agent sees them (Debian's chromium-l10n).
import { createRequire } from "node:module";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const webRoot = path.join(repoRoot, "sync/hub/web");
export const chromiumPath = process.env.GUICHET_CHROMIUM ?? "/usr/bin/chromium";

const webRequire = createRequire(path.join(webRoot, "package.json"));

// A package of sync/hub/web/node_modules, whatever directory the caller runs from.
export async function importWebPackage(name) {
  let resolved;
  try {
    resolved = webRequire.resolve(name);
  } catch {
    throw new Error(`npm package ${name} missing in ${webRoot}/node_modules: run scripts/setup.sh (npm ci there)`);
  }
  return import(pathToFileURL(resolved).href);
}

// Returns {browser, close}; close() also removes the throw-away profile.
// TRUST_SPKI: the base64 SHA-256 of a self-signed hub's public key (SPKI, as
// scripts/run.sh prints it): that certificate, and only it, is accepted
// (Chromium's --ignore-certificate-errors-spki-list; never every certificate).
// ARGS: more flags (the visio test's fake camera and microphone).
export async function launchChromium({ trustSpki, args = [] } = {}) {
  const { default: puppeteer } = await importWebPackage("puppeteer-core");
  const profile = mkdtempSync(path.join(tmpdir(), "guichet-chromium-"));
  const browser = await puppeteer.launch({
    env: { ...process.env, LANG: "fr_FR.UTF-8", LANGUAGE: "fr" },
    executablePath: chromiumPath,
    headless: true,
    userDataDir: profile,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--lang=fr-FR",
      ...(trustSpki ? [`--ignore-certificate-errors-spki-list=${trustSpki.replace(/^sha256\/\//, "")}`] : []),
      ...args,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
