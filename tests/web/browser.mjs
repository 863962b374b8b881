// Chromium for the tests (tools/web/chromium.mjs, closed when the test ends)
// and a static server for sync/hub/web on loopback.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { launchChromium } from "../../tools/web/chromium.mjs";
import { webRoot } from "./support.mjs";

export async function launchBrowser(t, options = {}) {
  const { browser, close } = await launchChromium(options);
  t.after(close);
  return browser;
}

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css" };

// Serves ROUTES ({"/url": absolute file}) and PAGES ({"/url": {html, csp}}),
// 404 otherwise. Resolves with the origin.
export async function serveStatic(t, routes, pages = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x").pathname;
    if (pages[url]) {
      res.writeHead(200, { "Content-Type": types[".html"], "Content-Security-Policy": pages[url].csp });
      return res.end(pages[url].html);
    }
    const file = routes[url];
    if (!file) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": types[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  }));
  return `http://127.0.0.1:${server.address().port}`;
}

// The URLs the back office's pages import libsodium.js from, and the import
// map that names them (bare specifiers as in the npm package).
export const vendorRoutes = {
  "/vendor/libsodium-wrappers.mjs": path.join(webRoot, "node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs"),
  "/vendor/libsodium-sumo.mjs": path.join(webRoot, "node_modules/libsodium-sumo/dist/modules-sumo-esm/libsodium-sumo.mjs"),
  "/js/protocol.js": path.join(webRoot, "js/protocol.js"),
  "/js/keystore.js": path.join(webRoot, "js/keystore.js"),
};
export const importMap = JSON.stringify({
  imports: { "libsodium-wrappers-sumo": "/vendor/libsodium-wrappers.mjs", "libsodium-sumo": "/vendor/libsodium-sumo.mjs" },
});

// axe-core's serious and critical violations on PAGE, "id: help" each.
export async function axeViolations(page) {
  // Runtime.evaluate is not subject to the page's CSP: axe runs as the page is served.
  const source = readFileSync(path.join(webRoot, "node_modules/axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
  const result = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return result.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}
