// Plugins load only from the application's and the user's plugin folders, and their metadata
// (IID, API version, id) is checked before a library is loaded: a plugin folder holding the real
// feed plugins next to a non-Livedash Qt plugin, a Livedash plugin for another API version, a
// shared library that is no plugin and a file that is no library loads the good ones and lists
// each bad one with its reason, without ever running the bad ones' code.
#include "ingest/pluginregistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace livedash;

namespace {

const QString Suffix = QStringLiteral(LIVEDASH_PLUGIN_SUFFIX);

QString reasonFor(const PluginRegistry &registry, const QString &fileName)
{
    for (const PluginRegistry::Failure &f : registry.failures())
        if (QFileInfo(f.file).fileName() == fileName)
            return f.reason;
    return QStringLiteral("<not listed>");
}

} // namespace

class TestPlugins : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_marker;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // The bad plugins append their name here if their code ever runs (a static
        // initializer): it must stay empty.
        m_marker = m_dir.filePath(QStringLiteral("loaded.txt"));
        qputenv("LIVEDASH_TEST_LOAD_MARKER", QFile::encodeName(m_marker));

        const QString folder = m_dir.filePath(QStringLiteral("plugins"));
        QVERIFY(QDir().mkpath(folder));
        const QDir real(QCoreApplication::applicationDirPath() + QStringLiteral("/plugins"));
        const QStringList good = real.entryList({QStringLiteral("*") + Suffix}, QDir::Files);
        QVERIFY2(good.size() >= 3, qPrintable(good.join(QLatin1Char(' '))));
        for (const QString &f : good)
            QVERIFY(QFile::copy(real.filePath(f), folder + QLatin1Char('/') + f));
        const QDir bad(QStringLiteral(LIVEDASH_BAD_PLUGIN_DIR));
        for (const char *name : {"livedash_test_otherplugin", "livedash_test_futureplugin",
                                 "livedash_test_notaplugin"}) {
            const QString file = QString::fromLatin1(name) + Suffix;
            QVERIFY2(QFile::copy(bad.filePath(file), folder + QLatin1Char('/') + file),
                     qPrintable(bad.filePath(file)));
        }
        QFile garbage(folder + QStringLiteral("/garbage") + Suffix);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, '\x7f'));
        garbage.close();
        QFile readme(folder + QStringLiteral("/README.txt"));
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.write("not a library: not even looked at\n");
    }

    void badPluginsAreListedWithTheirReasonAndGoodOnesLoad()
    {
        PluginRegistry registry;
        const int added = registry.loadFrom({m_dir.filePath(QStringLiteral("plugins"))});
        const QStringList inTree = {
            QStringLiteral("exec"), QStringLiteral("http"),       QStringLiteral("mqtt"),
            QStringLiteral("nats"), QStringLiteral("prometheus"), QStringLiteral("serial"),
            QStringLiteral("sql"),  QStringLiteral("sse"),        QStringLiteral("system"),
            QStringLiteral("tcp"),  QStringLiteral("udp"),        QStringLiteral("websocket")};
        QCOMPARE(added, inTree.size());
        QStringList ids;
        for (const PluginInfo &info : registry.plugins())
            ids.append(info.id);
        QCOMPARE(ids, inTree);
        // The broker plugins publish too (the headless gateway's --publish).
        QCOMPARE(registry.publishSchemes(),
                 (QStringList{QStringLiteral("mqtt"), QStringLiteral("mqtts"),
                              QStringLiteral("nats"), QStringLiteral("tls")}));
        QVERIFY(registry.plugin(QStringLiteral("websocket"))
                    ->createFeed({{QStringLiteral("url"), QStringLiteral("ws://x")}}));

        QCOMPARE(registry.failures().size(), 4);
        const QString other =
            reasonFor(registry, QStringLiteral("livedash_test_otherplugin") + Suffix);
        QVERIFY2(other.contains(QLatin1String("not a Livedash feed plugin")) &&
                     other.contains(QLatin1String("org.example.OtherPlugin/1")),
                 qPrintable(other));
        const QString future =
            reasonFor(registry, QStringLiteral("livedash_test_futureplugin") + Suffix);
        QCOMPARE(future, QStringLiteral("plugin API version 2, this Livedash needs 1"));
        const QString none =
            reasonFor(registry, QStringLiteral("livedash_test_notaplugin") + Suffix);
        QVERIFY2(none.startsWith(QLatin1String("not a Qt plugin")), qPrintable(none));
        const QString garbage = reasonFor(registry, QStringLiteral("garbage") + Suffix);
        QVERIFY2(garbage.startsWith(QLatin1String("not a Qt plugin")), qPrintable(garbage));
        QCOMPARE(reasonFor(registry, QStringLiteral("README.txt")), QStringLiteral("<not listed>"));

        // Rejected from their metadata alone: no code of theirs ever ran.
        QFile marker(m_marker);
        QVERIFY2(!marker.exists() ||
                     (marker.open(QIODevice::ReadOnly) && marker.readAll().isEmpty()),
                 "a rejected plugin library was loaded");
        QVERIFY(registry.plugin(QStringLiteral("future")) == nullptr);
        QVERIFY(registry.plugin(QStringLiteral("other")) == nullptr);
    }

    void searchPathsAreTheAppsAndTheUsersOnly()
    {
        // Not the working directory, QT_PLUGIN_PATH or the library path.
        qputenv("QT_PLUGIN_PATH", QFile::encodeName(m_dir.filePath(QStringLiteral("plugins"))));
        const QString appDir = QDir::cleanPath(QCoreApplication::applicationDirPath());
        const QString user = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        const QStringList paths = PluginRegistry::defaultSearchPaths();
        QVERIFY(!paths.isEmpty());
        QCOMPARE(paths.first(), appDir + QStringLiteral("/plugins"));
        for (const QString &p : paths) {
            QVERIFY2(QDir::isAbsolutePath(p), qPrintable(p));
            const bool app = p.startsWith(QDir::cleanPath(appDir + QStringLiteral("/..")));
            const bool users = !user.isEmpty() && p == user + QStringLiteral("/plugins");
            QVERIFY2(app || users, qPrintable(p));
            QVERIFY2(!p.startsWith(m_dir.path()), qPrintable(p));
            QVERIFY2(p.endsWith(QLatin1String("/plugins")), qPrintable(p));
        }
        qunsetenv("QT_PLUGIN_PATH");
    }
};

QTEST_MAIN(TestPlugins)
#include "tst_plugins.moc"
