// guichet-pack's help and command-line texts in French (help_fr.cpp).
#pragma once

namespace guichet::packtool {

// Adds them to the message catalogue (packsrc messages.hpp); call once at start.
void add_french_help();

}  // namespace guichet::packtool
