// French formats for the agent's pages, as the kiosk's review shows them
// (docs/kiosk.md): « 12 mars 1990 », grouped IBAN/NIR/SIRET/phone numbers.
const months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
  "novembre", "décembre"];

// Unix seconds → « 7 décembre 2026 à 11 h 05 » in the browser's time zone.
export function dateTimeFr(seconds) {
  const d = new Date(seconds * 1000);
  const mm = String(d.getMinutes()).padStart(2, "0");
  return `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()} à ${d.getHours()} h ${mm}`;
}

// Unix seconds → « 9 h 05 » in the browser's time zone.
export function timeFr(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getHours()} h ${String(d.getMinutes()).padStart(2, "0")}`;
}

const weekdays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

// Unix seconds → « mardi 8 décembre 2026 » (« 1er » for the first day).
export function dayFr(seconds) {
  const d = new Date(seconds * 1000);
  const day = d.getDate() === 1 ? "1er" : String(d.getDate());
  return `${weekdays[d.getDay()]} ${day} ${months[d.getMonth()]} ${d.getFullYear()}`;
}

// "1990-03-12" → « 12 mars 1990 », « 1er juin 2015 » (the kiosk's french_date,
// kiosk/ui/list_model.cpp); anything else unchanged.
export function isoDateFr(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m || +m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31) return text;
  return `${+m[3]}${+m[3] === 1 ? "er" : ""} ${months[+m[2] - 1]} ${m[1]}`;
}

// How long ago, in words an agent scans quickly.
export function ageFr(seconds, nowSeconds) {
  const days = Math.floor((nowSeconds - seconds) / 86400);
  if (days < 1) return "aujourd’hui";
  if (days === 1) return "hier";
  if (days < 31) return `il y a ${days} jours`;
  const months = Math.floor(days / 30.5);
  if (months < 12) return `il y a ${months} mois`;
  const years = Math.floor(days / 365);
  return years === 1 ? "il y a 1 an" : `il y a ${years} ans`;
}

// ---- The kiosk's review screen, ported (kiosk/ui/screens/wizard_logic.cpp,
// display_answer and as_sealed; the validators of kiosk/core/forms). A sealed
// value is already what the validators made of the resident's typing, so
// running it through them again changes nothing but the presentation: dates
// in words, decimals with a comma, option labels. tests/web/review_format_cases.json
// holds inputs and the kiosk's output for them, checked against both the C++
// (tests/ui/review_format_test.cpp) and this file (tests/web/format.test.mjs).

const wideSpaces = /^[ \t\n\r\v\f\u00a0\u202f\u2009\u2007]/;
const wideDashes = /^[-\u2010\u2011\u2013\u2212]/;

// validators_text.hpp's compact(): spaces and SEPARATORS out (any dash when
// they hold "-"), ASCII letters upper-cased when UPPER.
function compact(text, separators, upper) {
  let out = "";
  for (const c of text) {
    if (wideSpaces.test(c) || (separators.includes("-") && wideDashes.test(c)) || separators.includes(c)) continue;
    out += upper && c >= "a" && c <= "z" ? c.toUpperCase() : c;
  }
  return out;
}

function trim(text) {
  return text.replace(/^[ \t\n\r\v\f\u00a0\u202f\u2009\u2007]+|[ \t\n\r\v\f\u00a0\u202f\u2009\u2007]+$/g, "");
}

function grouped(s, sizes) {
  const out = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= s.length) break;
    out.push(s.slice(at, at + size));
    at += size;
  }
  if (at < s.length) out.push(s.slice(at));
  return out.join(" ");
}

const digits = (s) => /^[0-9]+$/.test(s);

function mod97(s) {  // letters as 10…35, the number mod 97, digit by digit
  let r = 0;
  for (const c of s.slice(4) + s.slice(0, 4)) {
    const v = c >= "A" ? String(c.charCodeAt(0) - 55) : c;
    for (const d of v) r = (r * 10 + +d) % 97;
  }
  return r;
}

// IBAN: the kiosk also checks each country's length and layout (SWIFT
// registry); a sealed IBAN passed them, and this check only decides to group.
export function checkIban(text) {
  let s = compact(text, "-.", true);
  if (s.startsWith("IBAN")) s = s.slice(s[4] === ":" ? 5 : 4);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$/.test(s)) return null;
  const check = s.slice(2, 4);
  if (check === "00" || check === "01" || check === "99" || mod97(s) !== 1) return null;
  return grouped(s, Array(9).fill(4));
}

export function checkBic(text) {
  const s = compact(text, "-.", true);
  return /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(s) ? s : null;
}

function checkNir(text) {
  const s = compact(text, ".-", true);
  const corsica = s[5] === "2" && (s[6] === "A" || s[6] === "B");
  if (s.length !== 15 || !digits(corsica ? s.slice(0, 6) + s.slice(7) : s)) return null;
  if (!"123478".includes(s[0])) return null;
  const month = +s.slice(3, 5);
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return null;
  // 2A → 19, 2B → 18 (the département's digits, as the kiosk counts them).
  let body = 0n;
  for (let i = 0; i < 13; ++i) {
    let d;
    if (i === 6 && (s[i] === "A" || s[i] === "B")) {
      body = body - 1n;
      d = s[i] === "A" ? 9n : 8n;
    } else d = BigInt(+s[i]);
    body = body * 10n + d;
  }
  if (+s.slice(13) !== Number(97n - (body % 97n))) return null;
  return grouped(s, [1, 2, 2, 2, 3, 3, 2]);
}

function luhn(s) {
  let sum = 0;
  [...s].reverse().forEach((c, i) => {
    let d = +c * (i % 2 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return sum % 10 === 0;
}

function checkSiren(text) {
  const s = compact(text, ".-", false);
  return digits(s) && s.length === 9 && /[1-9]/.test(s) && luhn(s) ? grouped(s, [3, 3, 3]) : null;
}

function checkSiret(text) {
  const s = compact(text, ".-", false);
  if (!digits(s) || s.length !== 14) return null;
  const siren = s.slice(0, 9);
  const ok = siren === "356000000" ? luhn(s) || [...s].reduce((a, c) => a + +c, 0) % 5 === 0 : /[1-9]/.test(siren) && luhn(siren) && luhn(s);
  return ok ? grouped(s, [3, 3, 3, 5]) : null;
}

function checkPhone(text) {
  const s = compact(text, "-./()", false);
  let national = s;
  let international = false;
  if (s.startsWith("+")) {
    if (!s.startsWith("+33")) return null;
    national = s.slice(3);
    international = true;
  } else if (s.startsWith("00") && s.length > 10) {
    if (!s.startsWith("0033")) return null;
    national = s.slice(4);
    international = true;
  }
  if (!digits(national)) return null;
  if (international) {
    if (national.length === 10 && national[0] === "0") national = national.slice(1);
    if (national.length !== 9) return null;
    national = "0" + national;
  } else if (national.length !== 10) return null;
  if (national[0] !== "0" || national[1] === "0") return null;
  return grouped(national, [2, 2, 2, 2, 2]);
}

function checkEmail(text) {
  const s = trim(text);
  const at = s.lastIndexOf("@");
  if (at <= 0 || s.indexOf("@") !== at || !/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(s.slice(at + 1))) return null;
  return s.slice(0, at + 1) + s.slice(at + 1).toLowerCase();
}

function daysIn(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// JJ/MM/AAAA, J/M/AAAA, JJMMAAAA or AAAA-MM-JJ → ISO (check_date_fr).
function checkDate(text) {
  const s = trim(text);
  let g = s.split(/[\/.\- ]+/).filter(Boolean);
  if (g.length === 1 && g[0].length === 8) g = [g[0].slice(0, 2), g[0].slice(2, 4), g[0].slice(4)];
  if (g.length !== 3 || !g.every(digits)) return null;
  if (g[0].length === 4) [g[0], g[2]] = [g[2], g[0]];
  if (g[0].length > 2 || g[1].length > 2 || g[2].length !== 4) return null;
  const [day, month, year] = g.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100 || day > daysIn(year, month)) return null;
  return `${g[2]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// [sign] digits, optionally grouped by 3 with spaces, [, or . digits] (parse_number).
function parseNumber(text) {
  const m = /^([+-]?)([0-9]{1,3}(?: [0-9]{3})+|[0-9]*)(?:([.,])([0-9]*))?$/.exec(trim(text).replace(/[\u00a0\u202f\u2009\u2007]/g, " "));
  if (!m || (!m[2] && !m[4])) return null;
  const whole = m[2].replace(/ /g, "").replace(/^0+/, "");
  return { negative: m[1] === "-", whole, fraction: m[4] ?? "", separator: m[3] !== undefined };
}

function checkInteger(text) {
  const n = parseNumber(text);
  if (!n || n.separator) return null;
  const value = BigInt((n.negative ? "-" : "") + (n.whole || "0"));
  if (value > 9223372036854775807n || value < -9223372036854775808n) return null;
  return String(value);
}

function checkDecimal(text) {
  const n = parseNumber(text);
  if (!n) return null;
  let out = n.whole || "0";
  if (n.fraction) out += "." + n.fraction;
  const zero = !n.whole && !/[1-9]/.test(n.fraction);
  return (n.negative && !zero ? "-" : "") + out;
}

// as_sealed: TEXT as the validators normalise it, in the resident's terms.
function asSealed(type, text) {
  let c;
  switch (type) {
    case "date":
      c = checkDate(text);
      return c ? isoDateFr(c) : text;
    case "phone": c = checkPhone(text); break;
    case "email": c = checkEmail(text); break;
    case "iban": c = checkIban(text); break;
    case "bic": c = checkBic(text); break;
    case "nir": c = checkNir(text); break;
    case "siren": c = checkSiren(text); break;
    case "siret": c = checkSiret(text); break;
    case "integer": c = checkInteger(text); break;
    case "decimal":
      c = checkDecimal(text);
      if (c) c = c.replace(/\./g, ",");
      break;
    default:
      return text.replace(/^[ \t\n]+|[ \t\n]+$/g, "");
  }
  return c ?? text;
}

const str = (value, key) => (value && typeof value === "object" && typeof value[key] === "string" ? value[key] : "");

function optionLabel(field, value) {
  return (field.options ?? []).find((o) => o.value === value)?.label ?? value;
}

// An address or a commune on lines; the commune's name is the one sealed
// with the answer (the kiosk reads it from its commune list).
function place(value) {
  let out = "";
  for (const key of ["line1", "line2"]) if (str(value, key)) out += str(value, key) + "\n";
  out += str(value, "postal_code");
  if (str(value, "commune")) out += " " + str(value, "commune");
  return out;
}

// An answer as the kiosk's review screen shows it (display_answer): FIELD is
// {type, options?, fields?} from the form's definition. "" when unanswered.
export function reviewText(field, value) {
  if (value === null || value === undefined) return "";
  switch (field.type) {
    case "yes_no":
      return typeof value === "boolean" ? (value ? "Oui" : "Non") : "";
    case "choice":
      return typeof value === "string" ? optionLabel(field, value) : "";
    case "multi_choice":
      return Array.isArray(value) ? value.filter((v) => typeof v === "string").map((v) => optionLabel(field, v)).join(", ") : "";
    case "commune":
    case "address":
      return place(value);
    case "attachment":
      return str(value, "name");
    case "signature":
      return typeof value === "string" && value !== "" ? "Signée" : "";
    case "group":
      if (!Array.isArray(value)) return "";
      return value
        .map((item, i) => `${i + 1}. ` + (field.fields ?? [])
          .map((sub) => reviewText(sub, item && typeof item === "object" && sub.id in item ? item[sub.id] : null))
          .filter(Boolean).join(", "))
        .join("\n");
    default:
      break;
  }
  if (typeof value === "string") return asSealed(field.type, value);
  if (Number.isInteger(value)) return String(value);
  return JSON.stringify(value);
}

// ---- Without the form's definition: the payload's own field types (format 1).

// An address {line1, line2, postal_code, commune, insee} or a commune {name,
// insee} as one line; another object as its values.
function objectText(value) {
  const text = (v) => (typeof v === "string" || typeof v === "number" ? String(v).trim() : "");
  if ("line1" in value || "postal_code" in value) {
    const town = [text(value.postal_code), text(value.commune)].filter(Boolean).join(" ");
    return [text(value.line1), text(value.line2), town].filter(Boolean).join(", ") || "—";
  }
  if ("name" in value && "insee" in value) return `${text(value.name)} (${text(value.insee)})`;
  return Object.values(value).map(text).filter(Boolean).join(", ") || "—";
}

// A field's answer as text, by its type in the payload's "fields" (docs/forms.md §4).
export function answerText(type, value) {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Oui" : "Non";
  if (Array.isArray(value)) return value.map((v) => answerText("text", v)).join(", ");
  if (typeof value === "object") return objectText(value);
  return asSealed(type, String(value)) || "—";
}

export function sizeFr(bytes) {
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} Mo`;
}

// The statuses of docs/protocol.md §5, their labels as the kiosk shows them,
// and the message each one proposes (the agent edits it before sending).
export const statuses = [
  ["recu", "Reçu", "Votre demande a bien été reçue par nos services."],
  ["en_cours", "En cours", "Votre demande est en cours de traitement."],
  ["a_completer", "À compléter", "Il manque une pièce à votre dossier : merci de passer à l’accueil de la mairie."],
  ["pret_a_retirer", "Prêt à retirer", "Votre document est prêt : vous pouvez le retirer à l’accueil de la mairie."],
  ["termine", "Terminé", "Votre demande est traitée."],
  ["refuse", "Refusé", "Votre demande ne peut pas aboutir : l’accueil de la mairie vous en explique la raison."],
];
