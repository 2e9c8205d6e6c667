#pragma once

#include "alarms/alarm.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>

#include <utility>

class QNetworkAccessManager;

namespace livedash {
class Variables;
}
class QNetworkReply;

namespace livedash {

/// Posts alarm events to a webhook (chat and paging tools): one HTTP POST of a JSON document per
/// event, in order. A failed post (the server down, an error status, no answer in 10 s) is
/// retried after 1 s, then 2, 4... up to 60 s, until it goes through; events wait in a bounded
/// queue meanwhile, and past MaxQueued the oldest are dropped. All of it is counted.
class AlarmWebhook : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype MaxQueued = 1000;
    static constexpr int TimeoutMs = 10000;
    static constexpr int FirstRetryMs = 1000;
    static constexpr int MaxRetryMs = 60000;

    struct Stats
    {
        quint64 sent = 0;     ///< events the server took (a 2xx answer)
        quint64 failures = 0; ///< attempts that failed (each is retried)
        quint64 dropped = 0;  ///< events given up because the queue was full
        qsizetype queued = 0; ///< events waiting, the one being sent included
        QString lastError;    ///< why the last attempt failed
    };

    explicit AlarmWebhook(QObject *parent = nullptr);
    ~AlarmWebhook() override;

    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    /// The dashboard's header values with their ${env:...} references resolved; what cannot be
    /// resolved is in `problems` ("Authorization: environment variable T is not set").
    static Headers resolveHeaders(const QVariantMap &headers, const Variables &variables,
                                  QStringList *problems);
    /// Where to post, with these headers (their references already resolved).
    void setTarget(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers);
    QUrl url() const { return m_url; }
    /// Queues `event` (from dashboard `dashboardName`) and sends it when its turn comes.
    void post(const AlarmEvent &event, const QString &dashboardName);
    Stats stats() const { return m_stats; }
    /// The JSON document posted for `event`.
    static QByteArray body(const AlarmEvent &event, const QString &dashboardName);
    /// Retry delays start at `ms` (tests).
    void setFirstRetryMs(int ms) { m_firstRetryMs = ms; }

Q_SIGNALS:
    /// An event went through, or an attempt failed (stats() says which).
    void attempted();

private:
    void sendNext();

    QNetworkAccessManager *m_network;
    QUrl m_url;
    QList<std::pair<QByteArray, QByteArray>> m_headers;
    QList<QByteArray> m_queue;
    QNetworkReply *m_inFlight = nullptr;
    QTimer m_retry;
    int m_retryMs = FirstRetryMs;
    int m_firstRetryMs = FirstRetryMs;
    Stats m_stats;
};

} // namespace livedash
