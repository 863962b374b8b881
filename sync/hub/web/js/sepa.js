// SEPA identifiers and the pain.008 writer for the agent's browser: a port of
// kiosk/core/sepa/{sepa,pain008}.cpp (docs/sepa.md §4). The same batch gives
// the same bytes as the C++ writer: tests/web/regie_pain008.test.mjs runs both
// and compares them, then validates with xmllint against the ISO 20022 schemas.
// (A port, kept byte-identical by tests/web/regie_pain008.test.mjs; Debian 12's emscripten could
// build the C++ writer instead, see docs/back-office.md §8.3.)
// Errors are thrown as Error with a French message for the agent.
import { checkBic, checkIban } from "./format.js";

export const SEQUENCES = ["FRST", "RCUR", "OOFF", "FNAL"];

export function isSepaChar(c) {
  return /^[A-Za-z0-9\/\-?:().,'+ ]$/.test(c);
}

// Letters the SEPA set lacks (EPC217-08 §1.4), as pain008.cpp's kTranslit.
const translit = new Map(Object.entries({
  à: "a", â: "a", ä: "a", á: "a", ã: "a", å: "a", ç: "c", é: "e", è: "e", ê: "e", ë: "e", î: "i", ï: "i", í: "i",
  ì: "i", ñ: "n", ô: "o", ö: "o", ó: "o", ò: "o", õ: "o", ø: "o", ù: "u", û: "u", ü: "u", ú: "u", ÿ: "y", ý: "y",
  œ: "oe", æ: "ae", ß: "ss", À: "A", Â: "A", Ä: "A", Á: "A", Ç: "C", É: "E", È: "E", Ê: "E", Ë: "E", Î: "I",
  Ï: "I", Ô: "O", Ö: "O", Ù: "U", Û: "U", Ü: "U", Ÿ: "Y", Œ: "OE", Æ: "AE", Ñ: "N", "’": "'", "‘": "'",
  "«": " ", "»": " ", "—": "-", "–": "-", "\u00a0": " ", "\u202f": " ", "°": ".", "&": "+", '"': "'", "\t": " ",
}));

// UTF-8 text reduced to the SEPA set, spaces collapsed, cut to MAX (to_sepa_text).
export function toSepaText(text, max) {
  let out = "";
  for (const cp of text) {
    const piece = cp.length === 1 && cp < "\u0080" && isSepaChar(cp) ? cp : translit.get(cp) ?? ".";
    for (const c of piece) {
      if (c === " " && (out === "" || out.endsWith(" "))) continue;
      out += c;
    }
  }
  out = out.replace(/ +$/, "");
  if (out.length > max) out = out.slice(0, max);
  return out.replace(/ +$/, "");
}

// "12.50" for 1250.
export function formatAmount(cents) {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

// "42,50 €" for 4250, for people.
export function euros(cents) {
  const whole = String(Math.trunc(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  return `${whole},${String(cents % 100).padStart(2, "0")}\u00a0€`;
}

function mod97(s) {
  let r = 0;
  for (const c of s) r = c >= "A" ? (r * 100 + c.charCodeAt(0) - 55) % 97 : (r * 10 + +c) % 97;
  return r;
}

// The creditor identifier (sepa::check_ics): the normalised ICS, or throws.
export function checkIcs(text) {
  const s = String(text).replace(/ /g, "").toUpperCase();
  if (!s) throw new Error("L’identifiant créancier SEPA (ICS) est vide.");
  if (!/^[A-Z0-9]+$/.test(s)) throw new Error(`L’ICS « ${s} » ne contient que des lettres et des chiffres.`);
  if (s.length < 8 || s.length > 35) throw new Error(`L’ICS « ${s} » a ${s.length} caractères : il en a 8 à 35 (13 en France, par exemple FR46ZZZ005002).`);
  if (!/^[A-Z]{2}[0-9]{2}/.test(s)) throw new Error(`L’ICS « ${s} » commence par le code du pays (FR) et deux chiffres de contrôle.`);
  if (s.startsWith("FR") && s.length !== 13) throw new Error(`L’ICS français « ${s} » a ${s.length} caractères au lieu de 13 (FRkk ZZZ nnnnnn).`);
  const check = 98 - mod97(s.slice(7) + s.slice(0, 2) + "00");
  const expected = String(check).padStart(2, "0");
  if (expected !== s.slice(2, 4))
    throw new Error(`L’ICS « ${s} » a de mauvais chiffres de contrôle (${s.slice(2, 4)} au lieu de ${expected}) : vérifiez-le sur le courrier de la banque.`);
  return s;
}

// The mandate reference (sepa::check_rum), or throws.
export function checkRum(rum) {
  const s = String(rum);
  if (!s) throw new Error("La référence unique de mandat (RUM) est vide.");
  if (s.length > 35) throw new Error(`La RUM « ${s} » a ${s.length} caractères : 35 au plus.`);
  if (s.includes(" ")) throw new Error(`La RUM « ${s} » contient une espace, que les banques refusent.`);
  for (const c of s)
    if (!isSepaChar(c)) throw new Error(`La RUM « ${s} » contient un caractère hors du jeu SEPA (lettres, chiffres, / - ? : ( ) . , ' +).`);
  if (s.startsWith("/") || s.endsWith("/") || s.includes("//"))
    throw new Error(`La RUM « ${s} » ne peut ni commencer ni finir par « / », ni contenir « // ».`);
  return s;
}

export function isIsoDate(d) {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(d ?? "");
  if (!m) return false;
  const [y, mo, day] = [+m[1], +m[2], +m[3]];
  return mo >= 1 && mo <= 12 && day >= 1 && day <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function checkId(what, id) {
  if (!id || id.length > 35 || id.startsWith(" ") || id.endsWith(" ")) throw new Error(`${what} « ${id} » doit avoir 1 à 35 caractères.`);
  for (const c of id) if (!isSepaChar(c)) throw new Error(`${what} « ${id} » contient un caractère hors du jeu SEPA.`);
}

const compactUpper = (s) => s.replace(/ /g, "").toUpperCase();

function checkAccount(who, iban, bic) {
  const i = checkIban(iban);
  if (!i) throw new Error(`${who} : l’IBAN n’est pas valide.`);
  const b = checkBic(bic);
  if (!b) throw new Error(`${who} : le BIC « ${bic} » n’est pas valide.`);
  return { iban: compactUpper(i), bic: b };
}

// BATCH {message_id, created_at, collection_date, creditor {name, ics, iban, bic},
// debits [{end_to_end_id, amount_cents, rum, signed_on, debtor_name, debtor_iban,
// debtor_bic, sequence, remittance, amended, original_iban, new_debtor_bank}]},
// VERSION "02" or "08": the XML document (write_pain008).
export function writePain008(batch, version) {
  checkId("L’identifiant du fichier", batch.message_id);
  if (!isIsoDate(batch.collection_date)) throw new Error(`La date de prélèvement « ${batch.collection_date} » n’est pas une date AAAA-MM-JJ.`);
  if (!batch.debits.length) throw new Error("Il n’y a aucun prélèvement à faire.");
  const ics = checkIcs(batch.creditor.ics);
  const cred = checkAccount("Le compte de la régie", batch.creditor.iban, batch.creditor.bic);
  const creditorName = toSepaText(batch.creditor.name, 70);
  if (!creditorName) throw new Error("La régie n’a pas de nom.");
  let total = 0;
  const sums = [0, 0, 0, 0], counts = [0, 0, 0, 0];
  for (const d of batch.debits) {
    checkId("La référence de facture", d.end_to_end_id);
    checkRum(d.rum);
    const at = `Facture ${d.end_to_end_id}`;
    if (!Number.isSafeInteger(d.amount_cents) || d.amount_cents <= 0 || d.amount_cents > 99999999999)
      throw new Error(`${at} : le montant doit être entre 0,01 et 999 999 999,99 €.`);
    if (!isIsoDate(d.signed_on)) throw new Error(`${at} : la date de signature du mandat « ${d.signed_on} » n’est pas une date.`);
    checkAccount(at, d.debtor_iban, d.debtor_bic);
    if (!toSepaText(d.debtor_name, 70)) throw new Error(`${at} : le débiteur n’a pas de nom.`);
    if (d.amended && !d.new_debtor_bank && !checkIban(d.original_iban)) throw new Error(`${at} : l’IBAN d’origine de la modification n’est pas valide.`);
    if (d.amended && d.new_debtor_bank && d.sequence !== "FRST") throw new Error(`${at} : un mandat passé dans une autre banque est prélevé en FRST.`);
    const k = SEQUENCES.indexOf(d.sequence);
    if (k < 0) throw new Error(`${at} : type de séquence inconnu « ${d.sequence} ».`);
    total += d.amount_cents;
    sums[k] += d.amount_cents;
    counts[k] += 1;
  }

  const bicTag = version === "08" ? "BICFI" : "BIC";
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.${version === "08" ? "08" : "02"}" `;
  out += 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n';
  let depth = 0;
  const pad = () => "  ".repeat(depth);
  const open = (tag) => { out += `${pad()}<${tag}>\n`; depth += 1; };
  const close = (tag) => { depth -= 1; out += `${pad()}</${tag}>\n`; };
  const esc = (t) => String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const leaf = (tag, text, attr = "") => { out += `${pad()}<${tag}${attr ? " " + attr : ""}>${esc(text)}</${tag}>\n`; };
  const nest = (tags, fn) => { for (const t of tags) open(t); fn(); for (const t of [...tags].reverse()) close(t); };

  open("CstmrDrctDbtInitn");
  open("GrpHdr");
  leaf("MsgId", batch.message_id);
  leaf("CreDtTm", batch.created_at);
  leaf("NbOfTxs", String(batch.debits.length));
  leaf("CtrlSum", formatAmount(total));
  nest(["InitgPty"], () => leaf("Nm", creditorName));
  close("GrpHdr");
  SEQUENCES.forEach((seq, k) => {
    if (!counts[k]) return;
    open("PmtInf");
    leaf("PmtInfId", `${batch.message_id.slice(0, 30)}-${seq}`);
    leaf("PmtMtd", "DD");
    leaf("BtchBookg", "true");
    leaf("NbOfTxs", String(counts[k]));
    leaf("CtrlSum", formatAmount(sums[k]));
    open("PmtTpInf");
    nest(["SvcLvl"], () => leaf("Cd", "SEPA"));
    nest(["LclInstrm"], () => leaf("Cd", "CORE"));
    leaf("SeqTp", seq);
    close("PmtTpInf");
    leaf("ReqdColltnDt", batch.collection_date);
    nest(["Cdtr"], () => leaf("Nm", creditorName));
    nest(["CdtrAcct", "Id"], () => leaf("IBAN", cred.iban));
    nest(["CdtrAgt", "FinInstnId"], () => leaf(bicTag, cred.bic));
    leaf("ChrgBr", "SLEV");
    nest(["CdtrSchmeId", "Id", "PrvtId", "Othr"], () => {
      leaf("Id", ics);
      nest(["SchmeNm"], () => leaf("Prtry", "SEPA"));
    });
    for (const d of batch.debits) {
      if (d.sequence !== seq) continue;
      open("DrctDbtTxInf");
      nest(["PmtId"], () => leaf("EndToEndId", d.end_to_end_id));
      leaf("InstdAmt", formatAmount(d.amount_cents), 'Ccy="EUR"');
      nest(["DrctDbtTx", "MndtRltdInf"], () => {
        leaf("MndtId", d.rum);
        leaf("DtOfSgntr", d.signed_on);
        if (d.amended) {
          leaf("AmdmntInd", "true");
          nest(["AmdmntInfDtls"], () => {
            if (d.new_debtor_bank) nest(["OrgnlDbtrAgt", "FinInstnId", "Othr"], () => leaf("Id", "SMNDA"));
            else nest(["OrgnlDbtrAcct", "Id"], () => leaf("IBAN", compactUpper(d.original_iban)));
          });
        } else {
          leaf("AmdmntInd", "false");
        }
      });
      nest(["DbtrAgt", "FinInstnId"], () => leaf(bicTag, compactUpper(d.debtor_bic)));
      nest(["Dbtr"], () => leaf("Nm", toSepaText(d.debtor_name, 70)));
      nest(["DbtrAcct", "Id"], () => leaf("IBAN", compactUpper(d.debtor_iban)));
      const rmt = toSepaText(d.remittance ?? "", 140);
      if (rmt) nest(["RmtInf"], () => leaf("Ustrd", rmt));
      close("DrctDbtTxInf");
    }
    close("PmtInf");
  });
  close("CstmrDrctDbtInitn");
  return out + "</Document>\n";
}
