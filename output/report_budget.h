#pragma once
// The report's budget charts (internal to report_data.cpp): the baseline's spending stacked by
// programme (with the optional ceiling) and by funding source, and for each variant the change
// from the baseline: total spending paired by replication, and the mean change by programme.
#include "output/report_data.h"

#include <vector>

namespace povsim::output::report {

/// @brief The charts of sections "budget" (the baseline) and "budget-differences" (each variant),
/// in page order; none for scenarios without the layout's budget array.
std::vector<PendingChart> budget_charts(const std::vector<Entry>& entries, const std::vector<int>& years,
                                        const ReportLayout& layout);

} // namespace povsim::output::report
