#pragma once

// Channel naming of the demo dashboard (resources/demo-dashboard.json), which the scoreboard
// relies on: a table's cells are channels "<feed>/<group>/<rowKey>/<column>", bound with a
// pattern "<feed>/<group>/*/*"; the row key is the segment matched by the '*' before the last
// (e.g. "m1") and the column is the last segment (home, homeGoals, awayGoals, away, clock, last).
// A cell shows its channel's latest value: text for text channels, the number otherwise.
// Channels: match/score/<m>/<column>, match/event/<m> (text), match/possession/<m>,
// match/xg/<m>/{home,away}, services/{latency,rps,errors}/<service>,
// ops/{deploy,alert,info}/<service> (text; the segment after "ops" is the SSE event name),
// ops/queue/depth.

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <memory>

class QJsonObject;
class QTimer;
class QWebSocket;
class QWebSocketServer;

namespace livedash {

class HttpExchange;
class LocalHttpServer;
class Variables;

namespace internal {
class MatchDay;
class ServiceMetrics;
class OpsEvents;
} // namespace internal

/// The embedded demo: three real servers on 127.0.0.1 with ephemeral ports, fed by simulations
/// that move every second.
///  - WebSocket `/match`: three concurrent football matches (clock, score, event, stats JSON
///    messages, each with `ts` in epoch ms and a per-connection `seq`); a new client first gets
///    the last few events, then one score message per match.
///  - HTTP `GET /metrics`: a JSON array of service metrics (latencyMs, rps, errorRate, cpu, ts)
///    with an ETag that changes at most every 200 ms (If-None-Match gives 304).
///  - SSE `GET /events`: deploy/alert/info events and a periodic `queue` event with `id:` lines,
///    `retry: 2000`, keep-alive comments, and Last-Event-ID resumption (missed events are
///    replayed; a stream without Last-Event-ID starts with the last few non-queue events).
///
/// Meant to live on its own thread: create it, moveToThread(), then call start() in that
/// thread (e.g. QMetaObject::invokeMethod with Qt::BlockingQueuedConnection); servers and
/// timers are created there. Call stop() in that thread too (or delete it there) before the
/// thread ends. The URL accessors and exportTo() may be called from any thread.
class DemoSources : public QObject
{
    Q_OBJECT
public:
    explicit DemoSources(QObject *parent = nullptr);
    ~DemoSources() override;

    /// Binds the three servers and starts the simulations. False if a server cannot listen;
    /// `error` (and errorString()) then says which and why, and nothing keeps running.
    bool start(QString *error = nullptr);
    /// Closes the servers and stops the simulations; start() may be called again.
    void stop();
    bool isRunning() const;
    QString errorString() const;

    QUrl wsUrl() const;   ///< ws://127.0.0.1:<port>/match
    QUrl httpUrl() const; ///< http://127.0.0.1:<port>/metrics
    QUrl sseUrl() const;  ///< http://127.0.0.1:<port>/events

    /// Sets "demo.ws", "demo.http" and "demo.sse" to the full URLs (after start()).
    void exportTo(Variables &vars) const;

    /// Connected WebSocket clients and open SSE streams (for tests and the status line).
    int webSocketClients() const;
    int eventStreams() const;

private:
    struct WsClient
    {
        QPointer<QWebSocket> socket; ///< null once the peer left (pruned by updateCounts())
        quint64 seq = 0;
    };
    struct SseRecord
    {
        quint64 id = 0;
        bool queue = false; ///< a periodic reading, not replayed to a brand-new stream
        QByteArray frame;
    };

    void onWebSocketConnection();
    /// Sends `body` (a compact JSON object) with the client's next `seq`; false if it cannot.
    bool sendTo(WsClient &client, const QByteArray &body);
    void matchTick();
    void metricsTick();
    void opsTick();
    void keepAlive();
    void serveMetrics(HttpExchange *exchange);
    void serveEvents(HttpExchange *exchange);
    /// Numbers an event and keeps it for Last-Event-ID resumption; returns its frame.
    QByteArray recordSse(const QByteArray &event, const QJsonObject &data);
    void broadcastSse(const QByteArray &event, const QJsonObject &data);
    void updateCounts();

    QWebSocketServer *m_wsServer = nullptr;
    LocalHttpServer *m_httpServer = nullptr;
    LocalHttpServer *m_sseServer = nullptr;
    QTimer *m_matchTimer = nullptr;
    QTimer *m_metricsTimer = nullptr;
    QTimer *m_opsTimer = nullptr;
    QTimer *m_keepAliveTimer = nullptr;
    QList<WsClient> m_wsClients;
    QList<QPointer<HttpExchange>> m_sseClients;
    QList<SseRecord> m_sseBacklog;
    quint64 m_nextSseId = 1;
    std::unique_ptr<internal::MatchDay> m_matches;
    std::unique_ptr<internal::ServiceMetrics> m_metrics;
    std::unique_ptr<internal::OpsEvents> m_ops;

    mutable QMutex m_mutex; ///< guards what other threads read: URLs, error, counts
    QUrl m_wsUrl;
    QUrl m_httpUrl;
    QUrl m_sseUrl;
    QString m_error;
    bool m_running = false;
    int m_wsCount = 0;
    int m_sseCount = 0;
};

} // namespace livedash
