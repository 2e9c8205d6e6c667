#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

namespace livedash {

/// How a feed's run (one connection attempt and, if it connected, the connection) went, as the
/// runner saw it when run() returned.
struct RunOutcome
{
    using ms = std::chrono::milliseconds;
    /// At least one message reached FeedContext::message().
    bool delivered = false;
    /// From the start of the attempt to its end.
    ms ran{0};
    /// From FeedContext::connected() to the end; nullopt if it never connected.
    std::optional<ms> connectedFor;
    /// A delay the server asked for (Retry-After, SSE retry:).
    std::optional<ms> retryAfter;
};

/// The reconnect policy of a feed (README, "Feed kinds"):
/// - a productive run (it delivered a message and lasted at least the initial delay) is
///   followed at once, after a jitter in [0, min(base, 250 ms)], and the backoff starts over;
/// - after any other run (connect failed, or ended before any message) attempt n waits a
///   uniform random time in [0, min(cap, base * 2^n, max(base, time since the outage began))]:
///   exponential backoff with full jitter that never waits longer than the outage has lasted;
/// - a run that stayed connected for the stable period starts the backoff over too (a quiet
///   feed that delivered nothing), and after one the server's delay is used as it is;
///   otherwise a server's delay is the least that is waited.
class BackoffPolicy
{
public:
    using ms = std::chrono::milliseconds;

    /// The most a productive run's reconnect waits (the jitter that spreads clients cut at
    /// the same moment), when the initial delay is longer.
    static constexpr ms QuickJitterMax{250};
    /// The most a server's delay (Retry-After, SSE retry:) can make a feed wait.
    static constexpr ms RetryAfterMax{3600 * 1000};

    BackoffPolicy(ms base = ms(500), ms cap = ms(30000), ms stablePeriod = ms(10000));

    /// The delay before the next attempt after a run that ended at `now` (any monotonic
    /// clock in ms); updates the attempt counter and the outage's start.
    ms afterRun(const RunOutcome &run, ms now);

    /// The delay before the next attempt `sinceOutage` into the outage; advances the attempt
    /// counter.
    ms next(ms sinceOutage = ms::max());
    /// The upper bound of the delay next(sinceOutage) would return now.
    ms ceiling(ms sinceOutage = ms::max()) const;
    /// A productive run's reconnect delay: uniform in [0, min(base, QuickJitterMax)].
    ms quick();
    void reset() { m_attempt = 0; }
    /// Backoff attempts since the last reset: the exponent of the next ceiling.
    int attempt() const { return m_attempt; }
    /// Attempts since the outage began (the status view's "attempt N"), the quick one included.
    int retries() const { return m_retries; }
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

    ms draw(ms bound);

    ms m_base;
    ms m_cap;
    ms m_stable;
    ms m_outageStart{0};
    int m_attempt = 0;
    int m_retries = 0;
    bool m_inOutage = false;
    SplitMix64 m_rng;
};

} // namespace livedash
