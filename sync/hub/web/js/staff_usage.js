// « Statistiques »: the kiosks' anonymous usage counters for one month
// (docs/usage-stats.md §5). The chart is the hub's SVG (with its <title> and
// <desc>); the same figures are in the tables under it, and the month's
// counters can be downloaded as CSV.
import { h } from "./render.js";

const SETTING_NAMES = { "high-contrast": "Contraste élevé", "text-size": "Taille du texte", "low-reach": "Accès bas",
  speech: "Lecture vocale" };

function usageUrl(month, kiosk, format) {
  const q = new URLSearchParams({ month, format });
  if (kiosk) q.set("kiosk", kiosk);
  return `/v1/staff/usage?${q}`;
}

function table(caption, headings, rows) {
  return h("table", {}, h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows));
}

function minutes(seconds) {
  return seconds > 0 ? `${Math.max(1, Math.round(seconds / 60))} min` : "—";
}

function lastMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

let chartUrl = "";

// The hub's SVG, fetched with the session's cookie and shown from a blob: URL
// (h() takes no other source: docs/back-office.md §4).
async function chartSource(month, kiosk) {
  let response;
  try {
    response = await fetch(usageUrl(month, kiosk, "svg"), { credentials: "same-origin", cache: "no-store" });
  } catch {
    throw new Error("Le hub ne répond pas : vérifiez le réseau, puis réessayez.");
  }
  if (!response.ok) throw new Error(`Le graphique n’a pas pu être lu (erreur ${response.status} du hub).`);
  if (chartUrl) URL.revokeObjectURL(chartUrl);
  chartUrl = URL.createObjectURL(await response.blob());
  return chartUrl;
}

function report(r, month, kiosk, source) {
  const t = r.totals;
  const summary = `${t.sessions} sessions, ${t.started} démarches commencées, ${t.finished} terminées, ` +
    `${t.abandoned} abandonnées.`;
  const chart = h("figure", { class: "carte" },
    h("img", { src: source, class: "graphique", width: "740", height: "550",
      alt: `Graphiques du mois ${month} : sessions par jour, puis démarches terminées et abandonnées par jour. ${summary} ` +
        "Les mêmes chiffres sont dans le tableau « Chaque jour » ci-dessous." }),
    h("figcaption", {}, summary, ` ${r.kiosks} borne(s) ont envoyé des compteurs pour ce mois.`));
  const days = r.days.filter((d) => d.sessions || d.started || d.finished || d.abandoned).map((d) =>
    h("tr", {}, h("th", { scope: "row" }, d.day), h("td", {}, String(d.sessions)), h("td", {}, String(d.started)),
      h("td", {}, String(d.finished)), h("td", {}, String(d.abandoned))));
  const demarches = r.demarches.map((d) => h("tr", {}, h("th", { scope: "row" }, d.id),
    h("td", {}, String(d.started)), h("td", {}, String(d.finished)), h("td", {}, String(d.abandoned)),
    h("td", {}, d.abandoned_at.map((a) => `étape ${a.step} : ${a.count}`).join(", ") || "—"),
    h("td", {}, minutes(d.average_seconds))));
  const ranked = (caption, list, name) => list.length
    ? table(caption, ["Élément", "Nombre"], list.slice(0, 20).map((i) =>
      h("tr", {}, h("th", { scope: "row" }, name(i)), h("td", {}, String(i.count)))))
    : null;
  return [
    chart,
    h("p", {}, h("a", { href: usageUrl(month, kiosk, "csv"), download: `statistiques-${month}.csv` },
      "Télécharger les compteurs du mois (CSV)")),
    days.length ? table("Chaque jour", ["Jour", "Sessions", "Commencées", "Terminées", "Abandonnées"], days)
      : h("p", {}, "Aucun compteur reçu pour ce mois."),
    demarches.length ? table("Chaque démarche",
      ["Démarche", "Commencées", "Terminées", "Abandonnées", "Abandons par étape", "Durée moyenne"], demarches) : null,
    ranked("Pages les plus consultées", r.pages, (i) => i.id),
    ranked("Rubriques consultées", r.rubriques, (i) => i.id),
    ranked("Plans ouverts", r.maps, (i) => i.id),
    ranked("Réglages utilisés (sessions)", r.settings,
      (i) => `${SETTING_NAMES[i.id] ?? i.id}${i.index ? ` ${i.index} %` : ""}`),
  ];
}

export async function usageView(page) {
  const month = h("input", { type: "month", id: "mois", value: page.usageMonth ?? lastMonth(), required: true,
    pattern: "[0-9]{4}-[0-9]{2}" });
  const kiosk = h("select", { id: "borne" }, h("option", { value: "" }, "Toutes les bornes"));
  const box = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "carte" },
    h("label", { for: "mois" }, "Mois"), month,
    h("label", { for: "borne" }, "Borne"), kiosk,
    h("button", { type: "submit" }, "Afficher"));
  const about = h("p", { class: "aide" },
    "Compteurs anonymes envoyés par les bornes avec leur signal : jamais une réponse, un nom ou un code de suivi ",
    "(liste exacte : docs/usage-stats.md).");
  page.show("Statistiques d’utilisation", about, form, box);
  const list = await page.attempt(box, () => page.api.kiosks());
  if (list)
    for (const k of list.kiosks) kiosk.append(h("option", { value: k.id }, k.name ? `${k.name} (${k.id})` : k.id));
  const load = () => page.attempt(box, async () => {
    if (!/^\d{4}-\d{2}$/.test(month.value)) throw new Error("Choisissez un mois (AAAA-MM).");
    page.usageMonth = month.value;
    const r = await page.api.usage(month.value, kiosk.value);
    const source = await chartSource(month.value, kiosk.value);
    box.replaceChildren(...report(r, month.value, kiosk.value, source));
    page.announce(`Statistiques de ${month.value} affichées.`);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  await load();
}
