// The town-hall staff's pages (docs/staff-pages.md): sign-in, then the
// kiosks, packs, feeds, partner services, usage statistics and accounts. One page; views chosen
// by the URL's fragment so that the browser's history works.
import { h } from "./render.js";
import { SignedOut, StaffApi } from "./staff_api.js";
import { kiosksView } from "./staff_kiosks.js";
import { usageView } from "./staff_usage.js";
import { accountsView, feedsView, packsView, partnersView } from "./staff_views.js";

const main = document.getElementById("contenu");
const api = new StaffApi();
let who = null;

function announce(text) {
  const region = document.getElementById("annonce");
  region.textContent = "";
  setTimeout(() => (region.textContent = text), 50);
}

// What every view gets: the API, who is signed in, and the page helpers.
const page = {
  api,
  get who() { return who; },
  announce,
  show(title, ...content) {
    document.title = `${title} — Mairie — Guichet`;
    const heading = h("h1", { tabindex: "-1" }, title);
    main.replaceChildren(heading, ...content);
    heading.focus();
  },
  error(message) { return h("p", { class: "erreur", role: "alert" }, message); },
  // Runs ACTION; a lost session goes back to sign-in, another error shows in BOX.
  async attempt(box, action) {
    try {
      return await action();
    } catch (e) {
      if (e instanceof SignedOut) return signedOut(e.message);
      box.replaceChildren(page.error(e.message));
      return undefined;
    }
  },
};

function signedOut(message) {
  who = null;
  document.getElementById("navigation").hidden = true;
  signInView(message);
}

function signInView(message) {
  const name = h("input", { type: "text", id: "identifiant", name: "username", autocomplete: "username", required: true,
    autocapitalize: "none", spellcheck: "false" });
  const password = h("input", { type: "password", id: "mot-de-passe", name: "password",
    autocomplete: "current-password", required: true });
  const box = h("div", { "aria-live": "polite" }, message ? page.error(message) : null);
  const submit = h("button", { type: "submit" }, "Se connecter");
  const form = h("form", { class: "carte", novalidate: true },
    h("label", { for: "identifiant" }, "Identifiant"), name,
    h("label", { for: "mot-de-passe" }, "Mot de passe"), password,
    submit, box);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!name.value || !password.value) {
      box.replaceChildren(page.error("Saisissez votre identifiant et votre mot de passe."));
      return;
    }
    submit.disabled = true;
    box.replaceChildren(h("p", {}, "Vérification…"));
    try {
      who = await api.signIn(name.value.trim(), password.value);
      password.value = "";
      signedIn();
    } catch (e) {
      box.replaceChildren(page.error(e.message));
      password.value = "";
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  page.show("Connexion du personnel", form,
    h("p", { class: "aide" }, "Les comptes sont créés par un administrateur du hub (guichet-hub staff-add). ",
      "Après 5 mots de passe erronés, le compte est verrouillé quelques minutes."));
}

function signedIn() {
  document.getElementById("navigation").hidden = false;
  document.getElementById("compte").textContent =
    `${who.name} (${who.role === "admin" ? "administrateur" : "personnel"})`;
  document.getElementById("lien-comptes").hidden = who.role !== "admin";
  announce(`Connecté en tant que ${who.name}.`);
  if (!location.hash || location.hash === "#/") location.hash = "#/bornes";
  else route();
}

const views = { "#/bornes": kiosksView, "#/packs": packsView, "#/flux": feedsView, "#/partenaires": partnersView,
  "#/comptes": accountsView, "#/statistiques": usageView };

async function route() {
  if (!who) return signInView();
  const view = views[location.hash] ?? kiosksView;
  for (const link of document.querySelectorAll("#navigation a"))
    if (link.getAttribute("href") === location.hash) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  await view(page);
}

document.getElementById("deconnexion").addEventListener("click", async () => {
  try {
    await api.signOut();
  } catch {
    // Signed out already: the page forgets it either way.
  }
  api.csrf = "";
  signedOut();
  announce("Vous êtes déconnecté.");
});
window.addEventListener("hashchange", route);

who = await api.whoami().catch(() => null);
if (who) signedIn();
else signInView();
