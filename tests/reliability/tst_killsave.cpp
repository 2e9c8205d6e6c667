// Reliability scenario 8: settings written with kill -9 mid-save, 100 times.
//
// livedash-save-loop loads a dashboard and saves new generations of it with Dashboard::save
// in a tight loop. The test starts it 100 times and kills it at a random moment 0-50 ms after
// it is ready (QProcess::kill: SIGKILL on POSIX, TerminateProcess on Windows, whose exit
// QProcess also reports as a crash). Pass criteria: after every kill the file loads with
// Dashboard::load and
// is, byte for byte, one of the written generations, never older than the one before; the
// loop really was mid-save (it saved many generations in total).
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
        QCOMPARE(out.mid(6).trimmed().toInt(), generation); // it found what the last run left

        std::this_thread::sleep_for(
            std::chrono::microseconds(QRandomGenerator::global()->bounded(50001)));
        // SIGKILL on POSIX, TerminateProcess on Windows: no chance to clean up either way.
        loop.kill();
        QVERIFY(loop.waitForFinished(10000));
        // Killed, not ended by itself (a save that failed would exit with code 5).
        QCOMPARE(loop.exitStatus(), QProcess::CrashExit);

        const std::optional<Dashboard> loaded = Dashboard::load(path, &error);
        QVERIFY2(loaded, qPrintable(QStringLiteral("after kill %1: %2").arg(i).arg(error)));
        const int k = generationOf(*loaded);
        QVERIFY2(k >= generation, qPrintable(QStringLiteral("after kill %1: generation %2 after %3")
                                                 .arg(i)
                                                 .arg(k)
                                                 .arg(generation)));
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
    // The kills landed in the save loop, not before it: most runs got some saves done (each
    // save takes well under the 25 ms the average run has).
    QVERIFY2(advanced >= Kills / 2, qPrintable(QString::number(advanced)));
}

QTEST_GUILESS_MAIN(TestKillSave)
#include "tst_killsave.moc"
