#!/bin/bash
# Fails when the binary $1 links code that signs (docs/protocol.md §4.4,
# docs/store.md §2): the kiosk process holds no secret key, so it must not
# even link the functions that would use one. Verifying is fine
# (crypto_sign_verify_detached checks packs, feeds and statuses).
set -euo pipefail
binary=$1
symbols=$(nm -C "$binary")
[ -n "$symbols" ] || { echo "nm listed no symbols in $binary" >&2; exit 1; }
# libsodium's signing entry points, and ours (requests, envelopes, minisign secret keys).
pattern=' (crypto_sign|crypto_sign_detached|crypto_sign_keypair|crypto_sign_seed_keypair|crypto_sign_final_create|crypto_sign_ed25519_sk_to_[a-z0-9_]+)$'
pattern+='|guichet::sync::RequestKey|guichet::sync::sign_envelope|guichet::sync::sign_request|guichet::crypto::SecretKey|guichet::crypto::sign\('
if found=$(grep -E "$pattern" <<<"$symbols"); then
    echo "$binary links signing code:" >&2
    echo "$found" | head -20 >&2
    exit 1
fi
echo "$binary: no signing code linked ($(wc -l <<<"$symbols") symbols checked)"
