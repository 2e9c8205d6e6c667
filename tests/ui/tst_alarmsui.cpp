// Alarms as the operator meets them in the window: a rule fires, a desktop notification reaches
// a real freedesktop notification server (on the test's own session bus), clicking it brings the
// Alarms dock up on that alarm, the status bar counts it in its severity's colour, the panels
// show it also while paused, acknowledging records who and why, and after a restart the history
// and the latched alarm are still there.
#include "alarms/alarmengine.h"
#include "history/historian.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "panels/tilepanel.h"
#include "widgets/palette.h"
#include "window/alarmnotifier.h"
#include "window/alarmsview.h"
#include "window/mainwindow.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace livedash;

namespace {

Dashboard alarmDashboard()
{
    Dashboard d;
    d.name = QStringLiteral("Plant wall");
    PanelConfig tile;
    tile.kind = PanelKind::Tile;
    tile.title = QStringLiteral("CPU");
    tile.channels = {QStringLiteral("m/cpu")};
    PanelConfig chart;
    chart.kind = PanelKind::Chart;
    chart.title = QStringLiteral("Load");
    chart.channels = {QStringLiteral("m/*")};
    chart.column = 1;
    d.panels = {tile, chart};
    AlertRule hot;
    hot.name = QStringLiteral("CPU hot");
    hot.channel = QStringLiteral("m/cpu");
    hot.condition = AlertCondition::Above;
    hot.limit = 90;
    hot.severity = AlertSeverity::Critical;
    hot.latching = true;
    d.alerts = {hot};
    return d;
}

} // namespace

class TestAlarmsUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void firingAlarmNotifiesAndIsAcknowledged();
    void historyAndLatchedAlarmSurviveARestart();

private:
    /// The notifications the server received so far.
    QList<QJsonObject> notifications() const;

    QTemporaryDir m_dir;
    QProcess m_bus;
    QProcess m_server;
    QString m_log;
};

void TestAlarmsUi::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath("config"));
    QCoreApplication::setOrganizationName(QStringLiteral("LivedashTest"));
    QCoreApplication::setApplicationName(QStringLiteral("alarms"));
    // A session bus of the test's own, and a notification server on it.
    m_bus.start(QStringLiteral("dbus-daemon"),
                {QStringLiteral("--session"), QStringLiteral("--nofork"),
                 QStringLiteral("--print-address=1")});
    QVERIFY2(m_bus.waitForStarted(), "dbus-daemon (Debian: dbus-daemon) is needed");
    QTRY_VERIFY(m_bus.canReadLine());
    const QByteArray address = m_bus.readLine().trimmed();
    QVERIFY(!address.isEmpty());
    qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    m_log = m_dir.filePath(QStringLiteral("notifications.jsonl"));
    m_server.setProcessChannelMode(QProcess::ForwardedChannels);
    m_server.start(QStringLiteral("/usr/bin/python3"),
                   {QStringLiteral(LIVEDASH_TEST_DIR "/notifyserver.py"), m_log});
    QVERIFY2(m_server.waitForStarted(), "/usr/bin/python3 with python3-dbus is needed");
    // The server writes "ready" once it owns the name.
    QTRY_VERIFY_WITH_TIMEOUT(QFile(m_log).size() > 0, 10000);
}

void TestAlarmsUi::cleanupTestCase()
{
    m_server.kill();
    m_server.waitForFinished();
    m_bus.kill();
    m_bus.waitForFinished();
}

QList<QJsonObject> TestAlarmsUi::notifications() const
{
    QList<QJsonObject> out;
    QFile file(m_log);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (line.startsWith('{'))
            out.append(QJsonDocument::fromJson(line).object());
    return out;
}

void TestAlarmsUi::firingAlarmNotifiesAndIsAcknowledged()
{
    PluginRegistry registry;
    IngestEngine engine(&registry);
    MainWindow window(&registry, &engine);
    window.setDashboard(alarmDashboard(), QString());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("alarmsDock"));
    QVERIFY(dock);
    QVERIFY(!dock->isVisible()); // nothing has fired
    QVERIFY(window.alarmButton()->isVisible());
    QCOMPARE(window.alarmButton()->text(), QStringLiteral("No alarms"));

    // The operator paused the panels; alarms are still evaluated and shown.
    window.dashboardView()->setPaused(true);
    const ChannelPtr cpu = engine.store().channel(QStringLiteral("m/cpu"));
    const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
    cpu->appendNumber(t0, 40);
    QTest::qWait(400);
    cpu->appendNumber(t0 + 1, 97.5);

    // The notification, on the real server: who, what, how bad.
    QTRY_COMPARE_WITH_TIMEOUT(notifications().size(), 1, 5000);
    const QJsonObject n = notifications().first();
    QCOMPARE(n.value("app").toString(), QStringLiteral("Livedash"));
    QCOMPARE(n.value("summary").toString(), QStringLiteral("CRITICAL: CPU hot"));
    QVERIFY2(n.value("body").toString().contains(QStringLiteral("m/cpu is 97.5 (above 90)")),
             qPrintable(n.value("body").toString()));
    QVERIFY(n.value("body").toString().contains(QStringLiteral("Plant wall")));
    QCOMPARE(n.value("urgency").toInt(), 2);
    QCOMPARE(n.value("timeout").toInt(), 0); // critical: stays until dismissed
    QTRY_COMPARE(window.notifier()->sent(), 1);

    // The dock came up with the alarm first; the status bar counts it in red.
    QTRY_VERIFY(dock->isVisible());
    QTreeWidget *active = window.alarmsView()->activeList();
    QCOMPARE(active->topLevelItemCount(), 1);
    QCOMPARE(active->topLevelItem(0)->text(AlarmsView::Rule), QStringLiteral("CPU hot"));
    QCOMPARE(active->topLevelItem(0)->text(AlarmsView::Channel), QStringLiteral("m/cpu"));
    QCOMPARE(active->topLevelItem(0)->text(AlarmsView::State), QStringLiteral("Firing"));
    QCOMPARE(window.alarmButton()->text(), QStringLiteral("⚠ 1 alarm(s)"));
    QVERIFY(window.alarmButton()->styleSheet().contains(palette::css(palette::critical())));
    QCOMPARE(window.alarmsView()->historyList()->topLevelItemCount(), 1);

    // Paused panels show it: the tile in the alarm's colour, the chart's series marked.
    TilePanel *tile = nullptr;
    ChartPanel *chart = nullptr;
    for (Panel *p : window.dashboardView()->panels()) {
        tile = tile ? tile : qobject_cast<TilePanel *>(p);
        chart = chart ? chart : qobject_cast<ChartPanel *>(p);
    }
    QVERIFY(tile && chart);
    QTRY_COMPARE(tile->alarmSeverity(), AlertSeverity::Critical);
    QCOMPARE(tile->alarmText(), QStringLiteral("⚠ CPU hot"));
    QTRY_COMPARE(chart->seriesNames(), QStringList{QStringLiteral("⚠ cpu")});
    QCOMPARE(chart->alarmMarks().size(), 1);

    // The value comes back: latched, it stays firing until someone acknowledges it.
    cpu->appendNumber(t0 + 2, 50);
    QTest::qWait(600);
    QCOMPARE(window.alarms()->unacknowledged(), 1);

    // Clicking the notification brings the window up on the alarm.
    active->clearSelection();
    dock->hide();
    const uint id = uint(n.value("id").toInt());
    QDBusMessage click =
        QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.Notifications"),
                                       QStringLiteral("/org/freedesktop/Notifications"),
                                       QStringLiteral("test.Control"), QStringLiteral("Click"));
    click << id;
    QVERIFY(QDBusConnection::sessionBus().call(click).type() == QDBusMessage::ReplyMessage);
    QTRY_VERIFY(dock->isVisible());
    QTRY_COMPARE(active->selectedItems().size(), 1);

    // Acknowledged with a note: cleared at once (the value is back), recorded with who.
    QCOMPARE(window.alarmsView()->acknowledge(false, QStringLiteral("fan replaced")), 1);
    QCOMPARE(window.alarms()->unacknowledged(), 0);
    QCOMPARE(active->topLevelItemCount(), 0);
    QCOMPARE(window.alarmButton()->text(), QStringLiteral("No alarms"));
    QTreeWidget *history = window.alarmsView()->historyList();
    QCOMPARE(history->topLevelItemCount(), 3); // fired, acknowledged, cleared (newest first)
    QCOMPARE(history->topLevelItem(1)->text(1), QStringLiteral("Acknowledged"));
    QCOMPARE(history->topLevelItem(1)->text(6), AlarmEngine::userName());
    QCOMPARE(history->topLevelItem(1)->text(7), QStringLiteral("fan replaced"));
    QTRY_VERIFY(!tile->alarmSeverity());
    QTRY_COMPARE(chart->seriesNames(), QStringList{QStringLiteral("cpu")});
}

void TestAlarmsUi::historyAndLatchedAlarmSurviveARestart()
{
    const QString data = m_dir.filePath(QStringLiteral("data"));
    PluginRegistry registry;
    {
        IngestEngine engine(&registry);
        history::Historian historian(&engine.store());
        MainWindow window(&registry, &engine);
        window.setHistorian(&historian, data);
        window.setDashboard(alarmDashboard(), QString());
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch();
        engine.store().channel(QStringLiteral("m/cpu"))->appendNumber(t0, 99);
        QTRY_COMPARE(window.alarms()->unacknowledged(), 1);
        QCOMPARE(notifications().size(), 2);
        historian.close(); // quitting: the journal's last entries are written
    }
    // The next run: the history lists the firing, and the latched alarm is still red.
    IngestEngine engine(&registry);
    history::Historian historian(&engine.store());
    MainWindow window(&registry, &engine);
    window.setHistorian(&historian, data);
    window.setDashboard(alarmDashboard(), QString());
    QCOMPARE(window.alarms()->unacknowledged(), 1);
    QCOMPARE(window.alarmsView()->activeList()->topLevelItemCount(), 1);
    QTreeWidget *history = window.alarmsView()->historyList();
    QCOMPARE(history->topLevelItemCount(), 1);
    QCOMPARE(history->topLevelItem(0)->text(1), QStringLiteral("Fired"));
    QCOMPARE(history->topLevelItem(0)->text(4), QStringLiteral("m/cpu"));
    QCOMPARE(history->topLevelItem(0)->text(5), QStringLiteral("99"));
    // Not notified again: it did not fire again, it was already firing.
    QTest::qWait(600);
    QCOMPARE(notifications().size(), 2);
    historian.close();
}

QTEST_MAIN(TestAlarmsUi)
#include "tst_alarmsui.moc"
