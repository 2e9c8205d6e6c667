// The wall: several dashboards open at once as tabs, a feed two of them use running once and
// never restarted by switching, and kiosk mode rotating through them, holding on the dashboard
// whose alarm is firing, and asking before it is left.
#include "alarms/alarmengine.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"
#include "panels/dashboardview.h"
#include "panels/panel.h"
#include "window/alarmnotifier.h"
#include "window/feedstatusview.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QTabBar>
#include <QTest>
#include <QTimer>

using namespace livedash;

namespace {

FeedConfig pollFeed(const QString &id, const QUrl &url)
{
    FeedConfig feed;
    feed.id = id;
    feed.name = id;
    feed.plugin = QStringLiteral("http");
    feed.options = {{QStringLiteral("url"), url.toString()}, {QStringLiteral("intervalMs"), 100}};
    ChannelMapping v;
    v.path = QStringLiteral("v");
    v.channel = QStringLiteral("v");
    feed.fields.channels = {v};
    return feed;
}

PanelConfig panel(PanelKind kind, const QString &title, const QString &channel, int column = 0)
{
    PanelConfig p;
    p.kind = kind;
    p.title = title;
    p.channels = {channel};
    p.column = column;
    return p;
}

quint64 messagesOf(IngestEngine &engine, const QString &id)
{
    for (const FeedStatus &s : engine.board().snapshot())
        if (s.id == id)
            return s.messages;
    return 0;
}

/// Answers the next message box (kiosk's "Leave kiosk mode?") with `button`, once it shows.
void answerNextMessageBox(QMessageBox::StandardButton button, int *asked)
{
    auto *poll = new QTimer(qApp);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, button, asked] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            ++*asked;
            poll->deleteLater();
            box->button(button)->click();
        }
    });
    poll->start(20);
}

} // namespace

class TestWall : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tabsShareAFeedAndSwitchingRestartsNothing()
    {
        LocalHttpServer server;
        int polls = 0;
        server.route("/m", [&polls](HttpExchange *x) {
            ++polls;
            x->respond(200, QStringLiteral(R"({"v": %1})").arg(polls).toUtf8());
        });
        QVERIFY(server.listen());
        PluginRegistry registry;
        registry.loadFrom(PluginRegistry::defaultSearchPaths());
        QVERIFY(registry.plugin(QStringLiteral("http")));
        IngestEngine engine(&registry);
        {
            MainWindow window(&registry, &engine);
            Dashboard a;
            a.name = QStringLiteral("Ops");
            a.feeds = {pollFeed(QStringLiteral("m"), server.url(QStringLiteral("/m")))};
            a.panels = {panel(PanelKind::Chart, QStringLiteral("Load"), QStringLiteral("m/v"))};
            Dashboard b;
            b.name = QStringLiteral("Lobby");
            b.feeds = a.feeds; // the same feed: runs once for both
            b.panels = {panel(PanelKind::Tile, QStringLiteral("Now"), QStringLiteral("m/v")),
                        panel(PanelKind::Tile, QStringLiteral("Also"), QStringLiteral("m/v"), 1)};
            window.setDashboard(a, QString());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.tabBar()->isHidden()); // one dashboard: no tab bar
            window.openDashboard(b, QString());
            QCOMPARE(window.dashboardCount(), 2);
            QCOMPARE(window.currentDashboard(), 1);
            QVERIFY(window.tabBar()->isVisible());
            QCOMPARE(window.tabBar()->tabText(0), QStringLiteral("Ops"));
            QCOMPARE(window.tabBar()->tabText(1), QStringLiteral("Lobby"));
            QCOMPARE(window.dashboardView()->panels().size(), 2);

            QCOMPARE(engine.board().snapshot().size(), 1);
            QTRY_COMPARE(engine.activeFeeds(), 1);
            QTRY_VERIFY(messagesOf(engine, QStringLiteral("m")) >= 3);

            // Ctrl+1 and Ctrl+Tab switch; the feed's counters only ever grow (never restarted).
            quint64 seen = messagesOf(engine, QStringLiteral("m"));
            QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
            QCOMPARE(window.currentDashboard(), 0);
            QCOMPARE(window.dashboardView()->panels().size(), 1);
            QCOMPARE(window.dashboardView()->panels().first()->config().title,
                     QStringLiteral("Load"));
            for (int i = 0; i < 4; ++i) {
                QTest::keyClick(&window, Qt::Key_Tab, Qt::ControlModifier);
                QCOMPARE(window.currentDashboard(), (i + 1) % 2);
                QTest::qWait(150);
                const quint64 now = messagesOf(engine, QStringLiteral("m"));
                QVERIFY2(now >= seen, "the feed was restarted by a tab switch");
                seen = now;
            }
            QTRY_VERIFY(messagesOf(engine, QStringLiteral("m")) > seen);
            QCOMPARE(engine.activeFeeds(), 1);

            // The same id with other settings in a third tab: not run for it, and said.
            Dashboard c;
            c.name = QStringLiteral("Other");
            c.feeds = {pollFeed(QStringLiteral("m"), server.url(QStringLiteral("/elsewhere")))};
            window.openDashboard(c, QString());
            QCOMPARE(window.conflictingFeedsAt(2), QStringList{QStringLiteral("m")});
            QVERIFY(window.tabBar()->tabToolTip(2).contains(QStringLiteral("different feed")));
            QCOMPARE(engine.board().snapshot().size(), 1);
            QCOMPARE(engine.activeFeeds(), 1);

            // Closing a tab whose feed another tab uses keeps it running.
            window.closeDashboard(0);
            QCOMPARE(window.dashboardCount(), 2);
            seen = messagesOf(engine, QStringLiteral("m"));
            QTRY_VERIFY(messagesOf(engine, QStringLiteral("m")) > seen);
            QCOMPARE(window.dashboardAt(0).name, QStringLiteral("Lobby"));
            // The Feeds dock shows the feeds of the dashboard in view.
            window.showDashboard(0);
            window.statusView()->model()->refresh();
            QCOMPARE(window.statusView()->model()->statuses().size(), 1);
        }
        engine.shutdown();
    }

    void kioskRotatesAndHoldsOnAFiringAlarm()
    {
        PluginRegistry registry;
        IngestEngine engine(&registry);
        MainWindow window(&registry, &engine);
        window.notifier()->setEnabled(false); // no notification server on this bus
        Dashboard a;
        a.name = QStringLiteral("Scores");
        a.panels = {panel(PanelKind::Tile, QStringLiteral("Home"), QStringLiteral("s/home"))};
        Dashboard b;
        b.name = QStringLiteral("Plant");
        b.panels = {panel(PanelKind::Tile, QStringLiteral("Boiler"), QStringLiteral("p/temp"))};
        AlertRule hot;
        hot.name = QStringLiteral("Boiler hot");
        hot.channel = QStringLiteral("p/temp");
        hot.condition = AlertCondition::Above;
        hot.limit = 90;
        hot.latching = true;
        b.alerts = {hot};
        window.setDashboard(a, QString());
        window.openDashboard(b, QString());
        window.showDashboard(0);
        window.setKiosk({2, {}});
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isKiosk());
        QVERIFY(window.isFullScreen());
        QVERIFY(window.menuBar()->isHidden());

        // Rotation: every 2 s to the next dashboard.
        QTRY_COMPARE_WITH_TIMEOUT(window.currentDashboard(), 1, 8000);
        QTRY_COMPARE_WITH_TIMEOUT(window.currentDashboard(), 0, 8000);

        // The plant's boiler gets hot while the scores are shown: the wall turns to it and
        // stays there until the alarm is acknowledged.
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
        engine.store().channel(QStringLiteral("p/temp"))->appendNumber(t0, 95);
        QTRY_COMPARE_WITH_TIMEOUT(window.currentDashboard(), 1, 5000);
        QVERIFY(window.isRotationHeld());
        QVERIFY(window.tabBar()->tabText(1).startsWith(QStringLiteral("⚠")));
        auto *why = window.findChild<QLabel *>(QStringLiteral("kioskStatus"));
        QVERIFY(why && why->isVisible());
        QVERIFY2(why->text().contains(QStringLiteral("\"Plant\"")), qPrintable(why->text()));
        QTest::qWait(3000); // longer than a rotation step
        QCOMPARE(window.currentDashboard(), 1);
        // Back to normal, but latching: still firing, still held.
        engine.store().channel(QStringLiteral("p/temp"))->appendNumber(t0 + 1, 20);
        QTest::qWait(600);
        QVERIFY(window.isRotationHeld());
        QCOMPARE(window.alarmsAt(1)->acknowledgeAll(QStringLiteral("checked"),
                                                    QDateTime::currentMSecsSinceEpoch()),
                 1);
        QTRY_VERIFY(!window.isRotationHeld());
        QVERIFY(!why->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(window.currentDashboard(), 0, 8000);

        // Esc asks: No stays in kiosk mode, Yes leaves it.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        int asked = 0;
        answerNextMessageBox(QMessageBox::No, &asked);
        QTest::keyClick(&window, Qt::Key_Escape);
        QCOMPARE(asked, 1);
        QVERIFY(window.isKiosk());
        answerNextMessageBox(QMessageBox::Yes, &asked);
        window.activateWindow(); // the box had the focus
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Escape);
        QCOMPARE(asked, 2);
        QVERIFY(!window.isKiosk());
        QVERIFY(!window.menuBar()->isHidden());
        const int shown = window.currentDashboard();
        QTest::qWait(2500); // no rotation any more
        QCOMPARE(window.currentDashboard(), shown);
        engine.shutdown();
    }
};

QTEST_MAIN(TestWall)
#include "tst_wall.moc"
