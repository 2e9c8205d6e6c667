// End to end: `livedash --import` puts a headless recording into a dashboard's history file. A
// real `livedash --headless --record` of the demo comes back out of --export sample for sample;
// importing twice adds nothing; bad lines are reported with their line numbers and skipped;
// chunks are sealed as the historian seals them; an import beside a Historian writing the same
// file (another process) corrupts nothing and loses nothing.
#include "history/historian.h"
#include "history/historystore.h"
#include "store/channelstore.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <limits>

using namespace livedash;
using namespace livedash::history;

namespace {

constexpr qint64 T0 = 1796220187250; // 2026-12-02T14:03:07.250Z
constexpr qint64 Min = std::numeric_limits<qint64>::min();
constexpr qint64 Max = std::numeric_limits<qint64>::max();

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

/// The fields of an RFC 4180 CSV text, row by row.
QList<QStringList> parseCsv(const QByteArray &csv)
{
    QList<QStringList> rows;
    QStringList row;
    QByteArray fieldText;
    bool inQuotes = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const char c = csv[i];
        if (inQuotes) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
                fieldText += '"';
                ++i;
            } else if (c == '"') {
                inQuotes = false;
            } else {
                fieldText += c;
            }
        } else if (c == '"') {
            inQuotes = true;
        } else if (c == ',') {
            row.append(QString::fromUtf8(fieldText));
            fieldText.clear();
        } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
            row.append(QString::fromUtf8(fieldText));
            fieldText.clear();
            rows.append(row);
            row.clear();
            ++i;
        } else {
            fieldText += c;
        }
    }
    return rows;
}

/// A sample or a text as one comparable string: channel, time, value bits (NaN: "nan") or text.
QString keyOf(const QString &channel, qint64 t, std::optional<double> value, const QString &text)
{
    if (!value)
        return QStringLiteral("%1|%2|text:%3").arg(channel).arg(t).arg(text);
    const QString v = std::isnan(*value) ? QStringLiteral("nan")
                                         : QString::number(std::bit_cast<quint64>(*value), 16);
    return QStringLiteral("%1|%2|value:%3").arg(channel).arg(t).arg(v);
}

/// The records of a recording, as keys, sorted (a multiset).
QStringList recordKeys(const QString &path)
{
    QStringList keys;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return keys;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString channel = o.value(QLatin1String("channel")).toString();
        const qint64 t = qint64(o.value(QLatin1String("t")).toDouble());
        if (o.contains(QLatin1String("text"))) {
            keys.append(keyOf(channel, t, std::nullopt, o.value(QLatin1String("text")).toString()));
        } else {
            const QJsonValue v = o.value(QLatin1String("value"));
            keys.append(keyOf(channel, t,
                              v.isNull() ? std::numeric_limits<double>::quiet_NaN() : v.toDouble(),
                              QString()));
        }
    }
    keys.sort();
    return keys;
}

/// The rows of a long-layout, epoch-time export, as keys, sorted.
QStringList exportKeys(const QByteArray &csv)
{
    QStringList keys;
    const QList<QStringList> rows = parseCsv(csv);
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList &r = rows[i];
        if (r.size() != 4)
            return {QStringLiteral("bad row %1").arg(r.join(QLatin1Char(',')))};
        std::optional<double> value;
        if (!r[2].isEmpty())
            value = r[2] == QLatin1String("NaN") ? std::numeric_limits<double>::quiet_NaN()
                                                 : r[2].toDouble();
        keys.append(keyOf(r[1], r[0].toLongLong(), value, r[3]));
    }
    keys.sort();
    return keys;
}

void writeLines(const QString &path, const QList<QByteArray> &lines)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    for (const QByteArray &line : lines)
        f.write(line + '\n');
}

QByteArray number(const char *channel, qint64 t, double v)
{
    return QByteArrayLiteral("{\"feed\":\"f\",\"channel\":\"") + channel +
           "\",\"t\":" + QByteArray::number(t) + ",\"value\":" + QByteArray::number(v, 'g', 17) +
           '}';
}

} // namespace

class TestImport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString dataDir() const { return m_dir.filePath(QStringLiteral("data/Livedash/livedash")); }
    QString storeOf(const QString &dashboard) const
    {
        return HistoryStore::pathFor(dataDir(), dashboard);
    }

    QString dashboardFile(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.exists() && f.open(QIODevice::WriteOnly))
            f.write(R"({"version": 1, "name": "import", "feeds": [], "panels": [],
                        "history": {"maxAgeDays": 0}})");
        return path;
    }

    Run livedash(const QStringList &args)
    {
        QProcess p;
        p.start(QStringLiteral(LIVEDASH_BINARY), args);
        Run r;
        if (!p.waitForFinished(120000)) {
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

    /// Everything in the store of `dashboard` (empty: the demo's), long layout, epoch times.
    Run exportAll(const QString &dashboard)
    {
        QStringList args{
            QStringLiteral("--export"), QStringLiteral("--from"),         QStringLiteral("0"),
            QStringLiteral("--to"),     QStringLiteral("99999999999999"), QStringLiteral("--time"),
            QStringLiteral("epoch")};
        if (!dashboard.isEmpty())
            args << QStringLiteral("--dashboard") << dashboard;
        return livedash(args);
    }

    static std::vector<StoredChunk> chunksOf(const QString &path, const QString &channel)
    {
        HistoryStore store;
        std::vector<StoredChunk> chunks;
        QString error;
        if (!store.open(path, HistoryStore::Mode::ReadOnly, &error))
            qWarning("%s", qPrintable(error));
        store.readSummaries(channel, Min, Max, &chunks);
        return chunks;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFile::exists(QStringLiteral(LIVEDASH_BINARY)));
        qputenv("HOME", QFile::encodeName(m_dir.path()));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("config"))));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(QStringLiteral("data"))));
    }

    // A real recording of the demo, imported into the demo's history and exported back: the
    // same samples and texts, exactly. Then imported again: nothing added.
    void demoRecordingRoundTrip()
    {
        const QString recording = m_dir.filePath(QStringLiteral("demo.jsonl"));
        const Run record = livedash({QStringLiteral("--headless"), QStringLiteral("--record"),
                                     recording, QStringLiteral("--duration"), QStringLiteral("3")});
        QVERIFY2(record.exitCode == 0, qPrintable(record.err));
        const QStringList recorded = recordKeys(recording);
        QVERIFY(recorded.size() > 100);
        qsizetype texts = 0;
        for (const QString &key : recorded)
            texts += key.contains(QLatin1String("|text:"));

        const Run first = livedash({QStringLiteral("--import"), recording});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY2(
            first.err.contains(QStringLiteral("%1 lines: %1 records, 0 bad").arg(recorded.size())),
            qPrintable(first.err));
        QVERIFY2(first.err.contains(QStringLiteral("imported %1 samples and %2 texts into ")
                                        .arg(recorded.size() - texts)
                                        .arg(texts)),
                 qPrintable(first.err));
        QVERIFY2(first.err.contains(QStringLiteral("demo.sqlite (the built-in demo)")),
                 qPrintable(first.err));
        QVERIFY2(
            first.err.contains(QRegularExpression(QStringLiteral("livedash: \\d+ channels: "))),
            qPrintable(first.err));
        QVERIFY2(first.err.contains(QRegularExpression(
                     QStringLiteral("from \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z to [0-9T:.Z-]+ \\("))),
                 qPrintable(first.err));

        const Run exported = exportAll(QString());
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const QStringList back = exportKeys(exported.out);
        QCOMPARE(back.size(), recorded.size());
        QCOMPARE(back, recorded);

        const Run again = livedash({QStringLiteral("--import"), recording});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY2(again.err.contains(QStringLiteral("imported 0 samples and 0 texts")),
                 qPrintable(again.err));
        QVERIFY2(again.err.contains(QStringLiteral("%1 samples and %2 texts were stored already")
                                        .arg(recorded.size() - texts)
                                        .arg(texts)),
                 qPrintable(again.err));
        const Run exportedAgain = exportAll(QString());
        QCOMPARE(exportedAgain.out, exported.out);
    }

    // A recording that overlaps one imported before adds only what is new.
    void overlappingRecordingsAddWhatIsNew()
    {
        const QString dashboard = dashboardFile(QStringLiteral("overlap.json"));
        QList<QByteArray> a;
        QList<QByteArray> b;
        for (int i = 0; i < 1000; ++i)
            a.append(number("o/x", T0 + i, i % 7));
        for (int i = 500; i < 1500; ++i)
            b.append(number("o/x", T0 + i, i % 7));
        // One same time with another value is a different sample: kept.
        b.append(number("o/x", T0 + 10, 99));
        writeLines(m_dir.filePath(QStringLiteral("a.jsonl")), a);
        writeLines(m_dir.filePath(QStringLiteral("b.jsonl")), b);
        const Run first = livedash(
            {QStringLiteral("--import"), m_dir.filePath(QStringLiteral("a.jsonl")), dashboard});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const Run second =
            livedash({QStringLiteral("--import"), m_dir.filePath(QStringLiteral("b.jsonl")),
                      QStringLiteral("--dashboard"), dashboard});
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QVERIFY2(second.err.contains(QStringLiteral("imported 501 samples and 0 texts")),
                 qPrintable(second.err));
        QVERIFY2(second.err.contains(QStringLiteral("500 samples and 0 texts were stored already")),
                 qPrintable(second.err));
        HistoryStore store;
        QString error;
        QVERIFY2(store.open(storeOf(dashboard), HistoryStore::Mode::ReadOnly, &error),
                 qPrintable(error));
        std::vector<Sample> samples;
        QVERIFY(store.readSamples(QStringLiteral("o/x"), Min, Max, &samples));
        QCOMPARE(samples.size(), size_t(1501));
        for (int i = 0; i < 1500; ++i) {
            const qsizetype at = i <= 10 ? i : i + 1; // the second sample at T0 + 10 follows
            QCOMPARE(samples[size_t(at)].t, T0 + i);
            QCOMPARE(samples[size_t(at)].v, double(i % 7));
        }
        QCOMPARE(samples[11].v, 99.0);
    }

    void badLinesAreReportedAndSkipped()
    {
        const QString dashboard = dashboardFile(QStringLiteral("bad.json"));
        const QString recording = m_dir.filePath(QStringLiteral("bad.jsonl"));
        writeLines(recording,
                   {
                       number("a/b", T0, 1),                                            // 1
                       "not json",                                                      // 2
                       R"({"feed":"a","channel":"a/t","t":1796220187250,"text":"hi"})", // 3
                       "",                                                              // 4: blank
                       R"({"channel":"a/b","t":1.5,"value":1})",                        // 5
                       R"({"t":1,"value":1})",                                          // 6
                       R"({"channel":"nofeed","t":1,"value":1})",                       // 7
                       R"({"channel":"a/b","t":1,"value":1,"text":"x"})",               // 8
                       R"({"channel":"a/b","t":1})",                                    // 9
                       R"({"channel":"a/b","t":1,"value":"12"})",                       // 10
                       R"([1,2])",                                                      // 11
                       R"({"channel":"a/b","t":1,"text":5})",                           // 12
                       R"({"channel":"a/b","t":"1","value":1})",                        // 13
                       R"({"channel":"a/b","t":1,"value":1)", // 14: cut off
                       R"({"feed":"a","channel":"a/b","t":1796220188250,"value":null})", // 15
                       "\x01\x02 garbage",                                               // 16
                   });
        const Run r = livedash({QStringLiteral("--import"), recording, dashboard});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString file = QDir::toNativeSeparators(recording);
        QVERIFY2(r.err.contains(file + QStringLiteral(": 16 lines: 3 records, 12 bad")),
                 qPrintable(r.err));
        const QStringList expected{
            QStringLiteral(":2: not JSON ("),
            QStringLiteral(":5: \"t\" is not a whole number of milliseconds"),
            QStringLiteral(":6: no \"channel\""),
            QStringLiteral(":7: channel \"nofeed\" is not \"feed/channel\""),
            QStringLiteral(":8: both \"value\" and \"text\""),
            QStringLiteral(":9: neither \"value\" nor \"text\""),
            QStringLiteral(":10: \"value\" is not a number or null"),
            QStringLiteral(":11: not a JSON object"),
            QStringLiteral(":12: \"text\" is not a string"),
            QStringLiteral(":13: no \"t\""),
        };
        for (const QString &line : expected)
            QVERIFY2(r.err.contains(QStringLiteral("livedash: ") + file + line), qPrintable(line));
        QVERIFY2(!r.err.contains(file + QStringLiteral(":14:")), qPrintable(r.err)); // past 10
        QVERIFY2(r.err.contains(QStringLiteral("... and 2 more bad lines")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("imported 2 samples and 1 texts")),
                 qPrintable(r.err));
        const Run exported = exportAll(dashboard);
        QCOMPARE(exported.out, QByteArray("time,channel,value,text\r\n"
                                          "1796220187250,a/b,1,\r\n"
                                          "1796220188250,a/b,NaN,\r\n"
                                          "1796220187250,a/t,,hi\r\n"));
    }

    // Chunks as the historian seals them: at most SealSamples samples, spanning less than
    // SealSpanMs, each in time order however the recording had them.
    void chunksAreSealedAsTheHistorianSealsThem()
    {
        const QString dashboard = dashboardFile(QStringLiteral("seal.json"));
        QList<QByteArray> lines;
        for (int i = 0; i < 10000; i += 2) { // each pair out of order
            lines.append(number("s/fast", T0 + (i + 1) * 100, i + 1));
            lines.append(number("s/fast", T0 + i * 100, i));
            if (i % 200 == 0) // one every 10 minutes, for 5 hours
                lines.append(number("s/slow", T0 + i / 200 * 600000, i));
        }
        const QString recording = m_dir.filePath(QStringLiteral("seal.jsonl"));
        writeLines(recording, lines);
        const Run r = livedash({QStringLiteral("--import"), recording, dashboard});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const std::vector<StoredChunk> fast =
            chunksOf(storeOf(dashboard), QStringLiteral("s/fast"));
        QCOMPARE(fast.size(), size_t(3));
        QCOMPARE(fast[0].summary.count, quint32(Historian::SealSamples));
        QCOMPARE(fast[1].summary.count, quint32(Historian::SealSamples));
        QCOMPARE(fast[2].summary.count, quint32(10000 - 2 * Historian::SealSamples));
        for (const StoredChunk &c : fast) {
            QVERIFY(c.sealed);
            QCOMPARE(c.summary.firstT, c.summary.minT); // sorted
            QCOMPARE(c.summary.lastT, c.summary.maxT);
        }
        const std::vector<StoredChunk> slow =
            chunksOf(storeOf(dashboard), QStringLiteral("s/slow"));
        // 50 samples 10 minutes apart: 6 in each hour from the first (0, 10, ..., 50 minutes).
        QCOMPARE(slow.size(), size_t(9));
        for (size_t i = 0; i < slow.size(); ++i) {
            QVERIFY(slow[i].sealed);
            QCOMPARE(slow[i].summary.count, quint32(i < 8 ? 6 : 2));
            QVERIFY(slow[i].summary.maxT - slow[i].summary.minT < Historian::SealSpanMs);
        }
    }

    void missingRecordingExits2()
    {
        const Run r =
            livedash({QStringLiteral("--import"), m_dir.filePath(QStringLiteral("nowhere.jsonl"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(
                     QStringLiteral("--import: cannot read ") +
                     QDir::toNativeSeparators(m_dir.filePath(QStringLiteral("nowhere.jsonl")))),
                 qPrintable(r.err));
        const Run folder = livedash({QStringLiteral("--import"), m_dir.path()});
        QCOMPARE(folder.exitCode, 2);
        QVERIFY2(folder.err.contains(QStringLiteral("it is a folder")), qPrintable(folder.err));
        const Run options =
            livedash({QStringLiteral("--import"), m_dir.filePath(QStringLiteral("a.jsonl")),
                      QStringLiteral("--layout"), QStringLiteral("wide")});
        QCOMPARE(options.exitCode, 2);
        QVERIFY2(options.err.contains(QStringLiteral("--layout only applies with --export")),
                 qPrintable(options.err));
    }

#ifdef Q_OS_UNIX
    void unwritableStoreExits1()
    {
        // The history folder is a file: the store cannot be made.
        QTemporaryDir home;
        QVERIFY(QDir().mkpath(home.filePath(QStringLiteral("data/Livedash/livedash"))));
        QFile blocker(home.filePath(QStringLiteral("data/Livedash/livedash/history")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        writeLines(home.filePath(QStringLiteral("r.jsonl")), {number("a/b", T0, 1)});
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(LIVEDASH_BINARY),
                {QStringLiteral("--import"), home.filePath(QStringLiteral("r.jsonl"))});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(
                     QStringLiteral("History file ") +
                     home.filePath(QStringLiteral("data/Livedash/livedash/history/demo.sqlite"))),
                 qPrintable(err));
    }
#endif

    // A Historian writing (as the running app would) while another process imports into the
    // same file: both wait their turn for the write lock, nothing is lost, the file is sound.
    void importBesideARunningHistorian()
    {
        const QString dashboard = dashboardFile(QStringLiteral("busy.json"));
        const QString path = storeOf(dashboard);
        constexpr int PerChannel = 100000;
        QList<QByteArray> lines;
        lines.reserve(3 * PerChannel);
        for (int i = 0; i < PerChannel; ++i) {
            for (const char *channel : {"imp/a", "imp/b", "imp/c"})
                lines.append(number(channel, T0 + qint64(i) * 10, i));
        }
        const QString recording = m_dir.filePath(QStringLiteral("busy.jsonl"));
        writeLines(recording, lines);
        lines.clear();

        ChannelStore channels(1 << 20);
        Historian historian(&channels);
        historian.setFlushInterval(10);
        historian.setRetention({0, 0});
        QString error;
        QVERIFY2(historian.open(path, &error), qPrintable(error));
        const ChannelPtr live = channels.channel(QStringLiteral("live/x"));
        bool trouble = false;
        connect(&historian, &Historian::statusChanged, this, [&] {
            const Historian::State s = historian.status().state;
            trouble |= s == Historian::State::Failed || s == Historian::State::Paused;
        });
        qint64 appended = 0;
        const auto append = [&](int n) {
            for (int k = 0; k < n; ++k, ++appended)
                live->appendNumber(T0 + appended, double(appended));
        };
        append(1000);
        historian.flush();

        QProcess import;
        import.start(QStringLiteral(LIVEDASH_BINARY), {QStringLiteral("--import"), recording,
                                                       QStringLiteral("--dashboard"), dashboard});
        QVERIFY(import.waitForStarted());
        const quint64 storedAtStart = historian.status().stored;
        QElapsedTimer clock;
        clock.start();
        while (import.state() != QProcess::NotRunning && clock.elapsed() < 120000) {
            append(50);
            QTest::qWait(2);
        }
        const quint64 storedWhileImporting = historian.status().stored - storedAtStart;
        QCOMPARE(import.exitStatus(), QProcess::NormalExit);
        const QString err = QString::fromUtf8(import.readAllStandardError());
        QVERIFY2(import.exitCode() == 0, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("imported %1 samples").arg(3 * PerChannel)),
                 qPrintable(err));
        append(1000);
        historian.close();
        QCoreApplication::processEvents();
        QVERIFY(!trouble);
        // The two overlapped: the historian committed while the import ran.
        QVERIFY2(storedWhileImporting > 0, "the import finished before the historian wrote");

        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY,
                                 nullptr),
                 SQLITE_OK);
        sqlite3_stmt *check = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(check), SQLITE_ROW);
        const QString integrity =
            QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(check, 0)));
        sqlite3_finalize(check);
        sqlite3_close(db);
        QCOMPARE(integrity, QStringLiteral("ok"));

        HistoryStore store;
        QVERIFY2(store.open(path, HistoryStore::Mode::ReadOnly, &error), qPrintable(error));
        std::vector<Sample> samples;
        QVERIFY(store.readSamples(QStringLiteral("live/x"), Min, Max, &samples));
        QCOMPARE(qint64(samples.size()), appended);
        for (qint64 i = 0; i < appended; ++i)
            QCOMPARE(samples[size_t(i)].v, double(i));
        for (const char *channel : {"imp/a", "imp/b", "imp/c"}) {
            samples.clear();
            QVERIFY(store.readSamples(QString::fromLatin1(channel), Min, Max, &samples));
            QCOMPARE(samples.size(), size_t(PerChannel));
            for (int i = 0; i < PerChannel; i += 997)
                QCOMPARE(samples[size_t(i)].v, double(i));
        }
        QVERIFY(store.damage().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
