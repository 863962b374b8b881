#include "ui/capture/pdf.hpp"

#include "media/jpeg_markers.hpp"

#include <cstdio>
#include <string>

namespace guichet::ui::capture {

namespace {

void put(Bytes& out, const std::string& s) { out.insert(out.end(), s.begin(), s.end()); }

// The component count in the JPEG's frame header (SOF0…SOF2); 3 when not found.
int jpeg_components(ByteView jpeg) {
    int components = 3;
    media::walk_jpeg(jpeg, [&](const media::JpegSegment& s) {
        if (s.marker < 0xC0 || s.marker > 0xC2) return s.marker != media::kJpegStartOfScan;
        if (s.payload.size() >= 6) components = s.payload[5];  // after precision, height and width
        return false;
    });
    return components;
}

}  // namespace

Bytes assemble_pdf(const std::vector<JpegPage>& pages) {
    Bytes out;
    std::size_t total = 4096;
    for (const JpegPage& p : pages) total += p.jpeg.size() + 512;
    out.reserve(total);  // personal data: no reallocation leaving copies behind
    std::vector<std::size_t> offsets;  // of objects 1…N
    auto object = [&](const std::string& body) {
        offsets.push_back(out.size());
        put(out, std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n");
    };
    put(out, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    // 1: catalog, 2: pages, then per page: page, image, contents.
    std::string kids;
    for (std::size_t i = 0; i < pages.size(); ++i) kids += std::to_string(3 + 3 * i) + " 0 R ";
    object("<< /Type /Catalog /Pages 2 0 R >>");
    object("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>");
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const JpegPage& p = pages[i];
        const int n = static_cast<int>(3 + 3 * i);
        char box[96];
        const double w = p.width * 72.0 / 150.0, h = p.height * 72.0 / 150.0;
        std::snprintf(box, sizeof box, "%.2f %.2f", w, h);
        object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::string(box) + "] /Resources << /XObject << /Im" +
               std::to_string(i) + " " + std::to_string(n + 1) + " 0 R >> >> /Contents " + std::to_string(n + 2) +
               " 0 R >>");
        offsets.push_back(out.size());
        put(out, std::to_string(offsets.size()) + " 0 obj\n<< /Type /XObject /Subtype /Image /Width " +
                     std::to_string(p.width) + " /Height " + std::to_string(p.height) + " /ColorSpace " +
                     (jpeg_components(p.jpeg) == 1 ? "/DeviceGray" : "/DeviceRGB") + " /BitsPerComponent 8 /Filter /DCTDecode /Length " +
                     std::to_string(p.jpeg.size()) + " >>\nstream\n");
        out.insert(out.end(), p.jpeg.begin(), p.jpeg.end());
        put(out, "\nendstream\nendobj\n");
        char draw_buf[128];
        std::snprintf(draw_buf, sizeof draw_buf, "q %.2f 0 0 %.2f 0 0 cm /Im%zu Do Q", w, h, i);
        const std::string draw = draw_buf;
        object("<< /Length " + std::to_string(draw.size()) + " >>\nstream\n" + draw + "\nendstream");
    }
    const std::size_t xref = out.size();
    put(out, "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n");
    for (std::size_t off : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
        put(out, line);
    }
    put(out, "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
                 std::to_string(xref) + "\n%%EOF\n");
    return out;
}

}  // namespace guichet::ui::capture
