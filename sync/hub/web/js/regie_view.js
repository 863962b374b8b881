// The régie's page of the back office (#/regie, docs/back-office.md §8): the
// mandate register opened in the browser, the mandates received from the
// kiosks, their amendments and revocation, and the pain.008 direct-debit file.
// The register is kept at the hub sealed with a key only the service derives.
import { dateTimeFr, isoDateFr } from "./format.js";
import { openPayload, checkEnvelope } from "./protocol.js";
import { h } from "./render.js";
import {
  addMandate, amendMandate, collect, emptyRegister, mandateFromPayload, mandateStatus, openRegister, readInvoicesCsv,
  revokeMandate, sealRegister, setCreditor, isoDate,
} from "./regie.js";
import { euros, SEQUENCES } from "./sepa.js";

const MANDATE_FORM = "mandat-sepa";

const nowSeconds = () => Math.floor(Date.now() / 1000);
const dateFr = (d) => (d ? isoDateFr(d) : "—");

// « FR76 •••• •••• •••• •••• •••• 189 »: the country, check digits and last 3 characters.
export function maskedIban(iban) {
  const groups = iban.match(/.{1,4}/g) ?? [];
  return groups.map((g, i) => (i === 0 ? g : i === groups.length - 1 ? "•".repeat(Math.max(0, g.length - 3)) + g.slice(-3) : "••••")).join(" ");
}
const groupedIban = (iban) => (iban.match(/.{1,4}/g) ?? []).join(" ");

class RollbackError extends Error {
  constructor(served, seen) {
    super(`Le hub sert la version ${served} du registre, mais ce navigateur en a déjà vu la version ${seen} : ` +
      "le hub a été restauré d’une sauvegarde, ou il sert un ancien registre. Des prélèvements récents pourraient y manquer " +
      "et être faits deux fois : vérifiez avec l’administrateur du hub avant de continuer.");
    this.served = served;
  }
}

export async function regieView(ctx) {
  const { api, keys, show, errorBox, announce, sodium } = ctx;
  const page = { reg: null, version: 0 };
  const status = h("p", { role: "status" }, "Ouverture du registre…");
  show("Mandats et prélèvements SEPA", status);

  // The newest version this browser saw (§8.1): a hub serving an older one
  // (a restored backup, or a hub replaying an old document) is caught here.
  const seenKey = `guichet-regie-version-${keys.service}`;
  const seen = () => Number(localStorage.getItem(seenKey) ?? 0) || 0;
  const remember = (v) => v > seen() && localStorage.setItem(seenKey, String(v));

  async function load(acceptOlder = false) {
    const stored = await api.register();
    const version = stored?.version ?? 0;
    if (version < seen() && !acceptOlder) throw new RollbackError(version, seen());
    if (acceptOlder) localStorage.setItem(seenKey, String(version));
    page.reg = stored ? await openRegister(sodium, stored.sealed, keys.box.secret, keys.service, version) : emptyRegister(keys.service);
    page.version = version;
    remember(version);
  }

  // Applies CHANGE to a copy and saves it over the version read; on a conflict
  // (another agent saved first) reloads and says so: nothing is overwritten.
  async function save(change) {
    const next = structuredClone(page.reg);
    const result = change(next);
    next.revision = page.version + 1;
    const version = await api.saveRegister(page.version, await sealRegister(sodium, next, keys.box.secret));
    if (version === null) {
      const message = "Un autre agent a modifié le registre entre-temps : la page montre maintenant sa version. Refaites votre opération.";
      await load();
      render();
      main().querySelector("h1").after(errorBox(message));
      throw new Error(message);
    }
    page.reg = next;
    page.version = version;
    remember(version);
    return result;
  }

  try {
    await load();
  } catch (e) {
    if (!(e instanceof RollbackError)) return show("Mandats et prélèvements SEPA", errorBox(e.message));
    // The agent may go on with the hub's version once the hub's administrator said why.
    const goOn = h("button", { type: "button", class: "secondaire" }, `Continuer avec la version ${e.served} du hub`);
    goOn.addEventListener("click", async () => {
      try {
        await load(true);
        render();
      } catch (again) {
        show("Mandats et prélèvements SEPA", errorBox(again.message));
      }
    });
    return show("Mandats et prélèvements SEPA", errorBox(e.message), h("div", { class: "actions" }, goOn));
  }

  function labelled(id, text, attrs = {}) {
    return h("p", {}, h("label", { for: id }, text), h("br"), h("input", { id, type: "text", ...attrs }));
  }

  function creditorSection() {
    const c = page.reg.creditor;
    const result = h("div", { "aria-live": "polite" });
    const form = h("form", { class: "formulaire", "aria-labelledby": "titre-creancier" },
      labelled("cr-nom", "Nom de la régie (tel que les banques l’affichent)", { value: c?.name ?? "", required: true, autocomplete: "organization" }),
      labelled("cr-ics", "Identifiant créancier SEPA (ICS)", { value: c?.ics ?? "", required: true, spellcheck: "false" }),
      labelled("cr-iban", "IBAN du compte de la régie", { value: c ? groupedIban(c.iban) : "", required: true, spellcheck: "false" }),
      labelled("cr-bic", "BIC", { value: c?.bic ?? "", required: true, spellcheck: "false" }),
      h("p", {}, h("button", { type: "submit" }, "Enregistrer le compte de la régie")),
      result);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const v = (id) => form.querySelector(`#${id}`).value;
      try {
        await save((reg) => setCreditor(reg, { name: v("cr-nom"), ics: v("cr-ics"), iban: v("cr-iban"), bic: v("cr-bic") }));
        result.replaceChildren(h("p", { class: "succes" }, "Compte de la régie enregistré."));
      } catch (e) {
        result.replaceChildren(errorBox(e.message));
      }
    });
    return [h("h2", { id: "titre-creancier" }, "Compte de la régie"), form];
  }

  function mandateRow(m) {
    const iban = h("span", { class: "iban" }, maskedIban(m.iban));
    const reveal = h("button", { type: "button", class: "secondaire petit", "aria-pressed": "false", "aria-label": `Afficher l’IBAN du mandat ${m.rum}` }, "Afficher");
    reveal.addEventListener("click", () => {
      const shown = reveal.getAttribute("aria-pressed") === "true";
      iban.textContent = shown ? maskedIban(m.iban) : groupedIban(m.iban);
      reveal.setAttribute("aria-pressed", String(!shown));
      reveal.textContent = shown ? "Afficher" : "Masquer";
    });
    const history = h("details", {}, h("summary", {}, "Historique"),
      h("ul", {}, m.events.map((e) => h("li", {}, `${dateTimeFr(e.at)} — ${e.what}`))));
    return h("tr", {},
      h("td", { class: "code" }, m.rum),
      h("td", {}, m.debtor_name, m.family ? h("br") : null, m.family ? h("small", {}, m.family) : null),
      h("td", {}, iban, " ", reveal),
      h("td", {}, m.bic),
      h("td", {}, dateFr(m.signed_on)),
      h("td", {}, m.payment_type === "ponctuel" ? "Ponctuel" : "Récurrent"),
      h("td", {}, mandateStatus(m), history));
  }

  function mandatesSection() {
    const result = h("div", { "aria-live": "polite" });
    const importButton = h("button", { type: "button" }, "Ajouter les mandats reçus");
    importButton.addEventListener("click", async () => {
      importButton.disabled = true;
      result.replaceChildren(h("p", { role: "status" }, "Lecture des démarches « mandat SEPA »…"));
      try {
        const found = [], problems = [];
        const known = new Set(page.reg.mandates.map((m) => m.demarche_uuid));
        for (let n = 1; n <= 200; n++) {  // 200 pages of 100: bounded
          const answer = await api.inbox({ page: n, perPage: 100, order: "oldest", form: MANDATE_FORM });
          for (const d of answer.demarches) {
            if (d.form_id !== MANDATE_FORM || known.has(d.uuid)) continue;
            try {
              const full = await api.demarche(d.uuid);
              checkEnvelope(full, keys.service);
              const m = mandateFromPayload(openPayload(full, keys.box), { uuid: d.uuid, trackingCode: full.tracking_code });
              if (m) found.push(m);
            } catch (e) {
              problems.push(`${d.tracking_code} : ${e.message}`);
            }
          }
          if (!answer.paged || n * 100 >= answer.total) break;
        }
        let added = 0;
        if (found.length)
          await save((reg) => {
            for (const m of found) {
              try {
                if (addMandate(reg, m, nowSeconds())) added++;
              } catch (e) {
                problems.push(`${m.tracking_code} : ${e.message}`);
              }
            }
          });
        render();
        announce(`${added} mandat${added > 1 ? "s" : ""} ajouté${added > 1 ? "s" : ""} au registre.`);
        if (problems.length) main().append(errorBox(`Mandats non ajoutés : ${problems.join(" ; ")}`));
      } catch (e) {
        result.replaceChildren(errorBox(e.message));
        importButton.disabled = false;
      }
    });
    const rows = page.reg.mandates.map(mandateRow);
    const table = rows.length
      ? h("table", { class: "mandats" },
          h("caption", {}, `${rows.length} mandat${rows.length > 1 ? "s" : ""} au registre`),
          h("thead", {}, h("tr", {}, ["RUM", "Débiteur", "IBAN", "BIC", "Signé le", "Type", "État"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, rows))
      : h("p", {}, "Aucun mandat au registre pour l’instant.");
    return [h("h2", {}, "Mandats reçus"),
      h("p", {}, "Les mandats signés aux bornes arrivent comme démarches « mandat SEPA » ; ce bouton les ouvre dans ce navigateur et les ajoute au registre."),
      h("div", { class: "actions" }, importButton), result, table];
  }

  function changeSection() {
    const active = page.reg.mandates.filter((m) => m.state !== "revoque" && m.state !== "termine");
    if (!active.length) return [];
    const result = h("div", { "aria-live": "polite" });
    const pick = h("select", { id: "ch-rum" }, active.map((m) => h("option", { value: m.rum }, `${m.rum} — ${m.debtor_name}`)));
    const form = h("form", { class: "formulaire", "aria-labelledby": "titre-modifier" },
      h("p", {}, h("label", { for: "ch-rum" }, "Mandat"), h("br"), pick),
      labelled("ch-iban", "Nouvel IBAN", { spellcheck: "false" }),
      labelled("ch-bic", "Nouveau BIC", { spellcheck: "false" }),
      h("p", {}, h("button", { type: "submit" }, "Changer le compte (même RUM)")),
      result);
    const act = async (what, change) => {
      try {
        const out = await save(change);
        render();
        announce(what(out));
      } catch (e) {
        result.replaceChildren(errorBox(e.message));
      }
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const rum = pick.value;
      act((o) => (o.newBank ? `Compte changé : autre banque, le prochain prélèvement de ${rum} sera un FRST.` : `Compte du mandat ${rum} changé.`),
          (reg) => amendMandate(reg, rum, form.querySelector("#ch-iban").value, form.querySelector("#ch-bic").value, nowSeconds()));
    });
    const last = h("button", { type: "button", class: "secondaire" }, "Faire du prochain prélèvement le dernier (FNAL)");
    last.addEventListener("click", () => act(() => `Le prochain prélèvement de ${pick.value} sera le dernier.`,
      (reg) => revokeMandate(reg, pick.value, true, isoDate(nowSeconds()), nowSeconds())));
    const revoke = h("button", { type: "button", class: "secondaire" }, "Révoquer le mandat maintenant");
    revoke.addEventListener("click", () => {
      if (!confirm(`Révoquer le mandat ${pick.value} ? Plus aucune facture ne pourra être prélevée avec lui.`)) return;
      act(() => `Mandat ${pick.value} révoqué.`, (reg) => revokeMandate(reg, pick.value, false, isoDate(nowSeconds()), nowSeconds()));
    });
    return [h("h2", { id: "titre-modifier" }, "Modifier ou révoquer un mandat"), form, h("div", { class: "actions" }, last, " ", revoke)];
  }

  function debitSection() {
    const result = h("div", { "aria-live": "polite" });
    const tomorrow = isoDate(nowSeconds() + 86400);
    const form = h("form", { class: "formulaire", "aria-labelledby": "titre-prelevement" },
      h("p", {}, "Le fichier des factures (CSV) : celui de la publication des factures avec une colonne « rum », ou les colonnes « rum ; montant ; facture ; libelle »."),
      labelled("pr-fichier", "Fichier des factures (CSV)", { type: "file", accept: ".csv,text/csv", required: true }),
      labelled("pr-date", "Date de prélèvement", { type: "date", value: tomorrow, min: isoDate(nowSeconds()), required: true }),
      h("p", {}, h("label", { for: "pr-version" }, "Format du fichier"), h("br"),
        h("select", { id: "pr-version" },
          h("option", { value: "02" }, "pain.008.001.02 (le format des banques françaises)"),
          h("option", { value: "08" }, "pain.008.001.08"))),
      h("p", {}, h("button", { type: "submit" }, "Préparer le fichier de prélèvement")),
      result);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const file = form.querySelector("#pr-fichier").files?.[0];
      try {
        if (!file) throw new Error("Choisissez le fichier des factures.");
        if (file.size > 32 << 20) throw new Error(`« ${file.name} » est trop grand (32 Mio au plus).`);
        const invoices = readInvoicesCsv(await file.text(), file.name);
        const date = form.querySelector("#pr-date").value;
        if (date < isoDate(nowSeconds())) throw new Error("La date de prélèvement est passée.");
        const version = form.querySelector("#pr-version").value;
        const random = crypto.getRandomValues(new Uint32Array(1))[0] & 0xfffff;
        // Recorded at the hub first: the file exists only once its debits are in the register.
        const made = await save((reg) => collect(reg, invoices, date, version, nowSeconds(), random));
        render();
        debitsDone(made, date, version);
      } catch (e) {
        result.replaceChildren(errorBox(e.message));
      }
    });
    return [h("h2", { id: "titre-prelevement" }, "Fichier de prélèvement"), form];
  }

  function debitsDone(made, date, version) {
    const url = URL.createObjectURL(new Blob([made.xml], { type: "application/octet-stream" }));
    const name = `${made.messageId}.xml`;
    const bySeq = SEQUENCES.map((s) => [s, made.debits.filter((d) => d.sequence === s)]).filter(([, d]) => d.length);
    const total = made.debits.reduce((s, d) => s + d.amount_cents, 0);
    main().querySelector("#titre-prelevement").after(h("div", { class: "fait", id: "fichier-fait" },
      h("p", { class: "succes" }, `Fichier ${name} prêt : ${made.debits.length} prélèvement${made.debits.length > 1 ? "s" : ""}, ${euros(total)}, le ${dateFr(date)} (pain.008.001.${version}). Les prélèvements sont enregistrés au registre.`),
      h("ul", {}, bySeq.map(([s, d]) => h("li", {}, `${s} : ${d.length} — ${euros(d.reduce((a, x) => a + x.amount_cents, 0))}`))),
      h("p", {}, h("a", { href: url, download: name, class: "bouton" }, `Télécharger ${name}`))));
    announce(`Fichier de prélèvement ${name} prêt à télécharger.`);
  }

  function filesSection() {
    if (!page.reg.files.length) return [];
    return [h("h2", {}, "Fichiers déjà faits"), h("table", {},
      h("thead", {}, h("tr", {}, ["Fichier", "Date de prélèvement", "Prélèvements", "Montant"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, [...page.reg.files].reverse().map((f) => h("tr", {},
        h("td", { class: "code" }, f.message_id), h("td", {}, dateFr(f.collection_date)), h("td", {}, String(f.count)), h("td", {}, euros(f.total_cents))))))];
  }

  const main = () => document.getElementById("contenu");

  function render() {
    show("Mandats et prélèvements SEPA",
      h("p", {}, page.version
        ? `Registre de la régie, version ${page.version}, conservé au hub sous scellé : le hub garde des octets qu’il ne peut pas lire.`
        : "Aucun registre n’est encore conservé au hub : il sera créé, scellé, au premier enregistrement."),
      ...creditorSection(), ...mandatesSection(), ...changeSection(), ...debitSection(), ...filesSection());
  }
  render();
}
