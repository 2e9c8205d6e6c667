// The operator's path end to end: in the running main window, the settings dialog adds an HTTP
// feed pointed at a live server and a chart bound to its channel; the chart fills with the
// server's values, the feed shows live, and the dashboard file is saved.
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "localhttpserver.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "settings/settingsdialog.h"
#include "widgetdriver.h"
#include "widgets/palette.h"
#include "widgets/wallscreenlook.h"
#include "window/feedstatusview.h"
#include "window/mainwindow.h"

#include <QAbstractAxis>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace livedash;
using namespace livedash::test;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void windowComesBackWhereItWasClosed()
    {
        // A wall-screen operator places the window once: a restart must not undo that.
        QTemporaryDir config;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
        QCoreApplication::setOrganizationName(QStringLiteral("LivedashTest"));
        QCoreApplication::setApplicationName(QStringLiteral("layout"));
        PluginRegistry registry;
        IngestEngine engine(&registry);
        {
            // First run: most of the screen, inside it.
            MainWindow window(&registry, &engine);
            window.restoreWindowLayout();
            const QRect available = window.screen()->availableGeometry();
            QVERIFY2(available.contains(window.geometry()),
                     qPrintable(QStringLiteral("%1x%2").arg(window.width()).arg(window.height())));
            QVERIFY(window.width() >= available.width() * 8 / 10);
            QVERIFY(window.height() >= available.height() * 8 / 10);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(523, 411);
            find<QDockWidget>(&window, QStringLiteral("feedStatusDock"))->hide();
            QTRY_COMPARE(window.size(), QSize(523, 411));
            window.close(); // saves the layout
        }
        MainWindow again(&registry, &engine);
        again.restoreWindowLayout();
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.size(), QSize(523, 411));
        QVERIFY(!find<QDockWidget>(&again, QStringLiteral("feedStatusDock"))->isVisible());
        again.close();

        // Saved on a larger screen: it reopens inside this one, not partly off it.
        {
            QWidget big;
            big.setGeometry(
                QRect(QPoint(300, 200), again.screen()->availableGeometry().size() * 2));
            QSettings().setValue(QStringLiteral("windowGeometry"), big.saveGeometry());
        }
        MainWindow clamped(&registry, &engine);
        clamped.restoreWindowLayout();
        clamped.show();
        QVERIFY(QTest::qWaitForWindowExposed(&clamped));
        const QRect available = clamped.screen()->availableGeometry();
        QTRY_VERIFY2(available.contains(clamped.frameGeometry()),
                     qPrintable(QStringLiteral("%1,%2 %3x%4 in %5x%6 at %7,%8")
                                    .arg(clamped.x())
                                    .arg(clamped.y())
                                    .arg(clamped.width())
                                    .arg(clamped.height())
                                    .arg(available.width())
                                    .arg(available.height())
                                    .arg(available.x())
                                    .arg(available.y())));
        clamped.close();
        engine.shutdown();
    }

    void pluginsDialogListsEachPluginsOptions()
    {
        PluginRegistry registry;
        registry.loadFrom(PluginRegistry::defaultSearchPaths());
        IngestEngine engine(&registry);
        MainWindow window(&registry, &engine);
        QAction *plugins = nullptr;
        for (QAction *a : window.findChildren<QAction *>())
            if (a->text() == QStringLiteral("&Plugins…"))
                plugins = a;
        QVERIFY(plugins);
        QStringList httpOptions;
        QString httpDefault;
        QTimer::singleShot(0, this, [&] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                if (w->objectName() != QLatin1String("pluginsDialog"))
                    continue;
                auto *tree = w->findChild<QTreeWidget *>(QStringLiteral("pluginTree"));
                for (int i = 0; tree && i < tree->topLevelItemCount(); ++i) {
                    QTreeWidgetItem *plugin = tree->topLevelItem(i);
                    if (!plugin->text(0).endsWith(QStringLiteral("(http)")))
                        continue;
                    for (int c = 0; c < plugin->childCount(); ++c) {
                        httpOptions.append(plugin->child(c)->text(0));
                        if (plugin->child(c)->text(0) == QLatin1String("intervalMs"))
                            httpDefault = plugin->child(c)->text(2);
                    }
                }
                qobject_cast<QDialog *>(w)->reject();
            }
        });
        plugins->trigger();
        QVERIFY2(httpOptions.contains(QStringLiteral("url")), qPrintable(httpOptions.join(',')));
        QVERIFY(httpOptions.contains(QStringLiteral("intervalMs")));
        QVERIFY(!httpDefault.isEmpty());
        engine.shutdown();
    }

    void themeAndTextSizeApplyAtOnce()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("LivedashTest"));
        const Look saved = savedLook();
        PluginRegistry registry;
        IngestEngine engine(&registry);
        MainWindow window(&registry, &engine);
        Dashboard d;
        PanelConfig tile;
        tile.kind = PanelKind::Tile;
        tile.title = QStringLiteral("Boiler");
        tile.channels = {QStringLiteral("p/temp")};
        d.panels = {tile};
        window.setDashboard(d, QString());
        window.setLook(Look{});
        const double base = QApplication::font().pointSizeF();
        const QPointer<Panel> before = window.dashboardView()->panels().value(0);
        QCOMPARE(palette::theme(), palette::Theme::Dark);

        Look light;
        light.theme = Look::Theme::Light;
        light.textScale = Look::nextTextScale(Look::nextTextScale(1.0, 1), 1); // two steps up
        QCOMPARE(light.textScale, 1.3);
        window.setLook(light);
        QCOMPARE(savedLook(), light);
        QCOMPARE(palette::theme(), palette::Theme::Light);
        QVERIFY(palette::window().lightness() > 200 && palette::text().lightness() < 60);
        QCOMPARE(QApplication::palette().color(QPalette::Window), palette::window());
        QVERIFY(qAbs(QApplication::font().pointSizeF() - base * 1.3) < 0.01);
        // The panels are made again, in the new colours and size.
        QVERIFY(before.isNull());
        Panel *now = window.dashboardView()->panels().value(0);
        QVERIFY(now);
        QVERIFY(qAbs(now->font().pointSizeF() - base * 1.3) < 0.01);
        // The paused banner follows the theme too.
        auto *banner = window.findChild<QLabel *>(QStringLiteral("pausedBanner"));
        QVERIFY(banner->styleSheet().contains(palette::css(palette::warning())));

        window.setLook(Look{});
        QCOMPARE(palette::theme(), palette::Theme::Dark);
        QVERIFY(qAbs(QApplication::font().pointSizeF() - base) < 0.01);
        window.setLook(saved);
    }

    void layoutEditsAreSavedWithoutMappedUnits()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("LivedashTest"));
        PluginRegistry registry;
        IngestEngine engine(&registry);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("wall.livedash.json"));
        MainWindow window(&registry, &engine);
        Dashboard d;
        FeedConfig feed;
        feed.id = QStringLiteral("svc");
        feed.plugin = QStringLiteral("http");
        feed.enabled = false;
        ChannelMapping latency;
        latency.path = QStringLiteral("latency");
        latency.channel = QStringLiteral("latency");
        latency.unit = QStringLiteral("ms");
        feed.fields.channels = {latency};
        d.feeds = {feed};
        PanelConfig chart;
        chart.title = QStringLiteral("Latency");
        chart.channels = {QStringLiteral("svc/latency")};
        d.panels = {chart};
        QVERIFY(d.save(path, nullptr));
        window.setDashboard(d, path);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Ctrl+E (View > Edit layout) turns edit mode on; Esc ends it.
        QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
        QVERIFY(window.dashboardView()->isEditing());
        // An edit (the overlay's drag, tested in tst_layoutedit): the chart moves to column 2.
        QList<PanelConfig> shown = window.dashboardView()->configs();
        QCOMPARE(shown.first().unit, QStringLiteral("ms")); // the mapping's, as shown
        shown.first().column = 2;
        Q_EMIT window.dashboardView()->layoutEdited(shown);
        QCOMPARE(window.dashboard().panels.first().column, 2);
        QString error;
        const auto saved = Dashboard::load(path, &error);
        QVERIFY2(saved, qPrintable(error));
        QCOMPARE(saved->panels.first().column, 2);
        QVERIFY(saved->panels.first().unit.isEmpty()); // not written into the file
        window.dashboardView()->setFocus();
        QTest::keyClick(window.dashboardView(), Qt::Key_Escape);
        QTRY_VERIFY(!window.dashboardView()->isEditing());
        engine.shutdown();
    }

    void textSizeStepsStayWithinBounds()
    {
        QCOMPARE(Look::nextTextScale(1.0, 1), 1.15);
        QCOMPARE(Look::nextTextScale(1.0, -1), 0.9);
        QCOMPARE(Look::nextTextScale(Look::MaxTextScale, 1), Look::MaxTextScale);
        QCOMPARE(Look::nextTextScale(Look::MinTextScale, -1), Look::MinTextScale);
        QCOMPARE(Look::nextTextScale(1.2, 1), 1.3); // from a hand-edited value, the next step
    }

    void feedsWithProblemsComeFirst()
    {
        // A small Feeds dock shows its first rows: the failing feed must be one of them.
        FeedStatusBoard board;
        const auto a = board.add(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("http"));
        const auto b = board.add(QStringLiteral("b"), QStringLiteral("B"), QStringLiteral("http"));
        const auto c = board.add(QStringLiteral("c"), QStringLiteral("C"), QStringLiteral("http"));
        const auto d = board.add(QStringLiteral("d"), QStringLiteral("D"), QStringLiteral("http"));
        for (const auto &s : {a, b, c, d})
            s->setState(FeedState::Live);
        FeedStatusModel model(&board);
        const auto order = [&] {
            model.refresh();
            QString ids;
            for (const FeedStatus &s : model.statuses())
                ids += s.id;
            return ids;
        };
        QCOMPARE(order(), QStringLiteral("abcd"));
        d->setState(FeedState::Error);
        d->setError(QStringLiteral("401 Unauthorized"));
        b->setRetrying(QDateTime::currentMSecsSinceEpoch() + 5000, 2, QStringLiteral("refused"));
        QCOMPARE(order(), QStringLiteral("dbac"));
        QCOMPARE(model.data(model.index(0, FeedStatusModel::Feed)).toString(),
                 QStringLiteral("D (http)"));
        b->setState(FeedState::Live);
        d->setState(FeedState::Live);
        QCOMPARE(order(), QStringLiteral("abcd")); // back in the dashboard's order
    }

    void mistypedPatternIsSaidInThePanel()
    {
        PluginRegistry registry;
        IngestEngine engine(&registry);
        MainWindow window(&registry, &engine);
        const auto tileOf = [](const QString &channel, int column) {
            PanelConfig p;
            p.kind = PanelKind::Tile;
            p.title = channel;
            p.channels = {channel};
            p.column = column;
            return p;
        };
        Dashboard d;
        PanelConfig chart = tileOf(QStringLiteral("m/load/*"), 2);
        chart.kind = PanelKind::Chart;
        d.panels = {tileOf(QStringLiteral("m/cpux"), 0), tileOf(QStringLiteral("later/x"), 1),
                    chart};
        window.setDashboard(d, QString());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        engine.store().channel(QStringLiteral("m/cpu"))->appendNumber(1, 1);
        const auto subtitle = [&](int i) {
            return window.dashboardView()
                ->panels()
                .at(i)
                ->findChild<QLabel *>(QStringLiteral("panelSubtitle"))
                ->text();
        };
        // The feed has channels, none of them that: a typo. The other feed has sent nothing yet.
        QTRY_COMPARE(subtitle(0), QStringLiteral("no channel matches m/cpux"));
        QCOMPARE(subtitle(1), QStringLiteral("waiting for data"));
        QTRY_COMPARE(subtitle(2), QStringLiteral("no channel matches m/load/*"));
        window.close();
        engine.shutdown();
    }

    void mappedUnitReachesTheChartAxis()
    {
        PluginRegistry registry;
        IngestEngine engine(&registry);
        MainWindow window(&registry, &engine);
        Dashboard d;
        FeedConfig feed;
        feed.id = QStringLiteral("svc");
        feed.plugin = QStringLiteral("http");
        feed.enabled = false;
        ChannelMapping latency;
        latency.path = QStringLiteral("latency");
        latency.channel = QStringLiteral("latency/{name}");
        latency.unit = QStringLiteral("ms");
        feed.fields.channels = {latency};
        d.feeds = {feed};
        PanelConfig chart;
        chart.title = QStringLiteral("Latency");
        chart.channels = {QStringLiteral("svc/latency/*")};
        d.panels = {chart};
        window.setDashboard(d, QString());
        auto *panel = qobject_cast<ChartPanel *>(window.dashboardView()->panels().value(0));
        QVERIFY(panel);
        const QList<QAbstractAxis *> y = panel->view()->chart()->axes(Qt::Vertical);
        QVERIFY(!y.isEmpty());
        QCOMPARE(y.first()->titleText(), QStringLiteral("ms"));
        QVERIFY(window.dashboard().panels.value(0).unit.isEmpty()); // the file is unchanged
        engine.shutdown();
    }

    void openingANarrowerDashboardFillsTheWindow()
    {
        // File > Open of a 2-column dashboard after the 3-column demo used only two thirds.
        PluginRegistry registry;
        IngestEngine engine(&registry);
        MainWindow window(&registry, &engine);
        const auto chartAt = [](int column) {
            PanelConfig p;
            p.title = QStringLiteral("c%1").arg(column);
            p.channels = {QStringLiteral("x/c%1").arg(column)};
            p.column = column;
            return p;
        };
        Dashboard wide;
        wide.panels = {chartAt(0), chartAt(1), chartAt(2)};
        Dashboard narrow;
        narrow.panels = {chartAt(0), chartAt(1)};
        window.setDashboard(wide, QString());
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setDashboard(narrow, QString());
        DashboardView *view = window.dashboardView();
        QCOMPARE(view->panels().size(), 2);
        QTRY_VERIFY2(view->panels().at(1)->geometry().right() >= view->width() * 9 / 10,
                     qPrintable(QStringLiteral("right edge %1 of %2")
                                    .arg(view->panels().at(1)->geometry().right())
                                    .arg(view->width())));
        window.close();
        engine.shutdown();
    }

    void settingsDialogAddsALiveFeedAndAChart()
    {
        LocalHttpServer server;
        int polls = 0;
        server.route("/weather", [&polls](HttpExchange *x) {
            ++polls;
            x->respond(200, QStringLiteral(R"({"temp": %1})").arg(20 + polls % 5).toUtf8());
        });
        QVERIFY(server.listen());

        PluginRegistry registry;
        registry.loadFrom(PluginRegistry::defaultSearchPaths());
        QVERIFY(registry.plugin(QStringLiteral("http")));
        IngestEngine engine(&registry);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dash.json"));
        {
            MainWindow window(&registry, &engine);
            window.setDashboard(Dashboard{}, path);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.dashboardView()->panels().isEmpty());

            SettingsDialog *dialog = window.openSettings();
            QVERIFY(dialog && dialog->isVisible());
            // Feed: the plugin from the Add menu, the URL and one mapping, typed in.
            auto *menu = find<QMenu>(dialog, QStringLiteral("addFeedMenu"));
            QAction *http = nullptr;
            for (QAction *a : menu->actions())
                if (a->data().toString() == QLatin1String("http"))
                    http = a;
            QVERIFY(http);
            http->trigger();
            typeInto(find<QLineEdit>(dialog, QStringLiteral("feedId")), QStringLiteral("weather"));
            typeInto(find<QLineEdit>(dialog, QStringLiteral("option_url")),
                     server.url(QStringLiteral("/weather")).toString());
            auto *table = find<QTableWidget>(dialog, QStringLiteral("mappingTable"));
            QTest::mouseClick(find<QPushButton>(dialog, QStringLiteral("addMapping")),
                              Qt::LeftButton);
            table->item(0, 0)->setText(QStringLiteral("temp"));
            table->item(0, 1)->setText(QStringLiteral("room/temp"));

            // Panel: a chart bound to the new channel.
            find<QTabWidget>(dialog, QStringLiteral("settingsTabs"))->setCurrentIndex(1);
            QTest::mouseClick(find<QPushButton>(dialog, QStringLiteral("addPanel")),
                              Qt::LeftButton);
            QVERIFY(choose(find<QComboBox>(dialog, QStringLiteral("panelKind")),
                           QStringLiteral("chart")));
            typeInto(find<QLineEdit>(dialog, QStringLiteral("panelTitle")),
                     QStringLiteral("Room temperature"));
            find<QPlainTextEdit>(dialog, QStringLiteral("panelChannels"))
                ->setPlainText(QStringLiteral("weather/room/temp"));

            auto *buttons = find<QDialogButtonBox>(dialog, QStringLiteral("buttons"));
            QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
            QVERIFY(ok->isEnabled());
            QTest::mouseClick(ok, Qt::LeftButton);

            // Applied live: no restart, the chart exists and fills with the server's values.
            QCOMPARE(window.dashboardView()->panels().size(), 1);
            auto *chart = qobject_cast<ChartPanel *>(window.dashboardView()->panels().first());
            QVERIFY(chart);
            QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount() >= 2, 10000);
            QCOMPARE(chart->seriesCount(), 1);
            QTRY_VERIFY_WITH_TIMEOUT(polls >= 2, 5000);
            const auto status = engine.board().status(QStringLiteral("weather"));
            QVERIFY(status);
            QCOMPARE(status->state, FeedState::Live);
            QCOMPARE(status->rejected, quint64(0));
            const auto channel = engine.store().find(QStringLiteral("weather/room/temp"));
            QVERIFY(channel && channel->lastNumber());
            QVERIFY(channel->lastNumber()->v >= 20 && channel->lastNumber()->v <= 24);

            // The status dock lists the feed as live.
            QTRY_VERIFY_WITH_TIMEOUT(window.statusView()->model()->rowCount() == 1, 3000);
        }
        // Saved where the dashboard lives, and it loads back to the same document.
        QString error;
        const auto saved = Dashboard::load(path, &error);
        QVERIFY2(saved, qPrintable(error));
        QCOMPARE(saved->feeds.size(), 1);
        QCOMPARE(saved->feeds.first().id, QStringLiteral("weather"));
        QCOMPARE(saved->feeds.first().fields.channels.first().path, QStringLiteral("temp"));
        QCOMPARE(saved->panels.size(), 1);
        QCOMPARE(saved->panels.first().channels, QStringList{QStringLiteral("weather/room/temp")});
        engine.shutdown();
    }

    void editedDemoNeverWritesOverAnExistingDashboard()
    {
        // The demo has no file. Its first change is saved to a new file: never over the
        // operator's own dashboard, nor over a broken one Livedash fell back from.
        QTemporaryDir config;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
        QCoreApplication::setOrganizationName(QStringLiteral("LivedashTest"));
        QCoreApplication::setApplicationName(QStringLiteral("demo-save"));
        QStandardPaths::setTestModeEnabled(true);
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir(dataDir).removeRecursively();
        QVERIFY(QDir().mkpath(dataDir));
        const QString own = dataDir + QStringLiteral("/dashboard.livedash.json");
        QFile ownFile(own);
        QVERIFY(ownFile.open(QIODevice::WriteOnly));
        ownFile.write("{ the operator's own dashboard, even if broken");
        ownFile.close();

        PluginRegistry registry;
        IngestEngine engine(&registry);
        {
            MainWindow window(&registry, &engine);
            window.setDashboard(Dashboard{}, QString()); // as the demo is opened
            Dashboard edited;
            edited.name = QStringLiteral("edited demo");
            window.applyDashboard(edited);
            const QString saved = dataDir + QStringLiteral("/dashboard-2.livedash.json");
            QString error;
            const auto reloaded = Dashboard::load(saved, &error);
            QVERIFY2(reloaded, qPrintable(error));
            QCOMPARE(reloaded->name, QStringLiteral("edited demo"));
            QVERIFY(ownFile.open(QIODevice::ReadOnly));
            QCOMPARE(ownFile.readAll(),
                     QByteArray("{ the operator's own dashboard, even if broken"));
            ownFile.close();
            QCOMPARE(QSettings().value(QStringLiteral("lastDashboard")).toString(), saved);
            // From now on the edited demo has its file: the next change goes there.
            edited.name = QStringLiteral("edited twice");
            window.applyDashboard(edited);
            QCOMPARE(Dashboard::load(saved, &error)->name, QStringLiteral("edited twice"));
            QVERIFY(!QFile::exists(dataDir + QStringLiteral("/dashboard-3.livedash.json")));
        }
        engine.shutdown();
        QDir(dataDir).removeRecursively();
        QStandardPaths::setTestModeEnabled(false);
    }

    void openingAFileMakesItTheLastDashboard()
    {
        QTemporaryDir config;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
        QCoreApplication::setOrganizationName(QStringLiteral("LivedashTest"));
        QCoreApplication::setApplicationName(QStringLiteral("last"));
        PluginRegistry registry;
        IngestEngine engine(&registry);
        {
            MainWindow window(&registry, &engine);
            window.setDashboard(Dashboard{}, config.filePath(QStringLiteral("ops.json")));
            QCOMPARE(QSettings().value(QStringLiteral("lastDashboard")).toString(),
                     config.filePath(QStringLiteral("ops.json")));
            window.setDashboard(Dashboard{}, QString()); // the demo does not replace it
            QCOMPARE(QSettings().value(QStringLiteral("lastDashboard")).toString(),
                     config.filePath(QStringLiteral("ops.json")));
        }
        engine.shutdown();
    }

    void demoFitsASmallScreenAndShowsWhenPaused()
    {
        // A 1280 x 720 wall screen: the feeds dock and status bar stay on it (the panels
        // scroll past their minimum sizes), and a paused wall says so across the top.
        QTemporaryDir config;
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config.path());
        QCoreApplication::setApplicationName(QStringLiteral("small-screen"));
        PluginRegistry registry;
        IngestEngine engine(&registry);
        QString error;
        const auto demo = Dashboard::load(
            QStringLiteral(LIVEDASH_SOURCE_DIR "/resources/demo-dashboard.json"), &error);
        QVERIFY2(demo, qPrintable(error));
        {
            MainWindow window(&registry, &engine);
            window.setDashboard(*demo, QString());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY2(window.minimumSizeHint().height() <= 660,
                     qPrintable(QString::number(window.minimumSizeHint().height())));
            auto *banner = find<QLabel>(&window, QStringLiteral("pausedBanner"));
            QVERIFY(!banner->isVisible());
            QTest::keyClick(&window, Qt::Key_Space);
            QVERIFY(window.dashboardView()->isPaused());
            QVERIFY(banner->isVisible());
            QVERIFY(banner->text().contains(QStringLiteral("PAUSED")));
            QTest::keyClick(&window, Qt::Key_Space);
            QVERIFY(!window.dashboardView()->isPaused());
            QVERIFY(!banner->isVisible());
        }
        engine.shutdown();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
