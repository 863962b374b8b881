// The staff pages' calls to the hub (docs/staff-pages.md): JSON, the
// session cookie sent by the browser (HttpOnly: this code never sees it), and
// the session's CSRF token on every change.
const BASE = "/v1/staff";

export class SignedOut extends Error {}

export class StaffApi {
  constructor() {
    this.csrf = "";
  }

  async call(method, path, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") headers["X-Guichet-CSRF"] = this.csrf;
    let response;
    try {
      response = await fetch(BASE + path, {
        method, headers, credentials: "same-origin", cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Error("Le hub ne répond pas : vérifiez le réseau, puis réessayez.");
    }
    let answer = {};
    try {
      answer = await response.json();
    } catch {
      answer = {};
    }
    if (response.status === 401 && path !== "/session") throw new SignedOut(answer.message ?? "Session terminée.");
    if (!response.ok) throw new Error(answer.message ?? `Erreur ${response.status} du hub.`);
    return answer;
  }

  async signIn(name, password) {
    const who = await this.call("POST", "/session", { name, password });
    this.csrf = who.csrf;
    return who;
  }

  // Who is signed in (after a reload: the cookie survives, the token is asked again); null when nobody.
  async whoami() {
    try {
      const who = await this.call("GET", "/session");
      this.csrf = who.csrf;
      return who;
    } catch (e) {
      if (e instanceof SignedOut || /Session/.test(e.message)) return null;
      throw e;
    }
  }

  signOut() { return this.call("DELETE", "/session"); }
  kiosks() { return this.call("GET", "/kiosks"); }
  enrollToken(validHours) { return this.call("POST", "/enroll-tokens", { valid_hours: validHours }); }
  renameKiosk(id, name) { return this.call("POST", `/kiosks/${encodeURIComponent(id)}/name`, { name }); }
  revokeKiosk(id) { return this.call("POST", `/kiosks/${encodeURIComponent(id)}/revoke`, {}); }
  packs() { return this.call("GET", "/packs"); }
  // INDEX: the index.gpi text; FILES: {base name: base64}.
  publishPacks(index, files) { return this.call("POST", "/packs", { index, files }); }
  feeds() { return this.call("GET", "/feeds"); }
  publishFeed(kind, fileText) { return this.call("POST", `/feeds/${encodeURIComponent(kind)}`, { file: fileText }); }
  partners() { return this.call("GET", "/partners"); }
  addPartner(id, publicKey) { return this.call("POST", "/partners", { id, public_key: publicKey }); }
  revokePartner(id) { return this.call("POST", `/partners/${encodeURIComponent(id)}/revoke`, {}); }
  accounts() { return this.call("GET", "/accounts"); }
  usage(month, kiosk) {
    const q = new URLSearchParams({ month });
    if (kiosk) q.set("kiosk", kiosk);
    return this.call("GET", `/usage?${q}`);
  }
  addAccount(name, role, password) { return this.call("POST", "/accounts", { name, role, password }); }
  accountAction(name, action, body = {}) {
    return this.call("POST", `/accounts/${encodeURIComponent(name)}/${action}`, body);
  }
}
