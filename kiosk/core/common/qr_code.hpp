// QR codes (libqrencode) as a plain module matrix: the kiosk draws it with
// filled rectangles (ui/qr.hpp), the hub's staff pages get it as SVG.
#pragma once

#include "common/result.hpp"

#include <string>
#include <vector>

namespace guichet {

struct QrMatrix {
    int size = 0;                     // modules per side, without the quiet zone
    std::vector<unsigned char> dark;  // size × size, row-major; 1 = dark module
    bool at(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)] != 0; }
};

// Encodes TEXT (8-bit mode, error correction level M, smallest version).
Result<QrMatrix> encode_qr(const std::string& text);

// MATRIX as a standalone SVG image, dark on white with the 4-module quiet
// zone, one path (scales sharp at any size). TITLE (escaped) names it for
// screen readers.
std::string qr_svg(const QrMatrix& matrix, const std::string& title);

}  // namespace guichet
