// Draws a sheet (sheet.hpp) to PDF with cairo and pango: A4 pages, or one
// page of an 80 mm receipt roll as long as its content. Text in DejaVu Sans
// with French typography; QR codes as vector squares and pictures at 300 dpi
// at most, so both print sharp.
#pragma once

#include "common/result.hpp"
#include "print/sheet.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace guichet::print {

// A decoded picture, RGBA 8 bits, rows packed.
struct Picture {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};
// Given a picture's pack path ("media/…"), its pixels; nullopt draws its alt text.
using PictureSource = std::function<std::optional<Picture>(const std::string& pack_path)>;

struct Rendered {
    std::string pdf;
    int pages = 0;
    double width_mm = 0;
    double height_mm = 0;  // of the last page (a roll's only page)
};

// PAPER must be A4 or Roll80 (resolve Auto with the queue's media first).
Result<Rendered> render_pdf(const Sheet& sheet, const SheetData& data, Paper paper,
                            const PictureSource& pictures = {});

// Frees fontconfig's and pango's process-wide caches (at program exit, so the
// leak checker sees none). No rendering may run during or after it.
void release_font_caches();

// Page sizes, millimetres.
inline constexpr double kA4WidthMm = 210, kA4HeightMm = 297, kRollWidthMm = 80;

}  // namespace guichet::print
