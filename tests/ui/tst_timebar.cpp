// The dashboard's time control over a real history file: a past range shows every panel as it
// stood at the range's end, a replay plays samples through the panels in time order at speed,
// and Live returns to the live store.
#include "history/historian.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "panels/tilepanel.h"
#include "window/exportdialog.h"
#include "window/historyplayback.h"
#include "window/timebar.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace livedash;

class TestTimeBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pastRangeAndReplay()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 start = now - 3 * 3600 * 1000LL; // three hours ago, one sample a second
        {
            ChannelStore written(1 << 20);
            history::Historian historian(&written);
            QString error;
            QVERIFY2(historian.open(path, &error), qPrintable(error));
            const ChannelPtr x = written.channel(QStringLiteral("f/x"));
            const ChannelPtr log = written.channel(QStringLiteral("f/log"));
            for (qint64 i = 0; i < 3600; ++i) {
                x->appendNumber(start + i * 1000, double(i));
                if (i % 600 == 0)
                    log->appendText(start + i * 1000, QStringLiteral("event %1").arg(i));
            }
        }
        ChannelStore live;
        live.channel(QStringLiteral("f/x"))->appendNumber(now, -1.0);
        DashboardView view(&live);
        PanelConfig tile;
        tile.kind = PanelKind::Tile;
        tile.title = QStringLiteral("x");
        tile.channels = {QStringLiteral("f/x")};
        tile.decimals = 0;
        PanelConfig chart = tile;
        chart.kind = PanelKind::Chart;
        chart.column = 1;
        view.setPanels({tile, chart});
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        TimeBar bar(&view);
        bar.setHistory(path, {QStringLiteral("f")}, 600000);
        const auto tileText = [&] {
            view.tick();
            // Digits only: the locale's group separator is not what this test is about.
            return qobject_cast<TilePanel *>(view.panels().first())
                ->valueText()
                .remove(QRegularExpression(QStringLiteral("[^0-9.-]")));
        };
        QCOMPARE(tileText(), QStringLiteral("-1"));

        // Half an hour in: the tile shows the value of that moment, the chart its last 10 min.
        QVERIFY2(bar.showRange(start + 20 * 60000, start + 30 * 60000),
                 qPrintable(bar.lastError()));
        QVERIFY(!bar.isLive());
        auto *mode = bar.findChild<QLabel *>(QStringLiteral("timeMode"));
        QVERIFY(mode);
        const auto modeShown = [&] {
            const QList<QAction *> actions = bar.actions();
            return std::any_of(actions.cbegin(), actions.cend(), [&](QAction *a) {
                return bar.widgetForAction(a) == mode && a->isVisible();
            });
        };
        QVERIFY(modeShown());
        QCOMPARE(mode->text(), QStringLiteral("HISTORY"));
        QCOMPARE(tileText(), QStringLiteral("1800"));
        auto *c = qobject_cast<ChartPanel *>(view.panels().at(1));
        QVERIFY(c);
        QCOMPARE(c->spanMs(), qint64(10 * 60000));
        QTRY_VERIFY(c->pointCount() > 0);
        QCOMPARE(c->viewEnd(), start + 30 * 60000);

        // Replay the next minute at 100x: samples arrive in order, and it ends at the range end.
        HistoryPlayback *playback = bar.playback();
        QSignalSpy finished(playback, &HistoryPlayback::finished);
        QVERIFY(bar.showRange(start + 30 * 60000, start + 31 * 60000, 100));
        QVERIFY(playback->isPlaying());
        QCOMPARE(mode->text(), QStringLiteral("REPLAY"));
        const ChannelPtr replayed = playback->store()->find(QStringLiteral("f/x"));
        QVERIFY(replayed);
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 10000);
        QCOMPARE(playback->position(), start + 31 * 60000);
        QCOMPARE(replayed->lastNumber()->v, 1860.0);
        // Every second of the replayed minute arrived once, in time order.
        std::vector<Sample> seen;
        replayed->forEachNumber(start + 30 * 60000 + 1, start + 31 * 60000,
                                [&](const Sample &s) { seen.push_back(s); });
        QCOMPARE(seen.size(), size_t(60));
        for (size_t i = 0; i < seen.size(); ++i)
            QCOMPARE(seen[i].v, double(1801 + i));
        QCOMPARE(tileText(), QStringLiteral("1860"));
        // The event log's texts up to the position.
        QCOMPARE(playback->store()->find(QStringLiteral("f/log"))->lastText()->text,
                 QStringLiteral("event 1800"));

        // A click on the scrubber's track a quarter of the way along seeks there.
        auto *scrubber = bar.findChild<QSlider *>(QStringLiteral("replayScrubber"));
        QVERIFY(scrubber);
        bar.resize(1400, bar.sizeHint().height());
        bar.show();
        QTRY_VERIFY(scrubber->isVisible() && scrubber->width() > 100);
        QTest::mouseClick(scrubber, Qt::LeftButton, {},
                          QPoint(scrubber->width() / 4, scrubber->height() / 2));
        QVERIFY2(playback->position() > start + 30 * 60000 + 6000 &&
                     playback->position() < start + 30 * 60000 + 24000,
                 qPrintable(QString::number(playback->position() - start - 30 * 60000)));
        playback->seek(start + 31 * 60000);

        // Step back ten seconds, then Live again.
        playback->step(-10000);
        QCOMPARE(playback->position(), start + 31 * 60000 - 10000);
        QCOMPARE(tileText(), QStringLiteral("1850"));
        bar.showLive(0);
        QVERIFY(bar.isLive());
        QVERIFY(!modeShown());
        QCOMPARE(tileText(), QStringLiteral("-1"));
    }

    void exportsImagesAndCsv()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        const qint64 start = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000LL;
        ChannelStore live;
        {
            history::Historian historian(&live);
            QString error;
            QVERIFY2(historian.open(path, &error), qPrintable(error));
            for (qint64 i = 0; i < 100; ++i)
                live.channel(QStringLiteral("f/x"))->appendNumber(start + i * 1000, double(i) / 4);
            live.channel(QStringLiteral("g/y"))->appendNumber(start, 1);
        }
        DashboardView view(&live);
        PanelConfig chart;
        chart.kind = PanelKind::Chart;
        chart.title = QStringLiteral("Throughput");
        chart.channels = {QStringLiteral("f/x")};
        view.setPanels({chart});
        view.resize(600, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.tick();
        QString error;
        const QString png = dir.filePath(QStringLiteral("chart.png"));
        QVERIFY2(saveWidgetImage(view.panels().first(), png, &error), qPrintable(error));
        const QImage image(png);
        QCOMPARE(image.size(), view.panels().first()->size());
        const QString svg = dir.filePath(QStringLiteral("dashboard.svg"));
        QVERIFY2(saveWidgetImage(&view, svg, &error), qPrintable(error));
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray drawing = svgFile.readAll();
        QVERIFY(drawing.contains("<svg"));
        QVERIFY(drawing.contains("Throughput")); // the title is text in the drawing

        // CSV of feed f only, over the first 10 s, long layout, epoch times.
        ExportDialog dialog(path, {QStringLiteral("f")}, start, start + 9000);
        QCOMPARE(dialog.channelList()->count(), 1);
        QCOMPARE(dialog.channelList()->item(0)->text(), QStringLiteral("f/x"));
        dialog.timeChoice()->setCurrentIndex(1);
        const QString csv = dir.filePath(QStringLiteral("out.csv"));
        QVERIFY2(dialog.exportTo(csv, &error), qPrintable(error));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csvFile.readAll().split('\n');
        QCOMPARE(lines.first().trimmed(), QByteArray("time,channel,value,text"));
        QCOMPARE(lines.at(1).trimmed(), QByteArray::number(start) + ",f/x,0,");
        QCOMPARE(lines.at(2).trimmed(), QByteArray::number(start + 1000) + ",f/x,0.25,");
        QCOMPARE(lines.size(), 1 + 10 + 1); // header, 10 rows, the empty string after the last
        // Nothing chosen: said so.
        dialog.channelList()->item(0)->setCheckState(Qt::Unchecked);
        QVERIFY(!dialog.exportTo(csv, &error));
        QVERIFY(error.contains(QStringLiteral("channel")));
    }

    void viewClosedDuringReplay()
    {
        // The window closes mid-replay: the view goes before the time bar (the main window's
        // children), and nothing touches it afterwards (ASan in CI would see it).
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.sqlite"));
        const qint64 start = QDateTime::currentMSecsSinceEpoch() - 600000;
        ChannelStore live;
        {
            history::Historian historian(&live);
            QString error;
            QVERIFY2(historian.open(path, &error), qPrintable(error));
            for (qint64 i = 0; i < 300; ++i)
                live.channel(QStringLiteral("f/x"))->appendNumber(start + i * 1000, double(i));
        }
        auto *view = new DashboardView(&live);
        PanelConfig tile;
        tile.kind = PanelKind::Tile;
        tile.channels = {QStringLiteral("f/x")};
        view->setPanels({tile});
        auto bar = std::make_unique<TimeBar>(view);
        bar->setHistory(path, {QStringLiteral("f")}, 60000);
        QVERIFY(bar->showRange(start, start + 300000, 10));
        QVERIFY(bar->playback()->isPlaying());
        delete view;
        QTest::qWait(100); // the replay's timer fires with the view gone
        bar.reset();
    }

    void noHistoryNoPastRange()
    {
        ChannelStore live;
        DashboardView view(&live);
        TimeBar bar(&view);
        bar.setHistory(QString(), {}, 0);
        QVERIFY(!bar.showRange(0, 1000));
        QVERIFY(bar.lastError().contains(QStringLiteral("no history")));
        QVERIFY(bar.isLive());
    }
};

QTEST_MAIN(TestTimeBar)
#include "tst_timebar.moc"
