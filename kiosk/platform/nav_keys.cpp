#include "platform/nav_keys.hpp"

#include <SDL.h>

namespace guichet::platform {

NavKeyPress nav_key(int scancode) {
    switch (static_cast<SDL_Scancode>(scancode)) {
        case SDL_SCANCODE_KP_6:
        case SDL_SCANCODE_RIGHT: return {NavKey::Next, true};
        case SDL_SCANCODE_KP_4:
        case SDL_SCANCODE_LEFT: return {NavKey::Previous, true};
        case SDL_SCANCODE_KP_2:
        case SDL_SCANCODE_DOWN: return {NavKey::NextRow, true};
        case SDL_SCANCODE_KP_8:
        case SDL_SCANCODE_UP: return {NavKey::PreviousRow, true};
        case SDL_SCANCODE_KP_5:
        case SDL_SCANCODE_KP_ENTER: return {NavKey::Activate, true};
        case SDL_SCANCODE_KP_0: return {NavKey::Back, true};
        case SDL_SCANCODE_KP_PERIOD: return {NavKey::Repeat, true};
        case SDL_SCANCODE_KP_PLUS: return {NavKey::Help, true};
        case SDL_SCANCODE_KP_MULTIPLY: return {NavKey::Toggle, true};
        case SDL_SCANCODE_TAB: return {NavKey::Next, false};
        case SDL_SCANCODE_RETURN: return {NavKey::Activate, false};
        case SDL_SCANCODE_ESCAPE: return {NavKey::Back, false};
        case SDL_SCANCODE_F1: return {NavKey::Help, false};
        case SDL_SCANCODE_F2: return {NavKey::Toggle, false};
        default: return {};
    }
}

}  // namespace guichet::platform
