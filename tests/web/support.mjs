// Shared by the browser-side tests: the programs under test (a real
// guichet-hub on loopback, guichet-partner), temporary directories, and the
// npm packages of sync/hub/web (installed there by scripts/setup.sh).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { importWebPackage } from "../../tools/web/chromium.mjs";
export { importWebPackage };

// libsodium.js draws its randomness from Web Crypto, global from Node.js 19 on
// (Debian 12's Node.js is 18).
if (!globalThis.crypto) globalThis.crypto = (await import("node:crypto")).webcrypto;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const webRoot = path.join(repoRoot, "sync/hub/web");
// CTest passes the build's bin directory; by hand: GUICHET_BIN=build-test/bin.
export const binDir = process.env.GUICHET_BIN ?? path.join(repoRoot, "build-test/bin");

export function tempDir(t, prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function run(program, args) {
  return execFileSync(path.join(binDir, program), args, {
    encoding: "utf8",
    maxBuffer: 256 << 20,  // guichet-partner fetch prints a line per démarche
    env: { ...process.env, GUICHET_LANG: "en" },
  });
}

// Starts guichet-hub on a free loopback port (with EXTRA_ARGS); resolves with
// its URL once it printed "listening on"; stopped with SIGTERM when the test ends.
export function startHub(t, dataDir, extraArgs = []) {
  const hub = spawn(path.join(binDir, "guichet-hub"), ["serve", "--data", dataDir, "--listen", "127.0.0.1:0", ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, GUICHET_LANG: "en" },
  });
  let stderr = "";
  hub.stderr.on("data", (chunk) => {
    stderr += chunk;
    if (process.env.GUICHET_HUB_STDERR) process.stderr.write(chunk);  // to see the hub's log while debugging
  });
  t.after(
    () =>
      new Promise((resolve) => {
        if (hub.exitCode !== null) return resolve();
        hub.once("exit", resolve);
        hub.kill("SIGTERM");
      }),
  );
  return new Promise((resolve, reject) => {
    let out = "";
    hub.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[0-9.]+:[0-9]+)/);
      if (m) resolve(m[1]);
    });
    hub.once("exit", (code) => reject(new Error(`guichet-hub exited (${code}) before listening: ${stderr}`)));
  });
}
