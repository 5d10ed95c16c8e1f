#pragma once
// One way to print a console table of labelled rows and titled columns that fits the terminal:
// column widths from their contents (by display width, so 万人 and province names line up),
// and columns wrapped into blocks, each repeating the row labels, when the table is wider than
// console_columns.
#include <ostream>
#include <string>
#include <vector>

namespace povsim::app {

/// Console tables fit this many columns.
inline constexpr std::size_t console_columns = 120;

/// @brief A table: @p cells[row][column], a label per row under @p corner, a title per column.
struct ConsoleTable {
    std::string                           corner; ///< heading of the label column ("year", "province")
    std::vector<std::string>              row_labels;
    std::vector<std::string>              column_titles;
    std::vector<std::vector<std::string>> cells;
};

/// @brief Prints @p table, wrapping columns into blocks no wider than @p columns.
void print_table(std::ostream& os, const ConsoleTable& table, std::size_t columns = console_columns);

} // namespace povsim::app
