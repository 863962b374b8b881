// The sync protocol's client side, for the agent's browser (docs/protocol.md
// §2 request signatures, §4.4 envelopes, §5 partner API; docs/back-office.md).
// The same bytes as sync/protocol/{auth,envelope}.cpp: a request signed here is
// one the hub accepts, a démarche sealed by a kiosk opens here. Runs unchanged
// in Chromium (through the page's import map) and in Node (the tests).
import sodiumModule from "libsodium-wrappers-sumo";

let sodium = null;

// libsodium.js initialises asynchronously: call once before anything else.
export async function ready() {
  if (!sodium) {
    await sodiumModule.ready;
    sodium = sodiumModule;
  }
  return sodium;
}

function lib() {
  if (!sodium) throw new Error("guichet protocol: ready() was not awaited");
  return sodium;
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

// Zeroes a secret's bytes (sodium_memzero); JavaScript keeps no other copy of
// a Uint8Array's contents unless code made one.
export function wipe(bytes) {
  lib().memzero(bytes);
}

export function toBytes(text) {
  return utf8.encode(text);
}

export function base64Encode(bytes) {
  return lib().to_base64(bytes, lib().base64_variants.ORIGINAL);
}

export function base64Decode(text, what) {
  try {
    return lib().from_base64(text, lib().base64_variants.ORIGINAL);
  } catch {
    throw new Error(`${what} : base64 illisible`);
  }
}

export function hex(bytes) {
  return lib().to_hex(bytes);
}

export function blake2b256Hex(bytes) {
  return lib().to_hex(lib().crypto_generichash(32, bytes, null));
}

// The data line of a key file: the first line that is neither empty, a
// comment (#) nor minisign's "untrusted comment:" (crypto::key_file_data_line).
export function keyFileDataLine(text) {
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line && !line.startsWith("#") && !line.startsWith("untrusted comment:")) return line;
  }
  return "";
}

// A service's request-signing key, ID.sign.key from `guichet-partner keygen`:
// base64 of libsodium's 64-byte Ed25519 secret key.
export function parseSigningKey(text) {
  const secret = base64Decode(keyFileDataLine(text), "clé de signature");
  if (secret.length !== 64)
    throw new Error("Ce fichier n’est pas une clé de signature de service (ID.sign.key attendu : 64 octets en base64).");
  return { secret, publicKey: lib().crypto_sign_ed25519_sk_to_pk(secret) };
}

// A service's box key, ID.box.key: base64 of the 32-byte X25519 secret key
// démarches are sealed for.
export function parseBoxKey(text) {
  const secret = base64Decode(keyFileDataLine(text), "clé d’ouverture");
  if (secret.length !== 32)
    throw new Error("Ce fichier n’est pas une clé d’ouverture de service (ID.box.key attendu : 32 octets en base64).");
  return { secret, publicKey: lib().crypto_scalarmult_base(secret) };
}

// §2: the path, then "?" and name=value pairs sorted by name then value.
export function canonicalTarget(path, params = []) {
  if (!params.length) return path;
  const sorted = [...params].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return path + "?" + sorted.map(([name, value]) => `${name}=${value}`).join("&");
}

export function canonicalRequest({ method, target, clientId, timestamp, nonce, bodyHashHex }) {
  return ["guichet-request-v1", method.toUpperCase(), target, clientId, String(timestamp), nonce, bodyHashHex]
    .map((line) => line + "\n")
    .join("");
}

// The five headers of §2 for one request. BODY: Uint8Array (empty when none).
// NOW: Unix seconds; NONCE: 16 bytes (random when omitted).
export function signRequest(signingKey, clientId, method, path, params, body, now, nonce) {
  const s = lib();
  const nonceHex = s.to_hex(nonce ?? s.randombytes_buf(16));
  const target = canonicalTarget(path, params);
  const message = canonicalRequest({
    method,
    target,
    clientId,
    timestamp: now,
    nonce: nonceHex,
    bodyHashHex: blake2b256Hex(body ?? new Uint8Array()),
  });
  const signature = s.crypto_sign_detached(toBytes(message), signingKey.secret);
  return {
    "Guichet-Protocol": "1",
    "Guichet-Client": clientId,
    "Guichet-Timestamp": String(now),
    "Guichet-Nonce": nonceHex,
    "Guichet-Signature": base64Encode(signature),
  };
}

function envelopeText(field, value) {
  const text = String(value ?? "");
  if (!text) throw new Error(`enveloppe : ${field} est vide`);
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new Error(`enveloppe : ${field} contient un caractère de contrôle`);
  return text + "\n";
}

// §4.4: the canonical envelope of a démarche as the partner API lists it
// (sealed_payload and each attachment's sealed_meta in base64).
export function canonicalEnvelope(d) {
  let s = "guichet-envelope-v1\n";
  s += envelopeText("kiosk_id", d.kiosk_id);
  s += envelopeText("uuid", d.uuid);
  s += envelopeText("tracking_code", d.tracking_code);
  s += envelopeText("form_id", d.form_id);
  s += `${d.form_version}\n`;
  s += envelopeText("recipient_id", d.recipient_id);
  s += `${d.created_at}\n`;
  s += blake2b256Hex(base64Decode(d.sealed_payload, "sealed_payload")) + "\n";
  const attachments = d.attachments ?? [];
  s += `${attachments.length}\n`;
  for (const a of attachments) {
    if (!a.sealed_blake2b || /[\u0000-\u0020\u007f]/.test(a.sealed_blake2b))
      throw new Error("enveloppe : sealed_blake2b d’une pièce jointe vide ou invalide");
    const metaHash = blake2b256Hex(base64Decode(a.sealed_meta, "sealed_meta"));
    s += `${a.index} ${a.size} ${a.sealed_length} ${a.sealed_blake2b} ${metaHash}\n`;
  }
  return s;
}

// The partner's check of §4.4: addressed to this service and signed by the
// kiosk key the hub lists. Returns a sentence for the dossier's history;
// throws when the démarche must not be shown.
export function checkEnvelope(d, serviceId) {
  if (d.recipient_id !== serviceId)
    throw new Error(`Cette démarche est adressée à « ${d.recipient_id} », pas à ce service.`);
  if (!d.envelope_signature) return "non signée (reçue avant le protocole 1.2)";
  const s = lib();
  const key = base64Decode(d.kiosk_public_key ?? "", "kiosk_public_key");
  const signature = base64Decode(d.envelope_signature, "envelope_signature");
  if (key.length !== 32 || signature.length !== 64)
    throw new Error("Signature de la borne illisible : démarche refusée.");
  if (!s.crypto_sign_verify_detached(signature, toBytes(canonicalEnvelope(d)), key))
    throw new Error(`La signature de la borne ${d.kiosk_id} ne correspond pas : démarche modifiée après son envoi, refusée.`);
  return `signée par la borne ${d.kiosk_id}`;
}

// crypto_box_seal_open with the service's box key; throws when it does not open.
export function openSealed(sealed, boxKey) {
  try {
    return lib().crypto_box_seal_open(sealed, boxKey.publicKey, boxKey.secret);
  } catch {
    throw new Error("Impossible d’ouvrir ce contenu scellé avec la clé de ce service.");
  }
}

function openJson(sealed, boxKey, what) {
  const plain = openSealed(sealed, boxKey);
  try {
    return JSON.parse(utf8Strict.decode(plain));
  } catch {
    throw new Error(`${what} : JSON illisible une fois ouvert.`);
  } finally {
    lib().memzero(plain);
  }
}

// The form's answers, as the kiosk built them (docs/store.md §4).
export function openPayload(d, boxKey) {
  return openJson(base64Decode(d.sealed_payload, "sealed_payload"), boxKey, "réponses");
}

// {"name","mime"} of one attachment (sync/protocol/attachment_meta).
export function openAttachmentMeta(attachment, boxKey) {
  const meta = openJson(base64Decode(attachment.sealed_meta, "sealed_meta"), boxKey, "pièce jointe");
  if (typeof meta.name !== "string" || typeof meta.mime !== "string")
    throw new Error("pièce jointe : nom ou type manquant.");
  return { name: meta.name, mime: meta.mime };
}

// The attachment's bytes, after checking the sealed data is the one the
// envelope covers.
export function openAttachment(attachment, sealed, boxKey) {
  if (sealed.length !== attachment.sealed_length || blake2b256Hex(sealed) !== attachment.sealed_blake2b)
    throw new Error(`pièce jointe ${attachment.index} : contenu différent de celui annoncé par la borne.`);
  return openSealed(sealed, boxKey);
}
