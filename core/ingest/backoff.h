#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

namespace livedash {

/// Exponential backoff with full jitter: attempt n waits a uniform random time in
/// [0, min(cap, base * 2^n)]. reset() after a connection stayed up for the stable period.
class BackoffPolicy
{
public:
    using ms = std::chrono::milliseconds;

    BackoffPolicy(ms base = ms(500), ms cap = ms(30000), ms stablePeriod = ms(10000));

    /// The delay before the next attempt; advances the attempt counter.
    ms next();
    /// The upper bound of the delay next() would return now.
    ms ceiling() const;
    void reset() { m_attempt = 0; }
    int attempt() const { return m_attempt; }
    ms base() const { return m_base; }
    ms cap() const { return m_cap; }
    ms stablePeriod() const { return m_stable; }
    void seed(unsigned value) { m_rng.state = value; }

private:
    /// SplitMix64: 8 bytes of state and plenty for jitter. std::mt19937 kept 2.5 KB for every
    /// feed that ever reconnected, which alone would put an idle WebSocket feed over 64 KB.
    struct SplitMix64
    {
        using result_type = std::uint64_t;
        std::uint64_t state = 0;
        static constexpr result_type min() { return 0; }
        static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
        result_type operator()();
    };

    ms m_base;
    ms m_cap;
    ms m_stable;
    int m_attempt = 0;
    SplitMix64 m_rng;
};

} // namespace livedash
