#pragma once

#include "store/minmaxpyramid.h"
#include "store/ring.h"
#include "store/sample.h"

#include <QList>
#include <QMutex>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <utility>

namespace livedash {

/// A channel's numbers as seen under its lock (Channel::readNumbers): samples by append index.
class NumberView
{
public:
    NumberView(const Ring<Sample> &ring, const MinMaxPyramid &pyramid, quint64 total,
               quint64 lastDescent)
        : m_ring(ring), m_pyramid(pyramid), m_total(total), m_lastDescent(lastDescent)
    {
    }
    /// Append index of the oldest kept sample, and one past the newest.
    quint64 begin() const { return m_total - quint64(m_ring.size()); }
    quint64 end() const { return m_total; }
    const Sample &at(quint64 index) const { return m_ring.at(qsizetype(index - begin())); }
    /// The first kept sample with t >= `t` (binary search, as Channel::forEachNumber does).
    quint64 lowerBound(qint64 t) const;
    /// True when the samples from `index` on are in time order.
    bool sortedFrom(quint64 index) const { return m_lastDescent <= index; }
    /// Min/max of the samples [first, last) (kept ones).
    MinMax minMax(quint64 first, quint64 last) const;

private:
    const Ring<Sample> &m_ring;
    const MinMaxPyramid &m_pyramid;
    quint64 m_total;
    quint64 m_lastDescent;
};

/// A named stream of numbers and/or text. Appended from the ingest thread, read from the UI.
class Channel
{
public:
    Channel(QString name, qsizetype numberCapacity, qsizetype textCapacity);

    const QString &name() const { return m_name; }
    /// The feed id: everything before the first '/'.
    QString feedId() const;

    void appendNumber(qint64 t, double v);
    /// Appends `count` samples under one hold of the lock, with one version bump (a message
    /// that fans out over an array gives a channel many at once).
    void appendNumbers(const Sample *samples, qsizetype count);
    void appendText(qint64 t, const QString &text);

    /// Bumped on every append; readers compare it with what they last saw.
    quint64 version() const { return m_version.load(std::memory_order_acquire); }
    quint64 totalNumbers() const;
    quint64 totalTexts() const;

    std::optional<Sample> lastNumber() const;
    /// The latest number and the one before it (for deltas and trends).
    std::optional<std::pair<Sample, Sample>> lastTwoNumbers() const;
    std::optional<TextSample> lastText() const;
    bool hasNumbers() const;
    bool hasTexts() const;

    /// Calls fn(const Sample &) for every kept sample with t in [from, to], oldest first,
    /// under the channel's lock: keep fn cheap.
    template<typename Fn>
    void forEachNumber(qint64 from, qint64 to, Fn &&fn) const
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype n = m_numbers.size();
        qsizetype lo = 0, hi = n;
        // Samples are appended in arrival order, which is time order for well-behaved sources;
        // the binary search finds the window start, the scan tolerates small disorder.
        while (lo < hi) {
            const qsizetype mid = (lo + hi) / 2;
            if (m_numbers.at(mid).t < from)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (qsizetype i = lo; i < n; ++i) {
            const Sample &s = m_numbers.at(i);
            if (s.t > to)
                continue;
            fn(s);
        }
    }

    /// Calls fn(const Sample &) for every sample appended after the first `seenTotal` ever
    /// appended, oldest first, and returns the new total. Sets `*overrun` when some of them were
    /// already overwritten by the ring (the caller must rebuild from what is kept).
    template<typename Fn>
    quint64 forEachNumberSince(quint64 seenTotal, Fn &&fn, bool *overrun) const
    {
        QMutexLocker lock(&m_mutex);
        *overrun = false;
        if (seenTotal >= m_totalNumbers)
            return m_totalNumbers;
        quint64 fresh = m_totalNumbers - seenTotal;
        if (fresh > quint64(m_numbers.size())) {
            *overrun = true;
            fresh = quint64(m_numbers.size());
        }
        for (qsizetype i = m_numbers.size() - qsizetype(fresh); i < m_numbers.size(); ++i)
            fn(m_numbers.at(i));
        return m_totalNumbers;
    }

    /// Runs fn(const NumberView &) under the channel's lock and returns what it returns.
    template<typename Fn>
    auto readNumbers(Fn &&fn) const
    {
        QMutexLocker lock(&m_mutex);
        return fn(NumberView(m_numbers, m_pyramid, m_totalNumbers, m_lastDescent));
    }

    /// Text samples newer than `afterTotal` (a value of totalTexts() seen before), oldest first.
    QList<TextSample> textsSince(quint64 afterTotal, quint64 *newTotal) const;
    QList<TextSample> lastTexts(qsizetype count) const;

    /// Keeps the newest `numberCapacity` numbers from now on. Copies the kept ones in chunks,
    /// each under a short hold of the lock, and swaps the copy in with what was appended
    /// meanwhile: appends and readers wait for one chunk, never for the whole history.
    void setCapacity(qsizetype numberCapacity);
    qsizetype numberCapacity() const;
    qsizetype numberCount() const;

private:
    /// Sizes the pyramid for `capacity` samples and refills it from the ring (lock held). It
    /// grows with the ring, so a channel that holds few samples costs few blocks.
    void rebuildPyramid(qsizetype capacity);

    const QString m_name;
    QMutex m_resizeMutex; ///< one setCapacity() at a time
    mutable QMutex m_mutex;
    Ring<Sample> m_numbers;
    MinMaxPyramid m_pyramid;
    quint64 m_lastDescent = 0; ///< append index of the last sample older than the one before
    Ring<TextSample> m_texts;
    quint64 m_totalNumbers = 0;
    quint64 m_totalTexts = 0;
    std::atomic<quint64> m_version{0};
};

using ChannelPtr = std::shared_ptr<Channel>;

} // namespace livedash
