// The resident's display settings (« Affichage »). They belong to the
// session: the idle reset and « Terminer et effacer » restore the defaults,
// which come from the command line (--high-contrast, --text-scale, --low-reach).
#pragma once

#include "ui/theme.hpp"

namespace guichet::ui {

struct Settings {
    bool high_contrast = false;
    float text_scale = 1.0f;  // 1, 1.5 or 2
    bool low_reach = false;   // every control in the lower part of the screen
    // Speech (docs/speech.md): the screens read aloud; non-visual mode adds the
    // keypad's and the gestures' navigation (touch no longer acts directly).
    bool speech = false;
    bool non_visual = false;
    int speech_rate = 1;    // kSpeechRates' index: slow, normal, fast
    int speech_volume = 1;  // kSpeechVolumes' index: low, medium, loud

    bool operator==(const Settings&) const = default;
};

// The text sizes offered on screen.
inline constexpr float kTextScales[] = {1.0f, 1.5f, 2.0f};

// Words per minute and espeak-ng volumes offered on screen.
inline constexpr int kSpeechRates[] = {130, 160, 200};
inline constexpr int kSpeechVolumes[] = {60, 100, 150};

// True for ×1, ×1.5 and ×2 (command-line values are checked with it).
bool valid_text_scale(float scale);

Theme theme_for(const Settings& s);

// Low reach: the share of the screen's height, from the top, where nothing is
// interactive (the header and a reminder of where the resident is).
inline constexpr float kLowReachTopShare = 0.4f;

// The content's least height: a text box and its label (two targets) and the margins.
float min_content_height(const Metrics& m);
// The header's height: the title band BAND_H, or in low reach the top 40 % of
// a screen SCREEN_H high, less what the content needs when BELOW (footer,
// status bar, keyboard, the démarche's band) leaves it under MIN_CONTENT
// (issue #18: low reach, ×2 and the keyboard squeezed the form to nothing).
float layout_header_height(bool low_reach, float band_h, float screen_h, float below, float min_content);

}  // namespace guichet::ui
