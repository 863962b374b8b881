// The back office's browser cryptography (sync/hub/web/js) against the real
// C++ programs, on loopback: a request signed in JavaScript is one guichet-hub
// accepts, an envelope signed in JavaScript is one the hub verifies, a box
// sealed in JavaScript opens with guichet-partner, and the partner's side in
// JavaScript lists, checks, opens and answers a démarche exactly as
// `guichet-partner` does. The hub never holds a key that opens anything.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";

import { P, K, sodium, call, hubWithService, now, sealDemarche } from "./kiosk_double.mjs";
import { run, tempDir } from "./support.mjs";

test("the browser's protocol code and the C++ hub and partner understand each other", async (t) => {
  const dir = tempDir(t, "guichet-web-interop-");
  const { hub, partnerDir, kiosk } = await hubWithService(t, dir);

  const serviceSign = P.parseSigningKey(readFileSync(path.join(partnerDir, "etat-civil.sign.key"), "utf8"));
  const serviceBox = P.parseBoxKey(readFileSync(path.join(partnerDir, "etat-civil.box.key"), "utf8"));
  assert.deepEqual(
    P.base64Encode(serviceBox.publicKey),
    P.keyFileDataLine(readFileSync(path.join(partnerDir, "etat-civil.box.pub"), "utf8")),
  );
  const answers = { nom: "Dupont <script>alert(1)</script>", naissance: "1990-03-12", motif: "javascript:alert(1)" };
  const picture = { name: "<img src=x onerror=alert(1)>.jpg", mime: "image/jpeg", bytes: sodium.randombytes_buf(70000) };
  const { upload, sealedData } = sealDemarche(kiosk, serviceBox.publicKey, answers, picture);

  const put = await call(hub, "PUT", `/v1/demarches/${upload.uuid}`, {
    key: kiosk.key,
    clientId: kiosk.id,
    body: JSON.stringify(upload),
    headers: { "Idempotency-Key": upload.uuid, "Content-Type": "application/json" },
  });
  assert.equal(put.status, 200, put.text());
  // Two chunks, as the agent resumes them (§4.2).
  for (const [from, to] of [[0, 40000], [40000, sealedData.length]]) {
    const chunk = sealedData.slice(from, to);
    const patch = await call(hub, "PATCH", `/v1/demarches/${upload.uuid}/attachments/0`, {
      key: kiosk.key,
      clientId: kiosk.id,
      body: chunk,
      headers: {
        "Upload-Offset": String(from),
        "Upload-Checksum": `blake2b-256 ${P.blake2b256Hex(chunk)}`,
        "Content-Type": "application/offset+octet-stream",
      },
    });
    assert.equal(patch.status, 204, patch.text());
    assert.equal(patch.headers.get("Upload-Offset"), String(to));
  }

  // An altered body under a valid request signature is refused by the hub.
  const forged = { ...upload, uuid: randomUUID(), tracking_code: "ANR-AAAA-AA" };
  const refused = await call(hub, "PUT", `/v1/demarches/${forged.uuid}`, {
    key: kiosk.key,
    clientId: kiosk.id,
    body: JSON.stringify(forged),
    headers: { "Idempotency-Key": forged.uuid, "Content-Type": "application/json" },
  });
  assert.equal(refused.status, 400);
  assert.match(refused.text(), /bad-envelope-signature/);

  // C++ opens what JavaScript sealed.
  const received = path.join(dir, "received");
  run("guichet-partner", ["fetch", "--hub", hub, "--key", path.join(partnerDir, "etat-civil.box.key"), "--out", received]);
  const fetched = path.join(received, upload.uuid);
  assert.deepEqual(JSON.parse(readFileSync(path.join(fetched, "demarche.json"), "utf8")), answers);
  assert.match(readFileSync(path.join(fetched, "info.json"), "utf8"), new RegExp(`signed by kiosk ${kiosk.id}`));

  // The partner's side in JavaScript, as the back office does it.
  const partner = { key: serviceSign, clientId: "etat-civil" };
  const list = await call(hub, "GET", "/v1/partner/demarches", partner);
  assert.equal(list.status, 200, list.text());
  const listed = JSON.parse(list.text()).demarches;
  assert.equal(listed.length, 1);
  const one = await call(hub, "GET", `/v1/partner/demarches/${upload.uuid}`, partner);
  assert.equal(one.status, 200, one.text());
  const d = JSON.parse(one.text());
  assert.equal(P.checkEnvelope(d, "etat-civil"), `signée par la borne ${kiosk.id}`);
  assert.deepEqual(P.openPayload(d, serviceBox), answers);
  assert.deepEqual(P.openAttachmentMeta(d.attachments[0], serviceBox), { name: picture.name, mime: picture.mime });
  const data = await call(hub, "GET", `/v1/partner/demarches/${upload.uuid}/attachments/0`, partner);
  assert.equal(data.status, 200);
  assert.deepEqual(P.openAttachment(d.attachments[0], data.data, serviceBox), picture.bytes);

  // What the partner's check refuses: another tracking code, another
  // service, a payload that is not the one the kiosk signed.
  assert.throws(() => P.checkEnvelope({ ...d, tracking_code: "ANR-ZZZZ-ZZ" }, "etat-civil"), /ne correspond pas/);
  assert.throws(() => P.checkEnvelope(d, "regie"), /adressée à « etat-civil »/);
  const otherPayload = P.base64Encode(sodium.crypto_box_seal(P.toBytes("{}"), serviceBox.publicKey));
  assert.throws(() => P.checkEnvelope({ ...d, sealed_payload: otherPayload }, "etat-civil"), /ne correspond pas/);
  assert.throws(() => P.openAttachment(d.attachments[0], data.data.slice(1), serviceBox), /différent/);
  const stranger = { publicKey: sodium.crypto_box_keypair().publicKey, secret: sodium.crypto_box_keypair().privateKey };
  assert.throws(() => P.openPayload(d, stranger), /Impossible d’ouvrir/);

  // A status set in the browser reaches the author kiosk's feed.
  const status = await call(hub, "POST", "/v1/partner/statuses", {
    ...partner,
    body: JSON.stringify({ tracking_code: upload.tracking_code, status: "pret_a_retirer", message: "Votre acte est prêt." }),
    headers: { "Content-Type": "application/json" },
  });
  assert.equal(status.status, 200, status.text());
  const feed = await call(hub, "GET", "/v1/kiosk/statuses", { key: kiosk.key, clientId: kiosk.id, params: [["since", "0"]] });
  assert.equal(feed.status, 200, feed.text());
  assert.deepEqual(
    JSON.parse(feed.text()).statuses.map((s) => [s.tracking_code, s.status, s.message]),
    [[upload.tracking_code, "pret_a_retirer", "Votre acte est prêt."]],
  );

  // A signature over other bytes than the request's is refused (§2).
  const bad = P.signRequest(serviceSign, "etat-civil", "GET", "/v1/partner/demarches", [["all", "1"]], new Uint8Array(), now());
  const badAnswer = await fetch(hub + "/v1/partner/demarches", { headers: bad });
  assert.equal(badAnswer.status, 401);
  assert.match(await badAnswer.text(), /bad-signature/);

  // The keys as the browser stores them: wrapped under a passphrase, and
  // the unwrapped signing key still signs requests the hub accepts.
  const signText = readFileSync(path.join(partnerDir, "etat-civil.sign.key"), "utf8");
  const boxText = readFileSync(path.join(partnerDir, "etat-civil.box.key"), "utf8");
  const stored = JSON.parse(JSON.stringify(await K.wrapServiceKeys("etat-civil", signText, boxText, "une phrase de passe longue")));
  assert.ok(!JSON.stringify(stored).includes(P.keyFileDataLine(boxText)), "the stored form holds no secret in clear");
  await assert.rejects(K.unwrapServiceKeys(stored, "une phrase de passe fausse"), /Phrase de passe incorrecte/);
  await assert.rejects(K.wrapServiceKeys("etat-civil", signText, boxText, "courte"), /au moins 12 caractères/);
  const keys = await K.unwrapServiceKeys(stored, "une phrase de passe longue");
  const again = await call(hub, "GET", "/v1/partner/demarches", { key: keys.signing, clientId: "etat-civil", params: [["all", "1"]] });
  assert.equal(again.status, 200, again.text());
  assert.deepEqual(P.openPayload(d, keys.box), answers);
  K.forgetServiceKeys(keys);
  assert.ok(keys.signing.secret.every((b) => b === 0) && keys.box.secret.every((b) => b === 0));
});

test("key files that are not a service's keys are refused in French", async () => {
  assert.throws(() => P.parseSigningKey("untrusted comment: x\nAAAA\n"), /pas une clé de signature/);
  assert.throws(() => P.parseBoxKey("untrusted comment: x\n@@@\n"), /base64 illisible/);
  const box = sodium.crypto_box_keypair();
  assert.throws(() => P.parseSigningKey(`# commentaire\n${P.base64Encode(box.privateKey)}\n`), /ID\.sign\.key attendu/);
});

test("the canonical request is §2's, byte for byte", () => {
  assert.equal(P.canonicalTarget("/v1/kiosk/statuses", [["since", "12"]]), "/v1/kiosk/statuses?since=12");
  assert.equal(P.canonicalTarget("/p", [["b", "2"], ["a", "9"], ["b", "1"]]), "/p?a=9&b=1&b=2");
  assert.equal(
    P.canonicalRequest({ method: "get", target: "/v1/ping", clientId: "k-1", timestamp: 5, nonce: "00", bodyHashHex: "ab" }),
    "guichet-request-v1\nGET\n/v1/ping\nk-1\n5\n00\nab\n",
  );
});
