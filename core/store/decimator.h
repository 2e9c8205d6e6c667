#pragma once

#include "store/channelstore.h"

#include <QList>
#include <QPointF>

namespace livedash {

/// What a chart can show of a channel: at most two points (the min and max, in time order)
/// per pixel column, so a series never holds more points than its pixels can draw and spikes
/// survive. x is ms since the epoch minus `xOrigin`.
struct DecimationResult
{
    double minY = 0;
    double maxY = 0;
    qsizetype inputPoints = 0;
    bool empty = true;
};

/// One column's points, as every reduction emits them: the min and the max in time order, one
/// point when they are the same sample (two in the same millisecond still draw a vertical
/// stroke: both are kept).
void appendColumn(const Sample &lo, const Sample &hi, QList<QPointF> &out, qint64 xOrigin);

/// The same reduction kept up to date incrementally for a live window: buckets sit on a fixed
/// time grid (bucketMs wide), so as the window slides only the samples appended since the last
/// update are folded in and old buckets fall off. Cost per update: new samples + buckets,
/// instead of every sample in the window.
class SlidingDecimator
{
public:
    /// Points for [from, to] with buckets `bucketMs` wide. A change of bucket width, a channel
    /// that is not the one seen before, or samples lost to the ring rebuilds from the store.
    DecimationResult update(const Channel &channel, qint64 from, qint64 to, qint64 bucketMs,
                            QList<QPointF> &out, qint64 xOrigin = 0);
    void reset();
    /// Samples taken in by the last update, folded one by one or, on a fresh build, through
    /// the channel's pyramid (for tests and the benchmark).
    qsizetype lastFolded() const { return m_lastFolded; }

private:
    void fold(const Sample &s);

    const Channel *m_channel = nullptr;
    qint64 m_bucketMs = 0;
    quint64 m_seen = 0;
    qint64 m_first = 0;      ///< grid index of m_buckets.front()
    QList<MinMax> m_buckets; ///< one per grid bucket; finite == 0: no sample in it
    qsizetype m_head = 0;    ///< index of the oldest live bucket in m_buckets (a ring by offset)
    qsizetype m_lastFolded = 0;
};

/// Min/max of the samples with t in [from, to] per column (`columns` equal time columns).
/// When the samples from `from` on are in time order (the usual case) each column is found by
/// binary search and reduced with the channel's min/max pyramid: O(columns * log n), whatever
/// the span; otherwise a scan of every sample (decimateMinMaxScan). Both give the same points.
DecimationResult decimateMinMax(const Channel &channel, qint64 from, qint64 to, int columns,
                                QList<QPointF> &out, qint64 xOrigin = 0);
/// The same reduction by reading every sample in the range (the reference; any order).
DecimationResult decimateMinMaxScan(const Channel &channel, qint64 from, qint64 to, int columns,
                                    QList<QPointF> &out, qint64 xOrigin = 0);

/// Where a line stops because its data stopped (an outage), for charts and sparklines.
///
/// The rule: a hole is a gap when it is longer than GapFactor times the channel's usual
/// interval, and never shorter than GapFloorMs. The usual interval is the 90th percentile of
/// the intervals between the last GapSampleIntervals distinct sample times: a steady 1 Hz feed
/// gives 3 s, a jittery 10 Hz one the 2 s floor, a feed polled every 5 s in bursts of a few
/// samples 15 s; and one outage among them (or a few) leaves it unchanged, so the outage
/// itself stays a gap once data flows again. Samples sharing a time (an HTTP poll stamped on
/// receipt) count as one.
inline constexpr qint64 GapFloorMs = 2000;
inline constexpr int GapFactor = 3;
inline constexpr int GapSampleIntervals = 64;

/// The shortest hole in `channel`'s samples that counts as a gap (by the rule above), from its
/// newest samples; GapFloorMs while it has too few to tell (under 8 intervals).
qint64 gapThresholdMs(const Channel &channel);

/// Where the reduced points `points` (x in ms, ascending, as the decimators emit them, each
/// column's points at most `bucketMs` apart) break: appends to `breaks` each index i > 0 whose
/// point follows a gap of more than `thresholdMs` after point i - 1. Neighbouring columns' points
/// lie up to two columns apart with no hole at all, so only a step wider than the threshold plus
/// two columns is sure to hide one: a hole narrower than two pixel columns is not told.
void findLineBreaks(const QList<QPointF> &points, qint64 thresholdMs, qint64 bucketMs,
                    QList<qsizetype> &breaks);

} // namespace livedash
