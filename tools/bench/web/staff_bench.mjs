#!/usr/bin/env node
// The staff pages with many kiosks (issue #20: « the staff console and
// /metrics stay fast with 1,000 kiosks »): enrols N kiosks through the staff
// API's tokens, sends one heartbeat each (a tenth of them with problems),
// then times the kiosks API, /metrics, and the « Bornes » page shown in
// Chromium. Prints figures; nothing is asserted.
// Usage: GUICHET_BIN=build/bin node tools/bench/web/staff_bench.mjs [N] [ROUNDS]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { P, call, now, sodium } from "../../../tests/web/kiosk_double.mjs";
import { binDir, startHub } from "../../../tests/web/support.mjs";
import { launchChromium } from "../../web/chromium.mjs";

const count = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 20);
const password = "un mot de passe de banc d’essai";

const cleanups = [];
const t = { after: (f) => cleanups.push(f) };
const dir = mkdtempSync(path.join(tmpdir(), "guichet-staff-bench-"));
t.after(() => rmSync(dir, { recursive: true, force: true }));

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
function report(label, values) {
  const ms = (v) => `${v.toFixed(1)} ms`;
  console.log(`${label}: p50 ${ms(quantile(values, 0.5))}, p95 ${ms(quantile(values, 0.95))}, max ${ms(Math.max(...values))} (${values.length} runs)`);
}

try {
  const hubDir = path.join(dir, "hub");
  execFileSync(path.join(binDir, "guichet-hub"), ["staff-add", "--data", hubDir, "--name", "admin", "--role", "admin"],
    { input: `${password}\n`, env: { ...process.env, GUICHET_LANG: "en" } });
  // One address plays every kiosk: the per-address caps are raised for the bench.
  const hub = await startHub(t, hubDir, ["--max-connections-per-address", "512", "--public-rate", "100000"]);
  const signIn = await fetch(`${hub}/v1/staff/session`, { method: "POST", body: JSON.stringify({ name: "admin", password }) });
  const cookie = signIn.headers.get("set-cookie").split(";")[0];
  const { csrf } = await signIn.json();
  const staff = (method, pathname, body) => fetch(hub + pathname, { method, body,
    headers: { Cookie: cookie, "X-Guichet-CSRF": csrf, "Content-Type": "application/json" } });

  console.log(`# guichet-hub from ${binDir}; ${count} kiosks; ${rounds} rounds`);
  const start = performance.now();
  const kiosks = [];
  for (let i = 0; i < count; ++i) {
    const token = (await (await staff("POST", "/v1/staff/enroll-tokens", "{}")).json()).token;
    const pair = sodium.crypto_sign_keypair();
    const enrol = await call(hub, "POST", "/v1/enroll", {
      body: JSON.stringify({ token, public_key: P.base64Encode(pair.publicKey), name: `Borne ${i + 1}` }),
      headers: { "Content-Type": "application/json" } });
    if (enrol.status !== 200) throw new Error(`enrolment ${enrol.status}: ${enrol.text()}`);
    kiosks.push({ id: JSON.parse(enrol.text()).kiosk_id, key: { secret: pair.privateKey } });
  }
  console.log(`enrolled ${count} kiosks through the staff API in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  const beatStart = performance.now();
  for (const [i, k] of kiosks.entries()) {
    const troubled = i % 10 === 0;  // a tenth: an old queue and a nearly full disk
    const beat = { queue: { queued: troubled ? 3 : 0, sending: 0, delivered: 12, purged: 0 },
      oldest_queued: troubled ? now() - 2 * 86400 : null, last_sync: now() - 60,
      packs: [{ id: "anor", version: 3, install: { via: "delta", from: 2, bytes: 14336, at: now() - 3600 } }],
      free_disk_bytes: troubled ? 200 * 2 ** 20 : 40 * 2 ** 30, software_version: "guichet-sync 1", sent_at: now() };
    const answer = await call(hub, "POST", "/v1/kiosk/heartbeat", { key: k.key, clientId: k.id, body: JSON.stringify(beat),
      headers: { "Content-Type": "application/json" } });
    if (answer.status !== 204) throw new Error(`heartbeat ${answer.status}: ${answer.text()}`);
  }
  console.log(`one heartbeat each in ${((performance.now() - beatStart) / 1000).toFixed(1)} s`);

  const api = [], metrics = [];
  let apiBytes = 0, metricsBytes = 0;
  for (let r = 0; r < rounds; ++r) {
    let t0 = performance.now();
    const body = await (await staff("GET", "/v1/staff/kiosks")).text();
    api.push(performance.now() - t0);
    apiBytes = body.length;
    t0 = performance.now();
    const text = await (await fetch(`${hub}/metrics`)).text();
    metrics.push(performance.now() - t0);
    metricsBytes = text.length;
  }
  report(`GET /v1/staff/kiosks, server answer (${Math.round(apiBytes / 1024)} KiB)`, api);
  report(`GET /metrics (${Math.round(metricsBytes / 1024)} KiB)`, metrics);

  const { browser, close } = await launchChromium();
  t.after(close);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(`${hub}/mairie/`);
  await page.waitForSelector("#identifiant");
  await page.type("#identifiant", "admin");
  await page.type("#mot-de-passe", password);
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n, { timeout: 120_000 }, count);
  const shown = [];
  for (let r = 0; r < Math.min(rounds, 10); ++r) {
    const t0 = performance.now();
    await page.evaluate(() => { location.hash = "#/packs"; });
    await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Packs de contenu");
    await page.evaluate(() => { location.hash = "#/bornes"; });
    await page.waitForFunction((n) => document.querySelectorAll("tbody tr").length === n
      && document.querySelector("h1")?.textContent === "Bornes", { timeout: 120_000 }, count);
    shown.push(performance.now() - t0);
  }
  const summary = await page.$eval("main > div > p", (p) => p.textContent);
  report(`« Bornes » page in Chromium, from the packs page to ${count} rows drawn (« ${summary} »)`, shown);
} finally {
  for (const f of cleanups.reverse()) await f();
}
