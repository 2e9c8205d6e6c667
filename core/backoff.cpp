#include "backoff.h"

#include <algorithm>

namespace livedash {

BackoffPolicy::BackoffPolicy(ms base, ms cap, ms stablePeriod)
    : m_base(std::max(base, ms(1))), m_cap(std::max(cap, m_base)), m_stable(stablePeriod),
      m_rng(std::random_device{}())
{
}

BackoffPolicy::ms BackoffPolicy::ceiling() const
{
    // Saturate before shifting: 2^n overflows long before the cap matters.
    const int shift = std::min(m_attempt, 30);
    const long double bound = static_cast<long double>(m_base.count()) * (1LL << shift);
    return ms(static_cast<ms::rep>(std::min<long double>(bound, m_cap.count())));
}

BackoffPolicy::ms BackoffPolicy::next()
{
    const ms bound = ceiling();
    ++m_attempt;
    std::uniform_int_distribution<ms::rep> dist(0, bound.count());
    return ms(dist(m_rng));
}

} // namespace livedash
