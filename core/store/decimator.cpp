#include "store/decimator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

namespace livedash {

void appendColumn(const Sample &lo, const Sample &hi, QList<QPointF> &out, qint64 xOrigin)
{
    if (lo.t == hi.t && lo.v == hi.v) {
        out.append(QPointF(double(lo.t - xOrigin), lo.v));
    } else if (lo.t <= hi.t) {
        out.append(QPointF(double(lo.t - xOrigin), lo.v));
        out.append(QPointF(double(hi.t - xOrigin), hi.v));
    } else {
        out.append(QPointF(double(hi.t - xOrigin), hi.v));
        out.append(QPointF(double(lo.t - xOrigin), lo.v));
    }
}

namespace {

/// The grid index of time t on a grid of `step` (> 0), rounding down for negative times too.
qint64 floorDiv(qint64 t, qint64 step)
{
    return t >= 0 ? t / step : (t - step + 1) / step;
}

} // namespace

DecimationResult decimateMinMax(const Channel &channel, qint64 from, qint64 to, int columns,
                                QList<QPointF> &out, qint64 xOrigin)
{
    columns = std::max(columns, 1);
    const double span = double(std::max<qint64>(to - from, 1));
    const double perColumn = span / columns;
    // The column a sample falls in: the same expression as the scan's, so the same columns.
    auto columnOf = [&](const Sample &s) {
        return std::min<qint64>(qint64(double(s.t - from) / perColumn), columns - 1);
    };
    std::optional<DecimationResult> fast =
        channel.readNumbers([&](const NumberView &view) -> std::optional<DecimationResult> {
            const quint64 first = view.lowerBound(from);
            if (!view.sortedFrom(first))
                return std::nullopt; // out-of-order samples: the scan handles them
            // Samples in time order from `first` on: [first, last) are those with t <= to,
            // and each column is a run of them, found by binary search.
            auto partition = [&](quint64 lo, quint64 hi, auto &&before) {
                while (lo < hi) {
                    const quint64 mid = lo + (hi - lo) / 2;
                    if (before(view.at(mid)))
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                return lo;
            };
            const quint64 last =
                partition(first, view.end(), [&](const Sample &s) { return s.t <= to; });
            out.clear();
            DecimationResult r;
            r.minY = std::numeric_limits<double>::max();
            r.maxY = std::numeric_limits<double>::lowest();
            quint64 begin = first;
            while (begin < last) {
                const qint64 column = columnOf(view.at(begin));
                const quint64 end = partition(
                    begin + 1, last, [&](const Sample &s) { return columnOf(s) <= column; });
                const MinMax m = view.minMax(begin, end);
                if (m.finite > 0) {
                    r.inputPoints += qsizetype(m.finite);
                    r.minY = std::min(r.minY, m.lo.v);
                    r.maxY = std::max(r.maxY, m.hi.v);
                    appendColumn(m.lo, m.hi, out, xOrigin);
                }
                begin = end;
            }
            r.empty = r.inputPoints == 0;
            if (r.empty)
                r.minY = r.maxY = 0;
            return r;
        });
    if (fast)
        return *fast;
    return decimateMinMaxScan(channel, from, to, columns, out, xOrigin);
}

DecimationResult decimateMinMaxScan(const Channel &channel, qint64 from, qint64 to, int columns,
                                    QList<QPointF> &out, qint64 xOrigin)
{
    out.clear();
    DecimationResult r;
    r.minY = std::numeric_limits<double>::max();
    r.maxY = std::numeric_limits<double>::lowest();
    columns = std::max(columns, 1);
    const double span = double(std::max<qint64>(to - from, 1));
    const double perColumn = span / columns;

    qint64 bucket = -1;
    MinMax column;
    auto flush = [&] {
        if (column.finite > 0)
            appendColumn(column.lo, column.hi, out, xOrigin);
    };
    channel.forEachNumber(from, to, [&](const Sample &s) {
        if (!std::isfinite(s.v))
            return;
        ++r.inputPoints;
        r.minY = std::min(r.minY, s.v);
        r.maxY = std::max(r.maxY, s.v);
        const qint64 b = std::min<qint64>(qint64(double(s.t - from) / perColumn), columns - 1);
        if (b != bucket) {
            flush();
            bucket = b;
            column = MinMax{};
        }
        column.fold(s);
    });
    flush();
    r.empty = r.inputPoints == 0;
    if (r.empty)
        r.minY = r.maxY = 0;
    return r;
}

void SlidingDecimator::reset()
{
    m_channel = nullptr;
    m_bucketMs = 0;
    m_seen = 0;
    m_buckets.clear();
    m_head = 0;
    m_first = 0;
}

void SlidingDecimator::fold(const Sample &s)
{
    if (!std::isfinite(s.v))
        return;
    const qint64 index = floorDiv(s.t, m_bucketMs);
    if (m_buckets.isEmpty()) {
        m_first = index;
        m_head = 0;
    }
    if (index < m_first)
        return; // older than anything still shown
    // Grow the live span up to `index` (buckets are contiguous on the grid).
    while (index >= m_first + (m_buckets.size() - m_head))
        m_buckets.append(MinMax{});
    m_buckets[m_head + (index - m_first)].fold(s);
}

DecimationResult SlidingDecimator::update(const Channel &channel, qint64 from, qint64 to,
                                          qint64 bucketMs, QList<QPointF> &out, qint64 xOrigin)
{
    bucketMs = std::max<qint64>(bucketMs, 1);
    if (&channel != m_channel || bucketMs != m_bucketMs)
        reset();
    m_channel = &channel;
    m_bucketMs = bucketMs;
    m_lastFolded = 0;
    bool overrun = false;
    if (m_seen == 0 && m_buckets.isEmpty()) {
        // A fresh build (a chart opening, a zoom) reads each bucket's extremes from the
        // channel's pyramid instead of folding every sample of the window; nothing older than
        // the window's first bucket is needed. Only when the samples are in time order from
        // there on; otherwise every kept sample is folded below.
        const qint64 firstBucket = floorDiv(from, bucketMs);
        m_seen = channel.readNumbers([&](const NumberView &view) -> quint64 {
            const quint64 first = view.lowerBound(firstBucket * bucketMs);
            if (!view.sortedFrom(first))
                return 0;
            quint64 begin = first;
            while (begin < view.end()) {
                const qint64 index = floorDiv(view.at(begin).t, bucketMs);
                quint64 lo = begin + 1, hi = view.end();
                while (lo < hi) {
                    const quint64 mid = lo + (hi - lo) / 2;
                    if (floorDiv(view.at(mid).t, bucketMs) <= index)
                        lo = mid + 1;
                    else
                        hi = mid;
                }
                const MinMax m = view.minMax(begin, lo);
                if (m.finite > 0) {
                    if (m_buckets.isEmpty())
                        m_first = index;
                    while (index >= m_first + m_buckets.size())
                        m_buckets.append(MinMax{});
                    m_buckets.last() = m;
                }
                begin = lo;
            }
            m_lastFolded = qsizetype(view.end() - first);
            return view.end();
        });
    }
    const quint64 before = m_seen;
    m_seen = channel.forEachNumberSince(
        m_seen,
        [&](const Sample &s) {
            fold(s);
            ++m_lastFolded;
        },
        &overrun);
    if (overrun && before > 0) {
        // The ring dropped samples we never folded: start over from what it keeps.
        m_buckets.clear();
        m_head = 0;
        m_seen = 0;
        m_lastFolded = 0;
        m_seen = channel.forEachNumberSince(
            0,
            [&](const Sample &s) {
                fold(s);
                ++m_lastFolded;
            },
            &overrun);
    }
    // Drop buckets that slid out of the window; compact the storage now and then.
    const qint64 firstWanted = floorDiv(from, bucketMs);
    while (m_head < m_buckets.size() && m_first < firstWanted) {
        ++m_head;
        ++m_first;
    }
    if (m_head > 1024 && m_head * 2 > m_buckets.size()) {
        m_buckets.remove(0, m_head);
        m_head = 0;
    }

    out.clear();
    DecimationResult r;
    r.minY = std::numeric_limits<double>::max();
    r.maxY = std::numeric_limits<double>::lowest();
    for (qsizetype i = m_head; i < m_buckets.size(); ++i) {
        const MinMax &b = m_buckets[i];
        if (b.finite == 0)
            continue;
        if (b.hi.t < from && b.lo.t < from)
            continue;
        if (b.lo.t > to && b.hi.t > to)
            break;
        r.minY = std::min(r.minY, b.lo.v);
        r.maxY = std::max(r.maxY, b.hi.v);
        ++r.inputPoints;
        appendColumn(b.lo, b.hi, out, xOrigin);
    }
    r.empty = out.isEmpty();
    if (r.empty)
        r.minY = r.maxY = 0;
    return r;
}

qint64 gapThresholdMs(const Channel &channel)
{
    std::array<qint64, GapSampleIntervals> intervals{};
    const int n = channel.readNumbers([&](const NumberView &view) {
        int count = 0;
        // Newest first, over at most four times as many samples as intervals wanted: a channel
        // whose samples all share a few times costs a bounded scan.
        const quint64 stop =
            view.end() - std::min<quint64>(view.end() - view.begin(), 4 * GapSampleIntervals);
        quint64 i = view.end();
        if (i == stop)
            return 0;
        qint64 later = view.at(--i).t;
        while (i > stop && count < GapSampleIntervals) {
            const qint64 t = view.at(--i).t;
            if (t == later)
                continue;
            intervals[size_t(count++)] = std::abs(later - t); // out of order: its size
            later = t;
        }
        return count;
    });
    if (n < 8)
        return GapFloorMs;
    const auto p90 = intervals.begin() + (n * 9) / 10;
    std::nth_element(intervals.begin(), p90, intervals.begin() + n);
    return std::max(GapFloorMs, GapFactor * *p90);
}

void findLineBreaks(const QList<QPointF> &points, qint64 thresholdMs, qint64 bucketMs,
                    QList<qsizetype> &breaks)
{
    const double step = double(thresholdMs) + 2.0 * double(std::max<qint64>(bucketMs, 0));
    for (qsizetype i = 1; i < points.size(); ++i)
        if (points[i].x() - points[i - 1].x() > step)
            breaks.append(i);
}

} // namespace livedash
