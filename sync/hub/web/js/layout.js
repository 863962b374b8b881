// One démarche laid out as its form: sections, labels, help, choice labels,
// groups as tables, computed values, the note and the pièces à joindre, from
// the form's definition the hub reads in the published pack (protocol 1.5,
// §5.2: GET /v1/partner/forms). The answers come from the sealed payload,
// opened in this browser; every text reaches the page through h(), as text.
import { reviewText } from "./format.js";
import { answersView, h } from "./render.js";

// The definition for a démarche of form FORM_ID sealed with version
// FORM_VERSION: that version if a published pack has it, else the newest
// (FORMS come newest pack first). {form, exact} or null.
export function pickForm(forms, formId, formVersion) {
  const same = (Array.isArray(forms) ? forms : []).filter((f) => f && f.id === formId && Array.isArray(f.sections));
  const exact = same.find((f) => f.version === formVersion);
  if (exact) return { form: exact, exact: true };
  return same.length ? { form: same[0], exact: false } : null;
}

function spans(list) {
  return (Array.isArray(list) ? list : []).map((s) => {
    let node = String(s?.text ?? "");
    if (s?.bold) node = h("strong", {}, node);
    if (s?.italic) node = h("em", {}, node);
    return node;  // a link's text only: a note's links lead off the back office
  });
}

// A note's Markdown blocks (§5.2) as paragraphs, headings, lists and tables.
export function noteView(blocks) {
  const out = [];
  let list = null;
  for (const b of Array.isArray(blocks) ? blocks : []) {
    if (b?.kind === "list_item") {
      if (!list) out.push((list = h(b.ordinal ? "ol" : "ul", {})));
      list.append(h("li", {}, spans(b.spans)));
      continue;
    }
    list = null;
    if (b?.kind === "heading") out.push(h("h4", {}, spans(b.spans)));
    else if (b?.kind === "table" && Array.isArray(b.rows))
      out.push(h("table", { class: "notice-tableau" }, b.rows.map((row, i) =>
        h("tr", {}, (Array.isArray(row) ? row : []).map((c) => h(i < (b.header_rows ?? 0) ? "th" : "td", {}, String(c)))))));
    else if (b?.kind === "rule") out.push(h("hr", {}));
    else if (b?.kind === "image") { if (spans(b.spans).length) out.push(h("p", {}, "[Image : ", spans(b.spans), "]")); }
    else out.push(h(b?.kind === "quote" ? "blockquote" : "p", {}, spans(b?.spans)));
  }
  return out;
}

const isEmpty = (v) =>
  v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);

function labelWithHelp(field) {
  return h("dt", {}, String(field.label ?? field.id), field.help ? h("span", { class: "aide" }, String(field.help)) : null);
}

// A repeated group as a table: one row per item, one column per sub-field.
function groupTable(field, items) {
  const columns = (field.fields ?? []).filter((f) => f.type !== "heading");
  return h(
    "table",
    { class: "groupe" },
    h("caption", {}, String(field.label ?? field.id), field.help ? h("span", { class: "aide" }, String(field.help)) : null),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "N°"), columns.map((c) => h("th", { scope: "col" }, String(c.label ?? c.id))))),
    h("tbody", {}, items.map((item, i) =>
      h("tr", {}, h("th", { scope: "row" }, String(i + 1)),
        columns.map((c) => h("td", {}, reviewText(c, item && typeof item === "object" ? item[c.id] : null) || "—"))))),
  );
}

// The answers section by section, as the kiosk's review screen shows them
// (kiosk/ui/screens/review.cpp): an optional field left blank is not shown,
// a required one shows « — »; nor is a field of a section or with a condition
// that kept it hidden (its answer is not in the payload).
function sectionsView(form, answers, computed) {
  const used = new Set();
  const out = [];
  for (const section of form.sections) {
    const rows = [];
    const tables = [];
    for (const field of Array.isArray(section.fields) ? section.fields : []) {
      if (!field || typeof field.id !== "string") continue;
      used.add(field.id);
      if (field.type === "heading") {
        rows.push(h("dt", { class: "intertitre" }, String(field.label ?? "")), h("dd", { class: "intertitre" }));
        continue;
      }
      const value = field.type === "computed" ? computed[field.id] : answers[field.id];
      if (field.type === "group" && Array.isArray(value) && value.length) {
        tables.push(groupTable(field, value));
        continue;
      }
      const shown = field.type === "computed" ? (typeof value === "string" ? value : "") : isEmpty(value) ? "" : reviewText(field, value);
      if (!shown && (!field.required || field.conditional || section.conditional)) continue;
      rows.push(labelWithHelp(field), h("dd", {}, shown || "—"));
    }
    if (!rows.length && !tables.length) continue;
    out.push(h("section", { class: "section-formulaire" }, h("h3", {}, String(section.title ?? "")),
      rows.length ? h("dl", { class: "reponses" }, rows) : null, ...tables));
  }
  return { nodes: out, used };
}

// Answers the definition does not name (a form changed since the démarche was
// sealed), with the payload's own labels.
function othersView(payload, used) {
  const strip = (o) => Object.fromEntries(Object.entries(o && typeof o === "object" ? o : {}).filter(([k]) => !used.has(k)));
  const answers = strip(payload.answers);
  const computed = strip(payload.computed);
  if (!Object.keys(answers).length && !Object.keys(computed).length) return [];
  return [h("h3", {}, "Autres réponses"), ...answersView({ ...payload, answers, computed })];
}

// The démarche's answers, its note and pièces à joindre. DEFINITION: the
// form's (pickForm) or null, when the hub has none (then the answers as sent,
// with a notice).
export function demarcheLayout(payload, picked, formVersion) {
  const answers = payload && typeof payload.answers === "object" && payload.answers ? payload.answers : {};
  const computed = payload && typeof payload.computed === "object" && payload.computed ? payload.computed : {};
  if (!picked) {
    return [
      h("h2", {}, "Réponses"),
      h("p", { class: "avis", role: "note" },
        "La mise en page de ce formulaire n’est pas disponible sur ce hub (formulaire absent des packs publiés) : les réponses sont affichées telles qu’envoyées par la borne."),
      ...answersView(payload),
    ];
  }
  const { form, exact } = picked;
  const { nodes, used } = sectionsView(form, answers, computed);
  const reference = [];
  const note = noteView(form.note);
  if (note.length) reference.push(h("h3", {}, "Notice"), ...note);
  if (Array.isArray(form.pieces) && form.pieces.length)
    reference.push(h("h3", {}, "Pièces à joindre"), h("ul", {}, form.pieces.map((p) => h("li", {}, String(p)))));
  const out = [
    h("h2", {}, "Réponses"),
    exact ? null : h("p", { class: "avis", role: "note" },
      `Démarche remplie avec la version ${formVersion} du formulaire ; mise en page de la version ${form.version}, la plus récente publiée.`),
    ...(nodes.length ? nodes : [h("p", {}, "Aucune réponse.")]),
    ...othersView(payload, used),
    reference.length ? h("section", { class: "reference" }, h("h2", {}, "Pour référence"), ...reference) : null,
  ];
  return out.filter(Boolean);
}

// The label of the field an attachment answers (« Justificatif de domicile »,
// « Signature »), for its caption; inside a group, « Enfants 2 — Certificat ».
export function attachmentFieldLabel(form, path) {
  if (!form || typeof path !== "string") return null;
  const m = /^([^[.]+)(?:\[(\d+)\]\.(.+))?$/.exec(path);
  if (!m) return null;
  for (const section of form.sections ?? [])
    for (const f of section.fields ?? []) {
      if (f.id !== m[1]) continue;
      if (!m[2]) return String(f.label ?? f.id);
      const sub = (f.fields ?? []).find((s) => s.id === m[3]);
      return `${f.label ?? f.id} ${m[2]} — ${sub?.label ?? m[3]}`;
    }
  return null;
}
