#include "app/console_table.h"

#include "app/console_text.h"

#include <algorithm>

namespace povsim::app {

void print_table(std::ostream& os, const ConsoleTable& table, std::size_t columns)
{
    std::size_t label_width = display_width(table.corner);
    for (const auto& l : table.row_labels) {
        label_width = std::max(label_width, display_width(l));
    }
    std::vector<std::size_t> widths;
    for (std::size_t c = 0; c < table.column_titles.size(); ++c) {
        std::size_t w = display_width(table.column_titles[c]);
        for (const auto& row : table.cells) {
            w = std::max(w, c < row.size() ? display_width(row[c]) : 0);
        }
        widths.push_back(w);
    }
    for (std::size_t first = 0; first < widths.size();) {
        // As many columns as fit beside the labels, at least one.
        std::size_t last = first, used = label_width;
        while (last < widths.size() && (last == first || used + 2 + widths[last] <= columns)) {
            used += 2 + widths[last++];
        }
        const auto line = [&](const std::string& label, const auto& cell_of) {
            std::string text = padded(label, label_width);
            for (std::size_t c = first; c < last; ++c) {
                text += "  " + (c + 1 == last ? cell_of(c) : padded(cell_of(c), widths[c]));
            }
            os << text << "\n";
        };
        os << (first > 0 ? "\n" : "");
        line(table.corner, [&](std::size_t c) { return table.column_titles[c]; });
        for (std::size_t r = 0; r < table.row_labels.size(); ++r) {
            line(table.row_labels[r], [&](std::size_t c) { return c < table.cells[r].size() ? table.cells[r][c] : ""; });
        }
        first = last;
    }
}

} // namespace povsim::app
