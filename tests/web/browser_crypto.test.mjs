// The same protocol code inside headless Chromium, under the Content-Security-
// Policy the back office will serve (no 'unsafe-inline', no eval; only
// WebAssembly compilation allowed): it opens a démarche the hub holds, checks
// its envelope, wraps the service's keys under a passphrase, and signs a
// request that the real guichet-hub accepts.
import test from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

import { P, sodium, call, hubWithService, sealDemarche } from "./kiosk_double.mjs";
import { importMap, launchBrowser, serveStatic, vendorRoutes } from "./browser.mjs";
import { tempDir } from "./support.mjs";

test("Chromium opens a sealed démarche and signs requests the hub accepts, under a strict CSP", async (t) => {
  const dir = tempDir(t, "guichet-web-browser-");
  const { hub, partnerDir, kiosk } = await hubWithService(t, dir);
  const signText = readFileSync(path.join(partnerDir, "etat-civil.sign.key"), "utf8");
  const boxText = readFileSync(path.join(partnerDir, "etat-civil.box.key"), "utf8");
  const answers = { nom: "Lefèvre", prénom: "Zoé", naissance: "1990-03-12" };
  const { upload, sealedData } = sealDemarche(kiosk, P.parseBoxKey(boxText).publicKey, answers, {
    name: "acte.pdf",
    mime: "application/pdf",
    bytes: P.toBytes("%PDF-1.4"),
  });
  const put = await call(hub, "PUT", `/v1/demarches/${upload.uuid}`, {
    key: kiosk.key,
    clientId: kiosk.id,
    body: JSON.stringify(upload),
    headers: { "Idempotency-Key": upload.uuid, "Content-Type": "application/json" },
  });
  assert.equal(put.status, 200, put.text());
  const patch = await call(hub, "PATCH", `/v1/demarches/${upload.uuid}/attachments/0`, {
    key: kiosk.key,
    clientId: kiosk.id,
    body: sealedData,
    headers: { "Upload-Offset": "0", "Upload-Checksum": `blake2b-256 ${P.blake2b256Hex(sealedData)}` },
  });
  assert.equal(patch.status, 204, patch.text());
  const partner = { key: P.parseSigningKey(signText), clientId: "etat-civil" };
  const listed = await call(hub, "GET", `/v1/partner/demarches/${upload.uuid}`, partner);
  assert.equal(listed.status, 200, listed.text());
  const d = JSON.parse(listed.text());

  const mapHash = createHash("sha256").update(importMap).digest("base64");
  const csp = `default-src 'none'; script-src 'self' 'sha256-${mapHash}' 'wasm-unsafe-eval'; connect-src 'self'`;
  const origin = await serveStatic(t, vendorRoutes, {
    "/test.html": {
      csp,
      html: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>test</title><script type="importmap">${importMap}</script></head><body></body></html>`,
    },
  });
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const violations = [];
  page.on("console", (m) => /Content Security Policy|Refused/.test(m.text()) && violations.push(m.text()));
  await page.goto(`${origin}/test.html`);

  const inBrowser = await page.evaluate(
    async ({ d, signText, boxText }) => {
      const P = await import("/js/protocol.js");
      const K = await import("/js/keystore.js");
      await P.ready();
      const box = P.parseBoxKey(boxText);
      const envelope = P.checkEnvelope(d, "etat-civil");
      const answers = P.openPayload(d, box);
      const meta = P.openAttachmentMeta(d.attachments[0], box);
      const started = performance.now();
      const stored = await K.wrapServiceKeys("etat-civil", signText, boxText, "une phrase de passe longue");
      const keys = await K.unwrapServiceKeys(JSON.parse(JSON.stringify(stored)), "une phrase de passe longue");
      const argonMs = (performance.now() - started) / 2;
      let wrong = "";
      await K.unwrapServiceKeys(stored, "pas la bonne phrase").catch((e) => (wrong = e.message));
      const headers = P.signRequest(keys.signing, "etat-civil", "GET", "/v1/partner/demarches", [["all", "1"]], new Uint8Array(), Math.floor(Date.now() / 1000));
      K.forgetServiceKeys(keys);
      return { envelope, answers, meta, wrong, headers, argonMs, wiped: keys.box.secret.every((b) => b === 0) };
    },
    { d, signText, boxText },
  );
  assert.equal(inBrowser.envelope, `signée par la borne ${kiosk.id}`);
  assert.deepEqual(inBrowser.answers, answers);
  assert.deepEqual(inBrowser.meta, { name: "acte.pdf", mime: "application/pdf" });
  assert.equal(inBrowser.wrong, "Phrase de passe incorrecte.");
  assert.ok(inBrowser.wiped);
  assert.deepEqual(violations, []);
  console.log(`# Argon2id (64 MiB, 2 passes) in Chromium: ${inBrowser.argonMs.toFixed(0)} ms per derivation`);

  // The browser's signature, sent by Node (the hub serves no CORS), is accepted.
  const answer = await fetch(`${hub}/v1/partner/demarches?all=1`, { headers: inBrowser.headers });
  assert.equal(answer.status, 200, await answer.clone().text());
  assert.deepEqual((await answer.json()).demarches.map((x) => x.uuid), [upload.uuid]);
});
