// The agent's side of a visio-accueil call (docs/visio.md §8): the browser's
// own WebRTC (camera and microphone by getUserMedia, RTCPeerConnection with
// the hub's TURN credentials). The kiosk offers, the agent answers; offer,
// answer and candidates travel through the slot's room on the hub, each
// request signed with the service's key (protocol §10). Nothing is recorded.
import { h } from "./render.js";

const POLL_WAIT_S = 10;
const STATS_MS = 2000;
const WEAK_BITRATE = 300_000;  // bit/s available to send: below, the picture degrades (issue #16)
const WEAK_LOSS = 0.05;        // a fraction of the packets received lost

let current = null;  // the call on screen; ended when the agent leaves the page

export function leaveCall() {
  current?.end(Boolean(current.pc));  // the kiosk hears of it once it was answered
  current = null;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function toggle(label, offLabel) {
  const button = h("button", { type: "button", class: "bascule", "aria-pressed": "false" }, label);
  button.set = (off) => {
    button.setAttribute("aria-pressed", String(off));
    button.textContent = off ? offLabel : label;
  };
  return button;
}

// KEEP_ALIVE: the back office's idle timeout would end a long call without
// a key pressed; each poll while the call lasts counts as activity.
export async function callView({ api, show, slot, keepAlive = () => {} }) {
  leaveCall();
  const status = h("p", { id: "etat-appel", class: "etat-appel", role: "status", "aria-live": "polite" }, "Préparation de l’appel…");
  const detail = h("p", { id: "detail-appel", class: "aide" });
  const remote = h("video", { id: "video-usager", class: "video-usager", autoplay: true, playsinline: true,
    "aria-label": "Image de l’usager" });
  const local = h("video", { id: "video-agent", class: "video-agent", autoplay: true, playsinline: true, muted: true,
    "aria-label": "Votre image" });
  local.muted = true;  // the attribute alone does not mute a srcObject set later
  const placeholder = h("p", { class: "attente-image", "aria-hidden": "true" }, "L’image de l’usager apparaîtra ici.");
  const mic = toggle("Couper le micro", "Rétablir le micro");
  const camera = toggle("Couper la caméra", "Rétablir la caméra");
  const hangUp = h("button", { type: "button", class: "raccrocher" }, "Raccrocher");
  const top = h("p", { class: "ecran-seul" }, h("a", { href: "#/rendez-vous" }, "Retour à mes rendez-vous"));
  show(`Rendez-vous en visio — créneau ${slot}`, top,
    status, detail,
    h("div", { class: "appel" }, remote, placeholder, local),
    h("div", { class: "commandes-appel", role: "group", "aria-label": "Commandes de l’appel" }, mic, camera, hangUp));

  const call = { stopped: false, abort: new AbortController(), pc: null, media: null, timer: null, outbox: Promise.resolve() };
  current = call;
  const say = (text, more = "") => {
    if (status.textContent !== text) status.textContent = text;
    detail.textContent = more;
  };
  // Messages to the kiosk, in order (the answer before its candidates); a full room (429) is tried again.
  const post = (type, data) => {
    call.outbox = call.outbox.then(async () => {
      // Once the call ended only its « bye » still goes.
      for (let tries = 0; tries < 10 && (!call.stopped || type === "bye"); tries++) {
        try {
          return await api.visioPost(slot, type, data);
        } catch (e) {
          if (e.status !== 429 && e.status !== undefined) return say("Appel interrompu.", e.message);
          await sleep(1000);
        }
      }
    });
    return call.outbox;
  };

  call.end = (sayBye, text = "Appel terminé.") => {
    if (call.stopped) return;
    const focused = hangUp.parentElement.contains(document.activeElement);
    call.stopped = true;
    call.abort.abort();
    clearInterval(call.timer);
    if (sayBye) post("bye", {}).catch(() => {});
    call.pc?.close();
    for (const track of call.media?.getTracks() ?? []) track.stop();
    remote.srcObject = local.srcObject = null;
    // The pictures and the controls go; the focus, on the controls a moment ago, goes to the way back.
    remote.parentElement.hidden = hangUp.parentElement.hidden = top.hidden = true;
    say(text, "La caméra et le micro de ce poste sont libérés.");
    const back = h("a", { class: "bouton", href: "#/rendez-vous" }, "Retour à mes rendez-vous");
    detail.after(h("p", {}, back));
    if (focused) back.focus();
  };
  hangUp.addEventListener("click", () => call.end(true));
  mic.addEventListener("click", () => {
    const off = mic.getAttribute("aria-pressed") !== "true";
    for (const t of call.media?.getAudioTracks() ?? []) t.enabled = !off;
    mic.set(off);
  });
  camera.addEventListener("click", () => {
    const off = camera.getAttribute("aria-pressed") !== "true";
    for (const t of call.media?.getVideoTracks() ?? []) t.enabled = !off;
    camera.set(off);
  });

  try {
    call.media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    local.srcObject = call.media;
  } catch {
    say("Caméra ou micro inaccessibles.", "Autorisez la caméra et le micro pour ce site dans le navigateur, puis rouvrez cette page. L’usager ne vous verra ni ne vous entendra.");
    for (const b of [mic, camera]) b.disabled = true;
  }
  let iceServers = [];
  try {
    const turn = await api.visioTurn(slot);
    iceServers = [{ urls: turn.urls, username: turn.username, credential: turn.credential }];
  } catch (e) {
    if (e.status !== 503) return call.end(false, e.message);  // no room, not open, closed: nothing to wait for
  }
  if (call.stopped) return;
  const detailText = detail.textContent;

  let pending = [];  // candidates that came before their offer
  const newPeer = () => {
    call.pc?.close();
    const pc = new RTCPeerConnection({ iceServers, bundlePolicy: "max-bundle" });
    call.pc = pc;
    pending = [];
    pc.onicecandidate = (e) => { if (pc === call.pc) post("candidate", e.candidate ? e.candidate.toJSON() : {}); };
    pc.ontrack = (e) => {
      const stream = remote.srcObject instanceof MediaStream ? remote.srcObject : new MediaStream();
      stream.addTrack(e.track);
      remote.srcObject = stream;
      placeholder.hidden = true;
    };
    pc.onconnectionstatechange = () => {
      if (pc !== call.pc || call.stopped) return;
      if (pc.connectionState === "connected") say("Connecté.");
      else if (pc.connectionState === "disconnected") say("Ligne interrompue : reconnexion en cours…");
      else if (pc.connectionState === "failed") say("La connexion a échoué.", "La borne peut rappeler tant que la salle est ouverte.");
    };
    return pc;
  };

  const onOffer = async (data) => {
    remote.srcObject = null;
    placeholder.hidden = false;
    const pc = newPeer();  // a new offer is the kiosk calling (again): a fresh connection
    await pc.setRemoteDescription({ type: "offer", sdp: String(data.sdp ?? "") });
    for (const track of call.media?.getTracks() ?? []) {
      const t = pc.getTransceivers().find((x) => x.receiver.track.kind === track.kind && !x.sender.track);
      if (!t) continue;
      await t.sender.replaceTrack(track);
      t.direction = "sendrecv";
    }
    await pc.setLocalDescription(await pc.createAnswer());
    post("answer", { type: "answer", sdp: pc.localDescription.sdp });
    for (const c of pending) await pc.addIceCandidate(c).catch(() => {});
    pending = [];
    say("Connexion avec la borne…");
  };
  const onMessage = async (m) => {
    if (m.type === "offer") return onOffer(m.data);
    if (m.type === "bye") return call.end(false, "Appel terminé : l’usager a raccroché.");
    if (m.type !== "candidate" || typeof m.data?.candidate !== "string" || !m.data.candidate) return;
    const c = { candidate: m.data.candidate, sdpMid: m.data.sdpMid ?? null, sdpMLineIndex: m.data.sdpMLineIndex ?? 0 };
    if (!call.pc?.remoteDescription) pending.push(c);
    else await call.pc.addIceCandidate(c).catch(() => {});  // a candidate the browser cannot use is only skipped
  };

  // A weak line, from the browser's own statistics.
  let lastLost = 0, lastReceived = 0;
  call.timer = setInterval(async () => {
    const pc = call.pc;
    if (!pc || pc.connectionState !== "connected") return;
    let bitrate = null, lost = 0, received = 0;
    (await pc.getStats()).forEach((s) => {
      if (s.type === "candidate-pair" && s.nominated && s.state === "succeeded" && s.availableOutgoingBitrate)
        bitrate = s.availableOutgoingBitrate;
      if (s.type === "inbound-rtp") { lost += s.packetsLost ?? 0; received += s.packetsReceived ?? 0; }
    });
    const dl = lost - lastLost, dr = received - lastReceived;
    [lastLost, lastReceived] = [lost, received];
    const weak = (bitrate !== null && bitrate < WEAK_BITRATE) || (dl + dr > 0 && dl / (dl + dr) > WEAK_LOSS);
    if (!call.stopped && pc === call.pc && pc.connectionState === "connected")
      say(weak ? "Connecté — ligne faible : l’image peut se dégrader." : "Connecté.");
  }, STATS_MS);

  say("En attente de l’usager…", detailText || "La borne appelle dès que l’usager saisit son code de suivi.");
  let since = 0;
  while (!call.stopped) {
    keepAlive();
    let answer;
    try {
      answer = await api.visioPoll(slot, since, POLL_WAIT_S, call.abort.signal);
    } catch (e) {
      if (call.stopped) break;
      if (e.status === 410 || e.status === 404) return call.end(false, e.message);
      await sleep(2000);  // the hub or the line is away: try again
      continue;
    }
    for (const m of answer.messages ?? []) {
      since = Math.max(since, Number(m.seq) || 0);
      try {
        await onMessage(m);
      } catch {
        say("Message illisible de la borne.", "La borne peut rappeler tant que la salle est ouverte.");
      }
    }
    if (!answer.waited && !(answer.messages ?? []).length) await sleep(1000);  // the hub's waits are all taken
  }
}
