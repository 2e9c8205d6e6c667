// The window in German: the system locale (LANGUAGE, LC_ALL, LANG, set before the application
// starts, as a German desktop session does) picks Livedash's catalogue and Qt's own through
// installTranslations(), the helper main() calls. Every check fails if either is not loaded.
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "settings/settingsdialog.h"
#include "widgetdriver.h"
#include "window/feedstatusview.h"
#include "window/mainwindow.h"
#include "window/translations.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace livedash;
using namespace livedash::test;

namespace {

QStringList menuTitles(const MainWindow &window)
{
    QStringList titles;
    for (const QAction *a : window.menuBar()->actions())
        titles.append(a->text());
    return titles;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!QLocale::system().uiLanguages().isEmpty());
        QCOMPARE(QLocale::system().uiLanguages().first().left(2), QStringLiteral("de"));
        QCOMPARE(installTranslations(), QStringLiteral("de"));
    }

    void mainWindowIsGerman()
    {
        PluginRegistry registry;
        IngestEngine engine(&registry);
        {
            MainWindow window(&registry, &engine);
            window.setDashboard(Dashboard{}, QString());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QCOMPARE(menuTitles(window),
                     QStringList({QStringLiteral("&Datei"), QStringLiteral("&Ansicht"),
                                  QStringLiteral("&Einstellungen"), QStringLiteral("&Hilfe")}));
            auto *table = find<QTableView>(&window, QStringLiteral("feedStatusTable"));
            QVERIFY(table);
            QCOMPARE(table->model()->headerData(FeedStatusModel::State, Qt::Horizontal).toString(),
                     QStringLiteral("Zustand"));
            // The status bar's plural form comes from the German catalogue's numerus rules.
            auto *summary = find<QLabel>(&window, QStringLiteral("statusSummary"));
            QTRY_VERIFY2(summary->text().startsWith(QStringLiteral("0 Feeds")),
                         qPrintable(summary->text()));
            window.close();
        }
        engine.shutdown();
    }

    void settingsDialogIsGerman()
    {
        PluginRegistry registry;
        registry.loadFrom(PluginRegistry::defaultSearchPaths());
        QVERIFY(registry.plugin(QStringLiteral("http")));
        IngestEngine engine(&registry);
        {
            MainWindow window(&registry, &engine);
            Dashboard dashboard;
            FeedConfig feed;
            feed.id = QStringLiteral("poll");
            feed.plugin = QStringLiteral("http");
            dashboard.feeds.append(feed);
            window.setDashboard(dashboard, QString());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            SettingsDialog *dialog = window.openSettings();
            QVERIFY(dialog && dialog->isVisible());

            auto *tabs = find<QTabWidget>(dialog, QStringLiteral("settingsTabs"));
            QVERIFY(tabs);
            QCOMPARE(tabs->tabText(2), QStringLiteral("Alarmregeln"));
            QCOMPARE(tabs->tabText(3), QStringLiteral("Allgemein"));
            // A feed plugin's option label, translated where the form shows it.
            auto *timeout = find<QLabel>(dialog, QStringLiteral("optionLabel_timeoutMs"));
            QVERIFY(timeout);
            QCOMPARE(timeout->text(), QStringLiteral("Zeitlimit:"));
            // Qt's own catalogue (qtbase_de): the standard buttons.
            auto *buttons = find<QDialogButtonBox>(dialog, QStringLiteral("buttons"));
            QVERIFY(buttons);
            QCOMPARE(buttons->button(QDialogButtonBox::Cancel)->text(),
                     QStringLiteral("Abbrechen"));
            QCOMPARE(buttons->button(QDialogButtonBox::Apply)->text(), QStringLiteral("Anwenden"));
            dialog->close();
            window.close();
        }
        engine.shutdown();
    }

    void cLocaleMeansEnglish()
    {
        // As gettext does: LC_ALL=C (a script, a test run) stays English whatever LANGUAGE says.
        const QByteArray saved = qgetenv("LC_ALL");
        qputenv("LC_ALL", "C");
        const QStringList languages = systemUiLanguages();
        qputenv("LC_ALL", saved);
        QVERIFY2(languages.isEmpty(), qPrintable(languages.join(QLatin1Char(','))));
        QCOMPARE(systemUiLanguages().value(0).left(2), QStringLiteral("de"));
    }
};

int main(int argc, char *argv[])
{
    // A German session, set before the application reads the system locale.
    qputenv("LANGUAGE", "de");
    qputenv("LC_ALL", "de_DE.UTF-8");
    qputenv("LANG", "de_DE.UTF-8");
    qunsetenv("LC_MESSAGES");
    QApplication app(argc, argv);
    TestTranslations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
