#include "brokerrun.h"
#include "stats.h"

#include "document/dashboard.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include <livedash/publisher.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <cmath>
#include <cstdio>

namespace livedash::bench {

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool accepts(quint16 port)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    return s.waitForConnected(200);
}

/// Starts mosquitto or nats-server on `port`; the reason in `error` when it cannot.
bool startBroker(QProcess &server, const QString &kind, quint16 port, const QTemporaryDir &dir,
                 QString *error)
{
    if (kind == QLatin1String("mqtt")) {
        const QString program = QStandardPaths::findExecutable(
            QStringLiteral("mosquitto"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
        if (program.isEmpty()) {
            *error = QStringLiteral("mosquitto is not installed");
            return false;
        }
        QFile conf(dir.filePath(QStringLiteral("mosquitto.conf")));
        if (!conf.open(QIODevice::WriteOnly)) {
            *error = conf.errorString();
            return false;
        }
        // mosquitto's defaults otherwise, but for its queue of QoS 1 and 2 messages per client:
        // 1000 by default, which a subscriber that acknowledges 20 in flight at a time
        // (max_inflight_messages) overflows within milliseconds at these rates, and mosquitto
        // then drops. A broker meant for such rates raises it, as here.
        conf.write(QStringLiteral("listener %1 127.0.0.1\nallow_anonymous true\n"
                                  "max_queued_messages 1000000\n")
                       .arg(port)
                       .toUtf8());
        conf.close();
        server.start(program, {QStringLiteral("-c"), conf.fileName()});
    } else {
        const QString program = QStandardPaths::findExecutable(QStringLiteral("nats-server"));
        if (program.isEmpty()) {
            *error = QStringLiteral("nats-server is not installed");
            return false;
        }
        server.start(program, {QStringLiteral("-a"), QStringLiteral("127.0.0.1"),
                               QStringLiteral("-p"), QString::number(port)});
    }
    if (!server.waitForStarted() || !waitUntil([port] { return accepts(port); }, 10000, 50)) {
        *error =
            QStringLiteral("the broker did not start: %1").arg(QString::fromUtf8(server.readAll()));
        return false;
    }
    return true;
}

QByteArray benchDashboard(const BrokerConfig &config, quint16 port)
{
    QJsonObject options;
    if (config.kind == QLatin1String("mqtt")) {
        options = {{QStringLiteral("url"), QStringLiteral("mqtt://127.0.0.1:%1").arg(port)},
                   {QStringLiteral("topics"), QStringLiteral("bench/#")},
                   {QStringLiteral("qos"), config.qos}};
    } else {
        options = {{QStringLiteral("url"), QStringLiteral("nats://127.0.0.1:%1").arg(port)},
                   {QStringLiteral("subjects"), QStringLiteral("bench.>")}};
    }
    const QJsonObject feed{
        {QStringLiteral("id"), QStringLiteral("bench")},
        {QStringLiteral("plugin"), config.kind},
        {QStringLiteral("options"), options},
        {QStringLiteral("fields"),
         QJsonObject{{QStringLiteral("sequence"), QStringLiteral("seq")},
                     {QStringLiteral("channels"),
                      QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("v")},
                                             {QStringLiteral("channel"), QStringLiteral("v")}}}}}}};
    const QJsonObject doc{{QStringLiteral("version"), 1},
                          {QStringLiteral("name"), QStringLiteral("broker bench")},
                          {QStringLiteral("feeds"), QJsonArray{feed}},
                          {QStringLiteral("panels"), QJsonArray{}}};
    return QJsonDocument(doc).toJson(QJsonDocument::Compact);
}

FeedStatus benchStatus(IngestEngine &engine)
{
    const QList<FeedStatus> all = engine.board().snapshot();
    return all.isEmpty() ? FeedStatus() : all.first();
}

double perMessageUs(double seconds, double messages)
{
    return messages > 0 ? std::round(seconds / messages * 1e7) / 10.0 : 0.0;
}

} // namespace

QJsonObject runBroker(const PluginRegistry &registry, const BrokerConfig &config)
{
    QJsonObject result{{QStringLiteral("kind"), config.kind},
                       {QStringLiteral("qos"), config.qos},
                       {QStringLiteral("rateTarget"), config.rate},
                       {QStringLiteral("size"), config.size}};
    auto failed = [&](const QString &why) {
        result.insert(QStringLiteral("status"), QString(QStringLiteral("error: ") + why));
        return result;
    };
    if (!registry.plugin(config.kind) || !registry.publisher(config.kind))
        return failed(QStringLiteral("the %1 plugin is not installed").arg(config.kind));
    QTemporaryDir dir;
    const quint16 port = freePort();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    QString error;
    if (!startBroker(server, config.kind, port, dir, &error))
        return failed(error);

    QList<Problem> problems;
    const std::optional<Dashboard> dashboard =
        Dashboard::fromJson(benchDashboard(config, port), &problems);
    if (!dashboard)
        return failed(toStrings(problems).join(QLatin1String("; ")));
    IngestEngine engine(&registry, 1);
    engine.apply(*dashboard);
    if (!waitUntil([&] { return benchStatus(engine).state == FeedState::Live; }, 10000))
        return failed(QStringLiteral("the feed did not connect: ") + benchStatus(engine).lastError);

    const qint64 count = qint64(config.rate * config.durationS);
    const QString url = config.kind == QLatin1String("mqtt")
                            ? QStringLiteral("mqtt://127.0.0.1:%1/bench?qos=%2&retain=false")
                                  .arg(port)
                                  .arg(config.qos)
                            : QStringLiteral("nats://127.0.0.1:%1/bench").arg(port);
    QProcess producer;
    producer.setProcessChannelMode(QProcess::SeparateChannels);
    const double selfCpu0 = selfCpuSeconds();
    const double brokerCpu0 = processCpuSeconds(server.processId());
    QElapsedTimer clock;
    clock.start();
    producer.start(QCoreApplication::applicationFilePath(),
                   {QStringLiteral("--broker-producer"), url, QStringLiteral("--rate"),
                    QString::number(config.rate), QStringLiteral("--count"), QString::number(count),
                    QStringLiteral("--size"), QString::number(config.size)});
    const int producerLimitMs = int((config.durationS * 4 + 30) * 1000);
    if (!waitUntil([&] { return producer.state() == QProcess::NotRunning; }, producerLimitMs)) {
        producer.kill();
        producer.waitForFinished();
        return failed(QStringLiteral("the producer did not finish"));
    }
    QJsonObject produced;
    for (const QByteArray &line : producer.readAllStandardOutput().split('\n'))
        if (line.startsWith("BENCH_PRODUCER "))
            produced = QJsonDocument::fromJson(line.mid(15)).object();
    if (produced.isEmpty())
        return failed(QStringLiteral("the producer failed: ") +
                      QString::fromUtf8(producer.readAllStandardError()).trimmed());
    const qint64 sent = qint64(produced.value(QStringLiteral("sent")).toDouble());
    waitUntil([&] { return qint64(benchStatus(engine).samples) >= sent; },
              int(config.drainS * 1000));
    const double seconds = clock.elapsed() / 1000.0;
    const double selfCpu = selfCpuSeconds() - selfCpu0;
    const double brokerCpu = processCpuSeconds(server.processId()) - brokerCpu0;
    const FeedStatus s = benchStatus(engine);
    engine.shutdown();
    server.terminate();
    server.waitForFinished(5000);

    const double received = double(s.samples);
    const double sendSeconds = produced.value(QStringLiteral("seconds")).toDouble();
    result.insert(QStringLiteral("status"), QStringLiteral("ok"));
    result.insert(QStringLiteral("sent"), double(sent));
    result.insert(QStringLiteral("received"), received);
    result.insert(QStringLiteral("lost"), double(sent) - received);
    result.insert(QStringLiteral("gaps"), double(s.gaps));
    result.insert(QStringLiteral("rejected"), double(s.rejected));
    result.insert(QStringLiteral("sendSeconds"), sendSeconds);
    result.insert(QStringLiteral("messagesPerS"),
                  sendSeconds > 0 ? std::round(received / sendSeconds) : 0.0);
    result.insert(QStringLiteral("seconds"), seconds);
    result.insert(QStringLiteral("livedashCpuUsPerMsg"), perMessageUs(selfCpu, received));
    result.insert(QStringLiteral("brokerCpuUsPerMsg"), perMessageUs(brokerCpu, received));
    result.insert(
        QStringLiteral("producerCpuUsPerMsg"),
        perMessageUs(produced.value(QStringLiteral("cpuSeconds")).toDouble(), double(sent)));
    result.insert(QStringLiteral("loadAverage"), loadAverage());
    return result;
}

int runBrokerProducer(const PluginRegistry &registry, const QString &urlText, double rate,
                      qint64 count, int size)
{
    const QUrl url(urlText);
    const PublisherPlugin *plugin = registry.publisher(url.scheme());
    if (!plugin) {
        std::fprintf(stderr, "no plugin publishes to %s\n", qPrintable(url.scheme()));
        return 1;
    }
    QList<Problem> problems;
    std::unique_ptr<Publisher> publisher = plugin->createPublisher(url, &problems);
    if (!publisher) {
        std::fprintf(stderr, "%s\n", qPrintable(toStrings(problems).join(QLatin1String("; "))));
        return 1;
    }
    publisher->start();
    if (!waitUntil([&] { return publisher->status().state == PublisherStatus::Connected; },
                   10000)) {
        std::fprintf(stderr, "not connected: %s\n", qPrintable(publisher->status().error));
        return 1;
    }
    const QString feed = QStringLiteral("p");
    const QString channel = QStringLiteral("s");
    auto payload = [size](qint64 seq) {
        QByteArray p = "{\"seq\":" + QByteArray::number(seq) +
                       ",\"v\":" + QByteArray::number(seq % 1000) + ",\"pad\":\"";
        p += QByteArray(std::max<qsizetype>(0, size - p.size() - 2), 'x');
        p += "\"}";
        return p;
    };
    const double cpu0 = selfCpuSeconds();
    QElapsedTimer clock;
    clock.start();
    qint64 sent = 0;
    qint64 refusals = 0;
    // Every millisecond, publish what is due by now; a refusal waits for the next tick (the
    // event loop meanwhile writes the socket), so nothing is dropped here.
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
    QObject::connect(&pace, &QTimer::timeout, [&] {
        const qint64 due = std::min(count, qint64(rate * double(clock.nsecsElapsed()) / 1e9) + 1);
        while (sent < due) {
            if (!publisher->publish(feed, channel, payload(sent + 1))) {
                ++refusals;
                break;
            }
            ++sent;
        }
        if (sent == count)
            QCoreApplication::quit();
    });
    pace.start(1);
    QCoreApplication::exec();
    const double seconds = clock.nsecsElapsed() / 1e9;
    const quint64 unconfirmed = publisher->finish(10000);
    const QJsonObject out{{QStringLiteral("sent"), double(sent)},
                          {QStringLiteral("seconds"), seconds},
                          {QStringLiteral("refusals"), double(refusals)},
                          {QStringLiteral("unconfirmed"), double(unconfirmed)},
                          {QStringLiteral("cpuSeconds"), selfCpuSeconds() - cpu0}};
    std::printf("BENCH_PRODUCER %s\n",
                QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return 0;
}

QString brokerTable(const QJsonObject &result)
{
    QString text =
        QStringLiteral("broker runs (one feed; producer child through the plugin's publisher)\n"
                       "kind  qos  target/s   sent      received  lost  gaps  msg/s     "
                       "livedash us/msg  broker us/msg  producer us/msg\n");
    const QJsonArray runs = result.value(QStringLiteral("runs")).toArray();
    for (const QJsonValue &v : runs) {
        const QJsonObject r = v.toObject();
        if (r.value(QStringLiteral("status")).toString() != QLatin1String("ok")) {
            text += QStringLiteral("%1  %2    %3\n")
                        .arg(r.value(QStringLiteral("kind")).toString(), -4)
                        .arg(r.value(QStringLiteral("qos")).toInt())
                        .arg(r.value(QStringLiteral("status")).toString());
            continue;
        }
        auto n = [&](const char *key) {
            return QString::number(r.value(QString::fromLatin1(key)).toDouble(), 'f', 0);
        };
        auto d = [&](const char *key) {
            return QString::number(r.value(QString::fromLatin1(key)).toDouble(), 'f', 1);
        };
        text += QStringLiteral("%1  %2    %3  %4  %5  %6  %7  %8  %9  %10  %11\n")
                    .arg(r.value(QStringLiteral("kind")).toString(), -4)
                    .arg(r.value(QStringLiteral("qos")).toInt())
                    .arg(n("rateTarget"), -9)
                    .arg(n("sent"), -8)
                    .arg(n("received"), -8)
                    .arg(n("lost"), -4)
                    .arg(n("gaps"), -4)
                    .arg(n("messagesPerS"), -8)
                    .arg(d("livedashCpuUsPerMsg"), -15)
                    .arg(d("brokerCpuUsPerMsg"), -13)
                    .arg(d("producerCpuUsPerMsg"));
    }
    const QJsonObject ws = result.value(QStringLiteral("websocket")).toObject();
    if (!ws.isEmpty())
        text +=
            QStringLiteral("same run, one WebSocket feed from the loadgen: %1 msg/s, %2 "
                           "lost, %3 us CPU/msg (whole process)\n")
                .arg(ws.value(QStringLiteral("messagesPerS")).toDouble(), 0, 'f', 0)
                .arg(ws.value(QStringLiteral("lost")).toDouble(), 0, 'f', 0)
                .arg(ws.value(QStringLiteral("cpuMicrosPerMessageShown")).toDouble(), 0, 'f', 1);
    text += QStringLiteral("load average: %1\n")
                .arg(result.value(QStringLiteral("loadAverage")).toString());
    return text;
}

} // namespace livedash::bench
