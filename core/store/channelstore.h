#pragma once

#include "document/limits.h"
#include "store/channel.h"

#include <QHash>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace livedash {

/// All channels of a dashboard. Thread-safe: feeds append from the ingest thread(s),
/// the UI reads on its frame timer. Memory per channel is bounded by the history length, and
/// the number of channels by a limit per feed (names made from message values would otherwise
/// grow without end).
class ChannelStore
{
public:
    /// The most channels a feed may have unless setChannelLimits() says otherwise.
    static constexpr qsizetype DefaultChannelLimit = livedash::DefaultChannelLimit;

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
    /// The feed a channel belongs to: its name up to the first '/' ("scores/m1" -> "scores").
    static QString feedIdOf(const QString &channelName);

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
