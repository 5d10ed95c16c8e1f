#pragma once
// Money by year × programme × funding source (SPEC §6). Every payment goes through charge(),
// which splits it over the programme's sources by share, so money in = money out by
// construction. Need (what the plan would cost) is recorded for every charge; spending only
// for charges the ceilings allowed; their difference is the shortfall. A charge is paid in
// full or not at all, which is how a programme rations a unit it cannot afford.
#include "models/parameters.h"

#include <Eigen/Core>

#include <array>
#include <vector>

namespace povsim::models {

/// @brief This year's budget accounts of every programme and source.
class FundLedger {
public:
    FundLedger() = default;
    /// @brief Shares and ceilings of @p p; programme indices follow p.programmes.
    explicit FundLedger(const Parameters& p);

    /// @brief Reset the year's accounts and load the year's ceilings.
    void start_year(int year);

    /// @brief Charge @p amount (yuan) to programme @p prog by its source shares.
    /// @return false if a ceiling of the programme or of one of its sources would be exceeded
    /// (then only the need is recorded)
    /// Inline for the test of nothing to pay (a continuing grant without recurring cost), which
    /// most charges of a persistent programme's enrolments are.
    bool charge(int prog, double amount) { return amount <= 0 || charge_positive(prog, amount); }

    /// @brief Charge @p amount wholly to @p source (e.g. a loan principal to `credit`).
    bool charge_source(int prog, int source, double amount);

    const Eigen::ArrayXXd& spending() const { return m_spend; } ///< [programme × source], yuan this year
    const Eigen::ArrayXXd& need() const { return m_need; }      ///< [programme × source], yuan this year
    int programmes() const { return static_cast<int>(m_shares.rows()); }
    /// @return whether a ceiling of programme @p prog or of any source is in force this year
    /// (without one every charge is paid, so the order of charges cannot matter)
    bool limited(int prog) const;

private:
    bool charge_positive(int prog, double amount); ///< charge() of an amount above 0
    /// One charge split over the sources that pay part of it (a zero share adds nothing anywhere).
    struct Split {
        static constexpr int max_sources = 8;
        int                  count = 0;
        std::array<int, max_sources>    source{};
        std::array<double, max_sources> amount{};
    };
    bool try_pay(int prog, const Split& split);

    const Parameters* m_params = nullptr;
    Eigen::ArrayXXd   m_shares;            ///< [programme × source]
    Eigen::ArrayXd    m_programme_left;    ///< yuan left under each programme's ceiling this year
    Eigen::ArrayXd    m_source_left;       ///< yuan left under each source's ceiling this year
    Eigen::ArrayXXd   m_spend, m_need;
    std::vector<std::vector<int>> m_paying; ///< per programme: its sources with a share above 0
    std::vector<char> m_unlimited; ///< per programme: no ceiling on it or its sources this year
};

/// @return index of @p name in funding_sources(), or −1
int source_index(const std::string& name);

} // namespace povsim::models
