#pragma once

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <atomic>
#include <memory>

namespace livedash {

enum class FeedState { Stopped, Connecting, Live, Retrying, Finished, Error };
QString feedStateName(FeedState state);

/// A copy of one feed's state and counters, taken for the status view.
struct FeedStatus
{
    QString id;
    QString name;
    QString plugin;
    FeedState state = FeedState::Stopped;
    QString detail;      ///< e.g. the URL being connected to
    QString lastError;   ///< why the last connection ended or failed
    QString lastProblem; ///< the last rejected message's reason
    QString note;
    qint64 retryAtMs = 0; ///< when Retrying: wall-clock ms of the next attempt
    int attempt = 0;
    quint64 messages = 0;
    quint64 samples = 0;
    quint64 rejected = 0;
    quint64 bytes = 0;
    quint64 gaps = 0;
    quint64 connects = 0;
    qint64 lastMessageMs = 0;
};

/// Live state of one feed. Counters are atomics (bumped per message on the ingest thread);
/// the text fields are under a mutex and change only on state transitions and problems.
class FeedStats
{
public:
    FeedStats(QString id, QString name, QString plugin);

    std::atomic<quint64> messages{0};
    std::atomic<quint64> samples{0};
    std::atomic<quint64> rejected{0};
    std::atomic<quint64> bytes{0};
    std::atomic<quint64> gaps{0};
    std::atomic<quint64> connects{0};
    std::atomic<qint64> lastMessageMs{0};

    void setState(FeedState state, const QString &detail = {});
    void setRetrying(qint64 retryAtMs, int attempt, const QString &error);
    void setError(const QString &error);
    void setProblem(const QString &problem);
    void setNote(const QString &note);
    FeedStatus snapshot() const;

private:
    mutable QMutex m_mutex;
    FeedStatus m_status;
};

/// Every running feed's stats, read by the UI a few times a second (pull, not push).
class FeedStatusBoard
{
public:
    std::shared_ptr<FeedStats> add(const QString &id, const QString &name, const QString &plugin);
    void remove(const QString &id, const std::shared_ptr<FeedStats> &expected);
    /// Also the order feeds were added in.
    QList<FeedStatus> snapshot() const;
    std::optional<FeedStatus> status(const QString &id) const;

private:
    mutable QMutex m_mutex;
    QList<std::pair<QString, std::shared_ptr<FeedStats>>> m_feeds;
};

} // namespace livedash
