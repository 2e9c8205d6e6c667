#include "ingest/backoff.h"

#include <algorithm>
#include <random>

namespace livedash {

BackoffPolicy::BackoffPolicy(ms base, ms cap, ms stablePeriod)
    : m_base(std::max(base, ms(1))), m_cap(std::max(cap, m_base)), m_stable(stablePeriod)
{
    std::random_device device;
    m_rng.state = (std::uint64_t(device()) << 32) ^ device();
}

std::uint64_t BackoffPolicy::SplitMix64::operator()()
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
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
