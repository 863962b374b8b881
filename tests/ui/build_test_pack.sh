#!/usr/bin/env bash
# Builds and signs the Anor pack once for the replay tests (a CTest fixture):
# build_test_pack.sh PACK_TOOL SOURCE OUT_DIR writes OUT_DIR/anor.gpk and the
# test signing key's OUT_DIR/staff.pub (the secret key stays in a temporary folder).
set -euo pipefail
pack_tool=$1 source=$2 out=$3 hub_tool=${4:-} partner_tool=${5:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$pack_tool" keygen -o "$work/staff" >/dev/null
"$pack_tool" build "$source" --key "$work/staff.key" -o "$work/anor.gpk" >/dev/null
rm -rf "$out" && mkdir -p "$out/second-commune"
cp "$work/anor.gpk" "$work/staff.pub" "$out/"
# A second commune's pack (guichet-pack new's template: « Ma-Commune », codes MAC-…), signed with the
# same key, which run_replay.sh installs beside Anor's with GUICHET_REPLAY_SECOND_COMMUNE=1.
"$pack_tool" new "$work/ma-commune" >/dev/null
"$pack_tool" build "$work/ma-commune" --key "$work/staff.key" -o "$out/second-commune/ma-commune.gpk" -q >/dev/null
# HUB_TOOL given: a slots feed signed with the same key (docs/feeds.md), two
# and three days ahead, which run_replay.sh installs with GUICHET_REPLAY_FEEDS=1.
if [ -n "$hub_tool" ]; then
  day() { date -d "$1" +%F; }
  cat >"$work/slots.json" <<JSON
{"items": [
  {"id": "ft-1", "title": "Conseiller emploi", "agency": "France Travail Fourmies", "service": "france_travail",
   "start": "$(day '+2 days')T10:00", "duration_min": "30"},
  {"id": "caf-1", "title": "Conseiller allocations", "agency": "CAF du Nord", "service": "caf",
   "start": "$(day '+3 days')T14:30", "duration_min": "20"}
]}
JSON
  "$hub_tool" publish-feed --data "$work/hub" --kind slots --key "$work/staff.key" "$work/slots.json" >/dev/null
  mkdir -p "$out/feeds" && cp "$work/hub/feeds/slots.gfd" "$out/feeds/"
fi
# PARTNER_TOOL given: the régie's invoice bundle (docs/invoices.md), signed with the same key, and the
# kiosk's invoices.json trusting it, which run_replay.sh installs with GUICHET_REPLAY_INVOICES=1.
if [ -n "$partner_tool" ]; then
  cat >"$work/factures.csv" <<CSV
famille;code;nom;email;facture;periode;libelle;montant;echeance;payee
F001234;K7Q2-M9XA;Famille Martin;martin@example.org;FAC2027000001;Janvier 2027;Restauration scolaire — 12 repas;38,40;2027-01-15;non
F001234;K7Q2-M9XA;Famille Martin;martin@example.org;FAC2027000001;Janvier 2027;Accueil périscolaire — 4 soirs;4,10;2027-01-15;non
F001234;K7Q2-M9XA;Famille Martin;martin@example.org;FAC2026000120;Décembre 2026;Restauration scolaire — 10 repas;31,00;2026-12-01;oui
CSV
  mkdir -p "$out/invoices"
  "$partner_tool" regie publish-invoices --id regie --invoice-key "$work/staff.key" --from "$work/factures.csv" \
    --out "$out/invoices/regie.gib" --version 1 >/dev/null
  printf '{"service": "regie", "regie_key": "%s", "pay_url": "https://mairie.example/paiement/"}\n' \
    "$(tail -1 "$work/staff.pub")" >"$out/invoices.json"
fi
echo "built $out/anor.gpk"
