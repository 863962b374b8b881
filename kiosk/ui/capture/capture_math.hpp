// Pure helpers of the capture screens (no ImGui, no threads; unit-tested in
// tests/ui/capture_math_test.cpp): the crop rectangle the resident drags over
// the photo as shown (turned), mapped back to camera-frame pixels; the byte
// budget of the next page of a document; attachment names.
#pragma once

#include "media/camera.hpp"
#include "media/document.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace guichet::ui::capture {

// A rectangle in normalised coordinates (0…1) of the picture as shown.
struct NormRect {
    float x0 = 0.05f, y0 = 0.05f, x1 = 0.95f, y1 = 0.95f;
    friend bool operator==(const NormRect&, const NormRect&) = default;
};

inline constexpr float kMinCropShare = 0.1f;  // a crop is at least 10 % of each side

// The next quarter turn clockwise (« Pivoter »).
media::Rotation next_rotation(media::Rotation r);
// A point of the picture as shown after ROTATION, back in the unturned frame (normalised).
void view_to_frame(media::Rotation rotation, float u, float v, float& fu, float& fv);
// The shown picture's size for a frame of FRAME turned by ROTATION.
media::Size turned_size(media::Size frame, media::Rotation rotation);
// The crop rectangle VIEW (over the shown, turned picture) in frame pixels,
// before rotation: what media::CaptureSettings::crop expects. Always inside FRAME, at least 1×1.
media::Rect frame_crop(const NormRect& view, media::Rotation rotation, media::Size frame);
// VIEW expressed over the picture after one more quarter turn clockwise (the
// crop follows the paper when « Pivoter » is tapped).
NormRect turn_clockwise(const NormRect& view);
// Moves corner CORNER (0 top left, 1 top right, 2 bottom right, 3 bottom left)
// by DU, DV; the rectangle stays inside 0…1 and at least kMinCropShare wide and high.
NormRect drag_corner(const NormRect& view, int corner, float du, float dv);

// Byte budgets: a page is at most kPageBudget; a document holds at most
// MAX_BYTES in all (the field's max_size_kb × 1000; 0: no limit) and kMaxPages.
inline constexpr std::size_t kPageBudget = 300'000;
inline constexpr std::size_t kMinPageBudget = 40'000;  // below this a page is not readable: no more pages
inline constexpr std::size_t kPdfOverhead = 4'096;     // PDF structure around several pages
inline constexpr int kMaxPages = 5;
// The budget of the next page given the bytes of the pages already taken,
// or nullopt when no further page fits (then « Ajouter une page » is not shown).
std::optional<std::size_t> next_page_budget(std::size_t max_bytes, const std::vector<std::size_t>& page_sizes,
                                            bool multi_page);

// "justificatif_domicile.jpg", or ".pdf" when several pages are assembled;
// a field in a group's item: "enfants[2].certificat" → "enfants-2-certificat.jpg".
std::string attachment_name(const std::string& field_id, int pages);
// "182 Ko" (kB of 1000 bytes, as the form's max_size_kb), rounded up.
std::string kilo_octets(std::size_t bytes);

}  // namespace guichet::ui::capture
