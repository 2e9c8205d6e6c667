// Integration tests of the mqtt feed plugin and its publisher: the plugin is loaded from
// bin/plugins like the app does, feeds run on an IngestEngine's ingest thread, and everything
// talks to the real broker (/usr/sbin/mosquitto) started here on an ephemeral 127.0.0.1 port
// with a configuration written into a temporary directory. Messages are sent with the real
// mosquitto_pub.

#include "../feedtest.h"
#include "document/dashboard.h"
#include "ingest/feedstatus.h"
#include "ingest/ingestengine.h"
#include "ingest/messagemapper.h"
#include "ingest/pluginregistry.h"

#include <livedash/publisher.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/types.h>
#endif

namespace livedash {

using namespace livedash::feedtest;

namespace {

constexpr int WaitMs = 15000;
const QString Mosquitto = QStringLiteral("/usr/sbin/mosquitto");
const QString MosquittoPub = QStringLiteral("mosquitto_pub");

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

/// A real mosquitto on 127.0.0.1:<port>, configured by `extra` lines.
struct Broker
{
    QTemporaryDir dir;
    quint16 port = 0;
    QString extra;
    std::unique_ptr<QProcess> process;
    QString error;

    QString path(const QString &name) const { return dir.filePath(name); }
    QString url(bool tls = false) const
    {
        return QStringLiteral("%1://127.0.0.1:%2")
            .arg(tls ? QStringLiteral("mqtts") : QStringLiteral("mqtt"))
            .arg(port);
    }

    bool start(const QString &extraLines = {}, quint16 wanted = 0)
    {
        if (!extraLines.isEmpty())
            extra = extraLines;
        port = wanted ? wanted : (port ? port : freePort());
        QFile conf(path(QStringLiteral("mosquitto.conf")));
        if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        const QString text = QStringLiteral("listener %1 127.0.0.1\n"
                                            "user root\n"
                                            "persistence true\n"
                                            "persistence_location %2/\n"
                                            "log_dest stderr\n"
                                            "log_type error\n"
                                            "log_type warning\n")
                                 .arg(port)
                                 .arg(dir.path()) +
                             (extra.contains(QLatin1String("allow_anonymous"))
                                  ? QString()
                                  : QStringLiteral("allow_anonymous true\n")) +
                             extra;
        conf.write(text.toUtf8());
        conf.close();
        process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(Mosquitto, {QStringLiteral("-c"), conf.fileName()});
        if (!process->waitForStarted(5000)) {
            error = process->errorString();
            return false;
        }
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 10000) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            if (socket.waitForConnected(200))
                return true;
            if (process->state() == QProcess::NotRunning)
                break;
            QTest::qWait(50);
        }
        error = QString::fromLocal8Bit(process->readAll());
        return false;
    }

    void stop()
    {
        if (!process)
            return;
        process->terminate(); // SIGTERM: mosquitto saves its persistence file
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(2000);
        }
        process.reset();
    }

    ~Broker() { stop(); }
};

/// mosquitto_pub with `args`; `input` goes to its standard input (for -l / -s).
bool publish(const Broker &broker, QStringList args, const QByteArray &input = {},
             QString *output = nullptr)
{
    QProcess pub;
    pub.setProcessChannelMode(QProcess::MergedChannels);
    args.prepend(QString::number(broker.port));
    args.prepend(QStringLiteral("-p"));
    args.prepend(QStringLiteral("127.0.0.1"));
    args.prepend(QStringLiteral("-h"));
    pub.start(MosquittoPub, args);
    if (!pub.waitForStarted(5000))
        return false;
    if (!input.isEmpty())
        pub.write(input);
    pub.closeWriteChannel();
    const bool ok = pub.waitForFinished(30000) && pub.exitStatus() == QProcess::NormalExit &&
                    pub.exitCode() == 0;
    if (output)
        *output = QString::fromLocal8Bit(pub.readAll());
    return ok;
}

bool publishOne(const Broker &broker, const QString &topic, const QByteArray &payload,
                const QStringList &extra = {})
{
    QStringList args = {QStringLiteral("-t"), topic, QStringLiteral("-s")};
    args += extra;
    QString out;
    const bool ok = publish(broker, args, payload.isEmpty() ? QByteArray(" ") : payload, &out);
    if (!ok)
        qWarning("mosquitto_pub: %s", qPrintable(out));
    return ok;
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

FeedConfig mqttFeed(const QString &id, const QString &url, const QString &topics,
                    const QVariantMap &extra = {})
{
    FeedConfig f;
    f.id = id;
    f.name = id;
    f.plugin = QStringLiteral("mqtt");
    f.options = extra;
    f.options.insert(QStringLiteral("url"), url);
    f.options.insert(QStringLiteral("topics"), topics);
    f.reconnect.initialDelayMs = 50;
    f.reconnect.maxDelayMs = 200;
    return f;
}

ChannelMapping mapping(const QString &path, const QString &channel,
                       ValueKind kind = ValueKind::Number, bool optional = false)
{
    ChannelMapping m;
    m.path = path;
    m.channel = channel;
    m.kind = kind;
    m.optional = optional;
    return m;
}

struct Certificate
{
    QString certPath;
    QString keyPath;
    QString sha256;
    QString error;
};

/// A self-signed certificate for 127.0.0.1 made by openssl now (as tests/security does).
Certificate makeCertificate(const QString &dir, const QString &name = QStringLiteral("broker"))
{
    Certificate c;
    c.certPath = dir + QLatin1Char('/') + name + QStringLiteral(".crt");
    c.keyPath = dir + QLatin1Char('/') + name + QStringLiteral(".key");
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
                   c.keyPath, QStringLiteral("-out"), c.certPath});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
        c.error = QString::fromLocal8Bit(openssl.readAll());
        return c;
    }
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(c.certPath);
    if (certs.isEmpty()) {
        c.error = QStringLiteral("no certificate generated");
        return c;
    }
    c.sha256 = QString::fromLatin1(
        QCryptographicHash::hash(certs.first().toDer(), QCryptographicHash::Sha256).toHex());
    // mosquitto (run as root here) reads the key itself.
    QFile::setPermissions(c.keyPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                         QFile::ReadOther);
    return c;
}

// Log capture: the runner logs why each run ended, which lastError only shows until the next
// attempt overwrites it. Handlers run on any thread.
QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previousHandler = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(text);
    }
    if (g_previousHandler)
        g_previousHandler(type, context, text);
}

bool logContains(const QString &text)
{
    QMutexLocker lock(&g_logMutex);
    for (const QString &line : std::as_const(g_log))
        if (line.contains(text))
            return true;
    return false;
}

} // namespace

class TestMqttFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pluginDeclaresOptions();
    void validateChecksFiltersAndSessions();
    void wildcardTopicGivesOneChannelPerSensor();
    void retainedValuesArriveOnSubscribe();
    void bareNumberAndTextPayloads();
    void oversizedPayloadIsRejectedAndNextMaps();
    void mqtt5BrokerDropsFarOversizedPayloads();
    void persistentSessionKeepsMessagesAcrossBrokerRestart();
    void wrongPasswordIsNotAuthorisedAndBacksOff();
    void refusedSubscriptionFailsTheFeed();
    void pinnedSelfSignedCertificateConnects();
    void unpinnedCertificateIsRefusedWithTlsReason();
    void clientCertificateIsPresented();
    void probeReturnsFirstMessageWithTopic();
    void publisherDeliversEveryMessage();
    void publisherRetainsValuesForLateSubscribers();
    void publisherToUnreachableBrokerFails();
    void badUrlIsFatal();
    void unknownHostIsReported();
    void refusedConnectionIsRetriedUntilBrokerIsUp();
    void brokerGoneIsReportedAndFeedReconnects();
    void silentBrokerTripsKeepalive();
    void connectTimeoutIsReported();
    void shutdownCancelsPromptly();

private:
    PluginRegistry m_registry;
};

void TestMqttFeed::initTestCase()
{
    if (!QFile::exists(Mosquitto))
        QSKIP("mosquitto is not installed (Debian: mosquitto mosquitto-clients)");
    g_previousHandler = qInstallMessageHandler(captureLog);
    m_registry.loadFrom(PluginRegistry::defaultSearchPaths());
    QString failures;
    for (const PluginRegistry::Failure &f : m_registry.failures())
        failures += f.file + QStringLiteral(": ") + f.reason + QLatin1Char('\n');
    QVERIFY2(m_registry.plugin(QStringLiteral("mqtt")), qPrintable(failures));
    QVERIFY(m_registry.publisher(QStringLiteral("mqtt")));
    QVERIFY(m_registry.publisher(QStringLiteral("mqtts")));
}

void TestMqttFeed::pluginDeclaresOptions()
{
    const PluginInfo info = m_registry.plugin(QStringLiteral("mqtt"))->info();
    QHash<QString, OptionSpec> specs;
    for (const OptionSpec &s : info.options)
        specs.insert(s.key, s);
    QCOMPARE(specs.value(QStringLiteral("url")).type, OptionType::Url);
    QCOMPARE(specs.value(QStringLiteral("url")).choices,
             QStringList({QStringLiteral("mqtt"), QStringLiteral("mqtts")}));
    QVERIFY(specs.value(QStringLiteral("topics")).required);
    QCOMPARE(specs.value(QStringLiteral("password")).type, OptionType::Secret);
    QCOMPARE(specs.value(QStringLiteral("cleanSession")).defaultValue.toBool(), true);
    QCOMPARE(specs.value(QStringLiteral("protocol")).choices,
             QStringList({QStringLiteral("3.1.1"), QStringLiteral("5")}));
    for (const char *key :
         {"qos", "clientId", "username", "keepaliveS", "trustedCertificate", "certificateSha256",
          "clientCertificate", "clientKey", "maxMessageBytes"})
        QVERIFY2(specs.contains(QString::fromLatin1(key)), key);
}

void TestMqttFeed::validateChecksFiltersAndSessions()
{
    const QString url = QStringLiteral("mqtt://127.0.0.1:1");
    QVERIFY(
        m_registry.validate(mqttFeed(QStringLiteral("v"), url, QStringLiteral("a/+/b\n#\n\nc/#")))
            .isEmpty());
    for (const char *bad : {"a/b#", "a/#/b", "a+/b", ""}) {
        const QStringList problems =
            m_registry.validate(mqttFeed(QStringLiteral("v"), url, QString::fromLatin1(bad)));
        QVERIFY2(!problems.isEmpty() && problems.first().contains(QLatin1String("topics")), bad);
    }
    FeedConfig persistent = mqttFeed(QStringLiteral("v"), url, QStringLiteral("a"),
                                     {{QStringLiteral("cleanSession"), false}});
    QVERIFY(m_registry.validate(persistent)
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("clientId")));
    persistent.options.insert(QStringLiteral("clientId"), QStringLiteral("me"));
    QVERIFY(m_registry.validate(persistent).isEmpty());
    // The schema refuses another scheme.
    QVERIFY(!m_registry
                 .validate(mqttFeed(QStringLiteral("v"), QStringLiteral("http://x/"),
                                    QStringLiteral("a")))
                 .isEmpty());
}

void TestMqttFeed::wildcardTopicGivesOneChannelPerSensor()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    FeedConfig f =
        mqttFeed(QStringLiteral("w"), broker.url(), QStringLiteral("sensors/+/temperature"));
    f.fields.channels = {mapping(QStringLiteral("value"), QStringLiteral("{$topic[1]}"))};
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("w")).state, FeedState::Live, WaitMs);

    QVERIFY(publishOne(broker, QStringLiteral("sensors/kitchen/temperature"), "21.5"));
    QVERIFY(publishOne(broker, QStringLiteral("sensors/hall/temperature"), "19"));
    QVERIFY(publishOne(broker, QStringLiteral("sensors/kitchen/humidity"), "55")); // not subscribed
    QVERIFY(publishOne(broker, QStringLiteral("sensors/cellar/temperature"), "{\"value\": 12}"));

    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("w/cellar")), 12.0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("w/kitchen")), 21.5, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("w/hall")), 19.0, WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("w"));
    QCOMPARE(s.messages, quint64(3));
    QCOMPARE(s.rejected, quint64(0));
    QCOMPARE(s.bytes, quint64(4 + 2 + 13)); // payload bytes of the three delivered messages
    QVERIFY(!engine.store().find(QStringLiteral("w/humidity")));
}

void TestMqttFeed::retainedValuesArriveOnSubscribe()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    QVERIFY(publishOne(broker, QStringLiteral("plant/boiler"), json({{QStringLiteral("temp"), 80}}),
                       {QStringLiteral("-r")}));
    QVERIFY(publishOne(broker, QStringLiteral("plant/pump"), "3", {QStringLiteral("-r")}));

    IngestEngine engine(&m_registry);
    // By name: looked up before connecting (QHostInfo), not by libmosquitto.
    engine.apply(dashboard(
        {mqttFeed(QStringLiteral("r"), QStringLiteral("mqtt://localhost:%1").arg(broker.port),
                  QStringLiteral("plant/#"))}));
    // No mapping: <feed>/<topic levels>/<field>, a bare number's field being `value`.
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("r/plant/boiler/temp")), 80.0,
                              WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("r/plant/pump/value")), 3.0, WaitMs);
    QCOMPARE(status(engine, QStringLiteral("r")).state, FeedState::Live);
}

void TestMqttFeed::bareNumberAndTextPayloads()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    FeedConfig f = mqttFeed(QStringLiteral("b"), broker.url(), QStringLiteral("dev/#"));
    f.fields.channels = {
        mapping(QStringLiteral("value"), QStringLiteral("{$topic[-1]}"), ValueKind::Number, true),
        mapping(QStringLiteral("text"), QStringLiteral("{$topic[-1]}/text"), ValueKind::Text,
                true)};
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("b")).state, FeedState::Live, WaitMs);

    QVERIFY(publishOne(broker, QStringLiteral("dev/level"), "  -3.25e1 \n"));
    QVERIFY(publishOne(broker, QStringLiteral("dev/state"), "door \"open\"\\ \xc3\xa4"));
    QVERIFY(publishOne(broker, QStringLiteral("dev/flag"), "NaN"));

    QTRY_COMPARE_WITH_TIMEOUT(lastText(engine, QStringLiteral("b/flag/text")),
                              QStringLiteral("NaN"), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("b/level")), -32.5, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastText(engine, QStringLiteral("b/state/text")),
                              QStringLiteral("door \"open\"\\ \u00e4"), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("b")).rejected, quint64(0));
}

void TestMqttFeed::oversizedPayloadIsRejectedAndNextMaps()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({mqttFeed(QStringLiteral("o"), broker.url(), QStringLiteral("big"),
                                     {{QStringLiteral("maxMessageBytes"), 100}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("o")).state, FeedState::Live, WaitMs);

    QVERIFY(publishOne(broker, QStringLiteral("big"),
                       "{\"v\":1,\"pad\":\"" + QByteArray(200, 'x') + "\"}"));
    QVERIFY(publishOne(broker, QStringLiteral("big"), "{\"v\":2}"));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("o/big/v")), 2.0, WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("o"));
    QCOMPARE(s.rejected, quint64(1));
    QCOMPARE(s.messages, quint64(1));
    QVERIFY2(s.lastProblem.contains(QLatin1String("message on big exceeded maxMessageBytes "
                                                  "(100 bytes)")),
             qPrintable(s.lastProblem));
    QCOMPARE(s.state, FeedState::Live); // no reconnect for it
    QCOMPARE(s.connects, quint64(1));
}

void TestMqttFeed::mqtt5BrokerDropsFarOversizedPayloads()
{
    // MQTT 5: the CONNECT's maximum packet size (maxMessageBytes + 64 KiB for the topic and
    // headers) makes the broker drop a larger PUBLISH: it never reaches this client's memory.
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({mqttFeed(QStringLiteral("m5"), broker.url(), QStringLiteral("big"),
                                     {{QStringLiteral("maxMessageBytes"), 100},
                                      {QStringLiteral("protocol"), QStringLiteral("5")}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("m5")).state, FeedState::Live, WaitMs);

    QTemporaryDir dir;
    QFile huge(dir.filePath(QStringLiteral("huge")));
    QVERIFY(huge.open(QIODevice::WriteOnly));
    huge.write("{\"v\":1,\"pad\":\"" + QByteArray(200 * 1024, 'x') + "\"}");
    huge.close();
    QVERIFY(publish(broker, {QStringLiteral("-t"), QStringLiteral("big"), QStringLiteral("-f"),
                             huge.fileName()}));
    // Above maxMessageBytes but within the packet size: it arrives and is counted.
    QVERIFY(publishOne(broker, QStringLiteral("big"), QByteArray(300, '1')));
    QVERIFY(publishOne(broker, QStringLiteral("big"), "{\"v\":2}"));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("m5/big/v")), 2.0, WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("m5"));
    QCOMPARE(s.messages, quint64(1));
    QCOMPARE(s.rejected, quint64(1));
    QCOMPARE(s.bytes, quint64(300 + 7)); // the huge one never arrived
    QCOMPARE(s.connects, quint64(1));
}

void TestMqttFeed::persistentSessionKeepsMessagesAcrossBrokerRestart()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    FeedConfig f = mqttFeed(QStringLiteral("p"), broker.url(), QStringLiteral("seq/#"),
                            {{QStringLiteral("cleanSession"), false},
                             {QStringLiteral("clientId"), QStringLiteral("livedash-persist")},
                             {QStringLiteral("qos"), QStringLiteral("1")}});
    f.fields.sequence = QStringLiteral("seq");
    f.fields.channels = {mapping(QStringLiteral("seq"), QStringLiteral("seq"))};

    auto lines = [](int from, int to) {
        QByteArray text;
        for (int i = from; i <= to; ++i)
            text += json({{QStringLiteral("seq"), i}}) + '\n';
        return text;
    };
    const QStringList pubArgs = {QStringLiteral("-t"), QStringLiteral("seq/a"),
                                 QStringLiteral("-q"), QStringLiteral("1"), QStringLiteral("-l")};
    {
        IngestEngine engine(&m_registry);
        engine.apply(dashboard({f}));
        QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("p")).state, FeedState::Live,
                                  WaitMs);
        QVERIFY(publish(broker, pubArgs, lines(1, 10)));
        QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("p/seq")), quint64(10), WaitMs);
        // The engine stops the feed: it disconnects, the broker keeps the session.
    }
    QVERIFY(publish(broker, pubArgs, lines(11, 500)));
    broker.stop();
    QVERIFY2(broker.start(), qPrintable(broker.error)); // same port, same persistence file

    IngestEngine engine(&m_registry);
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("p/seq")), quint64(490), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("p/seq")), 500.0, WaitMs);
    QVERIFY(publish(broker, pubArgs, lines(501, 510)));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("p/seq")), 510.0, WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("p"));
    QCOMPARE(s.gaps, quint64(0));
    QCOMPARE(s.messages, quint64(500));
    QCOMPARE(s.rejected, quint64(0));
}

void TestMqttFeed::wrongPasswordIsNotAuthorisedAndBacksOff()
{
    Broker broker;
    const QString passwords = broker.path(QStringLiteral("passwords"));
    QProcess passwd;
    passwd.start(QStringLiteral("mosquitto_passwd"),
                 {QStringLiteral("-b"), QStringLiteral("-c"), passwords, QStringLiteral("reader"),
                  QStringLiteral("right-pass")});
    QVERIFY(passwd.waitForFinished(10000) && passwd.exitCode() == 0);
    QFile::setPermissions(passwords, QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY2(
        broker.start(QStringLiteral("allow_anonymous false\npassword_file %1\n").arg(passwords)),
        qPrintable(broker.error));

    IngestEngine engine(&m_registry);
    FeedConfig wrong = mqttFeed(QStringLiteral("wrong"), broker.url(), QStringLiteral("a"),
                                {{QStringLiteral("username"), QStringLiteral("reader")},
                                 {QStringLiteral("password"), QStringLiteral("s3cr3t-wrong")}});
    wrong.reconnect.initialDelayMs = 200;
    wrong.reconnect.maxDelayMs = 1000;
    FeedConfig right = mqttFeed(QStringLiteral("right"), broker.url(), QStringLiteral("a"),
                                {{QStringLiteral("username"), QStringLiteral("reader")},
                                 {QStringLiteral("password"), QStringLiteral("right-pass")}});
    QElapsedTimer clock;
    clock.start();
    engine.apply(dashboard({wrong, right}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("right")).state, FeedState::Live,
                              WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("wrong")).lastError.isEmpty(), WaitMs);
    const FeedStatus first = status(engine, QStringLiteral("wrong"));
    QVERIFY2(first.lastError.contains(QLatin1String("not authorised (bad user name or password)")),
             qPrintable(first.lastError));
    QVERIFY(!first.lastError.contains(QLatin1String("s3cr3t")));
    QVERIFY(!logContains(QStringLiteral("s3cr3t")));

    QTest::qWait(2000);
    const FeedStatus s = status(engine, QStringLiteral("wrong"));
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(s.connects, quint64(0));
    // Backoff from 200 ms doubling to 1 s: about 6 attempts in 2 s (plus the time to reach
    // here), never a tight loop. Bounded by the elapsed time so a slow machine passes too.
    QVERIFY2(s.attempt >= 2 && s.attempt <= 4 + int(elapsed / 200),
             qPrintable(QStringLiteral("%1 attempts in %2 ms").arg(s.attempt).arg(elapsed)));
}

void TestMqttFeed::refusedSubscriptionFailsTheFeed()
{
    // mosquitto's own ACL file never refuses a subscription (it filters on delivery); its
    // dynamic security plugin does: a client with no role may not subscribe at all, and the
    // SUBACK says so (0x80). The admin may subscribe to anything.
    const QString plugin =
        QStringLiteral("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so");
    if (!QFile::exists(plugin))
        QSKIP("mosquitto's dynamic security plugin is not installed");
    Broker broker;
    const QString config = broker.path(QStringLiteral("dynsec.json"));
    QProcess ctrl;
    ctrl.setProcessChannelMode(QProcess::MergedChannels);
    ctrl.start(QStringLiteral("mosquitto_ctrl"),
               {QStringLiteral("dynsec"), QStringLiteral("init"), config, QStringLiteral("admin"),
                QStringLiteral("admin-pass")});
    QVERIFY(ctrl.waitForFinished(10000));
    QVERIFY2(QFile::exists(config), ctrl.readAll().constData());
    QVERIFY2(broker.start(QStringLiteral("allow_anonymous false\nplugin %1\n"
                                         "plugin_opt_config_file %2\n")
                              .arg(plugin, config)),
             qPrintable(broker.error));
    ctrl.start(QStringLiteral("mosquitto_ctrl"),
               {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                QString::number(broker.port), QStringLiteral("-u"), QStringLiteral("admin"),
                QStringLiteral("-P"), QStringLiteral("admin-pass"), QStringLiteral("dynsec"),
                QStringLiteral("createClient"), QStringLiteral("reader"), QStringLiteral("-p"),
                QStringLiteral("reader-pass")});
    QVERIFY(ctrl.waitForFinished(10000));
    QVERIFY2(ctrl.exitCode() == 0, ctrl.readAll().constData());
    const QVariantMap admin = {{QStringLiteral("username"), QStringLiteral("admin")},
                               {QStringLiteral("password"), QStringLiteral("admin-pass")}};
    const QVariantMap reader = {{QStringLiteral("username"), QStringLiteral("reader")},
                                {QStringLiteral("password"), QStringLiteral("reader-pass")}};
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {mqttFeed(QStringLiteral("denied"), broker.url(), QStringLiteral("public/#"), reader),
         mqttFeed(QStringLiteral("allowed"), broker.url(), QStringLiteral("public/#"), admin)}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("allowed")).state, FeedState::Live,
                              WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("denied")).lastError.isEmpty(), WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("denied"));
    QVERIFY2(s.lastError.contains(QLatin1String("subscription refused")) &&
                 s.lastError.contains(QLatin1String("public/#")),
             qPrintable(s.lastError));
    QCOMPARE(s.connects, quint64(0));
}

void TestMqttFeed::pinnedSelfSignedCertificateConnects()
{
    Broker broker;
    const Certificate cert = makeCertificate(broker.dir.path());
    QVERIFY2(cert.error.isEmpty(), qPrintable(cert.error));
    QVERIFY2(
        broker.start(QStringLiteral("certfile %1\nkeyfile %2\n").arg(cert.certPath, cert.keyPath)),
        qPrintable(broker.error));
    // mosquitto_pub needs the broker's certificate too.
    const QStringList tlsArgs = {QStringLiteral("--cafile"), cert.certPath};

    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({mqttFeed(QStringLiteral("bysha"), broker.url(true), QStringLiteral("t/#"),
                            {{QStringLiteral("certificateSha256"), cert.sha256}}),
                   mqttFeed(QStringLiteral("byfile"), broker.url(true), QStringLiteral("t/#"),
                            {{QStringLiteral("trustedCertificate"), cert.certPath}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("bysha")).state, FeedState::Live,
                              WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("byfile")).state, FeedState::Live,
                              WaitMs);
    QVERIFY(publishOne(broker, QStringLiteral("t/x"), "7", tlsArgs));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("bysha/t/x/value")), 7.0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("byfile/t/x/value")), 7.0, WaitMs);
}

void TestMqttFeed::unpinnedCertificateIsRefusedWithTlsReason()
{
    Broker broker;
    const Certificate cert = makeCertificate(broker.dir.path());
    QVERIFY2(cert.error.isEmpty(), qPrintable(cert.error));
    QVERIFY2(
        broker.start(QStringLiteral("certfile %1\nkeyfile %2\n").arg(cert.certPath, cert.keyPath)),
        qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    QString otherPin(64, QLatin1Char('a'));
    engine.apply(
        dashboard({mqttFeed(QStringLiteral("nopin"), broker.url(true), QStringLiteral("t")),
                   mqttFeed(QStringLiteral("wrongpin"), broker.url(true), QStringLiteral("t"),
                            {{QStringLiteral("certificateSha256"), otherPin}})}));
    for (const QString &id : {QStringLiteral("nopin"), QStringLiteral("wrongpin")}) {
        QTRY_VERIFY_WITH_TIMEOUT(!status(engine, id).lastError.isEmpty(), WaitMs);
        const FeedStatus s = status(engine, id);
        QVERIFY2(s.lastError.contains(QLatin1String("TLS handshake failed: self-signed "
                                                    "certificate")) &&
                     s.lastError.contains(cert.sha256.left(2).toUpper()),
                 qPrintable(s.lastError));
        QCOMPARE(s.connects, quint64(0));
    }
    // A plain client on the TLS port fails too, with no TLS reason needed.
}

void TestMqttFeed::clientCertificateIsPresented()
{
    // The broker requires a client certificate issued by the CA it trusts (here the client's
    // own self-signed certificate).
    Broker broker;
    const Certificate server = makeCertificate(broker.dir.path());
    const Certificate client = makeCertificate(broker.dir.path(), QStringLiteral("client"));
    QVERIFY2(server.error.isEmpty() && client.error.isEmpty(),
             qPrintable(server.error + client.error));
    QVERIFY2(broker.start(QStringLiteral("certfile %1\nkeyfile %2\ncafile %3\n"
                                         "require_certificate true\n")
                              .arg(server.certPath, server.keyPath, client.certPath)),
             qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({mqttFeed(QStringLiteral("withcert"), broker.url(true), QStringLiteral("t"),
                            {{QStringLiteral("trustedCertificate"), server.certPath},
                             {QStringLiteral("clientCertificate"), client.certPath},
                             {QStringLiteral("clientKey"), client.keyPath}}),
                   mqttFeed(QStringLiteral("nocert"), broker.url(true), QStringLiteral("t"),
                            {{QStringLiteral("trustedCertificate"), server.certPath}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("withcert")).state, FeedState::Live,
                              WaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("nocert")).lastError.isEmpty(), WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("nocert"));
    QCOMPARE(s.connects, quint64(0));
    QVERIFY2(s.lastError.contains(QLatin1String("TLS handshake failed: ")) &&
                 (s.lastError.contains(QLatin1String("certificate required")) ||
                  s.lastError.contains(QLatin1String("client certificate"))),
             qPrintable(s.lastError));
}

void TestMqttFeed::probeReturnsFirstMessageWithTopic()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    QVERIFY(publishOne(broker, QStringLiteral("probe/room1/temp"), "20.5", {QStringLiteral("-r")}));
    IngestEngine engine(&m_registry);
    QSignalSpy finished(&engine, &IngestEngine::probeFinished);
    engine.probe(QStringLiteral("r1"),
                 mqttFeed(QStringLiteral("probe"), broker.url(), QStringLiteral("probe/+/temp")),
                 WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, WaitMs);
    const QList<QVariant> args = finished.takeFirst();
    QCOMPARE(args.at(0).toString(), QStringLiteral("r1"));
    QCOMPARE(QJsonDocument::fromJson(args.at(1).toByteArray())
                 .object()
                 .value(QStringLiteral("value"))
                 .toDouble(),
             20.5);
    QVERIFY2(args.at(2).toString().isEmpty(), qPrintable(args.at(2).toString()));
    const MessageOrigin origin = args.at(3).value<MessageOrigin>();
    QCOMPARE(origin.topic, QStringLiteral("probe/room1/temp"));
    QCOMPARE(origin.separator, QLatin1Char('/'));
}

void TestMqttFeed::publisherDeliversEveryMessage()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    FeedConfig f = mqttFeed(QStringLiteral("sub"), broker.url(), QStringLiteral("gw/#"),
                            {{QStringLiteral("qos"), QStringLiteral("1")}});
    f.fields.sequence = QStringLiteral("seq");
    f.fields.channels = {mapping(QStringLiteral("v"), QStringLiteral("{$topic[1..]}"))};
    engine.apply(dashboard({f}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("sub")).state, FeedState::Live, WaitMs);

    QList<Problem> problems;
    std::unique_ptr<Publisher> pub =
        m_registry.publisher(QStringLiteral("mqtt"))
            ->createPublisher(
                QUrl(broker.url() + QStringLiteral("/gw?qos=1&retain=false&clientId=gw-test")),
                &problems);
    QVERIFY(pub);
    QVERIFY(problems.isEmpty());
    QVERIFY(!pub->publish(QStringLiteral("f"), QStringLiteral("a"), "{}")); // not connected yet
    pub->start();
    QTRY_COMPARE_WITH_TIMEOUT(pub->status().state, PublisherStatus::Connected, WaitMs);

    constexpr int Count = 3000;
    int accepted = 0;
    int refusals = 0;
    QElapsedTimer clock;
    clock.start();
    while (accepted < Count && clock.elapsed() < 60000) {
        if (pub->publish(QStringLiteral("feed1"), QStringLiteral("room/temp"),
                         json({{QStringLiteral("seq"), accepted + 1},
                               {QStringLiteral("v"), accepted + 1}}))) {
            ++accepted;
        } else {
            ++refusals; // the bound on unconfirmed messages: let the event loop send them
            QTest::qWait(5);
        }
        QVERIFY(pub->status().unconfirmed <= 1000);
    }
    QCOMPARE(accepted, Count);
    QCOMPARE(pub->finish(10000), quint64(0));
    QCOMPARE(pub->status().sent, quint64(Count));
    QTRY_COMPARE_WITH_TIMEOUT(numbers(engine, QStringLiteral("sub/feed1/room/temp")),
                              quint64(Count), WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("sub/feed1/room/temp")),
                              double(Count), WaitMs);
    QCOMPARE(status(engine, QStringLiteral("sub")).gaps, quint64(0));
    qInfo("publisher: %d messages at QoS 1, %d refusals while over the bound", Count, refusals);
}

void TestMqttFeed::publisherRetainsValuesForLateSubscribers()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    QList<Problem> problems;
    const PublisherPlugin *plugin = m_registry.publisher(QStringLiteral("mqtt"));
    std::unique_ptr<Publisher> retained =
        plugin->createPublisher(QUrl(broker.url() + QStringLiteral("/ret")), &problems);
    std::unique_ptr<Publisher> plain = plugin->createPublisher(
        QUrl(broker.url() + QStringLiteral("/plain?retain=false")), &problems);
    QVERIFY(retained && plain);
    QVERIFY(!plugin->createPublisher(QUrl(broker.url() + QStringLiteral("/x?qos=3")), &problems));
    QVERIFY(!problems.isEmpty() && problems.first().path == QLatin1String("url.query.qos"));

    retained->start();
    plain->start();
    QTRY_COMPARE_WITH_TIMEOUT(retained->status().state, PublisherStatus::Connected, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(plain->status().state, PublisherStatus::Connected, WaitMs);
    QVERIFY(retained->publish(QStringLiteral("f"), QStringLiteral("a"), "41"));
    QVERIFY(retained->publish(QStringLiteral("f"), QStringLiteral("a"), "42"));
    QVERIFY(plain->publish(QStringLiteral("f"), QStringLiteral("a"), "43"));
    QCOMPARE(retained->finish(5000), quint64(0));
    QCOMPARE(plain->finish(5000), quint64(0));

    // Subscribed afterwards: the retained value is there at once, the other never comes.
    IngestEngine engine(&m_registry);
    engine.apply(dashboard(
        {mqttFeed(QStringLiteral("late"), broker.url(), QStringLiteral("ret/#\nplain/#"))}));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("late/ret/f/a/value")), 42.0,
                              WaitMs);
    QTest::qWait(300);
    QVERIFY(!engine.store().find(QStringLiteral("late/plain/f/a/value")));
    QCOMPARE(status(engine, QStringLiteral("late")).messages, quint64(1));
}

void TestMqttFeed::publisherToUnreachableBrokerFails()
{
    const quint16 closed = freePort();
    QList<Problem> problems;
    std::unique_ptr<Publisher> pub =
        m_registry.publisher(QStringLiteral("mqtt"))
            ->createPublisher(
                QUrl(QStringLiteral("mqtt://user:pw-s3cr3t@127.0.0.1:%1/x").arg(closed)),
                &problems);
    QVERIFY(pub);
    pub->start();
    QTRY_COMPARE_WITH_TIMEOUT(pub->status().state, PublisherStatus::Failed, WaitMs);
    const PublisherStatus s = pub->status();
    QVERIFY2(s.error.contains(QLatin1String("connection refused")), qPrintable(s.error));
    QVERIFY(!s.error.contains(QLatin1String("s3cr3t")));
    QVERIFY(!logContains(QStringLiteral("s3cr3t")));
    QVERIFY(!pub->publish(QStringLiteral("f"), QStringLiteral("a"), "1"));
    pub->start(); // tries again, fails again
    QTRY_COMPARE_WITH_TIMEOUT(pub->status().state, PublisherStatus::Failed, WaitMs);

    // A broker that accepts and never answers: the start fails after the connect timeout.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    std::unique_ptr<Publisher> stuck =
        m_registry.publisher(QStringLiteral("mqtt"))
            ->createPublisher(QUrl(QStringLiteral("mqtt://127.0.0.1:%1/x?connectTimeoutMs=300")
                                       .arg(mute.serverPort())),
                              &problems);
    QVERIFY(stuck);
    stuck->start();
    QCOMPARE(stuck->status().state, PublisherStatus::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(stuck->status().state, PublisherStatus::Failed, WaitMs);
    QVERIFY2(stuck->status().error.contains(QLatin1String("connect timeout")),
             qPrintable(stuck->status().error));
}

void TestMqttFeed::badUrlIsFatal()
{
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({mqttFeed(
        QStringLiteral("bad"), QStringLiteral("mqtt://127.0.0.1:1/path"), QStringLiteral("a"))}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("bad")).state, FeedState::Error,
                              WaitMs);
    QVERIFY2(status(engine, QStringLiteral("bad")).lastError.contains(QLatin1String("no path")),
             qPrintable(status(engine, QStringLiteral("bad")).lastError));
}

void TestMqttFeed::unknownHostIsReported()
{
    IngestEngine engine(&m_registry);
    engine.apply(
        dashboard({mqttFeed(QStringLiteral("nohost"), QStringLiteral("mqtt://no-such-host.invalid"),
                            QStringLiteral("a"))}));
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("nohost")).lastError.isEmpty(), WaitMs);
    const QString error = status(engine, QStringLiteral("nohost")).lastError;
    QVERIFY2(error.contains(QLatin1String("cannot resolve host")), qPrintable(error));
}

void TestMqttFeed::refusedConnectionIsRetriedUntilBrokerIsUp()
{
    Broker broker;
    broker.port = freePort(); // nothing listens there yet
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({mqttFeed(QStringLiteral("late"), broker.url(), QStringLiteral("a"))}));
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("late")).lastError.isEmpty(), WaitMs);
    const QString error = status(engine, QStringLiteral("late")).lastError;
    QVERIFY2(error.contains(QLatin1String("connection refused")), qPrintable(error));
    QVERIFY2(broker.start(), qPrintable(broker.error));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("late")).state, FeedState::Live,
                              WaitMs);
    QVERIFY(publishOne(broker, QStringLiteral("a"), "5"));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("late/a/value")), 5.0, WaitMs);
}

void TestMqttFeed::brokerGoneIsReportedAndFeedReconnects()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({mqttFeed(QStringLiteral("gone"), broker.url(), QStringLiteral("a"))}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("gone")).state, FeedState::Live,
                              WaitMs);
    broker.stop();
    QTRY_VERIFY_WITH_TIMEOUT(status(engine, QStringLiteral("gone")).state != FeedState::Live,
                             WaitMs);
    // The first end is the broker's; later attempts say "connection refused".
    QTRY_VERIFY_WITH_TIMEOUT(logContains(QStringLiteral("feed gone disconnected: broker closed "
                                                        "the connection")),
                             WaitMs);
    QVERIFY(broker.start());
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("gone")).connects, quint64(2), WaitMs);
    QVERIFY(publishOne(broker, QStringLiteral("a"), "6"));
    QTRY_COMPARE_WITH_TIMEOUT(lastValue(engine, QStringLiteral("gone/a/value")), 6.0, WaitMs);
}

void TestMqttFeed::silentBrokerTripsKeepalive()
{
#ifdef Q_OS_UNIX
    // A broker that stops answering (SIGSTOP: the connection stays open) is noticed by the
    // keepalive: no PINGRESP within 1.5 keepalive periods ends the connection.
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({mqttFeed(QStringLiteral("ka"), broker.url(), QStringLiteral("a"),
                                     {{QStringLiteral("keepaliveS"), 5}})}));
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("ka")).state, FeedState::Live, WaitMs);
    const auto pid = pid_t(broker.process->processId());
    ::kill(pid, SIGSTOP);
    QTRY_VERIFY_WITH_TIMEOUT(
        status(engine, QStringLiteral("ka")).lastError.contains(QLatin1String("keepalive timeout")),
        20000);
    ::kill(pid, SIGCONT);
    QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("ka")).connects, quint64(2), WaitMs);
#else
    QSKIP("needs SIGSTOP");
#endif
}

void TestMqttFeed::connectTimeoutIsReported()
{
    // A TCP server that accepts and never answers the CONNECT.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    IngestEngine engine(&m_registry);
    engine.apply(dashboard({mqttFeed(
        QStringLiteral("mute"), QStringLiteral("mqtt://127.0.0.1:%1").arg(mute.serverPort()),
        QStringLiteral("a"), {{QStringLiteral("connectTimeoutMs"), 300}})}));
    QTRY_VERIFY_WITH_TIMEOUT(!status(engine, QStringLiteral("mute")).lastError.isEmpty(), WaitMs);
    const FeedStatus s = status(engine, QStringLiteral("mute"));
    QVERIFY2(s.lastError.startsWith(QLatin1String("connect timeout")) &&
                 s.lastError.contains(QLatin1String("300 ms")),
             qPrintable(s.lastError));
    QCOMPARE(s.connects, quint64(0));
}

void TestMqttFeed::shutdownCancelsPromptly()
{
    Broker broker;
    QVERIFY2(broker.start(), qPrintable(broker.error));
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost, 0));
    QElapsedTimer clock;
    {
        IngestEngine engine(&m_registry);
        engine.apply(
            dashboard({mqttFeed(QStringLiteral("live"), broker.url(), QStringLiteral("a")),
                       mqttFeed(QStringLiteral("stuck"),
                                QStringLiteral("mqtt://127.0.0.1:%1").arg(mute.serverPort()),
                                QStringLiteral("a"))}));
        QTRY_COMPARE_WITH_TIMEOUT(status(engine, QStringLiteral("live")).state, FeedState::Live,
                                  WaitMs);
        clock.start();
    }
    // The app waits at most 3 s for all feeds when it quits.
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestMqttFeed)
#include "tst_mqttfeed.moc"
