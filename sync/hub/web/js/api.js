// The partner API (docs/protocol.md §5) from the agent's browser: each request
// signed with the service's key (§2), same origin as the pages.
import { base64Decode, base64Encode, signRequest, toBytes } from "./protocol.js";

// null for a 404 (nothing stored yet), the answer otherwise.
async function fetchOr404(call) {
  try {
    return await call();
  } catch (e) {
    if (/Aucun registre/.test(e.message)) return null;
    throw e;
  }
}

// The hub's refusals, in words an agent can act on.
function problem(status, body) {
  let kind = "";
  try {
    kind = JSON.parse(body).error ?? "";
  } catch {}
  if (kind === "stale-timestamp")
    return "L’horloge de ce poste est décalée de plus de cinq minutes par rapport au hub : corrigez l’heure de l’ordinateur.";
  if (kind === "unknown-client" || kind === "bad-signature")
    return "Le hub ne reconnaît pas les clés de ce service : elles ont peut-être été remplacées. Importez les nouvelles clés.";
  if (kind === "revoked-client") return "Ce service a été révoqué sur le hub : adressez-vous à la mairie.";
  if (kind === "no-register") return "Aucun registre n’est encore conservé au hub pour ce service.";
  // The visio-accueil's rooms (protocol §10).
  if (kind === "room-not-open") return "La salle de ce rendez-vous n’est pas encore ouverte : elle ouvre 10 minutes avant l’heure.";
  if (kind === "room-closed") return "La salle de ce rendez-vous est fermée : elle ferme 30 minutes après l’heure du rendez-vous.";
  if (kind === "no-room") return "Aucun rendez-vous en visio n’est annoncé pour ce créneau par ce service.";
  if (kind === "slot-taken") return "Ce créneau est déjà réservé par un autre service.";
  if (kind === "no-turn") return "Le hub n’a pas de relais vidéo (TURN) configuré.";
  if (kind === "not-found") return "Aucune démarche de ce service ne porte ce code de suivi.";
  if (status === 404) return "Cette démarche n’existe pas ou n’est pas adressée à ce service.";
  if (status === 429) return "Trop de demandes en peu de temps : réessayez dans une minute.";
  if (status >= 500) return "Le hub ne peut pas répondre pour le moment : réessayez plus tard.";
  return `Le hub a refusé la demande (${status}${kind ? ", " + kind : ""}).`;
}

export class PartnerApi {
  constructor(service, signingKey) {
    this.service = service;
    this.key = signingKey;
  }

  async request(method, path, { params = [], json, signal } = {}) {
    const body = json === undefined ? new Uint8Array() : toBytes(JSON.stringify(json));
    const headers = signRequest(this.key, this.service, method, path, params, body, Math.floor(Date.now() / 1000));
    if (json !== undefined) headers["Content-Type"] = "application/json";
    const query = params.length ? "?" + params.map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join("&") : "";
    let answer;
    try {
      answer = await fetch(path + query, { method, headers, body: json === undefined ? undefined : body, cache: "no-store", signal });
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new Error("Le hub ne répond pas : vérifiez la connexion de ce poste.");
    }
    if (!answer.ok) {
      const error = new Error(problem(answer.status, await answer.text()));
      error.status = answer.status;
      throw error;
    }
    return answer;
  }

  // One page of the inbox (protocol 1.4, §5.1): QUERY {page, perPage, state,
  // status, form, code, from, to, order}. Returns {demarches, total, counts, forms};
  // `paged` is false when the hub is older and sent every démarche (at most
  // 1,000): the page then filters and pages by itself.
  async inbox(query) {
    // all=1: an older hub then sends acknowledged démarches too.
    const params = [["all", "1"], ["page", String(query.page)], ["per_page", String(query.perPage)], ["order", query.order]];
    if (query.state) params.push(["state", query.state]);
    if (query.status) params.push(["status", query.status]);
    if (query.form) params.push(["form", query.form]);
    if (query.code) params.push(["code", query.code]);
    if (query.from !== undefined) params.push(["from", String(query.from)]);
    if (query.to !== undefined) params.push(["to", String(query.to)]);
    const answer = await (await this.request("GET", "/v1/partner/demarches", { params })).json();
    return { ...answer, paged: typeof answer.total === "number" };
  }

  // The layout of the service's forms (protocol 1.5, §5.2), or null from a
  // hub older than 1.5 (404) or one that cannot read its packs.
  async forms() {
    try {
      const answer = await (await this.request("GET", "/v1/partner/forms")).json();
      return Array.isArray(answer?.forms) ? answer.forms : null;
    } catch {
      return null;
    }
  }

  async demarche(uuid) {
    return (await this.request("GET", `/v1/partner/demarches/${uuid}`)).json();
  }

  async attachment(uuid, index) {
    const answer = await this.request("GET", `/v1/partner/demarches/${uuid}/attachments/${index}`);
    return new Uint8Array(await answer.arrayBuffer());
  }

  // The service's sealed register (protocol 1.9, §5.3): {version, sealed} or
  // null when none is stored yet.
  async register() {
    const answer = await fetchOr404(() => this.request("GET", "/v1/partner/register"));
    if (!answer) return null;
    const j = await answer.json();
    return { version: j.version, sealed: base64Decode(j.sealed, "registre") };
  }

  // Replaces the register saved at version BASE (0: none yet) with SEALED; the
  // new version, or null when another agent saved first (412).
  async saveRegister(base, sealed) {
    const body = toBytes(JSON.stringify({ base, sealed: base64Encode(sealed) }));
    const headers = signRequest(this.key, this.service, "PUT", "/v1/partner/register", [], body, Math.floor(Date.now() / 1000));
    headers["Content-Type"] = "application/json";
    let answer;
    try {
      answer = await fetch("/v1/partner/register", { method: "PUT", headers, body, cache: "no-store" });
    } catch {
      throw new Error("Le hub ne répond pas : vérifiez la connexion de ce poste.");
    }
    if (answer.status === 412) return null;
    if (!answer.ok) throw new Error(problem(answer.status, await answer.text()));
    return (await answer.json()).version;
  }

  async acknowledge(uuid) {
    await this.request("POST", `/v1/partner/demarches/${uuid}/ack`);
  }

  async postStatus(trackingCode, status, message) {
    return (await this.request("POST", "/v1/partner/statuses", { json: { tracking_code: trackingCode, status, message } })).json();
  }

  // The visio-accueil (protocol §10, docs/visio.md). The service's bookings
  // starting in [FROM, TO] (Unix seconds): {now, bookings} (protocol 1.11).
  async visioBookings(from, to) {
    const params = [["from", String(from)], ["to", String(to)]];
    return (await this.request("GET", "/v1/partner/visio/bookings", { params })).json();
  }

  // Announces the démarche TRACKING_CODE's appointment at SLOT, START (Unix seconds).
  async announceVisio(slot, trackingCode, start) {
    return (await this.request("POST", "/v1/partner/visio/bookings", { json: { slot, tracking_code: trackingCode, start } })).json();
  }

  // The room's TURN credentials {urls, username, credential, expires_at}.
  async visioTurn(slot) {
    return (await this.request("GET", `/v1/partner/visio/${slot}/turn`)).json();
  }

  async visioPost(slot, type, data) {
    return (await this.request("POST", `/v1/partner/visio/${slot}/messages`, { json: { type, data } })).json();
  }

  // The kiosk's messages after SINCE; waits up to WAIT seconds for one (a long-poll).
  async visioPoll(slot, since, wait, signal) {
    const params = [["since", String(since)], ["wait", String(wait)]];
    return (await this.request("GET", `/v1/partner/visio/${slot}/messages`, { params, signal })).json();
  }
}
