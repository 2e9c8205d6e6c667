#pragma once

// Measurement helpers of livedash-bench: clocks, order statistics, process and thread CPU and
// memory, the UI event-loop lateness probe and the message-to-pixel paint tracker.

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>
#include <vector>

namespace livedash::bench {

/// Wall clock in ms since the epoch, with µs precision (the loadgen stamps "ts" this way).
double epochMsNow();
/// Monotonic clock in µs (CLOCK_MONOTONIC, shared with the loadgen).
qint64 monoUsNow();

/// Runs the event loop until `done()` holds (polled every `pollMs`) or `timeoutMs` passed.
bool waitUntil(const std::function<bool()> &done, int timeoutMs, int pollMs = 10);
/// Runs the event loop for `ms`.
void waitFor(int ms);

/// Order statistics of a set of values.
struct Distribution
{
    qsizetype count = 0;
    double p50 = 0;
    double p99 = 0;
    double max = 0;
    double min = 0;
    double mean = 0;

    static Distribution of(std::vector<double> values);
    QJsonObject toJson() const;
};

// Where a figure comes from, per OS (each is documented at its function below):
//   Linux:   /proc/self/task/*/{stat,comm,schedstat}, /proc/<pid>/stat, /proc/self/status,
//            getrusage, mallinfo2 (glibc), /proc/loadavg, setrlimit.
//   macOS:   task_threads + thread_info(THREAD_BASIC_INFO) with pthread_getname_np,
//            proc_pidinfo(PROC_PIDTASKINFO), task_info(MACH_TASK_BASIC_INFO), getrusage,
//            malloc_zone_statistics, getloadavg, setrlimit. No run-queue wait time.
//   Windows: CreateToolhelp32Snapshot + GetThreadTimes + GetThreadDescription, GetProcessTimes,
//            GetProcessMemoryInfo (working set), HeapWalk of the CRT heap. No run-queue wait
//            time, no load average, no open-files limit to raise.
// A figure an OS cannot give is std::nullopt (or an empty result, as documented): the callers
// leave it out of the JSON, the tables show "–" and unmeasuredFigures() names it.

/// CPU seconds (user + system) by thread group of this process: "ui" (the main thread),
/// "ingest" (livedash-ingest-*), "network" (Qt's HTTP thread, which reads HTTP and SSE
/// replies before the ingest thread sees them), "other" (the remaining helper threads).
/// Groups come from thread names (Linux comm, macOS pthread name, Windows thread description).
/// "ui" is found by thread id everywhere; on Windows a thread with no description (a Qt that
/// does not call SetThreadDescription for QThread names) counts as "other".
QMap<QString, double> threadCpuSeconds();
/// Seconds the threads of each group above spent runnable but waiting for a CPU
/// (/proc/self/task/<tid>/schedstat): high values mean the machine was busy with others.
/// Linux only: nullopt elsewhere (no per-thread run-queue time on macOS or Windows).
std::optional<QMap<QString, double>> threadWaitSeconds();
/// CPU seconds (user + system) of this process so far.
double selfCpuSeconds();
/// CPU seconds (user + system) of another process (0 if gone).
double processCpuSeconds(qint64 pid);
/// Seconds the threads of another process waited for a CPU, summed
/// (/proc/<pid>/task/*/schedstat). Linux only: nullopt elsewhere.
std::optional<double> processWaitSeconds(qint64 pid);

/// One thread's scheduler times so far (Linux /proc/<pid>/task/<tid>/schedstat and comm).
struct ThreadSchedule
{
    qint64 tid = 0;
    bool main = false; ///< the process's main thread (the UI thread of Livedash)
    QString name;      ///< comm: the thread's name, at most 15 bytes
    double cpuS = 0;   ///< on a CPU
    double waitS = 0;  ///< runnable, but waiting on a run queue for a CPU
};
/// Every thread of process `pid` (0: this process). Linux only: nullopt elsewhere (macOS and
/// Windows keep no per-thread run-queue time).
std::optional<std::vector<ThreadSchedule>> threadSchedules(qint64 pid = 0);
/// CPU seconds every process on the machine used so far, summed over CPUs (Linux /proc/stat:
/// user, nice, system, irq, softirq, steal). Linux only: nullopt elsewhere.
std::optional<double> machineBusySeconds();

/// Who held the throughput back, from the scheduler times of Livedash's and the loadgen's
/// threads at the two ends of a window.
struct ScheduleSnapshot
{
    std::optional<std::vector<ThreadSchedule>> app;     ///< threadSchedules() of this process
    std::optional<std::vector<ThreadSchedule>> loadgen; ///< threadSchedules(loadgen pid)
    std::optional<double> machineBusyS;                 ///< machineBusySeconds()
};
ScheduleSnapshot takeScheduleSnapshot(qint64 loadgenPid);
/// Over `seconds` between `begin` and `end`: CPU % and run-queue wait (ms/s) per process
/// ("app": this one, the design measured; "loadgen"), summed over its threads, and for its
/// busiest threads; the CPU other processes used; and "verdict", a sentence naming the
/// bottleneck: the process whose busiest thread always had work (runnable, on a CPU or waiting
/// for one, >= 90 % of the time), with how long it waited for a CPU, e.g. "livedash (ingest
/// thread waited 310 ms/s for a CPU)" (`appName` names this process), "loadgen (...)" or
/// "both: ...". With no such thread: "neither, but the CPUs were busy: ..." when a thread
/// waited >= 100 ms/s, else "neither: CPU to spare". Where the OS gives no run-queue times,
/// {"verdict": "not measured on this OS"}.
QJsonObject bottleneckJson(const ScheduleSnapshot &begin, const ScheduleSnapshot &end,
                           double seconds, const QString &appName);
/// Resident set (Linux VmRSS, macOS resident_size, Windows working set) and its peak (VmHWM,
/// resident_size_max, peak working set) of this process, in KiB; nullopt if unavailable.
std::optional<qint64> rssKb();
std::optional<qint64> peakRssKb();
/// Bytes in use on the C heap: glibc mallinfo2 (allocated chunks plus mmapped blocks), macOS
/// malloc_zone_statistics (all zones), Windows the busy blocks of the process heap, which the
/// UCRT's malloc uses (HeapWalk: slow with many blocks, only called outside timed windows).
std::optional<qint64> heapBytes();
/// The 1, 5 and 15 minute load averages (Linux /proc/loadavg, macOS getloadavg); on Windows,
/// which has none, a text saying so.
QString loadAverage();
/// Raises the open-files soft limit to the hard limit (1000 feeds need 1000+ sockets). On
/// Windows sockets are not C runtime descriptors and have no such per-process limit
/// (_setmaxstdio only covers FILE streams): nothing to do.
void raiseFileLimit();
/// The figures this build cannot measure on this OS, as readable names (empty on Linux).
QStringList unmeasuredFigures();

/// `v` / `divisor` (e.g. KiB to MB), or nullopt when `v` was not measured.
std::optional<double> scaled(std::optional<qint64> v, double divisor);
/// Inserts `v` rounded to 1 decimal under `key`, or nothing when not measured.
void insertRounded(QJsonObject &o, const QString &key, std::optional<double> v);

/// A 5 ms Qt::PreciseTimer on the thread it lives on (the UI thread): each timeout records
/// how late it fired relative to the previous one. Lateness is what an input event or a
/// paint would have waited.
class LatenessProbe : public QObject
{
    Q_OBJECT
public:
    explicit LatenessProbe(int intervalMs = 5, QObject *parent = nullptr);
    void start();
    void stop();
    /// Lateness (ms) of the ticks that ended in (fromUs, toUs] on the monotonic clock; a stall
    /// still running at toUs counts up to toUs.
    Distribution within(qint64 fromUs, qint64 toUs) const;

private:
    struct Tick
    {
        qint64 previousUs;
        qint64 us;
    };
    QTimer m_timer;
    int m_intervalMs;
    qint64 m_lastUs = 0;
    std::vector<Tick> m_ticks;
};

/// Counts chart paints and their message-to-pixel latency: for each paint, now (wall clock)
/// minus the newest sample time the chart shows, counted only when that sample is newer than
/// the one shown by the chart's previous paint. UI thread only.
class PaintTracker
{
public:
    explicit PaintTracker(int charts = 0) { resize(charts); }
    void resize(int charts);
    /// Call at the end of chart `chart`'s paint; `newestShownMs` is epoch ms (0 for none).
    void painted(int chart, qint64 newestShownMs);

    struct Summary
    {
        Distribution latencyMs; ///< message-to-pixel, over every fresh paint of every chart
        Distribution paintHz;   ///< paints per second, over charts
        Distribution freshHz;   ///< paints showing newer data per second, over charts
    };
    Summary within(qint64 fromUs, qint64 toUs) const;
    /// The first paint (monotonic µs) of any chart that showed data, 0 if none yet.
    qint64 firstDataPaintUs() const { return m_firstDataUs; }

private:
    struct Paint
    {
        qint64 us;
        double latencyMs; ///< < 0: not a fresh paint
    };
    std::vector<std::vector<Paint>> m_paints;
    std::vector<qint64> m_lastNewest;
    qint64 m_firstDataUs = 0;
};

} // namespace livedash::bench
