// The visio-accueil from the agent's side (docs/back-office.md §9): a real
// hub with coturn, an agent signed in to the back office in headless Chromium
// (fake camera and microphone) announces a démarche's video appointment,
// finds it open in « Mes rendez-vous », joins, and answers the kiosk's peer
// (visio_kiosk_peer: the kiosk's webrtcbin engine and room client), both
// sides relay-only. Media must flow both ways: the page's getStats() shows
// inbound video and audio over a relay pair, the kiosk decodes frames.
import test from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { P, call, hubWithService, sealDemarche } from "./kiosk_double.mjs";
import { axeViolations, launchBrowser } from "./browser.mjs";
import { tempDir } from "./support.mjs";

const shots = process.env.GUICHET_WEB_SHOTS;
const peerProgram = process.env.GUICHET_VISIO_PEER;
const passphrase = "correct cheval batterie agrafe";
const turnSecret = "un secret TURN de test, assez long";
const MIN_FRAMES = 15;  // a second of the agent's video at the kiosk

async function freeUdpPort() {
  const socket = createSocket("udp4");
  await new Promise((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

// A child process whose output is watched; killed when the test ends.
function child(t, program, args) {
  const p = spawn(program, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, GUICHET_LANG: "en" } });
  p.out = "";
  p.err = "";
  p.stdout.on("data", (c) => (p.out += c));
  p.stderr.on("data", (c) => (p.err += c));
  p.exited = new Promise((resolve) => p.once("exit", (code) => resolve(code)));
  t.after(async () => {
    if (p.exitCode === null) {
      p.kill("SIGTERM");
      await p.exited;
    }
  });
  return p;
}

// Resolves once PROCESS's stdout matches RE; bounded by MS.
async function waitOutput(p, re, ms, what) {
  const deadline = Date.now() + ms;
  while (!re.test(p.out)) {
    if (p.exitCode !== null) throw new Error(`${what} exited (${p.exitCode}): ${p.out}${p.err}`);
    if (Date.now() > deadline) throw new Error(`${what}: no ${re} within ${ms} ms: ${p.out}${p.err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// coturn on loopback with a generated configuration, as tests/sync/visio_fixture.hpp.
async function startTurn(t, dir) {
  const port = await freeUdpPort();
  const relayMin = 63000 + (port % 20) * 100;  // above the ephemeral ports, not the C++ fixture's 61000–62999
  const conf = path.join(dir, "turnserver.conf");
  writeFileSync(conf, [`listening-ip=127.0.0.1`, `listening-port=${port}`, `relay-ip=127.0.0.1`, `min-port=${relayMin}`,
    `max-port=${relayMin + 99}`, "use-auth-secret", `static-auth-secret=${turnSecret}`, "realm=guichet.test", "no-tls",
    "no-dtls", "no-cli", "no-tcp-relay", "allow-loopback-peers", "no-multicast-peers", `userdb=${path.join(dir, "turndb")}`,
    `pidfile=${path.join(dir, "turn.pid")}`, "log-file=stdout", "simple-log", ""].join("\n"));
  const turn = child(t, "/usr/bin/turnserver", ["-c", conf]);
  await waitOutput(turn, /Total General servers/, 10000, "turnserver");
  return port;
}

// Pretends to be the kiosk that sent a démarche with a `slot` answer.
async function uploadDemarche(hub, kiosk, partnerDir) {
  const boxPublicKey = P.parseBoxKey(readFileSync(path.join(partnerDir, "etat-civil.box.key"), "utf8")).publicKey;
  const payload = {
    format: 1,
    form: { id: "rdv-emploi", version: 1, title: "Rendez-vous avec un conseiller" },
    submitted_at: Math.floor(Date.now() / 1000),
    answers: { motif: "Actualiser ma situation", creneau: "ft-visio-0900" },
    fields: [{ id: "motif", label: "Motif", type: "text" }, { id: "creneau", label: "Rendez-vous", type: "slot" }],
  };
  const { upload, sealedData } = sealDemarche(kiosk, boxPublicKey, payload, { name: "note.txt", mime: "text/plain", bytes: P.toBytes("note") });
  const put = await call(hub, "PUT", `/v1/demarches/${upload.uuid}`, {
    key: kiosk.key, clientId: kiosk.id, body: JSON.stringify(upload),
    headers: { "Idempotency-Key": upload.uuid, "Content-Type": "application/json" },
  });
  assert.equal(put.status, 200, put.text());
  const patch = await call(hub, "PATCH", `/v1/demarches/${upload.uuid}/attachments/0`, {
    key: kiosk.key, clientId: kiosk.id, body: sealedData,
    headers: { "Upload-Offset": "0", "Upload-Checksum": `blake2b-256 ${P.blake2b256Hex(sealedData)}` },
  });
  assert.equal(patch.status, 204, patch.text());
  return upload;
}

// The page's media as its RTCPeerConnection reports them.
async function pageMedia(page) {
  return page.evaluate(async () => {
    const pc = window.__peers.at(-1);
    if (!pc) return null;
    const stats = [...(await pc.getStats()).values()];
    const byId = new Map(stats.map((s) => [s.id, s]));
    const inbound = (kind) => stats.filter((s) => s.type === "inbound-rtp" && s.kind === kind).reduce((n, s) => n + (s.bytesReceived ?? 0), 0);
    const outbound = (kind) => stats.filter((s) => s.type === "outbound-rtp" && s.kind === kind).reduce((n, s) => n + (s.bytesSent ?? 0), 0);
    const pair = stats.find((s) => s.type === "candidate-pair" && s.nominated && s.state === "succeeded");
    return {
      state: pc.connectionState,
      video: inbound("video"), audio: inbound("audio"), sentVideo: outbound("video"), sentAudio: outbound("audio"),
      framesDecoded: stats.filter((s) => s.type === "inbound-rtp" && s.kind === "video").reduce((n, s) => n + (s.framesDecoded ?? 0), 0),
      local: pair ? byId.get(pair.localCandidateId)?.candidateType : null,
      remote: pair ? byId.get(pair.remoteCandidateId)?.candidateType : null,
      candidates: stats.filter((s) => s.type === "local-candidate").map((s) => s.candidateType),
    };
  });
}

test("an agent joins a booked video appointment from « Mes rendez-vous » and talks with the kiosk, relay-only", { skip: !peerProgram && "GUICHET_VISIO_PEER unset" }, async (t) => {
  const started = Date.now();
  const phases = [];
  const phase = (name) => phases.push(`${name} ${Date.now() - started} ms`);
  const dir = tempDir(t, "guichet-web-visio-");
  const turnPort = await startTurn(t, dir);
  phase("coturn");
  writeFileSync(path.join(dir, "turn-secret"), turnSecret + "\n");
  const { hub, partnerDir, kiosk } = await hubWithService(t, dir, "etat-civil",
    ["--turn-secret-file", path.join(dir, "turn-secret"), "--turn-uri", `turn:127.0.0.1:${turnPort}?transport=udp`]);
  const demarche = await uploadDemarche(hub, kiosk, partnerDir);
  const kioskKey = path.join(dir, "kiosk.key");
  writeFileSync(kioskKey, `untrusted comment: guichet request-signing SECRET key of ${kiosk.id}\n${P.base64Encode(kiosk.key.secret)}\n`, { mode: 0o600 });

  phase("hub");
  const browser = await launchBrowser(t, {
    args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required",
      "--allow-loopback-in-peer-connection"],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  // Relay-only like the kiosk (the test forces TURN), and each connection kept for getStats().
  await page.evaluateOnNewDocument(() => {
    const Native = window.RTCPeerConnection;
    window.__peers = [];
    window.RTCPeerConnection = class extends Native {
      constructor(config = {}) {
        super({ ...config, iceTransportPolicy: "relay" });
        window.__peers.push(this);
      }
    };
  });
  if (shots) mkdirSync(shots, { recursive: true });
  const shot = async (name) => shots && page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const statusText = () => page.$eval("#etat-appel", (e) => e.textContent);

  // Sign in with the service's keys.
  await page.goto(`${hub}/bureau/`);
  await page.waitForSelector("#cle-signature");
  await (await page.$("#cle-signature")).uploadFile(path.join(partnerDir, "etat-civil.sign.key"));
  await (await page.$("#cle-ouverture")).uploadFile(path.join(partnerDir, "etat-civil.box.key"));
  await page.type("#phrase", passphrase);
  await page.type("#phrase-bis", passphrase);
  await page.click("button[type=submit]");
  await page.waitForFunction(() => document.querySelector("h1")?.textContent === "Boîte de réception" && document.querySelector("table"));

  phase("signed in");
  // « Mes rendez-vous » before any booking.
  await page.click('#navigation a[href="#/rendez-vous"]');
  await page.waitForFunction(() => /Aucun rendez-vous en visio aujourd’hui/.test(document.getElementById("rendez-vous")?.textContent ?? ""));

  // No room before the service announces it: the page says so in French.
  await page.evaluate(() => (location.hash = "#/visio/ft-visio-0900"));
  await page.waitForFunction(() => document.getElementById("etat-appel")?.textContent === "Aucun rendez-vous en visio n’est annoncé pour ce créneau par ce service.");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Rendez-vous en visio — créneau ft-visio-0900");
  problems.length = 0;  // the hub's 404, which Chromium logs

  // Announce the appointment from the démarche's page: its slot comes from the resident's answer.
  await page.evaluate((uuid) => (location.hash = `#/demarche/${uuid}`), demarche.uuid);
  await page.waitForSelector("#annonce-visio");
  assert.equal(await page.$eval("#visio-creneau", (e) => e.value), "ft-visio-0900");
  await page.click("#annonce-visio button[type=submit]");
  await page.waitForSelector("#annonce-visio .erreur");
  assert.equal(await page.$eval("#annonce-visio .erreur", (e) => e.textContent), "Indiquez la date et l’heure du rendez-vous.");
  await page.$eval("#visio-heure", (e) => (e.value = "2020-01-06T09:00"));
  await page.click("#annonce-visio button[type=submit]");
  await page.waitForFunction(() => /^Cette heure est passée/.test(document.querySelector("#annonce-visio .erreur")?.textContent));
  // The current minute, in the browser's time zone: the room is open.
  await page.$eval("#visio-heure", (e) => {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    e.value = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  await page.click("#annonce-visio button[type=submit]");
  await page.waitForSelector("#annonce-visio .succes");
  assert.match(await page.$eval("#annonce-visio .succes", (e) => e.textContent), /^Rendez-vous annoncé pour le \d+ \S+ \d{4} à \d+ h \d\d : sa salle est ouverte\. Voir mes rendez-vous$/);

  if (shots) await page.screenshot({ path: path.join(shots, "bureau-annonce-visio.png"), clip: await page.$eval("#annonce-visio", (e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y + window.scrollY, width: r.width, height: r.height };
  }), captureBeyondViewport: true });
  // Listed, open, with « Rejoindre ».
  await page.click('#annonce-visio a[href="#/rendez-vous"]');
  await page.waitForSelector("table.rendez-vous tbody tr");
  const rows = await page.$$eval("table.rendez-vous tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 1);
  assert.match(rows[0][0], /^\d+ h \d\d$/);
  assert.deepEqual(rows[0].slice(1), [demarche.tracking_code, "ft-visio-0900", "Salle ouverte", "Rejoindre"]);
  assert.match(await page.$eval("table.rendez-vous caption", (e) => e.textContent), /^Aujourd’hui, (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) /);
  assert.deepEqual(await axeViolations(page), []);
  await shot("bureau-mes-rendez-vous");

  phase("listed");
  // Join: the page waits for the kiosk.
  await page.focus("table.rendez-vous a.bouton");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#etat-appel");
  await page.waitForFunction(() => document.getElementById("etat-appel").textContent === "En attente de l’usager…");
  assert.equal(await page.$eval("h1", (e) => e.textContent), "Rendez-vous en visio — créneau ft-visio-0900");
  assert.equal(await page.$eval("#etat-appel", (e) => e.getAttribute("aria-live")), "polite");
  await shot("bureau-appel-attente");

  phase("waiting");
  // The kiosk calls.
  const peer = child(t, peerProgram, [hub, kiosk.id, kioskKey, "ft-visio-0900", `127.0.0.1:${turnPort}`, String(MIN_FRAMES), "40"]);
  await page.waitForFunction(() => document.getElementById("etat-appel").textContent.startsWith("Connecté"), { timeout: 30000 })
    .catch(async (e) => { throw new Error(`${e.message}; page: ${await statusText()}; kiosk: ${peer.out}${peer.err}`); });
  phase("connected");
  // Both directions carry media: the page receives video and audio over a relay pair…
  let media;
  for (const deadline = Date.now() + 15000; Date.now() < deadline;) {
    media = await pageMedia(page);
    if (media && media.video > 0 && media.audio > 0 && media.framesDecoded >= MIN_FRAMES) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(media.video > 0 && media.audio > 0, JSON.stringify(media));
  assert.ok(media.framesDecoded >= MIN_FRAMES, JSON.stringify(media));
  assert.equal(media.local, "relay", JSON.stringify(media));
  assert.equal(media.remote, "relay", JSON.stringify(media));
  assert.ok(media.candidates.length > 0 && media.candidates.every((c) => c === "relay"), JSON.stringify(media));
  phase("page media");
  // …and the kiosk decodes the agent's.
  await waitOutput(peer, /^frames (\d+) audio (\d+)$/m, 15000, "visio_kiosk_peer");
  const [, frames, audio] = /^frames (\d+) audio (\d+)$/m.exec(peer.out).map(Number);
  assert.ok(frames >= MIN_FRAMES && audio >= MIN_FRAMES, peer.out);
  const [, offered, relayed] = /^candidates (\d+) relay (\d+)$/m.exec(peer.out).map(Number);
  assert.ok(offered > 0 && relayed === offered, peer.out);  // the kiosk offered coturn's candidates only
  phase("kiosk media");
  // The resident's picture is on screen.
  assert.ok(await page.$eval("#video-usager", (v) => v.videoWidth > 0 && v.srcObject !== null));
  assert.equal(await page.$eval(".attente-image", (p) => p.hidden), true);

  // Mute and camera off are toggles that say so.
  await page.click(".commandes-appel button:nth-child(1)");
  assert.deepEqual(await page.$eval(".commandes-appel button:nth-child(1)", (b) => [b.textContent, b.getAttribute("aria-pressed")]), ["Rétablir le micro", "true"]);
  assert.equal(await page.evaluate(() => window.__peers.at(-1).getSenders().find((s) => s.track?.kind === "audio").track.enabled), false);
  await page.click(".commandes-appel button:nth-child(1)");
  assert.equal(await page.$eval(".commandes-appel button:nth-child(1)", (b) => b.getAttribute("aria-pressed")), "false");
  const cameraButton = ".commandes-appel button:nth-child(2)";
  await page.click(cameraButton);
  assert.deepEqual(await page.$eval(cameraButton, (b) => [b.textContent, b.getAttribute("aria-pressed")]), ["Rétablir la caméra", "true"]);
  assert.equal(await page.evaluate(() => window.__peers.at(-1).getSenders().find((s) => s.track?.kind === "video").track.enabled), false);
  await page.click(cameraButton);
  assert.equal(await page.evaluate(() => window.__peers.at(-1).getSenders().find((s) => s.track?.kind === "video").track.enabled), true);
  assert.deepEqual(await axeViolations(page), []);
  await shot("bureau-appel-visio");

  phase("toggles");
  // Hang up: the kiosk hears of it and stops; the camera is released.
  await page.click("button.raccrocher");
  await page.waitForFunction(() => document.getElementById("etat-appel").textContent === "Appel terminé.");
  assert.equal(await peer.exited, 0, peer.out + peer.err);
  assert.equal(await page.evaluate(() => window.__peers.at(-1).connectionState), "closed");
  assert.equal(await page.$eval("#video-agent", (v) => v.srcObject), null);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Retour à mes rendez-vous");
  assert.deepEqual(await axeViolations(page), []);
  await shot("bureau-appel-termine");
  assert.deepEqual(problems, []);
  phase("hung up");
  t.diagnostic(`phases: ${phases.join(", ")}`);
  t.diagnostic(`page: ${JSON.stringify(media)}; kiosk: ${peer.out.trim().split("\n").at(-1)}`);
});
