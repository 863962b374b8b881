// A démarche filled on the commune's website (docs/site-export.md, "Démarches
// en ligne"; docs/protocol.md §11). The form is drawn from its definition as
// the pack holds it, checked by the kiosk's own engine compiled to
// WebAssembly (js/guichet-forms.js: the same French messages and normalised
// values), sealed here for the recipient service with libsodium.js
// (crypto_box_seal, the kiosk's sealed box), and sent to the hub's web
// channel. The draft stays in this browser (localStorage) until the hub gives
// a receipt, and can be cleared.
import sodium from "libsodium-wrappers-sumo";

const root = document.getElementById("formulaire");
// sync/protocol/routes.hpp kWebDemarchesPrefix (protocol 1.12, §11).
const kWebRoute = "/v1/web/demarches/";
// kiosk/core/store/tracking_code.hpp: 29 symbols, weights 6…1, sum ≡ 0 (mod 29).
const kAlphabet = "23456789ABCDEFGHJKMNPQRTVWXYZ";

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function trackingCode(prefix) {
  const v = crypto.getRandomValues(new Uint8Array(5)).map((b) => b % 29);
  let sum = 0;
  for (let i = 0; i < 5; ++i) sum += (6 - i) * v[i];
  const check = (29 - (sum % 29)) % 29;
  const s = [...v].map((x) => kAlphabet[x]).join("");
  return `${prefix}-${s.slice(0, 4)}-${s[4]}${kAlphabet[check]}`;
}

// The engine: strings through malloc (the communes list is megabytes), zeroed before free.
class Engine {
  constructor(m) { this.m = m; }
  call(fn, ...texts) {
    const m = this.m;
    const ptrs = texts.map((t) => {
      const size = m.lengthBytesUTF8(t) + 1;
      const p = m._malloc(size);
      m.stringToUTF8(t, p, size);
      return [p, size];
    });
    try {
      const out = fn(...ptrs.map(([p]) => p));
      const text = m.UTF8ToString(out);
      m._guichet_forms_free(out);
      return JSON.parse(text);
    } finally {
      for (const [p, size] of ptrs) { m.HEAPU8.fill(0, p, p + size); m._free(p); }
    }
  }
  load(formJson) { return this.call((p) => this.m._guichet_forms_load(p), formJson); }
  communes(json) { return this.call((p) => this.m._guichet_forms_set_communes(p), json); }
  check(form, answers) {
    return this.call((a, t) => this.m._guichet_forms_check(form, a, t), JSON.stringify(answers), today());
  }
}

// One field's input(s) and how to read its answer back.
function drawField(f, communes) {
  const id = `champ-${f.id}`;
  const label = f.label + (f.required ? " (obligatoire)" : "");
  const help = f.help ? el("p", { class: "aide", id: `${id}-aide`, text: f.help }) : null;
  const problem = el("p", { class: "probleme", id: `${id}-erreur` });
  const described = [help ? `${id}-aide` : null, `${id}-erreur`].filter(Boolean).join(" ");
  const box = el("div", { class: "champ", "data-field": f.id });
  if (f.type === "info") {
    box.append(el("p", {}, el("strong", { text: f.label })), el("p", { text: f.text ?? "" }));
    return { box, read: () => undefined };
  }
  if (f.type === "heading") {
    box.append(el("h4", { text: f.label }));
    return { box, read: () => undefined };
  }
  if (f.type === "computed") {
    const out = el("output", { id });
    box.append(el("p", {}, `${f.label} : `, out));
    return { box, read: () => undefined, show: (v) => { out.textContent = v ?? ""; } };
  }
  if (["choice", "yes_no", "multi_choice"].includes(f.type)) {
    const options = f.type === "yes_no" ? [{ value: true, label: "Oui" }, { value: false, label: "Non" }] : f.options ?? [];
    const multi = f.type === "multi_choice";
    const set = el("fieldset", { "aria-describedby": described }, el("legend", { text: label }));
    if (help) set.append(help);
    const inputs = options.map((o, i) => {
      const input = el("input", { type: multi ? "checkbox" : "radio", name: id, id: `${id}-${i}`, value: String(o.value) });
      set.append(el("div", { class: "option" }, input, el("label", { for: `${id}-${i}`, text: o.label })));
      return [input, o.value];
    });
    set.append(problem);
    box.append(set);
    return {
      box, problem, focus: () => inputs[0]?.[0].focus(),
      read: () => {
        const on = inputs.filter(([i]) => i.checked).map(([, v]) => v);
        return multi ? (on.length ? on : undefined) : on[0];
      },
      fill: (v) => inputs.forEach(([i, o]) => { i.checked = multi ? (v ?? []).includes(o) : v === o; }),
    };
  }
  if (f.type === "commune" || f.type === "address") {
    // (Street lines,) postal code, then the commune among those of that code (the kiosk's directory).
    const address = f.type === "address";
    const line1 = el("input", { type: "text", id, autocomplete: "address-line1", "aria-describedby": described });
    const line2 = el("input", { type: "text", id: `${id}-ligne2`, autocomplete: "address-line2" });
    const cp = el("input", { type: "text", id: address ? `${id}-cp` : id, inputmode: "numeric", autocomplete: "postal-code",
      maxlength: "5", "aria-describedby": address ? undefined : described });
    const pick = el("select", { id: `${id}-commune` });
    const fillPick = (insee) => {
      pick.replaceChildren(el("option", { value: "", text: "Choisissez la commune" }));
      for (const c of communes.filter((c) => c.cp.includes(cp.value.trim())))
        pick.append(el("option", { value: c.insee, text: c.nom, selected: c.insee === insee }));
    };
    cp.addEventListener("input", () => fillPick(""));
    const set = el("fieldset", {}, el("legend", { text: label }));
    if (help) set.append(help);
    if (address)
      set.append(el("label", { for: id, text: "Numéro et rue" }), line1,
        el("label", { for: `${id}-ligne2`, text: "Complément d’adresse (facultatif)" }), line2);
    set.append(el("label", { for: cp.id, text: "Code postal" }), cp,
      el("label", { for: pick.id, text: "Commune" }), pick, problem);
    box.append(set);
    fillPick("");
    return {
      box, problem, focus: () => (address ? line1 : cp).focus(),
      read: () => {
        const v = { postal_code: cp.value.trim(), insee: pick.value };
        if (address) Object.assign(v, { line1: line1.value.trim(), line2: line2.value.trim() });
        return Object.values(v).some((x) => x !== "") ? v : undefined;
      },
      fill: (v) => {
        line1.value = v?.line1 ?? "";
        line2.value = v?.line2 ?? "";
        cp.value = v?.postal_code ?? "";
        fillPick(v?.insee ?? "");
      },
    };
  }
  const attrs = { id, name: f.id, "aria-describedby": described };
  if (f.type === "date") attrs.placeholder = "JJ/MM/AAAA";
  else if (f.placeholder) attrs.placeholder = f.placeholder;
  if (f.type === "email") Object.assign(attrs, { type: "email", autocomplete: "email" });
  if (f.type === "phone") Object.assign(attrs, { type: "tel", autocomplete: "tel" });
  if (["integer", "decimal"].includes(f.type)) attrs.inputmode = f.type === "integer" ? "numeric" : "decimal";
  const input = f.type === "long_text" ? el("textarea", { ...attrs, rows: "4" }) : el("input", { type: "text", ...attrs });
  box.append(el("label", { for: id, text: label }), help ?? "", input, problem);
  return {
    box, problem, focus: () => input.focus(),
    read: () => (input.value.trim() === "" ? undefined : input.value),
    fill: (v) => { input.value = v ?? ""; },
  };
}

async function main() {
  const { hub, form: formUrl, recipient, key, prefix, communes: communesUrl } = root.dataset;
  const [formText, communesText] = await Promise.all([
    fetch(formUrl).then((r) => r.text()), fetch(communesUrl).then((r) => r.text()),
  ]);
  const engine = new Engine(await GuichetForms());  // eslint-disable-line no-undef
  engine.communes(communesText);
  const loaded = engine.load(formText);
  if (loaded.error) throw new Error(loaded.error);
  await sodium.ready;
  const def = JSON.parse(formText);
  const communes = JSON.parse(communesText);
  const draftKey = `guichet-brouillon-${def.id}`;
  const fields = new Map();

  const summary = el("div", { class: "erreurs", id: "erreurs", tabindex: "-1" });
  const form = el("form", { novalidate: true, "aria-labelledby": "en-ligne-titre" });
  for (const s of def.sections) {
    const set = el("fieldset", { class: "section" }, el("legend", { text: s.title }));
    for (const f of s.fields) {
      const drawn = drawField(f, communes);
      fields.set(f.id, { def: f, ...drawn });
      set.append(drawn.box);
    }
    form.append(set);
  }
  const send = el("button", { type: "submit", text: "Envoyer ma démarche" });
  const clear = el("button", { type: "button", class: "secondaire", text: "Effacer le brouillon" });
  const status = el("p", { class: "etat", role: "status" });
  form.append(el("p", { class: "prive", text: "Vos réponses sont chiffrées dans ce navigateur pour le service destinataire : " +
    "ni le serveur de la mairie ni personne d’autre ne peut les lire. Le brouillon reste dans ce navigateur seulement." }),
  el("div", { class: "actions" }, send, clear), status);
  root.replaceChildren(summary, form);

  const answers = () => {
    const a = {};
    for (const [id, f] of fields) {
      const v = f.read();
      if (v !== undefined) a[id] = v;
    }
    return a;
  };
  // Shown, hidden and computed as the kiosk would, after every change.
  const refresh = () => {
    const r = engine.check(loaded.form, answers());
    const hidden = new Set(r.hidden ?? []);
    for (const [id, f] of fields) {
      f.box.hidden = hidden.has(id);
      if (f.show) f.show(r.computed?.[id]);
    }
    return r;
  };
  const saved = JSON.parse(localStorage.getItem(draftKey) ?? "null");
  if (saved?.answers) for (const [id, v] of Object.entries(saved.answers)) fields.get(id)?.fill?.(v);
  refresh();
  form.addEventListener("input", () => {
    refresh();
    const pending = JSON.parse(localStorage.getItem(draftKey) ?? "null")?.pending;
    if (!pending) localStorage.setItem(draftKey, JSON.stringify({ answers: answers() }));
  });
  clear.addEventListener("click", () => {
    localStorage.removeItem(draftKey);
    for (const f of fields.values()) f.fill?.(undefined);
    refresh();
    status.textContent = "Le brouillon est effacé de ce navigateur.";
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const r = refresh();
    for (const f of fields.values()) if (f.problem) f.problem.textContent = "";
    summary.replaceChildren();
    if (!r.accepted) {
      const list = el("ul");
      for (const p of r.problems) {
        const f = fields.get(p.path.split(/[.[]/)[0]);
        if (f?.problem) f.problem.textContent = p.message;
        list.append(el("li", {}, el("a", { href: `#champ-${p.path.split(/[.[]/)[0]}`, text: `${p.label} : ${p.message}` })));
      }
      summary.append(el("h3", { text: `Le formulaire contient ${r.problems.length} erreur${r.problems.length > 1 ? "s" : ""}` }), list);
      summary.focus();
      return;
    }
    // Sealed once: a resend after a lost answer carries the same UUID and body (idempotent, §11).
    let pending = JSON.parse(localStorage.getItem(draftKey) ?? "null")?.pending;
    if (!pending) {
      const payload = {
        format: 1, form: { id: def.id, version: def.version, title: def.title },
        submitted_at: Math.floor(Date.now() / 1000), answers: r.normalized, computed: r.computed,
        fields: def.sections.flatMap((s) => s.fields).filter((f) => f.type !== "info" && f.type !== "heading")
          .map((f) => ({ id: f.id, label: f.label, type: f.type })),
        attachments: [],
      };
      const sealed = sodium.crypto_box_seal(sodium.from_string(JSON.stringify(payload)),
        sodium.from_base64(key, sodium.base64_variants.ORIGINAL));
      pending = {
        uuid: crypto.randomUUID(), tracking_code: trackingCode(prefix), form_id: def.id, form_version: def.version,
        recipient_id: recipient, created_at: payload.submitted_at,
        sealed_payload: sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL), attachments: [],
      };
      localStorage.setItem(draftKey, JSON.stringify({ answers: answers(), pending }));
    }
    send.disabled = true;
    status.textContent = "Envoi en cours…";
    let answer;
    try {
      answer = await fetch(`${hub.replace(/\/+$/, "")}${kWebRoute}${pending.uuid}`, {
        method: "PUT", headers: { "Content-Type": "application/json", "Idempotency-Key": pending.uuid },
        body: JSON.stringify(pending),
      });
    } catch {
      answer = null;
    }
    const body = answer ? await answer.json().catch(() => ({})) : {};
    // No answer, or a proxy's in front of a hub that is down: kept, to be sent again as it is.
    if (!answer || (answer.status >= 500 && !body.message)) {
      send.disabled = false;
      status.textContent = "Le serveur de la mairie ne répond pas. Votre démarche est gardée dans ce navigateur : " +
        "réessayez plus tard avec le bouton « Envoyer ma démarche ».";
      return;
    }
    if (answer.status === 409 && body.error === "tracking-code-taken") {
      // Drawn again at the next « Envoyer »: a new UUID and code around the same answers.
      localStorage.setItem(draftKey, JSON.stringify({ answers: answers() }));
    }
    if (!answer.ok) {
      send.disabled = false;
      status.textContent = `La démarche n’a pas pu être envoyée : ${body.message ?? answer.status}`;
      return;
    }
    localStorage.removeItem(draftKey);
    const receipt = el("section", { class: "recu", "aria-labelledby": "recu-titre", tabindex: "-1" },
      el("h3", { id: "recu-titre", text: "Votre démarche est envoyée" }),
      el("p", {}, "Votre numéro de suivi : ", el("strong", { class: "suivi", text: pending.tracking_code })),
      el("p", { text: "Notez-le : il vous sera demandé pour suivre votre demande. Le service vous répondra." }),
      el("p", { class: "meta", text: `Accusé de réception du serveur : ${body.receipt}` }));
    root.replaceChildren(receipt);
    receipt.focus();
  });
}

main().catch((e) => {
  root.replaceChildren(el("p", { class: "probleme", role: "alert",
    text: "Le formulaire en ligne n’a pas pu s’ouvrir. Vous pouvez faire cette démarche à la borne de la mairie." }));
  console.error(e);
});
