// The embedded demo sources: each server speaks its protocol correctly on its own, and the
// built-in demo dashboard maps every message through the real websocket, http and sse plugins.
#include "demosources.h"
#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "secrets/variables.h"
#include "store/channelstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QScopeGuard>
#include <QSet>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QWebSocket>

using namespace livedash;

namespace {

QString dashboardPath()
{
    return QStringLiteral(LIVEDASH_SOURCE_DIR "/resources/demo-dashboard.json");
}

/// GETs `url` and waits for the reply (status, ETag, body).
struct Fetched
{
    int status = 0;
    QByteArray etag;
    QByteArray body;
};

Fetched fetch(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &ifNoneMatch = {})
{
    QNetworkRequest request(url);
    if (!ifNoneMatch.isEmpty())
        request.setRawHeader("If-None-Match", ifNoneMatch);
    QNetworkReply *reply = nam.get(request);
    Fetched f;
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000))
        return f; // status 0: the caller's comparison fails
    f.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    f.etag = reply->rawHeader("ETag");
    f.body = reply->readAll();
    reply->deleteLater();
    return f;
}

/// A raw SSE client: the bytes as they arrive, and the ids and event names parsed from them.
class RawSse
{
public:
    void open(const QUrl &url, const QByteArray &lastEventId = {})
    {
        m_socket.connectToHost(url.host(), quint16(url.port()));
        QVERIFY(m_socket.waitForConnected(3000));
        QByteArray request = "GET " + url.path().toUtf8() +
                             " HTTP/1.1\r\nHost: " + url.host().toUtf8() +
                             "\r\nAccept: text/event-stream\r\n";
        if (!lastEventId.isEmpty())
            request += "Last-Event-ID: " + lastEventId + "\r\n";
        request += "\r\n";
        m_socket.write(request);
    }
    /// Reads what has arrived and parses complete events out of it.
    void poll()
    {
        m_raw += m_socket.readAll();
        for (;;) {
            const qsizetype headEnd = m_raw.indexOf("\r\n\r\n");
            if (m_headers.isEmpty()) {
                if (headEnd < 0)
                    return;
                m_headers = m_raw.left(headEnd);
                m_raw.remove(0, headEnd + 4);
            }
            const qsizetype end = m_raw.indexOf("\n\n");
            if (end < 0)
                return;
            const QByteArray block = m_raw.left(end);
            m_raw.remove(0, end + 2);
            m_blocks.append(block);
            for (const QByteArray &line : block.split('\n')) {
                if (line.startsWith("id: "))
                    ids.append(line.mid(4).toULongLong());
                else if (line.startsWith("event: "))
                    events.append(line.mid(7));
                else if (line.startsWith("data: "))
                    data.append(QJsonDocument::fromJson(line.mid(6)).object());
            }
        }
    }
    const QByteArray &headers() const { return m_headers; }
    const QList<QByteArray> &blocks() const { return m_blocks; }

    QList<quint64> ids;
    QList<QByteArray> events;
    QList<QJsonObject> data;

private:
    QTcpSocket m_socket;
    QByteArray m_raw;
    QByteArray m_headers;
    QList<QByteArray> m_blocks;
};

} // namespace

class TestDemoSources : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dashboardParses()
    {
        QString error;
        const auto dash = Dashboard::load(dashboardPath(), &error);
        QVERIFY2(dash, qPrintable(error));
        QCOMPARE(dash->name, QStringLiteral("Livedash demo"));
        QCOMPARE(dash->feeds.size(), 4);
        QCOMPARE(dash->feed(QStringLiteral("match"))->plugin, QStringLiteral("websocket"));
        QCOMPARE(dash->feed(QStringLiteral("services"))->plugin, QStringLiteral("http"));
        QCOMPARE(dash->feed(QStringLiteral("ops"))->plugin, QStringLiteral("sse"));
        // The "This computer" row: the new user's own machine, live.
        QCOMPARE(dash->feed(QStringLiteral("system"))->plugin, QStringLiteral("system"));
        int systemPanels = 0;
        for (const PanelConfig &p : dash->panels)
            systemPanels += p.channels.value(0).startsWith(QLatin1String("system/")) ? 1 : 0;
        QCOMPARE(systemPanels, 4);
        QVERIFY(dash->panels.size() >= 10);
        // A 3-column grid with no two panels on one cell.
        QSet<std::pair<int, int>> cells;
        for (const PanelConfig &p : dash->panels) {
            QVERIFY2(!p.channels.isEmpty(), qPrintable(p.title));
            QVERIFY2(p.column + p.columnSpan <= 3, qPrintable(p.title));
            for (int r = p.row; r < p.row + p.rowSpan; ++r)
                for (int c = p.column; c < p.column + p.columnSpan; ++c) {
                    QVERIFY2(!cells.contains({r, c}), qPrintable(p.title));
                    cells.insert({r, c});
                }
            if (p.kind == PanelKind::Tile) // a tile shows one channel
                QVERIFY2(p.channels.size() == 1 && !p.channels.first().contains(QLatin1Char('*')),
                         qPrintable(p.title));
        }
    }

    void startsAndExports()
    {
        DemoSources demo;
        QVERIFY(!demo.isRunning());
        QString error;
        QVERIFY2(demo.start(&error), qPrintable(error));
        QVERIFY(demo.isRunning());
        QCOMPARE(demo.wsUrl().scheme(), QStringLiteral("ws"));
        QCOMPARE(demo.wsUrl().host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(demo.wsUrl().path(), QStringLiteral("/match"));
        QCOMPARE(demo.httpUrl().path(), QStringLiteral("/metrics"));
        QCOMPARE(demo.sseUrl().path(), QStringLiteral("/events"));
        QVERIFY(demo.wsUrl().port() > 0 && demo.httpUrl().port() > 0 && demo.sseUrl().port() > 0);
        QSet<int> ports{demo.wsUrl().port(), demo.httpUrl().port(), demo.sseUrl().port()};
        QCOMPARE(ports.size(), 3);
        Variables vars;
        demo.exportTo(vars);
        QString why;
        QCOMPARE(vars.resolve(QStringLiteral("${demo.ws}"), &why), demo.wsUrl().toString());
        QCOMPARE(vars.resolve(QStringLiteral("${demo.http}"), &why), demo.httpUrl().toString());
        QCOMPARE(vars.resolve(QStringLiteral("${demo.sse}"), &why), demo.sseUrl().toString());
        demo.stop();
        QVERIFY(!demo.isRunning());
        QVERIFY2(demo.start(&error), qPrintable(error)); // restartable
    }

    void webSocketMatches()
    {
        DemoSources demo;
        QString error;
        QVERIFY2(demo.start(&error), qPrintable(error));
        QWebSocket client;
        QList<QJsonObject> messages;
        connect(&client, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
            messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        client.open(demo.wsUrl());
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::ConnectedState, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(demo.webSocketClients(), 1, 2000);

        // The current state comes first, before any tick: a score message per match.
        QTRY_VERIFY_WITH_TIMEOUT(messages.size() >= 3, 2000);
        QSet<QString> scored;
        for (const QJsonObject &m : std::as_const(messages)) {
            if (m.value(QStringLiteral("type")).toString() == QLatin1String("stats"))
                break;
            if (m.value(QStringLiteral("type")).toString() == QLatin1String("score")) {
                scored.insert(m.value(QStringLiteral("match")).toString());
                QVERIFY(!m.value(QStringLiteral("home")).toString().isEmpty());
                QVERIFY(!m.value(QStringLiteral("away")).toString().isEmpty());
                QVERIFY(m.value(QStringLiteral("homeGoals")).isDouble());
                QVERIFY(m.value(QStringLiteral("awayGoals")).isDouble());
                QVERIFY(!m.value(QStringLiteral("clock")).toString().isEmpty());
            }
        }
        QCOMPARE(scored,
                 (QSet<QString>{QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3")}));

        // Stats four times a second, the clock every second, and it moves.
        QTest::qWait(2600);
        QHash<QString, int> types;
        QHash<QString, QSet<double>> possession;
        QHash<QString, QSet<QString>> clocks;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (qsizetype i = 0; i < messages.size(); ++i) {
            const QJsonObject &m = messages[i];
            const QString type = m.value(QStringLiteral("type")).toString();
            const QString match = m.value(QStringLiteral("match")).toString();
            ++types[type];
            QCOMPARE(m.value(QStringLiteral("seq")).toInteger(), qint64(i + 1));
            const qint64 ts = m.value(QStringLiteral("ts")).toInteger();
            QVERIFY2(ts > now - 15 * 60 * 1000 && ts <= now + 1000,
                     qPrintable(QString::number(ts)));
            QVERIFY(!match.isEmpty());
            if (type == QLatin1String("stats"))
                possession[match].insert(m.value(QStringLiteral("possessionHome")).toDouble());
            if (type == QLatin1String("clock"))
                clocks[match].insert(m.value(QStringLiteral("clock")).toString());
            if (type == QLatin1String("event"))
                QVERIFY(m.value(QStringLiteral("text")).toString().contains(QLatin1Char('\'')));
        }
        QVERIFY2(types.value(QStringLiteral("stats")) >= 3 * 5,
                 qPrintable(QString::number(types.value(QStringLiteral("stats")))));
        QVERIFY(types.value(QStringLiteral("clock")) >= 3);
        QVERIFY(types.value(QStringLiteral("event")) >= 3); // at least the replayed kick-offs
        for (const QString &match :
             {QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3")}) {
            QVERIFY2(possession.value(match).size() > 3, qPrintable(match));
            QVERIFY2(!clocks.value(match).isEmpty(), qPrintable(match));
        }

        // A second client gets its own sequence, starting at 1.
        QWebSocket second;
        QList<qint64> seqs;
        connect(&second, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
            seqs.append(QJsonDocument::fromJson(text.toUtf8())
                            .object()
                            .value(QStringLiteral("seq"))
                            .toInteger());
        });
        second.open(demo.wsUrl());
        QTRY_VERIFY_WITH_TIMEOUT(seqs.size() >= 5, 3000);
        for (qsizetype i = 0; i < seqs.size(); ++i)
            QCOMPARE(seqs[i], qint64(i + 1));
        second.close();
        QTRY_COMPARE_WITH_TIMEOUT(demo.webSocketClients(), 1, 3000);

        // Any other path is refused.
        QWebSocket wrong;
        QUrl url = demo.wsUrl();
        url.setPath(QStringLiteral("/nope"));
        bool closed = false;
        connect(&wrong, &QWebSocket::disconnected, this, [&] { closed = true; });
        wrong.open(url);
        QTRY_VERIFY_WITH_TIMEOUT(closed, 3000);
    }

    void httpMetrics()
    {
        DemoSources demo;
        QString error;
        QVERIFY2(demo.start(&error), qPrintable(error));
        QNetworkAccessManager nam;
        const Fetched first = fetch(nam, demo.httpUrl());
        QCOMPARE(first.status, 200);
        QVERIFY(first.etag.startsWith('"') && first.etag.endsWith('"'));
        const QJsonArray services = QJsonDocument::fromJson(first.body).array();
        QVERIFY(services.size() >= 4);
        QSet<QString> names;
        for (const QJsonValue &v : services) {
            const QJsonObject s = v.toObject();
            names.insert(s.value(QStringLiteral("service")).toString());
            QVERIFY(s.value(QStringLiteral("latencyMs")).toDouble() > 0);
            QVERIFY(s.value(QStringLiteral("rps")).toDouble() > 0);
            QVERIFY(s.value(QStringLiteral("errorRate")).toDouble() >= 0);
            QVERIFY(s.value(QStringLiteral("ts")).toInteger() > 1600000000000);
        }
        QCOMPARE(names.size(), services.size());
        QVERIFY(names.contains(QStringLiteral("api-gateway")));

        // Fast polling with the ETag: 304 until the values move (at most every ~200 ms).
        bool notModified = false;
        for (int i = 0; i < 10 && !notModified; ++i) {
            const Fetched again = fetch(nam, demo.httpUrl());
            const Fetched cached = fetch(nam, demo.httpUrl(), again.etag);
            if (cached.status == 304) {
                notModified = true;
                QVERIFY(cached.body.isEmpty());
            } else {
                QCOMPARE(cached.status, 200);
                QVERIFY(cached.etag != again.etag);
            }
        }
        QVERIFY(notModified);
        QTest::qWait(450);
        const Fetched later = fetch(nam, demo.httpUrl(), first.etag);
        QCOMPARE(later.status, 200);
        QVERIFY(later.etag != first.etag);
        QVERIFY(later.body != first.body);

        QNetworkRequest postRequest(demo.httpUrl());
        postRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                              QStringLiteral("application/json"));
        QNetworkReply *post = nam.post(postRequest, QByteArray("{}"));
        QTRY_VERIFY_WITH_TIMEOUT(post->isFinished(), 5000);
        QCOMPARE(post->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 405);
        delete post;
    }

    void sseEvents()
    {
        DemoSources demo;
        QString error;
        QVERIFY2(demo.start(&error), qPrintable(error));
        RawSse stream;
        stream.open(demo.sseUrl());
        QTRY_VERIFY_WITH_TIMEOUT((stream.poll(), stream.events.count("queue") >= 3), 3000);
        QVERIFY(stream.headers().startsWith("HTTP/1.1 200"));
        QVERIFY(stream.headers().contains("Content-Type: text/event-stream"));
        QCOMPARE(stream.blocks().first(), QByteArray("retry: 2000"));
        QCOMPARE(demo.eventStreams(), 1);
        // A new stream starts with recent history: deploys, alerts and notices.
        QVERIFY(stream.events.contains("deploy"));
        QVERIFY(stream.events.contains("alert"));
        QVERIFY(stream.events.contains("info"));
        QCOMPARE(stream.ids.size(), stream.events.size());
        for (qsizetype i = 1; i < stream.ids.size(); ++i)
            QVERIFY(stream.ids[i] > stream.ids[i - 1]);
        for (qsizetype i = 0; i < stream.events.size(); ++i) {
            const QJsonObject &d = stream.data[i];
            QVERIFY(d.value(QStringLiteral("ts")).toInteger() > 1600000000000);
            if (stream.events[i] == "queue") {
                QVERIFY(d.value(QStringLiteral("depth")).isDouble());
            } else {
                QVERIFY(!d.value(QStringLiteral("service")).toString().isEmpty());
                QVERIFY(!d.value(QStringLiteral("level")).toString().isEmpty());
                QVERIFY(!d.value(QStringLiteral("message")).toString().isEmpty());
            }
        }
        // Random events come every 0.5-2 s.
        const qsizetype others = stream.events.size() - stream.events.count("queue");
        QTRY_VERIFY_WITH_TIMEOUT(
            (stream.poll(), stream.events.size() - stream.events.count("queue") > others), 4000);

        // Reconnecting with Last-Event-ID resumes right after it, with nothing lost.
        const quint64 seen = stream.ids.at(stream.ids.size() - 3);
        RawSse resumed;
        resumed.open(demo.sseUrl(), QByteArray::number(seen));
        QTRY_VERIFY_WITH_TIMEOUT((resumed.poll(), resumed.ids.size() >= 3), 3000);
        for (qsizetype i = 0; i < resumed.ids.size(); ++i)
            QCOMPARE(resumed.ids[i], seen + 1 + quint64(i));

        // An id from before a restart: numbering continues after it.
        RawSse ahead;
        ahead.open(demo.sseUrl(), "1000000");
        QTRY_VERIFY_WITH_TIMEOUT((ahead.poll(), !ahead.ids.isEmpty()), 3000);
        QCOMPARE(ahead.ids.first(), quint64(1000001));
        QTRY_COMPARE_WITH_TIMEOUT(demo.eventStreams(), 3, 2000);
    }

    // The whole path: demo sources on their own thread (as the app runs them), the real
    // plugins, the built-in dashboard's field mappings, the channel store.
    void dashboardEndToEnd()
    {
        QString error;
        const auto dash = Dashboard::load(dashboardPath(), &error);
        QVERIFY2(dash, qPrintable(error));
        PluginRegistry reg;
        reg.loadFrom(PluginRegistry::defaultSearchPaths());
        for (const FeedConfig &f : dash->feeds) {
            QVERIFY2(reg.plugin(f.plugin),
                     qPrintable(QStringLiteral("feed plugin \"%1\" is not built").arg(f.plugin)));
            const QStringList problems = reg.validate(f);
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        }

        QThread thread;
        thread.start();
        auto *demo = new DemoSources;
        demo->moveToThread(&thread);
        bool ok = false;
        QMetaObject::invokeMethod(
            demo, [demo, &ok, &error] { ok = demo->start(&error); }, Qt::BlockingQueuedConnection);
        QVERIFY2(ok, qPrintable(error));
        auto cleanup = qScopeGuard([&] {
            QMetaObject::invokeMethod(
                demo, [demo] { delete demo; }, Qt::BlockingQueuedConnection);
            thread.quit();
            thread.wait();
        });

        {
            IngestEngine engine(&reg);
            demo->exportTo(engine.variables());
            engine.apply(*dash);
            auto hasData = [&engine](const QString &pattern) {
                const QList<ChannelPtr> channels = engine.store().match(pattern);
                return std::any_of(channels.begin(), channels.end(), [](const ChannelPtr &c) {
                    return c->hasNumbers() || c->hasTexts();
                });
            };
            // Every pattern of every panel has live data within a few seconds.
            for (const PanelConfig &p : dash->panels)
                for (const QString &pattern : p.channels) {
                    // This computer's network interfaces (loopback left out): a machine (a CI
                    // container) may have none. By now the CPU panels before it have data,
                    // so the system feed has made its second reading, which has the rates.
                    if (pattern.startsWith(QLatin1String("system/net/")) &&
                        engine.store().match(pattern).isEmpty())
                        continue;
                    QTRY_VERIFY2_WITH_TIMEOUT(hasData(pattern),
                                              qPrintable(p.title + QStringLiteral(": ") + pattern),
                                              5000);
                }
            // The scoreboard: three rows, each with every configured column.
            for (const PanelConfig &p : dash->panels) {
                if (p.kind != PanelKind::Scoreboard)
                    continue;
                for (const QString &row :
                     {QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3")})
                    for (const QString &column : p.columns)
                        QVERIFY2(hasData(QStringLiteral("match/score/%1/%2").arg(row, column)),
                                 qPrintable(row + QLatin1Char('/') + column));
            }
            // Charts keep moving: new points keep arriving.
            const ChannelPtr latency = engine.store().find(QStringLiteral("services/latency/auth"));
            const ChannelPtr possession =
                engine.store().find(QStringLiteral("match/possession/m1"));
            QVERIFY(latency && possession);
            const quint64 latencyBefore = latency->totalNumbers();
            const quint64 possessionBefore = possession->totalNumbers();
            QTRY_VERIFY_WITH_TIMEOUT(latency->totalNumbers() > latencyBefore + 1, 3000);
            QTRY_VERIFY_WITH_TIMEOUT(possession->totalNumbers() > possessionBefore + 3, 3000);

            // All four feeds live, nothing rejected, no sequence gap.
            QTRY_VERIFY_WITH_TIMEOUT(engine.board().snapshot().size() == 4, 3000);
            for (const FeedStatus &s : engine.board().snapshot()) {
                QVERIFY2(s.state == FeedState::Live,
                         qPrintable(s.id + QStringLiteral(": ") + feedStateName(s.state) +
                                    QStringLiteral(" ") + s.lastError));
                QVERIFY2(s.rejected == 0, qPrintable(s.id + QStringLiteral(": ") + s.lastProblem));
                QVERIFY2(s.gaps == 0, qPrintable(s.id + QStringLiteral(": ") + s.lastProblem));
                QVERIFY2(s.messages > 0, qPrintable(s.id));
            }
            engine.shutdown();
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoSources)
#include "tst_demosources.moc"
