// Kiosk playlists: the dashboards a wall rotates through, with their times; every mistake is
// reported with where it is.
#include "document/playlist.h"

#include <QTemporaryDir>
#include <QTest>

using namespace livedash;

class TestPlaylist : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsNamesAndTimes()
    {
        QStringList errors;
        const auto p = Playlist::fromJson(
            R"({"rotateSeconds": 45, "dashboards": ["ops.livedash.json",
                {"path": "../scores.json", "seconds": 120}, "/abs/plant.json"]})",
            QStringLiteral("/walls/a"), &errors);
        QVERIFY2(p, qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(p->rotateSeconds, 45);
        QCOMPARE(p->entries.size(), 3);
        QCOMPARE(p->entries[0], (Playlist::Entry{QStringLiteral("/walls/a/ops.livedash.json"), 0}));
        QCOMPARE(p->entries[1], (Playlist::Entry{QStringLiteral("/walls/scores.json"), 120}));
        QCOMPARE(p->entries[2].path, QStringLiteral("/abs/plant.json"));
    }

    void defaultsToThirtySeconds()
    {
        QStringList errors;
        const auto p =
            Playlist::fromJson(R"({"dashboards": ["a.json"]})", QStringLiteral("/w"), &errors);
        QVERIFY(p);
        QCOMPARE(p->rotateSeconds, 30);
    }

    void mistakesSayWhere_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("not json") << QByteArray("{\"dashboards\": [") << QStringLiteral("not JSON");
        QTest::newRow("array") << QByteArray("[\"a.json\"]")
                               << QStringLiteral("expected an object with \"dashboards\"");
        QTest::newRow("no dashboards")
            << QByteArray("{\"rotateSeconds\": 30}")
            << QStringLiteral("dashboards: expected a list of one or more dashboard files");
        QTest::newRow("empty list")
            << QByteArray("{\"dashboards\": []}")
            << QStringLiteral("dashboards: expected a list of one or more dashboard files");
        QTest::newRow("too short")
            << QByteArray("{\"rotateSeconds\": 1, \"dashboards\": [\"a.json\"]}")
            << QStringLiteral("rotateSeconds: expected a whole number from 2 to 86400");
        QTest::newRow("fraction")
            << QByteArray("{\"dashboards\": [{\"path\": \"a.json\", \"seconds\": 2.5}]}")
            << QStringLiteral("dashboards[0].seconds: expected a whole number from 2 to 86400");
        QTest::newRow("seconds as text")
            << QByteArray("{\"dashboards\": [\"a.json\", {\"path\": \"b\", \"seconds\": \"9\"}]}")
            << QStringLiteral("dashboards[1].seconds: expected a whole number from 2 to 86400");
        QTest::newRow("no path") << QByteArray("{\"dashboards\": [{\"seconds\": 10}]}")
                                 << QStringLiteral("dashboards[0].path: expected a dashboard file");
        QTest::newRow("number entry")
            << QByteArray("{\"dashboards\": [7]}")
            << QStringLiteral("dashboards[0]: expected a file name or {\"path\": ..., "
                              "\"seconds\": ...}");
        QTest::newRow("blank name") << QByteArray("{\"dashboards\": [\"  \"]}")
                                    << QStringLiteral("dashboards[0]: expected a dashboard file");
        QTest::newRow("unknown key")
            << QByteArray("{\"rotate\": 30, \"dashboards\": [\"a.json\"]}")
            << QStringLiteral("rotate: unknown key (expected rotateSeconds or dashboards)");
        QTest::newRow("unknown entry key")
            << QByteArray("{\"dashboards\": [{\"path\": \"a\", \"secs\": 3}]}")
            << QStringLiteral("dashboards[0].secs: unknown key (expected path or seconds)");
    }

    void mistakesSayWhere()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QStringList errors;
        QVERIFY(!Playlist::fromJson(json, QStringLiteral("/w"), &errors));
        QVERIFY2(!errors.isEmpty() && errors.first().startsWith(error),
                 qPrintable(errors.join(QLatin1Char('\n'))));
    }

    void loadNamesTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("wall.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"dashboards\": [{\"path\": \"a.json\", \"seconds\": 0}]}");
        f.close();
        QString error;
        QVERIFY(!Playlist::load(path, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(path)) &&
                     error.contains(QStringLiteral("dashboards[0].seconds")),
                 qPrintable(error));
        QVERIFY(!Playlist::load(dir.filePath(QStringLiteral("none.json")), &error));
        QVERIFY(error.contains(QStringLiteral("none.json")));
    }
};

QTEST_GUILESS_MAIN(TestPlaylist)
#include "tst_playlist.moc"
