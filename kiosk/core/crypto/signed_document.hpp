// Signed documents: a canonical minisign signature block of four lines, then
// the body it signs. One reader for every such file (the pack repository's
// index, kiosk feeds, status bundles); the writer is crypto/signing's
// sign_document(). After verification the caller still checks the trusted
// comment against the body's own fields (kind, version…), so that a signature
// made for one document cannot pass for another.
#pragma once

#include "common/result.hpp"
#include "crypto/minisign.hpp"

#include <string_view>

namespace guichet::crypto {

struct SignedDocument {
    Signature signature;
    std::string_view body;  // points into the file given
};

// Splits FILE into its signature block and body, unverified. The block must be
// canonical (as to_file_text() writes it) with UNTRUSTED as its untrusted
// comment. WHAT prefixes messages ("index"); WRITER names the program that
// writes such files, for the message about a block in another form.
Result<SignedDocument> split_signed_document(std::string_view file, std::string_view untrusted, std::string_view what,
                                             std::string_view writer);

// split_signed_document(), then the body's signature checked against KEYS.
Result<SignedDocument> verify_signed_document(std::string_view file, std::string_view untrusted, const KeyRing& keys,
                                              std::string_view what, std::string_view writer);

}  // namespace guichet::crypto
