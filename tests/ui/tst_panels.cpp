// Panels fed straight from a ChannelStore: what each shows, and what it costs Qt Charts.
#include "history/historian.h"
#include "history/historystore.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "panels/eventlogpanel.h"
#include "panels/scoreboardpanel.h"
#include "panels/tilepanel.h"
#include "widgets/palette.h"
#include "widgets/wallscreenlook.h"
#include "window/feedstatusview.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStyleOptionButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QValueAxis>

using namespace livedash;

class TestPanels : public QObject
{
    Q_OBJECT

private:
    /// Saves a picture of `w` when LIVEDASH_SCREENSHOT_DIR is set (for reviews by eye).
    static void screenshot(QWidget &w, const QString &name)
    {
        const QString dir = qEnvironmentVariable("LIVEDASH_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(50); // let pending layout and paint requests run
        w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    static PanelConfig panel(PanelKind kind, QStringList channels)
    {
        PanelConfig p;
        p.kind = kind;
        p.title = QStringLiteral("test");
        p.channels = std::move(channels);
        return p;
    }

    /// The y axis' labels as drawn (the text items left of the plot), bottom to top.
    static QStringList yLabels(ChartPanel &chart)
    {
        QChart *c = chart.view()->chart();
        const QRectF plot = c->mapRectToScene(c->plotArea());
        QList<std::pair<double, QString>> found;
        for (QGraphicsItem *item : chart.view()->scene()->items()) {
            auto *text = dynamic_cast<QGraphicsTextItem *>(item);
            if (text && text->isVisible() && !text->toPlainText().isEmpty() &&
                text->sceneBoundingRect().right() <= plot.left())
                found.append({-text->sceneBoundingRect().center().y(), text->toPlainText()});
        }
        std::sort(found.begin(), found.end());
        QStringList out;
        for (const auto &[y, label] : std::as_const(found))
            out.append(label);
        return out;
    }

    /// The value each series shows in `r` (name: value, "none" before its first sample).
    static QString readoutValues(const std::optional<ChartPanel::Readout> &r)
    {
        if (!r)
            return QStringLiteral("no readout");
        QStringList out;
        for (const auto &[name, value] : r->values)
            out.append(name + QStringLiteral(": ") +
                       (value ? QString::number(*value) : QStringLiteral("none")));
        return out.join(QStringLiteral(", "));
    }

private Q_SLOTS:
    void panelResolvesOverlappingPatternsOnce()
    {
        // Thousands of channels under one `feed/**` pattern that overlaps the others: each
        // channel once, where first matched, and re-resolved only when the matched set changes.
        ChannelStore store;
        store.setChannelLimits({{QStringLiteral("f"), 5000}});
        for (int i = 0; i < 3000; ++i)
            store.channel(QStringLiteral("f/c%1").arg(i));
        store.channel(QStringLiteral("g/b"));
        store.channel(QStringLiteral("g/a"));
        TilePanel tile(panel(PanelKind::Tile, {QStringLiteral("g/*"), QStringLiteral("f/**"),
                                               QStringLiteral("f/c7"), QStringLiteral("g/a")}),
                       &store);
        QVERIFY(tile.channelsChanged());
        QList<ChannelPtr> channels = tile.channels();
        QCOMPARE(channels.size(), 3002);
        QCOMPARE(channels[0]->name(), QStringLiteral("g/a"));
        QCOMPARE(channels[1]->name(), QStringLiteral("g/b"));
        QCOMPARE(channels[2]->name(), QStringLiteral("f/c0"));
        QSet<QString> names;
        for (const ChannelPtr &c : channels)
            names.insert(c->name());
        QCOMPARE(names.size(), 3002);
        QVERIFY(!tile.channelsChanged());

        store.channel(QStringLiteral("h/x")); // a new channel the panel does not show
        QVERIFY(!tile.channelsChanged());
        store.channel(QStringLiteral("f/new"));
        QVERIFY(tile.channelsChanged());
        QCOMPARE(tile.channels().size(), 3003);
    }

    void chartNeverGetsMoreThanTwoPointsPerColumn()
    {
        ChannelStore store(1000000);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto a = store.channel(QStringLiteral("f/a"));
        auto b = store.channel(QStringLiteral("f/b"));
        // 200k points per channel inside a 60 s window.
        for (int i = 0; i < 200000; ++i) {
            a->appendNumber(now - 60000 + qint64(i) * 60000 / 200000, std::sin(i / 100.0));
            b->appendNumber(now - 60000 + qint64(i) * 60000 / 200000, (i % 1000 == 0) ? 50.0 : 0.0);
        }
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/*")}), &store);
        chart.resize(800, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.refresh(now));
        QCOMPARE(chart.seriesCount(), 2);
        const int columns = std::max(50, int(chart.view()->chart()->plotArea().width()));
        QVERIFY(chart.pointCount() > 0);
        QVERIFY2(
            chart.pointCount() <= 2 * 2 * columns,
            qPrintable(
                QStringLiteral("%1 points for %2 columns").arg(chart.pointCount()).arg(columns)));
        // The min/max reduction keeps the spikes of b.
        auto *series = qobject_cast<QLineSeries *>(chart.view()->chart()->series().at(1));
        double maxY = 0;
        for (const QPointF &p : series->points())
            maxY = std::max(maxY, p.y());
        QCOMPARE(maxY, 50.0);
    }

    void narrowChartPrintsFewerTimeLabels()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 100; ++i)
            store.channel(QStringLiteral("f/x"))->appendNumber(now - 30000 + i * 300, i % 10);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        const auto ticksAt = [&](int width) {
            chart.resize(width, 250);
            chart.show();
            for (int i = 0; i < 3; ++i) {
                chart.refresh(QDateTime::currentMSecsSinceEpoch());
                QCoreApplication::processEvents();
            }
            auto *x =
                qobject_cast<QDateTimeAxis *>(chart.view()->chart()->axes(Qt::Horizontal).value(0));
            return x ? x->tickCount() : -1;
        };
        QVERIFY(QTest::qWaitForWindowExposed(&chart) || true);
        QCOMPARE(ticksAt(900), 5);
        const int narrow = ticksAt(260);
        QVERIFY2(narrow >= 2 && narrow < 5, qPrintable(QString::number(narrow)));
        QCOMPARE(ticksAt(900), 5); // wide again
    }

    void chartShowsTimeLabelsUnderThePlot()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 100; ++i)
            store.channel(QStringLiteral("f/x"))->appendNumber(now - 30000 + i * 300, i % 10);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(400, 250);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        for (int i = 0; i < 3; ++i) {
            chart.refresh(QDateTime::currentMSecsSinceEpoch());
            QCoreApplication::processEvents();
        }
        // Qt Charts 6.4 lays out no labels for a time axis created at its default range: count
        // the visible hh:mm:ss label items in the chart's scene.
        const QRegularExpression time(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d$"));
        int labels = 0;
        for (QGraphicsItem *item : chart.view()->scene()->items()) {
            auto *text = dynamic_cast<QGraphicsTextItem *>(item);
            labels += text && text->isVisible() && time.match(text->toPlainText()).hasMatch();
        }
        QVERIFY2(labels >= 3, qPrintable(QStringLiteral("%1 time labels").arg(labels)));
    }

    void chartMovesTheTimeAxisOnlyWhenALabelChanges()
    {
        ChannelStore store;
        // A frame time 100 ms into a second: the 60 s window's five labels (15 s apart) all
        // change together, when the second changes.
        const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000 + 100;
        auto c = store.channel(QStringLiteral("f/x"));
        c->appendNumber(now - 1000, 1);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(600, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.refresh(now));
        auto *time =
            qobject_cast<QDateTimeAxis *>(chart.view()->chart()->axes(Qt::Horizontal).first());
        QVERIFY(time);
        int moves = 0;
        connect(time, &QDateTimeAxis::rangeChanged, this, [&moves] { ++moves; });
        for (int i = 1; i <= 8; ++i) {
            c->appendNumber(now + i * 100, i);
            QVERIFY(chart.refresh(now + i * 100));
        }
        QCOMPARE(moves, 0);
        QCOMPARE(time->max(), QDateTime::fromMSecsSinceEpoch(now));
        // Yet the data moved: the newest point sits at the right edge (x = its time - now).
        auto *series = qobject_cast<QLineSeries *>(chart.view()->chart()->series().first());
        QCOMPARE(series->points().last().x(), 0.0);
        c->appendNumber(now + 890, 9);
        QVERIFY(chart.refresh(now + 890)); // still the same second
        QCOMPARE(series->points().last().x(), 0.0);
        QCOMPARE(moves, 0);
        c->appendNumber(now + 1000, 10);
        QVERIFY(chart.refresh(now + 1000));
        QCOMPARE(moves, 1);
        QCOMPARE(time->max(), QDateTime::fromMSecsSinceEpoch(now + 1000));
        QCOMPARE(time->min(), QDateTime::fromMSecsSinceEpoch(now + 1000 - 60000));
    }

    void timeLabelsStayDistinctAtEveryZoom()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("f/x"));
        for (int i = 0; i < 100; ++i)
            c->appendNumber(now - 100000 + i * 1000, i);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(600, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.refresh(now));
        auto *time =
            qobject_cast<QDateTimeAxis *>(chart.view()->chart()->axes(Qt::Horizontal).first());
        QVERIFY(time);
        // The labels the axis draws: evenly spaced ticks over its range, in its format.
        auto labels = [time] {
            QStringList out;
            const qint64 a = time->min().toMSecsSinceEpoch(), b = time->max().toMSecsSinceEpoch();
            for (int i = 0; i < time->tickCount(); ++i)
                out.append(QDateTime::fromMSecsSinceEpoch(a + (b - a) * i / (time->tickCount() - 1))
                               .toString(time->format()));
            return out;
        };
        auto distinct = [](QStringList l) {
            const qsizetype n = l.size();
            l.removeDuplicates();
            return l.size() == n;
        };
        QCOMPARE(time->format(), QStringLiteral("hh:mm:ss")); // the 60 s window
        QVERIFY2(distinct(labels()), qPrintable(labels().join(u' ')));
        // Zoomed in to 2 s: ticks half a second apart would all read the same hh:mm:ss.
        for (int i = 0; i < 5; ++i)
            chart.zoom(0.5, 1.0);
        QCOMPARE(chart.spanMs(), qint64(1875));
        QVERIFY(chart.refresh(now + 1));
        QCOMPARE(time->format(), QStringLiteral("mm:ss.zzz"));
        QVERIFY2(distinct(labels()), qPrintable(labels().join(u' ')));
        screenshot(chart, QStringLiteral("chart-zoomed-in"));
        // Zoomed out to weeks: days and dates, not repeating hours.
        for (int i = 0; i < 20; ++i)
            chart.zoom(2.0, 1.0);
        QVERIFY(chart.spanMs() > qint64(7) * 24 * 3600 * 1000);
        QVERIFY(chart.refresh(now + 2));
        QCOMPARE(time->format(), QStringLiteral("d MMM")); // ticks days apart: dates alone
        QVERIFY2(distinct(labels()), qPrintable(labels().join(u' ')));
        screenshot(chart, QStringLiteral("chart-zoomed-out"));
        QCOMPARE(ChartPanel::timeLabelFormat(qint64(2) * 24 * 3600 * 1000, 5),
                 QStringLiteral("ddd hh:mm"));
        // Four days over 5 ticks: a day apart, so dates; over 9 ticks half a day: with hours.
        QCOMPARE(ChartPanel::timeLabelFormat(qint64(4) * 24 * 3600 * 1000, 5),
                 QStringLiteral("d MMM"));
        QCOMPARE(ChartPanel::timeLabelFormat(qint64(4) * 24 * 3600 * 1000, 9),
                 QStringLiteral("d MMM hh:mm"));
    }

    void chartRefreshesOnlyWhenSomethingChanged()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        store.channel(QStringLiteral("f/x"))->appendNumber(now, 1);
        PanelConfig cfg = panel(PanelKind::Chart, {QStringLiteral("f/x")});
        cfg.windowSeconds = 600; // about a second per pixel column
        ChartPanel chart(cfg, &store);
        chart.resize(600, 300);
        QVERIFY(chart.refresh(now));
        const quint64 refreshes = chart.refreshCount();
        QVERIFY(!chart.refresh(now + 10)); // nothing new, not a pixel of scroll
        QCOMPARE(chart.refreshCount(), refreshes);
        store.channel(QStringLiteral("f/x"))->appendNumber(now + 20, 2);
        QVERIFY(chart.refresh(now + 20));
        QCOMPARE(chart.refreshCount(), refreshes + 1);
    }

    void chartAutoRangeCoversTheData()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("f/x"));
        c->appendNumber(now - 2000, 13);
        c->appendNumber(now - 1000, 87);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(600, 300);
        chart.refresh(now);
        auto *y = qobject_cast<QValueAxis *>(chart.view()->chart()->axes(Qt::Vertical).first());
        QVERIFY(y->min() <= 13 && y->max() >= 87);
        QVERIFY(y->max() - y->min() < 200);
    }

    void chartReadoutIsTheLastSampleAtOrBeforeTheTime()
    {
        ChannelStore store;
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 10000;
        auto a = store.channel(QStringLiteral("svc/a"));
        auto b = store.channel(QStringLiteral("svc/b"));
        a->appendNumber(t0, 1);
        a->appendNumber(t0 + 1000, 2);
        a->appendNumber(t0 + 2000, 3);
        b->appendNumber(t0 + 500, 10);
        b->appendNumber(t0 + 1800, 20);
        b->appendNumber(t0 + 2600, std::numeric_limits<double>::quiet_NaN());
        PanelConfig cfg = panel(PanelKind::Chart, {QStringLiteral("svc/*")});
        cfg.unit = QStringLiteral("ms");
        ChartPanel chart(cfg, &store);
        chart.resize(600, 300);
        QVERIFY(!chart.readoutAt(t0)); // no series yet
        QVERIFY(chart.refresh(t0 + 3000));

        // Between samples: the last one at or before, not the nearest (3 and 20 are nearer).
        QCOMPARE(readoutValues(chart.readoutAt(t0 + 1500)), QStringLiteral("a: 2, b: 10"));
        QCOMPARE(readoutValues(chart.readoutAt(t0 + 1900)), QStringLiteral("a: 2, b: 20"));
        // On a sample: that sample.
        QCOMPARE(readoutValues(chart.readoutAt(t0 + 2000)), QStringLiteral("a: 3, b: 20"));
        QCOMPARE(readoutValues(chart.readoutAt(t0 + 1800)), QStringLiteral("a: 2, b: 20"));
        QCOMPARE(chart.readoutAt(t0 + 1800)->t, t0 + 1800);
        // Before a series' first sample: none; before every first sample: none at all.
        QCOMPARE(readoutValues(chart.readoutAt(t0 + 499)), QStringLiteral("a: 1, b: none"));
        QCOMPARE(readoutValues(chart.readoutAt(t0 - 1)), QStringLiteral("a: none, b: none"));
        // The source's NaN is what b holds from t0 + 2600 on.
        const auto late = chart.readoutAt(t0 + 2700);
        QVERIFY(late && late->values.at(1).second && std::isnan(*late->values.at(1).second));
    }

    void chartReadoutFollowsTheMouseLiveAndPaused()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto a = store.channel(QStringLiteral("svc/a"));
        auto b = store.channel(QStringLiteral("svc/b"));
        // a: a sample every second of the minute, valued by its second; b: one sample, later.
        for (qint64 t = now - 60000; t <= now; t += 1000)
            a->appendNumber(t, double((t - (now - 60000)) / 1000));
        b->appendNumber(now - 40000, 7.25);
        PanelConfig cfg = panel(PanelKind::Chart, {QStringLiteral("svc/*")});
        cfg.unit = QStringLiteral("ms");
        cfg.decimals = 1;
        ChartPanel chart(cfg, &store);
        chart.resize(800, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.refresh(now));
        QCoreApplication::processEvents(); // lays the chart out
        chart.refresh(now + 1);
        QVERIFY(!chart.currentReadout());
        QChartView *view = chart.view();
        QChart *c = view->chart();
        const QRectF plot = c->plotArea();
        // The view's pixel for a place in the plot, and the time there.
        auto pixel = [&](double fraction) {
            return view->mapFromScene(
                c->mapToScene(QPointF(plot.left() + fraction * plot.width(), plot.center().y())));
        };
        auto timeAt = [&](QPoint p) {
            const double x = c->mapFromScene(view->mapToScene(p)).x();
            return chart.viewEnd() - chart.spanMs() +
                   qint64((x - plot.left()) / plot.width() * double(chart.spanMs()));
        };
        const qint64 msPerPixel = qint64(double(chart.spanMs()) / plot.width()) + 1;

        // A real mouse move over the plot (no button): the readout at the time under it.
        const QPoint at = pixel(0.5);
        QTest::mouseMove(view->viewport(), at);
        QVERIFY(chart.currentReadout());
        const qint64 t1 = chart.currentReadout()->t;
        QVERIFY2(std::abs(t1 - timeAt(at)) <= msPerPixel,
                 qPrintable(QStringLiteral("%1 ms off").arg(t1 - timeAt(at))));
        QCOMPARE(chart.currentReadout()->values, chart.readoutAt(t1)->values);
        // Drawn: the time, then each series with its value in the panel's decimals and unit.
        const QStringList text = chart.readoutText();
        QCOMPARE(text.size(), 3);
        QCOMPARE(text.at(0), QLocale().toString(QDateTime::fromMSecsSinceEpoch(t1),
                                                QStringLiteral("hh:mm:ss.zzz")));
        QCOMPARE(text.at(1), QStringLiteral("a ") +
                                 QLocale().toString(double((t1 - (now - 60000)) / 1000), 'f', 1) +
                                 QStringLiteral(" ms"));
        QCOMPARE(text.at(2),
                 QStringLiteral("b ") + QLocale().toString(7.25, 'f', 1) + QStringLiteral(" ms"));

        // Streaming: the view scrolls a second, the crosshair stays where the mouse is and
        // reads the time now under it.
        a->appendNumber(now + 1000, 61);
        QVERIFY(chart.refresh(now + 1000));
        QVERIFY(chart.currentReadout());
        QVERIFY2(std::abs(chart.currentReadout()->t - (t1 + 1000)) <= msPerPixel,
                 qPrintable(QStringLiteral("%1").arg(chart.currentReadout()->t - t1)));

        // Left of b's only sample: b reads a dash.
        QTest::mouseMove(view->viewport(), pixel(0.1));
        QVERIFY(chart.currentReadout());
        QVERIFY(chart.currentReadout()->t < now - 40000);
        QVERIFY(!chart.currentReadout()->values.at(1).second);
        QCOMPARE(chart.readoutText().at(2), QStringLiteral("b \u2013"));

        // Paused: the view stays, the store fills, the readout still follows the mouse.
        chart.setFrozen(true);
        QVERIFY(chart.refresh(now + 2000));
        const qint64 frozenEnd = chart.viewEnd();
        a->appendNumber(now + 3000, 62);
        chart.refresh(now + 3000);
        QCOMPARE(chart.viewEnd(), frozenEnd);
        const QPoint paused = pixel(0.9);
        QTest::mouseMove(view->viewport(), paused);
        QVERIFY(chart.currentReadout());
        QVERIFY(std::abs(chart.currentReadout()->t - timeAt(paused)) <= msPerPixel);
        QCOMPARE(chart.currentReadout()->values, chart.readoutAt(timeAt(paused))->values);
        QVERIFY(chart.readoutText().size() == 3);

        // Off the plot (on the legend below it), and out of the view: no readout.
        QTest::mouseMove(view->viewport(), view->mapFromScene(c->mapToScene(
                                               QPointF(plot.center().x(), plot.bottom() + 30))));
        QVERIFY(!chart.currentReadout());
        QTest::mouseMove(view->viewport(), pixel(0.5));
        QVERIFY(chart.currentReadout());
        QEvent leave(QEvent::Leave);
        QCoreApplication::sendEvent(view->viewport(), &leave);
        QVERIFY(!chart.currentReadout());
        QVERIFY(chart.readoutText().isEmpty());

        // Dragging still pans (back in time by the distance dragged).
        chart.setFrozen(false);
        chart.goLive();
        QVERIFY(chart.refresh(now + 4000));
        QVERIFY(chart.isLive());
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, pixel(0.2));
        QTest::mouseMove(view->viewport(), pixel(0.6));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, pixel(0.6));
        QVERIFY(!chart.isLive());
        QVERIFY(chart.refresh(now + 4100));
        const qint64 dragged = QDateTime::currentMSecsSinceEpoch() - chart.viewEnd();
        QVERIFY2(std::abs(dragged - chart.spanMs() * 4 / 10) < 2000,
                 qPrintable(QString::number(dragged)));
        QVERIFY(chart.currentReadout()); // the mouse is still over the plot
        screenshot(chart, QStringLiteral("chart-readout"));
    }

    void chartReadoutReadsTheHistoryFileBeforeMemory()
    {
        // Two hours at 1 Hz on disk; the channel keeps only its last 1000 samples in memory.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch() / 1000 * 1000;
        const qint64 from = now - 2 * 3600 * 1000;
        const auto value = [&](qint64 t) { return double((t - from) / 1000); };
        {
            ChannelStore written(1 << 20);
            history::Historian historian(&written);
            QString error;
            QVERIFY2(historian.open(path, &error), qPrintable(error));
            auto c = written.channel(QStringLiteral("f/x"));
            for (qint64 t = from; t <= now; t += 1000)
                c->appendNumber(t, value(t));
        }
        ChannelStore store(1000);
        for (qint64 t = from; t <= now; t += 1000)
            store.channel(QStringLiteral("f/x"))->appendNumber(t, value(t));
        history::HistoryStore reader;
        QString error;
        QVERIFY2(reader.open(path, history::HistoryStore::Mode::ReadOnly, &error),
                 qPrintable(error));
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(600, 300);
        QVERIFY(chart.refresh(now));
        const qint64 old = now - 3600 * 1000 + 1500; // an hour back, between two samples
        QCOMPARE(readoutValues(chart.readoutAt(old)), QStringLiteral("x: none"));
        chart.setHistory(&reader);
        QCOMPARE(readoutValues(chart.readoutAt(old)),
                 QStringLiteral("x: %1").arg(value(old - 500)));
        // Asked again inside the same gap, and past it: the same answer, then the next sample.
        QCOMPARE(readoutValues(chart.readoutAt(old + 400)),
                 QStringLiteral("x: %1").arg(value(old - 500)));
        QCOMPARE(readoutValues(chart.readoutAt(old + 500)),
                 QStringLiteral("x: %1").arg(value(old + 500)));
        QCOMPARE(readoutValues(chart.readoutAt(old - 600)),
                 QStringLiteral("x: %1").arg(value(old - 1500)));
        QCOMPARE(readoutValues(chart.readoutAt(from - 1)), QStringLiteral("x: none"));
        // What memory holds is read from memory.
        QCOMPARE(readoutValues(chart.readoutAt(now - 1)),
                 QStringLiteral("x: %1").arg(value(now - 1000)));
    }

    void chartYTicksAreRoundNumbers_data()
    {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<bool>("fixed");
        QTest::addColumn<double>("step");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QStringList>("labels");
        auto row = [](const char *name, double lo, double hi, bool fixed, double step,
                      const char *format, const char *labels) {
            QTest::newRow(name) << lo << hi << fixed << step << QString::fromLatin1(format)
                                << QString::fromLatin1(labels).split(u' ');
        };
        row("data 0.03..0.77", 0.03, 0.77, false, 0.2, "%.1f", "0.0 0.2 0.4 0.6 0.8");
        row("data -3..13", -3, 13, false, 5, "%.0f", "-5 0 5 10 15");
        // Qt Charts adds the step up from the first tick: 0.1 six times from -0.3 overshoots
        // 0.3, and four times from -0.4 lands below zero.
        row("data -0.3..0.3", -0.3, 0.3, false, 0.1, "%.1f", "-0.3 -0.2 -0.1 0.0 0.1 0.2 0.3");
        row("data -0.4..0.2", -0.4, 0.2, false, 0.1, "%.1f", "-0.4 -0.3 -0.2 -0.1 0.0 0.1 0.2");
        row("data 1200..4800", 1200, 4800, false, 1000, "%.0f", "1000 2000 3000 4000 5000");
        row("data 0.0012..0.0061", 0.0012, 0.0061, false, 0.001, "%.3f",
            "0.001 0.002 0.003 0.004 0.005 0.006 0.007");
        row("fixed 0.1..0.9", 0.1, 0.9, true, 0.2, "%.1f", "0.2 0.4 0.6 0.8");
        row("fixed 20..80", 20, 80, true, 10, "%.0f", "20 30 40 50 60 70 80");
        row("fixed 0..5", 0, 5, true, 1, "%.0f", "0 1 2 3 4 5");
    }

    void chartYTicksAreRoundNumbers()
    {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(bool, fixed);
        QFETCH(double, step);
        QFETCH(QString, format);
        QFETCH(QStringList, labels);
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("f/x"));
        c->appendNumber(now - 2000, fixed ? (lo + hi) / 2 : lo);
        c->appendNumber(now - 1000, fixed ? (lo + hi) / 2 : hi);
        PanelConfig cfg = panel(PanelKind::Chart, {QStringLiteral("f/x")});
        if (fixed) {
            cfg.yMin = lo;
            cfg.yMax = hi;
        }
        ChartPanel chart(cfg, &store);
        chart.resize(600, 400); // room for 7 ticks
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.refresh(now);
        QCoreApplication::processEvents();
        chart.refresh(now + 1);
        QCoreApplication::processEvents();
        auto *y = qobject_cast<QValueAxis *>(chart.view()->chart()->axes(Qt::Vertical).first());
        QCOMPARE(y->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(y->tickInterval(), step);
        // A step of 1, 2 or 5 times a power of ten, and ticks on its multiples.
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
        QVERIFY2(qFuzzyCompare(mantissa, 1.0) || qFuzzyCompare(mantissa, 2.0) ||
                     qFuzzyCompare(mantissa, 5.0),
                 qPrintable(QString::number(mantissa)));
        const double phase = y->tickAnchor() / step;
        QVERIFY2(std::abs(phase - std::round(phase)) < 1e-4, qPrintable(QString::number(phase)));
        QCOMPARE(y->labelFormat(), format);
        if (fixed) {
            QCOMPARE(y->min(), lo); // a configured range is kept
            QVERIFY(std::abs(y->max() - hi) < step * 1e-3);
        } else {
            QVERIFY(y->min() <= lo && y->max() >= hi);
        }
        // What the axis draws: every label a round number, none dropped, no "-0.0".
        QCOMPARE(yLabels(chart), labels);
    }

    void shortChartHasFewerYTicksButMoreThanOne()
    {
        // A wall of small panels: ticks far enough apart to read, and never a lone one.
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        store.channel(QStringLiteral("f/x"))->appendNumber(now - 1000, 50);
        PanelConfig cfg = panel(PanelKind::Chart, {QStringLiteral("f/x")});
        cfg.yMin = 20;
        cfg.yMax = 80;
        ChartPanel chart(cfg, &store);
        chart.resize(600, 150);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.refresh(now);
        QCoreApplication::processEvents();
        chart.refresh(now + 1);
        QCoreApplication::processEvents();
        auto *y = qobject_cast<QValueAxis *>(chart.view()->chart()->axes(Qt::Vertical).first());
        const QStringList labels = yLabels(chart);
        QVERIFY2(labels.size() >= 2 && labels.size() < 7, qPrintable(labels.join(u' ')));
        QCOMPARE(y->tickInterval(), 20.0);
        QCOMPARE(labels.join(u' '), QStringLiteral("20 40 60 80"));
        // Taller, the same range gets its full seven.
        chart.resize(600, 450);
        QCoreApplication::processEvents();
        chart.refresh(now + 2);
        QCoreApplication::processEvents();
        QCOMPARE(y->tickInterval(), 10.0);
        QCOMPARE(yLabels(chart).size(), 7);

        // Room for three ticks only (big labels on a short plot): 1.5..8.5 on a step of 5 would
        // be the lone "5"; a step of 2 gives four.
        cfg.yMin = 1.5;
        cfg.yMax = 8.5;
        ChartPanel tiny(cfg, &store);
        auto *ty = qobject_cast<QValueAxis *>(tiny.view()->chart()->axes(Qt::Vertical).first());
        QFont big = ty->labelsFont();
        big.setPixelSize(30);
        ty->setLabelsFont(big);
        tiny.resize(400, 150);
        tiny.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tiny));
        tiny.refresh(now);
        QCoreApplication::processEvents();
        tiny.refresh(now + 1);
        QCoreApplication::processEvents();
        QCOMPARE(ty->tickInterval(), 2.0); // (Qt Charts hides the labels that would overlap)
        QVERIFY(std::abs(ty->tickAnchor() - 2.0) < 1e-3);
    }

    void chartYAxisCopesWithExtremeValues()
    {
        // Steps lost in the values' rounding, and a range past the largest double: the axis
        // falls back to evenly spaced ticks rather than Qt Charts adding a step that never
        // moves (a hang).
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("f/x"));
        c->appendNumber(now - 3000, 1e17);
        c->appendNumber(now - 2000, 1e17 + 64);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(600, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.refresh(now));
        QCoreApplication::processEvents();
        auto *y = qobject_cast<QValueAxis *>(chart.view()->chart()->axes(Qt::Vertical).first());
        QCOMPARE(y->tickType(), QValueAxis::TicksFixed);
        c->appendNumber(now - 1000, -1e308);
        c->appendNumber(now, 1e308);
        QVERIFY(chart.refresh(now + 1000));
        QCoreApplication::processEvents();
        QCOMPARE(y->tickType(), QValueAxis::TicksFixed);
        // Once those have scrolled out of the window: round ticks again.
        c->appendNumber(now + 100000, 3);
        c->appendNumber(now + 101000, 7);
        QVERIFY(chart.refresh(now + 101000));
        QCoreApplication::processEvents();
        QCOMPARE(y->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(y->tickInterval(), 1.0);
        QCOMPARE(yLabels(chart).join(u' '), QStringLiteral("3 4 5 6 7"));
    }

    void chartBreaksItsLineAndMarksNoDataOverAnOutage()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto a = store.channel(QStringLiteral("svc/a"));
        auto b = store.channel(QStringLiteral("svc/b"));
        // a: 1 Hz with nothing from 80 s to 45 s ago (a 35 s outage); b: a jittery 10 Hz.
        for (qint64 t = now - 115'000; t <= now; t += 1000)
            if (t < now - 80'000 || t >= now - 45'000)
                a->appendNumber(t, std::sin(double(t) / 7000));
        QRandomGenerator rng(3);
        for (qint64 t = now - 115'000; t <= now; t += 50 + rng.bounded(100))
            b->appendNumber(t, rng.generateDouble());
        PanelConfig cfg = panel(PanelKind::Chart, {QStringLiteral("svc/*")});
        cfg.windowSeconds = 120;
        ChartPanel chart(cfg, &store);
        chart.resize(900, 300);
        QVERIFY(chart.refresh(now));
        // Live (the sliding reduction), then panned (the full one): the same break.
        for (int pass = 0; pass < 2; ++pass) {
            QCOMPARE(chart.seriesCount(), 2);
            QCOMPARE(chart.lineRuns(0), 2);
            QCOMPARE(chart.lineRuns(1), 1); // the steady feed's line is whole
            QCOMPARE(chart.seriesNames(), QStringList({"a", "b"})); // one legend entry each
            QCOMPARE(chart.noDataBands().size(), 1);
            const ChartPanel::NoDataBand band = chart.noDataBands().first();
            QCOMPARE(band.series, QStringList{"a"});
            QVERIFY(!band.all);                             // b has data there
            const qint64 msPerColumn = chart.spanMs() / 50; // not shown: 50 columns
            QVERIFY2(
                std::abs(band.from - (now - 81'000)) <= msPerColumn &&
                    std::abs(band.to - (now - 45'000)) <= msPerColumn,
                qPrintable(QStringLiteral("%1 .. %2").arg(band.from - now).arg(band.to - now)));
            // The runs are the line on either side of the hole: none reaches into it.
            const QList<QAbstractSeries *> all = chart.view()->chart()->series();
            int runs = 0;
            for (QAbstractSeries *series : all) {
                auto *line = qobject_cast<QLineSeries *>(series);
                if (line->count() == 0 || line->pen().color() != palette::series().at(0))
                    continue;
                ++runs;
                const double first = line->at(0).x(), last = line->at(line->count() - 1).x();
                const double holeFrom = double(now - 80'000 - chart.viewEnd());
                const double holeTo = double(now - 45'000 - chart.viewEnd());
                QVERIFY(last < holeFrom || first >= holeTo);
            }
            QCOMPARE(runs, 2);
            chart.pan(2000); // history: decimateMinMax
            QVERIFY(chart.refresh(now));
            QVERIFY(!chart.isLive());
        }
        // The hole ends with b alone: every shown series has none there, "no data" plainly.
        chart.setSeriesVisible(1, false);
        chart.refresh(now);
        QCOMPARE(chart.noDataBands().size(), 1);
        QVERIFY(chart.noDataBands().first().all);
        screenshot(chart, QStringLiteral("chart-gap"));
    }

    void chartMarksNoDataWhileTheFeedIsDownAndNotBeforeItBegan()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto a = store.channel(QStringLiteral("svc/a"));
        // Began 50 s ago in a 60 s window, stopped 30 s ago.
        for (qint64 t = now - 50'000; t <= now - 30'000; t += 1000)
            a->appendNumber(t, 1);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("svc/a")}), &store);
        chart.resize(700, 300);
        QVERIFY(chart.refresh(now));
        QCOMPARE(chart.lineRuns(0), 1);
        QCOMPARE(chart.noDataBands().size(), 1); // the last 30 s, not the 10 s before it began
        // From the last point shown, in the last sample's column.
        QVERIFY(std::abs(chart.noDataBands().first().from - (now - 30'000)) <= chart.spanMs() / 50);
        QCOMPARE(chart.noDataBands().first().to, now);
        // Down for longer than the window: all of it.
        QVERIFY(chart.refresh(now + 100'000));
        QCOMPARE(chart.noDataBands().size(), 1);
        QCOMPARE(chart.noDataBands().first().from, now + 40'000);
        QCOMPARE(chart.lineRuns(0), 0);
        // Data again: the band moves back to the hole.
        a->appendNumber(now + 100'000, 2);
        QVERIFY(chart.refresh(now + 100'001));
        QCOMPARE(chart.lineRuns(0), 1);
        QCOMPARE(chart.noDataBands().first().to, now + 100'000);
    }

    void steadyFeedsGiveNoBreakAndNoBand()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto slow = store.channel(QStringLiteral("f/slow"));
        auto fast = store.channel(QStringLiteral("f/fast"));
        QRandomGenerator rng(11);
        for (qint64 t = now - 300'000; t <= now; t += 1000)
            slow->appendNumber(t, rng.generateDouble());
        for (qint64 t = now - 300'000; t <= now; t += 50 + rng.bounded(100))
            fast->appendNumber(t, rng.generateDouble());
        PanelConfig cfg = panel(PanelKind::Chart, {QStringLiteral("f/*")});
        for (const int window : {60, 300}) {
            cfg.windowSeconds = window;
            ChartPanel chart(cfg, &store);
            chart.resize(700, 300);
            for (qint64 t = now; t < now + 3000; t += 500) {
                chart.refresh(t);
                QCOMPARE(chart.lineRuns(0), 1);
                QCOMPARE(chart.lineRuns(1), 1);
                QVERIFY(chart.noDataBands().isEmpty());
                slow->appendNumber(t + 1000, 0.5);
                fast->appendNumber(t + 100, 0.5);
            }
        }
    }

    void tileSparklineBreaksWhereDataStopped()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("f/x"));
        for (qint64 t = now - 59'000; t <= now; t += 1000)
            c->appendNumber(t, double(t % 7));
        TilePanel tile(panel(PanelKind::Tile, {QStringLiteral("f/x")}), &store);
        QVERIFY(tile.refresh(now));
        QCOMPARE(tile.sparkRuns(), 1);
        auto d = store.channel(QStringLiteral("f/y"));
        for (qint64 t = now - 59'000; t <= now; t += 1000)
            if (t < now - 45'000 || t >= now - 10'000)
                d->appendNumber(t, double(t % 7));
        TilePanel broken(panel(PanelKind::Tile, {QStringLiteral("f/y")}), &store);
        QVERIFY(broken.refresh(now));
        QCOMPARE(broken.sparkRuns(), 2);
    }

    void legendClickHidesASeriesAndItLeavesTheRange()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto small = store.channel(QStringLiteral("f/small"));
        auto big = store.channel(QStringLiteral("f/big"));
        for (qint64 t = now - 20'000; t <= now; t += 1000) {
            small->appendNumber(t, 10 + double(t % 3));
            big->appendNumber(t, 1000 + double(t % 5));
        }
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/*")}), &store);
        chart.resize(700, 300);
        chart.show(); // the legend lays its markers out when shown
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.refresh(now));
        QCoreApplication::processEvents();
        QVERIFY(chart.leftRange().second >= 1000);
        QChart *c = chart.view()->chart();
        QLineSeries *bigSeries = nullptr;
        for (QAbstractSeries *s : c->series())
            if (s->name() == QLatin1String("big"))
                bigSeries = qobject_cast<QLineSeries *>(s);
        QVERIFY(bigSeries);
        const int bigIndex = int(chart.seriesNames().indexOf(QStringLiteral("big")));
        const QList<QLegendMarker *> markers = c->legend()->markers(bigSeries);
        QCOMPARE(markers.size(), 1);
        Q_EMIT markers.first()->clicked(); // what a click on it does
        QVERIFY(!chart.isSeriesVisible(bigIndex));
        QVERIFY(!bigSeries->isVisible());
        QCoreApplication::processEvents();
        QVERIFY(markers.first()->isVisible()); // still there to be clicked again, dimmed
        QVERIFY(markers.first()->labelBrush().color().alphaF() < 0.5);
        QVERIFY(chart.refresh(now + 1));
        QVERIFY2(chart.leftRange().second < 100,
                 qPrintable(QString::number(chart.leftRange().second)));
        QCOMPARE(chart.readoutAt(now)->values.size(), 1); // the crosshair leaves it out too
        Q_EMIT markers.first()->clicked();
        QVERIFY(chart.isSeriesVisible(bigIndex));
        QVERIFY(bigSeries->isVisible());
        QCOMPARE(markers.first()->labelBrush().color().alphaF(), 1.0);
        QVERIFY(chart.refresh(now + 2));
        QVERIFY(chart.leftRange().second >= 1000);
    }

    void clearHistoryDropsEarlierPointsFromThisChartOnly()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("f/x"));
        for (qint64 t = now - 50'000; t <= now; t += 500)
            c->appendNumber(t, t < now - 10'000 ? 500.0 : 5.0);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(700, 300);
        QVERIFY(chart.refresh(now));
        auto *series = qobject_cast<QLineSeries *>(chart.view()->chart()->series().first());
        QVERIFY(series->at(0).x() < -45'000);
        QVERIFY(chart.leftRange().second >= 500);

        QMenu menu;
        chart.addContextActions(&menu);
        QAction *clear = nullptr;
        for (QAction *action : menu.actions())
            if (action->text().contains(QLatin1String("Clear history")))
                clear = action;
        QVERIFY(clear);
        // The action asks first: Cancel keeps everything, Clear history clears.
        auto answer = [](QMessageBox::StandardButton button) {
            QTimer::singleShot(0, [button] {
                auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(box);
                box->button(button)->click();
            });
        };
        answer(QMessageBox::Cancel);
        clear->trigger();
        QCOMPARE(chart.shownFrom(), qint64(0));
        answer(QMessageBox::Yes);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        clear->trigger();
        QVERIFY(chart.shownFrom() >= before);

        chart.clearHistory(now - 10'000); // the same, at a time the test knows
        QVERIFY(chart.refresh(now + 1));
        QVERIFY(series->count() > 0);
        for (const QPointF &p : series->points())
            QVERIFY2(p.x() >= double(now - 10'000 - chart.viewEnd()),
                     qPrintable(QString::number(p.x())));
        QVERIFY2(chart.leftRange().second < 100,
                 qPrintable(QString::number(chart.leftRange().second)));
        QVERIFY(chart.noDataBands().isEmpty()); // cleared is not "no data"
        QVERIFY(!chart.readoutAt(now - 20'000)->values.first().second);
        QCOMPARE(chart.readoutAt(now - 5000)->values.first().second, std::optional<double>(5.0));
        QCOMPARE(c->numberCount(), qsizetype(101)); // the store keeps everything

        // And back, from the menu.
        menu.clear();
        chart.addContextActions(&menu);
        QCOMPARE(menu.actions().last()->text(), QStringLiteral("Show cleared history again"));
        menu.actions().last()->trigger();
        QVERIFY(chart.refresh(now + 2));
        QVERIFY(series->at(0).x() < -45'000);
    }

    void seriesOnTheRightAxisHaveItsRangeAndUnit()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto latency = store.channel(QStringLiteral("svc/latency"));
        auto errors = store.channel(QStringLiteral("svc/errors"));
        for (qint64 t = now - 30'000; t <= now; t += 1000) {
            latency->appendNumber(t, 200 + double(t % 50));
            errors->appendNumber(t, 2 + double(t % 3) / 2);
        }
        PanelConfig cfg = panel(PanelKind::Chart, {QStringLiteral("svc/*")});
        cfg.unit = QStringLiteral("ms");
        cfg.decimals = 1;
        cfg.rightAxis = ChartRightAxis{{QStringLiteral("svc/errors")}, QStringLiteral("%"), 0, 100};
        {
            ChartPanel chart(cfg, &store);
            chart.resize(800, 400);
            chart.show();
            QVERIFY(QTest::qWaitForWindowExposed(&chart));
            QVERIFY(chart.refresh(now));
            QCoreApplication::processEvents();
            chart.refresh(now + 1);
            // Legend order is the store's: errors, latency.
            QCOMPARE(chart.seriesNames(), QStringList({"errors (right)", "latency"}));
            QVERIFY(chart.isOnRightAxis(0));
            QVERIFY(!chart.isOnRightAxis(1));
            QVERIFY(chart.rightRange());
            QCOMPARE(chart.rightRange()->first, 0.0);
            QVERIFY(std::abs(chart.rightRange()->second - 100) < 1e-3); // fixed
            QVERIFY(chart.leftRange().first >= 100 &&
                    chart.leftRange().second <= 300); // latency only
            auto *errorSeries =
                qobject_cast<QLineSeries *>(chart.view()->chart()->series().first());
            QCOMPARE(errorSeries->attachedAxes().last()->alignment(), Qt::AlignRight);
            QCOMPARE(chart.view()->chart()->axes(Qt::Vertical, errorSeries).first()->titleText(),
                     QStringLiteral("%"));
            // The crosshair: each value in its axis' unit.
            QChart *c = chart.view()->chart();
            const QRectF plot = c->plotArea();
            QTest::mouseMove(chart.view()->viewport(),
                             chart.view()->mapFromScene(
                                 c->mapToScene(QPointF(plot.right() - 2, plot.center().y()))));
            const QStringList text = chart.readoutText();
            QCOMPARE(text.size(), 3);
            QVERIFY2(text[1].startsWith(QLatin1String("errors ")) &&
                         text[1].endsWith(QLatin1String(" %")),
                     qPrintable(text[1]));
            QVERIFY2(text[2].startsWith(QLatin1String("latency ")) &&
                         text[2].endsWith(QLatin1String(" ms")),
                     qPrintable(text[2]));
            screenshot(chart, QStringLiteral("chart-dualaxis"));
        }
        // Without its own range the right axis follows its series alone.
        cfg.rightAxis->min.reset();
        cfg.rightAxis->max.reset();
        ChartPanel chart(cfg, &store);
        chart.resize(800, 400);
        QVERIFY(chart.refresh(now));
        QVERIFY(chart.rightRange()->first <= 2 && chart.rightRange()->second >= 3);
        QVERIFY2(chart.rightRange()->second < 10,
                 qPrintable(QString::number(chart.rightRange()->second)));
        QVERIFY(chart.leftRange().first >= 100);
        // A chart without one has no right axis.
        cfg.rightAxis.reset();
        ChartPanel plain(cfg, &store);
        QVERIFY(plain.refresh(now));
        QVERIFY(!plain.rightRange());
        QVERIFY(!plain.isOnRightAxis(0));
    }

    void tileShowsLatestValueAndDelta()
    {
        ChannelStore store;
        auto c = store.channel(QStringLiteral("f/temp"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        c->appendNumber(now - 100, 20.5);
        c->appendNumber(now, 21.25);
        PanelConfig cfg = panel(PanelKind::Tile, {QStringLiteral("f/temp")});
        cfg.decimals = 2;
        TilePanel tile(cfg, &store);
        QVERIFY(tile.refresh(now));
        QCOMPARE(tile.valueText(), QLocale().toString(21.25, 'f', 2));
        c->appendNumber(now + 10, 19.0);
        QVERIFY(tile.refresh(now + 10));
        QCOMPARE(tile.valueText(), QLocale().toString(19.0, 'f', 2));
    }

    void tileShowsNonFiniteValuesAsText()
    {
        ChannelStore store;
        auto c = store.channel(QStringLiteral("f/q"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        PanelConfig cfg = panel(PanelKind::Tile, {QStringLiteral("f/q")});
        cfg.decimals = 1;
        cfg.warningAbove = 100;
        TilePanel tile(cfg, &store);
        c->appendNumber(now - 40, std::numeric_limits<double>::quiet_NaN());
        QVERIFY(tile.refresh(now - 40));
        QCOMPARE(tile.valueText(), QStringLiteral("NaN"));
        c->appendNumber(now - 30, 5);
        QVERIFY(tile.refresh(now - 30));
        QCOMPARE(tile.valueText(), QLocale().toString(5.0, 'f', 1));
        QCOMPARE(tile.deltaText(), QString()); // no change from NaN
        QCOMPARE(tile.trend(), 0);
        c->appendNumber(now - 20, std::numeric_limits<double>::infinity());
        QVERIFY(tile.refresh(now - 20));
        QCOMPARE(tile.valueText(), QStringLiteral("+Inf"));
        QCOMPARE(tile.deltaText(), QString());
        QCOMPARE(tile.alert(), PanelConfig::Alert::Warning); // +Inf is above any threshold
        c->appendNumber(now - 10, -std::numeric_limits<double>::infinity());
        QVERIFY(tile.refresh(now - 10));
        QCOMPARE(tile.valueText(), QStringLiteral("\u2212Inf"));
        QCOMPARE(tile.alert(), PanelConfig::Alert::Normal);
    }

    void chartSkipsNonFiniteValuesAndScalesToTheRest()
    {
        ChannelStore store;
        auto c = store.channel(QStringLiteral("f/q"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 50; ++i) {
            double v = 10 + i % 5;
            if (i % 4 == 1)
                v = std::numeric_limits<double>::infinity();
            else if (i % 4 == 2)
                v = std::numeric_limits<double>::quiet_NaN();
            else if (i == 47)
                v = -std::numeric_limits<double>::infinity();
            c->appendNumber(now - 50000 + i * 1000, v);
        }
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/q")}), &store);
        chart.resize(600, 300);
        chart.refresh(now);
        QVERIFY(chart.pointCount() > 0);
        auto *y = qobject_cast<QValueAxis *>(chart.view()->chart()->axes(Qt::Vertical).first());
        QVERIFY2(std::isfinite(y->min()) && std::isfinite(y->max()),
                 qPrintable(QStringLiteral("%1 .. %2").arg(y->min()).arg(y->max())));
        QVERIFY(y->min() <= 10 && y->max() >= 14);
        QVERIFY(y->max() - y->min() < 50);
        for (QAbstractSeries *s : chart.view()->chart()->series())
            for (const QPointF &p : qobject_cast<QLineSeries *>(s)->points())
                QVERIFY(std::isfinite(p.y()));
    }

    void flatChartOfNonNegativeValuesStaysAboveZero()
    {
        // A network rate of 0 on an idle machine: no negative KiB/s on the axis.
        ChannelStore store;
        auto c = store.channel(QStringLiteral("pc/rx"));
        auto n = store.channel(QStringLiteral("pc/temp"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 20; ++i) {
            c->appendNumber(now - 20000 + i * 1000, 0);
            n->appendNumber(now - 20000 + i * 1000, -4);
        }
        ChartPanel zero(panel(PanelKind::Chart, {QStringLiteral("pc/rx")}), &store);
        zero.resize(600, 300);
        zero.refresh(now);
        auto *y = qobject_cast<QValueAxis *>(zero.view()->chart()->axes(Qt::Vertical).first());
        QCOMPARE(y->min(), 0.0);
        QVERIFY(y->max() > 0);
        // A flat negative line keeps room on both sides.
        ChartPanel below(panel(PanelKind::Chart, {QStringLiteral("pc/temp")}), &store);
        below.resize(600, 300);
        below.refresh(now);
        y = qobject_cast<QValueAxis *>(below.view()->chart()->axes(Qt::Vertical).first());
        QVERIFY2(y->min() < -4 && y->max() > -4,
                 qPrintable(QStringLiteral("%1 .. %2").arg(y->min()).arg(y->max())));
    }

    void tileTurnsAmberAndRedAtItsThresholds()
    {
        ChannelStore store;
        auto c = store.channel(QStringLiteral("svc/errors"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        PanelConfig cfg = panel(PanelKind::Tile, {QStringLiteral("svc/errors")});
        cfg.warningAbove = 1;
        cfg.criticalAbove = 2;
        cfg.decimals = 1;
        TilePanel tile(cfg, &store);
        c->appendNumber(now - 30, 0.5);
        QVERIFY(tile.refresh(now - 30));
        QCOMPARE(tile.alert(), PanelConfig::Alert::Normal);
        QCOMPARE(tile.alertText(), QString());
        c->appendNumber(now - 20, 1.5);
        QVERIFY(tile.refresh(now - 20));
        QCOMPARE(tile.alert(), PanelConfig::Alert::Warning);
        QCOMPARE(tile.alertText(),
                 QStringLiteral("WARNING ≥ %1").arg(QLocale().toString(1.0, 'f', 1)));
        QCOMPARE(tile.deltaTone(), -1); // an error rate going up is bad news
        c->appendNumber(now - 10, 2.5);
        QVERIFY(tile.refresh(now - 10));
        QCOMPARE(tile.alert(), PanelConfig::Alert::Critical);
        QVERIFY(tile.alertText().startsWith(QStringLiteral("CRITICAL")));
        c->appendNumber(now, 0.2);
        QVERIFY(tile.refresh(now));
        QCOMPARE(tile.alert(), PanelConfig::Alert::Normal); // back to normal
        QCOMPARE(tile.deltaTone(), 1);
        // What is seen: the tile's face is tinted while critical, not while normal.
        tile.resize(300, 150);
        const QImage normal = tile.grab().toImage();
        c->appendNumber(now + 10, 3);
        QVERIFY(tile.refresh(now + 10));
        const QImage critical = tile.grab().toImage();
        auto redness = [](const QImage &img) {
            qint64 sum = 0;
            for (int y = 0; y < img.height(); y += 4)
                for (int x = 0; x < img.width(); x += 4) {
                    const QColor px = img.pixelColor(x, y);
                    sum += std::max(0, px.red() - px.blue());
                }
            return sum;
        };
        QVERIFY2(
            redness(critical) > 4 * std::max<qint64>(1, redness(normal)),
            qPrintable(QStringLiteral("%1 vs %2").arg(redness(critical)).arg(redness(normal))));
    }

    void tileWithoutValueShowsAFaintDash()
    {
        // A big tile waiting for data showed its "–" as a bright white bar across its middle.
        ChannelStore store;
        TilePanel tile(panel(PanelKind::Tile, {QStringLiteral("f/none")}), &store);
        tile.resize(900, 500);
        tile.refresh(QDateTime::currentMSecsSinceEpoch());
        const QImage image = tile.grab().toImage();
        // Against the tile's own background (light or dark palette alike): at most half the
        // contrast of text in the window's text colour.
        const int background = qGray(image.pixel(image.width() / 2, image.height() - 3));
        const int text = qGray(tile.palette().color(QPalette::WindowText).rgb());
        int strongest = 0;
        for (int y = image.height() / 4; y < image.height() * 3 / 4; y += 2)
            for (int x = image.width() / 4; x < image.width() * 3 / 4; x += 2)
                strongest = std::max(strongest, std::abs(qGray(image.pixel(x, y)) - background));
        QVERIFY2(strongest > 0, "no dash drawn");
        QVERIFY2(strongest * 2 < std::abs(text - background),
                 qPrintable(QStringLiteral("contrast %1 of %2")
                                .arg(strongest)
                                .arg(std::abs(text - background))));
    }

    void wideShortChartPutsItsLegendAtTheSide()
    {
        ChannelStore store;
        store.channel(QStringLiteral("f/x"))->appendNumber(QDateTime::currentMSecsSinceEpoch(), 1);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(500, 320);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(chart.view()->chart()->legend()->alignment(), Qt::AlignBottom);
        // Four rows of panels on a 1080p wall: the legend's row goes to the plot.
        chart.resize(900, 230);
        QTRY_COMPARE(chart.view()->chart()->legend()->alignment(), Qt::AlignRight);
        chart.resize(500, 320);
        QTRY_COMPARE(chart.view()->chart()->legend()->alignment(), Qt::AlignBottom);
    }

    void chartDrawsALoneSampleAsADot()
    {
        ChannelStore store;
        auto c = store.channel(QStringLiteral("f/x"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        c->appendNumber(now - 1000, 5);
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(600, 300);
        QVERIFY(chart.refresh(now));
        auto *series = qobject_cast<QLineSeries *>(chart.view()->chart()->series().first());
        QVERIFY(series->count() >= 1);
        QVERIFY(series->pointsVisible()); // a line of one point draws nothing
        c->appendNumber(now, 6);
        QVERIFY(chart.refresh(now + 1));
        QVERIFY(!series->pointsVisible());
    }

    void tileShowsNoChangeWhenTheDigitsShowNone()
    {
        ChannelStore store;
        auto c = store.channel(QStringLiteral("f/x"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        c->appendNumber(now - 10, 1.26);
        c->appendNumber(now, 1.2599);
        PanelConfig cfg = panel(PanelKind::Tile, {QStringLiteral("f/x")});
        cfg.decimals = 2;
        TilePanel tile(cfg, &store);
        QVERIFY(tile.refresh(now));
        QCOMPARE(tile.deltaText(), QLocale().toString(0.0, 'f', 2)); // not "▼ -0.00"
        QCOMPARE(tile.trend(), 0);
    }

    void feedsDockTellsLiveFromLiveButNothingMapped()
    {
        // Connected and receiving, but the mapping matches nothing: not a green "live".
        FeedStatusBoard board;
        auto ok = board.add(QStringLiteral("ok"), QString(), QStringLiteral("http"));
        auto none = board.add(QStringLiteral("none"), QString(), QStringLiteral("http"));
        for (const auto &stats : {ok, none}) {
            stats->setState(FeedState::Live);
            stats->messages = 3;
        }
        ok->samples = 3;
        none->rejected = 3;
        none->setProblem(QStringLiteral("field b is missing"));
        ok->setNote(QStringLiteral("304 Not Modified"));
        FeedStatusModel model(&board);
        model.refresh();
        // The feed with the problem comes first.
        QCOMPARE(model.data(model.index(1, FeedStatusModel::State)).toString(),
                 QStringLiteral("live"));
        QCOMPARE(model.data(model.index(0, FeedStatusModel::State)).toString(),
                 QStringLiteral("live, nothing mapped"));
        const auto colour = [&](int row, int column) {
            return model.data(model.index(row, column), Qt::ForegroundRole).value<QColor>();
        };
        QVERIFY(colour(1, FeedStatusModel::State) != colour(0, FeedStatusModel::State));
        // A note is shown dimmed, a rejected message's reason is not.
        QCOMPARE(model.data(model.index(1, FeedStatusModel::Problem)).toString(),
                 QStringLiteral("304 Not Modified"));
        QVERIFY(colour(1, FeedStatusModel::Problem) != colour(0, FeedStatusModel::Problem));
    }

    void eventLogColoursWarningsAndErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("severity");
        QTest::newRow("bracketed warning") << "[warning] p95 latency 339 ms, SLO 250 ms" << 1;
        QTest::newRow("upper-case WARN") << "WARN disk 91% full" << 1;
        QTest::newRow("critical") << "[critical] payments down" << 2;
        QTest::newRow("CRITICAL:") << "CRITICAL: queue stalled" << 2;
        QTest::newRow("leading error") << "error: connection refused" << 2;
        QTest::newRow("bracketed ERR") << "[ERR] write failed" << 2;
        QTest::newRow("level=error") << "ts=1 level=error msg=boom" << 2;
        QTest::newRow("error as a word") << "error rate back to 0.2%" << 0;
        QTest::newRow("resolved") << "[resolved] all 10 pods ready" << 0;
        QTest::newRow("football") << "57' GOAL Leeds United" << 0;
        QTest::newRow("warnings inside a word") << "forewarned is forearmed" << 0;
    }

    void eventLogColoursWarningsAndErrors()
    {
        QFETCH(QString, text);
        QFETCH(int, severity);
        QCOMPARE(EventLogPanel::severity(text), severity);
        ChannelStore store;
        store.channel(QStringLiteral("ops/events"))
            ->appendText(QDateTime::currentMSecsSinceEpoch(), text);
        EventLogPanel log(panel(PanelKind::EventLog, {QStringLiteral("ops/events")}), &store);
        QVERIFY(log.refresh(0));
        const QBrush plain = QListWidgetItem().foreground();
        QCOMPARE(log.list()->item(0)->foreground() != plain, severity > 0);
    }

    void tileWithoutThresholdsDoesNotJudgeTheChange()
    {
        ChannelStore store;
        auto c = store.channel(QStringLiteral("f/x"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        c->appendNumber(now - 10, 1);
        c->appendNumber(now, 2);
        TilePanel tile(panel(PanelKind::Tile, {QStringLiteral("f/x")}), &store);
        QVERIFY(tile.refresh(now));
        QCOMPARE(tile.deltaTone(), 0);
        QCOMPARE(tile.alert(), PanelConfig::Alert::Normal);
    }

    void scoreboardBuildsRowsAndHighlightsChanges()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        store.channel(QStringLiteral("m/score/m1/home"))
            ->appendText(now, QStringLiteral("Arsenal"));
        store.channel(QStringLiteral("m/score/m1/homeGoals"))->appendNumber(now, 1);
        store.channel(QStringLiteral("m/score/m2/home"))->appendText(now, QStringLiteral("Leeds"));
        store.channel(QStringLiteral("m/score/m2/homeGoals"))->appendNumber(now, 0);
        PanelConfig cfg = panel(PanelKind::Scoreboard, {QStringLiteral("m/score/*/*")});
        cfg.columns = {QStringLiteral("home"), QStringLiteral("homeGoals")};
        ScoreboardPanel board(cfg, &store);
        QVERIFY(board.refresh(now));
        QTableWidget *t = board.table();
        QCOMPARE(t->rowCount(), 2);
        QCOMPARE(t->columnCount(), 2);
        QCOMPARE(t->horizontalHeaderItem(1)->text(), QStringLiteral("Home goals"));
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("Arsenal"));
        QCOMPARE(t->item(1, 1)->text(), QStringLiteral("0"));
        QCOMPARE(t->item(0, 1)->background().style(), Qt::NoBrush); // first value: no flash

        store.channel(QStringLiteral("m/score/m1/homeGoals"))->appendNumber(now + 5, 2);
        QVERIFY(board.refresh(now + 5));
        QCOMPARE(t->item(0, 1)->text(), QStringLiteral("2"));
        QVERIFY(t->item(0, 1)->background().style() != Qt::NoBrush);
        QCOMPARE(t->item(1, 1)->background().style(), Qt::NoBrush);
        board.refresh(now + ScoreboardPanel::HighlightMs + 10);
        QCOMPARE(t->item(0, 1)->background().style(), Qt::NoBrush);
    }

    void scoreboardCellThatChangesAllTheTimeDoesNotStayLit()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto clock = store.channel(QStringLiteral("m/score/m1/clock"));
        auto goals = store.channel(QStringLiteral("m/score/m1/homeGoals"));
        clock->appendText(now, QStringLiteral("1'"));
        goals->appendNumber(now, 0);
        PanelConfig cfg = panel(PanelKind::Scoreboard, {QStringLiteral("m/score/*/*")});
        cfg.columns = {QStringLiteral("clock"), QStringLiteral("homeGoals")};
        ScoreboardPanel board(cfg, &store);
        QVERIFY(board.refresh(now));
        QTableWidget *t = board.table();
        const auto lit = [t](int column) {
            return t->item(0, column)->background().style() != Qt::NoBrush;
        };
        // The clock ticks every 2 s: its first change flashes, the ones right after do not.
        qint64 at = now;
        for (int minute = 2; minute <= 6; ++minute) {
            at += 2000;
            clock->appendText(at, QStringLiteral("%1'").arg(minute));
            board.refresh(at);
            QCOMPARE(lit(0), minute == 2);
        }
        // A goal after a quiet spell does flash, while the clock keeps ticking unlit.
        at += 2000;
        clock->appendText(at, QStringLiteral("7'"));
        goals->appendNumber(at, 1);
        board.refresh(at);
        QVERIFY(!lit(0));
        QVERIFY(lit(1));
        // A clock that stops for the calm period flashes again when it moves.
        at += ScoreboardPanel::CalmMs;
        clock->appendText(at, QStringLiteral("8'"));
        board.refresh(at);
        QVERIFY(lit(0));
    }

    void scoreboardKeyColumnAndRowsArrivingOutOfOrder()
    {
        // Retained MQTT values arrive room by room: "office" first, "kitchen" later sorts
        // before it, and every row must still show its own values under its own key.
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        store.channel(QStringLiteral("home/office/temperature"))->appendNumber(now, 21.5);
        PanelConfig cfg = panel(PanelKind::Scoreboard, {QStringLiteral("home/*/*")});
        cfg.columns = {QStringLiteral("temperature")};
        cfg.keyColumn = QStringLiteral("Room");
        ScoreboardPanel board(cfg, &store);
        QVERIFY(board.refresh(now));
        QTableWidget *t = board.table();
        QCOMPARE(t->columnCount(), 2);
        QCOMPARE(t->horizontalHeaderItem(0)->text(), QStringLiteral("Room"));
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("office"));
        QCOMPARE(t->item(0, 1)->text(), QStringLiteral("21.50"));

        store.channel(QStringLiteral("home/kitchen/temperature"))->appendNumber(now + 1, 19.25);
        QVERIFY(board.refresh(now + 1));
        QCOMPARE(t->rowCount(), 2);
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("kitchen"));
        QCOMPARE(t->item(0, 1)->text(), QStringLiteral("19.25"));
        QCOMPARE(t->item(1, 0)->text(), QStringLiteral("office"));
        QCOMPARE(t->item(1, 1)->text(), QStringLiteral("21.50"));
        QCOMPARE(t->item(1, 1)->background().style(), Qt::NoBrush); // moved, not changed
    }

    void eventLogIsNewestFirstAndBounded()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("ops/alert"));
        PanelConfig cfg = panel(PanelKind::EventLog, {QStringLiteral("ops/**")});
        cfg.maxEvents = 5;
        EventLogPanel log(cfg, &store);
        for (int i = 1; i <= 8; ++i)
            c->appendText(now + i, QStringLiteral("event %1").arg(i));
        QVERIFY(log.refresh(now + 10));
        QCOMPARE(log.list()->count(), 5);
        QVERIFY(log.list()->item(0)->text().endsWith(QStringLiteral("event 8")));
        QVERIFY(log.list()->item(4)->text().endsWith(QStringLiteral("event 4")));
        QVERIFY(!log.refresh(now + 11)); // nothing new
        c->appendText(now + 12, QStringLiteral("event 9"));
        QVERIFY(log.refresh(now + 12));
        QVERIFY(log.list()->item(0)->text().endsWith(QStringLiteral("event 9")));
        QCOMPARE(log.list()->count(), 5);
    }

    void zoomAndPanOverAMillionPointHistory()
    {
        ChannelStore store(1000000);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("f/x"));
        // One million points over the last ~17 minutes; a spike 10 minutes ago.
        for (int i = 0; i < 1000000; ++i) {
            const qint64 t = now - 1000000 + i;
            c->appendNumber(t, t == now - 600000 ? 500.0 : double(i % 100));
        }
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(800, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QVERIFY(chart.refresh(now));
        QVERIFY(chart.isLive());
        QCOMPARE(chart.spanMs(), qint64(60000));
        const int columns = std::max(50, int(chart.view()->chart()->plotArea().width()));

        chart.zoom(32.0); // 32 minutes: the whole history
        QVERIFY(chart.refresh(now));
        QCOMPARE(chart.spanMs(), qint64(60000 * 32));
        QVERIFY(chart.pointCount() <= 2 * columns + 2);
        auto *y = qobject_cast<QValueAxis *>(chart.view()->chart()->axes(Qt::Vertical).first());
        QVERIFY2(y->max() >= 500, "the spike must survive decimation of 1M points");

        chart.goLive();
        chart.refresh(now);
        chart.pan(9 * 60000); // drag 9 minutes back: the view ends 9 minutes ago
        QVERIFY(!chart.isLive());
        QVERIFY(chart.refresh(now + 100));
        QVERIFY(std::abs(chart.viewEnd() - (now - 9 * 60000)) < 1000);
        QVERIFY(y->max() < 500); // the spike is 10 minutes back, outside [-10, -9] min
        chart.pan(60000);
        QVERIFY(chart.refresh(now + 200));
        QVERIFY(y->max() >= 500);
        QVERIFY(!chart.refresh(now + 300)); // a still view over history does no work

        chart.goLive();
        QVERIFY(chart.isLive());
        QVERIFY(chart.refresh(now + 400));
        QVERIFY(std::abs(chart.viewEnd() - (now + 400)) < 5);
    }

    void chartScrollsFromMemoryIntoStoredHistory()
    {
        // A day at 1 Hz on disk; the channel keeps only its last 1000 samples in memory.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 day = 24 * 3600 * 1000LL;
        const qint64 spikeAt = now - 20 * 3600 * 1000LL; // 20 hours ago
        const auto value = [&](qint64 t) { return t == spikeAt ? 900.0 : double((t / 1000) % 50); };
        {
            ChannelStore written(1 << 20);
            history::Historian historian(&written);
            QString error;
            QVERIFY2(historian.open(path, &error), qPrintable(error));
            auto c = written.channel(QStringLiteral("f/x"));
            for (qint64 t = now - day; t <= now; t += 1000)
                c->appendNumber(t, value(t));
        }
        ChannelStore store(1000);
        for (qint64 t = now - day; t <= now; t += 1000)
            store.channel(QStringLiteral("f/x"))->appendNumber(t, value(t));
        QCOMPARE(store.find(QStringLiteral("f/x"))->numberCount(), qsizetype(1000));
        history::HistoryStore reader;
        QString error;
        QVERIFY2(reader.open(path, history::HistoryStore::Mode::ReadOnly, &error),
                 qPrintable(error));
        ChartPanel chart(panel(PanelKind::Chart, {QStringLiteral("f/x")}), &store);
        chart.resize(800, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        auto *y = qobject_cast<QValueAxis *>(chart.view()->chart()->axes(Qt::Vertical).first());
        chart.refresh(now);
        chart.zoom(24.0 * 60); // a day: 23.7 hours of it only on disk
        QVERIFY(chart.refresh(now + 10));
        const qsizetype memoryOnly = chart.pointCount();
        QVERIFY(y->max() < 900); // without the file the spike is gone
        chart.setHistory(&reader);
        chart.pan(1);
        QVERIFY(chart.refresh(now + 20));
        QVERIFY2(y->max() >= 900, "the spike 20 hours back comes from the file");
        QVERIFY(chart.pointCount() > memoryOnly * 10);
        const int columns = std::max(50, int(chart.view()->chart()->plotArea().width()));
        // (the y axis labels grew by a digit with the spike: the plot is a little narrower now)
        QVERIFY2(chart.pointCount() <= 2 * (columns + 30),
                 qPrintable(
                     QStringLiteral("%1 points, %2 columns").arg(chart.pointCount()).arg(columns)));
        // Points are in time order across the seam between file and memory.
        const auto *series = qobject_cast<QLineSeries *>(chart.view()->chart()->series().first());
        const QList<QPointF> points = series->points();
        for (qsizetype i = 1; i < points.size(); ++i)
            QVERIFY(points[i].x() >= points[i - 1].x());
        // Panned to the spike's hour: read from the file alone.
        chart.goLive();
        chart.refresh(now + 30);
        chart.zoom(60.0); // an hour
        chart.pan(now + 30 - (spikeAt + 1800 * 1000));
        QVERIFY(chart.refresh(now + 40));
        QVERIFY(y->max() >= 900);
    }

    void dashboardSpreadsChartRefreshesOverIterations()
    {
        // 12 charts with new data: one frame refreshes them all, but at most three per
        // event-loop iteration, and a batch is painted before the next batch is refreshed.
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QList<PanelConfig> configs;
        for (int k = 0; k < 12; ++k) {
            const QString name = QStringLiteral("f/c%1").arg(k);
            for (int i = 0; i < 50; ++i)
                store.channel(name)->appendNumber(now - 5000 + i * 100, i % 7);
            PanelConfig cfg = panel(PanelKind::Chart, {name});
            cfg.row = k / 4;
            cfg.column = k % 4;
            configs.append(cfg);
        }
        DashboardView view(&store);
        view.setFrameInterval(100000); // frames only when the test ticks
        view.setChartsPerIteration(3);
        view.setChartBudget(1000); // the count, not the clock, bounds this test
        view.setPanels(configs);
        view.resize(1200, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(!view.frameInProgress());
        QList<ChartPanel *> charts;
        for (Panel *p : view.panels())
            charts.append(qobject_cast<ChartPanel *>(p));
        QCOMPARE(charts.size(), 12);
        // Per chart: the iteration that refreshed it last, and the one current at its paint.
        QList<quint64> paintedAt(12, 0);
        for (int k = 0; k < 12; ++k)
            charts[k]->setPaintObserver([&, k] { paintedAt[k] = view.chartIterations(); });
        auto refreshes = [&] {
            QList<quint64> r;
            for (ChartPanel *c : std::as_const(charts))
                r.append(c->refreshCount());
            return r;
        };
        for (int k = 0; k < 12; ++k)
            store.channel(QStringLiteral("f/c%1").arg(k))->appendNumber(now + 10, 99);
        const QList<quint64> before = refreshes();
        const quint64 iterationsBefore = view.chartIterations();
        view.tick();
        int refreshedNow = 0;
        for (int k = 0; k < 12; ++k)
            refreshedNow += refreshes()[k] > before[k] ? 1 : 0;
        QCOMPARE(refreshedNow, 3);
        QVERIFY(view.frameInProgress());
        QTRY_VERIFY(!view.frameInProgress());
        for (int k = 0; k < 12; ++k)
            QCOMPARE(refreshes()[k], before[k] + 1); // every dirty chart, once per frame
        QCOMPARE(view.chartIterations() - iterationsBefore, quint64(4));
        QVERIFY(view.maxChartsInOneIteration() <= 3);
        // Each batch painted before the next one ran: the iteration count at each paint is
        // the iteration that refreshed the chart.
        QTRY_VERIFY(std::all_of(paintedAt.begin(), paintedAt.end(),
                                [&](quint64 i) { return i > iterationsBefore; }));
        QList<int> perIteration(5, 0);
        for (quint64 at : std::as_const(paintedAt))
            ++perIteration[int(std::min<quint64>(at - iterationsBefore, 4))];
        QCOMPARE(perIteration, QList<int>({0, 3, 3, 3, 3}));
    }

    void dashboardFrameIntervalFollowsTheChartsCost()
    {
        ChannelStore store;
        DashboardView view(&store);
        view.setAdaptiveFrameInterval(16, 100, 0.4);
        QCOMPARE(view.frameInterval(), 16);
        view.setFrameInterval(40);
        QCOMPARE(view.frameInterval(), 40);
        // One cheap chart: 60 Hz; twelve charts at 2 ms: 60 ms; never slower than the max.
        QCOMPARE(DashboardView::adaptiveInterval(1.5, 16, 100, 0.4), 16);
        QCOMPARE(DashboardView::adaptiveInterval(24.0, 16, 100, 0.4), 60);
        QCOMPARE(DashboardView::adaptiveInterval(400.0, 16, 100, 0.4), 100);
    }

    void pauseFreezesPanelsWhileTheStoreFills()
    {
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto c = store.channel(QStringLiteral("f/x"));
        c->appendNumber(now, 1);
        DashboardView view(&store);
        PanelConfig tile = panel(PanelKind::Tile, {QStringLiteral("f/x")});
        tile.decimals = 0;
        view.setPanels({tile});
        view.resize(400, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *t = qobject_cast<TilePanel *>(view.panels().first());
        QTRY_COMPARE(t->valueText(), QStringLiteral("1"));
        view.setPaused(true);
        c->appendNumber(now + 1, 7);
        view.tick();
        QCOMPARE(t->valueText(), QStringLiteral("1"));
        QCOMPARE(c->numberCount(), 2);
        view.setPaused(false);
        view.tick();
        QCOMPARE(t->valueText(), QStringLiteral("7"));
    }

    // Last: it changes the application's style for the tests after it.
    void checkBoxesAreVisibleOnTheDarkLook()
    {
        applyWallScreenLook(*qobject_cast<QApplication *>(QCoreApplication::instance()));
        for (const bool checked : {false, true}) {
            QCheckBox box(QStringLiteral("Warning at or above"));
            box.setChecked(checked);
            box.resize(box.sizeHint());
            const QImage image = box.grab().toImage();
            QStyleOptionButton option;
            option.initFrom(&box);
            const QRect indicator =
                box.style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, &box);
            const QColor window = box.palette().color(QPalette::Window);
            // The box's edge must stand out from the window around it.
            int contrast = 0;
            for (int x = indicator.left(); x <= indicator.right(); ++x)
                for (int y : {indicator.top(), indicator.bottom()})
                    contrast = std::max(contrast,
                                        std::abs(qGray(image.pixel(x, y)) - qGray(window.rgb())));
            QVERIFY2(
                contrast >= 60,
                qPrintable(
                    QStringLiteral("checked %1: edge contrast %2").arg(checked).arg(contrast)));
        }
    }
};

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
