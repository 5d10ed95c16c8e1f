#include "models/result_arrays.h"

#include "models/fund_ledger.h"
#include "models/population.h"
#include "models/province_groups.h"
#include "sim/chunked.h"

#include <array>
#include <memory>


namespace povsim::models {
namespace {

using Slice = std::span<double>; // one year of one array, laid out as its labels
struct ArrayDef {
    sim::ArrayInfo      info;
    ArrayRecorder::Fill fill;
};

std::vector<std::string> pathway_labels()
{
    std::vector<std::string> out;
    for (int k = 0; k < pathway_count; ++k) {
        out.emplace_back(pathway_name(static_cast<Pathway>(k)));
    }
    return out;
}

/// "unit/k", k = 1 … villages of the unit, in the order the population generates them.
std::vector<std::string> village_labels(const Parameters& p)
{
    std::vector<std::string> out;
    for (const auto& u : p.population.units) {
        for (int v = 1; v <= u.villages; ++v) {
            out.push_back(u.name + "/" + std::to_string(v));
        }
    }
    return out;
}

void budget_arrays(const Parameters& p, std::vector<ArrayDef>& out)
{
    if (p.programmes.empty()) { // no budget, no empty datasets in the study file
        return;
    }
    std::vector<std::string> programmes;
    for (const auto& prog : p.programmes) {
        programmes.push_back(prog.id);
    }
    const std::vector<std::string> dims{"year", "programme", "source"};
    const auto cells = [](const Eigen::ArrayXXd& m, Slice s) { // [programme × source], row-major
        for (Eigen::Index k = 0; k < m.rows(); ++k) {
            for (Eigen::Index j = 0; j < m.cols(); ++j) {
                s[static_cast<std::size_t>(k * m.cols() + j)] = m(k, j);
            }
        }
    };
    out.push_back({{"budget/spending", "yuan",
                    "Money paid by each programme from each funding source in the year (ceilings applied)", dims,
                    {programmes, funding_sources()}},
                   [cells](const World& w, Slice s) { cells(w.programmes.ledger.spending(), s); }});
    out.push_back({{"budget/need", "yuan",
                    "What each programme's plan would cost in the year without ceilings (budget need)", dims,
                    {programmes, funding_sources()}},
                   [cells](const World& w, Slice s) { cells(w.programmes.ledger.need(), s); }});
    const auto per_programme = [](double ProgrammeState::*field) {
        return [field](const World& w, Slice s) {
            for (std::size_t k = 0; k < s.size(); ++k) {
                s[k] = w.programmes.states[k].*field;
            }
        };
    };
    out.push_back({{"budget/served_persons", "persons",
                    "Persons in the households each programme served in the year (0 for village programmes)",
                    {"year", "programme"}, {programmes}},
                   per_programme(&ProgrammeState::served_persons)});
    out.push_back({{"budget/served_persons_registered", "persons",
                    "Of budget/served_persons, persons in households that are or were on the poverty registry",
                    {"year", "programme"}, {programmes}},
                   per_programme(&ProgrammeState::served_persons_registered)});
    out.push_back({{"budget/served", "units",
                    "Units (households or villages) each programme paid for or whose effect continued in the year",
                    {"year", "programme"}, {programmes}},
                   per_programme(&ProgrammeState::served)});
}

void registry_arrays(const Parameters& p, std::vector<ArrayDef>& out)
{
    if (!p.population.segments.empty()) {
        const auto segments = segment_names(p);
        out.push_back({{"registry/exits", "households",
                        "Exits during the year by the registry segment the household belonged to at the base year",
                        {"year", "segment"}, {segments}},
                       [](const World& w, Slice s) { std::copy(w.flows.exits_by_segment.begin(), w.flows.exits_by_segment.end(), s.begin()); }});
        out.push_back({{"registry/exit_persons", "persons",
                        "Persons in households exiting during the year, by base-year registry segment",
                        {"year", "segment"}, {segments}},
                       [](const World& w, Slice s) { std::copy(w.flows.exit_persons_by_segment.begin(), w.flows.exit_persons_by_segment.end(), s.begin()); }});
        out.push_back({{"registry/exits_by_segment_pathway", "households",
                        "Exits during the year by base-year registry segment and exit pathway",
                        {"year", "segment", "pathway"}, {segments, pathway_labels()}},
                       [](const World& w, Slice s) { std::copy(w.flows.exits_by_segment_pathway.begin(), w.flows.exits_by_segment_pathway.end(), s.begin()); }});
    }
    const char* how = " (the first income layer that reaches the exit line: wages or farm/business, "
                      "then transfers and asset income, then the safety-net top-up)";
    out.push_back({{"registry/exits_by_pathway", "households",
                    std::string("Exits during the year by the income pathway that carried the household out") + how,
                    {"year", "pathway"}, {pathway_labels()}},
                   [](const World& w, Slice s) { std::copy(std::begin(w.flows.exits_by_pathway), std::end(w.flows.exits_by_pathway), s.begin()); }});
    out.push_back({{"registry/exit_persons_by_pathway", "persons",
                    std::string("Persons in households exiting during the year, by exit pathway") + how,
                    {"year", "pathway"}, {pathway_labels()}},
                   [](const World& w, Slice s) { std::copy(std::begin(w.flows.exit_persons_by_pathway), std::end(w.flows.exit_persons_by_pathway), s.begin()); }});
}

void region_arrays(const Parameters& p, std::vector<ArrayDef>& out)
{
    std::vector<std::string> counties;
    for (const auto& c : p.population.counties) {
        counties.push_back(c.name);
    }
    out.push_back({{"counties/poor_villages", "villages",
                    "Villages on the poor-village list that have not exited, by county, at year end",
                    {"year", "county"}, {counties}},
                   [](const World& w, Slice s) {
                       std::fill(s.begin(), s.end(), 0.0);
                       for (std::size_t j = 0; j < w.villages.count(); ++j) {
                           s[static_cast<std::size_t>(w.villages.county[j])] += w.villages.poor[j] && w.villages.exit_year[j] == 0;
                       }
                   }});
    std::size_t n_villages = 0;
    for (const auto& u : p.population.units) {
        n_villages += static_cast<std::size_t>(u.villages);
    }
    // A sample's villages stand for about 1 / sample villages each: no village is itself reported.
    if (n_villages > max_villages_with_arrays || p.population.sample < 1.0) {
        return;
    }
    auto villages = village_labels(p);
    out.push_back({{"villages/collective_income", "yuan/yr", "Village collective income (村集体经济收入) in the year",
                    {"year", "village"}, {villages}},
                   [](const World& w, Slice s) { std::copy(w.villages.collective_income.begin(), w.villages.collective_income.end(), s.begin()); }});
    out.push_back({{"villages/poor", "flag",
                    "1 while the village is on the poor-village list and has not exited, else 0, at year end",
                    {"year", "village"}, {std::move(villages)}},
                   [](const World& w, Slice s) {
                       for (std::size_t j = 0; j < s.size(); ++j) {
                           s[j] = w.villages.poor[j] && w.villages.exit_year[j] == 0;
                       }
                   }});
}

/// Year-end counts by reporting group (region and province), one household pass shared by the
/// group arrays: the pass runs for the first of them read in a year, the rest read its sums.
class GroupTally {
public:
    static constexpr std::size_t persons_measures = 4, household_measures = 5;
    static std::vector<std::string> person_labels() { return {"persons", "nbs_poor_persons", "registered_poor_persons", "exited_persons"}; }
    static std::vector<std::string> household_labels() { return {"households", "registered_poor", "exited", "monitored", "new_exits"}; }

    explicit GroupTally(const Parameters& p) : m_county_groups(county_groups(p)), m_groups(group_labels(p).size()) {}
    std::size_t groups() const { return m_groups; }

    /// @return [group × measure] sums for the world's current year
    const std::vector<double>& persons(const World& w) { refresh(w); return m_persons; }
    const std::vector<double>& households(const World& w) { refresh(w); return m_households; }

private:
    std::vector<std::array<int, 2>> m_county_groups;
    std::size_t m_groups;
    const World* m_world = nullptr;
    int m_year = 0;
    std::vector<double> m_persons, m_households;

    void refresh(const World& w)
    {
        if (m_world == &w && m_year == w.rules.year) {
            return;
        }
        m_world = &w, m_year = w.rules.year;
        const std::size_t per_chunk = m_groups * (persons_measures + household_measures);
        std::vector<double> parts(sim::chunk_count(w.households.count()) * per_chunk, 0.0);
        sim::for_each_chunk(w.households.count(), w.threads, [&](std::size_t c, std::size_t begin, std::size_t end) {
            tally_rows(w, parts.data() + c * per_chunk, begin, end);
        });
        m_persons.assign(m_groups * persons_measures, 0.0);
        m_households.assign(m_groups * household_measures, 0.0);
        for (std::size_t c = 0; c * per_chunk < parts.size(); ++c) { // chunk order: bit-identical sums
            const double* part = parts.data() + c * per_chunk;
            for (std::size_t k = 0; k < m_persons.size(); ++k) {
                m_persons[k] += part[k];
            }
            for (std::size_t k = 0; k < m_households.size(); ++k) {
                m_households[k] += part[m_persons.size() + k];
            }
        }
    }

    void tally_rows(const World& w, double* sums, std::size_t begin, std::size_t end) const
    {
        const auto&  hh   = w.households;
        const double line = w.rules.poverty_line;
        double* households = sums + m_groups * persons_measures;
        for (std::size_t i = begin; i < end; ++i) {
            if (hh.status[i] == Status::Dissolved) {
                continue;
            }
            const double n = hh.size[i];
            const bool registered = is_registered_poor(hh.status[i]), exited = hh.status[i] == Status::Exited;
            const double per[persons_measures] = {n, hh.income_pc[i] < line ? n : 0.0, registered ? n : 0.0, exited ? n : 0.0};
            const double per_household[household_measures] = {
                1.0, registered ? 1.0 : 0.0, exited ? 1.0 : 0.0, hh.monitor[i] != MonitorKind::None ? 1.0 : 0.0,
                exited && static_cast<int>(hh.exit_year[i]) == w.rules.year ? 1.0 : 0.0};
            for (const int g : m_county_groups[static_cast<std::size_t>(w.villages.county[static_cast<std::size_t>(hh.village[i])])]) {
                if (g < 0) {
                    continue;
                }
                for (std::size_t k = 0; k < persons_measures; ++k) {
                    sums[static_cast<std::size_t>(g) * persons_measures + k] += per[k];
                }
                for (std::size_t k = 0; k < household_measures; ++k) {
                    households[static_cast<std::size_t>(g) * household_measures + k] += per_household[k];
                }
            }
        }
    }
};

void group_arrays(const Parameters& p, std::vector<ArrayDef>& out)
{
    auto groups = group_labels(p);
    if (groups.empty()) {
        return;
    }
    auto tally = std::make_shared<GroupTally>(p);
    // Measure dimensions named apart: the study file shares one label list per dimension name.
    const std::vector<std::string> person_dims{"year", "group", "person_measure"};
    const std::vector<std::string> household_dims{"year", "group", "household_measure"};
    out.push_back({{"groups/persons", "persons",
                    "Persons at year end by region and province: all, below the poverty line (the NBS headcount), "
                    "registered poor, in exited households", person_dims, {groups, GroupTally::person_labels()}},
                   [tally](const World& w, Slice s) { const auto& v = tally->persons(w); std::copy(v.begin(), v.end(), s.begin()); }});
    out.push_back({{"groups/households", "households",
                    "Households at year end by region and province: all, registered poor, exited, monitored, and "
                    "exited during the year (last exit this year)", household_dims, {groups, GroupTally::household_labels()}},
                   [tally](const World& w, Slice s) { const auto& v = tally->households(w); std::copy(v.begin(), v.end(), s.begin()); }});
    out.push_back({{"groups/shares", "share",
                    "By region and province: nbs_incidence = persons below the poverty line / persons (NBS concept); "
                    "incidence = registered poor persons / persons (贫困发生率)", {"year", "group", "share_measure"}, {std::move(groups), {"nbs_incidence", "incidence"}}},
                   [tally](const World& w, Slice s) {
                       const auto& v = tally->persons(w);
                       for (std::size_t g = 0; g < tally->groups(); ++g) {
                           const double persons = v[g * GroupTally::persons_measures];
                           s[2 * g]     = persons > 0 ? v[g * GroupTally::persons_measures + 1] / persons : 0.0;
                           s[2 * g + 1] = persons > 0 ? v[g * GroupTally::persons_measures + 2] / persons : 0.0;
                       }
                   }});
}

std::vector<ArrayDef> definitions(const Parameters& p)
{
    std::vector<ArrayDef> out;
    budget_arrays(p, out);
    registry_arrays(p, out);
    region_arrays(p, out);
    group_arrays(p, out);
    return out;
}

} // namespace

std::vector<sim::ArrayInfo> result_arrays(const Parameters& p)
{
    std::vector<sim::ArrayInfo> out;
    for (auto& d : definitions(p)) {
        out.push_back(std::move(d.info));
    }
    return out;
}

int result_array_index(const Parameters& p, const std::string& path)
{
    return sim::array_index(result_arrays(p), path);
}

ArrayRecorder::ArrayRecorder(const Parameters& p)
{
    for (auto& d : definitions(p)) {
        m_sizes.push_back(d.info.size(1));
        m_units.push_back(d.info.units);
        m_fill.push_back(std::move(d.fill));
    }
}

ArrayRecorder::~ArrayRecorder() = default;

std::vector<std::vector<double>> ArrayRecorder::zero_arrays(int years) const
{
    std::vector<std::vector<double>> out;
    for (const auto size : m_sizes) {
        out.emplace_back(size * static_cast<std::size_t>(years), 0.0);
    }
    return out;
}

void ArrayRecorder::record(const World& w, std::vector<std::vector<double>>& arrays, int year_index) const
{
    for (std::size_t a = 0; a < m_fill.size(); ++a) {
        m_fill[a](w, std::span<double>(arrays[a].data() + static_cast<std::size_t>(year_index) * m_sizes[a], m_sizes[a]));
    }
}

} // namespace povsim::models
