// The partner agent's back office: keys, inbox, one démarche, answer
// (docs/back-office.md). One page; views chosen by the URL's fragment
// (#/ the inbox, #/demarche/<uuid> one démarche) so the browser's history works.
import { checkEnvelope, openAttachment, openAttachmentMeta, openPayload, ready } from "./protocol.js";
import { forgetServiceKeys, MIN_PASSPHRASE, unwrapServiceKeys, wrapServiceKeys } from "./keystore.js";
import { PartnerApi } from "./api.js";
import { ageFr, dateTimeFr, statuses } from "./format.js";
import { attachmentView, h } from "./render.js";
import { attachmentFieldLabel, demarcheLayout, pickForm } from "./layout.js";
import { regieView } from "./regie_view.js";
import { announceForm, appointmentsView, leaveAppointments } from "./rendezvous.js";
import { callView, leaveCall } from "./visio_call.js";

const STORAGE_KEY = "guichet-bureau-cles";
const PAGE_SIZE = 25;
const IDLE_MINUTES = 15;

const main = document.getElementById("contenu");
const state = {
  keys: null,  // unwrapped keys, in memory between unlock and sign-out
  api: null,
  forms: null,  // the service's form definitions, asked once per session (a promise)
  filters: { etat: "", type: "", du: "", au: "", code: "" },
  newestFirst: true,
  page: 1,
};

function announce(text) {
  const region = document.getElementById("annonce");
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
}

function show(title, ...content) {
  document.title = `${title} — Bureau des agents — Guichet`;
  const heading = h("h1", { tabindex: "-1" }, title);
  main.replaceChildren(heading, ...content);
  heading.focus();
}

function errorBox(message) {
  return h("p", { class: "erreur", role: "alert" }, message);
}

function storedKeys() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
  } catch {
    return null;
  }
}

function signOut(reason) {
  forgetServiceKeys(state.keys);
  state.keys = state.api = state.forms = null;
  document.getElementById("navigation").hidden = true;
  route();
  if (reason) announce(reason);
}

// Idle timeout: the keys leave memory after IDLE_MINUTES without input.
let idleTimer = null;
function touch() {
  clearTimeout(idleTimer);
  if (state.keys) idleTimer = setTimeout(() => signOut("Session fermée après 15 minutes sans activité."), IDLE_MINUTES * 60_000);
}
for (const event of ["keydown", "pointerdown"]) document.addEventListener(event, touch);

async function readFile(input) {
  const file = input.files?.[0];
  if (!file) throw new Error(`Choisissez le fichier « ${input.dataset.nom} ».`);
  if (file.size > 4096) throw new Error(`« ${file.name} » n’est pas un fichier de clé (trop grand).`);
  return file.text();
}

function importView() {
  const service = h("input", { type: "text", id: "service-id", name: "service", required: true, autocomplete: "off",
    pattern: "[a-z0-9._-]{1,64}", "aria-describedby": "service-aide" });
  const signFile = h("input", { type: "file", id: "cle-signature", "data-nom": "ID.sign.key", required: true });
  const boxFile = h("input", { type: "file", id: "cle-ouverture", "data-nom": "ID.box.key", required: true });
  const pass = h("input", { type: "password", id: "phrase", required: true, autocomplete: "new-password", minlength: MIN_PASSPHRASE });
  const again = h("input", { type: "password", id: "phrase-bis", required: true, autocomplete: "new-password" });
  const message = h("div");
  signFile.addEventListener("change", () => {
    const m = /^(.+)\.sign\.key$/.exec(signFile.files?.[0]?.name ?? "");
    if (m && !service.value) service.value = m[1];
  });
  const form = h(
    "form",
    { class: "carte", novalidate: true },
    h("p", {}, "Les clés de votre service ne quittent jamais ce navigateur : elles y sont enregistrées chiffrées par votre phrase de passe. Le hub ne peut pas lire les démarches."),
    h("label", { for: "cle-signature" }, "Clé de signature du service", h("span", { class: "aide" }, "Fichier ID.sign.key remis par le responsable des clés de votre service")),
    signFile,
    h("label", { for: "cle-ouverture" }, "Clé d’ouverture des démarches", h("span", { class: "aide" }, "Fichier ID.box.key")),
    boxFile,
    h("label", { for: "service-id" }, "Identifiant du service", h("span", { class: "aide", id: "service-aide" }, "Par exemple etat-civil ; rempli d’après le nom du fichier")),
    service,
    h("label", { for: "phrase" }, "Phrase de passe", h("span", { class: "aide" }, `Au moins ${MIN_PASSPHRASE} caractères ; elle vous sera demandée à chaque connexion`)),
    pass,
    h("label", { for: "phrase-bis" }, "Phrase de passe, une seconde fois"),
    again,
    h("button", { type: "submit" }, "Enregistrer les clés et ouvrir la boîte"),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.replaceChildren(h("p", { role: "status" }, "Chiffrement des clés…"));
    try {
      if (!/^[a-z0-9._-]{1,64}$/.test(service.value)) throw new Error("Identifiant du service : lettres minuscules, chiffres, « . », « _ » ou « - ».");
      if (pass.value !== again.value) throw new Error("Les deux phrases de passe diffèrent.");
      const wrapped = await wrapServiceKeys(service.value, await readFile(signFile), await readFile(boxFile), pass.value);
      localStorage.setItem(STORAGE_KEY, JSON.stringify(wrapped));
      await unlock(wrapped, pass.value);
    } catch (e) {
      message.replaceChildren(errorBox(e.message));
    }
  });
  show("Importer les clés du service", form);
}

async function unlock(wrapped, passphrase) {
  state.keys = await unwrapServiceKeys(wrapped, passphrase);
  state.api = new PartnerApi(state.keys.service, state.keys.signing);
  state.forms = state.api.forms();  // asked while the inbox loads: the first démarche opened needs no wait
  document.getElementById("service").textContent = `Service : ${state.keys.service}`;
  document.getElementById("navigation").hidden = false;
  touch();
  if (!/^#\/(demarche\/|visio\/|regie$|rendez-vous$)/.test(location.hash)) location.hash = "#/";
  await route();
}

function unlockView(wrapped) {
  const pass = h("input", { type: "password", id: "phrase", required: true, autocomplete: "current-password" });
  const message = h("div");
  const form = h(
    "form",
    { class: "carte" },
    h("p", {}, `Clés du service « ${wrapped.service} » enregistrées dans ce navigateur.`),
    h("label", { for: "phrase" }, "Phrase de passe"),
    pass,
    h("button", { type: "submit" }, "Ouvrir la boîte de réception"),
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.replaceChildren(h("p", { role: "status" }, "Vérification…"));
    try {
      await unlock(wrapped, pass.value);
    } catch (e) {
      message.replaceChildren(errorBox(e.message));
      pass.select();
    }
  });
  const forget = h("button", { type: "button", class: "secondaire" }, "Oublier les clés de ce navigateur");
  forget.addEventListener("click", () => {
    if (!confirm("Les clés seront effacées de ce navigateur. Il faudra importer à nouveau les fichiers de clés. Continuer ?")) return;
    localStorage.removeItem(STORAGE_KEY);
    route();
  });
  show("Connexion du service", form, forget);
}

const statusLabel = Object.fromEntries(statuses.map(([value, text]) => [value, text]));

// The filters as the hub takes them (protocol 1.4, §5.1).
function inboxQuery() {
  const f = state.filters;
  const query = { page: state.page, perPage: PAGE_SIZE, order: state.newestFirst ? "newest" : "oldest" };
  if (f.etat === "nouvelle") query.state = "new";
  else if (f.etat === "prise") query.state = "acknowledged";
  else if (f.etat) query.status = f.etat;
  if (f.type) query.form = f.type;
  const code = f.code.trim().toUpperCase().replace(/[^A-Z0-9-]/g, "");
  if (code) query.code = code.slice(0, 16);
  if (f.du) query.from = Math.floor(Date.parse(f.du + "T00:00:00") / 1000);
  if (f.au) query.to = Math.floor(Date.parse(f.au + "T23:59:59") / 1000);
  return query;
}

// An older hub sends every démarche: the same filters, here.
function pageLocally(all, query) {
  const list = all.filter(
    (d) =>
      (!query.state || (query.state === "new") === !d.acknowledged) &&
      (!query.status || d.status === query.status) &&
      (!query.form || d.form_id === query.form) &&
      (query.from === undefined || d.received_at >= query.from) &&
      (query.to === undefined || d.received_at <= query.to) &&
      (!query.code || d.tracking_code.includes(query.code)),
  );
  list.sort((a, b) => (query.order === "newest" ? b.received_at - a.received_at : a.received_at - b.received_at));
  const counts = { new: all.filter((d) => !d.acknowledged).length, acknowledged: all.filter((d) => d.acknowledged).length };
  const forms = [...new Set(all.map((d) => d.form_id))].sort();
  const from = (query.page - 1) * query.perPage;
  return { demarches: list.slice(from, from + query.perPage), total: list.length, counts, forms };
}

async function loadInboxPage() {
  const query = inboxQuery();
  const answer = await state.api.inbox(query);
  return answer.paged ? answer : pageLocally(answer.demarches, query);
}

function inboxTable(region, answer) {
  const pages = Math.max(1, Math.ceil(answer.total / PAGE_SIZE));
  const now = Date.now() / 1000;
  const sort = h("button", { type: "button" }, "Reçue le");
  sort.addEventListener("click", async () => {
    state.newestFirst = !state.newestFirst;
    await refreshInbox(region);
    region.querySelector("th button")?.focus();
  });
  const table = h(
    "table",
    {},
    h("caption", {}, `${answer.total} démarche${answer.total > 1 ? "s" : ""} — page ${state.page} sur ${pages}`),
    h(
      "thead",
      {},
      h("tr", {},
        h("th", { scope: "col", "aria-sort": state.newestFirst ? "descending" : "ascending" }, sort),
        h("th", { scope: "col" }, "Démarche"),
        h("th", { scope: "col" }, "Code de suivi"),
        h("th", { scope: "col" }, "État"),
        h("th", { scope: "col" }, "Dernier statut envoyé"),
        h("th", { scope: "col" }, "Ancienneté")),
    ),
    h(
      "tbody",
      {},
      answer.demarches.map((d) =>
        h("tr", {},
          h("td", {}, dateTimeFr(d.received_at)),
          h("td", {}, d.form_id),
          h("td", {}, h("a", { href: `#/demarche/${d.uuid}` }, d.tracking_code)),
          h("td", {}, d.acknowledged ? "Prise en compte" : h("span", { class: "etiquette" }, "Nouvelle")),
          h("td", {}, statusLabel[d.status] ?? "—"),
          h("td", {}, ageFr(d.received_at, now))),
      ),
    ),
  );
  const previous = h("button", { type: "button", class: "secondaire", disabled: state.page <= 1 }, "Page précédente");
  const next = h("button", { type: "button", class: "secondaire", disabled: state.page >= pages }, "Page suivante");
  previous.addEventListener("click", async () => { state.page--; await refreshInbox(region); previous.focus(); });
  next.addEventListener("click", async () => { state.page++; await refreshInbox(region); });
  region.replaceChildren(
    answer.demarches.length ? table : h("p", {}, "Aucune démarche ne correspond à ces critères."),
    h("nav", { class: "pagination", "aria-label": "Pages" }, previous, next),
  );
}

// Answers arrive in order: a slower, older request never replaces a newer one.
let inboxRequest = 0;
async function refreshInbox(region) {
  const mine = ++inboxRequest;
  try {
    const answer = await loadInboxPage();
    if (mine !== inboxRequest) return;
    inboxTable(region, answer);
    announce(`${answer.total} démarche${answer.total > 1 ? "s" : ""}.`);
  } catch (e) {
    if (mine === inboxRequest) region.replaceChildren(errorBox(e.message));
  }
}

function select(id, labelText, options, value, onChange) {
  const element = h("select", { id }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
  element.addEventListener("change", () => onChange(element.value));
  return h("div", {}, h("label", { for: id }, labelText), element);
}

function input(id, labelText, type, value, onChange) {
  const element = h("input", { id, type, value });
  let timer = null;  // typing: one request once the agent pauses
  element.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(element.value), type === "search" ? 250 : 0);
  });
  return h("div", {}, h("label", { for: id }, labelText), element);
}

async function inboxView() {
  show("Boîte de réception", h("p", { role: "status" }, "Chargement des démarches…"));
  let answer;
  try {
    answer = await loadInboxPage();
  } catch (e) {
    return show("Boîte de réception", errorBox(e.message));
  }
  const region = h("div", { id: "liste" });
  const update = (name) => (value) => {
    state.filters[name] = value;
    state.page = 1;
    refreshInbox(region);
  };
  const f = state.filters;
  const total = answer.counts.new + answer.counts.acknowledged;
  show(
    "Boîte de réception",
    h("ul", { class: "compteurs", "aria-label": "Démarches par état" },
      h("li", {}, `Nouvelles : ${answer.counts.new}`),
      h("li", {}, `Prises en compte : ${answer.counts.acknowledged}`),
      h("li", {}, `Total : ${total}`)),
    h("form", { class: "filtres", role: "search", "aria-label": "Filtrer les démarches" },
      select("filtre-etat", "État", [["", "Tous"], ["nouvelle", "Nouvelles"], ["prise", "Prises en compte"],
        ...statuses.map(([value, text]) => [value, `Statut « ${text} »`])], f.etat, update("etat")),
      select("filtre-type", "Démarche", [["", "Toutes"], ...answer.forms.map((t) => [t, t])], f.type, update("type")),
      input("filtre-du", "Reçue depuis le", "date", f.du, update("du")),
      input("filtre-au", "Jusqu’au", "date", f.au, update("au")),
      input("filtre-code", "Code de suivi", "search", f.code, update("code"))),
    region,
  );
  inboxTable(region, answer);
}

function historyItem(entry) {
  return h("li", {}, `${dateTimeFr(entry.updated_at)} — `, h("strong", {}, statusLabel[entry.status] ?? entry.status),
    entry.message ? ` — ${entry.message}` : "");
}

// The statuses sent so far, oldest first (protocol 1.4: "statuses"); a new one is added at the end.
function historyView(d) {
  const list = h("ol", { id: "historique" }, (d.statuses ?? []).map(historyItem));
  const empty = h("p", { id: "historique-vide" }, "Aucun statut envoyé pour le moment.");
  return h("div", {}, (d.statuses ?? []).length ? null : empty, list);
}

function statusForm(d) {
  const choice = h("select", { id: "statut" }, statuses.map(([value, text]) => h("option", { value }, text)));
  const message = h("textarea", { id: "message", maxlength: 1000, "aria-describedby": "message-aide" });
  let template = statuses[0][2];
  message.value = template;
  choice.addEventListener("change", () => {
    const next = statuses.find(([v]) => v === choice.value)[2];
    if (message.value === template) message.value = next;  // the agent's own words are kept
    template = next;
  });
  const result = h("div");
  const form = h(
    "form",
    { class: "carte" },
    h("label", { for: "statut" }, "Nouveau statut"),
    choice,
    h("label", { for: "message" }, "Message pour l’usager", h("span", { class: "aide", id: "message-aide" }, "Affiché sur la borne avec le statut, 1 000 caractères au plus")),
    message,
    h("button", { type: "submit" }, "Envoyer le statut"),
    result,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = statuses.find(([v]) => v === choice.value)[1];
    try {
      await state.api.postStatus(d.tracking_code, choice.value, message.value);
      document.getElementById("historique-vide")?.remove();
      document.getElementById("historique")?.append(
        historyItem({ status: choice.value, message: message.value, updated_at: Math.floor(Date.now() / 1000) }));
      result.replaceChildren(h("p", { class: "succes", role: "status" }, `Statut « ${text} » envoyé. La borne l’affichera après sa prochaine synchronisation.`));
    } catch (e) {
      result.replaceChildren(errorBox(e.message));
    }
  });
  return form;
}

// The slot the resident picked at the kiosk (a `slot` field's answer), if any.
function slotAnswer(payload) {
  const field = (Array.isArray(payload?.fields) ? payload.fields : []).find((f) => f?.type === "slot");
  const value = field ? payload?.answers?.[field.id] : null;
  return typeof value === "string" && /^[a-z0-9._-]{1,64}$/.test(value) ? value : null;
}

async function demarcheView(uuid) {
  show("Démarche", h("p", { role: "status" }, "Ouverture de la démarche…"));
  let d, envelope, payload;
  try {
    state.forms ??= state.api.forms();
    d = await state.api.demarche(uuid);
    envelope = checkEnvelope(d, state.keys.service);
    payload = openPayload(d, state.keys.box);
  } catch (e) {
    return show("Démarche", errorBox(e.message), h("p", {}, h("a", { href: "#/" }, "Retour à la boîte de réception")));
  }
  const picked = pickForm(await state.forms, d.form_id, d.form_version);
  const title = payload?.form?.title ? String(payload.form.title) : d.form_id;
  const pieces = h("div", {}, h("p", { role: "status" }, d.attachments.length ? "Ouverture des pièces jointes…" : "Aucune pièce jointe."));
  const ack = h("button", { type: "button", class: "secondaire", disabled: d.acknowledged }, d.acknowledged ? "Prise en compte" : "Marquer comme prise en compte");
  ack.addEventListener("click", async () => {
    try {
      await state.api.acknowledge(uuid);
      ack.textContent = "Prise en compte";
      ack.disabled = true;
      announce("Démarche marquée comme prise en compte.");
    } catch (e) {
      announce(e.message);
    }
  });
  const print = h("button", { type: "button", class: "secondaire" }, "Imprimer");
  print.addEventListener("click", () => window.print());
  show(
    `Démarche ${d.tracking_code}`,
    h("p", { class: "ecran-seul" }, h("a", { href: "#/" }, "Retour à la boîte de réception")),
    h("dl", { class: "reponses" },
      h("dt", {}, "Démarche"), h("dd", {}, `${title} (${d.form_id}, version ${d.form_version})`),
      h("dt", {}, "Reçue le"), h("dd", {}, dateTimeFr(d.received_at)),
      h("dt", {}, "Envoyée de la borne"), h("dd", {}, envelope)),
    h("div", { class: "actions" }, ack, " ", print),
    ...demarcheLayout(payload, picked, d.form_version),
    h("h2", {}, "Pièces jointes"),
    pieces,
    h("h2", {}, "Statuts envoyés"),
    historyView(d),
    h("h2", { class: "ecran-seul" }, "Répondre"),
    statusForm(d),
    h("h2", { class: "ecran-seul" }, "Rendez-vous en visio"),
    announceForm({ api: state.api, trackingCode: d.tracking_code, slot: slotAnswer(payload) }),
  );
  const opened = [];
  for (const a of d.attachments) {
    try {
      const meta = openAttachmentMeta(a, state.keys.box);
      const bytes = openAttachment(a, await state.api.attachment(uuid, a.index), state.keys.box);
      const field = Array.isArray(payload?.attachments) ? payload.attachments[a.index]?.field : null;
      opened.push(attachmentView(meta, bytes, a.index, attachmentFieldLabel(picked?.form, field)));
    } catch (e) {
      opened.push(errorBox(`Pièce jointe ${a.index + 1} : ${e.message}`));
    }
  }
  if (opened.length) pieces.replaceChildren(...opened);
}

async function route() {
  leaveCall();  // leaving the call page hangs up: the camera is never left on
  leaveAppointments();
  const wrapped = storedKeys();
  if (!state.keys) return wrapped ? unlockView(wrapped) : importView();
  // The régie's mandates and direct debits (§8): the link shows for the service « regie ».
  document.getElementById("lien-regie").hidden = state.keys.service !== "regie" && location.hash !== "#/regie";
  if (location.hash === "#/regie")
    return regieView({ api: state.api, keys: state.keys, show, errorBox, announce, sodium: await ready() });
  if (location.hash === "#/rendez-vous") return appointmentsView({ api: state.api, show, errorBox, announce });
  const visio = /^#\/visio\/([a-z0-9._-]{1,64})$/.exec(location.hash);
  if (visio) return callView({ api: state.api, show, slot: visio[1], keepAlive: touch });
  const m = /^#\/demarche\/([0-9a-f-]{36})$/.exec(location.hash);
  return m ? demarcheView(m[1]) : inboxView();
}

document.getElementById("deconnexion").addEventListener("click", () => signOut("Vous êtes déconnecté : les clés ont quitté la mémoire."));
window.addEventListener("hashchange", () => state.keys && route());
await ready();
route();
