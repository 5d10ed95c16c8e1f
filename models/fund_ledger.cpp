#include "models/fund_ledger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace povsim::models {

int source_index(const std::string& name)
{
    const auto& names = funding_sources();
    const auto  it    = std::find(names.begin(), names.end(), name);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

FundLedger::FundLedger(const Parameters& p) : m_params(&p)
{
    const auto n_prog = static_cast<Eigen::Index>(p.programmes.size());
    const auto n_src  = static_cast<Eigen::Index>(funding_sources().size());
    if (n_src > Split::max_sources) {
        throw std::logic_error("FundLedger: more funding sources than a split holds");
    }
    m_shares.setZero(n_prog, n_src);
    m_paying.assign(static_cast<std::size_t>(n_prog), {});
    for (Eigen::Index k = 0; k < n_prog; ++k) {
        for (const auto& [name, share] : p.programmes[k].sources) {
            m_shares(k, source_index(name)) = share;
        }
        for (Eigen::Index s = 0; s < n_src; ++s) {
            if (m_shares(k, s) > 0) {
                m_paying[static_cast<std::size_t>(k)].push_back(static_cast<int>(s));
            }
        }
    }
    m_spend.setZero(n_prog, n_src);
    m_need.setZero(n_prog, n_src);
    m_programme_left.setZero(n_prog);
    m_source_left.setZero(n_src);
    m_unlimited.assign(static_cast<std::size_t>(n_prog), 0); // nothing is left before start_year
}

void FundLedger::start_year(int year)
{
    constexpr double unlimited = std::numeric_limits<double>::infinity();
    m_spend.setZero();
    m_need.setZero();
    for (Eigen::Index k = 0; k < m_shares.rows(); ++k) {
        const auto& ceiling  = m_params->programmes[k].ceiling;
        m_programme_left(k) = ceiling.at_or(year, unlimited);
    }
    const auto& names = funding_sources();
    for (Eigen::Index s = 0; s < m_shares.cols(); ++s) {
        const auto it    = m_params->budget.source_ceilings.find(names[s]);
        m_source_left(s) = it == m_params->budget.source_ceilings.end() ? unlimited : it->second.at_or(year, unlimited);
    }
    m_unlimited.assign(m_paying.size(), 0);
    for (std::size_t k = 0; k < m_paying.size(); ++k) {
        const auto& paying = m_paying[k];
        m_unlimited[k]     = m_programme_left(static_cast<Eigen::Index>(k)) == unlimited &&
                         std::all_of(paying.begin(), paying.end(), [&](int s) { return m_source_left(s) == unlimited; });
    }
}

bool FundLedger::try_pay(int prog, const Split& split)
{
    // This runs once per payment, millions of times a year: only the sources that pay a part. A
    // source of share 0 would add +0.0 to sums that are never −0.0, so skipping it changes no bit.
    double total = 0;
    bool   over  = false;
    for (int k = 0; k < split.count; ++k) {
        const int    s = split.source[k];
        const double a = split.amount[k];
        m_need(prog, s) += a;
        total += a;
        over = over || a > m_source_left(s);
    }
    if (over || total > m_programme_left(prog)) {
        return false;
    }
    m_programme_left(prog) -= total;
    for (int k = 0; k < split.count; ++k) {
        m_source_left(split.source[k]) -= split.amount[k];
        m_spend(prog, split.source[k]) += split.amount[k];
    }
    return true;
}

bool FundLedger::limited(int prog) const
{
    return std::isfinite(m_programme_left(prog)) || m_source_left.isFinite().any();
}

bool FundLedger::charge_positive(int prog, double amount)
{
    if (m_unlimited[static_cast<std::size_t>(prog)]) {
        // No ceiling to check, and what is left under an infinite one stays infinite: the need
        // and the spending only, the same sums in the same order as try_pay's.
        for (const int s : m_paying[static_cast<std::size_t>(prog)]) {
            const double a = m_shares(prog, s) * amount;
            m_need(prog, s) += a;
            m_spend(prog, s) += a;
        }
        return true;
    }
    Split split;
    for (const int s : m_paying[static_cast<std::size_t>(prog)]) {
        split.source[split.count]   = s;
        split.amount[split.count++] = m_shares(prog, s) * amount;
    }
    return try_pay(prog, split);
}

bool FundLedger::charge_source(int prog, int source, double amount)
{
    if (amount <= 0) {
        return true;
    }
    Split split;
    split.source[0] = source;
    split.amount[0] = amount;
    split.count     = 1;
    return try_pay(prog, split);
}

} // namespace povsim::models
