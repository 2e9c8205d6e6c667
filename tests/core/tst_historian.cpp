// The historian against real files: what goes in comes back, chunks are sealed and summarised,
// a restart shows the stored window at once, a process killed while writing leaves a store that
// opens and holds everything but the last flush, a damaged chunk is reported and skipped, a full
// disk pauses writing and it resumes, retention drops the oldest chunks.
#include "history/historian.h"
#include "history/historystore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <thread>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
#endif

using namespace livedash;
using namespace livedash::history;

namespace {

constexpr qint64 Min = std::numeric_limits<qint64>::min();
constexpr qint64 Max = std::numeric_limits<qint64>::max();

std::vector<Sample> stored(const QString &path, const QString &channel,
                           QStringList *damage = nullptr)
{
    HistoryStore store;
    QString error;
    std::vector<Sample> samples;
    if (!store.open(path, HistoryStore::Mode::ReadOnly, &error)) {
        qWarning("%s", qPrintable(error));
        return samples;
    }
    store.readSamples(channel, Min, Max, &samples);
    if (damage)
        *damage = store.damage();
    return samples;
}

/// The child of killedWhileWriting(): writes t = v = start, start+1, ... to channel "k/v" as
/// fast as it can, and prints "<index> <ms since start>" every 10 ms, until it is killed.
int writeUntilKilled(const QString &path, qint64 start, int flushMs)
{
    ChannelStore channels(1 << 20);
    Historian historian(&channels);
    historian.setFlushInterval(flushMs);
    historian.setRetention({0, 0}); // the samples' times are in 1970
    QString error;
    if (!historian.open(path, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const ChannelPtr channel = channels.channel(QStringLiteral("k/v"));
    QElapsedTimer clock;
    clock.start();
    qint64 lastReport = -1;
    for (qint64 i = start;; ++i) {
        channel->appendNumber(i, double(i));
        if (i % 200 == 0) {
            const qint64 ms = clock.elapsed();
            if (ms / 10 != lastReport) {
                lastReport = ms / 10;
                std::printf("%lld %lld\n", static_cast<long long>(i), static_cast<long long>(ms));
                std::fflush(stdout);
            }
            // About 200k samples/s: a busy channel, not a spin that starves the writer.
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
}

} // namespace

class TestHistorian : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesAndReadsBack();
    void sealsFullChunksWithSummaries();
    void restartShowsStoredWindow();
    void excludedFeedsAreNotWritten();
    void decimatesLikeTheRing();
    void zoomedOutReadsSummariesOnly();
    void fileHoldsNoFreePagesAfterClose();
    void killedWhileWriting();
    void damagedChunkIsReportedAndSkipped();
    void notAHistoryFileIsMovedAside();
    void retentionDropsOldestChunks();
    void diskFullPausesAndResumes();
};

void TestHistorian::writesAndReadsBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    ChannelStore channels;
    {
        Historian historian(&channels);
        QString error;
        QVERIFY2(historian.open(path, &error), qPrintable(error));
        const ChannelPtr a = channels.channel(QStringLiteral("feed/a"));
        const ChannelPtr log = channels.channel(QStringLiteral("feed/log"));
        for (int i = 0; i < 1000; ++i)
            a->appendNumber(1000 + i * 100, i * 0.5);
        a->appendNumber(200000, std::numeric_limits<double>::quiet_NaN());
        log->appendText(1500, QStringLiteral("goal – 1:0"));
        historian.flush();
        // Unsealed after the flush, and readable while the writer holds the file.
        QCOMPARE(stored(path, QStringLiteral("feed/a")).size(), size_t(1001));
        QCOMPARE(historian.status().stored, quint64(1002));
        QCOMPARE(historian.status().state, Historian::State::Writing);
    }
    const std::vector<Sample> samples = stored(path, QStringLiteral("feed/a"));
    QCOMPARE(samples.size(), size_t(1001));
    for (int i = 0; i < 1000; ++i) {
        QCOMPARE(samples[size_t(i)].t, qint64(1000 + i * 100));
        QCOMPARE(samples[size_t(i)].v, i * 0.5);
    }
    QVERIFY(std::isnan(samples.back().v));
    HistoryStore store;
    QString error;
    QVERIFY2(store.open(path, HistoryStore::Mode::ReadOnly, &error), qPrintable(error));
    const QList<TextSample> texts = store.readTexts(QStringLiteral("feed/log"), Min, Max);
    QCOMPARE(texts.size(), 1);
    QCOMPARE(texts.first().text, QStringLiteral("goal – 1:0"));
    QCOMPARE(store.lastSampleAtOrBefore(QStringLiteral("feed/a"), 1000 + 10 * 100 + 50)->v, 5.0);
    QVERIFY(!store.lastSampleAtOrBefore(QStringLiteral("feed/a"), 999));
    const StoreStats stats = store.stats();
    QCOMPARE(stats.samples, qint64(1001));
    QCOMPARE(stats.texts, qint64(1));
    QCOMPARE(*stats.oldestT, qint64(1000));
    QCOMPARE(*stats.newestT, qint64(200000));
}

void TestHistorian::sealsFullChunksWithSummaries()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    ChannelStore channels(20000);
    Historian historian(&channels);
    QString error;
    QVERIFY2(historian.open(path, &error), qPrintable(error));
    const ChannelPtr a = channels.channel(QStringLiteral("f/a"));
    const qsizetype n = 2 * Historian::SealSamples + 100;
    for (qsizetype i = 0; i < n; ++i)
        a->appendNumber(i, double(i % 1000));
    historian.flush();
    HistoryStore store;
    QVERIFY2(store.open(path, HistoryStore::Mode::ReadOnly, &error), qPrintable(error));
    std::vector<StoredChunk> chunks;
    QVERIFY(store.readSummaries(QStringLiteral("f/a"), Min, Max, &chunks));
    QCOMPARE(chunks.size(), size_t(3));
    QVERIFY(chunks[0].sealed && chunks[1].sealed && !chunks[2].sealed);
    QCOMPARE(chunks[0].summary.count, quint32(Historian::SealSamples));
    QCOMPARE(chunks[0].summary.min, 0.0);
    QCOMPARE(chunks[0].summary.max, 999.0);
    QCOMPARE(chunks[1].summary.firstT, qint64(Historian::SealSamples));
    QCOMPARE(chunks[2].summary.count, quint32(100));
    // More samples: the unsealed piece grows as further unsealed rows, then all are sealed.
    for (qsizetype i = n; i < n + 50; ++i)
        a->appendNumber(i, 1.0);
    historian.flush();
    chunks.clear();
    QVERIFY(store.readSummaries(QStringLiteral("f/a"), Min, Max, &chunks));
    QCOMPARE(chunks.size(), size_t(4));
    historian.close();
    chunks.clear();
    QVERIFY(store.readSummaries(QStringLiteral("f/a"), Min, Max, &chunks));
    QCOMPARE(chunks.size(), size_t(3));
    QVERIFY(chunks[2].sealed);
    QCOMPARE(chunks[2].summary.count, quint32(150));
    std::vector<Sample> samples;
    QVERIFY(store.readSamples(QStringLiteral("f/a"), Min, Max, &samples));
    QCOMPARE(samples.size(), size_t(n + 50));
    for (size_t i = 0; i < samples.size(); ++i)
        QCOMPARE(samples[i].t, qint64(i));
    // A range read returns the samples inside it only.
    samples.clear();
    QVERIFY(store.readSamples(QStringLiteral("f/a"), 4000, 4199, &samples));
    QCOMPARE(samples.size(), size_t(200));
    QCOMPARE(samples.front().t, qint64(4000));
}

void TestHistorian::restartShowsStoredWindow()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        ChannelStore channels;
        Historian historian(&channels);
        QString error;
        QVERIFY2(historian.open(path, &error), qPrintable(error));
        const ChannelPtr a = channels.channel(QStringLiteral("f/a"));
        const ChannelPtr other = channels.channel(QStringLiteral("g/b"));
        for (int i = 0; i < 600; ++i) // ten minutes at 1 Hz
            a->appendNumber(now - (600 - i) * 1000, i);
        other->appendNumber(now, 1);
        channels.channel(QStringLiteral("f/log"))->appendText(now - 1000, QStringLiteral("hi"));
    }
    ChannelStore channels;
    Historian historian(&channels);
    QString error;
    QVERIFY2(historian.open(path, &error), qPrintable(error));
    // The last five minutes of feed f; feed g is not on this dashboard.
    QCOMPARE(historian.prefill({QStringLiteral("f")}, 300 * 1000, now), qint64(300));
    const ChannelPtr a = channels.find(QStringLiteral("f/a"));
    QVERIFY(a);
    QCOMPARE(a->totalNumbers(), quint64(300));
    QCOMPARE(a->lastNumber()->v, 599.0);
    QVERIFY(!channels.find(QStringLiteral("g/b")));
    QCOMPARE(channels.find(QStringLiteral("f/log"))->lastText()->text, QStringLiteral("hi"));
    // Live data follows; what was loaded is not written again.
    a->appendNumber(now + 1000, 600);
    historian.flush();
    const std::vector<Sample> samples = stored(path, QStringLiteral("f/a"));
    QCOMPARE(samples.size(), size_t(601));
    QCOMPARE(samples.back().v, 600.0);
    // A channel that already holds data is not filled again.
    QCOMPARE(historian.prefill({QStringLiteral("f")}, 300 * 1000, now), qint64(0));
}

void TestHistorian::excludedFeedsAreNotWritten()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    ChannelStore channels;
    Historian historian(&channels);
    QString error;
    QVERIFY2(historian.open(path, &error), qPrintable(error));
    historian.setExcludedFeeds({QStringLiteral("secret")});
    channels.channel(QStringLiteral("secret/x"))->appendNumber(1, 1);
    channels.channel(QStringLiteral("open/x"))->appendNumber(1, 1);
    historian.flush();
    QCOMPARE(stored(path, QStringLiteral("secret/x")).size(), size_t(0));
    QCOMPARE(stored(path, QStringLiteral("open/x")).size(), size_t(1));
}

void TestHistorian::decimatesLikeTheRing()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    ChannelStore channels(1 << 20);
    Historian historian(&channels);
    QString error;
    QVERIFY2(historian.open(path, &error), qPrintable(error));
    const ChannelPtr a = channels.channel(QStringLiteral("f/a"));
    QRandomGenerator random(11);
    double v = 0;
    const qint64 n = 200000; // 10 Hz for 5.5 hours: 48 chunks
    for (qint64 i = 0; i < n; ++i) {
        v += random.generateDouble() - 0.5;
        a->appendNumber(1000000 + i * 100, i % 5000 == 17 ? std::nan("") : v);
    }
    historian.close();
    HistoryStore store;
    QVERIFY2(store.open(path, HistoryStore::Mode::ReadOnly, &error), qPrintable(error));
    // Narrow columns (chunks span many): the same points as the ring's reduction.
    const qint64 from = 1000000 + 12345 * 100, to = from + 3600 * 1000;
    QList<QPointF> ring, disk;
    const DecimationResult r = decimateMinMax(*a, from, to, 800, ring);
    const DecimationResult d = store.decimate(QStringLiteral("f/a"), from, to, 800, disk);
    QCOMPARE(d.inputPoints, r.inputPoints);
    QCOMPARE(d.minY, r.minY);
    QCOMPARE(d.maxY, r.maxY);
    QCOMPARE(disk, ring);
    // Wide columns (chunks narrower than a column): summaries only, each piece folded at its
    // midpoint. The same samples and extremes overall; a column's extremes may be drawn in the
    // column next to it (a piece straddling their border), never further.
    const qint64 all0 = 1000000, all1 = 1000000 + n * 100;
    constexpr int WideColumns = 20;
    const DecimationResult rw = decimateMinMax(*a, all0, all1, WideColumns, ring);
    const DecimationResult dw =
        store.decimate(QStringLiteral("f/a"), all0, all1, WideColumns, disk);
    QCOMPARE(dw.inputPoints, rw.inputPoints);
    QCOMPARE(dw.minY, rw.minY);
    QCOMPARE(dw.maxY, rw.maxY);
    QVERIFY(store.damage().isEmpty());
    const double width = double(all1 - all0) / WideColumns;
    // Every column of the ring: its min and max are matched by the disk's points within a
    // column of it.
    for (int c = 0; c < WideColumns; ++c) {
        const double x0 = double(all0) + c * width, x1 = x0 + width;
        double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
        for (const QPointF &q : std::as_const(ring)) {
            if (q.x() >= x0 && q.x() < x1) {
                lo = std::min(lo, q.y());
                hi = std::max(hi, q.y());
            }
        }
        double nearLo = std::numeric_limits<double>::max();
        double nearHi = std::numeric_limits<double>::lowest();
        for (const QPointF &p : std::as_const(disk)) {
            if (p.x() >= x0 - width && p.x() < x1 + width) {
                nearLo = std::min(nearLo, p.y());
                nearHi = std::max(nearHi, p.y());
            }
        }
        QVERIFY2(nearLo <= lo && nearHi >= hi, qPrintable(QStringLiteral("column %1").arg(c)));
    }
}

void TestHistorian::zoomedOutReadsSummariesOnly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    ChannelStore channels(1 << 20);
    const qint64 n = 7 * 36000; // 7 hours at 10 Hz: 62 chunks of 4,096 samples (409.6 s)
    {
        Historian historian(&channels);
        QString error;
        QVERIFY2(historian.open(path, &error), qPrintable(error));
        const ChannelPtr a = channels.channel(QStringLiteral("f/a"));
        for (qint64 i = 0; i < n; ++i)
            a->appendNumber(1000000 + i * 100, std::sin(double(i) / 500.0) * 100.0);
        historian.close();
    }
    // Blank every chunk's samples: a view that decodes one finds it damaged.
    {
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READWRITE,
                                 nullptr),
                 SQLITE_OK);
        const auto guard = qScopeGuard([db] { sqlite3_close(db); });
        QCOMPARE(sqlite3_exec(db, "UPDATE chunks SET data = x'00'", nullptr, nullptr, nullptr),
                 SQLITE_OK);
    }
    HistoryStore store;
    QString error;
    QVERIFY2(store.open(path, HistoryStore::Mode::ReadOnly, &error), qPrintable(error));
    const ChannelPtr a = channels.channel(QStringLiteral("f/a"));
    const qint64 from = 1000000, to = from + n * 100;
    // 300 columns of 84 s: narrower than a chunk, wider than its 25.6 s segments.
    QList<QPointF> ring, disk;
    const DecimationResult r = decimateMinMax(*a, from, to, 300, ring);
    const DecimationResult d = store.decimate(QStringLiteral("f/a"), from, to, 300, disk);
    QVERIFY2(store.damage().isEmpty(), qPrintable(store.damage().join(QLatin1Char('\n'))));
    QCOMPARE(d.inputPoints, r.inputPoints);
    QCOMPARE(d.minY, r.minY);
    QCOMPARE(d.maxY, r.maxY);
    QVERIFY(disk.size() >= 300);
    // 1,000 columns of 25.2 s: just narrower than a segment (25.5 s from its first sample to
    // its last), so the samples are needed, and found damaged.
    store.decimate(QStringLiteral("f/a"), from, to, 1000, disk);
    QVERIFY(!store.damage().isEmpty());
}

void TestHistorian::fileHoldsNoFreePagesAfterClose()
{
    // A slow channel (1 Hz) writes a piece per flush until its chunk seals after an hour: the
    // pieces are rewritten as one every few flushes, and what they leave is given back.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    ChannelStore channels(1 << 20);
    Historian historian(&channels);
    historian.setFlushInterval(24 * 3600 * 1000); // only the flushes below
    historian.setRetention({0, 0});
    QString error;
    QVERIFY2(historian.open(path, &error), qPrintable(error));
    std::vector<ChannelPtr> slow;
    for (int c = 0; c < 20; ++c)
        slow.push_back(channels.channel(QStringLiteral("s/c%1").arg(c)));
    const auto rows = [&path] {
        HistoryStore store;
        QString why;
        return store.open(path, HistoryStore::Mode::ReadOnly, &why) ? store.stats().chunks : -1;
    };
    for (qint64 second = 0; second < 600; ++second) {
        for (const ChannelPtr &c : slow)
            c->appendNumber(1000000 + second * 1000, double(second % 17));
        historian.flush();
    }
    // 600 flushes of 20 channels: at most 16 pieces each, not 600.
    QVERIFY2(rows() <= 20 * 16, qPrintable(QString::number(rows())));
    historian.close();
    HistoryStore store;
    QVERIFY2(store.open(path, HistoryStore::Mode::ReadOnly, &error), qPrintable(error));
    const StoreStats stats = store.stats();
    QCOMPARE(stats.samples, 20 * 600);
    QCOMPARE(stats.chunks, 20);
    QCOMPARE(stats.usedBytes, QFileInfo(path).size()); // no free pages left in the file
}

void TestHistorian::killedWhileWriting()
{
#ifndef Q_OS_UNIX
    QSKIP("kill -9 is a POSIX test");
#else
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    constexpr int FlushMs = 100;
    const int rounds = qEnvironmentVariableIntValue("LIVEDASH_KILL_ROUNDS") > 0
                           ? qEnvironmentVariableIntValue("LIVEDASH_KILL_ROUNDS")
                           : 100;
    qint64 next = 0;
    qint64 worstLoss = 0;
    for (int round = 0; round < rounds; ++round) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--write-until-killed"), path, QString::number(next),
                     QString::number(FlushMs)});
        QVERIFY(child.waitForStarted());
        // Killed at a random moment: before the first flush, mid-write, between flushes.
        const int runMs = 20 + int(QRandomGenerator::global()->bounded(400));
        QTest::qWait(runMs);
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(10000));
        const QByteArray err = child.readAllStandardError();
        QVERIFY2(err.isEmpty(), err.constData());
        // The newest index the child had appended at least 3 flush intervals before the kill:
        // that one must be on disk (a flush takes a moment; the other core may be busy).
        const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
        qint64 lastMs = -1;
        QList<QPair<qint64, qint64>> progress;
        for (const QByteArray &line : lines) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() == 2)
                progress.append({f[0].toLongLong(), f[1].toLongLong()});
        }
        if (!progress.isEmpty())
            lastMs = progress.constLast().second;

        QStringList damage;
        const std::vector<Sample> samples = stored(path, QStringLiteral("k/v"), &damage);
        QVERIFY2(damage.isEmpty(), qPrintable(damage.join(u'\n')));
        // Everything stored is exactly what was written: 0, 1, 2, ... with no gap or repeat.
        for (size_t i = 0; i < samples.size(); ++i) {
            if (samples[i].t != qint64(i) || samples[i].v != double(i)) {
                QFAIL(qPrintable(QStringLiteral("round %1: sample %2 is t=%3 v=%4")
                                     .arg(round)
                                     .arg(i)
                                     .arg(samples[i].t)
                                     .arg(samples[i].v)));
            }
        }
        const qint64 have = qint64(samples.size());
        for (const auto &[index, ms] : std::as_const(progress)) {
            if (ms <= lastMs - 3 * FlushMs && index >= have) {
                QFAIL(qPrintable(QStringLiteral("round %1: index %2, appended %3 ms before the "
                                                "last report, is not stored (have %4)")
                                     .arg(round)
                                     .arg(index)
                                     .arg(lastMs - ms)
                                     .arg(have)));
            }
        }
        if (!progress.isEmpty())
            worstLoss = std::max(worstLoss, progress.constLast().first - have);
        next = have;
    }
    qInfo("%d kills; %lld samples stored; at most %lld samples lost at a kill", rounds,
          static_cast<long long>(next), static_cast<long long>(worstLoss));
    QVERIFY(next > 0);
#endif
}

void TestHistorian::damagedChunkIsReportedAndSkipped()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    {
        ChannelStore channels(100000);
        Historian historian(&channels);
        QString error;
        QVERIFY2(historian.open(path, &error), qPrintable(error));
        const ChannelPtr a = channels.channel(QStringLiteral("f/a"));
        QRandomGenerator random(7);
        for (int i = 0; i < 3 * Historian::SealSamples; ++i)
            a->appendNumber(i, random.generateDouble()); // incompressible: chunks span pages
    }
    // Flip bytes inside the second chunk's data, where they are in the file.
    QByteArray chunkBytes;
    {
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY,
                                 nullptr),
                 SQLITE_OK);
        sqlite3_stmt *s = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "SELECT data FROM chunks ORDER BY t0 LIMIT 1 OFFSET 1", -1,
                                    &s, nullptr),
                 SQLITE_OK);
        QCOMPARE(sqlite3_step(s), SQLITE_ROW);
        chunkBytes = QByteArray(static_cast<const char *>(sqlite3_column_blob(s, 0)),
                                sqlite3_column_bytes(s, 0));
        sqlite3_finalize(s);
        sqlite3_close(db);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray all = file.readAll();
    const QByteArray excerpt = chunkBytes.mid(200, 32);
    const qsizetype at = all.indexOf(excerpt);
    QVERIFY(at > 0);
    QCOMPARE(all.indexOf(excerpt, at + 1), qsizetype(-1));
    for (qsizetype i = at; i < at + excerpt.size(); ++i)
        all[i] = char(~all[i]);
    file.seek(0);
    file.write(all);
    file.close();

    QStringList damage;
    const std::vector<Sample> samples = stored(path, QStringLiteral("f/a"), &damage);
    QCOMPARE(damage.size(), 1);
    QVERIFY2(damage.first().contains(QStringLiteral("checksum mismatch")),
             qPrintable(damage.first()));
    QVERIFY2(damage.first().contains(QStringLiteral("f/a")), qPrintable(damage.first()));
    // The other two chunks are served.
    QCOMPARE(samples.size(), size_t(2 * Historian::SealSamples));
}

void TestHistorian::notAHistoryFileIsMovedAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(8192, 'x'));
    file.close();
    ChannelStore channels;
    Historian historian(&channels);
    QString error;
    QVERIFY2(historian.open(path, &error), qPrintable(error));
    const Historian::Status status = historian.status();
    QVERIFY(!status.movedAside.isEmpty());
    QVERIFY(QFile::exists(status.movedAside));
    QVERIFY2(status.message.contains(QStringLiteral("renamed")), qPrintable(status.message));
    channels.channel(QStringLiteral("f/a"))->appendNumber(1, 1);
    historian.flush();
    QCOMPARE(stored(path, QStringLiteral("f/a")).size(), size_t(1));
}

void TestHistorian::retentionDropsOldestChunks()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 day = 24 * 3600 * 1000LL;
    ChannelStore channels(100000);
    Historian historian(&channels);
    QString error;
    QVERIFY2(historian.open(path, &error), qPrintable(error));
    const ChannelPtr a = channels.channel(QStringLiteral("f/a"));
    // Forty days at one sample every ~10 minutes: chunks seal on their hour span.
    for (qint64 t = now - 40 * day; t <= now; t += 600000)
        a->appendNumber(t, double(t % 977));
    historian.flush();
    Retention retention;
    retention.maxAgeMs = 30 * day;
    retention.maxBytes = 0;
    historian.setRetention(retention);
    historian.flush();
    HistoryStore store;
    QVERIFY2(store.open(path, HistoryStore::Mode::ReadOnly, &error), qPrintable(error));
    StoreStats stats = store.stats();
    QVERIFY2(*stats.oldestT >= now - 30 * day - 3600 * 1000,
             qPrintable(QString::number((now - *stats.oldestT) / day)));
    QVERIFY(*stats.oldestT < now - 29 * day);
    // A size limit keeps the newest chunks.
    const qint64 before = stats.usedBytes;
    retention.maxBytes = before / 2;
    historian.setRetention(retention);
    historian.flush();
    stats = store.stats();
    QVERIFY2(stats.usedBytes <= before / 2,
             qPrintable(QStringLiteral("%1 > %2").arg(stats.usedBytes).arg(before / 2)));
    QVERIFY(*stats.newestT >= now - 600000);
    QVERIFY(*stats.oldestT > now - 29 * day);
}

void TestHistorian::diskFullPausesAndResumes()
{
#ifndef Q_OS_LINUX
    QSKIP("a size-limited file system is made with Linux's tmpfs");
#else
    if (::geteuid() != 0)
        QSKIP("mounting a small tmpfs needs root (CI runs as root)");
    QTemporaryDir dir;
    const QString mountPoint = dir.filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(mountPoint));
    QCOMPARE(QProcess::execute(QStringLiteral("mount"),
                               {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                QStringLiteral("size=4m"), QStringLiteral("tmpfs"), mountPoint}),
             0);
    const auto unmount = qScopeGuard([&] {
        QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), mountPoint});
    });
    const QString path = mountPoint + QStringLiteral("/h.sqlite");
    // All but 256 KB taken by another file.
    const QString filler = mountPoint + QStringLiteral("/filler");
    {
        QFile f(filler);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4 * 1024 * 1024 - 256 * 1024, 'f'));
    }
    ChannelStore channels(1 << 20);
    Historian historian(&channels);
    historian.setFlushInterval(50);
    QString error;
    QVERIFY2(historian.open(path, &error), qPrintable(error));
    const ChannelPtr a = channels.channel(QStringLiteral("f/a"));
    QRandomGenerator random(3);
    qint64 t = 0;
    // Incompressible samples until the disk is full.
    for (int i = 0; i < 200 && historian.status().state != Historian::State::Paused; ++i) {
        for (int k = 0; k < 2000; ++k, ++t)
            a->appendNumber(t, random.generateDouble());
        historian.flush();
    }
    Historian::Status status = historian.status();
    QCOMPARE(status.state, Historian::State::Paused);
    QVERIFY2(status.message.contains(QStringLiteral("full")), qPrintable(status.message));
    // The live channel carries on.
    for (int k = 0; k < 1000; ++k, ++t)
        a->appendNumber(t, random.generateDouble());
    QCOMPARE(a->totalNumbers(), quint64(t));
    historian.flush();
    QCOMPARE(historian.status().state, Historian::State::Paused);
    // Space comes back: writing resumes with everything the channel still holds.
    QVERIFY(QFile::remove(filler));
    historian.flush();
    historian.flush();
    status = historian.status();
    QCOMPARE(status.state, Historian::State::Writing);
    QCOMPARE(status.lost, quint64(0));
    historian.close();
    const std::vector<Sample> samples = stored(path, QStringLiteral("f/a"));
    QCOMPARE(qint64(samples.size()), t);
    for (size_t i = 0; i < samples.size(); ++i)
        QCOMPARE(samples[i].t, qint64(i));
#endif
}

int main(int argc, char **argv)
{
    if (argc == 5 && qstrcmp(argv[1], "--write-until-killed") == 0) {
        QCoreApplication app(argc, argv);
        return writeUntilKilled(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toLongLong(),
                                QByteArray(argv[4]).toInt());
    }
    QCoreApplication app(argc, argv);
    TestHistorian test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_historian.moc"
