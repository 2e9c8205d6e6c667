// Reliability scenario 1: the server is restarted 100 times under load.
//
// A driver on a server thread runs the cycle "a connection arrives -> it carries 2 messages a
// millisecond for a while -> the server drops it (a close handshake or a hard abort, in turn)
// and stops listening -> it listens again on the same port after 0-30 ms". Every tenth
// connection is kept up well past the feed's stable period; after every tenth from the fifth
// on the server stays down for 600 ms, long enough for the backoff to reach its cap. Each
// message carries its connection number and its number within the connection.
//
// Pass criteria:
// - the feed reconnects every time: FeedStatus.connects == 101 == connections the server saw;
// - every delay the runner draws (from its "retrying in N ms" log line) follows the policy
//   (README, "Feed kinds"): after a connection that delivered messages (every connection
//   here lasts at least 10 ms, over the initial delay) the next delay is the quick one, within
//   [0, min(base, 250 ms)], and the backoff starts over; after a connection that outlived the
//   stable period too; every other delay lies within [0, min(cap, base * 2^n, max(base, time
//   since the outage began))], n counting attempts since the last reset; the capped delays
//   spread over [0, cap] (full jitter, not a fixed or halved delay);
// - server side, the time from each drop to the next connection is at least the sum of the
//   delays drawn in between (they are really waited), and without hidden waits on top;
// - nothing is lost while connected: within each connection the numbers arrive 1, 2, 3, ...
//   without a gap, and after a close handshake every message sent on it arrived;
// - no leak: live QObjects, open file descriptors and RSS after restart 100 equal those after
//   restart 20 (small tolerances), and no crash.
#include "ingest/pluginregistry.h"
#include "support.h"

#include <QRandomGenerator>
#include <QTest>

#include <map>
#include <set>

using namespace livedash;
using namespace livedash::reliability;

namespace {

constexpr int Restarts = 100;
constexpr int BaseMs = 5;
constexpr int CapMs = 80;
constexpr int StableMs = 150;
constexpr int Checkpoint = 20;
constexpr int LongDownMs = 600;                // after connections 5, 15, ..., 95
constexpr int QuickMs = std::min(BaseMs, 250); // BackoffPolicy::QuickJitterMax

/// What one connection saw, server side.
struct Connection
{
    qint64 upUs = 0;
    qint64 downUs = 0; ///< when the server started dropping it
    bool graceful = false;
    bool stable = false; ///< kept up past the stable period
    quint64 sent = 0;
    int downMs = 0; ///< how long the server did not listen after dropping it
};

/// A server that can be restarted: WebSocket or SSE. Lives on the server thread.
class Target : public QObject
{
public:
    std::function<void()> onConnected;
    std::function<void()> onDropped;

    virtual bool listen(quint16 port) = 0;
    virtual void stopListening() = 0;
    virtual quint16 port() const = 0;
    virtual QString url() const = 0;
    virtual void send(const QByteArray &json) = 0;
    virtual bool hasConnection() const = 0;
    /// Ends the current connection; onDropped follows once it is gone.
    virtual void drop(bool graceful) = 0;
};

class WsTarget final : public Target
{
public:
    WsTarget()
    {
        QObject::connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *client = m_server.nextPendingConnection()) {
                client->setParent(this);
                QObject::connect(client, &QWebSocket::disconnected, this, [this, client] {
                    client->deleteLater();
                    if (client == m_current) {
                        m_current = nullptr;
                        if (onDropped)
                            onDropped();
                    }
                });
                if (m_current) // the driver never expects two at once
                    qWarning("second WebSocket connection while one is up");
                m_current = client;
                if (onConnected)
                    onConnected();
            }
        });
    }
    bool listen(quint16 port) override { return m_server.listen(QHostAddress::LocalHost, port); }
    void stopListening() override { m_server.close(); }
    quint16 port() const override { return m_server.serverPort(); }
    QString url() const override
    {
        return QStringLiteral("ws://127.0.0.1:%1/restart").arg(m_server.serverPort());
    }
    void send(const QByteArray &json) override
    {
        if (m_current)
            m_current->sendTextMessage(QString::fromLatin1(json));
    }
    bool hasConnection() const override { return m_current; }
    void drop(bool graceful) override
    {
        if (!m_current)
            return;
        if (graceful)
            m_current->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("restart"));
        else
            m_current->abort();
        if (m_current && m_current->state() == QAbstractSocket::UnconnectedState) {
            m_current->deleteLater();
            m_current = nullptr; // in case abort() did not emit disconnected
            if (onDropped)
                onDropped();
        }
    }

private:
    QWebSocketServer m_server{QStringLiteral("restart"), QWebSocketServer::NonSecureMode};
    QPointer<QWebSocket> m_current;
};

/// A minimal SSE server on QTcpServer: full control over when it listens and how it hangs up.
class SseTarget final : public Target
{
public:
    SseTarget()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { onRequest(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    socket->deleteLater();
                    if (socket == m_current) {
                        m_current = nullptr;
                        if (onDropped)
                            onDropped();
                    }
                });
            }
        });
    }
    bool listen(quint16 port) override { return m_server.listen(QHostAddress::LocalHost, port); }
    void stopListening() override { m_server.close(); }
    quint16 port() const override { return m_server.serverPort(); }
    QString url() const override
    {
        return QStringLiteral("http://127.0.0.1:%1/events").arg(m_server.serverPort());
    }
    void send(const QByteArray &json) override
    {
        if (m_current)
            m_current->write("data: " + json + "\n\n");
    }
    bool hasConnection() const override { return m_current; }
    void drop(bool graceful) override
    {
        if (!m_current)
            return;
        if (graceful)
            m_current->disconnectFromHost(); // everything written is delivered first
        else
            m_current->abort();
        if (m_current && m_current->state() == QAbstractSocket::UnconnectedState) {
            m_current->deleteLater();
            m_current = nullptr; // in case abort() did not emit disconnected
            if (onDropped)
                onDropped();
        }
    }

private:
    void onRequest(QTcpSocket *socket)
    {
        if (socket->property("streaming").toBool()) {
            socket->readAll();
            return;
        }
        const QByteArray request = socket->property("request").toByteArray() + socket->readAll();
        socket->setProperty("request", request);
        if (!request.contains("\r\n\r\n"))
            return;
        socket->setProperty("streaming", true);
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                      "Cache-Control: no-cache\r\nConnection: close\r\n\r\n");
        if (m_current)
            qWarning("second SSE connection while one is up");
        m_current = socket;
        if (onConnected)
            onConnected();
    }

    QTcpServer m_server;
    QPointer<QTcpSocket> m_current;
};

/// Runs the restart cycles on the server thread.
class Driver : public QObject
{
public:
    explicit Driver(Target *target) : m_target(target)
    {
        m_target->setParent(this);
        m_target->onConnected = [this] { connected(); };
        m_target->onDropped = [this] { dropped(); };
        m_sender.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_sender, &QTimer::timeout, this, [this] {
            if (!m_target->hasConnection() || m_dropping || m_connections.empty())
                return;
            QMutexLocker lock(&m_mutex);
            Connection &c = m_connections.back();
            const qint64 index = qint64(m_connections.size()) - 1;
            for (int i = 0; i < 2; ++i) {
                ++c.sent;
                m_target->send(QByteArray(R"({"k":)") +
                               QByteArray::number(index * 1000000 + qint64(c.sent)) + "}");
            }
        });
        m_sender.start(1);
        // Member timers, not QTimer::singleShot: pending single-shot timers are QObjects too,
        // and would blur the live-object count the test compares.
        for (QTimer *t : {&m_upTimer, &m_cutOffTimer, &m_downTimer})
            t->setSingleShot(true);
        QObject::connect(&m_upTimer, &QTimer::timeout, this, [this] { maybeDrop(); });
        // A close handshake that never completes is cut off.
        QObject::connect(&m_cutOffTimer, &QTimer::timeout, this, [this] {
            if (m_dropping && m_target->hasConnection())
                m_target->drop(false);
        });
        QObject::connect(&m_downTimer, &QTimer::timeout, this, [this] {
            if (!m_target->listen(m_listenPort))
                qWarning("cannot listen again on port %d", int(m_listenPort));
        });
    }

    bool start()
    {
        if (!m_target->listen(0))
            return false;
        m_listenPort = m_target->port();
        return true;
    }
    QString url() const { return m_target->url(); }

    // Read by the main thread once the driver is parked (finished or at the checkpoint).
    std::vector<Connection> connections() const
    {
        QMutexLocker lock(&m_mutex);
        return m_connections;
    }
    std::atomic<int> parkedAt{-1}; ///< the connection index the driver waits at
    std::atomic<bool> release{false};
    std::atomic<int> unexpected{0};

private:
    void connected()
    {
        if (m_dropping || (!m_connections.empty() && m_connections.back().downUs == 0)) {
            ++unexpected; // a connection the cycle did not allow for
        }
        const int index = int(m_connections.size());
        Connection c;
        c.upUs = monoUs();
        c.stable = index > 0 && index % 10 == 0;
        c.graceful = index % 2 == 0;
        {
            QMutexLocker lock(&m_mutex);
            m_connections.push_back(c);
        }
        if (index == Restarts) { // the 101st connection: done, keep it up
            parkedAt.store(index);
            return;
        }
        const int upMs =
            c.stable ? 3 * StableMs : 10 + int(QRandomGenerator::global()->bounded(31));
        m_upTimer.start(upMs);
    }

    void maybeDrop()
    {
        const int index = int(m_connections.size()) - 1;
        if (index == Checkpoint && !release.load()) {
            parkedAt.store(index); // the main thread measures, then releases
            m_upTimer.start(10);
            return;
        }
        parkedAt.store(-1);
        Connection &c = m_connections.back();
        m_dropping = true;
        m_target->stopListening();
        {
            QMutexLocker lock(&m_mutex);
            c.downUs = monoUs();
            c.downMs = c.stable          ? 0
                       : index % 10 == 5 ? LongDownMs
                                         : int(QRandomGenerator::global()->bounded(31));
        }
        m_cutOffTimer.start(1000);
        m_target->drop(c.graceful);
    }

    void dropped()
    {
        if (!m_dropping)
            return; // the final connection, or an unexpected end (counted by the test)
        m_dropping = false;
        m_cutOffTimer.stop();
        m_downTimer.start(m_connections.back().downMs);
    }

    Target *m_target;
    QTimer m_sender;
    QTimer m_upTimer;
    QTimer m_cutOffTimer;
    QTimer m_downTimer;
    bool m_dropping = false;
    quint16 m_listenPort = 0;
    mutable QMutex m_mutex;
    std::vector<Connection> m_connections;
};

/// Keeps every value of channel "k" (connection * 10^6 + number) in arrival order.
class KeySink final : public SampleSink
{
public:
    KeySink() { m_keys.reserve(600000); }
    void number(const QString &, const QString &channel, qint64, double v) override
    {
        if (channel != QLatin1String("k"))
            return;
        QMutexLocker lock(&m_mutex);
        if (m_keys.size() < m_keys.capacity()) // never reallocates during the measurement
            m_keys.push_back(qint64(v));
    }
    void text(const QString &, const QString &, qint64, const QString &) override {}
    std::vector<qint64> keys() const
    {
        QMutexLocker lock(&m_mutex);
        return m_keys;
    }

private:
    mutable QMutex m_mutex;
    std::vector<qint64> m_keys;
};

struct Figures
{
    qint64 objects = 0;
    int fds = 0;
    qint64 rssKb = 0;
};

Figures measure()
{
    return {QObjectCounter::live(), openFdCount(), rssKb()};
}

struct Delay
{
    qint64 atUs = 0;
    int ms = 0;
    QString reason;
};

} // namespace

class TestRestarts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void serverRestartedHundredTimes_data();
    void serverRestartedHundredTimes();

private:
    PluginRegistry m_registry;
};

void TestRestarts::initTestCase()
{
    QObjectCounter::install();
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QVERIFY(m_registry.plugin(QStringLiteral("websocket")));
    QVERIFY(m_registry.plugin(QStringLiteral("sse")));
}

void TestRestarts::serverRestartedHundredTimes_data()
{
    QTest::addColumn<QString>("plugin");
    QTest::newRow("websocket") << QStringLiteral("websocket");
    QTest::newRow("sse") << QStringLiteral("sse");
}

void TestRestarts::serverRestartedHundredTimes()
{
    QFETCH(QString, plugin);
    const QString id =
        plugin == QLatin1String("websocket") ? QStringLiteral("ws") : QStringLiteral("sse");
    LogCapture log({QStringLiteral("livedash.feed")});
    KeySink sink;

    ServerThread servers;
    Driver *driver = nullptr;
    bool listening = false;
    QString url;
    servers.run([&] {
        Target *target = plugin == QLatin1String("websocket") ? static_cast<Target *>(new WsTarget)
                                                              : new SseTarget;
        driver = new Driver(target);
        listening = driver->start();
        url = driver->url();
    });
    auto cleanup = qScopeGuard([&] { servers.run([&] { delete driver; }); });
    QVERIFY(listening);

    FeedConfig feed = feedConfig(id, plugin, url, {QStringLiteral("k")});
    feed.reconnect.initialDelayMs = BaseMs;
    feed.reconnect.maxDelayMs = CapMs;
    feed.reconnect.stablePeriodMs = StableMs;
    QElapsedTimer clock;
    clock.start();
    Figures atCheckpoint, atEnd;
    {
        IngestEngine engine(&m_registry, 1);
        engine.setSampleSink(&sink);
        engine.apply(dashboardOf({feed}, 100));

        QTRY_VERIFY2_WITH_TIMEOUT(driver->parkedAt.load() == Checkpoint,
                                  qPrintable(describe(statusOf(engine, id))), 40000);
        QTest::qWait(300); // let deleteLater()s on both threads run
        atCheckpoint = measure();
        driver->release.store(true);
        QTRY_VERIFY2_WITH_TIMEOUT(driver->parkedAt.load() == Restarts,
                                  qPrintable(describe(statusOf(engine, id))), 50000);
        QTest::qWait(300);
        atEnd = measure();

        const FeedStatus s = statusOf(engine, id);
        QCOMPARE(s.state, FeedState::Live);
        QCOMPARE(s.connects, quint64(Restarts + 1));
        QCOMPARE(s.rejected, quint64(0));
        engine.shutdown();
    }
    const qint64 elapsedMs = clock.elapsed();
    const std::vector<Connection> conns = driver->connections();
    QCOMPARE(int(conns.size()), Restarts + 1);
    QCOMPARE(driver->unexpected.load(), 0);

    // --- Backoff delays: the runner logs each one it draws ---------------------------------
    static const QRegularExpression retry(
        QStringLiteral("^feed (\\S+) disconnected: (.*) - retrying in (\\d+) ms$"));
    QList<Delay> delays;
    for (const LogLine &line : log.lines()) {
        const QRegularExpressionMatch m = retry.match(line.text);
        if (m.hasMatch() && m.captured(1) == id)
            delays.append({line.atUs, m.captured(3).toInt(), m.captured(2)});
    }
    // The connections that delivered: a message of connection k reached the sink only through
    // the runner's FeedContext::message() during that run.
    std::set<qint64> deliveredOn;
    for (qint64 key : sink.keys())
        deliveredOn.insert(key / 1000000);
    int attempt = 0;          // mirrors BackoffPolicy::attempt()
    qint64 outageStartUs = 0; // mirrors the outage's start (the log line follows it by µs)
    qsizetype next = 0;       // next delay to assign to a gap
    int checked = 0, afterStable = 0, afterProductive = 0, atCap = 0;
    int capMin = CapMs, capMax = 0;
    double capSum = 0;
    qint64 worstOverheadUs = 0;
    std::vector<qint64> overheadsUs;
    int worstAfterStableObservedUs = 0;
    for (int k = 0; k < Restarts; ++k) {
        const Connection &c = conns[size_t(k)];
        const Connection &following = conns[size_t(k) + 1];
        QList<Delay> gap;
        while (next < delays.size() && delays[next].atUs < following.upUs) {
            QVERIFY2(delays[next].atUs > c.downUs,
                     qPrintable(QStringLiteral("a retry while connection %1 was up: %2")
                                    .arg(k)
                                    .arg(delays[next].reason)));
            gap.append(delays[next++]);
        }
        QVERIFY2(!gap.isEmpty(), qPrintable(QStringLiteral("no retry after drop %1").arg(k)));
        // Every run lasts at least the 10 ms the server keeps a connection up, over BaseMs:
        // one that delivered is productive.
        const bool productive = deliveredOn.count(k) > 0;
        if (productive || c.stable || k == 0) {
            attempt = 0;
            outageStartUs = gap[0].atUs;
        }
        qint64 sumUs = 0;
        for (qsizetype i = 0; i < gap.size(); ++i) {
            const bool quick = i == 0 && productive;
            const int exponential =
                int(std::min<qint64>(CapMs, qint64(BaseMs) << std::min(attempt, 20)));
            // The log line is written a little after the runner read its clock; allow 50 ms
            // for an ingest thread preempted in between.
            const qint64 outageMs = (gap[i].atUs - outageStartUs) / 1000;
            const int ceiling =
                quick ? QuickMs
                      : int(std::min<qint64>(exponential, std::max<qint64>(BaseMs, outageMs + 50)));
            QVERIFY2(gap[i].ms >= 0 && gap[i].ms <= ceiling,
                     qPrintable(QStringLiteral("drop %1, attempt %2%3, %4 ms into the outage: "
                                               "delay %5 ms outside [0, %6]")
                                    .arg(k)
                                    .arg(attempt)
                                    .arg(quick ? QStringLiteral(" (quick)") : QString())
                                    .arg(outageMs)
                                    .arg(gap[i].ms)
                                    .arg(ceiling)));
            if (quick) {
                ++afterProductive;
            } else if (exponential == CapMs && outageMs >= CapMs + 10) {
                ++atCap;
                capMin = std::min(capMin, gap[i].ms);
                capMax = std::max(capMax, gap[i].ms);
                capSum += gap[i].ms;
            }
            if (i == 0 && c.stable) {
                ++afterStable;
                QVERIFY2(gap[i].ms <= BaseMs,
                         qPrintable(QStringLiteral("no reset after stable connection %1: %2 ms")
                                        .arg(k)
                                        .arg(gap[i].ms)));
            }
            sumUs += qint64(gap[i].ms) * 1000;
            if (!quick)
                ++attempt;
            ++checked;
        }
        // Server side: the drawn delays are really waited, and nothing else is.
        const qint64 observedUs = following.upUs - c.downUs;
        QVERIFY2(observedUs >= sumUs - 2000,
                 qPrintable(QStringLiteral("drop %1: reconnected after %2 ms, delays add to %3 ms")
                                .arg(k)
                                .arg(observedUs / 1000.0)
                                .arg(sumUs / 1000)));
        // What the reconnect took beyond the delays: noticing the drop, connecting. (The
        // server's down time overlaps the delays: it only decides how many attempts fail.)
        const qint64 overheadUs = observedUs - sumUs;
        overheadsUs.push_back(overheadUs);
        worstOverheadUs = std::max(worstOverheadUs, overheadUs);
        if (c.stable)
            worstAfterStableObservedUs = std::max(worstAfterStableObservedUs, int(observedUs));
    }
    QCOMPARE(next, delays.size()); // every retry belongs to a drop
    QVERIFY(afterStable >= 9);
    // Each connection carries 2 messages a millisecond for 10 ms or more; a server thread
    // starved for all of that on a loaded machine may leave one without.
    QVERIFY2(afterProductive >= Restarts * 3 / 4, qPrintable(QString::number(afterProductive)));
    std::sort(overheadsUs.begin(), overheadsUs.end());
    const double medianOverheadMs = double(overheadsUs[overheadsUs.size() / 2]) / 1000.0;
    // Generous for a loaded 2-core machine; a runner waiting extra (or twice) fails it.
    QVERIFY2(worstOverheadUs < 500000 && medianOverheadMs < 30,
             qPrintable(QStringLiteral("reconnect overhead beyond the delays: worst %1 ms, "
                                       "median %2 ms")
                            .arg(worstOverheadUs / 1000.0)
                            .arg(medianOverheadMs)));
    // Full jitter: the capped delays cover [0, cap], centred on cap / 2.
    QVERIFY2(atCap >= 50, qPrintable(QString::number(atCap)));
    const double capMean = capSum / atCap;
    QVERIFY2(capMin < CapMs / 4 && capMax > 3 * CapMs / 4 && capMean > 0.3 * CapMs &&
                 capMean < 0.7 * CapMs,
             qPrintable(QStringLiteral("capped delays: min %1, max %2, mean %3 over %4")
                            .arg(capMin)
                            .arg(capMax)
                            .arg(capMean)
                            .arg(atCap)));

    // --- Nothing lost while connected ------------------------------------------------------
    std::map<qint64, qint64> received; // connection -> highest number, checked consecutive
    qint64 lastConnection = -1;
    for (qint64 key : sink.keys()) {
        const qint64 connection = key / 1000000, number = key % 1000000;
        QVERIFY2(connection >= lastConnection,
                 qPrintable(
                     QStringLiteral("connection %1 after %2").arg(connection).arg(lastConnection)));
        lastConnection = connection;
        const qint64 expected = received[connection] + 1;
        QVERIFY2(number == expected, qPrintable(QStringLiteral("connection %1: got %2, expected %3")
                                                    .arg(connection)
                                                    .arg(number)
                                                    .arg(expected)));
        received[connection] = number;
    }
    quint64 delivered = 0, sent = 0;
    int gracefulChecked = 0;
    for (int k = 0; k < Restarts; ++k) {
        const Connection &c = conns[size_t(k)];
        const quint64 got = quint64(received[k]);
        QVERIFY(got <= c.sent);
        if (c.graceful) {
            QVERIFY2(got == c.sent, qPrintable(QStringLiteral("connection %1 closed cleanly: "
                                                              "%2 of %3 messages arrived")
                                                   .arg(k)
                                                   .arg(got)
                                                   .arg(c.sent)));
            ++gracefulChecked;
        }
        delivered += got;
        sent += c.sent;
    }
    QCOMPARE(gracefulChecked, Restarts / 2);

    // --- No leak ---------------------------------------------------------------------------
    const qint64 rssGrowthKb = atEnd.rssKb - atCheckpoint.rssKb;
    qInfo().noquote() << QStringLiteral(
                             "%1: %2 restarts in %3 s, %4 retries (%22 quick ones after a "
                             "connection that delivered; %5 at the cap: min %6, max %7, "
                             "mean %8 ms), reconnect overhead median %9 ms, worst %10 ms; after a "
                             "stable period reconnected within %11 ms; %12 of %13 messages "
                             "delivered; after restart %14 -> %15: QObjects %16 -> %17, fds %18 -> "
                             "%19, RSS %20 -> %21 KB")
                             .arg(plugin)
                             .arg(Restarts)
                             .arg(elapsedMs / 1000.0, 0, 'f', 1)
                             .arg(checked)
                             .arg(atCap)
                             .arg(capMin)
                             .arg(capMax)
                             .arg(capMean, 0, 'f', 1)
                             .arg(medianOverheadMs, 0, 'f', 1)
                             .arg(worstOverheadUs / 1000.0, 0, 'f', 1)
                             .arg(worstAfterStableObservedUs / 1000.0, 0, 'f', 1)
                             .arg(delivered)
                             .arg(sent)
                             .arg(Checkpoint)
                             .arg(Restarts)
                             .arg(atCheckpoint.objects)
                             .arg(atEnd.objects)
                             .arg(atCheckpoint.fds)
                             .arg(atEnd.fds)
                             .arg(atCheckpoint.rssKb)
                             .arg(atEnd.rssKb)
                             .arg(afterProductive);
    // 80 more connections and a few hundred more attempts: one object or socket kept per
    // attempt would show as a hundred or more. The count is exact (the driver keeps no
    // pending single-shot timers); allow a queued deletion or two.
    QVERIFY2(
        qAbs(atEnd.objects - atCheckpoint.objects) <= 3,
        qPrintable(
            QStringLiteral("live QObjects %1 -> %2").arg(atCheckpoint.objects).arg(atEnd.objects)));
    QVERIFY2(qAbs(atEnd.fds - atCheckpoint.fds) <= 1,
             qPrintable(QStringLiteral("open fds %1 -> %2").arg(atCheckpoint.fds).arg(atEnd.fds)));
    QVERIFY2(UnderAddressSanitizer || rssGrowthKb < 2048,
             qPrintable(QStringLiteral("RSS grew by %1 KB between restart %2 and %3")
                            .arg(rssGrowthKb)
                            .arg(Checkpoint)
                            .arg(Restarts)));
}

QTEST_GUILESS_MAIN(TestRestarts)
#include "tst_restarts.moc"
