// A kiosk written from the spec only (docs/store.md §4, docs/protocol.md §2,
// §4.1, §4.4), to put démarches at a real hub for the back office's tests,
// and the signed request helper the tests share.
import path from "node:path";
import { randomUUID } from "node:crypto";

import { readFileSync } from "node:fs";

import { run, startHub, webRoot } from "./support.mjs";

export const P = await import(path.join(webRoot, "js/protocol.js"));
export const K = await import(path.join(webRoot, "js/keystore.js"));
export const sodium = await P.ready();

export const now = () => Math.floor(Date.now() / 1000);

export async function call(hub, method, pathname, { key, clientId, params = [], body, headers = {} } = {}) {
  const bytes = body === undefined ? new Uint8Array() : typeof body === "string" ? P.toBytes(body) : body;
  const signed = key ? P.signRequest(key, clientId, method, pathname, params, bytes, now()) : {};
  const query = params.length ? "?" + params.map(([n, v]) => `${n}=${v}`).join("&") : "";
  const send = () =>
    fetch(hub + pathname + query, {
      method,
      headers: { ...signed, ...headers },
      body: method === "GET" || method === "HEAD" ? undefined : bytes,
    });
  let answer;
  try {
    answer = await send();
  } catch (e) {
    // A pooled connection the hub closed while idle (its header timeout):
    // nothing reached the hub, so the same signed request is sent again once.
    if (e.cause?.code !== "UND_ERR_SOCKET") throw e;
    answer = await send();
  }
  const data = new Uint8Array(await answer.arrayBuffer());
  return { status: answer.status, headers: answer.headers, data, text: () => new TextDecoder().decode(data) };
}

// What the kiosk's store and agent do for one démarche (docs/store.md §4,
// docs/protocol.md §4.1, §4.4), written here from the spec only.
export function sealDemarche(kiosk, recipientBoxPublicKey, answers, attachment) {
  const seal = (bytes) => sodium.crypto_box_seal(bytes, recipientBoxPublicKey);
  const sealedData = seal(attachment.bytes);
  const upload = {
    uuid: randomUUID(),
    tracking_code: "ANR-7K3Q-9P",
    form_id: "acte-naissance",
    form_version: 3,
    recipient_id: "etat-civil",
    created_at: now(),
    sealed_payload: P.base64Encode(seal(P.toBytes(JSON.stringify(answers)))),
    attachments: [
      {
        index: 0,
        size: attachment.bytes.length,
        sealed_meta: P.base64Encode(seal(P.toBytes(JSON.stringify({ name: attachment.name, mime: attachment.mime })))),
        sealed_length: sealedData.length,
        sealed_blake2b: P.blake2b256Hex(sealedData),
      },
    ],
    kiosk_id: kiosk.id,
  };
  const signature = sodium.crypto_sign_detached(P.toBytes(P.canonicalEnvelope(upload)), kiosk.key.secret);
  upload.envelope_signature = P.base64Encode(signature);
  return { upload, sealedData };
}


// A real hub in DIR with one partner service (its keys made by
// guichet-partner keygen in DIR/partner) and one kiosk enrolled over the
// protocol, as this file's kiosk. T: node:test's context (stops the hub);
// HUB_ARGS: options for guichet-hub serve.
export async function hubWithService(t, dir, service = "etat-civil", hubArgs = []) {
  const hubDir = path.join(dir, "hub");
  const partnerDir = path.join(dir, "partner");
  run("guichet-partner", ["keygen", "--id", service, "--out", partnerDir, "--box"]);
  run("guichet-hub", ["add-partner", "--data", hubDir, "--id", service, "--key", path.join(partnerDir, `${service}.sign.pub`)]);
  const token = run("guichet-hub", ["enroll-token", "--data", hubDir]).trim().split(/\s+/).pop();
  const hub = await startHub(t, hubDir, hubArgs);
  const pair = sodium.crypto_sign_keypair();
  const enrol = await call(hub, "POST", "/v1/enroll", {
    body: JSON.stringify({ token, public_key: P.base64Encode(pair.publicKey), name: "borne de test" }),
    headers: { "Content-Type": "application/json" },
  });
  if (enrol.status !== 200) throw new Error(`enrolment refused: ${enrol.status} ${enrol.text()}`);
  const signKeyFile = path.join(partnerDir, `${service}.sign.key`);
  const boxKeyFile = path.join(partnerDir, `${service}.box.key`);
  return {
    hub,
    hubDir,
    partnerDir,
    kiosk: { id: JSON.parse(enrol.text()).kiosk_id, key: { secret: pair.privateKey }, publicKey: pair.publicKey },
    signKeyFile,
    boxKeyFile,
    signText: readFileSync(signKeyFile, "utf8"),
    boxText: readFileSync(boxKeyFile, "utf8"),
  };
}
