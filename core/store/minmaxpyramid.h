#pragma once

#include "store/sample.h"

#include <cmath>
#include <vector>

namespace livedash {

/// The smallest and largest finite sample of a run of samples (the first of each, in append
/// order, when several share the value) and how many finite samples the run holds.
struct MinMax
{
    Sample lo{}, hi{};
    qint64 finite = 0;

    void fold(const Sample &s)
    {
        if (!std::isfinite(s.v))
            return;
        if (finite++ == 0) {
            lo = hi = s;
            return;
        }
        if (s.v < lo.v)
            lo = s;
        if (s.v > hi.v)
            hi = s;
    }
    /// Folds in a run that comes after this one.
    void merge(const MinMax &later)
    {
        if (later.finite == 0)
            return;
        if (finite == 0) {
            *this = later;
            return;
        }
        finite += later.finite;
        if (later.lo.v < lo.v)
            lo = later.lo;
        if (later.hi.v > hi.v)
            hi = later.hi;
    }
};

/// Min/max of aligned blocks of 2^k samples (k = BaseLevel, BaseLevel + 1, ...), indexed by
/// the samples' append index and kept up to date on append (amortised O(1)), so the extremes
/// of any run of kept samples cost O(log n) blocks plus at most 2 * 2^BaseLevel samples.
class MinMaxPyramid
{
public:
    static constexpr int BaseLevel = 5;

    /// Sized for a ring of `capacity` samples; forgets everything.
    void reset(qsizetype capacity);
    /// Sample number `index` (0 for the first ever appended) is `s`.
    void append(quint64 index, const Sample &s);
    /// The block of 2^level samples starting at `index` (a multiple of 2^level), complete.
    const MinMax &block(int level, quint64 index) const
    {
        const auto &blocks = m_levels[size_t(level - BaseLevel)];
        return blocks[size_t((index >> level) % blocks.size())];
    }
    /// Levels held: BaseLevel .. topLevel().
    int topLevel() const { return BaseLevel + int(m_levels.size()) - 1; }
    /// The most samples the blocks can span (reset() it before the ring holds more).
    qsizetype capacity() const { return m_capacity; }

private:
    std::vector<std::vector<MinMax>> m_levels;
    qsizetype m_capacity = 0;
};

} // namespace livedash
