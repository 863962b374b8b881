// The kiosks page: their health with problems called out, enrolment of a new
// kiosk (the token shown once, with its QR code), rename, revoke.
import { dateTimeFr } from "./format.js";
import { h } from "./render.js";

function ageText(seconds) {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} jours`;
}

function mebibytes(bytes) {
  return `${Math.floor(bytes / 1048576).toLocaleString("fr-FR")} Mio`;
}

function kibibytes(bytes) {
  return bytes < 10240 ? `${bytes} o` : bytes < 10485760 ? `${Math.floor(bytes / 1024)} Kio` : mebibytes(bytes);
}

// « anor v3 (delta depuis v2, 14 Kio) »: how the kiosk's agent installed it, when its heartbeat says (protocol 1.3).
function packsText(k) {
  if (!k.packs?.length) return "—";
  return k.packs.map((p) => {
    const how = !p.install ? "" : p.install.via === "delta"
      ? ` (delta depuis v${p.install.from}, ${kibibytes(p.install.bytes)})` : ` (complet, ${kibibytes(p.install.bytes)})`;
    return `${p.id} v${p.version}${how}`;
  }).join(", ");
}

function kioskRow(page, k, now, actions) {
  const beat = k.last_heartbeat === null ? "jamais" : `il y a ${ageText(now - k.last_heartbeat)}`;
  const problems = k.problems.length
    ? h("ul", { class: "problemes" }, k.problems.map((p) => h("li", {}, p.text)))
    : k.revoked ? "Révoquée" : "Aucun";
  const buttons = h("div", { class: "actions" });
  if (!k.revoked) {
    buttons.append(h("button", { type: "button", class: "secondaire", "data-action": "renommer" }, "Renommer"));
    if (page.who.role === "admin")
      buttons.append(h("button", { type: "button", class: "secondaire", "data-action": "revoquer" }, "Révoquer"));
    buttons.addEventListener("click", (event) => {
      const action = event.target.closest("button")?.dataset.action;
      if (action) actions(action, k);
    });
  }
  return h("tr", { class: k.problems.length ? "alerte" : k.revoked ? "eteinte" : null },
    h("th", { scope: "row" }, k.name || "(sans nom)", h("br"), h("span", { class: "aide" }, k.id)),
    h("td", {}, beat),
    h("td", {}, k.queued ?? "—", k.oldest_queued ? h("span", { class: "aide" }, `la plus ancienne : il y a ${ageText(now - k.oldest_queued)}`) : null),
    h("td", {}, k.last_sync ? dateTimeFr(k.last_sync) : "jamais"),
    h("td", {}, packsText(k)),
    h("td", {}, k.free_disk_bytes === undefined ? "—" : mebibytes(k.free_disk_bytes)),
    h("td", {}, k.software_version ?? "—"),
    h("td", {}, problems),
    h("td", {}, buttons));
}

function enrolForm(page) {
  const hours = h("input", { type: "number", id: "validite", min: 1, max: 720, value: 24, required: true });
  const box = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "carte" },
    h("h2", {}, "Inscrire une nouvelle borne"),
    h("label", { for: "validite" }, "Validité du jeton, en heures",
      h("span", { class: "aide" }, "Le jeton ne sert qu’une fois ; passé ce délai, il faut en demander un autre.")),
    hours, h("button", { type: "submit" }, "Créer un jeton d’inscription"), box);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    page.attempt(box, async () => {
      const t = await page.api.enrollToken(Number(hours.value));
      const qr = URL.createObjectURL(new Blob([t.qr_svg], { type: "image/svg+xml" }));
      box.replaceChildren(
        h("p", { class: "succes", role: "status" }, "Jeton créé. Il ne sera plus affiché : notez-le ou gardez cette page ouverte."),
        h("p", {}, "Sur la borne, lancez :"),
        h("pre", { class: "commande" }, t.command),
        h("p", {}, `Valable jusqu’au ${dateTimeFr(t.expires_at)}.`),
        h("img", { class: "qr", src: qr, alt: "Code QR de la commande d’inscription", width: 240, height: 240 }));
      page.announce("Jeton d’inscription créé.");
    });
  });
  return form;
}

// « Seulement les bornes à surveiller »: kept while the pages stay open (a département's hub lists hundreds).
let onlyWatched = false;

export async function kiosksView(page) {
  const box = h("div");
  page.show("Bornes", box);
  const answer = await page.attempt(box, () => page.api.kiosks());
  if (!answer) return;
  const { kiosks, now } = answer;
  const watch = kiosks.filter((k) => k.problems.length);
  const summary = h("p", { class: watch.length ? "erreur" : "succes" },
    kiosks.length === 0 ? "Aucune borne inscrite."
      : watch.length === 0 ? `${kiosks.length} borne${kiosks.length > 1 ? "s" : ""}, aucune à surveiller.`
        : `${watch.length} borne${watch.length > 1 ? "s" : ""} à surveiller sur ${kiosks.length}.`);
  const dialog = h("div", { "aria-live": "polite" });
  const actions = (action, k) => {
    if (action === "renommer") {
      const input = h("input", { type: "text", id: "nouveau-nom", value: k.name, maxlength: 100, required: true });
      const form = h("form", { class: "carte" }, h("h2", {}, `Renommer la borne ${k.id}`),
        h("label", { for: "nouveau-nom" }, "Nouveau nom", h("span", { class: "aide" }, "Par exemple : Hall de la mairie")),
        input, h("button", { type: "submit" }, "Enregistrer"), h("div"));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        page.attempt(form.lastChild, async () => {
          await page.api.renameKiosk(k.id, input.value.trim());
          page.announce("Borne renommée.");
          await kiosksView(page);
        });
      });
      dialog.replaceChildren(form);
      input.focus();
    } else if (action === "revoquer") {
      const confirm = h("button", { type: "button" }, `Révoquer « ${k.name || k.id} »`);
      const section = h("section", { class: "carte", "aria-label": "Confirmation" },
        h("h2", {}, "Révoquer une borne"),
        h("p", {}, "La borne ne pourra plus envoyer de démarches ni recevoir de mises à jour. ",
          "Les démarches encore dans sa file d’attente y restent : on peut les apporter sur clé USB. ",
          "Pour la remettre en service, il faudra l’inscrire à nouveau."),
        confirm, h("div"));
      confirm.addEventListener("click", () => page.attempt(section.lastChild, async () => {
        await page.api.revokeKiosk(k.id);
        page.announce("Borne révoquée.");
        await kiosksView(page);
      }));
      dialog.replaceChildren(section);
      confirm.focus();
    }
  };
  const shownKiosks = onlyWatched ? watch : kiosks;
  const filter = h("input", { type: "checkbox", id: "a-surveiller", checked: onlyWatched });
  filter.addEventListener("change", () => {
    onlyWatched = filter.checked;
    kiosksView(page).then(() => document.getElementById("a-surveiller")?.focus());
  });
  const filterLabel = h("p", { class: "filtre" }, filter, " ", h("label", { for: "a-surveiller" }, "Seulement les bornes à surveiller"));
  const table = h("table", {},
    h("caption", {}, onlyWatched ? "Bornes à surveiller, d’après leur dernier signal" : "État des bornes, d’après leur dernier signal"),
    h("thead", {}, h("tr", {}, ["Borne", "Dernier signal", "File d’attente", "Dernière synchronisation", "Packs",
      "Disque libre", "Logiciel", "Problèmes", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, shownKiosks.map((k) => kioskRow(page, k, now, actions))));
  box.replaceChildren(summary, kiosks.length ? filterLabel : null, kiosks.length ? table : null, dialog, enrolForm(page));
}
