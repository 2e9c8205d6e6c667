// What a dashboard would do (dashboardAccess) and how trust is keyed (TrustStore).
#include "document/dashboardaccess.h"
#include "document/truststore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace livedash;

class TestDashboardAccess : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QList<OptionSpec> schemaOf(const QString &pluginId)
    {
        if (pluginId != QLatin1String("ws"))
            return {}; // e.g. an exec plugin that is not installed here
        OptionSpec url;
        url.key = QStringLiteral("url");
        url.type = OptionType::Url;
        OptionSpec script;
        script.key = QStringLiteral("onConnect");
        script.runsCommand = true;
        return {url, script};
    }

    static FeedConfig feed(const QString &plugin, const QVariantMap &options)
    {
        FeedConfig f;
        f.id = QStringLiteral("f");
        f.plugin = plugin;
        f.options = options;
        return f;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void lists_data()
    {
        QTest::addColumn<QList<FeedConfig>>("feeds");
        QTest::addColumn<QStringList>("hosts");
        QTest::addColumn<QStringList>("commands");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QStringList>("keychain");
        const QString u = QStringLiteral("url");
        QTest::newRow("exfiltration")
            << QList<FeedConfig>{feed(QStringLiteral("ws"),
                                      {{u, QStringLiteral("http://127.0.0.1:8080/weather?key="
                                                          "${env:LEAKME_SECRET}")}})}
            << QStringList{QStringLiteral("127.0.0.1:8080")} << QStringList{}
            << QStringList{QStringLiteral("LEAKME_SECRET")} << QStringList{};
        QTest::newRow("sorted, de-duplicated, no credentials")
            << QList<FeedConfig>{feed(QStringLiteral("ws"),
                                      {{u, QStringLiteral("wss://user:pw@B.example/x")}}),
                                 feed(QStringLiteral("ws"),
                                      {{u, QStringLiteral("ws://a.example/${keychain:f/h/1}")},
                                       {QStringLiteral("headers"),
                                        QVariantMap{{QStringLiteral("Authorization"),
                                                     QStringLiteral(
                                                         "Bearer ${env:TOKEN} ${keychain:f/h/1}")},
                                                    {QStringLiteral("X-Back"),
                                                     QStringLiteral("https://b.example/cb")}}}}),
                                 feed(QStringLiteral("ws"),
                                      {{u, QStringLiteral("ws://a.example/")}})}
            << QStringList{QStringLiteral("a.example"), QStringLiteral("b.example")}
            << QStringList{} << QStringList{QStringLiteral("TOKEN")}
            << QStringList{QStringLiteral("f/h/1")};
        QTest::newRow("host from a reference")
            << QList<FeedConfig>{feed(QStringLiteral("ws"),
                                      {{u, QStringLiteral("ws://${env:HOST}:9000/")}})}
            << QStringList{QStringLiteral("${env:HOST}:9000")} << QStringList{}
            << QStringList{QStringLiteral("HOST")} << QStringList{};
        QTest::newRow("a server as host and port (sql, tcp)")
            << QList<FeedConfig>{feed(QStringLiteral("sql"),
                                      {{QStringLiteral("host"), QStringLiteral("DB.example")},
                                       {QStringLiteral("port"), 5432},
                                       {QStringLiteral("password"),
                                        QStringLiteral("${keychain:f/p/1}")}}),
                                 feed(QStringLiteral("tcp"),
                                      {{QStringLiteral("host"), QStringLiteral("10.0.0.7")}})}
            << QStringList{QStringLiteral("10.0.0.7"), QStringLiteral("db.example:5432")}
            << QStringList{} << QStringList{} << QStringList{QStringLiteral("f/p/1")};
        QTest::newRow("commands: flagged option, and generic names of unknown plugins")
            << QList<FeedConfig>{feed(QStringLiteral("ws"), {{QStringLiteral("onConnect"),
                                                              QStringLiteral("notify-send hi")}}),
                                 feed(QStringLiteral("exec"),
                                      {{QStringLiteral("program"), QStringLiteral("/bin/sh")},
                                       {QStringLiteral("args"),
                                        QVariantList{QStringLiteral("-c"),
                                                     QStringLiteral("curl evil")}}})}
            << QStringList{}
            << QStringList{QStringLiteral("/bin/sh -c curl evil"), QStringLiteral("notify-send hi")}
            << QStringList{} << QStringList{};
    }

    void lists()
    {
        QFETCH(QList<FeedConfig>, feeds);
        Dashboard d;
        d.feeds = feeds;
        const DashboardAccess a = dashboardAccess(d, &TestDashboardAccess::schemaOf);
        QTEST(a.hosts, "hosts");
        QTEST(a.commands, "commands");
        QTEST(a.envVars, "env");
        QTEST(a.keychainEntries, "keychain");
        // Deterministic: the same however the feeds are ordered.
        std::reverse(d.feeds.begin(), d.feeds.end());
        const DashboardAccess b = dashboardAccess(d, &TestDashboardAccess::schemaOf);
        QCOMPARE(b.hosts, a.hosts);
        QCOMPARE(b.commands, a.commands);
    }

    void trustIsPerPathAndContent()
    {
        TrustStore trust(m_dir.filePath(QStringLiteral("trust.conf")));
        const QString path = m_dir.filePath(QStringLiteral("d.json"));
        const QByteArray json = R"({"version": 1, "feeds": [{"id": "a", "plugin": "ws",
            "options": {"url": "ws://127.0.0.1:1/"}}], "panels": []})";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        QStringList errors;
        const auto d = Dashboard::fromJson(json, &errors);
        QVERIFY(d);
        QVERIFY(!trust.isTrusted(path, *d));
        QVERIFY(trust.trustFile(path));
        QVERIFY(trust.isTrusted(path, *d));
        QVERIFY(trust.isTrusted(path, TrustStore::contentHash(json)));
        // The same bytes elsewhere are not trusted: trust is per path too.
        const QString other = m_dir.filePath(QStringLiteral("other.json"));
        QVERIFY(QFile::copy(path, other));
        QVERIFY(!trust.isTrusted(other, *d));
        // One byte changed: untrusted.
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray edited = json;
        edited.replace("127.0.0.1:1", "127.0.0.1:2");
        f.write(edited);
        f.close();
        QVERIFY(!trust.isTrusted(path, TrustStore::contentHash(edited)));
        // Loaded before the edit: not run on the old trust either.
        QVERIFY(!trust.isTrusted(path, *d));
        // The built-in demo (no path) is trusted.
        QVERIFY(trust.isTrusted(QString(), *d));
    }

    void keychainEntriesBelongToTheirDashboard()
    {
        TrustStore trust(m_dir.filePath(QStringLiteral("owners.conf")));
        const QString a = m_dir.filePath(QStringLiteral("a.json"));
        const QString b = m_dir.filePath(QStringLiteral("b.json"));
        const QString name = QStringLiteral("ticks/Authorization/0a0b0c");
        QVERIFY(trust.keychainRefusal(name, b).isEmpty()); // nobody owns it yet
        trust.addKeychainOwner(name, a);
        QVERIFY(trust.keychainRefusal(name, a).isEmpty());
        const QString why = trust.keychainRefusal(name, b);
        QVERIFY2(why.contains(
                     QStringLiteral("keychain entry %1 belongs to another dashboard").arg(name)),
                 qPrintable(why));
        trust.addKeychainOwner(name, b); // Save As a.json -> b.json
        QVERIFY(trust.keychainRefusal(name, b).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDashboardAccess)
#include "tst_dashboardaccess.moc"
