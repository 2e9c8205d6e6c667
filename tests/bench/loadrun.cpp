#include "loadrun.h"
#include "loadgenprocess.h"
#include "naivedesign.h"
#include "stats.h"

#include "document/dashboard.h"
#include "history/historian.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "window/mainwindow.h"

#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QXYSeries>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <thread>

namespace livedash::bench {

QStringList LoadConfig::toArgs() const
{
    QStringList args;
    auto add = [&](const char *name, const QString &value) {
        args << QStringLiteral("--") + QLatin1String(name) << value;
    };
    add("design", design);
    add("ws", QString::number(ws));
    add("http", QString::number(http));
    add("sse", QString::number(sse));
    add("rate", QString::number(rate, 'f', 0));
    add("size", QString::number(size));
    add("charts", QString::number(charts));
    add("series-per-chart", QString::number(seriesPerChart));
    add("history", QString::number(history));
    add("ingest-threads", QString::number(ingestThreads));
    add("warmup", QString::number(warmupS));
    add("duration", QString::number(durationS));
    add("drain", QString::number(drainS));
    add("loadgen", loadgen);
    add("mapper-path", mapperPath);
    if (sharedHttpPort)
        args.append(QStringLiteral("--shared-http-port"));
    if (historian)
        args.append(QStringLiteral("--with-historian"));
    return args;
}

QList<FeedSpec> feedSpecs(int ws, int http, int sse, const QStringList &urls)
{
    QList<FeedSpec> feeds;
    auto add = [&](const char *kind, const char *plugin, int count) {
        for (int i = 0; i < count; ++i) {
            const QString k = QString::fromLatin1(kind);
            feeds.append({k + QString::number(i), k + QLatin1Char('/') + QString::number(i),
                          QString::fromLatin1(plugin), urls.value(feeds.size())});
        }
    };
    add("ws", "websocket", ws);
    add("http", "http", http);
    add("sse", "sse", sse);
    return feeds;
}

QList<QList<int>> spreadFeeds(int feeds, int charts, int perChart)
{
    QList<QList<int>> out(charts);
    if (feeds <= 0)
        return out;
    if (feeds < charts) {
        for (int c = 0; c < charts; ++c)
            out[c].append(c % feeds);
        return out;
    }
    for (int f = 0; f < feeds; ++f)
        if (out[f % charts].size() < perChart)
            out[f % charts].append(f);
    return out;
}

Dashboard buildDashboard(const QList<FeedSpec> &feeds, const QList<QList<int>> &feedsPerChart,
                         int historyLength, int windowSeconds, int pollMs)
{
    Dashboard d;
    d.name = QStringLiteral("livedash-bench");
    d.historyLength = historyLength;
    FieldMapping fields;
    fields.timestamp = QStringLiteral("ts");
    fields.timestampFormat = TimestampFormat::EpochMillis;
    fields.sequence = QStringLiteral("seq");
    fields.channels = {{QStringLiteral("v"), QStringLiteral("v"), ValueKind::Number, {}, false}};
    for (const FeedSpec &f : feeds) {
        FeedConfig fc;
        fc.id = f.id;
        fc.plugin = f.plugin;
        fc.name = f.loadgenName;
        fc.options.insert(QStringLiteral("url"), f.url);
        if (f.plugin == QLatin1String("http"))
            fc.options.insert(QStringLiteral("intervalMs"), pollMs);
        fc.fields = fields;
        d.feeds.append(fc);
    }
    const int charts = int(feedsPerChart.size());
    const int columns = std::max(1, int(std::ceil(std::sqrt(double(charts) * 1.5))));
    for (int i = 0; i < charts; ++i) {
        PanelConfig p;
        p.kind = PanelKind::Chart;
        p.title = QStringLiteral("chart %1").arg(i);
        for (int f : feedsPerChart[i])
            p.channels.append(feeds[f].id + QStringLiteral("/v"));
        p.windowSeconds = windowSeconds;
        p.row = i / columns;
        p.column = i % columns;
        d.panels.append(p);
    }
    return d;
}

namespace {

/// The other panel kinds the frame timer refreshes: of 6 or more panels, the last three become
/// a gauge (of its first feed), a bar and a state timeline (of all its feeds; the sawtooth
/// values, as whole numbers, are a hundred states changing at the message rate).
int mixPanelKinds(Dashboard &d)
{
    const qsizetype n = d.panels.size();
    if (n < 6)
        return 0;
    PanelConfig &gauge = d.panels[n - 3];
    gauge.kind = PanelKind::Gauge;
    gauge.title = QStringLiteral("gauge");
    gauge.channels = gauge.channels.mid(0, 1);
    PanelConfig &bar = d.panels[n - 2];
    bar.kind = PanelKind::Bar;
    bar.title = QStringLiteral("bar");
    PanelConfig &timeline = d.panels[n - 1];
    timeline.kind = PanelKind::StateTimeline;
    timeline.title = QStringLiteral("state timeline");
    timeline.decimals = 0;
    for (PanelConfig *p : {&gauge, &bar}) {
        p->warningAbove = 80;
        p->criticalAbove = 95;
    }
    return 3;
}

/// Counters of one moment, taken from any thread.
struct Counters
{
    qint64 us = 0;
    double cpu = 0;
    QMap<QString, double> threads;
    /// seconds runnable but not running, by thread group (Linux only)
    std::optional<QMap<QString, double>> waits;
    double loadgenCpu = 0;
    std::optional<double> loadgenWait; ///< Linux only
    ScheduleSnapshot schedule;         ///< both processes' threads (Linux only)
    std::optional<qint64> rssKb;
    qint64 backlog = 0; ///< naive: samples posted to the UI and not handled yet
    int live = 0;       ///< feeds in the Live state
    std::vector<quint64> messages, samples, gaps, rejected, stored, shown;
};

/// Finds, per chart paint, the newest sample the chart shows: each series replace() records
/// its channel's newest sample time (the decimation just read up to it).
class ChartHook
{
public:
    ChartHook(ChartPanel *panel, int index, PaintTracker *tracker)
        : m_panel(panel), m_index(index), m_tracker(tracker)
    {
        panel->setPaintObserver([this] { painted(); });
    }
    ~ChartHook()
    {
        m_panel->setPaintObserver({});
        disconnectAll();
    }

    /// Re-attaches to the chart's series when the panel rebuilt them.
    void sync()
    {
        const QList<QAbstractSeries *> current = m_panel->view()->chart()->series();
        if (current == m_series)
            return;
        disconnectAll();
        m_series = current;
        m_newest.assign(size_t(current.size()), 0);
        QList<ChannelPtr> numeric;
        for (const ChannelPtr &c : m_panel->channels())
            if (c->hasNumbers())
                numeric.append(c);
        for (qsizetype i = 0; i < current.size() && i < numeric.size(); ++i) {
            auto *xy = qobject_cast<QXYSeries *>(current[i]);
            if (!xy)
                continue;
            ChannelPtr channel = numeric[i];
            m_connections.append(
                QObject::connect(xy, &QXYSeries::pointsReplaced, xy, [this, i, channel] {
                    if (const auto s = channel->lastNumber())
                        m_newest[size_t(i)] = s->t;
                }));
        }
    }

private:
    void painted()
    {
        sync();
        qint64 newest = 0;
        for (qint64 t : m_newest)
            newest = std::max(newest, t);
        m_tracker->painted(m_index, newest);
    }
    void disconnectAll()
    {
        for (const auto &c : std::as_const(m_connections))
            QObject::disconnect(c);
        m_connections.clear();
    }

    ChartPanel *m_panel;
    int m_index;
    PaintTracker *m_tracker;
    QList<QAbstractSeries *> m_series;
    std::vector<qint64> m_newest;
    QList<QMetaObject::Connection> m_connections;
};

double sumDelta(const std::vector<quint64> &end, const std::vector<quint64> &begin)
{
    double total = 0;
    for (size_t i = 0; i < end.size() && i < begin.size(); ++i)
        total += double(end[i]) - double(begin[i]);
    return total;
}

double round1(double x)
{
    return std::round(x * 10.0) / 10.0;
}

QJsonObject summaryJson(const PaintTracker::Summary &s)
{
    return {{QStringLiteral("latencyMs"), s.latencyMs.toJson()},
            {QStringLiteral("paintHz"), s.paintHz.toJson()},
            {QStringLiteral("freshHz"), s.freshHz.toJson()}};
}

/// Follows what a Historian has committed: the time of each flush that stored something, so the
/// write rate over a window counts whole flushes (a count read at the window's edges would be up
/// to one flush interval off).
class StoredRecorder
{
public:
    explicit StoredRecorder(const history::Historian *historian) : m_historian(historian)
    {
        m_thread = std::thread([this] {
            quint64 last = 0;
            while (!m_stop.load()) {
                const quint64 stored = m_historian->status().stored;
                if (stored != last) {
                    last = stored;
                    std::lock_guard lock(m_mutex);
                    m_points.push_back({monoUsNow(), stored});
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    }
    ~StoredRecorder() { stop(); }
    void stop()
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
    }
    /// Samples/s between the first flush at or after `fromUs` and the last at or before `toUs`
    /// (0 when fewer than two flushes fell in between); `flushes` counts them.
    double ratePerS(qint64 fromUs, qint64 toUs, int *flushes) const
    {
        std::lock_guard lock(m_mutex);
        const Point *first = nullptr;
        const Point *last = nullptr;
        int n = 0;
        for (const Point &p : m_points) {
            if (p.us < fromUs || p.us > toUs)
                continue;
            if (!first)
                first = &p;
            last = &p;
            ++n;
        }
        *flushes = n;
        if (!first || last == first)
            return 0;
        return double(last->stored - first->stored) / (double(last->us - first->us) / 1e6);
    }

private:
    struct Point
    {
        qint64 us;
        quint64 stored;
    };
    const history::Historian *m_historian;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<Point> m_points;
    std::thread m_thread;
};

} // namespace

QJsonObject runLoad(const PluginRegistry &registry, const LoadConfig &config)
{
    const bool naive = config.design == QLatin1String("naive");
    QJsonObject result{{QStringLiteral("design"), config.design},
                       {QStringLiteral("feeds"), QJsonObject{{QStringLiteral("ws"), config.ws},
                                                             {QStringLiteral("http"), config.http},
                                                             {QStringLiteral("sse"), config.sse}}},
                       {QStringLiteral("rateRequested"), config.rate},
                       {QStringLiteral("messageBytes"), config.size},
                       {QStringLiteral("charts"), config.charts},
                       {QStringLiteral("seriesPerChart"), config.seriesPerChart},
                       {QStringLiteral("historyLength"), config.history},
                       {QStringLiteral("ingestThreads"), config.ingestThreads},
                       {QStringLiteral("warmupS"), config.warmupS},
                       {QStringLiteral("durationS"), config.durationS},
                       {QStringLiteral("sharedHttpPort"), config.sharedHttpPort},
                       {QStringLiteral("loadAverageBefore"), loadAverage()}};
    QStringList problems;
    auto finish = [&](const QString &status) {
        result.insert(QStringLiteral("status"), status);
        result.insert(QStringLiteral("problems"), QJsonArray::fromStringList(problems));
        result.insert(QStringLiteral("loadAverageAfter"), loadAverage());
        return result;
    };

    LoadgenProcess loadgen;
    LoadgenProcess::Options lo;
    lo.ws = config.ws;
    lo.http = config.http;
    lo.sse = config.sse;
    lo.rate = config.rate;
    lo.size = config.size;
    lo.httpPorts = config.sharedHttpPort ? 1 : 0;
    lo.waitClients = 10 + config.feeds() / 50.0;
    lo.linger = config.drainS + 30;
    QString error;
    if (!loadgen.start(config.loadgen, lo, &error))
        return finish(QStringLiteral("error: ") + error);

    const QList<FeedSpec> feeds = feedSpecs(config.ws, config.http, config.sse, loadgen.urls());
    const int n = int(feeds.size());
    const QList<QList<int>> perChart = spreadFeeds(n, config.charts, config.seriesPerChart);
    Dashboard dashboard = buildDashboard(feeds, perChart, config.history);
    for (FeedConfig &f : dashboard.feeds)
        if (config.mapperPath == QLatin1String("tree"))
            f.options.insert(QStringLiteral("mapperPath"), config.mapperPath);
    result.insert(QStringLiteral("mapperPath"), config.mapperPath);
    // The naive design draws charts only; Livedash's dashboard has every panel kind.
    const int otherPanels = naive ? 0 : mixPanelKinds(dashboard);
    result.insert(QStringLiteral("otherPanels"), otherPanels);
    QHash<QString, int> feedIndex;
    for (int i = 0; i < n; ++i)
        feedIndex.insert(feeds[i].id, i);

    PaintTracker tracker(int(perChart.size()) - otherPanels);
    LatenessProbe probe;
    IngestEngine engine(&registry, config.ingestThreads);
    // The historian, when asked for, as the app attaches it: over the engine's channels, open
    // before the dashboard is applied, so it writes every sample they receive.
    QTemporaryDir historyDir;
    std::unique_ptr<history::Historian> historian;
    std::unique_ptr<StoredRecorder> storedRecorder;
    if (config.historian) {
        historian = std::make_unique<history::Historian>(&engine.store());
        if (!historyDir.isValid())
            return finish(QStringLiteral("error: no temporary folder for the history file"));
        if (!historian->open(historyDir.filePath(QStringLiteral("load.sqlite")), &error))
            return finish(QStringLiteral("error: historian: ") + error);
        storedRecorder = std::make_unique<StoredRecorder>(historian.get());
    }
    std::vector<ChannelPtr> channels(static_cast<size_t>(n));
    std::unique_ptr<NaiveWindow> naiveWindow;
    std::unique_ptr<NaiveSink> sink;
    std::unique_ptr<MainWindow> window;
    std::vector<std::unique_ptr<ChartHook>> hooks;
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
    if (naive) {
        naiveWindow = std::make_unique<NaiveWindow>(perChart, n, startMs);
        naiveWindow->setWindowTitle(QStringLiteral("livedash-bench: naive design"));
        sink = std::make_unique<NaiveSink>(naiveWindow.get(), feedIndex);
        engine.setSampleSink(sink.get());
        naiveWindow->setPaintObserver(
            [&tracker](int chart, qint64 newest) { tracker.painted(chart, newest); });
        naiveWindow->resize(config.width, config.height);
        naiveWindow->show();
        engine.apply(dashboard);
    } else {
        window = std::make_unique<MainWindow>(&registry, &engine);
        window->resize(config.width, config.height);
        window->setDashboard(dashboard, QString());
        window->show();
        int index = 0;
        for (Panel *p : window->dashboardView()->panels())
            if (auto *chart = qobject_cast<ChartPanel *>(p))
                hooks.push_back(std::make_unique<ChartHook>(chart, index++, &tracker));
    }
    probe.start();

    auto channel = [&](int i) -> ChannelPtr {
        // Channels appear with their first sample; once found they are kept.
        if (!channels[size_t(i)])
            channels[size_t(i)] = engine.store().find(feeds[i].id + QStringLiteral("/v"));
        return channels[size_t(i)];
    };
    // Thread-safe: the store, the status board and the naive counters are.
    auto take = [&]() {
        Counters c;
        c.us = monoUsNow();
        c.cpu = selfCpuSeconds();
        c.threads = threadCpuSeconds();
        c.waits = threadWaitSeconds();
        c.loadgenCpu = loadgen.cpuSeconds();
        c.loadgenWait = processWaitSeconds(loadgen.pid());
        c.schedule = takeScheduleSnapshot(loadgen.pid());
        c.rssKb = rssKb();
        c.backlog = naiveWindow ? naiveWindow->backlog() : 0;
        for (auto *v : {&c.messages, &c.samples, &c.gaps, &c.rejected, &c.stored, &c.shown})
            v->assign(size_t(n), 0);
        for (const FeedStatus &s : engine.board().snapshot()) {
            const int i = feedIndex.value(s.id, -1);
            if (i < 0)
                continue;
            c.messages[size_t(i)] = s.messages;
            c.samples[size_t(i)] = s.samples;
            c.gaps[size_t(i)] = s.gaps;
            c.rejected[size_t(i)] = s.rejected;
            c.live += s.state == FeedState::Live ? 1 : 0;
        }
        for (int i = 0; i < n; ++i) {
            const ChannelPtr ch = engine.store().find(feeds[i].id + QStringLiteral("/v"));
            c.stored[size_t(i)] = ch ? ch->totalNumbers() : 0;
            c.shown[size_t(i)] = naiveWindow ? naiveWindow->shown(i) : c.stored[size_t(i)];
        }
        return c;
    };

    // The window is timed on its own thread: a drowning UI thread (the naive design) cannot
    // stretch it, nor keep it from starting. The loadgen starts sending once every WebSocket
    // and SSE feed has connected; the first message stored starts the warm-up. At the end of
    // the window the loadgen stops and the naive design drops what is still queued for its UI.
    using namespace std::chrono;
    const auto connectDeadline =
        steady_clock::now() + milliseconds(qint64(lo.waitClients * 1000) + 10000);
    Counters begin, end;
    std::atomic<bool> windowDone{false};
    std::atomic<bool> started{false};
    std::thread clock([&] {
        auto anyMessage = [&] {
            for (const FeedStatus &s : engine.board().snapshot())
                if (s.messages > 0)
                    return true;
            return false;
        };
        while (!anyMessage()) {
            if (steady_clock::now() > connectDeadline) {
                windowDone.store(true);
                return;
            }
            std::this_thread::sleep_for(milliseconds(5));
        }
        started.store(true);
        const auto windowStart = steady_clock::now() + milliseconds(qint64(config.warmupS * 1000));
        std::this_thread::sleep_until(windowStart);
        begin = take();
        std::this_thread::sleep_until(windowStart + milliseconds(qint64(config.durationS * 1000)));
        end = take();
        loadgen.requestStop();
        if (naiveWindow)
            naiveWindow->discard();
        windowDone.store(true);
    });
    waitUntil([&] { return windowDone.load(); },
              int((lo.waitClients + 10 + config.warmupS + config.durationS) * 1000) + 600000, 20);
    clock.join();
    if (!started.load()) {
        problems.append(QStringLiteral("no message arrived: the feeds did not connect"));
        engine.shutdown();
        if (naiveWindow)
            naiveWindow->discard();
        return finish(QStringLiteral("error: feeds did not connect"));
    }
    if (const auto hello = loadgen.waitStarted(5000)) {
        const QJsonArray missing = hello->value(QStringLiteral("missing")).toArray();
        result.insert(QStringLiteral("connectMs"), hello->value(QStringLiteral("waitedMs")));
        if (!missing.isEmpty())
            problems.append(QStringLiteral("%1 WebSocket/SSE feeds had not connected when "
                                           "sending started (first: %2)")
                                .arg(missing.size())
                                .arg(missing.first().toString()));
    }

    const auto report = loadgen.waitReport(30000);
    if (!report) {
        problems.append(QStringLiteral("the loadgen did not report what it sent"));
        engine.shutdown();
        return finish(QStringLiteral("error: no loadgen report"));
    }
    const QJsonObject sentPerFeed = report->value(QStringLiteral("perFeed")).toObject();
    std::vector<quint64> sent(size_t(n), 0);
    for (int i = 0; i < n; ++i)
        sent[size_t(i)] = quint64(sentPerFeed.value(feeds[i].loadgenName).toInteger());

    // Drain: everything sent should reach the store (HTTP pollers collect the rest).
    QElapsedTimer drain;
    drain.start();
    const bool drained = waitUntil(
        [&] {
            for (int i = 0; i < n; ++i) {
                const ChannelPtr ch = channel(i);
                if ((ch ? ch->totalNumbers() : 0) < sent[size_t(i)])
                    return false;
            }
            return true;
        },
        int(config.drainS * 1000), 20);
    const qint64 drainMs = drain.elapsed();
    const Counters after = take();
    if (window) {
        // How the dashboard paced itself: its frame interval at the end, frames it skipped
        // because the last one's charts were still being refreshed, and its per-iteration cap.
        const DashboardView *view = window->dashboardView();
        result.insert(QStringLiteral("frameIntervalMs"), view->frameInterval());
        result.insert(QStringLiteral("skippedFrames"), double(view->skippedFrames()));
        result.insert(QStringLiteral("chartsPerIterationMax"), view->maxChartsInOneIteration());
    }
    engine.shutdown();
    if (historian) {
        // Everything the channels hold is written and sealed at close; then the file is whole.
        storedRecorder->stop();
        quint64 received = 0;
        for (int i = 0; i < n; ++i) {
            const ChannelPtr ch = channel(i);
            received += ch ? ch->totalNumbers() : 0;
        }
        QElapsedTimer closing;
        closing.start();
        const QString file = historian->path();
        historian->close();
        const qint64 closeMs = closing.elapsed();
        const history::Historian::Status status = historian->status();
        const qint64 bytes =
            QFileInfo(file).size() + QFileInfo(file + QStringLiteral("-wal")).size();
        int flushes = 0;
        const double perS = storedRecorder->ratePerS(begin.us, end.us, &flushes);
        QJsonObject h{{QStringLiteral("storedPerS"), std::round(perS)},
                      {QStringLiteral("flushesInWindow"), flushes},
                      {QStringLiteral("stored"), double(status.stored)},
                      {QStringLiteral("received"), double(received)},
                      {QStringLiteral("notStored"),
                       double(received > status.stored ? received - status.stored : 0)},
                      {QStringLiteral("lost"), double(status.lost)},
                      {QStringLiteral("fileBytes"), double(bytes)},
                      {QStringLiteral("bytesPerSample"),
                       status.stored > 0 ? double(bytes) / double(status.stored) : 0.0},
                      {QStringLiteral("closeMs"), double(closeMs)},
                      {QStringLiteral("damage"), double(status.damage.size())}};
        if (!status.message.isEmpty())
            h.insert(QStringLiteral("message"), status.message);
        result.insert(QStringLiteral("historian"), h);
        if (status.lost > 0 || received > status.stored)
            problems.append(QStringLiteral("the historian stored %1 of %2 samples received (%3 "
                                           "lost)")
                                .arg(status.stored)
                                .arg(received)
                                .arg(status.lost));
        historian.reset();
    }
    hooks.clear();
    window.reset();
    naiveWindow.reset();
    loadgen.finish();
    probe.stop();

    // Lost: per feed, what was sent and never stored, or the sequence gaps if more (a message
    // lost mid-stream shows as both; counting it once).
    quint64 totalSent = 0, undelivered = 0, gaps = 0, lost = 0, duplicates = 0, backlog = 0;
    quint64 rejected = 0;
    QJsonObject lostPerFeed;
    for (int i = 0; i < n; ++i) {
        const quint64 s = sent[size_t(i)];
        const quint64 stored = after.stored[size_t(i)];
        const quint64 missingHere = s > stored ? s - stored : 0;
        const quint64 lostHere = std::max(missingHere, after.gaps[size_t(i)]);
        totalSent += s;
        undelivered += missingHere;
        duplicates += stored > s ? stored - s : 0;
        gaps += after.gaps[size_t(i)];
        rejected += after.rejected[size_t(i)];
        lost += lostHere;
        backlog += s > end.stored[size_t(i)] ? s - end.stored[size_t(i)] : 0;
        if (lostHere > 0 && lostPerFeed.size() < 20)
            lostPerFeed.insert(feeds[i].id, qint64(lostHere));
    }

    const double seconds = double(end.us - begin.us) / 1e6;
    const double loadgenSeconds = report->value(QStringLiteral("seconds")).toDouble();
    result.insert(QStringLiteral("windowS"), std::round(seconds * 100) / 100);
    result.insert(QStringLiteral("sent"), qint64(totalSent));
    result.insert(QStringLiteral("offeredPerS"),
                  loadgenSeconds > 0 ? std::round(double(totalSent) / loadgenSeconds) : 0.0);
    result.insert(QStringLiteral("messagesPerS"),
                  std::round(sumDelta(end.samples, begin.samples) / seconds));
    result.insert(QStringLiteral("transportMessagesPerS"),
                  std::round(sumDelta(end.messages, begin.messages) / seconds));
    result.insert(QStringLiteral("shownPerS"),
                  std::round(sumDelta(end.shown, begin.shown) / seconds));
    result.insert(QStringLiteral("lost"), qint64(lost));
    result.insert(QStringLiteral("undelivered"), qint64(undelivered));
    result.insert(QStringLiteral("sequenceGaps"), qint64(gaps));
    result.insert(QStringLiteral("duplicates"), qint64(duplicates));
    result.insert(QStringLiteral("rejected"), qint64(rejected));
    if (!lostPerFeed.isEmpty())
        result.insert(QStringLiteral("lostPerFeed"), lostPerFeed);
    result.insert(QStringLiteral("backlogAtStop"), qint64(backlog));
    result.insert(QStringLiteral("drainMs"), drainMs);
    result.insert(QStringLiteral("drained"), drained);
    if (naive)
        result.insert(QStringLiteral("uiBacklogAtStop"), end.backlog);
    result.insert(QStringLiteral("feedsLive"), begin.live);
    result.insert(QStringLiteral("latenessMs"), probe.within(begin.us, end.us).toJson());
    const PaintTracker::Summary paints = tracker.within(begin.us, end.us);
    result.insert(QStringLiteral("messageToPixelMs"), paints.latencyMs.toJson());
    result.insert(QStringLiteral("paints"), summaryJson(paints));
    insertRounded(result, QStringLiteral("rssMB"), scaled(end.rssKb, 1024.0));
    insertRounded(result, QStringLiteral("peakRssMB"), scaled(peakRssKb(), 1024.0));
    result.insert(QStringLiteral("cpuPercent"), round1((end.cpu - begin.cpu) / seconds * 100));
    const double shown = sumDelta(end.shown, begin.shown);
    if (shown > 0)
        result.insert(QStringLiteral("cpuMicrosPerMessageShown"),
                      round1((end.cpu - begin.cpu) * 1e6 / shown));
    QJsonObject threads;
    for (auto it = end.threads.cbegin(); it != end.threads.cend(); ++it)
        threads.insert(it.key(),
                       round1((it.value() - begin.threads.value(it.key())) / seconds * 100));
    result.insert(QStringLiteral("cpuPercentByThread"), threads);
    // Time spent ready to run but waiting for a CPU: a busy machine, not this design.
    // Measured on Linux only: elsewhere the figures are left out (the tables show "–").
    if (end.waits && begin.waits) {
        QJsonObject waits;
        for (auto it = end.waits->cbegin(); it != end.waits->cend(); ++it)
            waits.insert(it.key(),
                         round1((it.value() - begin.waits->value(it.key())) / seconds * 100));
        result.insert(QStringLiteral("cpuWaitPercentByThread"), waits);
    }
    if (end.loadgenWait && begin.loadgenWait)
        result.insert(QStringLiteral("loadgenCpuWaitPercent"),
                      round1((*end.loadgenWait - *begin.loadgenWait) / seconds * 100));
    if (const QStringList unmeasured = unmeasuredFigures(); !unmeasured.isEmpty())
        result.insert(QStringLiteral("notMeasured"), QJsonArray::fromStringList(unmeasured));
    result.insert(QStringLiteral("loadgenCpuPercent"),
                  round1((end.loadgenCpu - begin.loadgenCpu) / seconds * 100));
    // The loadgen's own CPU per message it sent, over all of its sending (warm-up included).
    if (const QJsonValue v = report->value(QStringLiteral("cpuMicrosPerMessage")); v.isDouble())
        result.insert(QStringLiteral("loadgenCpuMicrosPerMessage"),
                      std::round(v.toDouble() * 100) / 100);
    // Who held the rate back: whose threads always had work and waited for a CPU.
    result.insert(QStringLiteral("bottleneck"),
                  bottleneckJson(begin.schedule, end.schedule, seconds, config.design));
    if (begin.live < n)
        problems.append(QStringLiteral("%1 of %2 feeds were live when the window opened")
                            .arg(begin.live)
                            .arg(n));
    if (!drained)
        problems.append(QStringLiteral("not everything sent was stored %1 s after the loadgen "
                                       "stopped")
                            .arg(config.drainS));
    return finish(QStringLiteral("ok"));
}

} // namespace livedash::bench
