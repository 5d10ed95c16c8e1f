#pragma once
// Internal to the budget workbook (budget_workbook.cpp, budget_workbook_extra.cpp): the formats,
// a worksheet wrapper that remembers its used range so every sheet gets the same print setup,
// and what the sheets share.
#include "output/budget_ceilings.h"
#include "output/budget_labels.h"
#include "output/budget_table.h"
#include "output/budget_workbook.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace povsim::output::budget_xlsx {

inline constexpr double yuan_per_wan = 1e4;
inline constexpr const char* total_label = "合计 Total";
inline constexpr const char* wan_format  = "#,##0.00"; ///< the CSV rounds to the same 0.01 万元

/// The formats every sheet uses, owned by the workbook.
struct Formats {
    lxw_format *header, *text, *bold, *wan, *wan_bold, *pct, *pct_bold, *count, *count_bold, *na, *integer;

    explicit Formats(lxw_workbook* wb)
    {
        auto make = [wb](const char* num, bool is_bold) {
            lxw_format* f = workbook_add_format(wb);
            if (num) {
                format_set_num_format(f, num);
            }
            if (is_bold) {
                format_set_bold(f);
            }
            return f;
        };
        header = make(nullptr, true);
        format_set_text_wrap(header);
        format_set_align(header, LXW_ALIGN_CENTER);
        format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
        format_set_bg_color(header, 0xDDEBF7);
        format_set_border(header, LXW_BORDER_THIN);
        text = workbook_add_format(wb);
        format_set_text_wrap(text);
        format_set_align(text, LXW_ALIGN_VERTICAL_TOP);
        bold       = make(nullptr, true);
        format_set_align(bold, LXW_ALIGN_VERTICAL_TOP); // level with wrapped text beside it
        wan        = make(wan_format, false);
        wan_bold   = make(wan_format, true);
        pct        = make("0.0%", false);
        pct_bold   = make("0.0%", true);
        count      = make("#,##0.0", false);
        count_bold = make("#,##0.0", true);
        integer    = make("0", false);
        format_set_align(integer, LXW_ALIGN_LEFT);
        na = make(nullptr, false);
        format_set_align(na, LXW_ALIGN_CENTER);
    }
};

/// One worksheet; every libxlsxwriter error becomes an exception naming the sheet. It tracks the
/// used range, so print_setup() can set the print area to exactly what was written.
class Sheet {
public:
    Sheet(lxw_workbook* wb, const char* name, const Formats& fmt) : m_name(name), m_fmt(fmt)
    {
        m_ws = workbook_add_worksheet(wb, name);
        if (!m_ws) {
            throw std::runtime_error(std::string("cannot add sheet '") + name + "'");
        }
    }

    lxw_worksheet*     handle() const { return m_ws; }
    const std::string& name() const { return m_name; }

    void text(lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f = nullptr)
    {
        used(r, c);
        check(worksheet_write_string(m_ws, r, c, s.c_str(), f));
    }
    /// NaN (e.g. cost per exit in a year without exits) shows as "—", not as Excel's #NUM!.
    void number(lxw_row_t r, lxw_col_t c, double v, lxw_format* f)
    {
        if (std::isnan(v) || std::isinf(v)) {
            text(r, c, "—", m_fmt.na);
        } else {
            used(r, c);
            check(worksheet_write_number(m_ws, r, c, v, f));
        }
    }
    /// @p height in points: 45 holds three wrapped lines, 60 four.
    void headers(lxw_row_t r, const std::vector<std::string>& names, double height = 45)
    {
        for (std::size_t c = 0; c < names.size(); ++c) {
            text(r, static_cast<lxw_col_t>(c), names[c], m_fmt.header);
        }
        check(worksheet_set_row(m_ws, r, height, nullptr));
    }
    void merge(lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1, const std::string& s)
    {
        used(r1, c1);
        check(worksheet_merge_range(m_ws, r0, c0, r1, c1, s.c_str(), m_fmt.header));
    }
    void widths(lxw_col_t first, lxw_col_t last, double width)
    {
        check(worksheet_set_column(m_ws, first, last, width, nullptr));
    }
    void freeze(lxw_row_t rows, lxw_col_t cols) { worksheet_freeze_panes(m_ws, rows, cols); }
    void filter(lxw_row_t r0, lxw_col_t c0, lxw_row_t r1, lxw_col_t c1)
    {
        check(worksheet_autofilter(m_ws, r0, c0, r1, c1));
    }
    /// Makes row @p r tall enough for @p s wrapped in a column @p width characters wide (spreadsheets
    /// do not grow a row for wrapped text on their own when printing a file they did not lay out).
    void fit_row(lxw_row_t r, const std::string& s, double width)
    {
        double chars = 0; // display width: a CJK character (3 UTF-8 bytes) counts two
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto b = static_cast<unsigned char>(s[i]);
            chars += (b & 0xC0) == 0x80 ? 0.0 : b >= 0xE0 ? 2.0 : 1.0;
        }
        const double lines = std::max(1.0, std::ceil(chars * 1.1 / width));
        check(worksheet_set_row(m_ws, r, 15.0 * lines + 2, nullptr));
    }
    /// A note under a table: merged across columns 0..@p last_col, wrapped, row height to fit.
    void note(lxw_row_t r, lxw_col_t last_col, const std::string& s, double width)
    {
        used(r, last_col);
        check(worksheet_merge_range(m_ws, r, 0, r, last_col, s.c_str(), m_fmt.text));
        fit_row(r, s, width);
    }
    /// Marks a cell as part of the printed range without writing it (e.g. under a chart).
    void used(lxw_row_t r, lxw_col_t c)
    {
        m_last_row = std::max(m_last_row, r);
        m_last_col = std::max(m_last_col, c);
    }
    /// A4 landscape, one page wide and as many tall as needed (@p pages_tall = 0), the first
    /// @p header_rows repeated on every page, the print area the used range, "sheet p/n" footer.
    void print_setup(lxw_row_t header_rows, std::uint16_t pages_tall = 0)
    {
        worksheet_set_landscape(m_ws);
        worksheet_set_paper(m_ws, 9); // A4
        worksheet_set_margins(m_ws, 0.4, 0.4, 0.5, 0.6);
        worksheet_fit_to_pages(m_ws, 1, pages_tall);
        if (header_rows > 0) {
            check(worksheet_repeat_rows(m_ws, 0, header_rows - 1));
        }
        check(worksheet_print_area(m_ws, 0, 0, m_last_row, m_last_col));
        const std::string footer = "&L&A&R&P / &N";
        check(worksheet_set_footer(m_ws, footer.c_str()));
    }

private:
    void check(lxw_error e) const
    {
        if (e != LXW_NO_ERROR) {
            throw std::runtime_error("sheet '" + m_name + "': " + lxw_strerror(e));
        }
    }
    std::string    m_name;
    const Formats& m_fmt;
    lxw_worksheet* m_ws       = nullptr;
    lxw_row_t      m_last_row = 0;
    lxw_col_t      m_last_col = 0;
};

/// Everything the sheets share.
struct Context {
    const Study&                  study;
    const ScenarioOutput&         sc;
    const BudgetCube&             spending;
    const BudgetCube&             need;
    const Formats&                fmt;
    const BudgetWorkbookOptions&  options;
    std::string horizon_label() const
    {
        return std::string(total_label) + " " + std::to_string(study.years.front()) + "–" +
               std::to_string(study.years.back());
    }
    /// The Chinese name of a programme id ("" when the scenario gave none).
    std::string programme_name(const std::string& id) const
    {
        const auto it = options.programme_labels.find(id);
        return it == options.programme_labels.end() ? "" : it->second;
    }
    static std::string source_name(const std::string& id)
    {
        const auto& labels = funding_source_labels();
        const auto  it     = labels.find(id);
        return it == labels.end() ? "" : it->second;
    }
};

/// Where the wide sheets (by programme, by source) put the mean of a label, for the charts.
struct MeanRows {
    std::vector<std::string> names;
    std::vector<lxw_row_t>   rows;
    lxw_col_t                first_year_col = 0;
};

void ceiling_sheet(lxw_workbook* wb, const Context& cx, const std::vector<CeilingRow>& rows);
void variant_sheet(lxw_workbook* wb, const Context& cx);
void chart_sheet(lxw_workbook* wb, const Context& cx, const MeanRows& programmes, const MeanRows& sources);

} // namespace povsim::output::budget_xlsx
