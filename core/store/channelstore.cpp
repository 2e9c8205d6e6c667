#include "store/channelstore.h"

#include <QReadLocker>
#include <QWriteLocker>

namespace livedash {

void MinMaxPyramid::reset(qsizetype capacity)
{
    m_levels.clear();
    m_capacity = std::max<qsizetype>(capacity, 1);
    // Levels up to blocks as large as the ring; each holds the blocks a full ring can span.
    const quint64 cap = quint64(std::max<qsizetype>(capacity, 1));
    for (int level = BaseLevel; level < 63; ++level) {
        m_levels.emplace_back(size_t((cap >> level) + 2));
        if ((quint64(1) << level) >= cap)
            break;
    }
}

void MinMaxPyramid::append(quint64 index, const Sample &s)
{
    auto slot = [this](int level, quint64 i) -> MinMax & {
        auto &blocks = m_levels[size_t(level - BaseLevel)];
        return blocks[size_t((i >> level) % blocks.size())];
    };
    MinMax &base = slot(BaseLevel, index);
    if ((index & ((quint64(1) << BaseLevel) - 1)) == 0)
        base = MinMax{};
    base.fold(s);
    // A completed block completes its parent when it is the parent's second half.
    for (int level = BaseLevel + 1; level <= topLevel(); ++level) {
        const quint64 size = quint64(1) << level;
        if (((index + 1) & (size - 1)) != 0)
            break;
        const quint64 start = index + 1 - size;
        MinMax merged = slot(level - 1, start);
        merged.merge(slot(level - 1, start + size / 2));
        slot(level, start) = merged;
    }
}

quint64 NumberView::lowerBound(qint64 t) const
{
    qsizetype lo = 0, hi = m_ring.size();
    while (lo < hi) {
        const qsizetype mid = (lo + hi) / 2;
        if (m_ring.at(mid).t < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return begin() + quint64(lo);
}

MinMax NumberView::minMax(quint64 first, quint64 last) const
{
    MinMax out;
    first = std::max(first, begin());
    last = std::min(last, end());
    quint64 i = first;
    while (i < last) {
        // The largest complete block that starts at i and ends by `last`.
        int level = MinMaxPyramid::BaseLevel;
        if ((i & ((quint64(1) << level) - 1)) != 0 || i + (quint64(1) << level) > last) {
            out.fold(at(i));
            ++i;
            continue;
        }
        while (level < m_pyramid.topLevel() && (i & ((quint64(1) << (level + 1)) - 1)) == 0 &&
               i + (quint64(1) << (level + 1)) <= last)
            ++level;
        out.merge(m_pyramid.block(level, i));
        i += quint64(1) << level;
    }
    return out;
}

Channel::Channel(QString name, qsizetype numberCapacity, qsizetype textCapacity)
    : m_name(std::move(name)), m_numbers(numberCapacity), m_texts(textCapacity)
{
}

void Channel::rebuildPyramid(qsizetype capacity)
{
    m_pyramid.reset(capacity);
    const quint64 first = m_totalNumbers - quint64(m_numbers.size());
    for (qsizetype i = 0; i < m_numbers.size(); ++i)
        m_pyramid.append(first + quint64(i), m_numbers.at(i));
}

QString Channel::feedId() const
{
    return m_name.section(QLatin1Char('/'), 0, 0);
}

void Channel::appendNumber(qint64 t, double v)
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_numbers.isEmpty() && t < m_numbers.last().t)
            m_lastDescent = m_totalNumbers;
        m_numbers.push(Sample{t, v});
        ++m_totalNumbers;
        if (m_numbers.size() > m_pyramid.capacity()) {
            // Doubling, as the ring's own storage does: amortised O(1) per sample.
            rebuildPyramid(std::min(m_numbers.capacity(),
                                    std::max<qsizetype>(2 * m_pyramid.capacity(), 1024)));
        } else {
            m_pyramid.append(m_totalNumbers - 1, Sample{t, v});
        }
    }
    m_version.fetch_add(1, std::memory_order_release);
}

void Channel::appendText(qint64 t, const QString &text)
{
    {
        QMutexLocker lock(&m_mutex);
        m_texts.push(TextSample{t, text});
        ++m_totalTexts;
    }
    m_version.fetch_add(1, std::memory_order_release);
}

quint64 Channel::totalNumbers() const
{
    QMutexLocker lock(&m_mutex);
    return m_totalNumbers;
}

quint64 Channel::totalTexts() const
{
    QMutexLocker lock(&m_mutex);
    return m_totalTexts;
}

std::optional<Sample> Channel::lastNumber() const
{
    QMutexLocker lock(&m_mutex);
    if (m_numbers.isEmpty())
        return std::nullopt;
    return m_numbers.last();
}

std::optional<std::pair<Sample, Sample>> Channel::lastTwoNumbers() const
{
    QMutexLocker lock(&m_mutex);
    if (m_numbers.size() < 2)
        return std::nullopt;
    return std::make_pair(m_numbers.at(m_numbers.size() - 2), m_numbers.last());
}

std::optional<TextSample> Channel::lastText() const
{
    QMutexLocker lock(&m_mutex);
    if (m_texts.isEmpty())
        return std::nullopt;
    return m_texts.last();
}

bool Channel::hasNumbers() const
{
    QMutexLocker lock(&m_mutex);
    return !m_numbers.isEmpty();
}

bool Channel::hasTexts() const
{
    QMutexLocker lock(&m_mutex);
    return !m_texts.isEmpty();
}

QList<TextSample> Channel::textsSince(quint64 afterTotal, quint64 *newTotal) const
{
    QMutexLocker lock(&m_mutex);
    if (newTotal)
        *newTotal = m_totalTexts;
    QList<TextSample> out;
    if (m_totalTexts <= afterTotal)
        return out;
    const auto fresh = std::min<quint64>(m_totalTexts - afterTotal, quint64(m_texts.size()));
    out.reserve(qsizetype(fresh));
    for (qsizetype i = m_texts.size() - qsizetype(fresh); i < m_texts.size(); ++i)
        out.append(m_texts.at(i));
    return out;
}

QList<TextSample> Channel::lastTexts(qsizetype count) const
{
    QMutexLocker lock(&m_mutex);
    QList<TextSample> out;
    const qsizetype n = std::min(count, m_texts.size());
    for (qsizetype i = m_texts.size() - n; i < m_texts.size(); ++i)
        out.append(m_texts.at(i));
    return out;
}

void Channel::setCapacity(qsizetype numberCapacity)
{
    numberCapacity = std::max<qsizetype>(numberCapacity, 1);
    // Samples copied per hold of the lock (512 KB), and how few must be left to finish.
    constexpr quint64 Chunk = quint64(1) << 15;
    constexpr quint64 Tail = quint64(1) << 12;
    QMutexLocker resizing(&m_resizeMutex);
    Ring<Sample> ring(numberCapacity);
    MinMaxPyramid pyramid;
    quint64 next = 0;       // append index of the next sample to copy into `ring`
    quint64 summarized = 0; // the samples before it are in `pyramid` (or gone from `ring`)
    // Folds what was copied since into the summary: `ring` is ours, so outside the lock but
    // for the last few samples.
    auto summarize = [&] {
        const quint64 ringBegin = next - quint64(ring.size());
        for (quint64 i = std::max(summarized, ringBegin); i < next; ++i)
            pyramid.append(i, ring.at(qsizetype(i - ringBegin)));
        summarized = next;
    };
    bool started = false;
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            const quint64 end = m_totalNumbers;
            const quint64 begin = end - quint64(m_numbers.size());
            if (!started) {
                if (m_numbers.capacity() == numberCapacity)
                    return;
                const qsizetype keep = std::min(m_numbers.size(), numberCapacity);
                next = summarized = end - quint64(keep);
                ring.reserve(keep + keep / 8); // room for what is appended during the copy
                // Sized as rebuildPyramid() is after doubling: no rebuild on the next append.
                pyramid.reset(std::min(numberCapacity, std::max<qsizetype>(2 * keep, 1024)));
                started = true;
            }
            if (next < begin) {
                // Appends outran the copy and the old ring dropped samples not copied yet:
                // keep the history contiguous, from what the old ring still holds.
                ring.clear();
                next = summarized = begin;
            }
            const bool last = end - next <= Tail;
            // Oldest first, so the old ring overwrites only what is already copied.
            for (const quint64 stop = std::min(end, next + Chunk); next < stop; ++next)
                ring.push(m_numbers.at(qsizetype(next - begin)));
            if (last) {
                summarize();
                std::swap(m_numbers, ring);
                std::swap(m_pyramid, pyramid);
                if (m_numbers.size() > m_pyramid.capacity()) // many appends during the copy
                    rebuildPyramid(std::min(m_numbers.capacity(),
                                            std::max<qsizetype>(2 * m_numbers.size(), 1024)));
                break;
            }
        }
        summarize(); // appends and readers get the lock meanwhile
    }
    m_version.fetch_add(1, std::memory_order_release);
    // The old ring and summary are freed here, after the lock.
}

qsizetype Channel::numberCapacity() const
{
    QMutexLocker lock(&m_mutex);
    return m_numbers.capacity();
}

qsizetype Channel::numberCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_numbers.size();
}

ChannelStore::ChannelStore(qsizetype historyLength, qsizetype textHistory)
    : m_historyLength(std::max<qsizetype>(historyLength, 2)), m_textHistory(textHistory)
{
}

ChannelStore::~ChannelStore()
{
    {
        std::lock_guard lock(m_resizeMutex);
        m_stopResizing = true;
        m_resizeChanged.notify_all();
    }
    if (m_resizer.joinable())
        m_resizer.join(); // after the channel being resized, if any
}

namespace {

QString feedIdOf(const QString &name)
{
    return name.section(QLatin1Char('/'), 0, 0);
}

} // namespace

bool ChannelStore::feedIsFull(const QString &feedId) const
{
    return m_feedChannels.value(feedId) >= m_channelLimits.value(feedId, DefaultChannelLimit);
}

ChannelPtr ChannelStore::channel(const QString &name, QString *refused)
{
    QString feedId;
    {
        QReadLocker lock(&m_lock);
        if (auto it = m_channels.constFind(name); it != m_channels.constEnd())
            return *it;
        feedId = feedIdOf(name);
        // Refused under the read lock: a runaway name template costs ingest no write lock.
        if (feedIsFull(feedId))
            return refuse(feedId, name, refused);
    }
    QWriteLocker lock(&m_lock);
    if (auto it = m_channels.constFind(name); it != m_channels.constEnd())
        return *it;
    if (feedIsFull(feedId)) // filled up meanwhile
        return refuse(feedId, name, refused);
    ChannelPtr made = std::make_shared<Channel>(name, m_historyLength, m_textHistory);
    m_channels.insert(name, made);
    ++m_feedChannels[feedId];
    m_layoutVersion.fetch_add(1, std::memory_order_release);
    return made;
}

ChannelPtr ChannelStore::refuse(const QString &feedId, const QString &name, QString *refused) const
{
    if (refused)
        *refused = QStringLiteral("feed \"%1\" is at its limit of %2 channels (maxChannels): "
                                  "\"%3\" not created")
                       .arg(feedId)
                       .arg(m_channelLimits.value(feedId, DefaultChannelLimit))
                       .arg(name);
    return {};
}

ChannelPtr ChannelStore::find(const QString &name) const
{
    QReadLocker lock(&m_lock);
    return m_channels.value(name);
}

QStringList ChannelStore::names() const
{
    QReadLocker lock(&m_lock);
    QStringList out = m_channels.keys();
    out.sort();
    return out;
}

bool ChannelStore::patternMatches(const QString &pattern, const QString &name)
{
    if (!pattern.contains(QLatin1Char('*')))
        return pattern == name;
    const QStringList want = pattern.split(QLatin1Char('/'));
    const QStringList have = name.split(QLatin1Char('/'));
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want[i] == QLatin1String("**"))
            return i == want.size() - 1 && have.size() > i;
        if (i >= have.size())
            return false;
        if (want[i] != QLatin1String("*") && want[i] != have[i])
            return false;
    }
    return want.size() == have.size();
}

QList<ChannelPtr> ChannelStore::match(const QString &pattern) const
{
    QReadLocker lock(&m_lock);
    QList<ChannelPtr> out;
    if (!pattern.contains(QLatin1Char('*'))) {
        if (auto c = m_channels.value(pattern))
            out.append(c);
        return out;
    }
    for (const auto &c : m_channels)
        if (patternMatches(pattern, c->name()))
            out.append(c);
    std::sort(out.begin(), out.end(),
              [](const ChannelPtr &a, const ChannelPtr &b) { return a->name() < b->name(); });
    return out;
}

void ChannelStore::removeFeed(const QString &feedId)
{
    QWriteLocker lock(&m_lock);
    const QString prefix = feedId + QLatin1Char('/');
    qsizetype removed = 0;
    for (auto it = m_channels.begin(); it != m_channels.end();) {
        if (it.key().startsWith(prefix)) {
            it = m_channels.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    if (removed == 0)
        return;
    if ((m_feedChannels[feedId] -= removed) <= 0)
        m_feedChannels.remove(feedId);
    m_layoutVersion.fetch_add(1, std::memory_order_release);
}

void ChannelStore::setChannelLimits(const QHash<QString, qsizetype> &limits)
{
    QWriteLocker lock(&m_lock);
    m_channelLimits = limits;
}

qsizetype ChannelStore::channelLimit(const QString &feedId) const
{
    QReadLocker lock(&m_lock);
    return m_channelLimits.value(feedId, DefaultChannelLimit);
}

qsizetype ChannelStore::historyLength() const
{
    QReadLocker lock(&m_lock);
    return m_historyLength;
}

void ChannelStore::setHistoryLength(qsizetype length)
{
    {
        QWriteLocker lock(&m_lock);
        m_historyLength = std::max<qsizetype>(length, 2);
    }
    // Resizing 1M-point channels takes tens of ms each: never under the store's lock, never on
    // the caller's thread.
    std::lock_guard lock(m_resizeMutex);
    m_resizeWanted = true;
    if (!m_resizer.joinable())
        m_resizer = std::thread([this] { resizeLoop(); });
    m_resizeChanged.notify_all();
}

void ChannelStore::resizeLoop()
{
    std::unique_lock lock(m_resizeMutex);
    for (;;) {
        m_resizeChanged.wait(lock, [this] { return m_resizeWanted || m_stopResizing; });
        if (m_stopResizing)
            return;
        m_resizeWanted = false;
        m_resizeRunning = true;
        lock.unlock();
        qsizetype length;
        QList<ChannelPtr> channels;
        {
            QReadLocker read(&m_lock);
            length = m_historyLength; // channels made after this have it already
            channels = m_channels.values();
        }
        for (const ChannelPtr &c : std::as_const(channels)) {
            {
                std::lock_guard check(m_resizeMutex);
                if (m_resizeWanted || m_stopResizing)
                    break; // start over with the newer length
            }
            c->setCapacity(length);
        }
        lock.lock();
        m_resizeRunning = false;
        m_resizeChanged.notify_all();
    }
}

bool ChannelStore::isResizing() const
{
    std::lock_guard lock(m_resizeMutex);
    return m_resizeWanted || m_resizeRunning;
}

void ChannelStore::waitUntilResized() const
{
    std::unique_lock lock(m_resizeMutex);
    m_resizeChanged.wait(
        lock, [this] { return (!m_resizeWanted && !m_resizeRunning) || m_stopResizing; });
}

} // namespace livedash
