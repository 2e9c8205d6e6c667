#include "ingest/recorder.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <thread>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

namespace livedash {

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

/// Every line of the file parsed as a JSON object; fails the test on a line that is not.
QList<QJsonObject> records(const QString &path)
{
    QList<QJsonObject> out;
    const QByteArray data = readAll(path);
    if (data.isEmpty())
        return out;
    if (!data.endsWith('\n')) {
        qWarning("file does not end with a newline");
        return {};
    }
    const QList<QByteArray> lines = data.chopped(1).split('\n');
    for (const QByteArray &line : lines) {
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &e);
        if (e.error != QJsonParseError::NoError || !doc.isObject()) {
            qWarning("not a JSON object: %s", line.constData());
            return {};
        }
        out.append(doc.object());
    }
    return out;
}

QStringList keys(const QJsonObject &o)
{
    QStringList k = o.keys();
    k.sort();
    return k;
}

} // namespace

class TestRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void numberLines();
    void textLines();
    void numbersKeepFullPrecision_data();
    void numbersKeepFullPrecision();
    void nonFiniteValuesAreNull_data();
    void nonFiniteValuesAreNull();
    void escaping_data();
    void escaping();
    void flushWritesEverything();
    void largeBufferIsWrittenWithoutFlush();
    void appendsToExistingFile();
    void closeAndDestructorFlush();
    void openFailureNamesThePath();
    void flushWithoutFileFails();
    void concurrentAppendsWriteEveryLine();
    void failedWriteKeepsRecordsForTheNextFlush();
    void failedWriteMemoryIsBounded();
    void hugeRecordIsKeptWhileWritesWork();
    void retryAfterFailureWritesEverythingOnce();
    void recordsWhatTheMapperMaps();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestRecorder::init()
{
    QVERIFY(m_dir.isValid());
    static int n = 0;
    m_path = m_dir.filePath(QStringLiteral("rec-%1.jsonl").arg(++n));
}

void TestRecorder::numberLines()
{
    Recorder r;
    QString error;
    QVERIFY2(r.open(m_path, &error), qPrintable(error));
    r.number(QStringLiteral("feed"), QStringLiteral("a/b"), 1700000000123, 1.5);
    r.number(QStringLiteral("feed"), QStringLiteral("c"), 0, -2);
    QCOMPARE(r.lines(), quint64(2));
    QVERIFY(r.flush());

    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), 2);
    const QJsonObject &first = lines[0];
    QCOMPARE(keys(first), (QStringList{"channel", "feed", "t", "value"}));
    QCOMPARE(first.value(QStringLiteral("feed")).toString(), QStringLiteral("feed"));
    QCOMPARE(first.value(QStringLiteral("channel")).toString(), QStringLiteral("feed/a/b"));
    QCOMPARE(first.value(QStringLiteral("t")).toInteger(), Q_INT64_C(1700000000123));
    QCOMPARE(first.value(QStringLiteral("value")).toDouble(), 1.5);
    QCOMPARE(lines[1].value(QStringLiteral("channel")).toString(), QStringLiteral("feed/c"));
    QCOMPARE(lines[1].value(QStringLiteral("t")).toInteger(), Q_INT64_C(0));
    QCOMPARE(lines[1].value(QStringLiteral("value")).toDouble(), -2.0);
}

void TestRecorder::textLines()
{
    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    r.text(QStringLiteral("f"), QStringLiteral("log"), 42, QStringLiteral("Goal 1-0"));
    QVERIFY(r.flush());
    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(keys(lines[0]), (QStringList{"channel", "feed", "t", "text"}));
    QCOMPARE(lines[0].value(QStringLiteral("channel")).toString(), QStringLiteral("f/log"));
    QCOMPARE(lines[0].value(QStringLiteral("t")).toInteger(), Q_INT64_C(42));
    QCOMPARE(lines[0].value(QStringLiteral("text")).toString(), QStringLiteral("Goal 1-0"));
}

void TestRecorder::numbersKeepFullPrecision_data()
{
    // clang-format off
    QTest::addColumn<double>("value");

    QTest::newRow("tenth") << 0.1;
    QTest::newRow("third") << 1.0 / 3.0;
    QTest::newRow("integer") << 42.0;
    QTest::newRow("huge") << 1e300;
    QTest::newRow("tiny") << 5e-324;
    QTest::newRow("max") << std::numeric_limits<double>::max();
    QTest::newRow("negative") << -123456.789012345;
    QTest::newRow("zero") << 0.0;
    // clang-format on
}

void TestRecorder::numbersKeepFullPrecision()
{
    QFETCH(double, value);
    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    r.number(QStringLiteral("f"), QStringLiteral("v"), 1, value);
    QVERIFY(r.flush());
    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), 1);
    const QJsonValue v = lines[0].value(QStringLiteral("value"));
    QVERIFY(v.isDouble());
    QCOMPARE(v.toDouble(), value); // exact: 17 significant digits round-trip a double
}

void TestRecorder::nonFiniteValuesAreNull_data()
{
    // clang-format off
    QTest::addColumn<double>("value");
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("+inf") << std::numeric_limits<double>::infinity();
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity();
    // clang-format on
}

void TestRecorder::nonFiniteValuesAreNull()
{
    QFETCH(double, value);
    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    r.number(QStringLiteral("f"), QStringLiteral("v"), 1, value);
    r.number(QStringLiteral("f"), QStringLiteral("v"), 2, 3.0);
    QVERIFY(r.flush());
    const QList<QJsonObject> lines = records(m_path); // still valid JSON
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines[0].contains(QStringLiteral("value")));
    QVERIFY(lines[0].value(QStringLiteral("value")).isNull());
    QCOMPARE(lines[1].value(QStringLiteral("value")).toDouble(), 3.0);
}

void TestRecorder::escaping_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");

    QTest::newRow("quotes") << R"(he said "goal")";
    QTest::newRow("backslash") << R"(C:\path\to\x)";
    QTest::newRow("newlines") << "line 1\nline 2\r\nline 3";
    QTest::newRow("tab and controls") << QStringLiteral("a\tb\x01\x1f" "c");
    QTest::newRow("unicode") << QString::fromUtf8("café – ⚽ 1–0 😀");
    QTest::newRow("json-looking") << R"({"value":1}\n)";
    QTest::newRow("empty") << "";
    QTest::newRow("nul") << QString(QChar(0)) + QStringLiteral("x");
    // clang-format on
}

void TestRecorder::escaping()
{
    QFETCH(QString, text);

    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    const QString feed = QStringLiteral("f\"1");
    const QString channel = QStringLiteral("ch\\\n") + text;
    r.text(feed, channel, 7, text);
    r.number(feed, channel, 8, 1.0);
    QVERIFY(r.flush());

    const QByteArray data = readAll(m_path);
    QCOMPARE(data.count('\n'), 2); // one physical line per record, whatever the text holds
    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].value(QStringLiteral("text")).toString(), text);
    QCOMPARE(lines[0].value(QStringLiteral("feed")).toString(), feed);
    QCOMPARE(lines[0].value(QStringLiteral("channel")).toString(), feed + u'/' + channel);
    QCOMPARE(lines[1].value(QStringLiteral("channel")).toString(), feed + u'/' + channel);
}

void TestRecorder::flushWritesEverything()
{
    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    for (int i = 0; i < 1000; ++i)
        r.number(QStringLiteral("f"), QStringLiteral("v"), i, i);
    QVERIFY(r.flush());
    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), 1000);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(lines[i].value(QStringLiteral("t")).toInteger(), qint64(i));
    QVERIFY(r.flush()); // nothing left: flushing again writes nothing more
    QCOMPARE(records(m_path).size(), 1000);
}

void TestRecorder::largeBufferIsWrittenWithoutFlush()
{
    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    const QString big(1000, QLatin1Char('x'));
    for (int i = 0; i < 400; ++i) // about 400 KB: past the 256 KB buffer
        r.text(QStringLiteral("f"), QStringLiteral("log"), i, big);
    r.close(); // and the rest on close
    QCOMPARE(records(m_path).size(), 400);

    Recorder r2;
    QString path2 = m_path + QStringLiteral(".2");
    QVERIFY(r2.open(path2, &error));
    for (int i = 0; i < 400; ++i)
        r2.text(QStringLiteral("f"), QStringLiteral("log"), i, big);
    QFile f(path2);
    QVERIFY(f.size() > 256 * 1024); // written before any flush: memory stays bounded
}

void TestRecorder::appendsToExistingFile()
{
    {
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"feed\":\"old\",\"channel\":\"old/x\",\"t\":1,\"value\":1}\n");
    }
    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    r.number(QStringLiteral("new"), QStringLiteral("y"), 2, 2);
    QVERIFY(r.flush());
    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].value(QStringLiteral("feed")).toString(), QStringLiteral("old"));
    QCOMPARE(lines[1].value(QStringLiteral("feed")).toString(), QStringLiteral("new"));
}

void TestRecorder::closeAndDestructorFlush()
{
    {
        Recorder r;
        QString error;
        QVERIFY(r.open(m_path, &error));
        r.number(QStringLiteral("f"), QStringLiteral("v"), 1, 1);
        r.text(QStringLiteral("f"), QStringLiteral("s"), 2, QStringLiteral("x"));
    } // destroyed without flush()
    QCOMPARE(records(m_path).size(), 2);

    const QString other = m_path + QStringLiteral(".close");
    Recorder r;
    QString error;
    QVERIFY(r.open(other, &error));
    r.number(QStringLiteral("f"), QStringLiteral("v"), 1, 1);
    r.close();
    QCOMPARE(records(other).size(), 1);
    QVERIFY(!r.flush()); // closed
}

void TestRecorder::openFailureNamesThePath()
{
    const QString path = m_dir.filePath(QStringLiteral("missing/dir/rec.jsonl"));
    Recorder r;
    QString error;
    QVERIFY(!r.open(path, &error));
    QVERIFY2(error.startsWith(path + QStringLiteral(": cannot open for writing: ")),
             qPrintable(error));
}

void TestRecorder::flushWithoutFileFails()
{
    Recorder r;
    r.number(QStringLiteral("f"), QStringLiteral("v"), 1, 1);
    QCOMPARE(r.lines(), quint64(1));
    QVERIFY(!r.flush());
}

void TestRecorder::concurrentAppendsWriteEveryLine()
{
    constexpr int Threads = 4;
    constexpr int PerThread = 5000;
    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    std::vector<std::thread> threads;
    for (int w = 0; w < Threads; ++w) {
        threads.emplace_back([&r, w] {
            const QString feed = QStringLiteral("w%1").arg(w);
            for (int i = 0; i < PerThread; ++i) {
                if (i % 2)
                    r.text(feed, QStringLiteral("s"), i, QStringLiteral("text \"%1\"\n").arg(i));
                else
                    r.number(feed, QStringLiteral("v"), i, i * 0.5);
            }
        });
    }
    for (std::thread &t : threads)
        t.join();
    QVERIFY(r.flush());
    QCOMPARE(r.lines(), quint64(Threads * PerThread));

    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), Threads * PerThread);
    QSet<QString> seen;
    QList<qint64> lastT(Threads, -1);
    for (const QJsonObject &o : lines) {
        const QString feed = o.value(QStringLiteral("feed")).toString();
        const int w = feed.mid(1).toInt();
        const qint64 t = o.value(QStringLiteral("t")).toInteger();
        QVERIFY(t > lastT[w]); // each thread's lines stay in its order
        lastT[w] = t;
        if (t % 2)
            QCOMPARE(o.value(QStringLiteral("text")).toString(),
                     QStringLiteral("text \"%1\"\n").arg(t));
        else
            QCOMPARE(o.value(QStringLiteral("value")).toDouble(), t * 0.5);
        seen.insert(feed + QLatin1Char('@') + QString::number(t));
    }
    QCOMPARE(seen.size(), Threads * PerThread); // none lost, none doubled
}

void TestRecorder::failedWriteKeepsRecordsForTheNextFlush()
{
    // /dev/full: every write fails with ENOSPC, as on a full disk.
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full on this system");
    Recorder r;
    QString error;
    QVERIFY2(r.open(QStringLiteral("/dev/full"), &error), qPrintable(error));
    for (int i = 0; i < 100; ++i)
        r.number(QStringLiteral("f"), QStringLiteral("v"), i, i);
    QVERIFY(!r.flush());
    Recorder::Status s = r.status();
    QVERIFY(s.failing);
    QVERIFY2(s.error.contains(QStringLiteral("No space left on device")), qPrintable(s.error));
    QCOMPARE(s.received, quint64(100));
    QCOMPARE(s.written, quint64(0));
    QCOMPARE(s.pending, quint64(100)); // kept, not thrown away with the failed write
    QCOMPARE(s.dropped, quint64(0));
    QCOMPARE(s.failedWrites, quint64(1));
    const qsizetype bytes = s.pendingBytes;
    QVERIFY(bytes > 100 * 40);

    QVERIFY(!r.flush()); // retried, still failing, still kept
    s = r.status();
    QCOMPARE(s.failedWrites, quint64(2));
    QCOMPARE(s.pending, quint64(100));
    QCOMPARE(s.pendingBytes, bytes);

    // Past the 256 KB that normally triggers a write: while failing, only flush() retries.
    const QString big(1000, QLatin1Char('x'));
    for (int i = 0; i < 400; ++i)
        r.text(QStringLiteral("f"), QStringLiteral("log"), i, big);
    s = r.status();
    QCOMPARE(s.failedWrites, quint64(2));
    QCOMPARE(s.pending, quint64(500));
    QCOMPARE(s.received, s.written + s.pending + s.dropped);

    r.close(); // one last attempt
    s = r.status();
    QCOMPARE(s.failedWrites, quint64(3));
    QCOMPARE(s.pending, quint64(500));
    QCOMPARE(s.written, quint64(0));
}

void TestRecorder::failedWriteMemoryIsBounded()
{
    if (!QFile::exists(QStringLiteral("/dev/full")))
        QSKIP("no /dev/full on this system");
    Recorder r;
    r.setMemoryLimit(16 * 1024);
    QString error;
    QVERIFY(r.open(QStringLiteral("/dev/full"), &error));
    r.number(QStringLiteral("f"), QStringLiteral("v"), 0, 0);
    QVERIFY(!r.flush());
    for (int i = 1; i < 5000; ++i)
        r.number(QStringLiteral("f"), QStringLiteral("v"), i, i);
    const Recorder::Status s = r.status();
    QVERIFY2(s.pendingBytes <= 16 * 1024, qPrintable(QString::number(s.pendingBytes)));
    QCOMPARE(s.received, quint64(5000));
    QCOMPARE(s.written, quint64(0));
    QVERIFY(s.pending > 100);  // the oldest are kept...
    QVERIFY(s.dropped > 4000); // ...the newest past the limit are dropped and counted
    QCOMPARE(s.pending + s.dropped, quint64(5000));
}

void TestRecorder::hugeRecordIsKeptWhileWritesWork()
{
    // The limit is for records piling up behind a failing disk, not for one large record.
    Recorder r;
    r.setMemoryLimit(16 * 1024);
    QString error;
    QVERIFY(r.open(m_path, &error));
    r.number(QStringLiteral("f"), QStringLiteral("v"), 1, 1);
    r.text(QStringLiteral("f"), QStringLiteral("log"), 2, QString(64 * 1024, QLatin1Char('y')));
    r.number(QStringLiteral("f"), QStringLiteral("v"), 3, 3);
    QVERIFY(r.flush());
    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[1].value(QStringLiteral("text")).toString().size(), 64 * 1024);
    QCOMPARE(r.status().dropped, quint64(0));
    QCOMPARE(r.status().written, quint64(3));
}

void TestRecorder::retryAfterFailureWritesEverythingOnce()
{
#ifndef Q_OS_UNIX
    QSKIP("needs RLIMIT_FSIZE (POSIX): Windows has no per-process file size limit to make a "
          "write fail and then succeed");
#else
    // A real write failure that goes away: a file size limit (RLIMIT_FSIZE, EFBIG past it) that
    // cuts the first write in the middle of a record, then is lifted.
    constexpr int Records = 1000;
    constexpr rlim_t LimitBytes = 4000;
    Recorder r;
    QString error;
    QVERIFY(r.open(m_path, &error));
    for (int i = 0; i < Records; ++i)
        r.number(QStringLiteral("f"), QStringLiteral("v"), i, i * 0.25);

    rlimit old{};
    QVERIFY(getrlimit(RLIMIT_FSIZE, &old) == 0);
    QVERIFY(old.rlim_max == RLIM_INFINITY || old.rlim_max > LimitBytes);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of being killed
    rlimit small = old;
    small.rlim_cur = LimitBytes;
    const bool limited = setrlimit(RLIMIT_FSIZE, &small) == 0;
    const bool firstFlush = r.flush();
    const Recorder::Status during = r.status();
    const bool secondFlush = r.flush(); // still limited: nothing more is written
    const Recorder::Status stillFailing = r.status();
    setrlimit(RLIMIT_FSIZE, &old);
    std::signal(SIGXFSZ, oldHandler);

    QVERIFY(limited);
    QVERIFY(!firstFlush);
    QVERIFY(!secondFlush);
    QVERIFY(during.failing);
    QVERIFY2(during.error.contains(QStringLiteral("too large")), qPrintable(during.error));
    QCOMPARE(QFile(m_path).size(), qint64(LimitBytes)); // cut inside a record
    QVERIFY(during.written > 0);
    QCOMPARE(during.written + during.pending, quint64(Records));
    QCOMPARE(stillFailing.written, during.written);
    QCOMPARE(stillFailing.pending, during.pending);

    QVERIFY(r.flush()); // the limit is gone: the rest follows the half-written record
    const Recorder::Status after = r.status();
    QVERIFY(!after.failing);
    QCOMPARE(after.written, quint64(Records));
    QCOMPARE(after.pending, quint64(0));
    QCOMPARE(after.dropped, quint64(0));
    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), Records); // every record once, whole, in order
    for (int i = 0; i < Records; ++i) {
        QCOMPARE(lines[i].value(QStringLiteral("t")).toInteger(), qint64(i));
        QCOMPARE(lines[i].value(QStringLiteral("value")).toDouble(), i * 0.25);
    }
#endif
}

void TestRecorder::recordsWhatTheMapperMaps()
{
    Recorder rec;
    QString error;
    QVERIFY(rec.open(m_path, &error));
    ChannelStore store;
    FieldMapping m;
    m.channels.append(
        {QStringLiteral("v"), QStringLiteral("x/{id}"), ValueKind::Number, {}, false});
    m.channels.append({QStringLiteral("msg"), QString(), ValueKind::Text, {}, true});
    MessageMapper mapper(QStringLiteral("feed"), m, &store, &rec);
    mapper.map(R"({"id":"a","v":1.25,"msg":"hi"})", 1000);
    mapper.map(R"({"id":"b","v":2})", 2000);
    QVERIFY(rec.flush());
    const QList<QJsonObject> lines = records(m_path);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0].value(QStringLiteral("channel")).toString(), QStringLiteral("feed/x/a"));
    QCOMPARE(lines[0].value(QStringLiteral("value")).toDouble(), 1.25);
    QCOMPARE(lines[1].value(QStringLiteral("channel")).toString(), QStringLiteral("feed/msg"));
    QCOMPARE(lines[1].value(QStringLiteral("text")).toString(), QStringLiteral("hi"));
    QCOMPARE(lines[2].value(QStringLiteral("channel")).toString(), QStringLiteral("feed/x/b"));
    QCOMPARE(lines[2].value(QStringLiteral("t")).toInteger(), Q_INT64_C(2000));
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestRecorder)
#include "tst_recorder.moc"
