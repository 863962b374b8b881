// QR codes for the receipt, drawn by the UI with filled rectangles (no
// texture, no image file).
#pragma once

#include "common/qr_code.hpp"

#include <string>
#include <vector>

namespace guichet::ui {

// The matrix and its encoder live in the core (common/qr_code.hpp): the hub draws the same codes as SVG.
using guichet::encode_qr;
using guichet::QrMatrix;

// Draws MATRIX at the cursor, SIDE pixels wide including a 4-module quiet
// zone, dark modules on a white square; advances the cursor.
void draw_qr(const QrMatrix& matrix, float side);

}  // namespace guichet::ui
