#include "print/render.hpp"

#include "common/qr_code.hpp"
#include "content/markdown.hpp"
#include "print/cairo_handles.hpp"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>

#include <algorithm>
#include <cmath>

namespace guichet::print {
namespace {

constexpr double kPtPerMm = 72.0 / 25.4;
constexpr double kPictureDpi = 300;

struct Style {
    double body_pt, small_pt, heading_pt, large_pt, margin_mm;
};
constexpr Style kA4Style{11, 9, 17, 24, 18};
constexpr Style kRollStyle{9, 7.5, 12, 16, 4};

std::string escape(const std::string& s) {
    GCharPtr e(g_markup_escape_text(s.c_str(), static_cast<gssize>(s.size())));
    return e.get();
}

// Pango markup for a Markdown block's spans, French typography applied.
std::string spans_markup(const std::vector<content::Span>& spans) {
    std::string m;
    for (const content::Span& s : spans) {
        std::string t = escape(french_typography(s.text));
        if (s.bold) t = "<b>" + t + "</b>";
        if (s.italic) t = "<i>" + t + "</i>";
        m += t;
        // On paper a web address must be readable; links inside the pack are not.
        if (!s.link.empty() && (s.link.starts_with("http://") || s.link.starts_with("https://")) && s.link != s.text)
            m += " (" + escape(s.link) + ")";
    }
    return m;
}

// Lays blocks out from the top of a page down; a new page when one is full
// (A4). PAGE_H == 0: one endless page (the roll's measuring pass).
class Flow {
public:
    Flow(cairo_t* cr, double page_w, double page_h, const Style& st)
        : cr_(cr), st_(st), margin_(st.margin_mm * kPtPerMm), left_(margin_), width_(page_w - 2 * margin_),
          page_h_(page_h), y_(margin_) {}

    double y() const { return y_; }
    int pages() const { return pages_; }
    double width() const { return width_; }
    const Style& style() const { return st_; }

    // Markup text, line by line, so a long paragraph flows onto the next page.
    void text(const std::string& markup, double size_pt, bool bold, bool center, double indent = 0,
              double hanging = 0, const char* family = "DejaVu Sans") {
        LayoutPtr layout(pango_cairo_create_layout(cr_));
        FontDescPtr font(pango_font_description_new());
        pango_font_description_set_family(font.get(), family);
        pango_font_description_set_absolute_size(font.get(), size_pt * PANGO_SCALE);
        if (bold) pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_width(layout.get(), pango_units_from_double(width_ - indent));
        pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(layout.get(), center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
        if (hanging > 0) pango_layout_set_indent(layout.get(), pango_units_from_double(-hanging));
        pango_layout_set_markup(layout.get(), markup.c_str(), -1);
        LayoutIterPtr it(pango_layout_get_iter(layout.get()));
        do {
            PangoRectangle logical;
            pango_layout_iter_get_line_extents(it.get(), nullptr, &logical);
            const double h = pango_units_to_double(logical.height);
            const double baseline = pango_units_to_double(pango_layout_iter_get_baseline(it.get()) - logical.y);
            ensure(h);
            cairo_move_to(cr_, left_ + indent + pango_units_to_double(logical.x), y_ + baseline);
            pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it.get()));
            y_ += h;
        } while (pango_layout_iter_next_line(it.get()));
    }

    // The height MARKUP takes at WIDTH (tables' cells).
    double measure(const std::string& markup, double size_pt, bool bold, double width) {
        LayoutPtr layout = cell_layout(markup, size_pt, bold, width);
        int w = 0, h = 0;
        pango_layout_get_size(layout.get(), &w, &h);
        return pango_units_to_double(h);
    }
    void cell(const std::string& markup, double size_pt, bool bold, double x, double width, double y) {
        LayoutPtr layout = cell_layout(markup, size_pt, bold, width);
        cairo_move_to(cr_, x, y);
        pango_cairo_show_layout(cr_, layout.get());
    }

    void checkbox(double size_pt) {
        const double side = size_pt * 0.8;
        ensure(size_pt * 1.3);
        cairo_set_line_width(cr_, 0.8);
        cairo_rectangle(cr_, left_, y_ + size_pt * 0.25, side, side);
        cairo_stroke(cr_);
    }

    void qr(const QrMatrix& m, double side) {
        side = std::min(side, width_);
        ensure(side);
        const double module = side / (m.size + 8);  // 4-module quiet zone each side
        const double x0 = left_ + (width_ - side) / 2 + 4 * module, y0 = y_ + 4 * module;
        // Horizontal runs of dark modules: fewer shapes, no seams between them.
        for (int y = 0; y < m.size; ++y) {
            for (int x = 0; x < m.size;) {
                if (!m.at(x, y)) {
                    ++x;
                    continue;
                }
                int end = x;
                while (end < m.size && m.at(end, y)) ++end;
                cairo_rectangle(cr_, x0 + x * module, y0 + y * module, (end - x) * module, module);
                x = end;
            }
        }
        cairo_fill(cr_);
        y_ += side;
    }

    void picture(const Picture& p) {
        if (p.width <= 0 || p.height <= 0 || p.rgba.size() < static_cast<std::size_t>(p.width) * p.height * 4) return;
        SurfacePtr img(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, p.width, p.height));
        if (cairo_surface_status(img.get()) != CAIRO_STATUS_SUCCESS) return;
        cairo_surface_flush(img.get());
        unsigned char* dst = cairo_image_surface_get_data(img.get());
        const int stride = cairo_image_surface_get_stride(img.get());
        for (int y = 0; y < p.height; ++y) {
            auto* row = reinterpret_cast<std::uint32_t*>(dst + static_cast<std::ptrdiff_t>(y) * stride);
            for (int x = 0; x < p.width; ++x) {
                const std::uint8_t* s = &p.rgba[(static_cast<std::size_t>(y) * p.width + x) * 4];
                const std::uint32_t a = s[3];  // cairo wants premultiplied ARGB
                row[x] = (a << 24) | ((s[0] * a / 255) << 16) | ((s[1] * a / 255) << 8) | (s[2] * a / 255);
            }
        }
        cairo_surface_mark_dirty(img.get());
        // At most the text width, at most 300 dpi: every source pixel lands on paper.
        const double w = std::min(width_, p.width * 72.0 / kPictureDpi);
        const double scale = w / p.width;
        const double h = p.height * scale;
        ensure(h);
        cairo_save(cr_);
        cairo_translate(cr_, left_ + (width_ - w) / 2, y_);
        cairo_scale(cr_, scale, scale);
        cairo_set_source_surface(cr_, img.get(), 0, 0);
        cairo_paint(cr_);
        cairo_restore(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
        y_ += h;
    }

    void rule() {
        ensure(6);
        cairo_set_line_width(cr_, 0.6);
        cairo_move_to(cr_, left_, y_ + 3);
        cairo_line_to(cr_, left_ + width_, y_ + 3);
        cairo_stroke(cr_);
        y_ += 6;
    }

    void space(double pt) { y_ += pt; }

    // The borders of a table row of COLS cells at the current line.
    void frame(std::size_t cols, double col_w, double row_h) {
        cairo_set_line_width(cr_, 0.5);
        for (std::size_t c = 0; c < cols; ++c)
            cairo_rectangle(cr_, left_ + static_cast<double>(c) * col_w, y_, col_w, row_h);
        cairo_stroke(cr_);
    }

    // A new page when H does not fit (never on an empty page, never on a roll).
    void ensure(double h) {
        if (page_h_ <= 0 || y_ + h <= page_h_ - margin_ || y_ <= margin_ + 0.01) return;
        cairo_show_page(cr_);
        ++pages_;
        y_ = margin_;
    }
    double left() const { return left_; }

private:
    LayoutPtr cell_layout(const std::string& markup, double size_pt, bool bold, double width) {
        LayoutPtr layout(pango_cairo_create_layout(cr_));
        FontDescPtr font(pango_font_description_from_string("DejaVu Sans"));
        pango_font_description_set_absolute_size(font.get(), size_pt * PANGO_SCALE);
        if (bold) pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_width(layout.get(), pango_units_from_double(width));
        pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_markup(layout.get(), markup.c_str(), -1);
        return layout;
    }

    cairo_t* cr_;
    Style st_;
    double margin_, left_, width_, page_h_, y_;
    int pages_ = 1;
};

void draw_table(Flow& f, const content::Block& b) {
    if (b.rows.empty()) return;
    std::size_t cols = 0;
    for (const auto& r : b.rows) cols = std::max(cols, r.size());
    if (cols == 0) return;
    const double pad = 2, size = f.style().small_pt;
    const double col_w = f.width() / static_cast<double>(cols);
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
        const bool header = static_cast<int>(r) < b.header_rows;
        double row_h = 0;
        std::vector<std::string> markup(cols);
        for (std::size_t c = 0; c < b.rows[r].size(); ++c) {
            markup[c] = spans_markup(b.rows[r][c].spans);
            row_h = std::max(row_h, f.measure(markup[c], size, header, col_w - 2 * pad));
        }
        row_h += 2 * pad;
        f.ensure(row_h);
        for (std::size_t c = 0; c < cols; ++c) {
            const double x = f.left() + static_cast<double>(c) * col_w;
            if (!markup[c].empty()) f.cell(markup[c], size, header, x + pad, col_w - 2 * pad, f.y() + pad);
        }
        f.frame(cols, col_w, row_h);
        f.space(row_h);
    }
}

void draw_body(Flow& f, const SheetData& data, const PictureSource& pictures) {
    const Style& st = f.style();
    content::Doc parsed;
    if (!data.body_doc) parsed = content::parse_markdown(data.body_markdown);
    const content::Doc& doc = data.body_doc ? *data.body_doc : parsed;
    for (const content::Block& b : doc.blocks) {
        switch (b.kind) {
            case content::BlockKind::Heading:
                f.space(st.body_pt * 0.6);
                f.text(spans_markup(b.spans), b.level <= 1 ? st.heading_pt : st.body_pt * 1.2, true, false);
                f.space(st.body_pt * 0.3);
                break;
            case content::BlockKind::Paragraph:
                f.text(spans_markup(b.spans), st.body_pt, false, false);
                f.space(st.body_pt * 0.5);
                break;
            case content::BlockKind::ListItem: {
                const double indent = st.body_pt * 1.2 * std::max(0, b.level - 1);
                const std::string mark = b.ordinal > 0 ? std::to_string(b.ordinal) + ".\u00A0" : "•\u00A0";
                f.text(mark + spans_markup(b.spans), st.body_pt, false, false, indent, st.body_pt * 1.2);
                f.space(st.body_pt * 0.2);
                break;
            }
            case content::BlockKind::Quote:
                f.text("<i>" + spans_markup(b.spans) + "</i>", st.body_pt, false, false, st.body_pt * 1.5);
                f.space(st.body_pt * 0.5);
                break;
            case content::BlockKind::Code:
                f.text(escape(b.plain_text()), st.small_pt, false, false, 0, 0, "DejaVu Sans Mono");
                f.space(st.body_pt * 0.5);
                break;
            case content::BlockKind::Rule:
                f.rule();
                break;
            case content::BlockKind::Image: {
                std::optional<Picture> p;
                if (pictures) p = pictures(b.src);
                if (p) {
                    f.picture(*p);
                    f.space(st.body_pt * 0.5);
                } else if (!b.plain_text().empty()) {
                    f.text("<i>" + escape(french_typography(b.plain_text())) + "</i>", st.small_pt, false, false);
                }
                break;
            }
            case content::BlockKind::Table:
                draw_table(f, b);
                f.space(st.body_pt * 0.5);
                break;
        }
    }
}

bool shown(const SheetBlock& b, const SheetData& data) {
    if (b.when.empty()) return true;
    auto v = data.values.find(b.when);
    if (v != data.values.end()) return !v->second.empty();
    auto l = data.lists.find(b.when);
    return l != data.lists.end() && !l->second.empty();
}

// Draws every block of SHEET into F. Errors: a QR code that cannot be made.
Result<void> draw_sheet(Flow& f, const Sheet& sheet, const SheetData& data, const PictureSource& pictures) {
    const Style& st = f.style();
    for (const SheetBlock& b : sheet.blocks) {
        if (!shown(b, data)) continue;
        switch (b.type) {
            case BlockType::Heading: {
                const std::string t = french_typography(fill(b.text, data));
                if (t.empty()) break;
                f.text(escape(t), st.heading_pt, true, b.center);
                f.space(st.body_pt * 0.5);
                break;
            }
            case BlockType::Text: {
                const std::string t = french_typography(fill(b.text, data));
                if (t.empty()) break;
                f.text(escape(t), b.large ? st.large_pt : st.body_pt, b.bold || b.large, b.center);
                f.space(st.body_pt * 0.4);
                break;
            }
            case BlockType::Qr: {
                const std::string t = fill(b.text, data);
                if (t.empty()) break;
                auto m = encode_qr(t);
                if (!m) return fail("QR code: " + m.error().message);
                f.qr(*m, b.size_mm * kPtPerMm);
                f.space(st.body_pt * 0.4);
                break;
            }
            case BlockType::List:
            case BlockType::Checklist: {
                auto it = data.lists.find(b.list);
                if (it == data.lists.end() || it->second.empty()) {
                    if (!b.empty.empty()) f.text(escape(french_typography(fill(b.empty, data))), st.body_pt, false, false);
                    f.space(st.body_pt * 0.4);
                    break;
                }
                const double hang = st.body_pt * 1.4;
                for (const std::string& item : it->second) {
                    const std::string t = escape(french_typography(item));
                    if (b.type == BlockType::Checklist) {
                        f.checkbox(st.body_pt);
                        f.text(t, st.body_pt, false, false, hang);
                    } else {
                        f.text("•\u00A0" + t, st.body_pt, false, false, 0, st.body_pt);
                    }
                    f.space(st.body_pt * 0.25);
                }
                f.space(st.body_pt * 0.3);
                break;
            }
            case BlockType::Body:
                draw_body(f, data, pictures);
                break;
            case BlockType::Rule:
                f.rule();
                break;
            case BlockType::Space:
                f.space(st.body_pt);
                break;
        }
    }
    return {};
}

cairo_status_t append(void* closure, const unsigned char* bytes, unsigned int n) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(bytes), n);
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

void release_font_caches() {
    pango_cairo_font_map_set_default(nullptr);
    cairo_debug_reset_static_data();
    FcFini();
}

Result<Rendered> render_pdf(const Sheet& sheet, const SheetData& data, Paper paper, const PictureSource& pictures) {
    if (paper == Paper::Auto) return fail("render_pdf: paper not resolved");
    const bool roll = paper == Paper::Roll80;
    const Style& st = roll ? kRollStyle : kA4Style;
    const double w = (roll ? kRollWidthMm : kA4WidthMm) * kPtPerMm;
    double h = kA4HeightMm * kPtPerMm;
    if (roll) {
        // A roll's page is as long as its content: measure on a recording surface first.
        SurfacePtr rec(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, nullptr));
        CairoPtr cr(cairo_create(rec.get()));
        Flow measure(cr.get(), w, 0, st);
        if (auto r = draw_sheet(measure, sheet, data, pictures); !r) return r.error();
        h = measure.y() + st.margin_mm * kPtPerMm;
    }
    Rendered out;
    {
        SurfacePtr pdf(cairo_pdf_surface_create_for_stream(append, &out.pdf, w, h));
        if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS)
            return fail(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(pdf.get())));
        cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_TITLE, sheet.title.c_str());
        cairo_pdf_surface_set_metadata(pdf.get(), CAIRO_PDF_METADATA_CREATOR, "Guichet");
        CairoPtr cr(cairo_create(pdf.get()));
        cairo_set_source_rgb(cr.get(), 0, 0, 0);
        Flow flow(cr.get(), w, roll ? 0 : h, st);
        if (auto r = draw_sheet(flow, sheet, data, pictures); !r) return r.error();
        out.pages = flow.pages();
        cr.reset();
        cairo_surface_finish(pdf.get());
        if (cairo_surface_status(pdf.get()) != CAIRO_STATUS_SUCCESS)
            return fail(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(pdf.get())));
    }
    out.width_mm = w / kPtPerMm;
    out.height_mm = h / kPtPerMm;
    return out;
}

}  // namespace guichet::print
