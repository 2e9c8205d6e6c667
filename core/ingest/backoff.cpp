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

BackoffPolicy::ms BackoffPolicy::ceiling(ms sinceOutage) const
{
    // Saturate before shifting: 2^n overflows long before the cap matters.
    const int shift = std::min(m_attempt, 30);
    const long double bound = static_cast<long double>(m_base.count()) * (1LL << shift);
    const ms exponential(static_cast<ms::rep>(std::min<long double>(bound, m_cap.count())));
    // Never longer than the outage has lasted: an outage of length T is then noticed by
    // T + max(base, T), however many short delays the jitter drew meanwhile.
    return std::min(exponential, std::max(m_base, sinceOutage));
}

BackoffPolicy::ms BackoffPolicy::draw(ms bound)
{
    std::uniform_int_distribution<ms::rep> dist(0, bound.count());
    return ms(dist(m_rng));
}

BackoffPolicy::ms BackoffPolicy::next(ms sinceOutage)
{
    const ms bound = ceiling(sinceOutage);
    ++m_attempt;
    return draw(bound);
}

BackoffPolicy::ms BackoffPolicy::quick()
{
    return draw(std::min(m_base, QuickJitterMax));
}

BackoffPolicy::ms BackoffPolicy::afterRun(const RunOutcome &run, ms now)
{
    const bool stable = run.connectedFor && *run.connectedFor >= m_stable;
    // Lasting the initial delay keeps a server that sends one message and hangs up at once
    // from being reconnected to in a tight loop: quick reconnects are at most one per base.
    const bool productive = run.delivered && run.ran >= m_base;
    if (productive || stable || !m_inOutage) {
        m_attempt = 0;
        m_retries = 0;
        m_outageStart = now;
        m_inOutage = true;
    }
    ++m_retries;
    ms delay = productive ? quick() : next(std::max(now - m_outageStart, ms(0)));
    // A delay the server asked for wins, but a flapping server asking for `retry: 0` still
    // gets ours, and no server parks a feed for more than an hour.
    if (run.retryAfter)
        delay =
            std::min(stable ? *run.retryAfter : std::max(*run.retryAfter, delay), RetryAfterMax);
    return delay;
}

} // namespace livedash
