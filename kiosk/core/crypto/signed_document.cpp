#include "crypto/signed_document.hpp"

#include <string>

namespace guichet::crypto {

Result<SignedDocument> split_signed_document(std::string_view file, std::string_view untrusted, std::string_view what,
                                             std::string_view writer) {
    const std::string w(what);
    std::size_t end = 0;
    for (int line = 0; line < 4; ++line) {
        auto nl = file.find('\n', end);
        if (nl == std::string_view::npos) return fail(w + ": truncated signature block");
        end = nl + 1;
    }
    const std::string_view block = file.substr(0, end);
    auto sig = Signature::parse(block);
    if (!sig) return fail(w + ": signature block: " + sig.error().message);
    if (sig->untrusted_comment != untrusted || sig->to_file_text() != block)
        return fail(w + ": signature block is not in the canonical form written by " + std::string(writer));
    return SignedDocument{std::move(*sig), file.substr(end)};
}

Result<SignedDocument> verify_signed_document(std::string_view file, std::string_view untrusted, const KeyRing& keys,
                                              std::string_view what, std::string_view writer) {
    auto doc = split_signed_document(file, untrusted, what, writer);
    if (!doc) return doc.error();
    if (auto r = verify(doc->signature, keys, as_bytes(doc->body)); !r) return fail(std::string(what) + ": " + r.error().message);
    return doc;
}

}  // namespace guichet::crypto
