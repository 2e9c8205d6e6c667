// livedash-bench: measures Livedash's real pipeline and main window under load from
// livedash-loadgen (a child process), next to the straightforward design on the same load.
// Prints a readable table and one line "BENCH_JSON {...}". See README "Performance".
#include "brokerrun.h"
#include "extras.h"
#include "historianbench.h"
#include "historiancodec.h"
#include "loadgenprocess.h"
#include "loadrun.h"
#include "mapperbench.h"
#include "report.h"
#include "stats.h"

#include "ingest/pluginregistry.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTextStream>

#include <cmath>
#include <cstdio>
#include <optional>

using namespace livedash;
using namespace livedash::bench;

namespace {

void print(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
}

/// The table (unless `jsonOnly`) and the one-line JSON.
void emitResult(const QJsonObject &json, const QString &table, bool jsonOnly)
{
    if (!jsonOnly)
        print(table + QLatin1Char('\n'));
    print(QStringLiteral("BENCH_JSON ") +
          QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)) +
          QLatin1Char('\n'));
}

/// Runs this executable with `args` (plus --json-only) and returns its BENCH_JSON object.
QJsonObject runChild(const QStringList &args, int timeoutMs)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
                args + QStringList{QStringLiteral("--json-only")});
    if (!child.waitForStarted(10000))
        return {{QStringLiteral("status"), QStringLiteral("error: cannot start a child run")}};
    if (!child.waitForFinished(timeoutMs)) {
        child.kill();
        child.waitForFinished(5000);
        return {{QStringLiteral("status"),
                 QStringLiteral("error: no result within %1 s").arg(timeoutMs / 1000)}};
    }
    const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("BENCH_JSON ")) {
            const QJsonDocument doc = QJsonDocument::fromJson(line.mid(11));
            if (doc.isObject())
                return doc.object();
        }
    }
    return {{QStringLiteral("status"),
             QStringLiteral("error: the child run exited with %1 and printed no result")
                 .arg(child.exitCode())}};
}

int runTimeoutMs(const LoadConfig &c)
{
    return int((c.warmupS + c.durationS + c.drainS) * 1000) + 180000 + c.feeds() * 50;
}

QJsonObject compare(const LoadConfig &config, double naiveMaxS, bool jsonOnly)
{
    LoadConfig live = config;
    live.design = QStringLiteral("livedash");
    LoadConfig naive = config;
    naive.design = QStringLiteral("naive");
    // The naive design drowns at high rates: cap its window; what it manages is measured.
    naive.durationS = std::min(config.durationS, naiveMaxS);
    naive.drainS = std::min(config.drainS, 5.0);
    if (!jsonOnly)
        print(QStringLiteral("Running the livedash design (%1 s)...\n").arg(live.durationS));
    const QJsonObject l = runChild(live.toArgs(), runTimeoutMs(live));
    if (!jsonOnly)
        print(QStringLiteral("Running the naive design (%1 s)...\n").arg(naive.durationS));
    QJsonObject n = runChild(naive.toArgs(), runTimeoutMs(naive));
    if (!n.value(QStringLiteral("status")).toString().startsWith(QLatin1String("ok"))) {
        if (!jsonOnly)
            print(QStringLiteral("The naive run failed (%1); once more...\n")
                      .arg(n.value(QStringLiteral("status")).toString()));
        n = runChild(naive.toArgs(), runTimeoutMs(naive));
    }
    return {{QStringLiteral("livedash"), l},
            {QStringLiteral("naive"), n},
            {QStringLiteral("livedashAdvantage"), comparisonRatios(l, n)}};
}

/// Feeds 1, 10, 100, 1000 (60/20/20) x 1k, 10k, 100k, 200k msg/s, and 100 feeds on to 300k,
/// 400k and 500k; short runs. A feed count's row stops at the first step that falls behind.
QJsonArray sweep(const LoadConfig &base, double seconds, bool jsonOnly, double *totalSeconds)
{
    QJsonArray steps;
    QElapsedTimer total;
    total.start();
    for (int feeds : {1, 10, 100, 1000}) {
        QString saturated;
        QList<double> rates{1000.0, 10000.0, 100000.0, 200000.0};
        if (feeds == 100) // the load shape of issue 14's targets: up to 500k msg/s
            rates << 300000.0 << 400000.0 << 500000.0;
        for (double rate : std::as_const(rates)) {
            LoadConfig c = base;
            c.design = QStringLiteral("livedash");
            c.ws = feeds == 1 ? 1 : feeds * 6 / 10;
            c.http = feeds == 1 ? 0 : feeds * 2 / 10;
            c.sse = feeds - c.ws - c.http;
            c.rate = rate;
            c.warmupS = 1;
            c.durationS = seconds;
            c.drainS = 5;
            QJsonObject step{{QStringLiteral("feeds"), feeds}, {QStringLiteral("rate"), rate}};
            if (!saturated.isEmpty()) {
                step.insert(QStringLiteral("skipped"), saturated);
                steps.append(step);
                continue;
            }
            if (!jsonOnly)
                print(QStringLiteral("sweep: %1 feeds, %2 msg/s...\n").arg(feeds).arg(rate));
            const QJsonObject r = runChild(c.toArgs(), runTimeoutMs(c));
            step.insert(QStringLiteral("result"), r);
            steps.append(step);
            // A higher rate cannot go better once this one fell behind: skip it. Behind: the
            // loadgen sent under 90 % of the rate asked, or Livedash stored under 90 % of what
            // was sent in the window, or over 10 % of all that was sent was still on its way at
            // the stop (an HTTP poll interval is ~2 % of a step), or anything was lost.
            const double offered = r.value(QStringLiteral("offeredPerS")).toDouble();
            const double ingested = r.value(QStringLiteral("messagesPerS")).toDouble();
            const double sent = r.value(QStringLiteral("sent")).toDouble();
            const double backlog = r.value(QStringLiteral("backlogAtStop")).toDouble();
            if (!r.value(QStringLiteral("status")).toString().startsWith(QLatin1String("ok")))
                saturated = QStringLiteral("the %1 msg/s step failed").arg(rate);
            else if (offered < 0.9 * rate)
                saturated = QStringLiteral("the loadgen offered only %1 msg/s at %2")
                                .arg(std::round(offered))
                                .arg(rate);
            else if (ingested < 0.9 * offered || backlog > 0.1 * sent)
                saturated = QStringLiteral("already behind at %1 msg/s (stored %2/s of %3/s "
                                           "offered, %4 of %5 sent still on the way at the stop)")
                                .arg(rate)
                                .arg(qint64(std::round(ingested)))
                                .arg(qint64(std::round(offered)))
                                .arg(qint64(backlog))
                                .arg(qint64(sent));
            else if (const double lost = r.value(QStringLiteral("lost")).toDouble(); lost > 0)
                saturated =
                    QStringLiteral("%1 messages lost at %2 msg/s").arg(qint64(lost)).arg(rate);
        }
    }
    // Printed under the sweep's table.
    *totalSeconds = double(total.elapsed()) / 1000.0;
    return steps;
}

QJsonObject startup(int runs, bool jsonOnly)
{
    QJsonArray each, shownEach;
    std::vector<double> firsts, shown;
    for (int i = 0; i < runs; ++i) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const double launched = epochMsNow();
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--startup-child")});
        if (!child.waitForFinished(30000)) {
            child.kill();
            child.waitForFinished(5000);
            continue;
        }
        for (const QByteArray &line : child.readAllStandardOutput().split('\n')) {
            if (!line.startsWith("BENCH_STARTUP "))
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line.mid(14)).object();
            const double first = o.value(QStringLiteral("firstPaintEpochMs")).toDouble();
            if (first <= 0)
                continue;
            firsts.push_back(first - launched);
            shown.push_back(o.value(QStringLiteral("shownEpochMs")).toDouble() - launched);
            each.append(std::round(first - launched));
            shownEach.append(std::round(shown.back()));
        }
        if (!jsonOnly)
            print(QStringLiteral("start-up run %1: %2 ms\n")
                      .arg(i + 1)
                      .arg(firsts.empty() ? -1 : std::round(firsts.back())));
    }
    return {{QStringLiteral("runsMs"), each},
            {QStringLiteral("shownMs"), shownEach},
            {QStringLiteral("medianMs"), Distribution::of(firsts).p50},
            {QStringLiteral("shownMedianMs"), Distribution::of(shown).p50},
            {QStringLiteral("status"), firsts.empty()
                                           ? QStringLiteral("error: no chart painted data")
                                           : QStringLiteral("ok")},
            {QStringLiteral("loadAverage"), loadAverage()}};
}

QJsonObject idle(int feeds, const QStringList &kinds, const PluginRegistry &registry,
                 const QString &loadgen, bool jsonOnly)
{
    QJsonArray results;
    if (kinds.size() == 1) {
        results.append(runIdleFeeds(registry, kinds.first(), feeds, loadgen));
    } else {
        // Each kind in a fresh process, so RSS is not blurred by what the previous one freed.
        for (const QString &kind : kinds) {
            if (!jsonOnly)
                print(QStringLiteral("idle %1 feeds: %2...\n").arg(feeds).arg(kind));
            const QJsonObject r = runChild({QStringLiteral("--idle-feeds"), QString::number(feeds),
                                            QStringLiteral("--idle-kind"), kind,
                                            QStringLiteral("--loadgen"), loadgen},
                                           120000 + feeds * 100);
            const QJsonArray inner = r.value(QStringLiteral("kinds")).toArray();
            results.append(inner.isEmpty() ? r : inner.first());
        }
    }
    return {{QStringLiteral("kinds"), results}, {QStringLiteral("loadAverage"), loadAverage()}};
}

} // namespace

int main(int argc, char *argv[])
{
    const double mainEpochMs = epochMsNow();
    // Offscreen unless told otherwise (QT_QPA_PLATFORM=xcb under xvfb-run works too).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("livedash-bench"));
    raiseFileLimit();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures Livedash under load from livedash-loadgen, next to the straightforward "
        "design (per-sample QLineSeries::append on the UI thread). Prints a table and one "
        "line \"BENCH_JSON {...}\"."));
    parser.addHelpOption();
    QList<QCommandLineOption> all;
    auto value = [&](const char *name, const char *help, const char *def) {
        all.append(QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                                      QStringLiteral("N"), QString::fromLatin1(def)));
        return all.back();
    };
    auto flag = [&](const char *name, const char *help) {
        all.append(QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help)));
        return all.back();
    };
    const auto designOpt = value("design", "livedash, naive or both (side by side)", "both");
    const auto wsOpt = value("ws", "WebSocket feeds", "60");
    const auto httpOpt = value("http", "HTTP polling feeds (100 ms)", "20");
    const auto sseOpt = value("sse", "SSE feeds", "20");
    const auto rateOpt = value("rate", "aggregate messages/s from the loadgen", "100000");
    const auto sizeOpt = value("size", "message size in bytes", "140");
    const auto chartsOpt = value("charts", "chart panels", "12");
    const auto seriesOpt = value("series-per-chart", "feeds shown per chart at most", "8");
    const auto historyOpt = value("history", "points kept per channel", "100000");
    const auto threadsOpt = value("ingest-threads", "ingest threads", "1");
    const auto warmupOpt = value("warmup", "seconds of warm-up, not measured", "2");
    const auto durationOpt = value("duration", "seconds measured", "10");
    const auto naiveMaxOpt = value("naive-duration", "at most this many seconds for naive", "8");
    const auto drainOpt = value("drain", "seconds to wait for everything sent to arrive", "10");
    const auto loadgenOpt = value("loadgen", "the loadgen executable", "");
    const auto sharedOpt =
        flag("shared-http-port", "serve every HTTP and SSE feed from one port (one client "
                                 "connection pool of six)");
    const auto sweepOpt =
        flag("sweep", "feeds 1..1000 x 1k..200k msg/s (100 feeds to 500k), short runs");
    const auto sweepSecondsOpt = value("sweep-seconds", "seconds measured per sweep step", "3");
    const auto historyPointsOpt =
        value("history-points", "history test: points per series (e.g. 1000000)", "0");
    const auto idleOpt = value("idle-feeds", "memory test: idle feeds to add (e.g. 100)", "0");
    const auto idleKindOpt = value("idle-kind", "ws, http, sse, or a comma list", "ws,http,sse");
    const auto mqttOpt = value("mqtt",
                               "broker test: msg/s through a local mosquitto (QoS 0 "
                               "and 1), beside one WebSocket feed at the same rate",
                               "0");
    const auto natsOpt = value("nats", "broker test: msg/s through a local nats-server", "0");
    const auto producerOpt = value("broker-producer", "internal: publish to URL", "");
    const auto countOpt = value("count", "internal: messages the producer publishes", "0");
    const auto startupOpt = flag("startup", "time from launch to the demo's first chart update");
    const auto startupRunsOpt = value("startup-runs", "start-up runs", "5");
    const auto smokeOpt = flag("smoke", "5 s at 2k msg/s over 10 feeds; fails only on loss");
    const auto allOpt = flag("all", "everything: both designs, sweep, history, idle, start-up");
    const auto jsonOnlyOpt = flag("json-only", "print only the BENCH_JSON line");
    const auto renderOpt = value("render", "print the tables of a saved BENCH_JSON line", "");
    const auto startupChildOpt = flag("startup-child", "internal: one start-up run");
    const auto codecOpt = flag("codec", "the historian's chunk encodings: bytes and time per "
                                        "sample on the demo's and synthetic series");
    const auto codecRecordingOpt = value(
        "codec-recording", "--codec: the demo's --record file (recorded there if absent)", "");
    const auto codecSecondsOpt = value("codec-seconds", "--codec: seconds of demo to record", "60");
    const auto codecAppOpt = value("codec-app", "--codec: the livedash executable", "");
    const auto historianOpt =
        flag("historian", "the historian: writing under the default load (with and without), "
                          "bytes per sample, view and pan times and launch on a large store");
    const auto quickOpt = flag("quick", "--historian: small load and store, for CI (< 30 s); "
                                        "--mapper: 0.1 s per row");
    const auto mapperOpt = flag("mapper", "parse + map of one message on one core: the tree "
                                          "path beside the fast one, allocations per message");
    const auto mapperPathOpt = value("mapper-path",
                                     "a load run's message mapper: fast (simdjson) or tree "
                                     "(QJsonDocument)",
                                     "fast");
    const auto mapperCompareOpt =
        flag("mapper-compare", "the load run twice, tree mapper then fast, side by side");
    const auto mapperSecondsOpt =
        value("mapper-seconds", "--mapper: CPU seconds measured per shape and path", "1");
    const auto withHistorianOpt =
        flag("with-historian", "a load run with a Historian writing the engine's channels");
    const auto makeStoreOpt =
        value("make-store", "make a store of random walks at PATH and exit", "");
    const auto storeOpt = value("store",
                                "--historian: the store to measure on (made if "
                                "absent; default under the user's cache folder)",
                                "");
    const auto daysOpt = value("days", "--make-store / --historian: days of samples", "7");
    const auto channelsOpt = value("channels", "--make-store / --historian: channels", "100");
    const auto hzOpt = value("hz", "--make-store / --historian: samples/s per channel", "10");
    const auto launchesOpt = value("launches", "--historian: launches timed (1 cold)", "5");
    const auto partsOpt = value("parts", "--historian: which parts, of abcd", "abcd");
    const auto bytesHoursOpt =
        value("bytes-hours", "--historian: hours of data written for bytes per sample", "1");
    const auto appSetupOpt = value("app-launch-setup",
                                   "--historian: set up DIR to launch the "
                                   "app with the store (prints how)",
                                   "");
    const auto historianStartupChildOpt =
        flag("historian-startup-child", "internal: one launch with a store");
    const auto startupDashboardOpt = value("startup-dashboard", "internal: dashboard file", "");
    const auto startupDataDirOpt = value("startup-data-dir", "internal: data folder", "");
    parser.addOptions(all);
    parser.process(app);

    const bool jsonOnly = parser.isSet(jsonOnlyOpt);
    if (parser.isSet(codecOpt)) {
        CodecComparisonOptions codec;
        codec.recording = parser.value(codecRecordingOpt);
        codec.recordSeconds = std::max(1.0, parser.value(codecSecondsOpt).toDouble());
        codec.app = parser.value(codecAppOpt);
        // The table as it is measured (the demo's recording alone takes a minute).
        QString discarded;
        QTextStream table(stdout);
        if (jsonOnly)
            table.setString(&discarded);
        QJsonObject json;
        const int status = runCodecComparison(table, codec, &json);
        table.flush();
        emitResult(json, QString(), true);
        return status;
    }
    StoreSpec spec;
    spec.days = parser.value(daysOpt).toDouble();
    spec.channels = parser.value(channelsOpt).toInt();
    spec.hz = parser.value(hzOpt).toDouble();
    if (!parser.value(makeStoreOpt).isEmpty()) {
        QTextStream out(stdout);
        QJsonObject json;
        const int status = runMakeStore(out, parser.value(makeStoreOpt), spec, &json);
        out.flush();
        if (jsonOnly)
            emitResult(json, QString(), true);
        return status;
    }
    if (!parser.value(appSetupOpt).isEmpty()) {
        QTextStream out(stdout);
        const QString store =
            parser.value(storeOpt).isEmpty() ? defaultStorePath(spec) : parser.value(storeOpt);
        return setUpAppLaunch(out, parser.value(appSetupOpt), store, spec);
    }
    LoadConfig config;
    config.design = parser.value(designOpt);
    config.ws = parser.value(wsOpt).toInt();
    config.http = parser.value(httpOpt).toInt();
    config.sse = parser.value(sseOpt).toInt();
    config.rate = parser.value(rateOpt).toDouble();
    config.size = parser.value(sizeOpt).toInt();
    config.charts = std::max(1, parser.value(chartsOpt).toInt());
    config.seriesPerChart = std::max(1, parser.value(seriesOpt).toInt());
    config.history = std::max(1, parser.value(historyOpt).toInt());
    config.ingestThreads = std::max(1, parser.value(threadsOpt).toInt());
    config.warmupS = parser.value(warmupOpt).toDouble();
    config.durationS = std::max(0.5, parser.value(durationOpt).toDouble());
    config.drainS = parser.value(drainOpt).toDouble();
    config.sharedHttpPort = parser.isSet(sharedOpt);
    config.historian = parser.isSet(withHistorianOpt);
    config.mapperPath = parser.value(mapperPathOpt);
    if (config.mapperPath != QLatin1String("fast") && config.mapperPath != QLatin1String("tree")) {
        std::fprintf(stderr, "livedash-bench: --mapper-path: expected fast or tree\n");
        return 2;
    }
    config.loadgen = parser.value(loadgenOpt).isEmpty() ? LoadgenProcess::defaultProgram()
                                                        : parser.value(loadgenOpt);
    const double naiveMaxS = parser.value(naiveMaxOpt).toDouble();

    PluginRegistry registry;
    registry.loadFrom(PluginRegistry::defaultSearchPaths());
    auto needPlugins = [&] {
        for (const char *id : {"websocket", "http", "sse"}) {
            if (!registry.plugin(QString::fromLatin1(id))) {
                std::fprintf(
                    stderr, "livedash-bench: feed plugin \"%s\" not found in %s\n", id,
                    qPrintable(PluginRegistry::defaultSearchPaths().join(QLatin1Char(','))));
                return false;
            }
        }
        return true;
    };

    if (parser.isSet(startupChildOpt))
        return runStartupChild(registry, mainEpochMs);
    if (parser.isSet(historianStartupChildOpt))
        return runHistorianStartupChild(registry, mainEpochMs, parser.value(startupDashboardOpt),
                                        parser.value(startupDataDirOpt));

    if (parser.isSet(mapperOpt)) {
        MapperBenchOptions m;
        m.secondsPerRun = parser.isSet(quickOpt)
                              ? 0.1
                              : std::max(0.05, parser.value(mapperSecondsOpt).toDouble());
        QString discarded;
        QTextStream table(stdout);
        if (jsonOnly)
            table.setString(&discarded);
        QJsonObject json;
        const int status = runMapperBench(table, m, &json);
        table.flush();
        emitResult(json, QString(), true);
        return status;
    }
    if (parser.isSet(historianOpt)) {
        if (!needPlugins())
            return 1;
        HistorianBenchOptions h;
        h.quick = parser.isSet(quickOpt);
        h.load = config;
        h.spec = spec;
        if (h.quick) {
            // About an hour of 10 channels unless told otherwise.
            if (!parser.isSet(daysOpt))
                h.spec.days = 0.05;
            if (!parser.isSet(channelsOpt))
                h.spec.channels = 10;
        }
        h.storePath = parser.value(storeOpt);
        h.demo.recording = parser.value(codecRecordingOpt);
        h.demo.recordSeconds = std::max(1.0, parser.value(codecSecondsOpt).toDouble());
        h.demo.app = parser.value(codecAppOpt);
        h.launches = std::max(2, parser.value(launchesOpt).toInt());
        h.parts = parser.value(partsOpt);
        h.bytesHours = std::max(0.01, parser.value(bytesHoursOpt).toDouble());
        QString discarded;
        QTextStream table(stdout);
        if (jsonOnly)
            table.setString(&discarded);
        QJsonObject json;
        const int status = runHistorianBench(
            table, h, [](const LoadConfig &c) { return runChild(c.toArgs(), runTimeoutMs(c)); },
            &json);
        table.flush();
        emitResult(json, QString(), true);
        return status;
    }
    if (!parser.value(producerOpt).isEmpty())
        return runBrokerProducer(registry, parser.value(producerOpt), config.rate,
                                 parser.value(countOpt).toLongLong(), config.size);

    if (parser.value(mqttOpt).toDouble() > 0 || parser.value(natsOpt).toDouble() > 0) {
        QJsonArray runs;
        double wsRate = 0;
        auto run = [&](const QString &kind, double rate, int qos) {
            BrokerConfig b;
            b.kind = kind;
            b.qos = qos;
            b.rate = rate;
            b.size = config.size;
            b.durationS = parser.isSet(durationOpt) ? config.durationS : 5;
            if (!jsonOnly)
                print(QStringLiteral("%1 QoS %2 at %3 msg/s...\n").arg(kind).arg(qos).arg(rate));
            runs.append(runBroker(registry, b));
            wsRate = std::max(wsRate, rate);
        };
        if (const double rate = parser.value(mqttOpt).toDouble(); rate > 0) {
            run(QStringLiteral("mqtt"), rate, 0);
            run(QStringLiteral("mqtt"), rate, 1);
        }
        if (const double rate = parser.value(natsOpt).toDouble(); rate > 0)
            run(QStringLiteral("nats"), rate, 0);
        LoadConfig ws = config;
        ws.design = QStringLiteral("livedash");
        ws.ws = 1;
        ws.http = 0;
        ws.sse = 0;
        ws.rate = wsRate;
        ws.durationS = parser.isSet(durationOpt) ? config.durationS : 5;
        if (!jsonOnly)
            print(QStringLiteral("websocket at %1 msg/s...\n").arg(wsRate));
        const QJsonObject wsRun = runChild(ws.toArgs(), runTimeoutMs(ws));
        const QJsonObject out{{QStringLiteral("runs"), runs},
                              {QStringLiteral("websocket"), wsRun},
                              {QStringLiteral("loadAverage"), loadAverage()}};
        emitResult(out, brokerTable(out), jsonOnly);
        return 0;
    }

    if (!parser.value(renderOpt).isEmpty()) {
        QFile file(parser.value(renderOpt));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "livedash-bench: cannot read %s\n",
                         qPrintable(parser.value(renderOpt)));
            return 2;
        }
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.startsWith("BENCH_JSON "))
                print(renderTables(QJsonDocument::fromJson(line.mid(11)).object()));
        }
        return 0;
    }

    if (parser.isSet(smokeOpt)) {
        if (!needPlugins())
            return 1;
        LoadConfig smoke = config;
        smoke.design = QStringLiteral("livedash");
        smoke.ws = 6;
        smoke.http = 2;
        smoke.sse = 2;
        smoke.rate = 2000;
        smoke.warmupS = 1;
        smoke.durationS = 3;
        smoke.drainS = 10;
        const QJsonObject r = runLoad(registry, smoke);
        emitResult(r, runTable(r), jsonOnly);
        // Fails only if it did not run or lost messages; never on timing.
        const bool ran = r.value(QStringLiteral("status")).toString() == QLatin1String("ok") &&
                         r.value(QStringLiteral("sent")).toDouble() > 0 &&
                         r.value(QStringLiteral("messagesPerS")).toDouble() > 0;
        const bool lost = r.value(QStringLiteral("lost")).toDouble() > 0;
        if (!ran)
            std::fprintf(stderr, "livedash-bench --smoke: the benchmark did not run\n");
        if (lost)
            std::fprintf(stderr, "livedash-bench --smoke: messages were lost\n");
        return ran && !lost ? 0 : 1;
    }

    if (parser.value(idleOpt).toInt() > 0) {
        if (!needPlugins())
            return 1;
        const QJsonObject r =
            idle(parser.value(idleOpt).toInt(),
                 parser.value(idleKindOpt).split(QLatin1Char(','), Qt::SkipEmptyParts), registry,
                 config.loadgen, jsonOnly);
        emitResult(r, idleTable(r), jsonOnly);
        return 0;
    }

    if (parser.value(historyPointsOpt).toLongLong() > 0) {
        if (!needPlugins())
            return 1;
        HistoryConfig h;
        h.points = parser.value(historyPointsOpt).toLongLong();
        h.series = config.charts;
        h.ingestThreads = config.ingestThreads;
        h.loadgen = config.loadgen;
        const QJsonObject r = runHistory(registry, h);
        emitResult(r, historyTable(r), jsonOnly);
        return 0;
    }

    if (parser.isSet(startupOpt)) {
        const QJsonObject r = startup(std::max(1, parser.value(startupRunsOpt).toInt()), jsonOnly);
        emitResult(r, startupTable(r), jsonOnly);
        return 0;
    }

    if (parser.isSet(sweepOpt)) {
        double seconds = 0;
        const QJsonArray steps = sweep(
            config, std::max(1.0, parser.value(sweepSecondsOpt).toDouble()), jsonOnly, &seconds);
        emitResult({{QStringLiteral("sweep"), steps},
                    {QStringLiteral("sweepBest"), sweepBest(steps)},
                    {QStringLiteral("sweepSeconds"), std::round(seconds)}},
                   sweepTable(steps, seconds), jsonOnly);
        return 0;
    }

    if (parser.isSet(allOpt)) {
        QJsonObject out;
        QString tables;
        const QJsonObject both = compare(config, naiveMaxS, jsonOnly);
        out.insert(QStringLiteral("compare"), both);
        tables += comparisonTable(both.value(QStringLiteral("livedash")).toObject(),
                                  both.value(QStringLiteral("naive")).toObject()) +
                  QLatin1Char('\n');
        double sweepSeconds = 0;
        const QJsonArray steps =
            sweep(config, std::max(1.0, parser.value(sweepSecondsOpt).toDouble()), jsonOnly,
                  &sweepSeconds);
        out.insert(QStringLiteral("sweep"), steps);
        out.insert(QStringLiteral("sweepBest"), sweepBest(steps));
        out.insert(QStringLiteral("sweepSeconds"), std::round(sweepSeconds));
        tables += sweepTable(steps, sweepSeconds) + QLatin1Char('\n');
        const QJsonObject h =
            runChild({QStringLiteral("--history-points"), QStringLiteral("1000000"),
                      QStringLiteral("--loadgen"), config.loadgen},
                     600000);
        out.insert(QStringLiteral("history"), h);
        tables += historyTable(h) + QLatin1Char('\n');
        const QJsonObject i =
            idle(100, {QStringLiteral("ws"), QStringLiteral("http"), QStringLiteral("sse")},
                 registry, config.loadgen, jsonOnly);
        out.insert(QStringLiteral("idle"), i);
        tables += idleTable(i) + QLatin1Char('\n');
        const QJsonObject s = startup(5, jsonOnly);
        out.insert(QStringLiteral("startup"), s);
        tables += startupTable(s);
        emitResult(out, tables, jsonOnly);
        return 0;
    }

    if (parser.isSet(mapperCompareOpt)) {
        // Old and new side by side, from one invocation: the same load, one after the other.
        LoadConfig tree = config;
        tree.design = QStringLiteral("livedash");
        tree.mapperPath = QStringLiteral("tree");
        LoadConfig fast = tree;
        fast.mapperPath = QStringLiteral("fast");
        if (!jsonOnly)
            print(QStringLiteral("mapper-compare: the tree mapper's run...\n"));
        const QJsonObject t = runChild(tree.toArgs(), runTimeoutMs(tree));
        if (!jsonOnly)
            print(QStringLiteral("mapper-compare: the fast mapper's run...\n"));
        const QJsonObject f = runChild(fast.toArgs(), runTimeoutMs(fast));
        emitResult({{QStringLiteral("tree"), t}, {QStringLiteral("fast"), f}},
                   comparisonTable(f, t,
                                   {QStringLiteral("fast mapper"), QStringLiteral("tree mapper"),
                                    QStringLiteral("fast advantage")}),
                   jsonOnly);
        const bool ok = t.value(QStringLiteral("status")).toString() == QLatin1String("ok") &&
                        f.value(QStringLiteral("status")).toString() == QLatin1String("ok");
        return ok ? 0 : 1;
    }
    if (config.design == QLatin1String("both")) {
        const QJsonObject both = compare(config, naiveMaxS, jsonOnly);
        emitResult(both,
                   comparisonTable(both.value(QStringLiteral("livedash")).toObject(),
                                   both.value(QStringLiteral("naive")).toObject()),
                   jsonOnly);
        return 0;
    }
    if (config.design != QLatin1String("livedash") && config.design != QLatin1String("naive")) {
        std::fprintf(stderr, "livedash-bench: --design: expected livedash, naive or both\n");
        return 2;
    }
    if (!needPlugins())
        return 1;
    const QJsonObject r = runLoad(registry, config);
    emitResult(r, runTable(r), jsonOnly);
    return r.value(QStringLiteral("status")).toString() == QLatin1String("ok") ? 0 : 1;
}
