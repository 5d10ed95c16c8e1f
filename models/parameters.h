#pragma once
// Typed, validated, immutable description of one scenario (STYLE rule 1: describe, then
// run). The scenario loader fills it from TOML; the TOML key of every field is its name
// here, under the table named in the comment on each struct. Units are in the names
// or on the member comment. Runners take a Parameters by const& and never change it; an
// Uncertain member may be a distribution, and models/uncertain_keys.h lists every one.
#include "models/status.h"
#include "models/uncertain.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace povsim::models {

/// Members of one household at most (sizes are stored in one byte; larger counts are data errors).
inline constexpr int max_household_size = 30;

/// @brief A year-indexed table (TOML: `{ 2016 = 3146, 2017 = 3335 }`). Years between
/// entries take the last earlier entry; years after the last grow by @ref growth_after.
struct YearTable {
    std::map<int, double> values;
    double growth_after = 0.0; ///< yearly growth rate applied after the last entry
    /// @return the value in force in @p year (first entry for earlier years)
    double at(int year) const;
    /// @return the value in force in @p year, or @p before for years before the first entry
    /// (ceilings and multipliers that start later must not reach back)
    double at_or(int year, double before) const
    {
        return values.empty() || year < values.begin()->first ? before : at(year);
    }
    bool empty() const { return values.empty(); }
};

/// @brief [scenario]
struct ScenarioInfo {
    std::string name;        ///< identifier used for the HDF5 group (letters, digits, _ and -)
    std::string description; ///< one line shown by `povsim list`
    std::string title;       ///< display name, Chinese welcome ("精河 监测2倍"); empty: the name is shown
    std::string region;      ///< human name of the region, Chinese welcome
    int base_year  = 2015;   ///< the generated population is the state at the end of this year
    int start_year = 2016;   ///< first simulated year
    int end_year   = 2025;   ///< last simulated year
};

/// @brief [monte_carlo]
struct MonteCarloSettings {
    int           runs    = 100; ///< replications
    std::uint64_t seed    = 1;   ///< master seed: same seed = same shocks (common random numbers)
    int           threads = 0;   ///< 0 = all hardware threads
};

/// @brief [thresholds]
struct Thresholds {
    YearTable poverty_line;              ///< yuan/person/yr, must cover base_year..end_year (growth_after extends it)
    double exit_margin = 0;              ///< yuan/person/yr above the line needed to exit (Jinghe: 300)
    int    exit_consecutive_years = 1;   ///< years in a row at or above line + margin
    Uncertain verification_pass_rate = 1.0; ///< share of eligible exits confirmed by third-party checks
    /// a household with labour exits on its income without the safety-net top-up (the top-up counts
    /// towards exit only for households without labour)
    bool   exit_topup_no_labour_only = false;
    /// persons/yr: the year's exit plan (年度脱贫计划), at most this many persons certified as exited;
    /// empty = no plan. Years without an entry have no cap (at_or(year, unlimited)).
    YearTable exit_plan_persons;
    double monitoring_factor = 1.5;      ///< monitoring line = factor × poverty line, unless monitoring_line given
    YearTable monitoring_line;           ///< yuan/person/yr (optional explicit series)
    int    monitoring_exit_years = 1;    ///< years in a row at or above the risk-removal line to leave monitoring
    /// risk removed (风险消除) when income ≥ this × the poverty line for monitoring_exit_years and no risk is
    /// open; 0 = the monitoring line. A sudden-hardship flag ends at once when its year has passed.
    double risk_removal_factor = 0;
    bool   return_after_medical = false; ///< a return is judged on income net of out-of-pocket medical cost
    double village_exit_incidence = 0.02;         ///< share of persons still registered poor
    double village_exit_incidence_western = 0.03; ///< the same, in western counties
    double village_exit_collective_income = 0;    ///< yuan/village/yr
    double county_exit_incidence = 0.02;          ///< share of rural persons still registered poor
    double county_exit_incidence_western = 0.03;
};

/// @brief [identification]
struct Identification {
    Uncertain p_detect = 0.9;             ///< probability a household below the line is registered in a year
    int    registration_last_year = 2020; ///< no new registration after this year (transition period)
    int    monitoring_start_year = 2020;  ///< first year of anti-return monitoring
    Uncertain p_detect_monitoring = 0.8;  ///< probability an at-risk household is flagged in a year
    /// flag on income below the monitoring line only when own income fell this year (a risk, not a level):
    /// households that have long lived just below the line are not flagged anew every year
    bool   monitor_only_falling = false;
    double income_fall_share = 0;         ///< a fall of own income counts as one when it is at least this share
    double hardship_income_drop = 0;      ///< own income falling by at least this share is sudden hardship (0 = off)
    bool   monitor_basic_needs = false;   ///< a basic need unmet (housing, water, schooling, insurance) is a risk
};

/// @brief [[population.provinces]]: the level between the region and its counties (a national
/// scenario); regional scenarios have none.
struct Province {
    std::string name;          ///< e.g. "甘肃省"; --only-province accepts it or its start ("甘肃")
    std::string zone = "west"; ///< "east", "centre" or "west" (NBS regions); west = the 3 % exit rules
};

/// The NBS regions in reporting order.
inline constexpr std::string_view zone_names[] = {"east", "centre", "west"};

/// @brief [[population.counties]]
struct County {
    std::string name;
    bool western     = false; ///< exit incidence 3 % instead of 2 % (default: the province's zone is west)
    bool poor_county = false; ///< on the poverty-county list at the base year
    std::string province;     ///< name of a [[population.provinces]] entry, empty if the scenario has none
};

/// @brief [[population.units]]: a township, district or county part with its own counts.
struct Unit {
    std::string name;
    std::string county;                  ///< name of a [[population.counties]] entry
    int villages = 1;                    ///< administrative villages
    int poor_villages = 0;               ///< of which on the poor-village list
    int households = 0;                  ///< rural households, registered included
    int persons = 0;                     ///< rural persons, registered included
    int registered_households = 0;       ///< households on the registry at the base year (exited included)
    int registered_persons = 0;
    /// multiplies the median income of its non-registered and exited households (a poorer or richer
    /// part of a large region); registered poor incomes are set against the line and do not change
    double income_factor = 1.0;
};

/// @brief [[population.segments]]: the registry split into groups; each group is spread
/// over units in proportion to their registered households. Segments sum to the units.
struct Segment {
    std::string name;
    int  households = 0;
    int  persons    = 0;
    bool labour     = true;      ///< whether the households have labour-capable members
    std::string status = "registered_poor"; ///< "registered_poor" or "exited"
    int  exit_year  = 0;         ///< for status "exited"
    std::string cause = "other"; ///< main cause of poverty (illness, disability, labour, skills, capital, disaster, schooling, other)
};

/// @brief Income of one class of household at the base year (per capita, yuan/person/yr).
struct IncomeClass {
    Uncertain ratio_low = 0.4;  ///< poor: income as a multiple of the base-year line, low end
    Uncertain ratio_high = 1.0; ///< poor: high end (beta distributed between low and high)
    double beta_a = 2, beta_b = 2; ///< poor: beta shape
    Uncertain median = 0.0;     ///< non-poor / exited: median yuan/person/yr (lognormal)
    Uncertain sigma = 0.6;      ///< non-poor / exited: sd of log income
    double floor_ratio = 1.0; ///< non-poor / exited: income not below floor_ratio × line
    double farm_share = 0.5, wage_share = 0.3, business_share = 0.05, property_share = 0.02; ///< rest = transfers
};

/// @brief [population.composition]: members by role; probabilities per member.
struct Composition {
    double nonpoor_size_mean = 3.0;  ///< persons per non-registered household when unit persons absent
    double extra_labour_prob = 0.6;  ///< each member after the first of a labour household works
    double elderly_prob = 0.15;      ///< other members aged 60+
    double elderly_prob_no_labour = 0.7;
    double school_child_prob = 0.3;  ///< non-working, non-elderly member in compulsory school
    double senior_student_prob = 0.1;///< non-working, non-elderly member in senior high / vocational / university
    double disabled_prob = 0.03, disabled_prob_poor = 0.15;      ///< household has a disabled member
    double chronic_prob = 0.10, chronic_prob_poor = 0.30;        ///< household has a chronically ill member
    double employment_rate = 0.7;    ///< share of labour-capable members in wage work at the base year
};

/// @brief [population.basic_needs]: shortfalls at the base year and their background repair.
struct BasicNeedsSetup {
    double housing_unsafe_poor = 0.1, water_unsafe_poor = 0.1, dropout_poor = 0.01, uninsured_poor = 0.02;
    double housing_unsafe = 0.01, water_unsafe = 0.05, dropout = 0.002, uninsured = 0.02;
    double yearly_repair_rate = 0.3; ///< share of shortfalls fixed per year outside modelled programmes
};

/// @brief [population.villages]
struct VillageSetup {
    double collective_income_median = 20000, collective_income_sigma = 0.8; ///< yuan/village/yr at base year
    double poor_collective_income_median = 5000;
    double collective_income_growth = 0.1;        ///< per year
    double infrastructure_ok_poor = 0.5;          ///< share of poor villages with all infrastructure flags met
    double infrastructure_yearly_completion = 0.25;
    double poor_village_concentration = 3.0;      ///< registered households are this much likelier to live in a poor village
    double poor_without_collective_income = 0;    ///< share of poor villages with no collective income (空壳村) at base year
    double without_collective_income = 0;         ///< the same among other villages
};

/// @brief [population]
struct Population {
    std::vector<Province> provinces;
    std::vector<County>  counties;
    std::vector<Unit>    units;
    std::vector<Segment> segments;
    IncomeClass poor_labour, poor_no_labour, exited, non_poor;
    Composition composition;
    BasicNeedsSetup basic_needs;
    VillageSetup villages;
    /// Share of the population simulated (population.sample): each simulated household stands for
    /// about 1 / sample; counts, quotas and ceilings are scaled down at load and every extensive
    /// result (households, persons, villages, yuan) is scaled back up by `weight`.
    double sample = 1.0;
    std::string only_province; ///< population.only_province: keep one province (its share of every plan)
    double weight = 1.0;         ///< full-scale households / simulated households (computed at load, not a key)
    double village_weight = 1.0; ///< full-scale villages / simulated villages (each unit keeps at least one)
};

/// @brief [income]: yearly change of each component (rates per year).
struct IncomeDynamics {
    Uncertain farm_growth = Uncertain::fixed(0.05), farm_sigma = Uncertain::fixed(0.15);
    Uncertain wage_growth = Uncertain::fixed(0.06), wage_sigma = Uncertain::fixed(0.10);
    Uncertain business_growth = Uncertain::fixed(0.05), property_growth = Uncertain::fixed(0.05);
    Uncertain transfer_growth = Uncertain::fixed(0.03);
    /// transitory noise (sd of log) of the year's farm and wage income around their persistent level:
    /// unlike *_sigma it does not accumulate, so a bad year is followed by a normal one
    Uncertain farm_shock_sigma = Uncertain::fixed(0), wage_shock_sigma = Uncertain::fixed(0);
    YearTable pension = {{{2015, 840}}, 0.05}; ///< yuan/elderly member/yr (basic rural pension)
};

/// @brief One layer of the medical reimbursement chain, applied in order.
struct ReimbursementLayer {
    std::string name;
    bool   poor_only = false;  ///< only registered poor, monitored, or exited within keep_policy_years
    double ratio = 0.5;        ///< share of the remaining cost above the deductible
    double poor_extra_ratio = 0; ///< added to ratio for the poor (phase_out applies)
    double deductible = 0;     ///< yuan/event
    double cap = 1e12;         ///< yuan/yr paid by this layer
};

/// @brief [shocks]
struct Shocks {
    Uncertain illness_prob = Uncertain::fixed(0.08), illness_prob_chronic = Uncertain::fixed(0.25);
    Uncertain illness_cost_median = Uncertain::fixed(8000), illness_cost_sigma = Uncertain::fixed(1.0);
    Uncertain illness_labour_loss = Uncertain::fixed(0.2); ///< share of a year's wage lost by an ill worker
    std::vector<ReimbursementLayer> reimbursement;
    Uncertain disability_prob = Uncertain::fixed(0.003);   ///< per labour-capable member per year
    Uncertain disaster_prob = Uncertain::fixed(0.05);      ///< per village per year
    Uncertain disaster_loss_a = Uncertain::fixed(2), disaster_loss_b = Uncertain::fixed(5); ///< beta share of farm income lost
    Uncertain price_sigma = Uncertain::fixed(0.08), price_autocorrelation = Uncertain::fixed(0.5);
    Uncertain job_loss_prob = Uncertain::fixed(0.05), reemployment_prob = Uncertain::fixed(0.5);
};

/// @brief [[shocks.crisis]]: a year-specific shock (e.g. the 2020 pandemic).
struct CrisisYear {
    int    year = 0;
    double wage_factor = 1.0;     ///< multiplies wage income that year
    double job_loss_factor = 1.0; ///< multiplies the job-loss probability
    double farm_factor = 1.0;     ///< multiplies farm income that year (bad harvest)
    std::string label;
};

/// @brief [demography]: yearly rates.
struct Demography {
    double labour_to_elderly = 0.02;  ///< per labour-capable member
    double child_to_senior = 0.05;    ///< per compulsory-school child: moves to senior school
    double child_to_labour = 0.06;    ///< per compulsory-school child: starts work
    double senior_to_labour = 0.3;    ///< per senior student: starts work
    double dissolution = 0.0;         ///< per household of one elderly member: household ends
};

/// @brief [transition]: the 2021–2025 consolidation period.
struct Transition {
    int keep_policy_years = 5;   ///< years after exit that poverty-specific support is kept (四个不摘)
    YearTable poor_extra_phase_out; ///< multiplier on poor-specific extras per year (e.g. 2021=1.0 … 2025=0.2)
    /// after keep_policy_years, post-exit support ends for a growing share of households over this many
    /// years (a fixed per-household order), so no cohort loses it all in one year; 0 = at once
    int support_taper_years = 0;
};

/// @brief Funding sources (SPEC §6). Fixed vocabulary, in this order in every budget array.
inline const std::vector<std::string>& funding_sources()
{
    static const std::vector<std::string> names{"central", "provincial", "municipal", "county",
                                                "east_west", "credit", "social", "household"};
    return names;
}

/// @brief What a programme does to those it serves (SPEC §5): each kind is written once.
enum class EffectKind : std::uint8_t {
    Grant,         ///< income gain per person for duration_years, with success probability and decay
    WageJob,       ///< a post paying `wage` (public-welfare job, ranger) or, with employment_probability, a market job after training
    TopUp,         ///< dibao: income up to `standard`, or flat tiers per person by gap rank
    Loan,          ///< micro-credit: principal from the credit source, interest subsidy, premium, default, income return
    StateChange,   ///< sets housing safe / water safe / insured / relocated
    Reimbursement, ///< medical assistance layer on out-of-pocket cost: ratio, deductible, cap
    Village,       ///< village-level: infrastructure, drinking water, collective income, revolving mutual fund
};

/// @brief The effect parameters of a programme; only those of its kind are read.
struct Effect {
    // Grant and the income return of Loan and StateChange(relocated)
    Uncertain income = 0.0;          ///< yuan/person/yr added to income while the effect lasts
    Uncertain success_probability = 1.0; ///< drawn once per enrolment; failure = no income effect
    int    duration_years = 1;       ///< years the effect (and recurring cost) lasts; 0 = while eligible
    Uncertain decay = 0.0;           ///< yearly relative fall of the income effect (0.2 = −20 %/yr)
    // WageJob
    Uncertain wage = 0.0;            ///< yuan/yr per post or job
    bool   paid_by_programme = true; ///< false: a market job found after training (not a programme cost)
    Uncertain employment_probability = 1.0; ///< chance that training leads to the job
    // TopUp
    YearTable standard;              ///< yuan/person/yr the income is topped up to (empty: the poverty line)
    std::vector<double> tiers;       ///< flat yuan/person/yr by tier (largest gap first), instead of a standard
    std::vector<double> tier_shares; ///< share of served households in each tier (sums to 1)
    // Loan
    double principal = 0;            ///< yuan per household, lent by the credit source
    int    term_years = 3;
    double interest_rate = 0.0435;   ///< yearly bank rate
    double interest_subsidy = 1.0;   ///< share of the interest paid by the programme's sources
    double insurance_premium = 0;    ///< yearly premium as a share of the principal, paid by the programme's sources
    Uncertain default_probability = 0.0; ///< per loan over its term; a default loses the principal (credit loss)
    // StateChange
    std::vector<std::string> sets;   ///< "housing_safe", "water_safe", "insured", "dropout_fixed", "relocated", "infrastructure"
    double farm_income_factor = 1;   ///< relocated: farm income multiplied by this
    // Reimbursement
    double ratio = 0, deductible = 0, cap = 1e12;
    double extreme_poor_ratio = -1;  ///< ratio for households without labour (特困); −1 = same as ratio
    // Village
    double collective_income = 0;    ///< yuan/village/yr added to collective income
    double revolving_fund = 0;       ///< yuan/village one-off; adds fund_return × fund to collective income yearly
    double fund_return = 0.05;
};

/// @brief [programmes.<id>]: one programme (SPEC §5). A planner adds one by editing TOML.
struct Programme {
    std::string id;                  ///< the table key, e.g. "dibao"
    std::string label;               ///< name for tables and charts, Chinese welcome
    EffectKind  kind = EffectKind::Grant;
    int start_year = 2016, end_year = 2025;
    std::vector<std::string> eligible; ///< all must hold; vocabulary in models/eligibility.h
    std::string unit = "households";   ///< "households", "persons" or "villages" (what target counts)
    YearTable   target;               ///< new units to serve per year (empty: see target_share)
    double      target_share = 1.0;   ///< share of eligible units served per year when target is empty
    std::string priority = "gap";     ///< "gap" (largest need first), "least_gap" (smallest need first) or "random"
    bool        once = true;          ///< a unit is served at most once (false: may enrol again after the effect ends)
    bool        budget_scaled = true; ///< [budget] scale applies (false: e.g. statutory dibao spared by a cut)
    /// exit pathway its income counts towards: wages, farm_business, transfers (top-ups are always
    /// safety_net); default by kind: wage_job → wages, loan/state_change → farm_business, else transfers
    Pathway     pathway = Pathway::Transfers;
    double one_off_cost = 0;          ///< yuan per unit at enrolment (besides payments the effect implies)
    double recurring_cost = 0;        ///< yuan per unit-year while enrolled
    std::map<std::string, double> sources; ///< share of each cost by funding source (sums to 1)
    YearTable ceiling;                ///< yuan/yr this programme may spend (empty: no ceiling)
    YearTable phase_out;              ///< multiplier on payments and effects per year (transition), empty = 1
    Effect    effect;
};

/// @brief [budget]
struct Budget {
    std::map<std::string, YearTable> source_ceilings; ///< yuan/yr per funding source (empty: no ceiling)
    YearTable scale; ///< a budget cut or increase for every programme, combined with each phase_out (before the first entry: 1)
};

/// @brief What a target is for (SPEC §13): only a check is evidence.
enum class TargetRole : std::uint8_t {
    Accounting,  ///< an identity an input guarantees (a quota served, quota × unit cost): tests the bookkeeping
    Calibration, ///< fitted by `calibrate`, the only targets it uses
    Check,       ///< held out of calibration: the evidence
};

/// @brief How the simulated mean is compared with the documented value.
enum class TargetCompare : std::uint8_t {
    About,   ///< within tolerance of the value
    AtLeast, ///< a documented floor ("≥ 2,000万")
    AtMost,  ///< a documented ceiling
};

/// @brief [[targets]]: a documented value the simulation should reproduce (SPEC §13).
struct Target {
    std::string metric;     ///< a metric name, or spending:, need:, served:<programme>, source:<source>, exits:, exit_persons:<segment>
    int year = 0;
    int to_year = 0;        ///< if set: the sum of a flow over year..to_year
    double value = 0;
    double tolerance = 0.1; ///< relative to value; absolute for shares and for a documented 0
    std::string source;     ///< where the document says so (file:line and phrase)
    TargetRole role = TargetRole::Check; ///< required in TOML (no default there: a role is a claim about evidence)
    TargetCompare compare = TargetCompare::About;
};

/// @brief The whole scenario.
struct Parameters {
    ScenarioInfo       scenario;
    MonteCarloSettings monte_carlo;
    Thresholds         thresholds;
    Identification     identification;
    Population         population;
    IncomeDynamics     income;
    Shocks             shocks;
    std::vector<CrisisYear> crises;
    Demography         demography;
    Transition         transition;
    std::vector<Target> targets;
    std::vector<Programme> programmes; ///< in declaration order = priority order for scarce funds
    Budget             budget;
};

} // namespace povsim::models
