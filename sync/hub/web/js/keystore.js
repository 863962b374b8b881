// A service's two secret keys, kept in the agent's browser wrapped under a
// passphrase (docs/back-office.md « Clés du service »): Argon2id derives a
// key, XSalsa20-Poly1305 (crypto_secretbox) seals both secrets together. The
// wrapped form is what the browser stores; the secrets exist in clear only in
// memory, between unlock and sign-out, and are zeroed then.
import { ready, base64Encode, base64Decode, parseBoxKey, parseSigningKey, toBytes, wipe } from "./protocol.js";

export const KEYSTORE_VERSION = 1;
// Argon2id « interactive » limits: ~0.1 s and 64 MiB in a 2020s browser, the
// cost paid once per unlock. MIN_PASSPHRASE: a short passphrase makes the
// stored file the weak point of an agent's laptop.
const OPSLIMIT = 2;
const MEMLIMIT = 64 * 1024 * 1024;
export const MIN_PASSPHRASE = 12;

// SERVICE: the recipient id; SIGN_TEXT / BOX_TEXT: the contents of ID.sign.key
// and ID.box.key. Returns a JSON-ready object to store.
export async function wrapServiceKeys(service, signText, boxText, passphrase) {
  const s = await ready();
  if ([...passphrase].length < MIN_PASSPHRASE)
    throw new Error(`La phrase de passe doit compter au moins ${MIN_PASSPHRASE} caractères.`);
  const sign = parseSigningKey(signText);
  const box = parseBoxKey(boxText);
  const salt = s.randombytes_buf(s.crypto_pwhash_SALTBYTES);
  const key = s.crypto_pwhash(32, toBytes(passphrase), salt, OPSLIMIT, MEMLIMIT, s.crypto_pwhash_ALG_ARGON2ID13);
  const plain = new Uint8Array(96);
  plain.set(sign.secret, 0);
  plain.set(box.secret, 64);
  const nonce = s.randombytes_buf(s.crypto_secretbox_NONCEBYTES);
  const sealed = s.crypto_secretbox_easy(plain, nonce, key);
  s.memzero(plain);
  s.memzero(key);
  s.memzero(sign.secret);
  s.memzero(box.secret);
  return {
    format: "guichet-service-keys",
    version: KEYSTORE_VERSION,
    service,
    kdf: { alg: "argon2id13", opslimit: OPSLIMIT, memlimit: MEMLIMIT, salt: base64Encode(salt) },
    nonce: base64Encode(nonce),
    box: base64Encode(sealed),
    signing_public_key: base64Encode(sign.publicKey),
    box_public_key: base64Encode(box.publicKey),
  };
}

// Returns {service, signing: {secret, publicKey}, box: {secret, publicKey}};
// throws « Phrase de passe incorrecte » when the passphrase does not open it.
export async function unwrapServiceKeys(stored, passphrase) {
  const s = await ready();
  if (stored?.format !== "guichet-service-keys" || stored.version !== KEYSTORE_VERSION)
    throw new Error("Clés enregistrées dans un format inconnu : importez à nouveau les fichiers de clés du service.");
  if (stored.kdf?.alg !== "argon2id13") throw new Error("Clés enregistrées : dérivation inconnue.");
  const key = s.crypto_pwhash(
    32,
    toBytes(passphrase),
    base64Decode(stored.kdf.salt, "salt"),
    stored.kdf.opslimit,
    stored.kdf.memlimit,
    s.crypto_pwhash_ALG_ARGON2ID13,
  );
  let plain;
  try {
    plain = s.crypto_secretbox_open_easy(base64Decode(stored.box, "box"), base64Decode(stored.nonce, "nonce"), key);
  } catch {
    throw new Error("Phrase de passe incorrecte.");
  } finally {
    s.memzero(key);
  }
  const signing = plain.slice(0, 64);
  const box = plain.slice(64, 96);
  s.memzero(plain);
  return {
    service: stored.service,
    signing: { secret: signing, publicKey: s.crypto_sign_ed25519_sk_to_pk(signing) },
    box: { secret: box, publicKey: s.crypto_scalarmult_base(box) },
  };
}

// Sign-out: the secrets leave memory.
export function forgetServiceKeys(keys) {
  if (keys?.signing?.secret) wipe(keys.signing.secret);
  if (keys?.box?.secret) wipe(keys.box.secret);
}
