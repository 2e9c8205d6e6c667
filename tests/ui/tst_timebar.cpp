// The dashboard's time control over a real history file: a past range shows every panel as it
// stood at the range's end, a replay plays samples through the panels in time order at speed,
// and Live returns to the live store.
#include "history/historian.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "panels/tilepanel.h"
#include "window/historyplayback.h"
#include "window/timebar.h"

#include <QApplication>
#include <QDateTime>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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

        // Step back ten seconds, then Live again.
        playback->step(-10000);
        QCOMPARE(playback->position(), start + 31 * 60000 - 10000);
        QCOMPARE(tileText(), QStringLiteral("1850"));
        bar.showLive(0);
        QVERIFY(bar.isLive());
        QCOMPARE(tileText(), QStringLiteral("-1"));
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
