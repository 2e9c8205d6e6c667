#include "store/channelstore.h"
#include "document/dashboard.h"

#include <QReadLocker>
#include <QWriteLocker>

namespace livedash {

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

QString ChannelStore::feedIdOf(const QString &channelName)
{
    return channelName.section(QLatin1Char('/'), 0, 0);
}

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
    return channelPatternMatches(pattern, name);
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
