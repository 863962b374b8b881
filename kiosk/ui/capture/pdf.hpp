// Several captured pages in one file: a minimal PDF 1.4 with one JPEG per
// page (DCTDecode, embedded as is, no re-encoding), each page sized for
// 150 dpi. Attachment fields accept PDF, so a multi-page document stays one
// attachment ({"name","mime","size"}) and the sealed payload keeps format 1.
#pragma once

#include "common/bytes.hpp"

#include <vector>

namespace guichet::ui::capture {

struct JpegPage {
    ByteView jpeg;  // baseline JPEG, RGB or gray
    int width = 0, height = 0;  // gray or colour: read from the JPEG's frame header
};

// PAGES must not be empty.
Bytes assemble_pdf(const std::vector<JpegPage>& pages);

}  // namespace guichet::ui::capture
