// The built-in demo dashboard in the real main window: every panel gets data from the demo
// sources through the real WebSocket, HTTP and SSE plugins, and this computer's own values
// through the system plugin.
#include "demosources.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "panels/barpanel.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "panels/eventlogpanel.h"
#include "panels/gaugepanel.h"
#include "panels/scoreboardpanel.h"
#include "panels/statetimelinepanel.h"
#include "panels/tilepanel.h"
#include "store/channelstore.h"
#include "window/mainwindow.h"

#include <QListWidget>
#include <QTableWidget>
#include <QTest>

using namespace livedash;

class TestDemoDashboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPanelComesAlive()
    {
        QString error;
        const auto dashboard = Dashboard::load(
            QStringLiteral(LIVEDASH_SOURCE_DIR "/resources/demo-dashboard.json"), &error);
        QVERIFY2(dashboard, qPrintable(error));
        PluginRegistry registry;
        registry.loadFrom(PluginRegistry::defaultSearchPaths());
        for (const QString &kind : {QStringLiteral("websocket"), QStringLiteral("http"),
                                    QStringLiteral("sse"), QStringLiteral("system")})
            QVERIFY2(registry.plugin(kind), qPrintable(kind));
        DemoSources demo;
        QVERIFY2(demo.start(&error), qPrintable(error));
        IngestEngine engine(&registry);
        demo.exportTo(engine.variables());
        {
            MainWindow window(&registry, &engine);
            window.setDashboard(*dashboard, QString());
            window.resize(1400, 900);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            const auto &panels = window.dashboardView()->panels();
            // Checked after the "This computer" CPU panels have data (so two readings were
            // made): whether it reports an interface at all.
            const auto hasNetworkInterface = [&engine] {
                return !engine.store().match(QStringLiteral("system/net/*/*")).isEmpty();
            };
            QCOMPARE(panels.size(), dashboard->panels.size());
            // Live charts move within two seconds of start (ARCHITECTURE.md); allow slack.
            for (Panel *p : panels) {
                // The demo's network chart shows this computer's interfaces other than
                // loopback: a machine (a CI container) may have none.
                if (p->config().channels.value(0).startsWith(QLatin1String("system/net/")) &&
                    !hasNetworkInterface())
                    continue;
                if (auto *chart = qobject_cast<ChartPanel *>(p))
                    QTRY_VERIFY2_WITH_TIMEOUT(chart->pointCount() > 0,
                                              qPrintable(p->config().title), 5000);
                else if (auto *tile = qobject_cast<TilePanel *>(p))
                    QTRY_VERIFY2_WITH_TIMEOUT(tile->valueText() != QStringLiteral("–"),
                                              qPrintable(p->config().title), 5000);
                else if (auto *board = qobject_cast<ScoreboardPanel *>(p)) {
                    QTRY_VERIFY2_WITH_TIMEOUT(board->table()->rowCount() >= 3,
                                              qPrintable(p->config().title), 5000);
                    // The match ids (m1, m2...) the charts' legends use are the first column.
                    QCOMPARE(board->table()->horizontalHeaderItem(0)->text(),
                             QStringLiteral("Match"));
                    QTRY_COMPARE(board->table()->item(0, 0)->text(), QStringLiteral("m1"));
                } else if (auto *log = qobject_cast<EventLogPanel *>(p)) {
                    QTRY_VERIFY2_WITH_TIMEOUT(log->list()->count() > 0,
                                              qPrintable(p->config().title), 10000);
                } else if (auto *gauge = qobject_cast<GaugePanel *>(p)) {
                    QTRY_VERIFY2_WITH_TIMEOUT(gauge->value().has_value(),
                                              qPrintable(p->config().title), 5000);
                } else if (auto *bars = qobject_cast<BarPanel *>(p)) {
                    QTRY_VERIFY2_WITH_TIMEOUT(bars->bars().size() >= 5,
                                              qPrintable(p->config().title), 5000);
                } else if (auto *timeline = qobject_cast<StateTimelinePanel *>(p)) {
                    // One row per match, each with a band of its current period.
                    QTRY_VERIFY2_WITH_TIMEOUT(timeline->rows().size() == 3,
                                              qPrintable(p->config().title), 5000);
                    for (qsizetype i = 0; i < 3; ++i)
                        QTRY_VERIFY2_WITH_TIMEOUT(!timeline->rows()[i].bands.isEmpty(),
                                                  qPrintable(p->config().title), 5000);
                } else {
                    QFAIL(qPrintable(QStringLiteral("no check for panel ") + p->config().title));
                }
            }
            // Charts keep moving: more points a second later.
            for (Panel *p : panels) {
                if (p->config().channels.value(0).startsWith(QLatin1String("system/net/")) &&
                    !hasNetworkInterface())
                    continue;
                if (auto *chart = qobject_cast<ChartPanel *>(p)) {
                    const quint64 before = chart->refreshCount();
                    QTRY_VERIFY_WITH_TIMEOUT(chart->refreshCount() > before, 3000);
                }
            }
            for (const FeedStatus &s : engine.board().snapshot()) {
                QCOMPARE(s.state, FeedState::Live);
                QCOMPARE(s.rejected, quint64(0));
            }
        }
        engine.shutdown();
    }
};

QTEST_MAIN(TestDemoDashboard)
#include "tst_demodashboard.moc"
