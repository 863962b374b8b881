#include "common/qr_code.hpp"

#include "common/markup_escape.hpp"
#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace guichet {

namespace {
struct QrFree {
    void operator()(QRcode* q) const { QRcode_free(q); }
};

}  // namespace

Result<QrMatrix> encode_qr(const std::string& text) {
    errno = 0;
    std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
    if (!code) return fail("QR encoding of " + std::to_string(text.size()) + " bytes failed: " + std::strerror(errno));
    QrMatrix m;
    m.size = code->width;
    m.dark.resize(static_cast<std::size_t>(m.size) * static_cast<std::size_t>(m.size));
    for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;  // bit 0: dark module
    return m;
}

std::string qr_svg(const QrMatrix& m, const std::string& title) {
    const int total = m.size + 8;
    std::string path;
    for (int y = 0; y < m.size; ++y)
        for (int x = 0; x < m.size; ++x)
            if (m.at(x, y)) path += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h1v1h-1z";
    const std::string side = std::to_string(total);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side +
           "\" shape-rendering=\"crispEdges\" role=\"img\"><title>" + escape_markup(title) +
           "</title><rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path +
           "\"/></svg>";
}

}  // namespace guichet
