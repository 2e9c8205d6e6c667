// livedash-soak: reliability scenario 12, driven by packaging/soak.sh.
//
// 20 feeds (8 WebSocket, 6 SSE, 6 HTTP polling) at 50 messages/s each for --seconds, through
// the real plugins and ingest thread, shown in the real main window (12 live charts) on the
// offscreen platform. The sources run in a child process (livedash-soak --serve), so that the
// RSS measured is the application's alone, and stamp each message with a sequence number and
// its send time on the monotonic clock (shared by the processes). The SSE streams are spread
// over two servers and the HTTP polls have their own: six or more streams to one host and
// port starve every other request to it (see tst_sharedhost), which is not what this measures.
//
// Figures: UI event-loop lateness (a 5 ms timer on the UI thread) p50/p99/max, RSS after the
// warm-up and at the end, sequence gaps, messages sent and delivered, rejected messages,
// reconnects, ingest latency (send to mapping) p99, chart refresh rates.
// Pass: lateness p99 < 50 ms, RSS growth < 10 %, no gaps, nothing lost or rejected, no
// reconnect. Prints a table and one JSON line; exit code 0 on pass, 1 on failure.
#ifdef _WIN32 // <windows.h> first, without min/max macros: ReadFile on stdin
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#endif

#include "ingest/pluginregistry.h"
#include "localhttpserver.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "support.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include <cmath>
#include <cstdio>

#ifdef Q_OS_WIN
#include <mutex>
#include <thread>
#else
#include <unistd.h>
#endif

using namespace livedash;
using namespace livedash::reliability;

namespace {

constexpr int WsFeeds = 8;
constexpr int SseFeeds = 6;
constexpr int HttpFeeds = 6;
constexpr int Feeds = WsFeeds + SseFeeds + HttpFeeds;

QString feedId(int i)
{
    return QStringLiteral("f%1").arg(i, 2, 10, QLatin1Char('0'));
}

/// All 20 sources, paced: each feed gets exactly rate x elapsed messages.
class SoakSources : public QObject
{
public:
    explicit SoakSources(double rate) : m_rate(rate)
    {
        QObject::connect(&m_ws, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *c = m_ws.nextPendingConnection()) {
                c->setParent(this);
                const int i = c->requestUrl().path().mid(4).toInt(); // "/ws/<i>"
                if (i >= 0 && i < WsFeeds)
                    m_sockets[i] = c;
                QObject::connect(c, &QWebSocket::disconnected, c, &QObject::deleteLater);
            }
        });
        for (int i = 0; i < SseFeeds; ++i) {
            m_sse[i % 2].route("/sse/" + QByteArray::number(i), [this, i](HttpExchange *ex) {
                ex->beginStream(200);
                m_streams[i] = ex;
            });
        }
        for (int i = 0; i < HttpFeeds; ++i) {
            m_http.route("/http/" + QByteArray::number(i), [this, i](HttpExchange *ex) {
                QByteArray &pending = m_pending[i];
                if (pending.isEmpty()) {
                    ex->respond(304);
                    return;
                }
                ex->respond(200, "[" + pending + "]");
                pending.clear();
            });
        }
        for (auto &s : m_sent)
            s.store(0);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }

    bool listen()
    {
        return m_ws.listen(QHostAddress::LocalHost, 0) && m_http.listen() && m_sse[0].listen() &&
               m_sse[1].listen();
    }
    QString url(int feed) const
    {
        if (feed < WsFeeds)
            return QStringLiteral("ws://127.0.0.1:%1/ws/%2").arg(m_ws.serverPort()).arg(feed);
        if (feed < WsFeeds + SseFeeds) {
            const int i = feed - WsFeeds;
            return m_sse[i % 2].url(QStringLiteral("/sse/%1").arg(i)).toString();
        }
        return m_http.url(QStringLiteral("/http/%1").arg(feed - WsFeeds - SseFeeds)).toString();
    }
    void start()
    {
        m_clock.start();
        m_timer.start(20);
    }
    void stop()
    {
        tick();
        m_timer.stop();
    }
    quint64 sent(int feed) const { return m_sent[feed].load(); }

private:
    void tick()
    {
        const auto due = quint64(double(m_clock.nsecsElapsed()) / 1e9 * m_rate);
        for (int f = 0; f < Feeds; ++f) {
            while (m_sent[f].load() < due) {
                const quint64 seq = m_sent[f].load() + 1;
                const QByteArray msg =
                    "{\"seq\":" + QByteArray::number(seq) +
                    ",\"v\":" + QByteArray::number(std::sin(double(seq) / 50.0 + f), 'f', 4) +
                    ",\"sent\":" + QByteArray::number(monoUs()) + "}";
                if (f < WsFeeds) {
                    if (m_sockets[f])
                        m_sockets[f]->sendTextMessage(QString::fromLatin1(msg));
                } else if (f < WsFeeds + SseFeeds) {
                    if (m_streams[f - WsFeeds])
                        m_streams[f - WsFeeds]->write("data: " + msg + "\n\n");
                } else {
                    QByteArray &pending = m_pending[f - WsFeeds - SseFeeds];
                    if (!pending.isEmpty())
                        pending += ',';
                    pending += msg;
                }
                m_sent[f].store(seq);
            }
        }
    }

    double m_rate;
    QWebSocketServer m_ws{QStringLiteral("soak"), QWebSocketServer::NonSecureMode};
    LocalHttpServer m_http;
    LocalHttpServer m_sse[2];
    QPointer<QWebSocket> m_sockets[WsFeeds];
    QPointer<HttpExchange> m_streams[SseFeeds];
    QByteArray m_pending[HttpFeeds];
    std::atomic<quint64> m_sent[Feeds];
    QTimer m_timer;
    QElapsedTimer m_clock;
};

/// Send-to-mapping latency of every message (channel "sent"), in 0.1 ms buckets up to 2 s,
/// kept apart for streams (WebSocket, SSE) and polls (HTTP: a message waits for the next poll).
class IngestLatency final : public SampleSink
{
public:
    IngestLatency()
    {
        for (auto &kind : m_buckets)
            for (auto &b : kind)
                b.store(0);
    }
    void number(const QString &feed, const QString &channel, qint64, double v) override
    {
        if (channel != QLatin1String("sent"))
            return;
        const qint64 us = std::max<qint64>(0, monoUs() - qint64(v));
        const int kind = feed.mid(1).toInt() >= WsFeeds + SseFeeds ? 1 : 0;
        m_buckets[kind][std::min<size_t>(size_t(us / 100), Buckets - 1)].fetch_add(1);
    }
    void text(const QString &, const QString &, qint64, const QString &) override {}
    /// Quantile `q` of the streams' (`polls` false) or the polls' latency, in ms.
    double quantileMs(bool polls, double q) const
    {
        const auto &buckets = m_buckets[polls ? 1 : 0];
        quint64 total = 0;
        for (const auto &b : buckets)
            total += b.load();
        quint64 seen = 0;
        for (size_t i = 0; i < Buckets; ++i) {
            seen += buckets[i].load();
            if (total && double(seen) >= q * double(total))
                return double(i + 1) / 10.0;
        }
        return 0;
    }

private:
    static constexpr size_t Buckets = 20000;
    std::atomic<quint64> m_buckets[2][Buckets];
};

Dashboard soakDashboard(const QStringList &urls)
{
    Dashboard d;
    d.name = QStringLiteral("soak");
    // Rings of 1000 samples fill within 20 s at 50 msg/s, well inside the warm-up: after it
    // the store's memory is constant by design and any growth is a leak.
    d.historyLength = 1000;
    for (int i = 0; i < Feeds; ++i) {
        const QString url = urls.value(i);
        const QString plugin =
            i < WsFeeds ? QStringLiteral("websocket")
                        : (i < WsFeeds + SseFeeds ? QStringLiteral("sse") : QStringLiteral("http"));
        QVariantMap options;
        if (plugin == QLatin1String("http"))
            options.insert(QStringLiteral("intervalMs"), 100);
        FeedConfig f =
            feedConfig(feedId(i), plugin, url, {QStringLiteral("v"), QStringLiteral("sent")},
                       QStringLiteral("seq"), options);
        f.reconnect = ReconnectSettings{};
        d.feeds.append(f);
    }
    for (int c = 0; c < 12; ++c) {
        PanelConfig p;
        p.kind = PanelKind::Chart;
        p.title = QStringLiteral("Chart %1").arg(c + 1);
        p.channels = {feedId(c) + QStringLiteral("/v")};
        if (c + 12 < Feeds)
            p.channels.append(feedId(c + 12) + QStringLiteral("/v"));
        p.windowSeconds = 20;
        p.row = c / 4;
        p.column = c % 4;
        d.panels.append(p);
    }
    return d;
}

/// The child process: serves the 20 feeds. Prints "urls <20 urls>", then obeys lines on stdin:
/// "start" starts the pacing, "stop" stops it and prints "sent <20 counts>"; it keeps serving
/// (HTTP polls fetch what is left) until "quit" or the end of stdin.
int serve(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    double rate = 50;
    for (int i = 1; i + 1 < argc; ++i)
        if (qstrcmp(argv[i], "--rate") == 0)
            rate = QByteArray(argv[i + 1]).toDouble();
    SoakSources sources(rate);
    if (!sources.listen()) {
        std::fprintf(stderr, "livedash-soak: cannot listen on 127.0.0.1\n");
        return 2;
    }
    QStringList urls;
    for (int i = 0; i < Feeds; ++i)
        urls.append(sources.url(i));
    std::printf("urls %s\n", qPrintable(urls.join(QLatin1Char(' '))));
    std::fflush(stdout);
    QByteArray input;
    auto onInput = [&](const char *bytes, qsizetype n) {
        input.append(bytes, n);
        for (qsizetype end; (end = input.indexOf('\n')) >= 0; input.remove(0, end + 1)) {
            const QByteArray command = input.left(end).trimmed();
            if (command == "start") {
                sources.start();
            } else if (command == "stop") {
                sources.stop();
                QStringList sent;
                for (int i = 0; i < Feeds; ++i)
                    sent.append(QString::number(sources.sent(i)));
                std::printf("sent %s\n", qPrintable(sent.join(QLatin1Char(' '))));
                std::fflush(stdout);
            } else if (command == "quit") {
                QCoreApplication::quit();
            }
        }
    };
#ifdef Q_OS_WIN
    // No QSocketNotifier on a Windows pipe: a thread reads stdin into a buffer the event loop
    // polls. Leaked on purpose: the thread may still be blocked in ReadFile at exit.
    struct Pipe
    {
        std::mutex mutex;
        QByteArray bytes;
        bool ended = false;
    };
    auto *pipe = new Pipe;
    std::thread([pipe] {
        const HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
        char buffer[256];
        DWORD n = 0;
        while (ReadFile(in, buffer, DWORD(sizeof buffer), &n, nullptr) && n > 0) {
            const std::lock_guard lock(pipe->mutex);
            pipe->bytes.append(buffer, qsizetype(n));
        }
        const std::lock_guard lock(pipe->mutex);
        pipe->ended = true;
    }).detach();
    QTimer stdinPoll;
    QObject::connect(&stdinPoll, &QTimer::timeout, &app, [&] {
        QByteArray bytes;
        bool ended = false;
        {
            const std::lock_guard lock(pipe->mutex);
            bytes.swap(pipe->bytes);
            ended = pipe->ended;
        }
        if (!bytes.isEmpty())
            onInput(bytes.constData(), bytes.size());
        if (ended) {
            stdinPoll.stop();
            QCoreApplication::quit();
        }
    });
    stdinPoll.start(10);
#else
    QSocketNotifier stdinWatch(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, &app, [&] {
        char buffer[256];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            stdinWatch.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        onInput(buffer, qsizetype(n));
    });
#endif
    return QCoreApplication::exec();
}

/// The next line from `child` that starts with `prefix` (its words after it), or empty.
QStringList readReply(QProcess &child, const QByteArray &prefix, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        while (child.canReadLine()) {
            const QByteArray line = child.readLine().trimmed();
            if (line.startsWith(QByteArray(prefix + ' ')))
                return QString::fromLatin1(line.mid(prefix.size() + 1))
                    .split(QLatin1Char(' '), Qt::SkipEmptyParts);
        }
        if (child.state() == QProcess::NotRunning)
            break;
        child.waitForReadyRead(100);
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "--serve") == 0)
            return serve(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QObjectCounter::install();
    QCoreApplication::setOrganizationName(QStringLiteral("Livedash"));
    QCoreApplication::setApplicationName(QStringLiteral("livedash-soak"));
    QStandardPaths::setTestModeEnabled(true); // settings and saves stay out of the user's

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Livedash soak: 20 feeds x 50 msg/s"));
    parser.addHelpOption();
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Duration (default 600)."),
                                           QStringLiteral("S"), QStringLiteral("600"));
    const QCommandLineOption warmupOption(
        QStringLiteral("warmup"),
        QStringLiteral("Seconds before the RSS baseline (default min(60, duration/2))."),
        QStringLiteral("S"));
    const QCommandLineOption rateOption(QStringLiteral("rate"),
                                        QStringLiteral("Messages/s per feed (default 50)."),
                                        QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Also write the figures to FILE."),
                                        QStringLiteral("FILE"));
    parser.addOptions({secondsOption, warmupOption, rateOption, jsonOption});
    parser.process(app);
    const double seconds = parser.value(secondsOption).toDouble();
    const double rate = parser.value(rateOption).toDouble();
    const double warmup = parser.isSet(warmupOption) ? parser.value(warmupOption).toDouble()
                                                     : std::min(60.0, seconds / 2);
    QTextStream out(stdout);
    if (seconds < 10 || warmup < 0 || warmup >= seconds || rate <= 0) {
        out << "livedash-soak: need --seconds >= 10, 0 <= --warmup < seconds, --rate > 0"
            << Qt::endl;
        return 2;
    }

    PluginRegistry registry;
    registry.loadFrom(PluginRegistry::defaultSearchPaths());
    for (const char *kind : {"websocket", "http", "sse"}) {
        if (!registry.plugin(QString::fromLatin1(kind))) {
            out << "livedash-soak: plugin " << kind << " not found" << Qt::endl;
            return 2;
        }
    }
    QProcess sources;
    sources.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sources.start(QCoreApplication::applicationFilePath(),
                  {QStringLiteral("--serve"), QStringLiteral("--rate"), QString::number(rate)});
    const QStringList urls = readReply(sources, "urls", 10000);
    if (urls.size() != Feeds) {
        out << "livedash-soak: the sources did not start" << Qt::endl;
        return 2;
    }
    QTemporaryDir dir;
    const Dashboard dashboard = soakDashboard(urls);
    IngestLatency latency;
    IngestEngine engine(&registry, std::max(1, QThread::idealThreadCount() / 2));
    engine.setSampleSink(&latency);

    auto window = std::make_unique<MainWindow>(&registry, &engine);
    window->setDashboard(dashboard, dir.filePath(QStringLiteral("soak.json")));
    window->trustAndStart(); // made here, not a file from elsewhere: no banner, feeds run
    window->resize(1600, 1000);
    window->show();

    // Wait for every feed to be live, then start the sources.
    QElapsedTimer waiting;
    waiting.start();
    auto liveFeeds = [&engine] {
        int n = 0;
        for (const FeedStatus &s : engine.board().snapshot())
            n += s.state == FeedState::Live;
        return n;
    };
    while (liveFeeds() < Feeds && waiting.elapsed() < 20000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    sources.write("start\n");
    out << "livedash-soak: " << Feeds << " feeds x " << rate << " msg/s for " << seconds
        << " s (warm-up " << warmup << " s), " << dashboard.panels.size() << " charts, offscreen"
        << Qt::endl;

    UiProbe ui;
    QElapsedTimer clock;
    clock.start();
    qint64 baselineKb = 0, maxKb = 0, baselineObjects = 0;
    int baselineFds = 0;
    bool started = false;
    struct Minute
    {
        double p99 = 0, max = 0;
        qint64 rssKb = 0;
        /// the machine's 1-minute load average: other work on the same cores (none on Windows)
        std::optional<double> load;
    };
    QList<Minute> minutes;
    UiProbe uiMinute;
    QList<quint64> refreshStart;
    for (Panel *p : window->dashboardView()->panels())
        if (auto *chart = qobject_cast<ChartPanel *>(p))
            refreshStart.append(chart->refreshCount());
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &sampler, [&] {
        const double t = double(clock.elapsed()) / 1000.0;
        const qint64 now = rssKb();
        maxKb = std::max(maxKb, now);
        if (!started && t >= 5) {
            started = true;
            ui.reset(); // lateness counts from 5 s in: window creation is not the soak
        }
        if (baselineKb == 0 && t >= warmup) {
            baselineKb = now; // history rings are full by now: memory should stay flat
            baselineObjects = QObjectCounter::live();
            baselineFds = openFdCount();
        }
        if (t >= double(minutes.size() + 1) * 60 || t >= seconds) {
            minutes.append(
                {uiMinute.latenessMs(0.99), uiMinute.maxIntervalMs() - 5, now, loadAverage1()});
            uiMinute.reset();
        }
        if (t >= seconds) {
            sampler.stop();
            QCoreApplication::quit();
        }
    });
    sampler.start(1000);
    QApplication::exec();
    const double elapsed = double(clock.elapsed()) / 1000.0;

    // Stop the sources and let what is in flight arrive.
    sources.write("stop\n");
    quint64 sent = 0;
    for (const QString &n : readReply(sources, "sent", 10000))
        sent += n.toULongLong();
    auto delivered = [&] {
        quint64 n = 0;
        for (int i = 0; i < Feeds; ++i) {
            const ChannelPtr c = engine.store().find(feedId(i) + QStringLiteral("/v"));
            n += c ? c->totalNumbers() : 0;
        }
        return n;
    };
    QElapsedTimer drain;
    drain.start();
    while (delivered() < sent && drain.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

    quint64 gaps = 0, rejected = 0, reconnects = 0;
    QStringList problems;
    for (const FeedStatus &s : engine.board().snapshot()) {
        gaps += s.gaps;
        rejected += s.rejected;
        reconnects += s.connects > 1 ? s.connects - 1 : 0;
        if (s.gaps || s.rejected || s.connects != 1 || s.state != FeedState::Live)
            problems.append(describe(s));
    }
    double minRefreshHz = 1e9;
    int chartIndex = 0;
    for (Panel *p : window->dashboardView()->panels()) {
        if (auto *chart = qobject_cast<ChartPanel *>(p)) {
            const double hz =
                double(chart->refreshCount() - refreshStart.value(chartIndex++)) / elapsed;
            minRefreshHz = std::min(minRefreshHz, hz);
        }
    }
    const qint64 endKb = rssKb();
    const qint64 endObjects = QObjectCounter::live();
    const int endFds = openFdCount();
    const double growth = baselineKb ? 100.0 * double(endKb - baselineKb) / double(baselineKb) : 0;
    const double p50 = ui.latenessMs(0.50), p99 = ui.latenessMs(0.99);
    const double maxLate = ui.maxIntervalMs() - 5;
    const quint64 got = delivered();
    const bool pass =
        p99 < 50 && growth < 10 && gaps == 0 && got == sent && rejected == 0 && reconnects == 0;

    window.reset();
    engine.shutdown();
    sources.write("quit\n");
    sources.closeWriteChannel();
    if (!sources.waitForFinished(5000))
        sources.kill();

    auto row = [&out](const QString &name, const QString &value, const QString &target) {
        out << QStringLiteral("  %1 %2 %3").arg(name, -34).arg(value, -16).arg(target) << Qt::endl;
    };
    out << Qt::endl << "figure                               value            target" << Qt::endl;
    row(QStringLiteral("duration"), QStringLiteral("%1 s").arg(elapsed, 0, 'f', 0), {});
    row(QStringLiteral("UI lateness p50/p99/max, from 5 s"),
        QStringLiteral("%1 / %2 / %3 ms")
            .arg(p50, 0, 'f', 1)
            .arg(p99, 0, 'f', 1)
            .arg(maxLate, 0, 'f', 1),
        QStringLiteral("p99 < 50 ms"));
    row(QStringLiteral("RSS after warm-up -> end (max)"),
        QStringLiteral("%1 -> %2 MB (%3)")
            .arg(double(baselineKb) / 1024, 0, 'f', 1)
            .arg(double(endKb) / 1024, 0, 'f', 1)
            .arg(double(maxKb) / 1024, 0, 'f', 1),
        {});
    row(QStringLiteral("RSS growth"), QStringLiteral("%1 %").arg(growth, 0, 'f', 2),
        QStringLiteral("< 10 %"));
    row(QStringLiteral("live QObjects, open fds (warm-up -> end)"),
        QStringLiteral("%1 -> %2, %3 -> %4")
            .arg(baselineObjects)
            .arg(endObjects)
            .arg(baselineFds)
            .arg(endFds),
        {});
    row(QStringLiteral("sequence gaps"), QString::number(gaps), QStringLiteral("0"));
    row(QStringLiteral("messages sent / delivered"), QStringLiteral("%1 / %2").arg(sent).arg(got),
        QStringLiteral("equal"));
    row(QStringLiteral("rejected / reconnects"),
        QStringLiteral("%1 / %2").arg(rejected).arg(reconnects), QStringLiteral("0 / 0"));
    row(QStringLiteral("ingest latency p50 / p99, streams"),
        QStringLiteral("%1 / %2 ms")
            .arg(latency.quantileMs(false, 0.5), 0, 'f', 1)
            .arg(latency.quantileMs(false, 0.99), 0, 'f', 1),
        {});
    row(QStringLiteral("ingest latency p50 / p99, polls"),
        QStringLiteral("%1 / %2 ms")
            .arg(latency.quantileMs(true, 0.5), 0, 'f', 1)
            .arg(latency.quantileMs(true, 0.99), 0, 'f', 1),
        QStringLiteral("(100 ms poll interval)"));
    row(QStringLiteral("slowest chart refresh rate"),
        QStringLiteral("%1 Hz").arg(minRefreshHz, 0, 'f', 1), {});
    for (int m = 0; m < minutes.size(); ++m) {
        row(QStringLiteral("  minute %1: lateness p99 / max").arg(m + 1),
            QStringLiteral("%1 / %2 ms")
                .arg(minutes[m].p99, 0, 'f', 1)
                .arg(minutes[m].max, 0, 'f', 1),
            QStringLiteral("RSS %1 MB, machine load %2")
                .arg(double(minutes[m].rssKb) / 1024, 0, 'f', 1)
                .arg(minutes[m].load ? QString::number(*minutes[m].load, 'f', 2)
                                     : QStringLiteral("unavailable (no load average on this OS)")));
    }
    for (const QString &p : std::as_const(problems))
        out << "  problem: " << p << Qt::endl;
    out << (pass ? "PASS" : "FAIL") << Qt::endl;

    QJsonObject figures{{QStringLiteral("seconds"), elapsed},
                        {QStringLiteral("feeds"), Feeds},
                        {QStringLiteral("ratePerFeed"), rate},
                        {QStringLiteral("uiLatenessP50Ms"), p50},
                        {QStringLiteral("uiLatenessP99Ms"), p99},
                        {QStringLiteral("uiLatenessMaxMs"), maxLate},
                        {QStringLiteral("rssBaselineKb"), baselineKb},
                        {QStringLiteral("rssEndKb"), endKb},
                        {QStringLiteral("rssMaxKb"), maxKb},
                        {QStringLiteral("rssGrowthPercent"), growth},
                        {QStringLiteral("qobjectsBaseline"), baselineObjects},
                        {QStringLiteral("qobjectsEnd"), endObjects},
                        {QStringLiteral("fdsBaseline"), baselineFds},
                        {QStringLiteral("fdsEnd"), endFds},
                        {QStringLiteral("gaps"), qint64(gaps)},
                        {QStringLiteral("sent"), qint64(sent)},
                        {QStringLiteral("delivered"), qint64(got)},
                        {QStringLiteral("rejected"), qint64(rejected)},
                        {QStringLiteral("reconnects"), qint64(reconnects)},
                        {QStringLiteral("streamLatencyP99Ms"), latency.quantileMs(false, 0.99)},
                        {QStringLiteral("pollLatencyP99Ms"), latency.quantileMs(true, 0.99)},
                        {QStringLiteral("minChartRefreshHz"), minRefreshHz},
                        {QStringLiteral("pass"), pass}};
    QJsonArray perMinute;
    for (const Minute &m : std::as_const(minutes)) {
        QJsonObject minute{{QStringLiteral("latenessP99Ms"), m.p99},
                           {QStringLiteral("latenessMaxMs"), m.max},
                           {QStringLiteral("rssKb"), m.rssKb}};
        if (m.load) // left out where the OS has none (Windows), not written as 0
            minute.insert(QStringLiteral("loadAverage"), *m.load);
        perMinute.append(minute);
    }
    figures.insert(QStringLiteral("minutes"), perMinute);
    const QByteArray json = QJsonDocument(figures).toJson(QJsonDocument::Compact);
    out << json << Qt::endl;
    if (parser.isSet(jsonOption)) {
        QFile f(parser.value(jsonOption));
        if (f.open(QIODevice::WriteOnly))
            f.write(json + '\n');
    }
    return pass ? 0 : 1;
}
