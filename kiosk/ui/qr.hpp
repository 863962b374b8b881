// QR codes for the receipt (libqrencode), as a plain module matrix the UI
// draws with filled rectangles (no texture, no image file).
#pragma once

#include "common/result.hpp"

#include <string>
#include <vector>

namespace guichet::ui {

struct QrMatrix {
    int size = 0;                      // modules per side, without the quiet zone
    std::vector<unsigned char> dark;   // size × size, row-major; 1 = dark module
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)] != 0; }
};

// Encodes TEXT (8-bit mode, error correction level M, smallest version).
Result<QrMatrix> encode_qr(const std::string& text);

// Draws MATRIX at the cursor, SIDE pixels wide including a 4-module quiet
// zone, dark modules on a white square; advances the cursor.
void draw_qr(const QrMatrix& matrix, float side);

}  // namespace guichet::ui
