#include "store/channel.h"
#include "store/channelstore.h"

#include <QMutexLocker>

namespace livedash {

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
    return ChannelStore::feedIdOf(m_name);
}

void Channel::appendNumber(qint64 t, double v)
{
    const Sample s{t, v};
    appendNumbers(&s, 1);
}

void Channel::appendNumbers(const Sample *samples, qsizetype count)
{
    if (count <= 0)
        return;
    {
        QMutexLocker lock(&m_mutex);
        for (const Sample *s = samples; s != samples + count; ++s) {
            if (!m_numbers.isEmpty() && s->t < m_numbers.last().t)
                m_lastDescent = m_totalNumbers;
            m_numbers.push(*s);
            ++m_totalNumbers;
            if (m_numbers.size() > m_pyramid.capacity()) {
                // Doubling, as the ring's own storage does: amortised O(1) per sample.
                rebuildPyramid(std::min(m_numbers.capacity(),
                                        std::max<qsizetype>(2 * m_pyramid.capacity(), 1024)));
            } else {
                m_pyramid.append(m_totalNumbers - 1, *s);
            }
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

} // namespace livedash
