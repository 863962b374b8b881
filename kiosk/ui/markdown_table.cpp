#include "ui/markdown_table.hpp"

#include "ui/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <numeric>

namespace guichet::ui {

std::vector<float> table_column_widths(const std::vector<ColumnMeasure>& columns, float available) {
    std::vector<float> out(columns.size(), 0.0f);
    if (columns.empty() || available <= 0) return out;
    float natural = 0, min = 0;
    for (const auto& c : columns) {
        natural += c.natural;
        min += std::min(c.min, c.natural);
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const ColumnMeasure& c = columns[i];
        const float cmin = std::min(c.min, c.natural);
        if (natural <= available) out[i] = natural > 0 ? c.natural * available / natural : available / static_cast<float>(columns.size());
        else if (min >= available) out[i] = min > 0 ? cmin * available / min : available / static_cast<float>(columns.size());
        else out[i] = cmin + (c.natural - cmin) * (available - min) / (natural - min);
    }
    return out;
}

namespace {

// The longest word of TEXT in FONT (a word: up to a space; a no-break space joins).
float longest_word(ImFont* font, const std::string& text) {
    float best = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(" \n", start);
        if (end == std::string::npos) end = text.size();
        best = std::max(best, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data() + start, text.data() + end).x);
        start = end + 1;
    }
    return best;
}

}  // namespace

void draw_table(Ui& ui, const Block& b) {
    const Theme& t = ui.theme;
    std::size_t ncols = b.align.size();
    for (const auto& row : b.rows) ncols = std::max(ncols, row.size());
    if (ncols == 0) return;
    const float pad = 16.0f * ui.metrics.text_scale, border = 2.0f;
    const float W = ImGui::GetContentRegionAvail().x;
    auto font_of = [&](std::size_t r, const TableCell& cell) {
        const bool all_bold = !cell.spans.empty() && std::all_of(cell.spans.begin(), cell.spans.end(), [](const Span& s) { return s.bold; });
        return static_cast<int>(r) < b.header_rows || all_bold ? ui.fonts.bold : ui.fonts.body;
    };

    std::vector<ColumnMeasure> measures(ncols);
    for (std::size_t r = 0; r < b.rows.size(); ++r)
        for (std::size_t c = 0; c < b.rows[r].size(); ++c) {
            ImFont* f = font_of(r, b.rows[r][c]);
            const std::string text = b.rows[r][c].plain_text();
            measures[c].natural = std::max(measures[c].natural, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, text.c_str()).x);
            measures[c].min = std::max(measures[c].min, longest_word(f, text));
        }
    const std::vector<float> widths = table_column_widths(measures, W - static_cast<float>(ncols) * 2 * pad - border);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    float y = origin.y;
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
        const bool header = static_cast<int>(r) < b.header_rows;
        float row_h = 0;
        for (std::size_t c = 0; c < b.rows[r].size(); ++c) {
            ImFont* f = font_of(r, b.rows[r][c]);
            const std::string text = b.rows[r][c].plain_text();
            row_h = std::max(row_h, f->CalcTextSizeA(f->FontSize, FLT_MAX, widths[c], text.c_str()).y);
        }
        row_h = std::max(row_h, ui.fonts.body->FontSize) + 2 * pad;
        if (header) dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + W, y + row_h), to_u32(t.header_bg));
        float x = origin.x;
        for (std::size_t c = 0; c < ncols; ++c) {
            const float cell_w = widths[c] + 2 * pad;
            if (c < b.rows[r].size()) {
                ImFont* f = font_of(r, b.rows[r][c]);
                const std::string text = b.rows[r][c].plain_text();
                const ImVec2 size = f->CalcTextSizeA(f->FontSize, FLT_MAX, widths[c], text.c_str());
                float tx = x + pad;
                // Right (prices) or centred when the text holds on one line; wrapped text starts on the left.
                const CellAlign a = c < b.align.size() ? b.align[c] : CellAlign::Left;
                if (size.y <= f->FontSize * 1.01f) {
                    if (a == CellAlign::Right) tx = x + cell_w - pad - size.x;
                    else if (a == CellAlign::Center) tx = x + (cell_w - size.x) * 0.5f;
                }
                dl->AddText(f, f->FontSize, ImVec2(tx, y + pad), to_u32(header ? t.header_text : t.text), text.c_str(), nullptr,
                            widths[c]);
            }
            if (c > 0) dl->AddLine(ImVec2(x, y), ImVec2(x, y + row_h), to_u32(t.muted), border);
            x += cell_w;
        }
        dl->AddLine(ImVec2(origin.x, y + row_h), ImVec2(origin.x + W, y + row_h), to_u32(t.muted), border);
        y += row_h;
    }
    dl->AddRect(origin, ImVec2(origin.x + W, y), to_u32(t.muted), 0.0f, 0, border);
    ImGui::Dummy(ImVec2(W, y - origin.y));
    if (ImGui::IsItemVisible())  // each cell, for replays' `expect`
        for (const auto& row : b.rows)
            for (const auto& cell : row)
                if (std::string s = cell.plain_text(); !s.empty()) ui.record.texts.push_back(s);
}

}  // namespace guichet::ui
