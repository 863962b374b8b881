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

// "1990-03-12" → « 12 mars 1990 »; anything else unchanged.
export function isoDateFr(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m || +m[2] < 1 || +m[2] > 12) return text;
  return `${+m[3]} ${months[+m[2] - 1]} ${m[1]}`;
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

function groups(text, sizes) {
  const compact = String(text).replace(/\s+/g, "");
  const out = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= compact.length) break;
    out.push(compact.slice(at, at + size));
    at += size;
  }
  if (at < compact.length) out.push(compact.slice(at));
  return out.join(" ");
}

// A field's answer as text, by its type in the payload's "fields" (docs/forms.md §4).
export function answerText(type, value) {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Oui" : "Non";
  if (Array.isArray(value)) return value.map((v) => answerText("text", v)).join(", ");
  if (typeof value === "object") return objectText(value);
  const text = String(value);
  switch (type) {
    case "date":
      return isoDateFr(text);
    case "iban":
      return groups(text, Array(9).fill(4));
    case "nir":
      return groups(text, [1, 2, 2, 2, 3, 3, 2]);
    case "siret":
      return groups(text, [3, 3, 3, 5]);
    case "siren":
      return groups(text, [3, 3, 3]);
    case "phone":
      return /^0\d{9}$/.test(text.replace(/\s+/g, "")) ? groups(text, [2, 2, 2, 2, 2]) : text;
    case "yes_no":
      return text === "true" || text === "oui" ? "Oui" : text === "false" || text === "non" ? "Non" : text;
    default:
      return text;
  }
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
