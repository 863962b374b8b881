#include "ui/icons.hpp"

namespace guichet::ui {

namespace {

struct Icon {
    std::string_view name;
    const char* glyph;  // UTF-8 of the code point in Font Awesome 4.7's private-use area
};

// One row per name guichet-pack accepts (tools/pack/source/content_source.cpp kIcons).
constexpr Icon kIcons[] = {
    {"maison", "\xEF\x80\x95"},        // U+F015 home
    {"formulaire", "\xEF\x83\xB6"},    // U+F0F6 file-text-o
    {"carte", "\xEF\x89\xB8"},         // U+F278 map-o
    {"emploi", "\xEF\x82\xB1"},        // U+F0B1 briefcase
    {"associations", "\xEF\x83\x80"},  // U+F0C0 users
    {"calendrier", "\xEF\x81\xB3"},    // U+F073 calendar
    {"affichage", "\xEF\x82\x8D"},     // U+F08D thumb-tack (the town hall's notice board)
    {"visio", "\xEF\x80\xBD"},         // U+F03D video-camera
    {"suivi", "\xEF\x82\xAE"},         // U+F0AE tasks
    {"paiement", "\xEF\x82\x9D"},      // U+F09D credit-card
    {"info", "\xEF\x81\x9A"},          // U+F05A info-circle
    {"plan", "\xEF\x89\xB9"},          // U+F279 map
    {"factures", "\xEF\x85\x9C"},      // U+F15C file-text (« Mes factures », issue #17)
    {"appel", "\xEF\x82\x95"},         // U+F095 phone (« Rendez-vous en visio », issue #16)
};

}  // namespace

const char* icon_glyph(std::string_view name) {
    for (const Icon& i : kIcons)
        if (i.name == name) return i.glyph;
    return nullptr;
}

}  // namespace guichet::ui
