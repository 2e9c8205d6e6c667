#include "extras.h"
#include "loadgenprocess.h"
#include "loadrun.h"
#include "stats.h"

#include "demohost.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStyleFactory>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>

namespace livedash::bench {

namespace {

double round1(double x)
{
    return std::round(x * 10.0) / 10.0;
}

int liveFeeds(IngestEngine &engine)
{
    int live = 0;
    for (const FeedStatus &s : engine.board().snapshot())
        live += s.state == FeedState::Live ? 1 : 0;
    return live;
}

/// Runs the event loop flat out until `done()` (frame timing needs better than a poll timer).
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents);
    }
    return true;
}

double msSince(const QElapsedTimer &timer, qint64 startNs)
{
    return double(timer.nsecsElapsed() - startNs) / 1e6;
}

} // namespace

QJsonObject runHistory(const PluginRegistry &registry, const HistoryConfig &c)
{
    QJsonObject result{{QStringLiteral("pointsPerSeries"), double(c.points)},
                       {QStringLiteral("series"), c.series},
                       {QStringLiteral("feeds"), c.ws + c.http + c.sse},
                       {QStringLiteral("spacingMs"), c.spacingMs}};
    LoadgenProcess loadgen;
    LoadgenProcess::Options lo;
    lo.ws = c.ws;
    lo.http = c.http;
    lo.sse = c.sse;
    lo.rate = 0;
    lo.waitClients = 20;
    lo.linger = 5;
    QString error;
    if (!loadgen.start(c.loadgen, lo, &error)) {
        result.insert(QStringLiteral("status"), QString(QStringLiteral("error: ") + error));
        return result;
    }
    const QList<FeedSpec> feeds = feedSpecs(c.ws, c.http, c.sse, loadgen.urls());
    const int n = std::max(1, int(feeds.size()));
    QList<QList<int>> perChart;
    for (int k = 0; k < c.series; ++k)
        perChart.append(QList<int>{k % n});
    // The dashboard's charts follow the live edge over 60 s, as configured by default.
    const Dashboard dashboard = buildDashboard(feeds, perChart, int(c.points), 60, 1000);

    IngestEngine engine(&registry, c.ingestThreads);
    MainWindow window(&registry, &engine);
    window.resize(c.width, c.height);
    window.setDashboard(dashboard, QString()); // sets the store's history length
    window.show();
    loadgen.waitStarted(30000);
    waitUntil([&] { return liveFeeds(engine) == int(feeds.size()); }, 30000);
    result.insert(QStringLiteral("feedsLive"), liveFeeds(engine));
    waitFor(500);
    const std::optional<qint64> rssBase = rssKb();
    const std::optional<qint64> heapBase = heapBytes();

    // Preload: a slow wave with noise, one point every spacingMs, ending now.
    QElapsedTimer preload;
    preload.start();
    const double spanMs = double(c.points - 1) * c.spacingMs;
    const qint64 last = QDateTime::currentMSecsSinceEpoch();
    const qint64 first = last - qint64(spanMs);
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0.0, 3.0);
    QList<ChannelPtr> channels;
    for (int k = 0; k < c.series; ++k) {
        const ChannelPtr channel =
            engine.store().channel(feeds.value(k % n).id + QStringLiteral("/v"));
        channels.append(channel);
        for (qint64 i = 0; i < c.points; ++i) {
            const double phase = double(i) * 2 * std::numbers::pi / 100000.0 + k;
            channel->appendNumber(first + qint64(double(i) * c.spacingMs),
                                  50 + 30 * std::sin(phase) + noise(rng));
        }
    }
    result.insert(QStringLiteral("preloadS"), std::round(double(preload.elapsed()) / 10.0) / 100);
    waitFor(1500); // the charts pick the history up on their own frame timer
    // Each left out where this OS cannot measure it (the tables show "–").
    insertRounded(result, QStringLiteral("rssMB"), scaled(rssKb(), 1024.0));
    insertRounded(result, QStringLiteral("rssWithoutHistoryMB"), scaled(rssBase, 1024.0));
    insertRounded(result, QStringLiteral("heapMB"), scaled(heapBytes(), 1048576.0));
    insertRounded(result, QStringLiteral("heapWithoutHistoryMB"), scaled(heapBase, 1048576.0));
    insertRounded(result, QStringLiteral("peakRssMB"), scaled(peakRssKb(), 1024.0));
    if (const QStringList unmeasured = unmeasuredFigures(); !unmeasured.isEmpty())
        result.insert(QStringLiteral("notMeasured"), QJsonArray::fromStringList(unmeasured));

    QList<ChartPanel *> charts;
    for (Panel *p : window.dashboardView()->panels())
        if (auto *chart = qobject_cast<ChartPanel *>(p))
            charts.append(chart);
    QElapsedTimer clock;
    clock.start();
    // New live data for every channel: what arrived since the last frame at 1k msg/s.
    qint64 liveT = last;
    auto appendLive = [&](int count) {
        for (int i = 0; i < count; ++i) {
            liveT = std::max(liveT + 1, QDateTime::currentMSecsSinceEpoch());
            for (const ChannelPtr &ch : std::as_const(channels))
                ch->appendNumber(liveT, 50 + noise(rng));
        }
    };

    // One chart (the size of a dashboard cell, outside the frame timer's reach): the operator
    // zooms out to the whole history, pans back, zooms in, and returns to live.
    const QSize cell = charts.isEmpty() ? QSize(340, 220) : charts.first()->size();
    result.insert(QStringLiteral("chartWidth"), cell.width());
    result.insert(QStringLiteral("chartHeight"), cell.height());
    QWidget holder;
    auto *layout = new QVBoxLayout(&holder);
    layout->setContentsMargins(0, 0, 0, 0);
    PanelConfig config = dashboard.panels.value(0);
    auto *chart = new ChartPanel(config, &engine.store(), &holder);
    layout->addWidget(chart);
    holder.resize(cell);
    holder.show();
    bool painted = false;
    chart->setPaintObserver([&painted] { painted = true; });
    struct Step
    {
        QString op;
        std::vector<double> refreshMs, frameMs;
        double pointsMin = 1e18, pointsMax = 0;
        qint64 handed = 0;
    };
    QList<Step> steps;
    auto frame = [&](const QString &op, const std::function<void()> &action) {
        if (steps.isEmpty() || steps.last().op != op)
            steps.append({op, {}, {}, 1e18, 0, 0});
        Step &step = steps.last();
        action();
        painted = false;
        const qint64 t0 = clock.nsecsElapsed();
        chart->refresh(QDateTime::currentMSecsSinceEpoch());
        step.refreshMs.push_back(msSince(clock, t0));
        spinUntil([&] { return painted; }, 10000);
        step.frameMs.push_back(msSince(clock, t0));
        const double end = double(std::min<qint64>(chart->viewEnd(), liveT));
        const double from = std::max(double(first), double(chart->viewEnd() - chart->spanMs()));
        const double inView = std::max(0.0, (end - from) / c.spacingMs);
        step.pointsMin = std::min(step.pointsMin, inView);
        step.pointsMax = std::max(step.pointsMax, inView);
        step.handed = std::max<qint64>(step.handed, chart->pointCount());
    };
    const double toWhole = spanMs / (double(config.windowSeconds) * 1000.0);
    frame(QStringLiteral("first frame, live 60 s window"), [] {});
    for (int i = 0; i < 10; ++i)
        frame(QStringLiteral("live 60 s window, new data"), [&] { appendLive(30); });
    frame(QStringLiteral("zoom out to the whole history (first frame)"),
          [&] { chart->zoom(toWhole * 1.01, 1.0); });
    for (int i = 0; i < 10; ++i)
        frame(QStringLiteral("whole history, live, new data"), [&] { appendLive(30); });
    for (int i = 0; i < 10; ++i)
        frame(QStringLiteral("pan back over the whole history"),
              [&] { chart->pan(qint64(spanMs / 40)); });
    for (int i = 0; i < 10; ++i)
        frame(QStringLiteral("zoom in x2 per frame (panned)"), [&] { chart->zoom(0.5, 0.5); });
    for (int i = 0; i < 10; ++i)
        frame(QStringLiteral("pan at that zoom"), [&] { chart->pan(chart->spanMs() / 4); });
    frame(QStringLiteral("back to live"), [&] { chart->goLive(); });
    chart->setPaintObserver({});
    QJsonArray operations;
    for (const Step &s : std::as_const(steps))
        operations.append(
            QJsonObject{{QStringLiteral("operation"), s.op},
                        {QStringLiteral("frames"), qint64(s.frameMs.size())},
                        {QStringLiteral("pointsInViewMin"), std::round(s.pointsMin)},
                        {QStringLiteral("pointsInViewMax"), std::round(s.pointsMax)},
                        {QStringLiteral("pointsHandedToQtCharts"), s.handed},
                        {QStringLiteral("refreshMs"), Distribution::of(s.refreshMs).toJson()},
                        {QStringLiteral("frameMs"), Distribution::of(s.frameMs).toJson()}});
    result.insert(QStringLiteral("operations"), operations);

    // The whole dashboard: all 12 charts of the main window zoomed out to the whole history
    // at once, then following the live edge there.
    std::vector<bool> done(size_t(charts.size()), false);
    for (qsizetype i = 0; i < charts.size(); ++i)
        charts[i]->setPaintObserver([&done, i] { done[size_t(i)] = true; });
    auto dashboardFrame = [&] {
        std::fill(done.begin(), done.end(), false);
        const qint64 t0 = clock.nsecsElapsed();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (ChartPanel *p : std::as_const(charts))
            p->refresh(now);
        spinUntil([&] { return std::all_of(done.begin(), done.end(), [](bool b) { return b; }); },
                  10000);
        return msSince(clock, t0);
    };
    for (ChartPanel *p : std::as_const(charts))
        p->zoom(toWhole * 1.01, 1.0);
    result.insert(QStringLiteral("dashboardZoomOutMs"), std::round(dashboardFrame() * 10) / 10);
    std::vector<double> liveFrames;
    for (int i = 0; i < 10; ++i) {
        appendLive(30);
        liveFrames.push_back(dashboardFrame());
    }
    result.insert(QStringLiteral("dashboardLiveWholeHistoryMs"),
                  Distribution::of(liveFrames).toJson());
    for (ChartPanel *p : std::as_const(charts)) {
        p->setPaintObserver({});
        p->goLive();
    }
    result.insert(QStringLiteral("loadAverage"), loadAverage());
    engine.shutdown();
    loadgen.finish();
    result.insert(QStringLiteral("status"), QStringLiteral("ok"));
    return result;
}

QJsonObject runIdleFeeds(const PluginRegistry &registry, const QString &kind, int count,
                         const QString &program)
{
    QJsonObject result{{QStringLiteral("kind"), kind}, {QStringLiteral("feeds"), count}};
    LoadgenProcess loadgen;
    LoadgenProcess::Options lo;
    lo.ws = kind == QLatin1String("ws") ? count + 1 : 0;
    lo.http = kind == QLatin1String("http") ? count + 1 : 0;
    lo.sse = kind == QLatin1String("sse") ? count + 1 : 0;
    lo.rate = 0;
    lo.linger = 2;
    QString error;
    if (!loadgen.start(program, lo, &error)) {
        result.insert(QStringLiteral("status"), QString(QStringLiteral("error: ") + error));
        return result;
    }
    const QList<FeedSpec> feeds = feedSpecs(lo.ws, lo.http, lo.sse, loadgen.urls());
    IngestEngine engine(&registry, 1);
    // One feed first, so that what every feed kind sets up once is in the baseline.
    engine.apply(buildDashboard(feeds.mid(0, 1), {}, 1000, 60, 1000));
    waitUntil([&] { return liveFeeds(engine) == 1; }, 10000);
    waitFor(500);
    const std::optional<qint64> heap0 = heapBytes();
    const std::optional<qint64> rss0 = rssKb();
    engine.apply(buildDashboard(feeds, {}, 1000, 60, 1000));
    waitUntil([&] { return liveFeeds(engine) == int(feeds.size()); }, 30000 + count * 20);
    waitFor(1000);
    const std::optional<qint64> heap1 = heapBytes();
    const std::optional<qint64> rss1 = rssKb();
    const int live = liveFeeds(engine) - 1;
    engine.shutdown();
    loadgen.finish();
    result.insert(QStringLiteral("live"), live);
    // Each left out where this OS cannot measure it (the tables show "–").
    if (heap0 && heap1)
        result.insert(QStringLiteral("heapPerFeedKB"),
                      round1(double(*heap1 - *heap0) / count / 1024.0));
    if (rss0 && rss1)
        result.insert(QStringLiteral("rssPerFeedKB"), round1(double(*rss1 - *rss0) / count));
    insertRounded(result, QStringLiteral("heapBeforeMB"), scaled(heap0, 1048576.0));
    insertRounded(result, QStringLiteral("heapAfterMB"), scaled(heap1, 1048576.0));
    insertRounded(result, QStringLiteral("rssBeforeMB"), scaled(rss0, 1024.0));
    insertRounded(result, QStringLiteral("rssAfterMB"), scaled(rss1, 1024.0));
    result.insert(QStringLiteral("status"),
                  live == count
                      ? QStringLiteral("ok")
                      : QStringLiteral("only %1 of %2 feeds went live").arg(live).arg(count));
    return result;
}

int runStartupChild(const PluginRegistry &registry, double mainEpochMs)
{
    // What app/main.cpp does for `livedash --demo`, minus the palette and style sheet.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QFile file(QStringLiteral(":/livedash/demo-dashboard.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "livedash-bench: the demo dashboard resource is missing\n");
        return 1;
    }
    QStringList errors;
    const auto dashboard = Dashboard::fromJson(file.readAll(), &errors);
    if (!dashboard) {
        std::fprintf(stderr, "livedash-bench: %s\n", qPrintable(errors.join(QLatin1Char(';'))));
        return 1;
    }
    DemoHost demo;
    IngestEngine engine(&registry, std::max(1, QThread::idealThreadCount() / 2));
    double shownMs = 0, firstPaintMs = 0;
    {
        MainWindow window(&registry, &engine);
        window.setDashboardPreparer([&demo, &engine](const Dashboard &d) {
            QString why;
            if (DemoHost::needed(d) && !demo.ensureStarted(engine.variables(), &why))
                std::fprintf(stderr, "livedash-bench: demo sources: %s\n", qPrintable(why));
        });
        window.setDashboard(*dashboard, QString());
        QList<ChartPanel *> charts;
        for (Panel *p : window.dashboardView()->panels())
            if (auto *chart = qobject_cast<ChartPanel *>(p))
                charts.append(chart);
        for (ChartPanel *chart : std::as_const(charts)) {
            chart->setPaintObserver([chart, &firstPaintMs] {
                if (firstPaintMs == 0 && chart->pointCount() > 0) {
                    firstPaintMs = epochMsNow();
                    QTimer::singleShot(0, qApp, &QCoreApplication::quit);
                }
            });
        }
        window.show();
        shownMs = epochMsNow();
        QTimer::singleShot(15000, qApp, &QCoreApplication::quit);
        QApplication::exec();
        for (ChartPanel *chart : std::as_const(charts))
            chart->setPaintObserver({});
        engine.shutdown();
    }
    demo.stop();
    const QJsonObject out{{QStringLiteral("mainEpochMs"), mainEpochMs},
                          {QStringLiteral("shownEpochMs"), shownMs},
                          {QStringLiteral("firstPaintEpochMs"), firstPaintMs}};
    std::printf("BENCH_STARTUP %s\n",
                QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return firstPaintMs > 0 ? 0 : 1;
}

} // namespace livedash::bench
