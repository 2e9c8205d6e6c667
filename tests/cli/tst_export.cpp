// End to end: `livedash --export` writes a dashboard's stored history as CSV, from a store this
// test fills with known samples and texts (in the XDG_DATA_HOME the child sees), without a
// window or a display. Layouts, time formats, patterns, ranges (absolute, relative, local),
// bad arguments (exit 2), a missing or unreadable store (exit 1), a failing output (exit 1).
#include "history/historystore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <bit>
#include <cmath>
#include <limits>

using namespace livedash;
using namespace livedash::history;

namespace {

constexpr qint64 T0 = 1796220187250; // 2026-12-02T14:03:07.250Z
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double Inf = std::numeric_limits<double>::infinity();

/// What the child prints and returns.
struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

} // namespace

class TestExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_known; ///< the dashboard whose store holds the known data

    QString dataDir() const { return m_dir.filePath(QStringLiteral("data/Livedash/livedash")); }

    QString dashboardFile(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.exists() && f.open(QIODevice::WriteOnly))
            f.write(R"({"version": 1, "name": "export", "feeds": [], "panels": []})");
        return path;
    }

    /// Writes `samples` as one sealed chunk and `texts` to `channel` of the dashboard's store.
    static void store(const QString &path, const QString &channel,
                      const std::vector<Sample> &samples, const QList<TextSample> &texts = {})
    {
        HistoryStore s;
        QString error;
        QVERIFY2(s.open(path, HistoryStore::Mode::ReadWrite, &error), qPrintable(error));
        QVERIFY2(s.begin(&error), qPrintable(error));
        const qint64 id = s.channelId(channel, &error);
        QVERIFY2(id >= 0, qPrintable(error));
        if (!samples.empty())
            QVERIFY2(s.writeChunk(id, samples, true, ChunkEncoding::DeltaZstd, &error) >= 0,
                     qPrintable(error));
        for (const TextSample &t : texts)
            QVERIFY2(s.writeText(id, t.t, t.text, &error), qPrintable(error));
        QVERIFY2(s.commit(&error), qPrintable(error));
    }

    QString storeOf(const QString &dashboard) const
    {
        return HistoryStore::pathFor(dataDir(), dashboard);
    }

    /// Runs livedash with no display at all: a QApplication would abort there.
    Run livedash(const QStringList &args, const QHash<QString, QString> &env = {})
    {
        QProcess p;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.remove(QStringLiteral("QT_QPA_PLATFORM"));
        e.remove(QStringLiteral("DISPLAY"));
        e.remove(QStringLiteral("WAYLAND_DISPLAY"));
        for (auto it = env.cbegin(); it != env.cend(); ++it)
            e.insert(it.key(), it.value());
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(LIVEDASH_BINARY), args);
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            r.err = QStringLiteral("did not finish");
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = p.readAllStandardOutput();
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    Run exportKnown(const QStringList &args)
    {
        return livedash(QStringList{QStringLiteral("--export"), QStringLiteral("--dashboard"),
                                    m_known, QStringLiteral("--to"), QStringLiteral("now")} +
                        args);
    }

    /// `text` with "\n" line ends as CRLF, as the CSV has them.
    static QByteArray crlf(const char *text)
    {
        QByteArray b(text);
        // A line break inside a quoted field stays "\n": it is written as the text holds it.
        b.replace("\n", "\r\n");
        b.replace("line\r\nbreak", "line\nbreak");
        return b;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(LIVEDASH_BINARY)));
        qputenv("HOME", QFile::encodeName(m_dir.path()));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("data"))));
        m_known = dashboardFile(QStringLiteral("known.livedash.json"));
        const QString path = storeOf(m_known);
        store(path, QStringLiteral("cpu/total"),
              {{T0, 12.5}, {T0 + 1000, 0.1 + 0.2}, {T0 + 2000, NaN}, {T0 + 3000, 1e21}});
        store(path, QStringLiteral("cpu/user"), {{T0 + 500, 1.0 / 3}, {T0 + 1000, -0.0}});
        store(path, QStringLiteral("log/msg"), {},
              {{T0 + 1000, QStringLiteral("started, ok")},
               {T0 + 1500, QStringLiteral("say \"hi\"")},
               {T0 + 1500, QStringLiteral("line\nbreak")}});
        store(path, QStringLiteral("mem/used"), {{T0 + 1000, Inf}, {T0 + 2500, -Inf}});
        // Two chunks that overlap (a source that sent out of order): merged by time.
        store(path, QStringLiteral("net/rx"), {{T0, 1}, {T0 + 1000, 2}, {T0 + 2000, 3}});
        store(path, QStringLiteral("net/rx"), {{T0 + 500, 10}, {T0 + 1000, 20}});
    }

    void longLayoutIso()
    {
        const Run r = exportKnown({});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, crlf("time,channel,value,text\n"
                             "2026-12-02T14:03:07.250Z,cpu/total,12.5,\n"
                             "2026-12-02T14:03:08.250Z,cpu/total,0.30000000000000004,\n"
                             "2026-12-02T14:03:09.250Z,cpu/total,NaN,\n"
                             "2026-12-02T14:03:10.250Z,cpu/total,1e+21,\n"
                             "2026-12-02T14:03:07.750Z,cpu/user,0.3333333333333333,\n"
                             "2026-12-02T14:03:08.250Z,cpu/user,-0,\n"
                             "2026-12-02T14:03:08.250Z,log/msg,,\"started, ok\"\n"
                             "2026-12-02T14:03:08.750Z,log/msg,,\"say \"\"hi\"\"\"\n"
                             "2026-12-02T14:03:08.750Z,log/msg,,\"line\nbreak\"\n"
                             "2026-12-02T14:03:08.250Z,mem/used,Inf,\n"
                             "2026-12-02T14:03:09.750Z,mem/used,-Inf,\n"
                             "2026-12-02T14:03:07.250Z,net/rx,1,\n"
                             "2026-12-02T14:03:07.750Z,net/rx,10,\n"
                             "2026-12-02T14:03:08.250Z,net/rx,2,\n"
                             "2026-12-02T14:03:08.250Z,net/rx,20,\n"
                             "2026-12-02T14:03:09.250Z,net/rx,3,\n"));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    }

    void longLayoutEpoch()
    {
        const Run r = exportKnown({QStringLiteral("--time"), QStringLiteral("epoch"),
                                   QStringLiteral("--channels"), QStringLiteral("mem/used")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, crlf("time,channel,value,text\n"
                             "1796220188250,mem/used,Inf,\n"
                             "1796220189750,mem/used,-Inf,\n"));
    }

    void wideLayoutEpoch()
    {
        const Run r = exportKnown({QStringLiteral("--layout"), QStringLiteral("wide"),
                                   QStringLiteral("--time"), QStringLiteral("epoch"),
                                   QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // One row per time; at a time a channel has two values, the one stored last.
        QCOMPARE(r.out, crlf("time,cpu/total,cpu/user,log/msg,mem/used,net/rx\n"
                             "1796220187250,12.5,,,,1\n"
                             "1796220187750,,0.3333333333333333,,,10\n"
                             "1796220188250,0.30000000000000004,-0,\"started, ok\",Inf,20\n"
                             "1796220188750,,,\"line\nbreak\",,\n"
                             "1796220189250,NaN,,,,3\n"
                             "1796220189750,,,,-Inf,\n"
                             "1796220190250,1e+21,,,,\n"));
    }

    void wideLayoutIsoWithPatterns()
    {
        const Run r = exportKnown({QStringLiteral("--layout"), QStringLiteral("wide"),
                                   QStringLiteral("--channels"), QStringLiteral("cpu/*,log/**")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, crlf("time,cpu/total,cpu/user,log/msg\n"
                             "2026-12-02T14:03:07.250Z,12.5,,\n"
                             "2026-12-02T14:03:07.750Z,,0.3333333333333333,\n"
                             "2026-12-02T14:03:08.250Z,0.30000000000000004,-0,\"started, ok\"\n"
                             "2026-12-02T14:03:08.750Z,,,\"line\nbreak\"\n"
                             "2026-12-02T14:03:09.250Z,NaN,,\n"
                             "2026-12-02T14:03:10.250Z,1e+21,,\n"));
    }

    void patterns_data()
    {
        QTest::addColumn<QString>("channels");
        QTest::addColumn<QString>("header"); // the wide layout's
        QTest::newRow("exact") << "cpu/user"
                               << "time,cpu/user";
        QTest::newRow("one part") << "*/used"
                                  << "time,mem/used";
        QTest::newRow("everything") << "**"
                                    << "time,cpu/total,cpu/user,log/msg,mem/used,net/rx";
        QTest::newRow("several, overlapping, once each") << "net/rx, cpu/total,*/rx"
                                                         << "time,cpu/total,net/rx";
        QTest::newRow("two options") << "mem/used --channels log/msg"
                                     << "time,log/msg,mem/used";
    }

    void patterns()
    {
        QFETCH(QString, channels);
        QFETCH(QString, header);
        QStringList args{QStringLiteral("--layout"), QStringLiteral("wide")};
        for (const QString &part : channels.split(QStringLiteral(" --channels ")))
            args << QStringLiteral("--channels") << part;
        const Run r = exportKnown(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out.left(r.out.indexOf("\r\n")), header.toUtf8());
    }

    void range_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("rows"); // cpu/total's, long layout, epoch
        const auto rows = [](std::initializer_list<const char *> values) {
            QByteArray b;
            for (const char *v : values)
                b += v;
            return b;
        };
        QTest::newRow("epoch ms, both ends inclusive")
            << QStringList{QStringLiteral("--from"), QString::number(T0 + 1000),
                           QStringLiteral("--to"), QString::number(T0 + 2000)}
            << rows({"1796220188250,cpu/total,0.30000000000000004,\r\n",
                     "1796220189250,cpu/total,NaN,\r\n"});
        QTest::newRow("ISO 8601 UTC with ms")
            << QStringList{QStringLiteral("--from"), QStringLiteral("2026-12-02T14:03:08.251Z")}
            << rows({"1796220189250,cpu/total,NaN,\r\n", "1796220190250,cpu/total,1e+21,\r\n"});
        QTest::newRow("ISO 8601 with an offset")
            << QStringList{QStringLiteral("--to"), QStringLiteral("2026-12-02T15:03:08+01:00")}
            << rows({"1796220187250,cpu/total,12.5,\r\n"});
        QTest::newRow("ISO 8601 to the minute, UTC")
            << QStringList{QStringLiteral("--from"), QStringLiteral("2026-12-02T14:04Z")}
            << QByteArray();
        QTest::newRow("a date alone (local midnight, UTC here)")
            << QStringList{QStringLiteral("--from"), QStringLiteral("2026-12-02"),
                           QStringLiteral("--to"), QStringLiteral("2026-12-03")}
            << rows({"1796220187250,cpu/total,12.5,\r\n",
                     "1796220188250,cpu/total,0.30000000000000004,\r\n",
                     "1796220189250,cpu/total,NaN,\r\n", "1796220190250,cpu/total,1e+21,\r\n"});
    }

    void range()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, rows);
        const Run r =
            livedash(QStringList{QStringLiteral("--export"), m_known, QStringLiteral("--channels"),
                                 QStringLiteral("cpu/total"), QStringLiteral("--time"),
                                 QStringLiteral("epoch")} +
                         args,
                     {{QStringLiteral("TZ"), QStringLiteral("UTC")}});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, "time,channel,value,text\r\n" + rows);
    }

    // Without Z or an offset, a time is the local time of the machine (TZ here).
    void localTime()
    {
        const QStringList args{QStringLiteral("--export"),   m_known,
                               QStringLiteral("--channels"), QStringLiteral("cpu/total"),
                               QStringLiteral("--from"),     QStringLiteral("2026-12-02T23:03:09"),
                               QStringLiteral("--to"),       QStringLiteral("2026-12-02T23:03:10")};
        // JST-9 is nine hours ahead of UTC: 23:03:09 there is 14:03:09Z.
        const Run tokyo = livedash(args, {{QStringLiteral("TZ"), QStringLiteral("JST-9")}});
        QVERIFY2(tokyo.exitCode == 0, qPrintable(tokyo.err));
        QCOMPARE(tokyo.out, crlf("time,channel,value,text\n"
                                 "2026-12-02T14:03:09.250Z,cpu/total,NaN,\n"));
        const Run utc = livedash(args, {{QStringLiteral("TZ"), QStringLiteral("UTC")}});
        QVERIFY2(utc.exitCode == 0, qPrintable(utc.err));
        QCOMPARE(utc.out, crlf("time,channel,value,text\n"));
    }

    // -2h, -30m, -7d and now are relative to when the export starts; the default --to is now,
    // so a sample stamped in the future is left out unless --to reaches it.
    void relativeTimes()
    {
        const QString dashboard = dashboardFile(QStringLiteral("recent.json"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        constexpr qint64 Minute = 60 * 1000;
        store(storeOf(dashboard), QStringLiteral("a/b"),
              {{now - 8 * 24 * 60 * Minute, 8},
               {now - 3 * 60 * Minute, 3},
               {now - 60 * Minute, 1},
               {now - 20 * Minute, 20},
               {now - Minute, 0},
               {now + 60 * Minute, -1}});
        const auto values = [&](const QStringList &args) {
            const Run r = livedash(QStringList{QStringLiteral("--export"), dashboard,
                                               QStringLiteral("--time"), QStringLiteral("epoch")} +
                                   args);
            QStringList v;
            if (r.exitCode != 0) {
                qWarning("%s", qPrintable(r.err));
                return QStringList{QStringLiteral("failed")};
            }
            const QList<QByteArray> lines = r.out.split('\n');
            for (const QByteArray &line : lines.mid(1)) {
                if (!line.isEmpty())
                    v.append(QString::fromUtf8(line.split(',').at(2)));
            }
            return v;
        };
        QCOMPARE(values({}), (QStringList{"8", "3", "1", "20", "0"}));
        QCOMPARE(values({QStringLiteral("--from"), QStringLiteral("-2h")}),
                 (QStringList{"1", "20", "0"}));
        QCOMPARE(values({QStringLiteral("--from"), QStringLiteral("-30m"), QStringLiteral("--to"),
                         QStringLiteral("-5m")}),
                 (QStringList{"20"}));
        QCOMPARE(values({QStringLiteral("--from"), QStringLiteral("-7d")}),
                 (QStringList{"3", "1", "20", "0"}));
        QCOMPARE(values({QStringLiteral("--from"), QStringLiteral("-90s"), QStringLiteral("--to"),
                         QStringLiteral("-1ms")}),
                 (QStringList{"0"}));
        QCOMPARE(values({QStringLiteral("--from"), QStringLiteral("now"), QStringLiteral("--to"),
                         QString::number(now + 2 * 60 * Minute)}),
                 (QStringList{"-1"}));
    }

    // Every value comes back exactly, in the shortest of 15, 16 or 17 digits that does.
    void numbersReadBackExactly()
    {
        const QString dashboard = dashboardFile(QStringLiteral("numbers.json"));
        std::vector<Sample> samples;
        QRandomGenerator random(12);
        for (int i = 0; i < 3000; ++i) {
            double v = 0;
            switch (i % 4) {
            case 0: // any bits that are a finite number
                do {
                    v = std::bit_cast<double>(random.generate64());
                } while (!std::isfinite(v));
                break;
            case 1:
                v = random.generateDouble() * 1000;
                break;
            case 2:
                v = std::round(random.generateDouble() * 1e6) / 100; // two decimals
                break;
            default:
                v = double(qint64(random.generate64() >> 11)) * (i % 8 == 3 ? 1 : -1);
            }
            samples.push_back({T0 + i, v});
        }
        store(storeOf(dashboard), QStringLiteral("n/v"), samples);
        const Run r = livedash({QStringLiteral("--export"), dashboard, QStringLiteral("--to"),
                                QString::number(T0 + 5000), QStringLiteral("--time"),
                                QStringLiteral("epoch")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QList<QByteArray> lines = r.out.split('\n');
        QCOMPARE(lines.size(), int(samples.size()) + 2); // the header, and after the last CRLF
        int shortened = 0;
        for (size_t i = 0; i < samples.size(); ++i) {
            const QByteArray text = lines[qsizetype(i) + 1].split(',').at(2);
            bool ok = false;
            const double back = text.toDouble(&ok);
            QVERIFY2(ok && std::bit_cast<quint64>(back) == std::bit_cast<quint64>(samples[i].v),
                     text.constData());
            // No more digits than needed: 15 when they read back, else 16, else 17.
            QByteArray fewest;
            for (const int precision : {15, 16, 17}) {
                fewest = QByteArray::number(samples[i].v, 'g', precision);
                if (fewest.toDouble() == samples[i].v)
                    break;
            }
            if (samples[i].v == 0 && std::signbit(samples[i].v))
                fewest = "-0";
            QCOMPARE(text, fewest);
            shortened += text.size() < QByteArray::number(samples[i].v, 'g', 17).size();
        }
        QVERIFY(shortened > 1000); // the decimals and most integers
    }

    void quotedChannelNames()
    {
        const QString dashboard = dashboardFile(QStringLiteral("odd.json"));
        store(storeOf(dashboard), QStringLiteral("feed/a,b"), {{T0, 1}});
        store(storeOf(dashboard), QStringLiteral("feed/say \"x\""), {{T0, 2}});
        const Run r =
            livedash({QStringLiteral("--export"), dashboard, QStringLiteral("--layout"),
                      QStringLiteral("wide"), QStringLiteral("--time"), QStringLiteral("epoch")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out, crlf("time,\"feed/a,b\",\"feed/say \"\"x\"\"\"\n"
                             "1796220187250,1,2\n"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const auto args = [](const char *text) {
            return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        };
        QTest::newRow("layout") << args("--layout tall")
                                << "--layout: \"tall\" is not long or wide";
        QTest::newRow("time") << args("--time unix") << "--time: \"unix\" is not iso or epoch";
        QTest::newRow("format png")
            << args("--format png")
            << "--format: \"png\" cannot be written here: only csv (PNG and SVG images are made "
               "in the window";
        QTest::newRow("from not a time")
            << args("--from yesterday") << "--from: \"yesterday\" is not a time";
        QTest::newRow("relative without a unit") << args("--to -5") << "--to: \"-5\" is not a time";
        QTest::newRow("future relative") << args("--from +2h") << "--from: \"+2h\" is not a time";
        QTest::newRow("from after to")
            << args("--from 2026-12-02T15:00:00Z --to 2026-12-02T14:00:00Z")
            << "--from (2026-12-02T15:00:00.000Z) is after --to (2026-12-02T14:00:00.000Z)";
        QTest::newRow("no channel matches")
            << args("--channels cpu/total,cpu/idle*")
            << "--channels: no stored channel matches \"cpu/idle*\"";
        QTest::newRow("no pattern") << args("--channels ,") << "--channels: no channel or pattern";
        QTest::newRow("output folder missing")
            << args("--output /nonexistent/folder/out.csv")
            << "--output: cannot write /nonexistent/folder/out.csv";
        QTest::newRow("export and import")
            << args("--import x.jsonl") << "--export and --import are separate runs";
        QTest::newRow("headless") << args("--headless") << "--export needs no --headless";
        QTest::newRow("unknown option") << args("--layuot wide") << "Unknown option 'layuot'";
    }

    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = exportKnown(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("livedash: ") + message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void exportOptionsNeedExport()
    {
        const Run r = livedash({QStringLiteral("--layout"), QStringLiteral("wide"), m_known});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--layout only applies with --export")),
                 qPrintable(r.err));
    }

    void missingStoreExits1()
    {
        const QString dashboard = dashboardFile(QStringLiteral("never-run.json"));
        const Run r =
            livedash({QStringLiteral("--export"), QStringLiteral("--dashboard"), dashboard});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.err.contains(QStringLiteral("no history is stored for the dashboard ") + dashboard),
            qPrintable(r.err));
        QVERIFY2(r.err.contains(QDir::toNativeSeparators(storeOf(dashboard))), qPrintable(r.err));
        // The demo's, without a dashboard: none was made in this test's data folder.
        const Run demo = livedash({QStringLiteral("--export")});
        QCOMPARE(demo.exitCode, 1);
        QVERIFY2(demo.err.contains(QStringLiteral("no history is stored for the built-in demo")),
                 qPrintable(demo.err));
        QVERIFY2(demo.err.contains(QStringLiteral("demo.sqlite")), qPrintable(demo.err));
    }

    void unreadableStoreExits1()
    {
        const QString dashboard = dashboardFile(QStringLiteral("garbage.json"));
        const QString path = storeOf(dashboard);
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        const Run r = livedash({QStringLiteral("--export"), dashboard});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("History file ") + QDir::toNativeSeparators(path)),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void outputFile()
    {
        const QString out = m_dir.filePath(QStringLiteral("out.csv"));
        QFile old(out);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an older export, longer than the new one\n");
        old.close();
        const Run toFile = exportKnown(
            {QStringLiteral("--output"), out, QStringLiteral("--time"), QStringLiteral("epoch")});
        QVERIFY2(toFile.exitCode == 0, qPrintable(toFile.err));
        QVERIFY(toFile.out.isEmpty());
        const Run toStdout = exportKnown({QStringLiteral("--time"), QStringLiteral("epoch")});
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), toStdout.out);
    }

#ifdef Q_OS_LINUX
    // /dev/full: every write fails with ENOSPC, as on a full disk.
    void fullDiskExits1()
    {
        const Run file = exportKnown({QStringLiteral("--output"), QStringLiteral("/dev/full")});
        QCOMPARE(file.exitCode, 1);
        QVERIFY2(file.err.contains(
                     QStringLiteral("writing to /dev/full failed: No space left on device")),
                 qPrintable(file.err));
        QProcess p;
        p.setStandardOutputFile(QStringLiteral("/dev/full"));
        p.start(QStringLiteral(LIVEDASH_BINARY), {QStringLiteral("--export"), m_known});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("failed: No space left on device")), qPrintable(err));
    }
#endif
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
