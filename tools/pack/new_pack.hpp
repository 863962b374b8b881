// `guichet-pack new DIR`: a new content folder from a small commented template
// (pack.yaml with every key explained, a home page, one form and its
// recipient's public key) that passes `check` and `build` as it is.
#pragma once

#include "commands.hpp"

namespace guichet::packtool {

const Command& new_command();

}  // namespace guichet::packtool
