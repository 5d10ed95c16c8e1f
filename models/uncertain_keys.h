#pragma once
// Every parameter of a scenario that may be a distribution (SPEC §7), with its dotted scenario
// key, units and meaning. This is the one list: resolving a replication's parameters, the
// study file's parameters/<key> datasets and calibrate's location shift all walk it, so a key
// added here is drawn, stored and fitted without further code (its loader read must accept a
// distribution: TableReader::read(key, Uncertain&, Range)).
#include "models/parameters.h"
#include "sim/result_cube.h"
#include "sim/rng.h"

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace povsim::models {

/// @brief Identity of one uncertain key.
struct UncertainKey {
    std::string key;         ///< dotted scenario key, e.g. "programmes.industry.effect.income"
    std::string units;       ///< e.g. "1/yr", "probability/yr", "yuan/person/yr"
    std::string description; ///< what the parameter is (its distribution is added where it is stored)
};

/// @brief Calls @p fn(const UncertainKey&, U&) for every Uncertain of @p p in a fixed order, where
/// U is `Uncertain` or `const Uncertain` as @p p is mutable or const.
template <class P, class Fn> void for_each_uncertain(P& p, Fn&& fn);

/// @brief One replication's view of a scenario: every uncertain key holds its drawn value.
struct ResolvedParameters {
    Parameters          params; ///< a copy of the scenario with each distribution replaced by its draw
    std::vector<double> draws;  ///< the draw of each non-fixed key, in the order of uncertain_parameters()
};

/// @brief Draws each non-fixed key of @p p once for this replication. Each key has its own stream,
/// named by the key (purpose ParameterUncertainty, base year), so adding or removing a key never
/// shifts another key's draw, and the draws depend on (seed, replication) only, not on threads.
ResolvedParameters resolve_parameters(const Parameters& p, const sim::ReplicationStreams& streams);

/// @return the non-fixed keys of @p p in the order of ResolvedParameters::draws; name = key,
/// description = meaning and distribution (e.g. "...; drawn once per replication from uniform(0.04, 0.08)")
std::vector<sim::ParameterInfo> uncertain_parameters(const Parameters& p);

/// @return the value of dotted @p key in @p p, or nullptr if @p key is not an uncertain key
const Uncertain* find_uncertain(const Parameters& p, std::string_view key);

// ---- the list --------------------------------------------------------------------------------

template <class P, class Fn> void for_each_uncertain(P& p, Fn&& fn)
{
    static_assert(std::is_same_v<std::remove_const_t<P>, Parameters>);
    const auto key = [&](std::string name, const char* units, std::string what, auto& u) {
        fn(UncertainKey{std::move(name), units, std::move(what)}, u);
    };
    auto& in = p.income;
    key("income.farm_growth", "1/yr", "Yearly trend growth of farm income per person", in.farm_growth);
    key("income.farm_sigma", "1/yr", "Standard deviation of the yearly log change of a household's persistent farm income",
        in.farm_sigma);
    key("income.wage_growth", "1/yr", "Yearly trend growth of the wage per worker", in.wage_growth);
    key("income.wage_sigma", "1/yr", "Standard deviation of the yearly log change of a household's persistent wage", in.wage_sigma);
    key("income.business_growth", "1/yr", "Yearly growth of business income per person", in.business_growth);
    key("income.property_growth", "1/yr", "Yearly growth of property income per person", in.property_growth);
    key("income.transfer_growth", "1/yr", "Yearly growth of transfer income per person (besides pensions)",
        in.transfer_growth);
    key("income.farm_shock_sigma", "1", "Standard deviation of the transitory log deviation of a year's farm income "
        "from its persistent level", in.farm_shock_sigma);
    key("income.wage_shock_sigma", "1", "Standard deviation of the transitory log deviation of a year's wages from "
        "their persistent level", in.wage_shock_sigma);

    struct Class {
        const char*               name;
        const char*               who; ///< who the class is, capitalised: it starts the description
        IncomeClass Population::* member;
    };
    static constexpr Class classes[] = {
        {"poor_labour", "Registered poor households with labour", &Population::poor_labour},
        {"poor_no_labour", "Registered poor households without labour", &Population::poor_no_labour},
        {"exited", "Households that left the registry before the start", &Population::exited},
        {"non_poor", "Households outside the registry", &Population::non_poor},
    };
    for (const Class& c : classes) {
        auto&             cls  = p.population.*c.member;
        const std::string root = std::string("population.income.") + c.name + ".";
        const std::string who  = std::string(c.who) + ": base-year income per person, ";
        // Poor classes draw between the two ratios, the others from a lognormal (models/population.cpp).
        key(root + "ratio_low", "x poverty line", who + "low end as a multiple of the poverty line (poor classes)",
            cls.ratio_low);
        key(root + "ratio_high", "x poverty line", who + "high end as a multiple of the poverty line (poor classes)",
            cls.ratio_high);
        key(root + "median", "yuan/person/yr", who + "median of the lognormal (exited and non-poor)", cls.median);
        key(root + "sigma", "sd of log", who + "standard deviation of its log (exited and non-poor)", cls.sigma);
    }

    key("identification.p_detect", "probability/yr",
        "Probability that a household below the line is registered as poor in a year", p.identification.p_detect);
    key("identification.p_detect_monitoring", "probability/yr",
        "Probability that an at-risk household is flagged for monitoring in a year",
        p.identification.p_detect_monitoring);
    key("thresholds.verification_pass_rate", "share",
        "Share of eligible exits confirmed by third-party verification", p.thresholds.verification_pass_rate);

    auto& s = p.shocks;
    key("shocks.illness_prob", "probability/yr", "Probability of a costly illness in a household in a year",
        s.illness_prob);
    key("shocks.illness_prob_chronic", "probability/yr",
        "Probability of a costly illness in a year for a household with a chronically ill member",
        s.illness_prob_chronic);
    key("shocks.illness_cost_median", "yuan/event", "Median medical cost of an illness (lognormal)",
        s.illness_cost_median);
    key("shocks.illness_cost_sigma", "sd of log", "Standard deviation of the log medical cost of an illness",
        s.illness_cost_sigma);
    key("shocks.illness_labour_loss", "share", "Share of a year's wage an ill worker loses", s.illness_labour_loss);
    key("shocks.disability_prob", "probability/yr", "Probability that a labour-capable member becomes disabled",
        s.disability_prob);
    key("shocks.disaster_prob", "probability/yr", "Probability of a natural disaster in a village", s.disaster_prob);
    key("shocks.disaster_loss_a", "beta shape", "Alpha of the beta share of farm income a disaster destroys",
        s.disaster_loss_a);
    key("shocks.disaster_loss_b", "beta shape", "Beta of the beta share of farm income a disaster destroys",
        s.disaster_loss_b);
    key("shocks.price_sigma", "sd of log", "Standard deviation of the yearly innovation of the log farm price index",
        s.price_sigma);
    key("shocks.price_autocorrelation", "1", "Year-to-year autocorrelation of the log farm price index",
        s.price_autocorrelation);
    key("shocks.job_loss_prob", "probability/yr", "Probability that an employed worker loses the job in a year",
        s.job_loss_prob);
    key("shocks.reemployment_prob", "probability/yr", "Probability that a worker without a job finds one in a year",
        s.reemployment_prob);

    for (auto& prog : p.programmes) {
        auto&             e    = prog.effect;
        const std::string root = "programmes." + prog.id + ".effect.";
        const std::string of   = "Programme " + prog.id + ": ";
        key(root + "income", "yuan/person/yr", of + "income gain per person while the effect lasts", e.income);
        key(root + "success_probability", "probability",
            of + "probability that an enrolment succeeds (a failure has no income effect)", e.success_probability);
        key(root + "employment_probability", "probability", of + "probability that training leads to the job",
            e.employment_probability);
        key(root + "wage", "yuan/yr", of + "wage of a post or job", e.wage);
        key(root + "default_probability", "probability", of + "probability that a loan defaults over its term",
            e.default_probability);
        key(root + "decay", "1/yr", of + "yearly relative fall of the income effect", e.decay);
    }
}

} // namespace povsim::models
