#include "models/fund_ledger.h"

#include <algorithm>
#include <cmath>
#include <limits>

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
    m_shares.setZero(n_prog, n_src);
    for (Eigen::Index k = 0; k < n_prog; ++k) {
        for (const auto& [name, share] : p.programmes[k].sources) {
            m_shares(k, source_index(name)) = share;
        }
    }
    m_spend.setZero(n_prog, n_src);
    m_need.setZero(n_prog, n_src);
    m_programme_left.setZero(n_prog);
    m_source_left.setZero(n_src);
    m_scratch.setZero(n_src);
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
}

bool FundLedger::try_pay(int prog, const Eigen::ArrayXd& by_source)
{
    // Plain loops over the eight sources: this runs once per payment, millions of times a year.
    const Eigen::Index n     = by_source.size();
    double             total = 0;
    bool               over  = false;
    for (Eigen::Index s = 0; s < n; ++s) {
        m_need(prog, s) += by_source(s);
        total += by_source(s);
        over = over || by_source(s) > m_source_left(s);
    }
    if (over || total > m_programme_left(prog)) {
        return false;
    }
    m_programme_left(prog) -= total;
    for (Eigen::Index s = 0; s < n; ++s) {
        m_source_left(s) -= by_source(s);
        m_spend(prog, s) += by_source(s);
    }
    return true;
}

bool FundLedger::limited(int prog) const
{
    return std::isfinite(m_programme_left(prog)) || m_source_left.isFinite().any();
}

bool FundLedger::charge(int prog, double amount)
{
    if (amount <= 0) {
        return true;
    }
    for (Eigen::Index s = 0; s < m_scratch.size(); ++s) { // a member: no allocation per charge
        m_scratch(s) = m_shares(prog, s) * amount;
    }
    return try_pay(prog, m_scratch);
}

bool FundLedger::charge_source(int prog, int source, double amount)
{
    if (amount <= 0) {
        return true;
    }
    m_scratch.setZero();
    m_scratch(source) = amount;
    return try_pay(prog, m_scratch);
}

} // namespace povsim::models
