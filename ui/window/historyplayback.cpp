#include "window/historyplayback.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace livedash {

namespace {

constexpr int TickMs = 33;
constexpr qint64 MinLoadAheadMs = 10000;
constexpr qsizetype TextsAtSeek = 500;
constexpr qsizetype PlaybackHistoryLength = 200000;

} // namespace

HistoryPlayback::HistoryPlayback(QObject *parent)
    : QObject(parent), m_store(std::make_unique<ChannelStore>(PlaybackHistoryLength))
{
    m_timer.setInterval(TickMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HistoryPlayback::advance);
}

HistoryPlayback::~HistoryPlayback() = default;

bool HistoryPlayback::open(const QString &path, QString *error)
{
    pause();
    m_cursors.clear();
    return m_reader.open(path, history::HistoryStore::Mode::ReadOnly, error);
}

void HistoryPlayback::setRange(qint64 from, qint64 to)
{
    m_from = std::min(from, to);
    m_to = std::max(from, to);
}

std::optional<std::pair<qint64, qint64>> HistoryPlayback::storedSpan() const
{
    return m_reader.span();
}

void HistoryPlayback::seek(qint64 t)
{
    m_position = t;
    // The same store object: panels re-resolve their channels when the old ones go.
    QSet<QString> feeds;
    for (const QString &name : m_store->names())
        feeds.insert(ChannelStore::feedIdOf(name));
    for (const QString &feed : std::as_const(feeds))
        m_store->removeFeed(feed);
    m_cursors.clear();
    std::vector<Sample> samples;
    for (const QString &name : m_reader.channels()) {
        if (!m_feeds.contains(ChannelStore::feedIdOf(name)))
            continue;
        samples.clear();
        m_reader.readSamples(name, t - m_windowMs, t, &samples);
        const QList<TextSample> texts =
            m_reader.readTexts(name, std::numeric_limits<qint64>::min(), t, TextsAtSeek);
        std::optional<Sample> last;
        if (samples.empty())
            last = m_reader.lastSampleAtOrBefore(name, t); // a tile's value, however old
        if (samples.empty() && texts.isEmpty() && !last)
            continue; // nothing yet at that time
        const ChannelPtr channel = m_store->channel(name);
        if (!channel)
            continue;
        if (last)
            channel->appendNumber(last->t, last->v);
        const size_t keep = std::min(samples.size(), size_t(PlaybackHistoryLength));
        for (size_t i = samples.size() - keep; i < samples.size(); ++i)
            channel->appendNumber(samples[i].t, samples[i].v);
        for (const TextSample &text : texts)
            channel->appendText(text.t, text.text);
        Cursor cursor;
        cursor.channel = channel;
        cursor.loadedTo = t;
        m_cursors.insert(name, std::move(cursor));
    }
    m_clock.restart();
    Q_EMIT positionChanged(m_position);
}

void HistoryPlayback::play(double speed)
{
    setSpeed(speed);
    if (m_position >= m_to)
        seek(m_from);
    m_clock.restart();
    m_timer.start();
}

void HistoryPlayback::pause()
{
    m_timer.stop();
}

void HistoryPlayback::setSpeed(double speed)
{
    m_speed = std::clamp(speed, 0.5, 100.0);
}

void HistoryPlayback::step(qint64 ms)
{
    pause();
    const qint64 target = std::clamp(m_position + ms, m_from, m_to);
    if (ms > 0) {
        m_position = target; // forward: append what lies between
        feedUntilPosition();
        Q_EMIT positionChanged(m_position);
    } else {
        seek(target);
    }
}

void HistoryPlayback::advance()
{
    const qint64 elapsed = m_clock.restart();
    m_position = std::min(m_to, m_position + qint64(std::llround(double(elapsed) * m_speed)));
    feedUntilPosition();
    Q_EMIT positionChanged(m_position);
    if (m_position >= m_to) {
        pause();
        Q_EMIT finished();
    }
}

void HistoryPlayback::feedUntilPosition()
{
    // Channels that first got data after the seek time appear as they start.
    for (const QString &name : m_reader.channels()) {
        if (m_cursors.contains(name) || !m_feeds.contains(ChannelStore::feedIdOf(name)))
            continue;
        const ChannelPtr channel = m_store->channel(name);
        if (!channel)
            continue;
        Cursor cursor;
        cursor.channel = channel;
        // What it got between the last position and now is loaded below.
        cursor.loadedTo = std::max(m_from, m_position - qint64(TickMs * m_speed) - 1);
        m_cursors.insert(name, std::move(cursor));
    }
    const qint64 ahead = std::max<qint64>(MinLoadAheadMs, qint64(m_speed * 2000));
    for (auto it = m_cursors.begin(); it != m_cursors.end(); ++it) {
        Cursor &c = it.value();
        for (;;) {
            while (c.next < c.pending.size() && c.pending[c.next].t <= m_position) {
                c.channel->appendNumber(c.pending[c.next].t, c.pending[c.next].v);
                ++c.next;
            }
            while (c.nextText < c.texts.size() && c.texts[c.nextText].t <= m_position) {
                c.channel->appendText(c.texts[c.nextText].t, c.texts[c.nextText].text);
                ++c.nextText;
            }
            const bool drained = c.next == c.pending.size() && c.nextText == c.texts.size();
            if (!drained || c.loadedTo >= m_position)
                break;
            // Load the next stretch: [loadedTo + 1, loadedTo + ahead].
            const qint64 from = c.loadedTo + 1;
            const qint64 to = std::max(m_position, c.loadedTo + ahead);
            c.pending.clear();
            c.next = 0;
            m_reader.readSamples(it.key(), from, to, &c.pending);
            c.texts = m_reader.readTexts(it.key(), from, to);
            c.nextText = 0;
            c.loadedTo = to;
        }
    }
}

} // namespace livedash
