#pragma once

#include <QHash>
#include <QMutex>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace livedash {

/// One numeric point: time in ms since the epoch (source time, or receive time) and value.
struct Sample
{
    qint64 t = 0;
    double v = 0.0;
};

/// One text value: a score line, a match clock, an event message.
struct TextSample
{
    qint64 t = 0;
    QString text;
};

/// Fixed-capacity ring: appends never allocate once the ring is full.
template<typename T>
class Ring
{
public:
    explicit Ring(qsizetype capacity = 0) { setCapacity(capacity); }

    void setCapacity(qsizetype capacity)
    {
        std::vector<T> kept;
        const qsizetype keep = std::min(capacity, m_size);
        kept.reserve(static_cast<size_t>(keep));
        for (qsizetype i = m_size - keep; i < m_size; ++i)
            kept.push_back(at(i));
        m_data = std::move(kept);
        m_capacity = std::max<qsizetype>(capacity, 1);
        m_head = 0;
        m_size = keep;
    }

    /// Makes room for `count` elements (at most the capacity) so pushes do not reallocate.
    void reserve(qsizetype count) { m_data.reserve(size_t(std::min(count, m_capacity))); }

    void push(T value)
    {
        if (static_cast<qsizetype>(m_data.size()) < m_capacity) {
            m_data.push_back(std::move(value));
            ++m_size;
            return;
        }
        m_data[static_cast<size_t>(m_head)] = std::move(value);
        m_head = (m_head + 1) % m_capacity;
    }

    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return m_capacity; }
    bool isEmpty() const { return m_size == 0; }
    /// Oldest first: at(0) is the oldest kept element, at(size()-1) the newest.
    const T &at(qsizetype i) const
    {
        return m_data[static_cast<size_t>((m_head + i) % static_cast<qsizetype>(m_data.size()))];
    }
    const T &last() const { return at(m_size - 1); }
    void clear()
    {
        m_data.clear();
        m_head = 0;
        m_size = 0;
    }

private:
    std::vector<T> m_data;
    qsizetype m_capacity = 1;
    qsizetype m_head = 0;
    qsizetype m_size = 0;
};

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

/// All channels of a dashboard. Thread-safe: feeds append from the ingest thread(s),
/// the UI reads on its frame timer. Memory per channel is bounded by the history length, and
/// the number of channels by a limit per feed (names made from message values would otherwise
/// grow without end).
class ChannelStore
{
public:
    /// The most channels a feed may have unless setChannelLimits() says otherwise.
    static constexpr qsizetype DefaultChannelLimit = 1000;

    explicit ChannelStore(qsizetype historyLength = 100000, qsizetype textHistory = 1000);
    ~ChannelStore();
    ChannelStore(const ChannelStore &) = delete;
    ChannelStore &operator=(const ChannelStore &) = delete;

    /// Finds or creates the channel `name` ("<feed id>/<channel>"). Returns null when it does
    /// not exist and its feed already has its limit of channels; `refused` then says why,
    /// naming the feed, the limit and `name`.
    ChannelPtr channel(const QString &name, QString *refused = nullptr);
    ChannelPtr find(const QString &name) const;
    QStringList names() const;
    /// Channels whose name matches `pattern`: exact, or with '*' matching one path segment,
    /// or a trailing "/**" matching everything below.
    QList<ChannelPtr> match(const QString &pattern) const;
    /// Drops every channel of a feed (the feed was removed from the dashboard).
    void removeFeed(const QString &feedId);

    /// The most channels each feed may have: `limits` by feed id, DefaultChannelLimit for the
    /// feeds not in it. Lowering a limit keeps the channels already made (they keep receiving).
    void setChannelLimits(const QHash<QString, qsizetype> &limits);
    qsizetype channelLimit(const QString &feedId) const;

    /// Bumped when channels are added or removed, so views can re-resolve their patterns.
    quint64 layoutVersion() const { return m_layoutVersion.load(std::memory_order_acquire); }

    qsizetype historyLength() const;
    /// Channels made from now on keep `length` numbers (at least 2). The existing ones are
    /// resized on a worker thread, one at a time (Channel::setCapacity), so the caller (the UI
    /// thread, on Apply) returns at once and no lookup or append waits for the whole store.
    void setHistoryLength(qsizetype length);
    /// Whether channels are still being resized to the history length.
    bool isResizing() const;
    /// Returns once every channel has the history length (tests, benchmarks).
    void waitUntilResized() const;

    static bool patternMatches(const QString &pattern, const QString &name);

private:
    /// The resize worker: resizes every channel to the history length whenever asked.
    void resizeLoop();

    /// Whether `feedId` has no room for another channel (lock held).
    bool feedIsFull(const QString &feedId) const;
    /// Null, with the reason in `refused` (lock held).
    ChannelPtr refuse(const QString &feedId, const QString &name, QString *refused) const;

    mutable QReadWriteLock m_lock;
    QHash<QString, ChannelPtr> m_channels;
    QHash<QString, qsizetype> m_feedChannels; ///< channels per feed id
    QHash<QString, qsizetype> m_channelLimits;
    qsizetype m_historyLength;
    qsizetype m_textHistory;
    std::atomic<quint64> m_layoutVersion{0};

    mutable std::mutex m_resizeMutex;
    mutable std::condition_variable m_resizeChanged;
    bool m_resizeWanted = false;  ///< the history length changed since the worker last looked
    bool m_resizeRunning = false; ///< the worker is resizing channels
    bool m_stopResizing = false;
    std::thread m_resizer; ///< started by the first setHistoryLength()
};

} // namespace livedash
