// The keys that became uncertain read a number or a distribution alike: base incomes of every
// class, detection, verification, transfer growth and programme effects, from a file or --set
// (inline tables with or without spaces); bad ones are reported at their dotted key.
#include "models/uncertain_keys.h"
#include "scenarios/scenario_loader.h"
#include "tests/support/loader_issues.h"

#include <catch2/catch.hpp>

using povsim::models::Uncertain;
using povsim::scenarios::load_scenario;
using povsim::scenarios::load_scenario_text;
using Dist = Uncertain::Dist;

namespace {
const std::string loader_dir  = std::string(POVSIM_SOURCE_DIR) + "/tests/data/loader/";
const std::string inline_file = loader_dir + "inline.toml"; // so `extends` finds the fixtures
} // namespace

TEST_CASE("Base incomes, detection, verification and transfer growth may be distributions", "[scenarios][uncertain]")
{
    const auto p = load_scenario_text(R"(extends = "minimal.toml"
[thresholds]
verification_pass_rate = { dist = "beta", alpha = 19, beta = 1 }
[identification]
p_detect = { dist = "uniform", low = 0.7, high = 0.95 }
p_detect_monitoring = 0.6
[income]
transfer_growth = { dist = "normal", mean = 0.03, sd = 0.01 }
[population.income.poor_labour]
ratio_low = { dist = "triangular", low = 0.3, mode = 0.4, high = 0.6 }
ratio_high = { dist = "uniform", low = 1.0, high = 1.4 }
[population.income.non_poor]
median = { dist = "lognormal", median = 11000, sigma = 0.1 }
sigma = { dist = "uniform", low = 0.5, high = 0.7 }
)",
                                      inline_file)
                       .params;
    CHECK((p.thresholds.verification_pass_rate.dist == Dist::Beta && p.thresholds.verification_pass_rate.a == 19));
    CHECK((p.identification.p_detect.dist == Dist::Uniform && p.identification.p_detect.hi == 1));
    CHECK(p.identification.p_detect_monitoring.value() == 0.6);
    CHECK((p.income.transfer_growth.dist == Dist::Normal && p.income.transfer_growth.lo == -1));
    CHECK(p.population.poor_labour.ratio_low.c == 0.4);
    CHECK(p.population.non_poor.median.dist == Dist::LogNormal);
    std::vector<std::string> keys;
    for (const auto& info : povsim::models::uncertain_parameters(p))
        keys.push_back(info.name);
    CHECK(keys == std::vector<std::string>{"income.transfer_growth", "population.income.poor_labour.ratio_low",
                                           "population.income.poor_labour.ratio_high",
                                           "population.income.non_poor.median", "population.income.non_poor.sigma",
                                           "identification.p_detect", "thresholds.verification_pass_rate"});
}

TEST_CASE("Programme effects may be distributions, also through --set without spaces", "[scenarios][uncertain]")
{
    const std::vector<std::string> sets{
        R"(programmes.industry.effect.success_probability={dist="uniform",low=0.5,high=0.9})",
        R"(programmes.industry.effect.income={ dist = "lognormal", median = 1200, sigma = 0.2 })"};
    const auto p = load_scenario(loader_dir + "programmes.toml", sets).params;
    const auto* success = povsim::models::find_uncertain(p, "programmes.industry.effect.success_probability");
    REQUIRE(success != nullptr);
    CHECK((success->dist == Dist::Uniform && success->a == 0.5 && success->b == 0.9 && success->hi == 1));
    const auto* income = povsim::models::find_uncertain(p, "programmes.industry.effect.income");
    REQUIRE(income != nullptr);
    CHECK((income->dist == Dist::LogNormal && income->a == 1200));
    CHECK(povsim::models::find_uncertain(p, "programmes.industry.effect.decay")->is_fixed());
}

TEST_CASE("Bad distributions of the new keys are reported at their dotted key", "[scenarios][uncertain]")
{
    const auto issues = povsim::test::issues_of_text(R"(extends = "programmes.toml"
[identification]
p_detect = { dist = "uniform", low = 0.7, high = 1.2 }
[population.income.poor_labour]
ratio_low = { dist = "uniform", low = 1.2, high = 1.6 }
ratio_high = 1.0
[programmes.industry.effect]
success_probability = { dist = "beta", alpha = 0, beta = 2 }
)",
                                                     inline_file);
    INFO(povsim::test::all_issues(issues));
    const auto has = [&](const std::string& key, const std::string& fragment) {
        for (const auto& issue : issues)
            if (issue.key == key && issue.message.find(fragment) != std::string::npos)
                return true;
        return false;
    };
    CHECK(has("identification.p_detect.high", "out of range: must be in [0, 1]"));
    // A distribution is compared by its location (here the midpoint 1.4).
    CHECK(has("population.income.poor_labour.ratio_high", "ratio_high 1 must exceed ratio_low 1.4"));
    CHECK(has("programmes.industry.effect.success_probability.alpha", "out of range"));
}
