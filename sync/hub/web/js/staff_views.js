// The staff pages besides the kiosks: packs and feeds (signed on the staff PC,
// docs/staff-pages.md §5), partner services, accounts.
import { dateTimeFr, sizeFr } from "./format.js";
import { h } from "./render.js";

const FEED_NAMES = { jobs: "Offres d’emploi", events: "Agenda", slots: "Créneaux de rendez-vous en visio" };

function table(caption, headings, rows) {
  return h("table", {}, h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows));
}

function expiryText(expires, now) {
  if (expires <= now) return h("span", { class: "erreur" }, `expiré depuis le ${dateTimeFr(expires)}`);
  const soon = expires - now < 2 * 86400;
  return h("span", { class: soon ? "erreur" : null }, `jusqu’au ${dateTimeFr(expires)}${soon ? " : à republier" : ""}`);
}

export async function packsView(page) {
  const box = h("div");
  page.show("Packs de contenu", box);
  const a = await page.attempt(box, () => page.api.packs());
  if (!a) return;
  const how = h("p", { class: "aide" }, "Pour publier une version, lancez « guichet-pack publish » sur le poste qui ",
    "détient la clé de signature (docs/pack-repository.md §3) : le hub ne détient jamais cette clé.");
  if (!a.index) return box.replaceChildren(h("p", {}, "Aucun pack publié sur ce hub."), how);
  const published = new Map(a.packs.map((p) => [p.id, p.version]));
  const packRows = a.packs.map((p) => h("tr", {}, h("th", { scope: "row" }, p.id), h("td", {}, `v${p.version}`),
    h("td", {}, sizeFr(p.size)),
    h("td", {}, p.deltas.length ? p.deltas.map((d) => `depuis v${d.from} (${sizeFr(d.size)})`).join(", ") : "—")));
  const kioskRows = a.kiosks.map((k) => {
    const cells = a.packs.map((p) => {
      const installed = k.packs.find((q) => q.id === p.id);
      const late = !installed || installed.version < published.get(p.id);
      return h("td", { class: late ? "erreur" : null },
        installed ? `v${installed.version}` : "absent", late ? " (pas à jour)" : "");
    });
    return h("tr", {}, h("th", { scope: "row" }, k.name || k.id), cells);
  });
  box.replaceChildren(
    h("p", {}, `Index du dépôt : version ${a.index.version}, signé par la clé ${a.index.key_id}, valable `,
      expiryText(a.index.expires, a.now), "."),
    table("Versions publiées", ["Pack", "Version", "Taille", "Mises à jour différentielles"], packRows),
    a.kiosks.length ? table("Version installée sur chaque borne", ["Borne", ...a.packs.map((p) => p.id)], kioskRows) : null,
    how);
}

// A feed file signed on the staff PC (guichet-hub publish-feed), checked by the hub against the pack key.
function feedUpload(page, kind) {
  const id = `flux-${kind}`;
  const file = h("input", { type: "file", id, accept: ".gfd", required: true });
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "depot" },
    h("label", { for: id }, "Publier une nouvelle version",
      h("span", { class: "aide" }, `Le fichier ${kind}.gfd signé sur le poste de la mairie.`)),
    file, h("button", { type: "submit", class: "secondaire" }, "Publier"), result);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return result.replaceChildren(page.error("Choisissez le fichier du flux."));
    if (chosen.size > 512 * 1024) return result.replaceChildren(page.error("Ce fichier est trop grand pour un flux."));
    page.attempt(result, async () => {
      const done = await page.api.publishFeed(kind, await chosen.text());
      page.announce(`Flux publié : version ${done.version}.`);
      await feedsView(page);
    });
  });
  return form;
}

export async function feedsView(page) {
  const box = h("div");
  page.show("Flux publiés", box);
  const a = await page.attempt(box, () => page.api.feeds());
  if (!a) return;
  const sections = a.feeds.map((f) => {
    const title = h("h2", {}, FEED_NAMES[f.kind] ?? f.kind);
    const upload = feedUpload(page, f.kind);
    if (f.error) return h("section", {}, title, h("p", { class: "erreur" }, f.error), upload);
    if (!f.published) return h("section", {}, title, h("p", {}, "Aucun flux publié."), upload);
    return h("section", {}, title,
      h("p", {}, `Version ${f.version}, publiée le ${dateTimeFr(f.created)}, en vigueur `, expiryText(f.expires, a.now),
        ` — ${f.items.length} élément${f.items.length > 1 ? "s" : ""}.`),
      f.items.length ? h("ul", {}, f.items.map((i) => h("li", {}, i.title || i.id))) : null, upload);
  });
  box.replaceChildren(...sections, h("p", { class: "aide" },
    "Un flux se signe sur le poste qui détient la clé de signature des packs, avec « guichet-hub publish-feed » ",
    "(docs/feeds.md) ; le hub vérifie la signature, la version et l’expiration avant de le servir, et ne signe rien lui-même."));
}

function confirmSection(page, title, text, buttonText, action) {
  const button = h("button", { type: "button" }, buttonText);
  const section = h("section", { class: "carte", "aria-label": "Confirmation" }, h("h2", {}, title), h("p", {}, text),
    button, h("div"));
  button.addEventListener("click", () => page.attempt(section.lastChild, action));
  return { section, button };
}

export async function partnersView(page) {
  const box = h("div");
  page.show("Services partenaires", box);
  const a = await page.attempt(box, () => page.api.partners());
  if (!a) return;
  const admin = page.who.role === "admin";
  const dialog = h("div", { "aria-live": "polite" });
  const rows = a.partners.map((p) => {
    const revoke = admin && !p.revoked_at ? h("button", { type: "button", class: "secondaire" }, "Révoquer") : null;
    revoke?.addEventListener("click", () => {
      const { section, button } = confirmSection(page, `Révoquer le service ${p.id}`,
        "Ses agents ne pourront plus relever ni répondre aux démarches. Celles déjà reçues restent sur le hub.",
        `Révoquer « ${p.id} »`, async () => {
          await page.api.revokePartner(p.id);
          page.announce("Service révoqué.");
          await partnersView(page);
        });
      dialog.replaceChildren(section);
      button.focus();
    });
    return h("tr", { class: p.revoked_at ? "eteinte" : null }, h("th", { scope: "row" }, p.id),
      h("td", {}, dateTimeFr(p.registered_at)), h("td", {}, String(p.waiting)), h("td", {}, String(p.total)),
      h("td", {}, p.revoked_at ? `révoqué le ${dateTimeFr(p.revoked_at)}` : "actif"), h("td", {}, revoke));
  });
  const content = [
    a.partners.length
      ? table("Services inscrits", ["Service", "Inscrit le", "Démarches à relever", "Démarches reçues", "État", "Actions"], rows)
      : h("p", {}, "Aucun service partenaire inscrit."),
    dialog,
  ];
  if (admin) {
    const id = h("input", { type: "text", id: "service-id", required: true, pattern: "[a-z0-9][a-z0-9._-]{0,63}",
      "aria-describedby": "service-id-aide", autocomplete: "off" });
    const key = h("textarea", { id: "service-cle", required: true, "aria-describedby": "service-cle-aide" });
    const result = h("div", { "aria-live": "polite" });
    const form = h("form", { class: "carte" }, h("h2", {}, "Inscrire un service"),
      h("label", { for: "service-id" }, "Identifiant du service",
        h("span", { class: "aide", id: "service-id-aide" }, "Celui des formulaires du pack, par exemple etat-civil.")),
      id,
      h("label", { for: "service-cle" }, "Clé publique de signature",
        h("span", { class: "aide", id: "service-cle-aide" },
          "Le contenu du fichier ID.sign.pub créé par le service avec « guichet-partner keygen ».")),
      key, h("button", { type: "submit" }, "Inscrire"), result);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      page.attempt(result, async () => {
        await page.api.addPartner(id.value.trim(), key.value);
        page.announce("Service inscrit.");
        await partnersView(page);
      });
    });
    content.push(form);
  }
  box.replaceChildren(...content);
}

function passwordForm(page, title, name) {
  const one = h("input", { type: "password", id: "mdp-1", autocomplete: "new-password", required: true, minlength: 12 });
  const two = h("input", { type: "password", id: "mdp-2", autocomplete: "new-password", required: true });
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "carte" }, h("h2", {}, title),
    h("label", { for: "mdp-1" }, "Nouveau mot de passe", h("span", { class: "aide" }, "12 caractères au moins.")), one,
    h("label", { for: "mdp-2" }, "Le même, à nouveau"), two, h("button", { type: "submit" }, "Changer le mot de passe"), result);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (one.value !== two.value) return result.replaceChildren(page.error("Les deux mots de passe diffèrent."));
    page.attempt(result, async () => {
      await page.api.accountAction(name, "password", { password: one.value });
      one.value = two.value = "";
      result.replaceChildren(h("p", { class: "succes", role: "status" }, "Mot de passe changé ; les autres sessions sont fermées."));
    });
  });
  return form;
}

export async function accountsView(page) {
  const box = h("div");
  page.show("Comptes du personnel", box);
  if (page.who.role !== "admin") return box.replaceChildren(passwordForm(page, "Mon mot de passe", page.who.name));
  const a = await page.attempt(box, () => page.api.accounts());
  if (!a) return;
  const rows = a.accounts.map((acc) => {
    const toggle = acc.name === page.who.name ? null
      : h("button", { type: "button", class: "secondaire" }, acc.disabled ? "Réactiver" : "Désactiver");
    toggle?.addEventListener("click", () => page.attempt(box, async () => {
      await page.api.accountAction(acc.name, acc.disabled ? "enable" : "disable");
      page.announce(acc.disabled ? "Compte réactivé." : "Compte désactivé.");
      await accountsView(page);
    }));
    return h("tr", { class: acc.disabled ? "eteinte" : null }, h("th", { scope: "row" }, acc.name),
      h("td", {}, acc.role === "admin" ? "administrateur" : "personnel"), h("td", {}, dateTimeFr(acc.created_at)),
      h("td", {}, acc.disabled ? "désactivé" : acc.locked ? "verrouillé (mots de passe erronés)" : "actif"), h("td", {}, toggle));
  });
  const name = h("input", { type: "text", id: "compte-nom", required: true, autocomplete: "off", pattern: "[a-z][a-z0-9._-]{0,63}" });
  const role = h("select", { id: "compte-role" }, h("option", { value: "staff" }, "personnel"),
    h("option", { value: "admin" }, "administrateur"));
  const pass = h("input", { type: "password", id: "compte-mdp", required: true, minlength: 12, autocomplete: "new-password" });
  const result = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "carte" }, h("h2", {}, "Créer un compte"),
    h("label", { for: "compte-nom" }, "Identifiant", h("span", { class: "aide" }, "En minuscules, par exemple m.dupont.")), name,
    h("label", { for: "compte-role" }, "Rôle"), role,
    h("label", { for: "compte-mdp" }, "Mot de passe provisoire", h("span", { class: "aide" }, "12 caractères au moins ; à transmettre de vive voix.")), pass,
    h("button", { type: "submit" }, "Créer le compte"), result);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    page.attempt(result, async () => {
      await page.api.addAccount(name.value.trim(), role.value, pass.value);
      pass.value = "";
      page.announce("Compte créé.");
      await accountsView(page);
    });
  });
  box.replaceChildren(table("Comptes", ["Identifiant", "Rôle", "Créé le", "État", "Actions"], rows), form,
    passwordForm(page, "Mon mot de passe", page.who.name));
}
