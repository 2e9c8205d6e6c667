// The system feed's /proc parsers against fixed sample texts (as Linux 6.1 writes them), so
// parsing is tested apart from the machine the test runs on; and the channel names of mounts.
#include "procparse.h"
#include "systemsource.h"

#include <QTest>

using namespace livedash::system;

class TestProcParse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stat()
    {
        const QByteArray text = "cpu  1000 50 300 8000 200 10 20 30 0 0\n"
                                "cpu0 500 25 150 4000 100 5 10 15 0 0\n"
                                "cpu1 500 25 150 4000 100 5 10 15 7 0\n"
                                "intr 12345 1 2 3\n"
                                "ctxt 999\n"
                                "btime 1700000000\n"
                                "processes 42\n";
        const auto s = proc::parseStat(text);
        QVERIFY(s);
        // busy = user + nice + system + irq + softirq + steal; total adds idle + iowait.
        QCOMPARE(s->total.busy, quint64(1000 + 50 + 300 + 10 + 20 + 30));
        QCOMPARE(s->total.total, quint64(1410 + 8000 + 200));
        QCOMPARE(s->cores.size(), 2);
        QCOMPARE(s->cores[1].busy, quint64(705));
        QCOMPARE(s->cores[1].total, quint64(705 + 4100));
        // Old kernels with only four columns.
        const auto old = proc::parseStat("cpu 1 2 3 4\ncpu0 1 2 3 4\n");
        QVERIFY(old);
        QCOMPARE(old->total.busy, quint64(6));
        QCOMPARE(old->total.total, quint64(10));
        QVERIFY(!proc::parseStat("intr 1 2 3\n"));
        QVERIFY(!proc::parseStat(""));
    }

    void meminfo()
    {
        const QByteArray text = "MemTotal:       16318508 kB\n"
                                "MemFree:         1042364 kB\n"
                                "MemAvailable:    9876543 kB\n"
                                "Buffers:          312240 kB\n"
                                "Cached:          7401228 kB\n"
                                "SwapCached:         1024 kB\n"
                                "SReclaimable:     400000 kB\n"
                                "SwapTotal:       2097148 kB\n"
                                "SwapFree:        1048574 kB\n"
                                "HugePages_Total:       0\n";
        const auto m = proc::parseMeminfo(text);
        QVERIFY(m);
        QCOMPARE(m->totalBytes, quint64(16318508) * 1024);
        QCOMPARE(m->usedBytes, quint64(16318508 - 9876543) * 1024);
        QCOMPARE(m->swapTotalBytes, quint64(2097148) * 1024);
        QCOMPARE(m->swapUsedBytes, quint64(2097148 - 1048574) * 1024);
        // Before 3.14 there is no MemAvailable: free + buffers + cached + reclaimable slab.
        const auto old = proc::parseMeminfo("MemTotal: 1000 kB\nMemFree: 100 kB\n"
                                            "Buffers: 50 kB\nCached: 200 kB\n"
                                            "SReclaimable: 50 kB\nSwapTotal: 0 kB\n"
                                            "SwapFree: 0 kB\n");
        QVERIFY(old);
        QCOMPARE(old->usedBytes, quint64(600) * 1024);
        QCOMPARE(old->swapUsedBytes, quint64(0));
        QVERIFY(!proc::parseMeminfo("SwapTotal: 0 kB\n"));
    }

    void loadavg()
    {
        double load[3] = {};
        QVERIFY(proc::parseLoadavg("0.52 1.07 2.50 3/1234 56789\n", load));
        QCOMPARE(load[0], 0.52);
        QCOMPARE(load[1], 1.07);
        QCOMPARE(load[2], 2.50);
        QVERIFY(!proc::parseLoadavg("", load));
        QVERIFY(!proc::parseLoadavg("x y z", load));
    }

    void diskstats()
    {
        const QByteArray text =
            "   7       0 loop0 57 0 2248 12 0 0 0 0 0 28 12 0 0 0 0 0 0\n"
            " 254       0 vda 184813 37512 17024294 61512 1316447 1040562 89151800 2030044 0 "
            "1147968 2187844 0 0 0 0 63028 96286\n"
            " 254       1 vda1 184000 37000 17000000 61000 1316000 1040000 89000000 2030000 0 "
            "1147000 2187000\n"
            "   8      16 sdb 1 2\n";
        const QList<DeviceCounters> d = proc::parseDiskstats(text);
        QCOMPARE(d.size(), 3); // the short line is skipped
        QCOMPARE(d[1].name, QStringLiteral("vda"));
        QCOMPARE(d[1].readBytes, quint64(17024294) * 512);
        QCOMPARE(d[1].writeBytes, quint64(89151800) * 512);
        QCOMPARE(d[2].name, QStringLiteral("vda1"));
    }

    void netDev()
    {
        const QByteArray text =
            "Inter-|   Receive                                                |  Transmit\n"
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    "
            "packets errs drop fifo colls carrier compressed\n"
            "    lo: 4263917   41234    0    0    0     0          0         0  4263917   "
            "41234    0    0    0     0       0          0\n"
            "  eth0:123456789012 98765 0 0 0 0 0 12 987654321 54321 0 0 0 0 0 0\n"
            "wlan0: 1 2 3\n";
        const QList<InterfaceCounters> n = proc::parseNetDev(text);
        QCOMPARE(n.size(), 2);
        QCOMPARE(n[0].name, QStringLiteral("lo"));
        QCOMPARE(n[0].rxBytes, quint64(4263917));
        QCOMPARE(n[0].txBytes, quint64(4263917));
        // Large counters run into the colon.
        QCOMPARE(n[1].name, QStringLiteral("eth0"));
        QCOMPARE(n[1].rxBytes, quint64(123456789012));
        QCOMPARE(n[1].txBytes, quint64(987654321));
    }

    void mounts()
    {
        const QByteArray text = "proc /proc proc rw,relatime 0 0\n"
                                "/dev/vda / ext4 rw,relatime 0 0\n"
                                "/dev/sdb1 /media/My\\040Disk vfat rw 0 0\n"
                                "server:/export /mnt/nfs nfs4 rw 0 0\n";
        const QList<MountEntry> m = proc::parseMounts(text);
        QCOMPARE(m.size(), 4);
        QCOMPARE(m[1].device, QStringLiteral("/dev/vda"));
        QCOMPARE(m[1].mountPoint, QStringLiteral("/"));
        QCOMPARE(m[1].type, QStringLiteral("ext4"));
        QCOMPARE(m[2].mountPoint, QStringLiteral("/media/My Disk"));
        QVERIFY(isNetworkFileSystem(m[3].type));
        QVERIFY(isNetworkFileSystem(QStringLiteral("fuse.sshfs")));
        QVERIFY(!isNetworkFileSystem(m[1].type));
        QVERIFY(defaultExcludedFileSystems().contains(QStringLiteral("tmpfs")));
        QVERIFY(defaultExcludedFileSystems().contains(QStringLiteral("overlay")));
        QVERIFY(!defaultExcludedFileSystems().contains(QStringLiteral("ext4")));
    }

    void pidStat()
    {
        // A name with spaces and parentheses: the last ')' ends it.
        const QByteArray text = "4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 300 0 0 0 "
                                "150 50 0 0 20 0 1 0 987654 12345678 2048 "
                                "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
        const auto s = proc::parsePidStat(text);
        QVERIFY(s);
        QCOMPARE(s->comm, QStringLiteral("my (odd) prog"));
        QCOMPARE(s->cpuTicks, quint64(200));
        QCOMPARE(s->startTime, quint64(987654));
        QCOMPARE(s->rssPages, quint64(2048));
        QVERIFY(!proc::parsePidStat("4242 (x) S 1 2 3\n"));
        QVERIFY(!proc::parsePidStat("garbage"));
    }

    void processNames()
    {
        QVERIFY(proc::processNameMatches(QStringLiteral("sleep"), QStringLiteral("sleep"),
                                         QStringLiteral("/bin/sleep")));
        QVERIFY(!proc::processNameMatches(QStringLiteral("sleep"), QStringLiteral("sleeper"),
                                          QString()));
        // comm holds 15 characters: a longer name is compared with argv[0]'s file name.
        const QString longName = QStringLiteral("a-very-long-program");
        QVERIFY(proc::processNameMatches(longName, longName.left(15),
                                         QStringLiteral("/usr/bin/a-very-long-program")));
        QVERIFY(!proc::processNameMatches(longName, longName.left(15),
                                          QStringLiteral("/usr/bin/a-very-long-programme")));
        QVERIFY(!proc::processNameMatches(longName, QStringLiteral("other"), longName));
    }

    void mountNames()
    {
        QCOMPARE(mountChannelName(QStringLiteral("/")), QStringLiteral("root"));
        QCOMPARE(mountChannelName(QStringLiteral("/home")), QStringLiteral("home"));
        QCOMPARE(mountChannelName(QStringLiteral("/boot/efi/")), QStringLiteral("boot_efi"));
        QCOMPARE(mountChannelName(QStringLiteral("C:\\")), QStringLiteral("C"));
        QCOMPARE(mountChannelName(QStringLiteral("D:")), QStringLiteral("D"));
    }
};

QTEST_GUILESS_MAIN(TestProcParse)
#include "tst_procparse.moc"
