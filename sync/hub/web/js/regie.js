// The régie's mandate register in the agent's browser (docs/back-office.md §8):
// the same rules as guichet-partner's regie.sqlite (sync/partner/regie_register.cpp,
// docs/sepa.md §3) on a plain object, kept at the hub as one sealed document
// (sealRegister / openRegister) that only holders of the service's box key open.
// Pure functions of the register: each change returns nothing and mutates REG,
// or throws an Error with a French message and leaves REG as it was.
import { checkBic, checkIban, isoDateFr } from "./format.js";
import { checkIcs, checkRum, formatAmount, isIsoDate, isSepaChar, writePain008 } from "./sepa.js";

export const REGISTER_FORMAT = 1;

export function emptyRegister(service) {
  return { format: REGISTER_FORMAT, service, revision: 0, creditor: null, mandates: [], collections: [], files: [] };
}

const compact = (s) => String(s ?? "").replace(/ /g, "").toUpperCase();
const str = (o, k) => (o && typeof o === "object" && typeof o[k] === "string" ? o[k] : "");

export function isoDate(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function account(iban, bic) {
  const i = checkIban(iban ?? "");
  if (!i) throw new Error(`L’IBAN « ${iban} » n’est pas valide.`);
  const b = checkBic(bic ?? "");
  if (!b) throw new Error(`Le BIC « ${bic} » n’est pas valide.`);
  return { iban: compact(i), bic: b };
}

// The mandate of an opened démarche's PAYLOAD (mandate_from_demarche), or null
// when it is not a SEPA mandate; throws when it is one but unusable.
export function mandateFromPayload(payload, { uuid, trackingCode }) {
  const sm = payload?.sepa_mandate;
  if (!sm || typeof sm !== "object") return null;
  const answers = payload.answers && typeof payload.answers === "object" ? payload.answers : {};
  const m = {
    rum: str(sm, "rum"), ics: str(sm, "ics"), creditor: str(sm, "creditor"), payment_type: str(sm, "payment_type"),
    signed_on: str(sm, "signed_on"), debtor_name: str(answers, "titulaire"), iban: "", bic: "",
    family: str(answers, "nom_famille"), tracking_code: trackingCode ?? "", demarche_uuid: uuid,
  };
  for (const f of Array.isArray(payload.fields) ? payload.fields : []) {
    if (str(f, "type") === "iban" && !m.iban) m.iban = str(answers, str(f, "id"));
    if (str(f, "type") === "bic" && !m.bic) m.bic = str(answers, str(f, "id"));
  }
  const ref = str(answers, "reference_famille");
  if (ref) m.family += ` (${ref})`;
  checkRum(m.rum);
  m.ics = checkIcs(m.ics);
  if (m.payment_type !== "recurrent" && m.payment_type !== "ponctuel") throw new Error(`Type de paiement inconnu « ${m.payment_type} ».`);
  if (!isIsoDate(m.signed_on)) throw new Error(`La date de signature « ${m.signed_on} » n’est pas une date.`);
  if (!m.debtor_name) throw new Error("Le mandat n’a pas de titulaire du compte.");
  Object.assign(m, account(m.iban, m.bic));
  return m;
}

function event(m, what, now) {
  m.events.push({ at: now, what });
}

export function findMandate(reg, rum) {
  return reg.mandates.find((m) => m.rum === rum) ?? null;
}

// Adds M; false when this démarche is already in (nothing changes); throws when
// its RUM is there for another démarche (a collision never merges two mandates).
export function addMandate(reg, m, now) {
  const existing = findMandate(reg, m.rum);
  if (existing) {
    if (existing.demarche_uuid === m.demarche_uuid) return false;
    throw new Error(`La RUM ${m.rum} est déjà au registre (démarche ${existing.tracking_code || existing.demarche_uuid}) : cette démarche n’est pas ajoutée.`);
  }
  reg.mandates.push({
    ...m, state: "actif", first_collection: "", last_collection: "", amended: false, new_bank: false,
    original_iban: "", original_bic: "", revoked_on: "", imported_at: now, events: [],
  });
  event(findMandate(reg, m.rum), `reçu par la démarche ${m.tracking_code || m.demarche_uuid}`, now);
  return true;
}

function usable(m, rum) {
  if (!m) throw new Error(`Mandat inconnu : ${rum}.`);
  if (m.state === "revoque") throw new Error(`Le mandat ${m.rum} a été révoqué le ${m.revoked_on} : il faut signer un nouveau mandat.`);
  if (m.state === "termine") throw new Error(`Le mandat ${m.rum} est épuisé : il faut signer un nouveau mandat.`);
}

// Same bank (the debtor agent): the French bank code, else the BIC's first 6 characters.
function sameBank(ibanA, bicA, ibanB, bicB) {
  const fr = (i) => i.startsWith("FR") || i.startsWith("MC");
  if (fr(ibanA) && fr(ibanB)) return ibanA.slice(4, 9) === ibanB.slice(4, 9);
  return bicA.slice(0, 6) === bicB.slice(0, 6);
}

// A new account for the mandate (EPC AT-24, Register::amend): the RUM stays.
export function amendMandate(reg, rum, ibanText, bicText, now) {
  const m = findMandate(reg, rum);
  usable(m, rum);
  const { iban, bic } = account(ibanText, bicText);
  if (iban === m.iban && bic === m.bic) throw new Error(`Le mandat ${rum} a déjà ce compte.`);
  let amended = false, newBank = false, originalIban = "", originalBic = "";
  if (m.first_collection) {
    originalIban = m.amended ? m.original_iban : m.iban;
    originalBic = m.amended ? m.original_bic : m.bic;
    amended = iban !== originalIban;  // back to the account last collected: nothing to tell
    newBank = amended && !sameBank(originalIban, originalBic, iban, bic);
    if (!amended) originalIban = originalBic = "";
  }
  event(m, `compte ${m.iban} → ${iban}${newBank ? " (autre banque : SMNDA, FRST)" : amended ? " (modification)" : ""}`, now);
  Object.assign(m, { iban, bic, amended, new_bank: newBank, original_iban: originalIban, original_bic: originalBic });
  return { amended, newBank };
}

// FINAL: the next debit is the last (FNAL); otherwise revoked at once (Register::revoke).
export function revokeMandate(reg, rum, final, today, now) {
  const m = findMandate(reg, rum);
  if (!m) throw new Error(`Mandat inconnu : ${rum}.`);
  if (m.state === "revoque") throw new Error(`Le mandat ${rum} a déjà été révoqué le ${m.revoked_on}.`);
  if (m.state === "termine") throw new Error(`Le mandat ${rum} est épuisé : il n’y a rien à révoquer.`);
  if (final && m.payment_type === "ponctuel") throw new Error(`Le mandat ${rum} est ponctuel : son seul prélèvement est déjà le dernier (OOFF).`);
  if (final) m.state = "dernier";
  else Object.assign(m, { state: "revoque", revoked_on: today });
  event(m, final ? "prochain prélèvement le dernier (FNAL)" : "révoqué", now);
}

export function setCreditor(reg, { name, ics, iban, bic }) {
  if (!String(name ?? "").trim()) throw new Error("La régie doit avoir un nom.");
  const normalised = checkIcs(ics);
  reg.creditor = { name: String(name).trim(), ics: normalised, ...account(iban, bic) };
}

// The mandate's status for people: « Premier prélèvement à venir », …
export function mandateStatus(m) {
  if (m.state === "revoque") return `Révoqué le ${isoDateFr(m.revoked_on)}`;
  if (m.state === "termine") return "Utilisé (terminé)";
  if (m.state === "dernier") return "Dernier prélèvement à venir (FNAL)";
  if (m.amended) return m.new_bank ? "Modifié : autre banque (FRST)" : "Modifié : nouveau compte";
  return m.first_collection ? `Utilisé (dernier prélèvement le ${isoDateFr(m.last_collection)})` : "Premier prélèvement à venir";
}

// ---- The invoices file (docs/sepa.md §4, one format with publish-invoices) ----

function splitCsvLine(line, sep) {
  const out = [];
  let cur = "", quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { out.push(cur.trim()); cur = ""; }
    else cur += c;
  }
  out.push(cur.replace(/\r$/, "").trim());
  return out;
}

export function parseEuroCents(text) {
  const t = String(text).replace(/[ \u00a0\u202f]/g, "");
  const m = /^([0-9]+)(?:[.,]([0-9]{1,2}))?$/.exec(t);
  if (!m || t.length > 15) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

// The invoices to collect, from the régie's CSV: columns rum, montant, facture
// (required) and libelle; or the publish-invoices file with a rum column
// (famille;code;nom;email;facture;periode;libelle;montant;echeance;payee;rum),
// one row per invoice line: lines of one invoice are summed, an invoice marked
// paid (payee = oui) or without a RUM (the family pays otherwise) is left out.
export function readInvoicesCsv(text, fileName) {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  let col = null, sep = ";", unified = false;
  const byRef = new Map();
  const out = [];
  for (let n = 1; n <= lines.length; n++) {
    const line = lines[n - 1];
    if (!line.trim()) continue;
    const at = `${fileName}, ligne ${n}`;
    if (!col) {
      sep = line.includes(";") ? ";" : ",";
      col = new Map(splitCsvLine(line, sep).map((name, i) => [name.toLowerCase(), i]));
      for (const need of ["rum", "montant", "facture"])
        if (!col.has(need)) throw new Error(`${at} : il manque la colonne « ${need} » dans la ligne d’en-tête (colonnes : rum, montant, facture, libelle ; ou le fichier des factures avec une colonne rum).`);
      unified = col.has("famille");
      continue;
    }
    const f = splitCsvLine(line, sep);
    const get = (name) => (col.has(name) && col.get(name) < f.length ? f[col.get(name)] : "");
    const rum = get("rum"), reference = get("facture");
    if (unified && (!rum || get("payee").toLowerCase() === "oui")) continue;
    checkRumAt(rum, at);
    const cents = parseEuroCents(get("montant"));
    if (cents === null || cents <= 0)
      throw new Error(`${at} : le montant « ${get("montant")} » n’est pas un montant en euros supérieur à 0 avec au plus 2 décimales (par exemple 42,50).`);
    if (!reference || reference.length > 35 || [...reference].some((c) => c === " " || !isSepaChar(c)))
      throw new Error(`${at} : le numéro de facture « ${reference} » doit avoir 1 à 35 lettres, chiffres ou / - ? : ( ) . , ' +.`);
    const label = unified ? get("periode") || get("libelle") : get("libelle");
    const seen = byRef.get(reference);
    if (seen && unified) {
      if (seen.rum !== rum) throw new Error(`${at} : la facture ${reference} a deux RUM différentes (${seen.rum} et ${rum}).`);
      seen.amount_cents += cents;
      continue;
    }
    const inv = { line: n, rum, amount_cents: cents, reference, label };
    if (unified) byRef.set(reference, inv);
    out.push(inv);
    if (out.length > 100000) throw new Error(`${at} : plus de 100 000 factures dans un fichier.`);
  }
  if (!col) throw new Error(`${fileName} : le fichier est vide (une ligne d’en-tête rum;montant;facture;libelle est attendue).`);
  return out;
}

function checkRumAt(rum, at) {
  try {
    checkRum(rum);
  } catch (e) {
    throw new Error(`${at} : ${e.message}`);
  }
}

function addMonths(d, months) {
  let y = +d.slice(0, 4), m = +d.slice(5, 7) - 1 + months;
  y += Math.floor(m / 12);
  m = (m % 12) + 1;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${d.slice(8, 10)}`;
}

// The debits for INVOICES on DATE, sequence types by the EPC rulebook (Register::plan).
export function plan(reg, invoices, date) {
  if (!isIsoDate(date)) throw new Error(`La date de prélèvement « ${date} » n’est pas une date.`);
  if (!reg.creditor) throw new Error("Le compte de la régie n’est pas renseigné : remplissez « Compte de la régie » d’abord.");
  if (!invoices.length) throw new Error("Le fichier ne contient aucune facture à prélever.");
  const collected = new Map(reg.collections.map((c) => [c.reference, c]));
  const byRum = new Map(reg.mandates.map((m) => [m.rum, m]));  // 5,000 lines: no linear search each
  const inFile = new Map(), refs = new Set(), out = [];
  for (const inv of invoices) {
    const at = `Ligne ${inv.line}`;
    const m = byRum.get(inv.rum);
    if (!m) throw new Error(`${at} : mandat inconnu ${inv.rum}.`);
    if (m.state === "revoque") throw new Error(`${at} : le mandat ${m.rum} a été révoqué le ${m.revoked_on} : pas de prélèvement ; demandez un autre moyen de paiement à la famille.`);
    if (m.state === "termine") throw new Error(`${at} : le mandat ${m.rum} est épuisé (ponctuel ou dernier prélèvement fait) : il faut signer un nouveau mandat.`);
    if (m.ics !== reg.creditor.ics) throw new Error(`${at} : le mandat ${m.rum} a été signé pour l’ICS ${m.ics}, celui de la régie est ${reg.creditor.ics}.`);
    const since = m.last_collection || m.signed_on;
    if (date > addMonths(since, 36)) throw new Error(`${at} : le mandat ${m.rum} est caduc : aucun prélèvement depuis 36 mois (depuis le ${since}) ; il faut signer un nouveau mandat.`);
    if (date < m.signed_on) throw new Error(`${at} : la date de prélèvement ${date} précède la signature du mandat ${m.rum} (${m.signed_on}).`);
    if (refs.has(inv.reference)) throw new Error(`${at} : la facture ${inv.reference} est deux fois dans le fichier.`);
    refs.add(inv.reference);
    const done = collected.get(inv.reference);
    if (done) throw new Error(`${at} : la facture ${inv.reference} a déjà été prélevée le ${done.collection_date} (fichier ${done.message_id}) : elle n’est pas prélevée deux fois.`);
    let seq = "RCUR";
    if (m.payment_type === "ponctuel") seq = "OOFF";
    else if (!m.first_collection || (m.amended && m.new_bank)) seq = "FRST";
    else if (m.state === "dernier") seq = "FNAL";
    const before = inFile.get(m.rum);
    if (before && (seq !== "RCUR" || before !== seq))
      throw new Error(`${at} : le mandat ${m.rum} est déjà prélevé dans ce fichier (${before}) : mettez cette facture dans le fichier suivant.`);
    inFile.set(m.rum, seq);
    out.push({
      end_to_end_id: inv.reference, amount_cents: inv.amount_cents, rum: m.rum, signed_on: m.signed_on,
      debtor_name: m.debtor_name, debtor_iban: m.iban, debtor_bic: m.bic, sequence: seq, remittance: inv.label,
      amended: m.amended, original_iban: m.original_iban, new_debtor_bank: m.new_bank,
    });
  }
  return out;
}

// Records the debits of a file made (Register::record).
export function record(reg, debits, messageId, date, now) {
  const byRum = new Map(reg.mandates.map((m) => [m.rum, m]));
  for (const d of debits) {
    reg.collections.push({ reference: d.end_to_end_id, rum: d.rum, amount_cents: d.amount_cents, sequence: d.sequence,
                           collection_date: date, message_id: messageId, at: now });
    const m = byRum.get(d.rum);
    if (!m.first_collection) m.first_collection = date;
    m.last_collection = date;
    if (d.sequence === "OOFF" || d.sequence === "FNAL" || m.state === "dernier") m.state = "termine";
    Object.assign(m, { amended: false, new_bank: false, original_iban: "", original_bic: "" });
    event(m, `${d.sequence} ${d.end_to_end_id} ${formatAmount(d.amount_cents)} EUR dans ${messageId}`, now);
  }
}

// REGIE-YYYYMMDD-HHMMSS-XXXX (UTC and 20 random bits), as guichet-partner names its files.
export function messageId(nowSeconds, random20) {
  const t = new Date(nowSeconds * 1000).toISOString();
  const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let r = "";
  for (let i = 3; i >= 0; i--) r += crockford[(random20 >> (i * 5)) & 31];
  return `REGIE-${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}-${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}-${r}`;
}

// Plans, writes and records one file, all or nothing on REG: {xml, debits, messageId}.
export function collect(reg, invoices, date, version, nowSeconds, random20) {
  const debits = plan(reg, invoices, date);
  const id = messageId(nowSeconds, random20);
  const batch = { message_id: id, created_at: new Date(nowSeconds * 1000).toISOString().slice(0, 19), collection_date: date,
                  creditor: reg.creditor, debits };
  const xml = writePain008(batch, version);
  record(reg, debits, id, date, nowSeconds);
  reg.files.push({ message_id: id, version, collection_date: date, count: debits.length,
                   total_cents: debits.reduce((s, d) => s + d.amount_cents, 0), at: nowSeconds });
  return { xml, debits, messageId: id };
}

// ---- Sealed at the hub ----

const KEY_CONTEXT = "guichet regie register v1";

// The register's key: BLAKE2b-256 keyed with the service's box secret key, of
// a fixed context. Only holders of that key derive it; the hub never does.
function registerKey(sodium, boxSecret) {
  return sodium.crypto_generichash(32, sodium.from_string(KEY_CONTEXT), boxSecret);
}

// gzip through the platform's CompressionStream (Chromium, Node.js 18+): a
// year of monthly files for 5,000 families is 19 MB of JSON, about 1 MB gzipped.
async function transform(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

// nonce (24) || crypto_secretbox_easy(gzip(JSON)): authenticated, so a hub that
// alters the bytes is detected, and cannot make one (it lacks the key).
export async function sealRegister(sodium, reg, boxSecret) {
  const plain = await transform(sodium.from_string(JSON.stringify(reg)), new CompressionStream("gzip"));
  const key = registerKey(sodium, boxSecret);
  const nonce = sodium.randombytes_buf(sodium.crypto_secretbox_NONCEBYTES);
  const box = sodium.crypto_secretbox_easy(plain, nonce, key);
  sodium.memzero(key);
  const out = new Uint8Array(nonce.length + box.length);
  out.set(nonce);
  out.set(box, nonce.length);
  return out;
}

// The register in SEALED, checked to be this service's and of revision REVISION.
export async function openRegister(sodium, sealed, boxSecret, service, revision) {
  const key = registerKey(sodium, boxSecret);
  let plain;
  try {
    const n = sodium.crypto_secretbox_NONCEBYTES;
    plain = sodium.crypto_secretbox_open_easy(sealed.slice(n), sealed.slice(0, n), key);
  } catch {
    throw new Error("Le registre conservé au hub ne s’ouvre pas avec la clé de ce service : il a été altéré, ou scellé avec une autre clé.");
  } finally {
    sodium.memzero(key);
  }
  const reg = JSON.parse(sodium.to_string(await transform(plain, new DecompressionStream("gzip"))));
  if (reg.format !== REGISTER_FORMAT) throw new Error(`Registre au format ${reg.format} : cette page lit le format ${REGISTER_FORMAT}. Mettez le hub à jour.`);
  if (reg.service !== service) throw new Error(`Ce registre est celui du service « ${reg.service} », pas de « ${service} ».`);
  if (reg.revision !== revision)
    throw new Error(`Le hub a servi la version ${revision} du registre, mais le document scellé est la version ${reg.revision} : le hub a remplacé le registre par un autre. Prévenez l’administrateur du hub.`);
  return reg;
}
