// Building the pages' DOM. Everything a resident typed — answers, file names,
// a form's title — reaches the page through text nodes only: h() never sets
// innerHTML and refuses event-handler attributes, so resident input stays inert
// (docs/back-office.md §4).
import { answerText, sizeFr } from "./format.js";

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (/^on/i.test(name)) throw new Error(`attribut interdit : ${name}`);
    if (name === "href" && !/^(#|\/|blob:)/.test(String(value))) throw new Error("lien refusé");
    if ((name === "src" || name === "data") && !/^blob:/.test(String(value))) throw new Error("source refusée");
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function fieldIndex(payload) {
  const byId = new Map();
  for (const f of Array.isArray(payload.fields) ? payload.fields : [])
    if (f && typeof f.id === "string") byId.set(f.id, { label: String(f.label ?? f.id), type: String(f.type ?? "text") });
  return byId;
}

function label(fields, id) {
  return fields.get(id)?.label ?? id;
}

// A repeated group's items as a table, one column per sub-field.
function groupTable(fields, caption, items) {
  const columns = [];
  for (const item of items)
    if (item && typeof item === "object") for (const key of Object.keys(item)) if (!columns.includes(key)) columns.push(key);
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "N°"), columns.map((c) => h("th", { scope: "col" }, label(fields, c))))),
    h(
      "tbody",
      {},
      items.map((item, i) =>
        h("tr", {}, h("th", { scope: "row" }, String(i + 1)), columns.map((c) => h("td", {}, answerText(fields.get(c)?.type, item?.[c])))),
      ),
    ),
  );
}

// The answers of a sealed payload (docs/forms.md §4), in the form's order,
// labels from the payload itself; a computed field shows the kiosk's
// formatted value (« 7,20 € »).
export function answersView(payload) {
  const fields = fieldIndex(payload);
  const answers = payload && typeof payload.answers === "object" && payload.answers ? payload.answers : {};
  const computed = payload && typeof payload.computed === "object" && payload.computed ? payload.computed : {};
  const order = [...fields.keys(), ...Object.keys(answers), ...Object.keys(computed)];
  const rows = [];
  const tables = [];
  const seen = new Set();
  for (const id of order) {
    if (seen.has(id) || !(id in answers || id in computed)) continue;
    seen.add(id);
    const field = fields.get(id);
    const value = id in computed ? computed[id] : answers[id];
    if (Array.isArray(value) && value.some((v) => v && typeof v === "object")) {
      tables.push(groupTable(fields, label(fields, id), value));
      continue;
    }
    if (field?.type === "attachment" || field?.type === "signature") continue;  // shown with the attachments
    rows.push(h("dt", {}, label(fields, id)), h("dd", {}, answerText(id in computed ? "text" : field?.type, value)));
  }
  return [rows.length ? h("dl", { class: "reponses" }, rows) : h("p", {}, "Aucune réponse."), ...tables];
}

// Magic numbers of the pictures shown inline; anything else is a download.
const pictureTypes = [
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/png", [0x89, 0x50, 0x4e, 0x47]],
  ["image/webp", [0x52, 0x49, 0x46, 0x46]],
];
export function pictureType(bytes) {
  for (const [type, magic] of pictureTypes) if (magic.every((b, i) => bytes[i] === b)) return type;
  return null;
}

// File names as the resident's device gave them: kept as text, and only safe
// characters in the name offered for the download.
export function downloadName(name) {
  const cleaned = String(name).replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_").slice(0, 120);
  return cleaned && !/^\.+$/.test(cleaned) ? cleaned : "piece-jointe";
}

// A PDF by its bytes ("%PDF-"), whatever type the file claims.
export function isPdf(bytes) {
  return [0x25, 0x50, 0x44, 0x46, 0x2d].every((b, i) => bytes[i] === b);
}

// One opened attachment: its name as text, the picture inline when its bytes
// are a picture (whatever the declared type: an SVG is never inline), a PDF
// in the browser's PDF viewer (an <object> of a blob: URL typed
// application/pdf: the CSP's object-src allows blob: only), else a download
// of octets. FIELD: the label of the field it answers, when known.
export function attachmentView(meta, bytes, index, field = null) {
  const picture = pictureType(bytes);
  const pdf = !picture && isPdf(bytes);
  const type = picture ?? (pdf ? "application/pdf" : "application/octet-stream");
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const name = String(meta.name);
  const download = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  return h(
    "figure",
    { class: pdf ? "piece piece-pdf" : "piece" },
    h(
      "figcaption",
      {},
      field ? h("strong", {}, `${field} : `) : null,
      h("span", {}, name),
      ` — ${meta.mime}, ${sizeFr(bytes.length)} — `,
      h("a", { href: download, download: downloadName(name) }, `Télécharger la pièce ${index + 1}`),
    ),
    picture ? h("img", { src: url, alt: `Pièce jointe ${index + 1} : ${name}` }) : null,
    pdf
      ? h("object", { data: url, type: "application/pdf", class: "pdf", "aria-label": `Pièce jointe ${index + 1} : ${name}` },
          h("p", {}, "Ce navigateur n’affiche pas les PDF : utilisez le lien « Télécharger »."))
      : null,
  );
}
