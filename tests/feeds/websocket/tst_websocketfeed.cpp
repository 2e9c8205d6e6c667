// Integration tests of the websocket feed plugin: the plugin is loaded from bin/plugins like the
// app does, runs on an IngestEngine's ingest thread, and talks to real servers on 127.0.0.1
// served from this (main) thread.

#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/feedstatus.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QMutex>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>

namespace livedash {

using namespace livedash::feedtest;

namespace {

constexpr int WaitMs = 10000;

/// A QWebSocketServer on 127.0.0.1 that keeps its clients and hands each new one to `onClient`.
struct WsServer
{
    explicit WsServer(std::function<void(QWebSocket *)> handler = {}) : onClient(std::move(handler))
    {
        QObject::connect(&server, &QWebSocketServer::newConnection, &server, [this] {
            while (QWebSocket *client = server.nextPendingConnection()) {
                client->setParent(&server); // nextPendingConnection() hands out orphans
                ++accepted;
                clients.append(client);
                if (onClient)
                    onClient(client);
            }
        });
    }

    bool listen(quint16 wanted = 0)
    {
        if (!server.listen(QHostAddress::LocalHost, wanted))
            return false;
        port = server.serverPort();
        return true;
    }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/stream").arg(port); }
    int connectedClients() const
    {
        int n = 0;
        for (const QPointer<QWebSocket> &c : clients)
            n += c && c->state() == QAbstractSocket::ConnectedState;
        return n;
    }

    QWebSocketServer server{QStringLiteral("livedash-test"), QWebSocketServer::NonSecureMode};
    std::function<void(QWebSocket *)> onClient;
    QList<QPointer<QWebSocket>> clients;
    int accepted = 0;
    quint16 port = 0;
};

/// A plain TCP server speaking just enough HTTP to misbehave in a chosen way.
struct RawServer
{
    enum Mode {
        NeverAnswer,     ///< accepts and stays silent: the handshake never completes
        UpgradeThenMute, ///< completes the upgrade, sends one frame, then never reads again
        RejectWith401,   ///< answers the upgrade with 401 Unauthorized
    };

    explicit RawServer(Mode m) : mode(m)
    {
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                ++accepted;
                QObject::connect(socket, &QTcpSocket::readyRead, socket,
                                 [this, socket] { onRequestData(socket); });
            }
        });
    }

    bool listen() { return server.listen(QHostAddress::LocalHost, 0); }
    QString url() const
    {
        return QStringLiteral("ws://127.0.0.1:%1/stream").arg(server.serverPort());
    }

    void onRequestData(QTcpSocket *socket)
    {
        QByteArray request = socket->property("request").toByteArray() + socket->readAll();
        socket->setProperty("request", request);
        if (mode == NeverAnswer || !request.contains("\r\n\r\n"))
            return;
        if (mode == RejectWith401) {
            socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        static const QRegularExpression keyLine(QStringLiteral("Sec-WebSocket-Key:\\s*(\\S+)"),
                                                QRegularExpression::CaseInsensitiveOption);
        const QByteArray key = keyLine.match(QString::fromLatin1(request)).captured(1).toLatin1();
        const QByteArray accept =
            QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                     QCryptographicHash::Sha1)
                .toBase64();
        const QByteArray payload = R"({"seq":1,"v":1})";
        QByteArray frame;
        frame.append(char(0x81)); // FIN + text
        frame.append(char(payload.size()));
        frame.append(payload);
        socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                      accept + "\r\n\r\n" + frame);
        // From now on the client's pings pile up unread and unanswered.
        QObject::disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    }

    QTcpServer server;
    Mode mode;
    int accepted = 0;
};

// A self-signed test certificate for 127.0.0.1 (valid until 2126) and its key: no client trusts it.
constexpr char SelfSignedCertificate[] = R"(-----BEGIN CERTIFICATE-----
MIIBkTCCATagAwIBAgIUGg0ZFl8xK0KBny3RWnF6vKSmOHgwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMjAxMjIzNFoYDzIxMjYxMDI5
MDEyMjM0WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQI1jKmCebHYQ2ETA3j8cJdIQKUe0VxNuyEyENrtKuE9o8DWW/Q4wxd
gBiTv1crATrlNMRa/hhbee4QpFu6asy3o2QwYjAdBgNVHQ4EFgQUnb9+XSlHtV8z
NOD930Vc/IWxC+gwHwYDVR0jBBgwFoAUnb9+XSlHtV8zNOD930Vc/IWxC+gwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0kAMEYC
IQCSD5ocBT3l18dbMAON7hgIs0bodJGS4XXiOj8oxevprAIhAKnICQfi1pP7Rd8J
Kx5p0RzM+xGFZxeWSwKa7YNuau4L
-----END CERTIFICATE-----
)";
constexpr char SelfSignedKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7nm+6JXDcackSxZX
cG3xNLcOjpSsEgAUu4hgMnm5UQ+hRANCAAQI1jKmCebHYQ2ETA3j8cJdIQKUe0Vx
NuyEyENrtKuE9o8DWW/Q4wxdgBiTv1crATrlNMRa/hhbee4QpFu6asy3
-----END PRIVATE KEY-----
)";

QString message(qint64 seq, double v)
{
    return QStringLiteral(R"({"seq":%1,"v":%2})").arg(seq).arg(v);
}

FeedConfig wsFeed(const QString &id, const QString &url, const QVariantMap &extra = {})
{
    FeedConfig f;
    f.id = id;
    f.name = id;
    f.plugin = QStringLiteral("websocket");
    f.options = extra;
    f.options.insert(QStringLiteral("url"), url);
    f.fields.sequence = QStringLiteral("seq");
    ChannelMapping value;
    value.path = QStringLiteral("v");
    value.channel = QStringLiteral("v");
    f.fields.channels = {value};
    f.reconnect.initialDelayMs = 50;
    f.reconnect.maxDelayMs = 200;
    return f;
}

// Log capture for the "header values are never logged" check; handlers run on any thread.
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(QString::fromLatin1(context.category ? context.category : "") +
                     QStringLiteral(": ") + text);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, text);
}

} // namespace

class TestWebSocketFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pluginDeclaresOptions();
    void validateRejectsTimeoutNotAbovePingInterval();
    void floodRightAfterHandshakeLosesNothing();
    void customHeadersReachServerAndStayOutOfLogs();
    void subscribeMessageIsSentAfterConnect();
    void binaryMessagesAreJson();
    void invalidJsonIsRejectedAndNextMessageMaps();
    void serverCloseIsReportedWithCodeAndReason();
    void droppedConnectionIsReported();
    void reconnectsAfterServerRestart();
    void oversizedMessageFailsFeedButNotNeighbour();
    void connectTimeoutIsReportedAndRetried();
    void handshakeRejectionNamesHttpStatus();
    void untrustedCertificateIsReportedAsTls();
    void silentPeerTripsKeepalive();
    void pongsKeepQuietConnectionAlive();
    void badUrlIsFatal();
    void probeReportsFirstMessage();
    void shutdownCancelsPromptly();

private:
    PluginRegistry m_registry;
};

void TestWebSocketFeed::initTestCase()
{
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QString failures;
    for (const PluginRegistry::Failure &f : m_registry.failures())
        failures += f.file + QStringLiteral(": ") + f.reason + QLatin1Char('\n');
    QVERIFY2(m_registry.plugin(QStringLiteral("websocket")), qPrintable(failures));
}

void TestWebSocketFeed::pluginDeclaresOptions()
{
    const PluginInfo info = m_registry.plugin(QStringLiteral("websocket"))->info();
    QCOMPARE(info.id, QStringLiteral("websocket"));
    QVERIFY(!info.displayName.isEmpty());
    QHash<QString, OptionSpec> specs;
    for (const OptionSpec &s : info.options)
        specs.insert(s.key, s);
    QVERIFY(specs.value(QStringLiteral("url")).required);
    QCOMPARE(specs.value(QStringLiteral("url")).type, OptionType::Url);
    QCOMPARE(specs.value(QStringLiteral("url")).choices,
             QStringList({QStringLiteral("ws"), QStringLiteral("wss")}));
    QCOMPARE(specs.value(QStringLiteral("headers")).type, OptionType::Headers);
    QCOMPARE(specs.value(QStringLiteral("subscribe")).type, OptionType::Text);
    QCOMPARE(specs.value(QStringLiteral("connectTimeoutMs")).defaultValue.toInt(), 10000);
    QCOMPARE(specs.value(QStringLiteral("keepaliveIntervalMs")).defaultValue.toInt(), 15000);
    QCOMPARE(specs.value(QStringLiteral("keepaliveTimeoutMs")).defaultValue.toInt(), 30000);
    QCOMPARE(specs.value(QStringLiteral("maxMessageBytes")).defaultValue.toLongLong(),
             16LL * 1024 * 1024);

    // The schema itself catches a non-WebSocket scheme.
    FeedConfig http = wsFeed(QStringLiteral("h"), QStringLiteral("http://127.0.0.1:1/"));
    QVERIFY(m_registry.validate(http).join(QLatin1Char('\n')).contains(QLatin1String("url")));
}

void TestWebSocketFeed::validateRejectsTimeoutNotAbovePingInterval()
{
    FeedConfig f = wsFeed(QStringLiteral("k"), QStringLiteral("ws://127.0.0.1:1/"),
                          {{QStringLiteral("keepaliveIntervalMs"), 5000},
                           {QStringLiteral("keepaliveTimeoutMs"), 5000}});
    const QStringList problems = m_registry.validate(f);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(QLatin1String("options.keepaliveTimeoutMs:")),
             qPrintable(problems.first()));

    f.options.insert(QStringLiteral("keepaliveTimeoutMs"), 12000);
    QVERIFY(m_registry.validate(f).isEmpty());
    f.options.insert(QStringLiteral("keepaliveIntervalMs"), 0); // pings off: any timeout goes
    f.options.insert(QStringLiteral("keepaliveTimeoutMs"), 1000);
    QVERIFY(m_registry.validate(f).isEmpty());
}

void TestWebSocketFeed::floodRightAfterHandshakeLosesNothing()
{
    constexpr int Count = 100000;
    WsServer srv([](QWebSocket *client) {
        // Sent in the same event-loop turn as the handshake: they reach the client together.
        for (int i = 1; i <= Count; ++i)
            client->sendTextMessage(message(i, i));
    });
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("flood"), srv.url())}));

    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("flood")).messages, quint64(Count),
                              15000);
    const FeedStatus s = status(engine, QStringLiteral("flood"));
    QCOMPARE(s.gaps, quint64(0));
    QCOMPARE(s.rejected, quint64(0));
    QCOMPARE(s.connects, quint64(1));
    QCOMPARE(s.state, FeedState::Live);
    QVERIFY(s.bytes >= quint64(Count) * 15);
    QCOMPARE(numbers(engine, QStringLiteral("flood/v")), quint64(Count));
    QCOMPARE(lastValue(engine, QStringLiteral("flood/v")), double(Count));
}

void TestWebSocketFeed::customHeadersReachServerAndStayOutOfLogs()
{
    QByteArray authorization;
    QByteArray tag;
    QString query;
    WsServer srv([&](QWebSocket *client) {
        authorization = client->request().rawHeader("Authorization");
        tag = client->request().rawHeader("X-Feed-Tag");
        query = client->requestUrl().query();
        client->sendTextMessage(message(1, 1));
    });
    QVERIFY(srv.listen());

    {
        QMutexLocker lock(&g_logMutex);
        g_log.clear();
    }
    g_previousHandler = qInstallMessageHandler(captureLog);
    QLoggingCategory::setFilterRules(QStringLiteral("livedash.*=true"));
    auto restore = qScopeGuard([] {
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(g_previousHandler);
        g_previousHandler = nullptr;
    });

    const QString secret = QStringLiteral("Bearer s3cr3t-t0ken");
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {wsFeed(QStringLiteral("auth"), srv.url() + QStringLiteral("?token=s3cr3t-query"),
                {{QStringLiteral("headers"),
                  QStringLiteral("Authorization: %1\nX-Feed-Tag: livedash").arg(secret)}})}));

    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("auth")).messages, quint64(1), WaitMs);
    QCOMPARE(QString::fromLatin1(authorization), secret);
    QCOMPARE(tag, QByteArray("livedash"));
    QCOMPARE(query, QStringLiteral("token=s3cr3t-query"));
    engine.shutdown();

    const FeedStatus s = status(engine, QStringLiteral("auth"));
    QVERIFY(!s.detail.contains(QLatin1String("s3cr3t")));
    QVERIFY(!s.lastError.contains(QLatin1String("s3cr3t")));
    QMutexLocker lock(&g_logMutex);
    // The plugin's debug log ran (it names the headers) but never printed a value.
    QVERIFY2(std::any_of(g_log.begin(), g_log.end(),
                         [](const QString &line) {
                             return line.startsWith(QLatin1String("livedash.feed.websocket")) &&
                                    line.contains(QLatin1String("Authorization"));
                         }),
             qPrintable(g_log.join(QLatin1Char('\n'))));
    for (const QString &line : std::as_const(g_log))
        QVERIFY2(!line.contains(QLatin1String("s3cr3t")), qPrintable(line));
}

void TestWebSocketFeed::subscribeMessageIsSentAfterConnect()
{
    QStringList received;
    WsServer srv([&](QWebSocket *client) {
        QObject::connect(client, &QWebSocket::textMessageReceived, client,
                         [&, client](const QString &text) {
                             received.append(text);
                             client->sendTextMessage(message(1, 42));
                         });
    });
    QVERIFY(srv.listen());
    const QString subscribe = QStringLiteral(R"({"op":"subscribe","channels":["scores"]})");
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {wsFeed(QStringLiteral("sub"), srv.url(), {{QStringLiteral("subscribe"), subscribe}})}));

    QTRY_COMPARE_WITH_TIMEOUT(received, QStringList{subscribe}, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("sub/v")), 42.0, WaitMs);
}

void TestWebSocketFeed::binaryMessagesAreJson()
{
    WsServer srv([](QWebSocket *client) {
        for (int i = 1; i <= 3; ++i)
            client->sendBinaryMessage(message(i, i * 10).toUtf8());
    });
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("bin"), srv.url())}));

    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("bin/v")), quint64(3), WaitMs);
    QCOMPARE(lastValue(engine, QStringLiteral("bin/v")), 30.0);
    const FeedStatus s = status(engine, QStringLiteral("bin"));
    QCOMPARE(s.messages, quint64(3));
    QCOMPARE(s.rejected, quint64(0));
    QCOMPARE(s.bytes, quint64(3 * message(1, 10).size()));
}

void TestWebSocketFeed::invalidJsonIsRejectedAndNextMessageMaps()
{
    WsServer srv([](QWebSocket *client) {
        client->sendTextMessage(QStringLiteral("{not json"));
        client->sendTextMessage(message(1, 7));
    });
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("bad"), srv.url())}));

    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("bad")).messages, quint64(2), WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("bad"));
    QCOMPARE(s.rejected, quint64(1));
    QVERIFY(!s.lastProblem.isEmpty());
    QCOMPARE(numbers(engine, QStringLiteral("bad/v")), quint64(1));
    QCOMPARE(lastValue(engine, QStringLiteral("bad/v")), 7.0);
    QCOMPARE(s.state, FeedState::Live); // a bad message is not a reason to reconnect
    QCOMPARE(s.connects, quint64(1));
}

void TestWebSocketFeed::serverCloseIsReportedWithCodeAndReason()
{
    WsServer srv([](QWebSocket *client) {
        client->sendTextMessage(message(1, 1));
        client->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("bye"));
    });
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("closing"), srv.url())}));

    // Every connection is closed the same way, so lastError is stable once set.
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("closing")).connects >= 2, WaitMs);
    QCOMPARE(status(engine, QStringLiteral("closing")).lastError,
             QStringLiteral("server closed the connection (code 1000 (normal closure): bye)"));
    QVERIFY(status(engine, QStringLiteral("closing")).messages >= 2);
}

void TestWebSocketFeed::droppedConnectionIsReported()
{
    WsServer srv([](QWebSocket *client) {
        client->sendTextMessage(message(1, 1));
        // No close frame: the TCP connection just ends (later: abort() discards unsent data).
        QTimer::singleShot(50, client, [client] { client->abort(); });
    });
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("dropped"), srv.url())}));

    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("dropped")).connects >= 2, WaitMs);
    const QString error = status(engine, QStringLiteral("dropped")).lastError;
    QVERIFY2(error.startsWith(QStringLiteral("connection to %1 lost").arg(srv.url())),
             qPrintable(error));
}

void TestWebSocketFeed::reconnectsAfterServerRestart()
{
    int generation = 1;
    WsServer srv([&](QWebSocket *client) { client->sendTextMessage(message(1, generation)); });
    QVERIFY(srv.listen());
    const quint16 port = srv.port;
    IngestEngine engine(&m_registry);
    FeedConfig feed = wsFeed(QStringLiteral("restart"), srv.url());
    feed.reconnect.initialDelayMs = 100;
    feed.reconnect.maxDelayMs = 300;
    engine.apply(dashboard({feed}));

    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("restart/v")), 1.0, WaitMs);
    QCOMPARE(status(engine, QStringLiteral("restart")).state, FeedState::Live);

    // Stop: no more listening, and every open connection is closed.
    srv.server.close();
    for (const QPointer<QWebSocket> &c : std::as_const(srv.clients))
        if (c)
            c->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("restart"));
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("restart")).state ==
                                     FeedState::Retrying &&
                                 !status(engine, QStringLiteral("restart")).lastError.isEmpty(),
                             WaitMs);
    // Attempts while the server is down fail with an operator-readable reason.
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("restart"))
                                 .lastError.contains(QLatin1String("refused"), Qt::CaseInsensitive),
                             WaitMs);
    QCOMPARE(status(engine, QStringLiteral("restart")).connects, quint64(1));

    generation = 2;
    QVERIFY(srv.listen(port));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("restart/v")), 2.0, WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("restart"));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.connects, quint64(2));
    QCOMPARE(numbers(engine, QStringLiteral("restart/v")), quint64(2));
}

void TestWebSocketFeed::oversizedMessageFailsFeedButNotNeighbour()
{
    constexpr int Limit = 1024;
    WsServer big([](QWebSocket *client) {
        client->sendTextMessage(message(1, 1));
        client->sendTextMessage(QStringLiteral(R"({"seq":2,"v":2,"pad":"%1"})")
                                    .arg(QString(4 * Limit, QLatin1Char('x'))));
        client->sendTextMessage(message(3, 3));
    });
    QVERIFY(big.listen());

    qint64 seq = 0;
    WsServer steady;
    QVERIFY(steady.listen());
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
        for (const QPointer<QWebSocket> &c : std::as_const(steady.clients))
            if (c && c->state() == QAbstractSocket::ConnectedState) {
                ++seq;
                c->sendTextMessage(message(seq, seq));
            }
    });
    ticker.start(5);

    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {wsFeed(QStringLiteral("big"), big.url(), {{QStringLiteral("maxMessageBytes"), Limit}}),
         wsFeed(QStringLiteral("steady"), steady.url())}));

    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("steady")).messages > 0, WaitMs);
    // Every connection of "big" dies on the oversized message, so the reason is stable.
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("big")).connects >= 2, WaitMs);
    const quint64 steadyBefore = status(engine, QStringLiteral("steady")).messages;
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("big")).connects >= 4, WaitMs);

    const FeedStatus b = status(engine, QStringLiteral("big"));
    QVERIFY2(b.lastError.contains(QLatin1String("maxMessageBytes")) &&
                 b.lastError.contains(QLatin1String("1009")) &&
                 b.lastError.contains(QString::number(Limit)),
             qPrintable(b.lastError));
    QVERIFY(b.rejected >= 2); // the dropped messages are counted, not silently lost
    QVERIFY2(b.lastProblem.contains(QLatin1String("maxMessageBytes")), qPrintable(b.lastProblem));
    QVERIFY(b.messages >= 2); // the small message before the big one still arrived
    QCOMPARE(lastValue(engine, QStringLiteral("big/v")), 1.0);

    const FeedStatus s = status(engine, QStringLiteral("steady"));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.connects, quint64(1));
    // "big" reconnects within milliseconds, faster than the 5 ms ticker under a loaded
    // machine, so the neighbour gets its own window to prove it still receives.
    QTRY_VERIFY2_WITH_TIMEOUT(status(engine, QStringLiteral("steady")).messages > steadyBefore,
                              "the neighbour stopped receiving", WaitMs);
    QCOMPARE(status(engine, QStringLiteral("steady")).connects, quint64(1));
    QCOMPARE(s.gaps, quint64(0));
    QCOMPARE(s.rejected, quint64(0));
}

void TestWebSocketFeed::connectTimeoutIsReportedAndRetried()
{
    RawServer srv(RawServer::NeverAnswer);
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {wsFeed(QStringLiteral("mute"), srv.url(), {{QStringLiteral("connectTimeoutMs"), 300}})}));

    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(srv.accepted >= 2, WaitMs);
    QVERIFY(timer.elapsed() >= 250); // the first attempt waited for its timeout
    const FeedStatus s = status(engine, QStringLiteral("mute"));
    QVERIFY2(s.lastError.startsWith(QLatin1String("connect timeout")) &&
                 s.lastError.contains(QLatin1String("300 ms")),
             qPrintable(s.lastError));
    QCOMPARE(s.connects, quint64(0));
}

void TestWebSocketFeed::handshakeRejectionNamesHttpStatus()
{
    RawServer srv(RawServer::RejectWith401);
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("denied"), srv.url())}));

    QTRY_VERIFY_WITH_TIMEOUT(srv.accepted >= 2, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("denied")).lastError.isEmpty(), WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("denied"));
    QVERIFY2(s.lastError.contains(QLatin1String("HTTP 401")), qPrintable(s.lastError));
    QCOMPARE(s.connects, quint64(0));
}

void TestWebSocketFeed::untrustedCertificateIsReportedAsTls()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QWebSocketServer server(QStringLiteral("livedash-tls-test"), QWebSocketServer::SecureMode);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(QByteArray(SelfSignedCertificate)));
    tls.setPrivateKey(QSslKey(QByteArray(SelfSignedKey), QSsl::Ec));
    QVERIFY(!tls.localCertificate().isNull() && !tls.privateKey().isNull());
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QString url = QStringLiteral("wss://127.0.0.1:%1/stream").arg(server.serverPort());

    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("tls"), url)}));

    // Every attempt fails the same way, so lastError is stable once set.
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("tls")).lastError.isEmpty(), WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("tls"));
    QVERIFY2(s.lastError.startsWith(QStringLiteral("TLS handshake with %1 failed: ").arg(url)) &&
                 s.lastError.contains(QLatin1String("self-signed"), Qt::CaseInsensitive),
             qPrintable(s.lastError));
    QCOMPARE(s.connects, quint64(0));
}

void TestWebSocketFeed::silentPeerTripsKeepalive()
{
    RawServer srv(RawServer::UpgradeThenMute);
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("silent"), srv.url(),
                                   {{QStringLiteral("keepaliveIntervalMs"), 100},
                                    {QStringLiteral("keepaliveTimeoutMs"), 400}})}));

    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("silent")).connects >= 2, WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("silent"));
    QVERIFY2(s.lastError.startsWith(QLatin1String("keepalive timeout")) &&
                 s.lastError.contains(QLatin1String("400 ms")),
             qPrintable(s.lastError));
    QVERIFY(s.messages >= 1); // the upgrade worked: its one frame was read
    QVERIFY(srv.accepted >= 2);
}

void TestWebSocketFeed::pongsKeepQuietConnectionAlive()
{
    WsServer srv; // answers pings (QWebSocket does automatically) and sends nothing
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({wsFeed(QStringLiteral("quiet"), srv.url(),
                                   {{QStringLiteral("keepaliveIntervalMs"), 100},
                                    {QStringLiteral("keepaliveTimeoutMs"), 400}})}));

    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("quiet")).state, FeedState::Live,
                              WaitMs);
    QTest::qWait(1500); // almost four silence timeouts without a single message
    const FeedStatus s = status(engine, QStringLiteral("quiet"));
    QCOMPARE(s.state, FeedState::Live);
    QCOMPARE(s.connects, quint64(1));
    QVERIFY2(s.lastError.isEmpty(), qPrintable(s.lastError));
    QCOMPARE(srv.accepted, 1);
}

void TestWebSocketFeed::badUrlIsFatal()
{
    // A variable can resolve to something the schema never saw.
    IngestEngine engine(&m_registry);
    engine.variables().set(QStringLiteral("target"), QStringLiteral("ws://"));
    engine.apply(dashboard({wsFeed(QStringLiteral("nowhere"), QStringLiteral("${target}"))}));

    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("nowhere")).state, FeedState::Error,
                              WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(engine.activeFeeds(), 0, WaitMs); // no reconnect loop
    const FeedStatus s = status(engine, QStringLiteral("nowhere"));
    QVERIFY2(s.lastError.contains(QLatin1String("not a valid WebSocket URL")),
             qPrintable(s.lastError));
    QCOMPARE(s.attempt, 0);
}

void TestWebSocketFeed::probeReportsFirstMessage()
{
    // The settings dialog's "Test": the probe cancels the feed from inside its first message.
    WsServer srv([](QWebSocket *client) {
        for (int i = 1; i <= 100; ++i)
            client->sendTextMessage(message(i, i));
    });
    QVERIFY(srv.listen());
    IngestEngine engine(&m_registry);
    QSignalSpy finished(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("r1"), wsFeed(QStringLiteral("probe"), srv.url()), WaitMs);

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, WaitMs);
    const QList<QVariant> args = finished.takeFirst();
    QCOMPARE(args.at(0).toString(), QStringLiteral("r1"));
    QCOMPARE(args.at(1).toByteArray(), message(1, 1).toUtf8());
    QVERIFY2(args.at(2).toString().isEmpty(), qPrintable(args.at(2).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(srv.connectedClients(), 0, WaitMs); // the probe hung up
}

void TestWebSocketFeed::shutdownCancelsPromptly()
{
    WsServer live;
    QVERIFY(live.listen());
    RawServer mute(RawServer::NeverAnswer); // a feed stuck in its handshake must stop too
    QVERIFY(mute.listen());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {wsFeed(QStringLiteral("live"), live.url()), wsFeed(QStringLiteral("stuck"), mute.url())}));

    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("live")).state, FeedState::Live,
                              WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(mute.accepted, 1, WaitMs);
    QCOMPARE(engine.activeFeeds(), 2);

    // shutdown() warns when a feed outlives its wait; here none may.
    QTest::failOnWarning(QRegularExpression(QStringLiteral("did not stop")));
    QElapsedTimer timer;
    timer.start();
    engine.shutdown();
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    // activeFeeds() cannot be asked after shutdown() (the runners are gone), but a feed's
    // driver marks it Stopped only once run() has returned.
    QCOMPARE(status(engine, QStringLiteral("live")).state, FeedState::Stopped);
    QCOMPARE(status(engine, QStringLiteral("stuck")).state, FeedState::Stopped);
    QTRY_COMPARE_WITH_TIMEOUT(live.connectedClients(), 0, WaitMs);
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestWebSocketFeed)
#include "tst_websocketfeed.moc"
