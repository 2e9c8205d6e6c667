// Integration tests of the nats feed plugin and its publisher: the plugin is loaded from
// bin/plugins like the app does, its feeds run on an IngestEngine's ingest thread, and everything
// talks to a real nats-server (/usr/bin/nats-server) this test starts on 127.0.0.1 with a
// config file in a temporary folder. Test messages are published with the NATS C client.

#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/feedstatus.h"
#include "ingest/ingestengine.h"
#include "ingest/messagemapper.h"
#include "ingest/pluginregistry.h"

#include <livedash/publisher.h>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <nats/nats.h>

#include <memory>

namespace livedash {

using namespace livedash::feedtest;

namespace {

constexpr int WaitMs = 15000;
/// Debian installs it in /usr/sbin, which is not on every user's PATH.
QString serverBinary()
{
    return QStandardPaths::findExecutable(QStringLiteral("nats-server"),
                                          {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin"),
                                           QStringLiteral("/usr/local/bin")});
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

/// A nats-server child process on 127.0.0.1 with a config file in its own temporary folder.
struct NatsServer
{
    NatsServer() { port = freePort(); }
    ~NatsServer() { stop(); }

    /// `extra`: config lines (authorization, tls, max_payload); `jetStream`: -js with a store.
    bool start(const QString &extra = {}, bool jetStream = false)
    {
        QFile conf(dir.filePath(QStringLiteral("server.conf")));
        if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        QString text = QStringLiteral("listen: 127.0.0.1:%1\n").arg(port) + extra + '\n';
        if (jetStream)
            text += QStringLiteral("jetstream { store_dir: \"%1\" }\n")
                        .arg(dir.filePath(QStringLiteral("js")));
        conf.write(text.toUtf8());
        conf.close();
        log.clear();
        process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(serverBinary(), {QStringLiteral("-c"), conf.fileName()});
        if (!process->waitForStarted(5000))
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            process->waitForReadyRead(200);
            log += process->readAll();
            if (log.contains("Server is ready"))
                return true;
            if (process->state() == QProcess::NotRunning)
                break;
        }
        qWarning("nats-server did not start: %s", log.constData());
        return false;
    }
    void stop()
    {
        if (!process)
            return;
        process->terminate();
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(2000);
        }
        process.reset();
    }
    QString url(const QString &scheme = QStringLiteral("nats")) const
    {
        return QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(port);
    }

    QTemporaryDir dir;
    std::unique_ptr<QProcess> process;
    quint16 port = 0;
    QByteArray log;
};

/// The test's own NATS connection (the C client with its own threads).
struct Sender
{
    ~Sender()
    {
        if (js)
            jsCtx_Destroy(js);
        natsConnection_Destroy(nc);
    }
    bool connect(const QString &url, const char *user = nullptr, const char *password = nullptr)
    {
        natsOptions *opts = nullptr;
        natsOptions_Create(&opts);
        natsOptions_SetURL(opts, url.toUtf8().constData());
        if (user)
            natsOptions_SetUserInfo(opts, user, password);
        const natsStatus s = natsConnection_Connect(&nc, opts);
        natsOptions_Destroy(opts);
        return s == NATS_OK;
    }
    bool publish(const QString &subject, const QByteArray &payload)
    {
        return natsConnection_Publish(nc, subject.toUtf8().constData(), payload.constData(),
                                      int(payload.size())) == NATS_OK;
    }
    bool flush() { return natsConnection_FlushTimeout(nc, 5000) == NATS_OK; }
    bool addStream(const char *name, const char *subject, bool onDisk = false)
    {
        if (!js && natsConnection_JetStream(&js, nc, nullptr) != NATS_OK)
            return false;
        jsStreamConfig cfg;
        jsStreamConfig_Init(&cfg);
        cfg.Name = name;
        const char *subjects[] = {subject};
        cfg.Subjects = subjects;
        cfg.SubjectsLen = 1;
        cfg.Storage = onDisk ? js_FileStorage : js_MemoryStorage;
        jsStreamInfo *info = nullptr;
        jsErrCode err = jsErrCode(0);
        const natsStatus s = js_AddStream(&info, js, &cfg, nullptr, &err);
        jsStreamInfo_Destroy(info);
        return s == NATS_OK;
    }
    bool jsPublish(const QString &subject, const QByteArray &payload)
    {
        jsPubAck *ack = nullptr;
        jsErrCode err = jsErrCode(0);
        const natsStatus s = js_Publish(&ack, js, subject.toUtf8().constData(), payload.constData(),
                                        int(payload.size()), nullptr, &err);
        jsPubAck_Destroy(ack);
        return s == NATS_OK;
    }

    natsConnection *nc = nullptr;
    jsCtx *js = nullptr;
};

QByteArray message(qint64 seq, double v)
{
    return QStringLiteral("{\"seq\":%1,\"v\":%2}").arg(seq).arg(v).toUtf8();
}

FeedConfig natsFeed(const QString &id, const QString &url, const QString &subjects,
                    const QVariantMap &extra = {})
{
    FeedConfig f;
    f.id = id;
    f.name = id;
    f.plugin = QStringLiteral("nats");
    f.options = extra;
    f.options.insert(QStringLiteral("url"), url);
    f.options.insert(QStringLiteral("subjects"), subjects);
    f.reconnect.initialDelayMs = 100;
    f.reconnect.maxDelayMs = 400;
    return f;
}

/// Maps `v` to channel `v` and `seq` as the sequence.
FeedConfig seqFeed(const QString &id, const QString &url, const QString &subjects,
                   const QVariantMap &extra = {})
{
    FeedConfig f = natsFeed(id, url, subjects, extra);
    f.fields.sequence = QStringLiteral("seq");
    ChannelMapping value;
    value.path = QStringLiteral("v");
    value.channel = QStringLiteral("v");
    f.fields.channels = {value};
    return f;
}

/// Publishes `payload` every 50 ms until the feed has at least one message: a subscription is
/// only known to be in place once something arrived through it.
bool publishUntilLive(IngestEngine &engine, const QString &id, Sender &sender,
                      const QString &subject, const QByteArray &payload)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < WaitMs) {
        if (status(engine, id).messages > 0)
            return true;
        sender.publish(subject, payload);
        sender.flush();
        QTest::qWait(50);
    }
    return false;
}

/// A self-signed certificate for 127.0.0.1 made with openssl into `dir`; false if impossible.
bool makeCertificate(const QString &dir)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), dir + QStringLiteral("/key.pem"),
                   QStringLiteral("-out"), dir + QStringLiteral("/cert.pem"),
                   QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1")});
    return openssl.waitForFinished(30000) && openssl.exitCode() == 0;
}

} // namespace

class TestNatsFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pluginDeclaresOptionsAndValidates();
    void payloadsOfEveryKindMap();
    void wildcardSubjectMakesOneChannelPerSensor();
    void queueGroupSharesMessages();
    void wrongPasswordIsNotAuthorisedAndRetriedWithBackoff();
    void wrongTokenIsNotAuthorised();
    void deniedSubscriptionIsAPermissionsViolation();
    void pinnedSelfSignedCertificateConnects();
    void unpinnedCertificateIsRefusedAsTls();
    void jetStreamReplaysHistoryOnStart();
    void jetStreamReplaysLastPerSubjectAndSince();
    void jetStreamSinceEarlyInASecond();
    void missingStreamIsNamed();
    void oversizedPayloadIsRejectedAndNextMaps();
    void reconnectsAfterServerRestart();
    void jetStreamResumesAfterReconnectWithoutRepeats();
    void refusedConnectionIsReported();
    void badUrlIsFatal();
    void probeReturnsFirstMessageWithSubject();
    void publisherDeliversInOrderThroughServer();
    void publisherEscapesChannelTokens();
    void publisherReportsUnreachableServer();
    void shutdownCancelsPromptly();

private:
    PluginRegistry m_registry;
};

void TestNatsFeed::initTestCase()
{
    // packaging/deps.sh installs it: a missing server is a broken setup, not a reason to skip.
    QVERIFY2(!serverBinary().isEmpty(), "nats-server not found in /usr/sbin, /usr/bin");
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QString failures;
    for (const PluginRegistry::Failure &f : m_registry.failures())
        failures += f.file + QStringLiteral(": ") + f.reason + QLatin1Char('\n');
    QVERIFY2(m_registry.plugin(QStringLiteral("nats")), qPrintable(failures));
    QVERIFY(m_registry.publisher(QStringLiteral("nats")));
    QVERIFY(m_registry.publisher(QStringLiteral("tls")));
}

void TestNatsFeed::pluginDeclaresOptionsAndValidates()
{
    const PluginInfo info = m_registry.plugin(QStringLiteral("nats"))->info();
    QHash<QString, OptionSpec> specs;
    for (const OptionSpec &s : info.options)
        specs.insert(s.key, s);
    QVERIFY(specs.value(QStringLiteral("url")).required);
    QCOMPARE(specs.value(QStringLiteral("url")).choices,
             QStringList({QStringLiteral("nats"), QStringLiteral("tls")}));
    QCOMPARE(specs.value(QStringLiteral("password")).type, OptionType::Secret);
    QCOMPARE(specs.value(QStringLiteral("token")).type, OptionType::Secret);
    QVERIFY(specs.contains(QStringLiteral("trustedCertificate")));
    QCOMPARE(specs.value(QStringLiteral("deliver")).defaultValue.toString(), QStringLiteral("all"));

    const QString url = QStringLiteral("nats://127.0.0.1:4222");
    QVERIFY(
        m_registry
            .validate(natsFeed(QStringLiteral("ok"), url, QStringLiteral("a.*.b\nc.>\n\nplain")))
            .isEmpty());
    const struct
    {
        QString subjects;
        QString fragment;
    } bad[] = {
        {QStringLiteral("a..b"), QStringLiteral("empty token")},
        {QStringLiteral("a.b*"), QStringLiteral("'*' must be a whole token")},
        {QStringLiteral("a.>.b"), QStringLiteral("'>' must be the whole last token")},
        {QStringLiteral("a b"), QStringLiteral("whitespace")},
        {QStringLiteral("  \n "), QStringLiteral("subject")},
    };
    for (const auto &b : bad) {
        const QString problems =
            m_registry.validate(natsFeed(QStringLiteral("bad"), url, b.subjects))
                .join(QLatin1Char('\n'));
        QVERIFY2(problems.contains(QLatin1String("subjects")) && problems.contains(b.fragment),
                 qPrintable(b.subjects + QStringLiteral(" -> ") + problems));
    }
    const QString both = m_registry
                             .validate(natsFeed(QStringLiteral("c"), url, QStringLiteral("a"),
                                                {{QStringLiteral("user"), QStringLiteral("u")},
                                                 {QStringLiteral("token"), QStringLiteral("t")}}))
                             .join(QLatin1Char('\n'));
    QVERIFY2(both.contains(QLatin1String("use one of")), qPrintable(both));
    const QString since =
        m_registry
            .validate(natsFeed(QStringLiteral("s"), url, QStringLiteral("a"),
                               {{QStringLiteral("stream"), QStringLiteral("S")},
                                {QStringLiteral("deliver"), QStringLiteral("since")},
                                {QStringLiteral("deliverSince"), QStringLiteral("yesterday")}}))
            .join(QLatin1Char('\n'));
    QVERIFY2(since.contains(QLatin1String("deliverSince")), qPrintable(since));
    QVERIFY(m_registry
                .validate(natsFeed(QStringLiteral("s"), url, QStringLiteral("a"),
                                   {{QStringLiteral("stream"), QStringLiteral("S")},
                                    {QStringLiteral("deliver"), QStringLiteral("since")},
                                    {QStringLiteral("deliverSince"), QStringLiteral("2h")}}))
                .isEmpty());
    const QString pin =
        m_registry
            .validate(natsFeed(
                QStringLiteral("p"), QStringLiteral("tls://127.0.0.1:4222"), QStringLiteral("a"),
                {{QStringLiteral("certificateSha256"), QString(64, QLatin1Char('a'))}}))
            .join(QLatin1Char('\n'));
    QVERIFY2(pin.contains(QLatin1String("certificateSha256")) &&
                 pin.contains(QLatin1String("trustedCertificate")),
             qPrintable(pin));
    // The schema itself refuses other schemes.
    QVERIFY(!m_registry
                 .validate(natsFeed(QStringLiteral("h"), QStringLiteral("http://x/"),
                                    QStringLiteral("a")))
                 .isEmpty());
}

void TestNatsFeed::payloadsOfEveryKindMap()
{
    NatsServer server;
    QVERIFY(server.start());
    IngestEngine engine(&m_registry);
    // No mappings: channels are <feed>/<subject tokens>/<field path>.
    engine.apply(dashboard({natsFeed(QStringLiteral("raw"), server.url(), QStringLiteral("k.>"))}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("raw")).state, FeedState::Live, WaitMs);
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QVERIFY(
        publishUntilLive(engine, QStringLiteral("raw"), sender, QStringLiteral("k.num"), "21.5"));
    sender.publish(QStringLiteral("k.json"), "{\"a\":{\"b\":3}}");
    sender.publish(QStringLiteral("k.text"), "hello \"world\"");
    sender.publish(QStringLiteral("k.num"), " -4e2 ");
    QVERIFY(sender.flush());
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("raw/k/num/value")), -400.0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("raw/k/json/a.b")), 3.0, WaitMs);
    // Text becomes {"text": ...}: a message, but no number to chart.
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("raw")).messages >= 4, WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("raw"));
    QVERIFY(s.bytes >= 4 + 13 + 15);
}

void TestNatsFeed::wildcardSubjectMakesOneChannelPerSensor()
{
    NatsServer server;
    QVERIFY(server.start());
    FeedConfig f =
        natsFeed(QStringLiteral("w"), server.url(), QStringLiteral("sensors.*.temperature"));
    ChannelMapping m;
    m.path = QStringLiteral("value");
    m.channel = QStringLiteral("{$subject[1]}");
    f.fields.channels = {m};
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("w")).state, FeedState::Live, WaitMs);
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QVERIFY(publishUntilLive(engine, QStringLiteral("w"), sender,
                             QStringLiteral("sensors.s0.temperature"), "0"));
    for (int i = 1; i <= 3; ++i) {
        QVERIFY(sender.publish(QStringLiteral("sensors.s%1.temperature").arg(i),
                               QByteArray::number(20 + i)));
        // Not subscribed: another measurement, and a deeper subject.
        sender.publish(QStringLiteral("sensors.s%1.humidity").arg(i), "50");
        sender.publish(QStringLiteral("sensors.s%1.temperature.max").arg(i), "99");
    }
    QVERIFY(sender.flush());
    for (int i = 1; i <= 3; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("w/s%1").arg(i)), 20.0 + i,
                                  WaitMs);
    QTest::qWait(200);
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("w/s1")), quint64(1), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("w")).rejected, quint64(0));
    QVERIFY(!engine.store().find(QStringLiteral("w/50")));
}

void TestNatsFeed::queueGroupSharesMessages()
{
    NatsServer server;
    QVERIFY(server.start());
    const QVariantMap group{{QStringLiteral("queueGroup"), QStringLiteral("workers")}};
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({seqFeed(QStringLiteral("q1"), server.url(), QStringLiteral("jobs"), group),
                   seqFeed(QStringLiteral("q2"), server.url(), QStringLiteral("jobs"), group)}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("q1")).state, FeedState::Live, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("q2")).state, FeedState::Live, WaitMs);
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    constexpr int Count = 400;
    for (int i = 1; i <= Count; ++i)
        QVERIFY(sender.publish(QStringLiteral("jobs"), message(i, i)));
    QVERIFY(sender.flush());
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("q1")).messages +
                                  status(engine, QStringLiteral("q2")).messages,
                              quint64(Count), WaitMs);
    QTest::qWait(200); // nothing more arrives: each message went to one of them
    const quint64 a = status(engine, QStringLiteral("q1")).messages;
    const quint64 b = status(engine, QStringLiteral("q2")).messages;
    QCOMPARE(a + b, quint64(Count));
    QVERIFY2(a > 0 && b > 0, qPrintable(QStringLiteral("%1 + %2").arg(a).arg(b)));
}

void TestNatsFeed::wrongPasswordIsNotAuthorisedAndRetriedWithBackoff()
{
    NatsServer server;
    QVERIFY(server.start(QStringLiteral("authorization { user: alice, password: s3cret-pw }")));
    IngestEngine engine(&m_registry);
    FeedConfig wrong = seqFeed(QStringLiteral("wrong"), server.url(), QStringLiteral("a"),
                               {{QStringLiteral("user"), QStringLiteral("alice")},
                                {QStringLiteral("password"), QStringLiteral("guess")}});
    wrong.reconnect.initialDelayMs = 300;
    wrong.reconnect.maxDelayMs = 600;
    FeedConfig right = seqFeed(QStringLiteral("right"), server.url(), QStringLiteral("a"),
                               {{QStringLiteral("user"), QStringLiteral("alice")},
                                {QStringLiteral("password"), QStringLiteral("s3cret-pw")}});
    engine.apply(dashboard({wrong, right}));
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("wrong")).lastError.contains(QLatin1String("not authorised")),
        WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("right")).state, FeedState::Live,
                              WaitMs);
    // Retried through the runner's backoff (jittered delays up to 300..600 ms), not in a tight
    // loop: one refused attempt takes a millisecond or two, a loop would make hundreds.
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("wrong")).attempt >= 2, WaitMs);
    const int before = status(engine, QStringLiteral("wrong")).attempt;
    QTest::qWait(2000);
    const FeedStatus s = status(engine, QStringLiteral("wrong"));
    QVERIFY2(s.attempt > before && s.attempt - before <= 30,
             qPrintable(QString::number(s.attempt - before)));
    QVERIFY(s.state == FeedState::Retrying || s.state == FeedState::Connecting);
    QCOMPARE(s.connects, quint64(0));
    QVERIFY(!s.lastError.contains(QLatin1String("guess")));
}

void TestNatsFeed::wrongTokenIsNotAuthorised()
{
    NatsServer server;
    QVERIFY(server.start(QStringLiteral("authorization { token: \"tok-123\" }")));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({seqFeed(QStringLiteral("bad"), server.url(), QStringLiteral("a"),
                                    {{QStringLiteral("token"), QStringLiteral("nope")}}),
                            seqFeed(QStringLiteral("good"), server.url(), QStringLiteral("a"),
                                    {{QStringLiteral("token"), QStringLiteral("tok-123")}})}));
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("bad")).lastError.contains(QLatin1String("not authorised")),
        WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("good")).state, FeedState::Live,
                              WaitMs);

    // The publisher takes a user name without a password as the token: nats://token@host.
    const PublisherPlugin *plugin = m_registry.publisher(QStringLiteral("nats"));
    QList<Problem> problems;
    std::unique_ptr<Publisher> good = plugin->createPublisher(
        QUrl(QStringLiteral("nats://tok-123@127.0.0.1:%1/x").arg(server.port)), &problems);
    std::unique_ptr<Publisher> bad = plugin->createPublisher(
        QUrl(QStringLiteral("nats://nope@127.0.0.1:%1/x").arg(server.port)), &problems);
    QVERIFY(good && bad);
    good->start();
    bad->start();
    QTRY_COMPARE_WITH_TIMEOUT(good->status().state, PublisherStatus::Connected, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bad->status().state, PublisherStatus::Failed, WaitMs);
    QCOMPARE(bad->status().error, QStringLiteral("not authorised"));
}

void TestNatsFeed::deniedSubscriptionIsAPermissionsViolation()
{
    NatsServer server;
    QVERIFY(server.start(QStringLiteral(
        "authorization { users = [ { user: bob, password: pw, permissions: { subscribe: "
        "{ allow: [\"ok.>\"] } } } ] }")));
    const QVariantMap bob{{QStringLiteral("user"), QStringLiteral("bob")},
                          {QStringLiteral("password"), QStringLiteral("pw")}};
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {seqFeed(QStringLiteral("denied"), server.url(), QStringLiteral("ok.a\nsecret.x"), bob),
         seqFeed(QStringLiteral("allowed"), server.url(), QStringLiteral("ok.a"), bob)}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("denied")).lastError,
                              QStringLiteral("permissions violation for subscription to secret.x"),
                              WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("allowed")).state, FeedState::Live,
                              WaitMs);
    QCOMPARE(status(engine, QStringLiteral("denied")).connects, quint64(0));
}

void TestNatsFeed::pinnedSelfSignedCertificateConnects()
{
    NatsServer server;
    if (!makeCertificate(server.dir.path()))
        QSKIP("openssl cannot make a certificate here");
    const QString cert = server.dir.filePath(QStringLiteral("cert.pem"));
    QVERIFY(server.start(QStringLiteral("tls { cert_file: \"%1\", key_file: \"%2\" }")
                             .arg(cert, server.dir.filePath(QStringLiteral("key.pem")))));
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({seqFeed(QStringLiteral("pinned"), server.url(QStringLiteral("tls")),
                           QStringLiteral("t"), {{QStringLiteral("trustedCertificate"), cert}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("pinned")).state, FeedState::Live,
                              WaitMs);
    Sender sender; // plain nats:// is refused by a TLS-only server, so the test pins it too
    natsOptions *opts = nullptr;
    natsOptions_Create(&opts);
    natsOptions_SetURL(opts, server.url(QStringLiteral("tls")).toUtf8().constData());
    natsOptions_SetSecure(opts, true);
    natsOptions_LoadCATrustedCertificates(opts, cert.toUtf8().constData());
    QCOMPARE(natsConnection_Connect(&sender.nc, opts), NATS_OK);
    natsOptions_Destroy(opts);
    QVERIFY(publishUntilLive(engine, QStringLiteral("pinned"), sender, QStringLiteral("t"),
                             message(1, 7)));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("pinned/v")), 7.0, WaitMs);
}

void TestNatsFeed::unpinnedCertificateIsRefusedAsTls()
{
    NatsServer server;
    if (!makeCertificate(server.dir.path()))
        QSKIP("openssl cannot make a certificate here");
    QVERIFY(server.start(QStringLiteral("tls { cert_file: \"%1\", key_file: \"%2\" }")
                             .arg(server.dir.filePath(QStringLiteral("cert.pem")),
                                  server.dir.filePath(QStringLiteral("key.pem")))));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({seqFeed(QStringLiteral("unpinned"), server.url(QStringLiteral("tls")),
                                    QStringLiteral("t"))}));
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("unpinned"))
            .lastError.startsWith(QLatin1String("TLS handshake failed: the server's certificate is "
                                                "self-signed and not trusted")),
        WaitMs);
    QCOMPARE(status(engine, QStringLiteral("unpinned")).connects, quint64(0));
    qInfo("unpinned: %s", qPrintable(status(engine, QStringLiteral("unpinned")).lastError));
}

void TestNatsFeed::jetStreamReplaysHistoryOnStart()
{
    NatsServer server;
    QVERIFY(server.start({}, true));
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QVERIFY(sender.addStream("HIST", "hist.>"));
    constexpr int Old = 50;
    for (int i = 1; i <= Old; ++i)
        QVERIFY(sender.jsPublish(QStringLiteral("hist.a"), message(i, i)));

    auto replay = [&](const QString &id, const QString &deliver) {
        return seqFeed(id, server.url(), QStringLiteral("hist.>"),
                       {{QStringLiteral("stream"), QStringLiteral("HIST")},
                        {QStringLiteral("deliver"), deliver}});
    };
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({replay(QStringLiteral("all"), QStringLiteral("all")),
                            replay(QStringLiteral("last"), QStringLiteral("last")),
                            replay(QStringLiteral("new"), QStringLiteral("new"))}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("all")).messages, quint64(Old), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("last")).messages, quint64(1), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("new")).state, FeedState::Live, WaitMs);
    QCOMPARE(status(engine, QStringLiteral("all")).gaps, quint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("all/v")), double(Old), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("all/v")), quint64(Old), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("last/v")), double(Old), WaitMs);
    QTest::qWait(300);
    QCOMPARE(status(engine, QStringLiteral("new")).messages, quint64(0));

    // New messages reach all three, once each.
    QVERIFY(sender.jsPublish(QStringLiteral("hist.a"), message(Old + 1, Old + 1)));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("new")).messages, quint64(1), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("all")).messages, quint64(Old + 1),
                              WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("last")).messages, quint64(2), WaitMs);
    // The message is counted before it is mapped: wait for the value itself.
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("new/v")), double(Old + 1), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("all")).gaps, quint64(0));
}

void TestNatsFeed::jetStreamReplaysLastPerSubjectAndSince()
{
    NatsServer server;
    QVERIFY(server.start({}, true));
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QVERIFY(sender.addStream("HIST", "hist.>"));
    for (int i = 1; i <= 10; ++i)
        QVERIFY(sender.jsPublish(QStringLiteral("hist.a"), message(i, i)));
    // The server stamps messages with this machine's clock: a time between the two batches.
    QTest::qWait(100);
    const QString between = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QTest::qWait(100);
    for (int i = 11; i <= 15; ++i)
        QVERIFY(sender.jsPublish(QStringLiteral("hist.b"), message(i, i)));

    IngestEngine engine(&m_registry);
    const QVariantMap stream{{QStringLiteral("stream"), QStringLiteral("HIST")}};
    QVariantMap perSubject = stream;
    perSubject.insert(QStringLiteral("deliver"), QStringLiteral("lastPerSubject"));
    QVariantMap since = stream;
    since.insert(QStringLiteral("deliver"), QStringLiteral("since"));
    since.insert(QStringLiteral("deliverSince"), between);
    FeedConfig each =
        natsFeed(QStringLiteral("each"), server.url(), QStringLiteral("hist.>"), perSubject);
    ChannelMapping bySubject;
    bySubject.path = QStringLiteral("v");
    bySubject.channel = QStringLiteral("{$subject[1]}");
    each.fields.channels = {bySubject};
    engine.apply(dashboard(
        {each, seqFeed(QStringLiteral("since"), server.url(), QStringLiteral("hist.>"), since)}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("each")).messages, quint64(2), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("since")).messages, quint64(5), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("each/a")), 10.0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("each/b")), 15.0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("since/v")), quint64(5), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("since/v")), 15.0, WaitMs);
    QTest::qWait(300);
    QCOMPARE(status(engine, QStringLiteral("each")).messages, quint64(2));
    QCOMPARE(status(engine, QStringLiteral("since")).messages, quint64(5));
}

void TestNatsFeed::jetStreamSinceEarlyInASecond()
{
    // The C client writes a start time's fraction of a second without its leading zeros
    // (.045 as .45): a "since" in the first 100 ms of a second must neither skip ahead past
    // what followed it nor bring what came before it in the same second.
    NatsServer server;
    QVERIFY(server.start({}, true));
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QVERIFY(sender.addStream("EARLY", "early.>"));
    QTest::qWait(int(1005 - QDateTime::currentMSecsSinceEpoch() % 1000)); // a second begins
    for (int i = 1; i <= 3; ++i)
        QVERIFY(sender.jsPublish(QStringLiteral("early.a"), message(i, i)));
    QTest::qWait(10); // the old ones stamped in earlier milliseconds than "since"
    QTest::qWait(int(qMax<qint64>(0, 40 - QDateTime::currentMSecsSinceEpoch() % 1000)));
    const QString between = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    qInfo("since %s", qPrintable(between)); // some 40 ms into its second unless held up
    QTest::qWait(100);
    for (int i = 11; i <= 15; ++i)
        QVERIFY(sender.jsPublish(QStringLiteral("early.b"), message(i, i)));

    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({seqFeed(QStringLiteral("since"), server.url(), QStringLiteral("early.>"),
                           {{QStringLiteral("stream"), QStringLiteral("EARLY")},
                            {QStringLiteral("deliver"), QStringLiteral("since")},
                            {QStringLiteral("deliverSince"), between}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("since")).messages, quint64(5), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("since/v")), quint64(5), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("since/v")), 15.0, WaitMs);
    QTest::qWait(300);
    QCOMPARE(status(engine, QStringLiteral("since")).messages, quint64(5));
    QCOMPARE(status(engine, QStringLiteral("since")).gaps, quint64(0));
}

void TestNatsFeed::missingStreamIsNamed()
{
    NatsServer server;
    QVERIFY(server.start({}, true));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({seqFeed(QStringLiteral("nostream"), server.url(), QStringLiteral("x.>"),
                                    {{QStringLiteral("stream"), QStringLiteral("NOPE")}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("nostream")).lastError,
                              QStringLiteral("stream NOPE not found"), WaitMs);
}

void TestNatsFeed::oversizedPayloadIsRejectedAndNextMaps()
{
    NatsServer server;
    QVERIFY(server.start());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({seqFeed(QStringLiteral("big"), server.url(), QStringLiteral("big"),
                                    {{QStringLiteral("maxMessageBytes"), 1000}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("big")).state, FeedState::Live, WaitMs);
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QVERIFY(publishUntilLive(engine, QStringLiteral("big"), sender, QStringLiteral("big"),
                             "{\"v\":1}"));
    QTest::qWait(100);
    const quint64 before = numbers(engine, QStringLiteral("big/v"));
    // Without a sequence number: the rejected message is no gap of the mapped ones.
    QByteArray huge = "{\"v\":99,\"pad\":\"" + QByteArray(2000, 'x') + "\"}";
    QVERIFY(sender.publish(QStringLiteral("big"), huge));
    QVERIFY(sender.publish(QStringLiteral("big"), message(2, 2)));
    QVERIFY(sender.flush());
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("big/v")), 2.0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("big/v")), before + 1, WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("big"));
    QCOMPARE(s.rejected, quint64(1));
    QVERIFY2(
        s.lastProblem.contains(
            QStringLiteral("message on big exceeded maxMessageBytes (%1 bytes)").arg(huge.size())),
        qPrintable(s.lastProblem));
    QCOMPARE(s.connects, quint64(1)); // the connection stays up
    QCOMPARE(s.state, FeedState::Live);
}

void TestNatsFeed::reconnectsAfterServerRestart()
{
    NatsServer server;
    QVERIFY(server.start());
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({seqFeed(QStringLiteral("r"), server.url(), QStringLiteral("r"))}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("r")).state, FeedState::Live, WaitMs);
    {
        Sender sender;
        QVERIFY(sender.connect(server.url()));
        QVERIFY(publishUntilLive(engine, QStringLiteral("r"), sender, QStringLiteral("r"),
                                 message(1, 1)));
    }
    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("r")).state != FeedState::Live, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("r")).lastError.isEmpty(), WaitMs);
    QVERIFY(server.start());
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("r")).state, FeedState::Live, WaitMs);
    QCOMPARE(status(engine, QStringLiteral("r")).connects, quint64(2));
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QElapsedTimer t;
    t.start();
    while (lastValue(engine, QStringLiteral("r/v")) != 2.0 && t.elapsed() < WaitMs) {
        sender.publish(QStringLiteral("r"), message(2, 2));
        sender.flush();
        QTest::qWait(50);
    }
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("r/v")), 2.0, WaitMs);
}

void TestNatsFeed::jetStreamResumesAfterReconnectWithoutRepeats()
{
    NatsServer server;
    QVERIFY(server.start({}, true));
    constexpr int Old = 20;
    {
        Sender sender;
        QVERIFY(sender.connect(server.url()));
        QVERIFY(sender.addStream("KEEP", "keep.>", true)); // on disk: survives the restart
        for (int i = 1; i <= Old; ++i)
            QVERIFY(sender.jsPublish(QStringLiteral("keep.x"), message(i, i)));
    }
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({seqFeed(QStringLiteral("k"), server.url(), QStringLiteral("keep.>"),
                                    {{QStringLiteral("stream"), QStringLiteral("KEEP")}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("k")).messages, quint64(Old), WaitMs);
    server.stop();
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("k")).state != FeedState::Live, WaitMs);
    QVERIFY(server.start({}, true));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("k")).connects, quint64(2), WaitMs);
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QVERIFY(sender.addStream("KEEP", "keep.>", true)); // exists already: no change
    QVERIFY(sender.jsPublish(QStringLiteral("keep.x"), message(Old + 1, Old + 1)));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("k/v")), double(Old + 1), WaitMs);
    // The second run went on after the last sequence it had: no replay of the first 20.
    QCOMPARE(status(engine, QStringLiteral("k")).messages, quint64(Old + 1));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("k/v")), quint64(Old + 1), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("k")).gaps, quint64(0));
}

void TestNatsFeed::refusedConnectionIsReported()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {seqFeed(QStringLiteral("refused"), QStringLiteral("nats://127.0.0.1:%1").arg(freePort()),
                 QStringLiteral("a"))}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("refused")).lastError,
                              QStringLiteral("connection refused"), WaitMs);
}

void TestNatsFeed::badUrlIsFatal()
{
    IngestEngine engine(&m_registry);
    FeedConfig f =
        seqFeed(QStringLiteral("nowhere"), QStringLiteral("nats://"), QStringLiteral("a"));
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("nowhere")).state, FeedState::Error,
                              WaitMs);
    QVERIFY2(status(engine, QStringLiteral("nowhere")).lastError.contains(QLatin1String("URL")),
             qPrintable(status(engine, QStringLiteral("nowhere")).lastError));
    QCOMPARE(status(engine, QStringLiteral("nowhere")).attempt, 0);
}

void TestNatsFeed::probeReturnsFirstMessageWithSubject()
{
    NatsServer server;
    QVERIFY(server.start());
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    IngestEngine engine(&m_registry);
    QSignalSpy finished(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("r1"),
                 natsFeed(QStringLiteral("probe"), server.url(), QStringLiteral("dev.*.state")),
                 WaitMs);
    // The probe's subscription is in place at some point: publish until it answers.
    QElapsedTimer t;
    t.start();
    while (finished.isEmpty() && t.elapsed() < WaitMs) {
        sender.publish(QStringLiteral("dev.pump7.state"), "{\"rpm\":1200}");
        sender.flush();
        QTest::qWait(50);
    }
    QCOMPARE(finished.count(), 1);
    const QList<QVariant> args = finished.takeFirst();
    QCOMPARE(args.at(0).toString(), QStringLiteral("r1"));
    QCOMPARE(args.at(1).toByteArray(), QByteArray("{\"rpm\":1200}"));
    QVERIFY2(args.at(2).toString().isEmpty(), qPrintable(args.at(2).toString()));
    const auto origin = args.at(3).value<MessageOrigin>();
    QCOMPARE(origin.topic, QStringLiteral("dev.pump7.state"));
    QCOMPARE(origin.separator, QLatin1Char('.'));
}

void TestNatsFeed::publisherDeliversInOrderThroughServer()
{
    NatsServer server;
    QVERIFY(server.start());
    IngestEngine engine(&m_registry);
    FeedConfig f = seqFeed(QStringLiteral("sub"), server.url(), QStringLiteral("gw.>"));
    f.fields.channels.first().channel = QStringLiteral("{$subject[2]}");
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("sub")).state, FeedState::Live, WaitMs);

    QList<Problem> problems;
    std::unique_ptr<Publisher> pub =
        m_registry.publisher(QStringLiteral("nats"))
            ->createPublisher(QUrl(server.url() + QStringLiteral("/gw")), &problems);
    QVERIFY(pub);
    pub->start();
    QTRY_COMPARE_WITH_TIMEOUT(pub->status().state, PublisherStatus::Connected, WaitMs);
    // The feed's subscription was confirmed before it went live; one message proves the path.
    QElapsedTimer t;
    t.start();
    while (status(engine, QStringLiteral("sub")).messages == 0 && t.elapsed() < WaitMs) {
        QVERIFY(pub->publish(QStringLiteral("plant"), QStringLiteral("warmup"), message(0, 0)));
        QTest::qWait(50);
    }
    // LIVEDASH_NATS_COUNT=500000 makes it a throughput measurement (printed, never asserted).
    const int Count = qEnvironmentVariableIsSet("LIVEDASH_NATS_COUNT")
                          ? qEnvironmentVariableIntValue("LIVEDASH_NATS_COUNT")
                          : 20000;
    int accepted = 0;
    t.restart();
    while (accepted < Count && t.elapsed() < 600000) {
        if (pub->publish(QStringLiteral("plant"), QStringLiteral("flow"),
                         message(accepted + 1, accepted + 1)))
            ++accepted;
        else
            QTest::qWait(1);
    }
    QCOMPARE(accepted, Count);
    QCOMPARE(pub->finish(5000), quint64(0));
    const PublisherStatus st = pub->status();
    QCOMPARE(st.unconfirmed, quint64(0));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("sub/flow")), quint64(Count),
                              qMax(WaitMs, Count / 10));
    qInfo("%d messages published and mapped in %lld ms", Count, qint64(t.elapsed()));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("sub/flow")), double(Count), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("sub")).gaps, quint64(0)); // in order, none lost
}

void TestNatsFeed::publisherEscapesChannelTokens()
{
    NatsServer server;
    QVERIFY(server.start());
    IngestEngine engine(&m_registry);
    FeedConfig f = seqFeed(QStringLiteral("esc"), server.url(), QStringLiteral("pre.fix.>"));
    f.fields.channels.first().channel = QStringLiteral("{$subject[2]}/{$subject[3]}");
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("esc")).state, FeedState::Live, WaitMs);

    // A raw subscriber sees the escaped subject itself.
    Sender raw;
    QVERIFY(raw.connect(server.url()));
    natsSubscription *sub = nullptr;
    QCOMPARE(natsConnection_SubscribeSync(&sub, raw.nc, "pre.fix.>"), NATS_OK);
    QVERIFY(raw.flush());

    QList<Problem> problems;
    std::unique_ptr<Publisher> pub =
        m_registry.publisher(QStringLiteral("nats"))
            ->createPublisher(QUrl(server.url() + QStringLiteral("/pre/fix")), &problems);
    QVERIFY(pub);
    pub->start();
    QTRY_COMPARE_WITH_TIMEOUT(pub->status().state, PublisherStatus::Connected, WaitMs);
    const QString feed = QStringLiteral("line*1");
    const QString channel = QStringLiteral("temp. outlet >50% a/b");
    QVERIFY(pub->publish(feed, channel, message(1, 42)));
    QCOMPARE(pub->finish(5000), quint64(0));

    natsMsg *msg = nullptr;
    QCOMPARE(natsSubscription_NextMsg(&msg, sub, 5000), NATS_OK);
    QCOMPARE(QByteArray(natsMsg_GetSubject(msg)),
             QByteArray("pre.fix.line%2A1.temp%2E%20outlet%20%3E50%25%20a/b"));
    natsMsg_Destroy(msg);
    natsSubscription_Destroy(sub);

    QTRY_COMPARE_WITH_TIMEOUT(
        lastValue(engine, QStringLiteral("esc/") + feed + QLatin1Char('/') + channel), 42.0,
        WaitMs);
}

void TestNatsFeed::publisherReportsUnreachableServer()
{
    QList<Problem> problems;
    const PublisherPlugin *plugin = m_registry.publisher(QStringLiteral("nats"));
    QVERIFY(!plugin->createPublisher(QUrl(QStringLiteral("nats://127.0.0.1:1/a.b")), &problems));
    QVERIFY(!problems.isEmpty());
    problems.clear();
    std::unique_ptr<Publisher> pub = plugin->createPublisher(
        QUrl(QStringLiteral("nats://user:pw@127.0.0.1:%1/x").arg(freePort())), &problems);
    QVERIFY(pub);
    QVERIFY(!pub->publish(QStringLiteral("f"), QStringLiteral("c"), "1")); // not started
    pub->start();
    QTRY_COMPARE_WITH_TIMEOUT(pub->status().state, PublisherStatus::Failed, WaitMs);
    QCOMPARE(pub->status().error, QStringLiteral("connection refused"));
    QVERIFY(!pub->publish(QStringLiteral("f"), QStringLiteral("c"), "1"));
    QCOMPARE(pub->finish(100), quint64(0));
}

void TestNatsFeed::shutdownCancelsPromptly()
{
    NatsServer server;
    QVERIFY(server.start({}, true));
    Sender sender;
    QVERIFY(sender.connect(server.url()));
    QVERIFY(sender.addStream("S", "s.>"));
    // A server that accepts and never says INFO: that feed is stuck in its handshake (which
    // the C client does blocking, on a pool thread) and must stop promptly all the same.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({seqFeed(QStringLiteral("core"), server.url(), QStringLiteral("a")),
                   seqFeed(QStringLiteral("js"), server.url(), QStringLiteral("s.>"),
                           {{QStringLiteral("stream"), QStringLiteral("S")}}),
                   seqFeed(QStringLiteral("stuck"),
                           QStringLiteral("nats://127.0.0.1:%1").arg(mute.serverPort()),
                           QStringLiteral("a"), {{QStringLiteral("connectTimeoutMs"), 3000}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("core")).state, FeedState::Live,
                              WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("js")).state, FeedState::Live, WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(mute.hasPendingConnections(), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("stuck")).state, FeedState::Connecting);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("did not stop")));
    QElapsedTimer timer;
    timer.start();
    engine.shutdown();
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(status(engine, QStringLiteral("core")).state, FeedState::Stopped);
    QCOMPARE(status(engine, QStringLiteral("js")).state, FeedState::Stopped);
    QCOMPARE(status(engine, QStringLiteral("stuck")).state, FeedState::Stopped);
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestNatsFeed)
#include "tst_natsfeed.moc"
