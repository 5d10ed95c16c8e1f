#pragma once
// Chinese names of the funding sources (the fixed vocabulary of models::funding_sources()), for
// the budget workbook and the HTML report. Programme names are not here: each scenario states
// them (`label` of [programmes.<id>]) and the app reads them from the stored scenario text.
#include <map>
#include <string>

namespace povsim::output {

/// @brief Funding-source id → "中文 english" name.
inline const std::map<std::string, std::string>& funding_source_labels()
{
    static const std::map<std::string, std::string> labels{
        {"central", "中央财政 central"},      {"provincial", "省级财政 provincial"},
        {"municipal", "市级财政 municipal"},  {"county", "县级财政 county"},
        {"east_west", "东西部协作 east–west"}, {"credit", "金融信贷 credit"},
        {"social", "社会帮扶 social"},        {"household", "农户自筹 household"},
    };
    return labels;
}

} // namespace povsim::output
