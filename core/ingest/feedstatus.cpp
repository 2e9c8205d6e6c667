#include "ingest/feedstatus.h"

namespace livedash {

QString feedStateName(FeedState state)
{
    switch (state) {
    case FeedState::Stopped:
        return QStringLiteral("stopped");
    case FeedState::Connecting:
        return QStringLiteral("connecting");
    case FeedState::Live:
        return QStringLiteral("live");
    case FeedState::Retrying:
        return QStringLiteral("retrying");
    case FeedState::Finished:
        return QStringLiteral("finished");
    case FeedState::Error:
        return QStringLiteral("error");
    }
    return {};
}

FeedStats::FeedStats(QString id, QString name, QString plugin)
{
    m_status.id = std::move(id);
    m_status.name = std::move(name);
    m_status.plugin = std::move(plugin);
}

void FeedStats::setState(FeedState state, const QString &detail)
{
    QMutexLocker lock(&m_mutex);
    m_status.state = state;
    m_status.detail = detail;
    if (state == FeedState::Live)
        m_status.attempt = 0;
}

void FeedStats::setRetrying(qint64 retryAtMs, int attempt, const QString &error)
{
    QMutexLocker lock(&m_mutex);
    m_status.state = FeedState::Retrying;
    m_status.retryAtMs = retryAtMs;
    m_status.attempt = attempt;
    m_status.lastError = error;
}

void FeedStats::setError(const QString &error)
{
    QMutexLocker lock(&m_mutex);
    m_status.lastError = error;
}

void FeedStats::setProblem(const QString &problem)
{
    QMutexLocker lock(&m_mutex);
    m_status.lastProblem = problem;
}

void FeedStats::setNote(const QString &note)
{
    QMutexLocker lock(&m_mutex);
    m_status.note = note;
}

FeedStatus FeedStats::snapshot() const
{
    FeedStatus s;
    {
        QMutexLocker lock(&m_mutex);
        s = m_status;
    }
    s.messages = messages.load(std::memory_order_relaxed);
    s.samples = samples.load(std::memory_order_relaxed);
    s.rejected = rejected.load(std::memory_order_relaxed);
    s.bytes = bytes.load(std::memory_order_relaxed);
    s.gaps = gaps.load(std::memory_order_relaxed);
    s.connects = connects.load(std::memory_order_relaxed);
    s.lastMessageMs = lastMessageMs.load(std::memory_order_relaxed);
    return s;
}

std::shared_ptr<FeedStats> FeedStatusBoard::add(const QString &id, const QString &name,
                                                const QString &plugin)
{
    auto stats = std::make_shared<FeedStats>(id, name, plugin);
    QMutexLocker lock(&m_mutex);
    for (auto &entry : m_feeds) {
        if (entry.first == id) {
            entry.second = stats;
            return stats;
        }
    }
    m_feeds.append({id, stats});
    return stats;
}

void FeedStatusBoard::remove(const QString &id, const std::shared_ptr<FeedStats> &expected)
{
    QMutexLocker lock(&m_mutex);
    m_feeds.removeIf([&](const auto &entry) {
        return entry.first == id && (!expected || entry.second == expected);
    });
}

QList<FeedStatus> FeedStatusBoard::snapshot() const
{
    QList<std::shared_ptr<FeedStats>> feeds;
    {
        QMutexLocker lock(&m_mutex);
        for (const auto &entry : m_feeds)
            feeds.append(entry.second);
    }
    QList<FeedStatus> out;
    out.reserve(feeds.size());
    for (const auto &f : feeds)
        out.append(f->snapshot());
    return out;
}

std::optional<FeedStatus> FeedStatusBoard::status(const QString &id) const
{
    QMutexLocker lock(&m_mutex);
    for (const auto &entry : m_feeds)
        if (entry.first == id)
            return entry.second->snapshot();
    return std::nullopt;
}

} // namespace livedash
