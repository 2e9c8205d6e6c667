// Reliability scenario 8: settings written with kill -9 mid-save, 100 times.
//
// livedash-save-loop loads a dashboard and saves new generations of it with Dashboard::save
// in a tight loop, saying after each save that it returned. The test starts it 100 times and
// kills it (QProcess::kill: SIGKILL on POSIX, TerminateProcess on Windows, which QProcess also
// reports as a crash) at a random moment: after 0 to 3 of its saves returned, plus 0-20 ms. The
// moment is taken from what the loop did, not from the clock alone, so a busy machine that gives
// the loop little CPU still has its kills land in the save loop. Pass criteria: after every
// kill the file loads with Dashboard::load and is, byte for byte, one of the written
// generations, never older than the one before nor than the last save that returned (a
// returned save is durable).
#include "saveversions.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace livedash;
using namespace livedash::reliability;

class TestKillSave : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileAlwaysLoadsAfterKillDuringSave_data();
    void fileAlwaysLoadsAfterKillDuringSave();
};

void TestKillSave::fileAlwaysLoadsAfterKillDuringSave_data()
{
    QTest::addColumn<QString>("folder");
    // On a disk each save waits for fsync (a kill lands mostly there); in memory saves are
    // fast and a kill lands mostly mid-write or mid-rename.
    QTest::newRow("temporary folder") << QDir::tempPath();
    if (QFileInfo(QStringLiteral("/dev/shm")).isWritable())
        QTest::newRow("tmpfs /dev/shm") << QStringLiteral("/dev/shm");
}

void TestKillSave::fileAlwaysLoadsAfterKillDuringSave()
{
    QFETCH(QString, folder);
    constexpr int Kills = 100;
    QVERIFY(QFile::exists(QStringLiteral(LIVEDASH_SAVE_LOOP)));
    QTemporaryDir dir(folder + QStringLiteral("/livedash-killsave-XXXXXX"));
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("dashboard.json"));
    QString error;
    QVERIFY2(dashboardGeneration(0).save(path, &error), qPrintable(error));

    int generation = 0, advanced = 0;
    int maxBytes = 0, minBytes = INT_MAX;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < Kills; ++i) {
        QProcess loop;
        loop.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        loop.start(QStringLiteral(LIVEDASH_SAVE_LOOP), {path});
        QVERIFY(loop.waitForStarted(10000));
        QByteArray out;
        while (!out.contains('\n') && loop.waitForReadyRead(10000))
            out += loop.readAllStandardOutput();
        QVERIFY2(out.startsWith("ready "), qPrintable(QStringLiteral("run %1: %2 (exit %3)")
                                                          .arg(i)
                                                          .arg(QString::fromLatin1(out))
                                                          .arg(loop.exitCode())));
        const qsizetype readyEnd = out.indexOf('\n');
        QCOMPARE(out.mid(6, readyEnd - 6).trimmed().toInt(), generation); // what the last run left
        out.remove(0, readyEnd + 1);

        // Wait for 0 to 3 saves to return (however long the machine takes), then 0-20 ms more.
        const int savesFirst = QRandomGenerator::global()->bounded(4);
        int lastSaved = generation;
        int returned = 0;
        auto readSaved = [&] {
            out += loop.readAllStandardOutput();
            for (qsizetype nl; (nl = out.indexOf('\n')) >= 0; out.remove(0, nl + 1)) {
                if (out.startsWith("saved ")) {
                    lastSaved = out.mid(6, nl - 6).trimmed().toInt();
                    ++returned;
                }
            }
        };
        while (returned < savesFirst && loop.state() == QProcess::Running) {
            loop.waitForReadyRead(10000);
            readSaved();
        }
        QVERIFY2(returned >= savesFirst,
                 qPrintable(QStringLiteral("run %1: only %2 saves returned").arg(i).arg(returned)));
        std::this_thread::sleep_for(
            std::chrono::microseconds(QRandomGenerator::global()->bounded(20001)));
        // SIGKILL on POSIX, TerminateProcess on Windows: no chance to clean up either way.
        loop.kill();
        QVERIFY(loop.waitForFinished(10000));
        // Killed, not ended by itself (a save that failed would exit with code 5).
        QCOMPARE(loop.exitStatus(), QProcess::CrashExit);
        readSaved(); // saves that returned before the kill and were not read yet

        const std::optional<Dashboard> loaded = Dashboard::load(path, &error);
        QVERIFY2(loaded, qPrintable(QStringLiteral("after kill %1: %2").arg(i).arg(error)));
        const int k = generationOf(*loaded);
        QVERIFY2(k >= generation, qPrintable(QStringLiteral("after kill %1: generation %2 after %3")
                                                 .arg(i)
                                                 .arg(k)
                                                 .arg(generation)));
        QVERIFY2(k >= lastSaved,
                 qPrintable(QStringLiteral("after kill %1: generation %2, but the save of %3 had "
                                           "returned")
                                .arg(i)
                                .arg(k)
                                .arg(lastSaved)));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(bytes == dashboardGeneration(k).toJson(),
                 qPrintable(QStringLiteral("after kill %1: generation %2 is not what was written")
                                .arg(i)
                                .arg(k)));
        advanced += k > generation;
        maxBytes = std::max(maxBytes, int(bytes.size()));
        minBytes = std::min(minBytes, int(bytes.size()));
        generation = k;
    }
    // QSaveFile's temporary files of interrupted saves stay behind (they are not the file).
    const int leftovers = int(QDir(dir.path()).entryList(QDir::Files).size()) - 1;
    qInfo().noquote() << QStringLiteral("%1: %2 kills in %3 s; %4 generations saved in total "
                                        "(%5 to %6 bytes each), %7 runs completed at least one "
                                        "save; the file always loaded; %8 temporary files of "
                                        "interrupted saves left in the folder")
                             .arg(folder)
                             .arg(Kills)
                             .arg(clock.elapsed() / 1000.0, 0, 'f', 1)
                             .arg(generation)
                             .arg(minBytes)
                             .arg(maxBytes)
                             .arg(advanced)
                             .arg(leftovers);
    // Three runs in four wait for at least one save to return before the kill, and each such
    // save must have reached the file (k >= lastSaved above): most runs advanced the file.
    QVERIFY2(advanced >= Kills / 2, qPrintable(QString::number(advanced)));
}

QTEST_GUILESS_MAIN(TestKillSave)
#include "tst_killsave.moc"
