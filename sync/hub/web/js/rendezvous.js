// « Mes rendez-vous »: the service's video appointments of today and the
// next days (protocol 1.11, docs/back-office.md §9), each with its room's
// state by the hub's clock and « Rejoindre » while its room is open; and the
// démarche page's form that announces one (protocol §10).
import { h } from "./render.js";
import { dateTimeFr, timeFr, dayFr } from "./format.js";

const UPCOMING_DAYS = 14;
const REFRESH_MS = 30_000;  // a room opens 10 minutes before its time: the list follows

const stateText = { waiting: "Salle pas encore ouverte", open: "Salle ouverte", closed: "Terminé" };

let refreshTimer = null;
export function leaveAppointments() {
  clearTimeout(refreshTimer);
  refreshTimer = null;
}

function startOfDay(date) {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  return Math.floor(d.getTime() / 1000);
}

function appointmentsTable(caption, bookings, withDay) {
  return h(
    "table",
    { class: "rendez-vous" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, withDay ? "Date et heure" : "Heure"),
      h("th", { scope: "col" }, "Code de suivi"),
      h("th", { scope: "col" }, "Créneau"),
      h("th", { scope: "col" }, "État"),
      h("th", { scope: "col" }, h("span", { class: "lecteur-seul" }, "Action")))),
    h("tbody", {}, bookings.map((b) => {
      const code = /^[0-9a-f-]{36}$/.test(b.demarche ?? "")
        ? h("a", { href: `#/demarche/${b.demarche}` }, b.tracking_code)
        : String(b.tracking_code);
      const action = b.state === "open"
        ? h("a", { class: "bouton", href: `#/visio/${encodeURIComponent(b.slot)}`, "aria-label": `Rejoindre le rendez-vous ${b.tracking_code} de ${timeFr(b.start)}` }, "Rejoindre")
        : b.state === "waiting" ? `Ouvre à ${timeFr(b.opens_at)}` : "";
      return h("tr", {},
        h("td", {}, withDay ? dateTimeFr(b.start) : timeFr(b.start)),
        h("td", {}, code),
        h("td", {}, String(b.slot)),
        h("td", {}, h("span", { class: `etat-salle ${b.state}` }, stateText[b.state] ?? String(b.state))),
        h("td", {}, action));
    })),
  );
}

export async function appointmentsView({ api, show, errorBox, announce }) {
  leaveAppointments();
  show("Mes rendez-vous en visio", h("p", { role: "status" }, "Chargement des rendez-vous…"));
  const region = h("div", { id: "rendez-vous" });
  const refresh = h("button", { type: "button", class: "secondaire" }, "Actualiser");
  const load = async (spoken) => {
    clearTimeout(refreshTimer);
    const today = startOfDay(Date.now());
    const tomorrow = startOfDay(Date.now() + 86_400_000 + 3_600_000);  // a day of 25 h when the clock goes back
    let answer;
    try {
      answer = await api.visioBookings(today, today + (UPCOMING_DAYS + 1) * 86400);
    } catch (e) {
      region.replaceChildren(errorBox(e.message));
      return;
    }
    const todays = answer.bookings.filter((b) => b.start < tomorrow);
    const later = answer.bookings.filter((b) => b.start >= tomorrow);
    region.replaceChildren(
      todays.length ? appointmentsTable(`Aujourd’hui, ${dayFr(today)}`, todays, false)
        : h("p", {}, `Aucun rendez-vous en visio aujourd’hui, ${dayFr(today)}.`),
      h("h2", {}, `Les ${UPCOMING_DAYS} jours suivants`),
      later.length ? appointmentsTable("Rendez-vous à venir", later, true) : h("p", {}, "Aucun rendez-vous à venir."),
    );
    const open = todays.filter((b) => b.state === "open").length;
    if (spoken) announce(`${todays.length} rendez-vous aujourd’hui, dont ${open} en salle ouverte.`);
    if (location.hash === "#/rendez-vous") refreshTimer = setTimeout(() => load(false), REFRESH_MS);
  };
  refresh.addEventListener("click", () => load(true));
  await load(false);
  show("Mes rendez-vous en visio",
    h("p", {}, "La salle d’un rendez-vous ouvre 10 minutes avant l’heure et ferme 30 minutes après. Un rendez-vous apparaît ici une fois annoncé depuis la page de sa démarche."),
    h("div", { class: "actions" }, refresh),
    region);
}

// "2026-12-08T09:00" (datetime-local, the browser's time zone) → Unix seconds.
function localTime(text) {
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}

// The démarche page's form: announce its video appointment (SLOT prefilled
// from the démarche's `slot` answer when it has one).
export function announceForm({ api, trackingCode, slot }) {
  const slotInput = h("input", { type: "text", id: "visio-creneau", required: true, pattern: "[a-z0-9._-]{1,64}",
    value: slot ?? "", autocomplete: "off", "aria-describedby": "visio-creneau-aide" });
  const when = h("input", { type: "datetime-local", id: "visio-heure", required: true });
  const result = h("div");
  const form = h("form", { class: "carte", id: "annonce-visio", novalidate: true },
    h("label", { for: "visio-creneau" }, "Créneau",
      h("span", { class: "aide", id: "visio-creneau-aide" }, "Identifiant du créneau dans le flux des rendez-vous, par exemple ft-2026-12-08-0900")),
    slotInput,
    h("label", { for: "visio-heure" }, "Date et heure du rendez-vous"),
    when,
    h("button", { type: "submit" }, "Annoncer le rendez-vous en visio"),
    result);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const start = localTime(when.value);
    if (!/^[a-z0-9._-]{1,64}$/.test(slotInput.value))
      return result.replaceChildren(h("p", { class: "erreur", role: "alert" }, "Créneau : lettres minuscules, chiffres, « . », « _ » ou « - »."));
    if (start === null)
      return result.replaceChildren(h("p", { class: "erreur", role: "alert" }, "Indiquez la date et l’heure du rendez-vous."));
    // The hub takes a start from the last 30 minutes on (protocol §10).
    if (start < Date.now() / 1000 - 30 * 60)
      return result.replaceChildren(h("p", { class: "erreur", role: "alert" }, "Cette heure est passée : un rendez-vous s’annonce au plus tard 30 minutes après son heure."));
    try {
      const answer = await api.announceVisio(slotInput.value, trackingCode, start);
      result.replaceChildren(h("p", { class: "succes", role: "status" },
        `Rendez-vous annoncé pour le ${dateTimeFr(start)} : `,
        answer.opens_at <= Date.now() / 1000 ? "sa salle est ouverte. " : `sa salle ouvrira à ${timeFr(answer.opens_at)}. `,
        h("a", { href: "#/rendez-vous" }, "Voir mes rendez-vous")));
    } catch (e) {
      result.replaceChildren(h("p", { class: "erreur", role: "alert" }, e.message));
    }
  });
  return form;
}
