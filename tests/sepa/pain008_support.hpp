// Shared by the SEPA and régie tests: xmllint validation of a pain.008 file
// against the ISO 20022 schemas copied in tests/data/iso20022.
#pragma once

#include "sepa/pain008.hpp"
#include "test_support.hpp"

#include <string>

namespace guichet::test {

inline std::string pain008_schema(sepa::PainVersion v) {
    return std::string(GUICHET_SOURCE_DIR) + "/tests/data/iso20022/" +
           (v == sepa::PainVersion::v02 ? "pain.008.001.02.xsd" : "pain.008.001.08.xsd");
}

// xmllint's exit status for FILE (0: valid); its output in OUTPUT.
inline int xmllint_validate(const std::filesystem::path& file, sepa::PainVersion v, std::string* output) {
    return run_command("xmllint --noout --schema '" + pain008_schema(v) + "' '" + file.string() + "'", output);
}

}  // namespace guichet::test
