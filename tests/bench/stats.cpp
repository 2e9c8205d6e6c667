// <windows.h> first, without min/max macros, before any other header could pull it in.
#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
// These two need <windows.h> before them.
#include <psapi.h>    // GetProcessMemoryInfo (psapi.lib)
#include <tlhelp32.h> // CreateToolhelp32Snapshot, Thread32First/Next
#endif

#include "stats.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonValue>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>
#include <utility>

#if defined(Q_OS_LINUX)
#include <malloc.h> // mallinfo2 (glibc >= 2.33)
#include <sys/resource.h>
#include <unistd.h>
#elif defined(Q_OS_MACOS)
#include <cstdlib> // getloadavg
#include <libproc.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <malloc/malloc.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syslimits.h> // OPEN_MAX
#endif

namespace livedash::bench {

double epochMsNow()
{
    return double(std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count()) /
           1000.0;
}

qint64 monoUsNow()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool waitUntil(const std::function<bool()> &done, int timeoutMs, int pollMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(pollMs);
    bool ok = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            ok = true;
            loop.quit();
        }
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    poll.start();
    loop.exec();
    return ok || done();
}

void waitFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

Distribution Distribution::of(std::vector<double> values)
{
    Distribution d;
    d.count = qsizetype(values.size());
    if (values.empty())
        return d;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p of the values at or below it.
    auto rank = [&](double p) {
        const size_t n = values.size();
        const size_t k = size_t(std::ceil(p * double(n)));
        return values[std::clamp<size_t>(k, 1, n) - 1];
    };
    d.p50 = rank(0.50);
    d.p99 = rank(0.99);
    d.min = values.front();
    d.max = values.back();
    d.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    return d;
}

namespace {

double round3(double x)
{
    return std::round(x * 1000.0) / 1000.0;
}

/// The group of a thread from whether it is the main thread and its name.
QString threadGroup(bool main, const QByteArray &name)
{
    if (main)
        return QStringLiteral("ui");
    if (name.startsWith("livedash-ingest"))
        return QStringLiteral("ingest");
    if (name.startsWith("QNetworkAccess")) // Qt's HTTP thread (HTTP and SSE feeds)
        return QStringLiteral("network");
    return QStringLiteral("other");
}

#if defined(Q_OS_LINUX)
/// utime + stime (fields 14 and 15) of a /proc/.../stat line, in seconds.
double statCpuSeconds(const QByteArray &stat)
{
    // The command name (field 2) may hold spaces; fields are counted after its ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    if (fields.size() < 13)
        return 0;
    const double ticks = double(sysconf(_SC_CLK_TCK));
    return (fields[11].toDouble() + fields[12].toDouble()) / ticks;
}

QByteArray readSmallFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

std::optional<qint64> statusKb(const char *key)
{
    const QByteArray status = readSmallFile(QStringLiteral("/proc/self/status"));
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith(key))
            return line.mid(qsizetype(qstrlen(key))).trimmed().split(' ').value(0).toLongLong();
    }
    return std::nullopt;
}

/// Calls fn(tid, comm) for every thread in `taskDir` (/proc/self/task or /proc/<pid>/task).
template<typename Fn>
void forEachTask(const QString &taskDir, Fn &&fn)
{
    const QStringList tasks = QDir(taskDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &tid : tasks)
        fn(tid,
           readSmallFile(taskDir + QLatin1Char('/') + tid + QStringLiteral("/comm")).trimmed());
}

/// Calls fn(group, tid) for every thread of this process.
template<typename Fn>
void forEachThread(Fn &&fn)
{
    const QString main = QString::number(getpid());
    forEachTask(QStringLiteral("/proc/self/task"), [&](const QString &tid, const QByteArray &comm) {
        fn(threadGroup(tid == main, comm), tid);
    });
}

/// The first two fields of a schedstat file, "<ns on a CPU> <ns waiting on a run queue>
/// <time slices>", in seconds; nullopt if it cannot be read (the thread ended).
std::optional<std::pair<double, double>> schedstatSeconds(const QString &path)
{
    const QList<QByteArray> f = readSmallFile(path).split(' ');
    if (f.size() < 2)
        return std::nullopt;
    return std::make_pair(f[0].toDouble() / 1e9, f[1].toDouble() / 1e9);
}
#elif defined(Q_OS_MACOS)
// Static initialisation runs on the main thread; thread_act_t names from task_threads() are
// the same names in this task's port space.
const mach_port_t g_mainThread = pthread_mach_thread_np(pthread_self());

double machSeconds(const time_value_t &t)
{
    return double(t.seconds) + double(t.microseconds) / 1e6;
}

/// Calls fn(group, thread) for every thread of this process.
template<typename Fn>
void forEachThread(Fn &&fn)
{
    thread_act_array_t threads = nullptr;
    mach_msg_type_number_t count = 0;
    if (task_threads(mach_task_self(), &threads, &count) != KERN_SUCCESS)
        return;
    for (mach_msg_type_number_t i = 0; i < count; ++i) {
        char name[64] = {};
        if (pthread_t thread = pthread_from_mach_thread_np(threads[i]))
            pthread_getname_np(thread, name, sizeof name);
        fn(threadGroup(threads[i] == g_mainThread, QByteArray(name)), threads[i]);
        mach_port_deallocate(mach_task_self(), threads[i]);
    }
    vm_deallocate(mach_task_self(), vm_address_t(threads), vm_size_t(count) * sizeof(thread_act_t));
}

mach_task_basic_info_data_t taskBasicInfo(bool *ok)
{
    mach_task_basic_info_data_t info{};
    mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
    *ok = task_info(mach_task_self(), MACH_TASK_BASIC_INFO, reinterpret_cast<task_info_t>(&info),
                    &count) == KERN_SUCCESS;
    return info;
}
#elif defined(Q_OS_WIN)
// Static initialisation runs on the main thread.
const DWORD g_mainThreadId = GetCurrentThreadId();

/// A FILETIME duration (100 ns units) in seconds.
double fileTimeSeconds(const FILETIME &t)
{
    return double((quint64(t.dwHighDateTime) << 32) | t.dwLowDateTime) / 1e7;
}

/// Calls fn(group, handle) for every thread of this process. The thread's name is its
/// description (SetThreadDescription, which Qt sets from QThread's objectName).
template<typename Fn>
void forEachThread(Fn &&fn)
{
    // GetThreadDescription: Windows 10 1607 and later; looked up so older ones still count CPU.
    using GetThreadDescriptionFn = HRESULT(WINAPI *)(HANDLE, PWSTR *);
    static const auto getDescription = reinterpret_cast<GetThreadDescriptionFn>(
        GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "GetThreadDescription"));
    const HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0); // all threads
    if (snapshot == INVALID_HANDLE_VALUE)
        return;
    const DWORD self = GetCurrentProcessId();
    THREADENTRY32 entry{};
    entry.dwSize = DWORD(sizeof entry);
    for (BOOL more = Thread32First(snapshot, &entry); more; more = Thread32Next(snapshot, &entry)) {
        if (entry.th32OwnerProcessID != self)
            continue;
        const HANDLE thread =
            OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, entry.th32ThreadID);
        if (!thread)
            continue; // it ended since the snapshot
        QByteArray name;
        PWSTR description = nullptr;
        if (getDescription && SUCCEEDED(getDescription(thread, &description)) && description) {
            name = QString::fromWCharArray(description).toUtf8();
            LocalFree(description);
        }
        fn(threadGroup(entry.th32ThreadID == g_mainThreadId, name), thread);
        CloseHandle(thread);
    }
    CloseHandle(snapshot);
}

std::optional<PROCESS_MEMORY_COUNTERS> memoryCounters()
{
    PROCESS_MEMORY_COUNTERS counters{};
    counters.cb = DWORD(sizeof counters);
    if (!GetProcessMemoryInfo(GetCurrentProcess(), &counters, DWORD(sizeof counters)))
        return std::nullopt;
    return counters;
}
#endif

} // namespace

QJsonObject Distribution::toJson() const
{
    if (count == 0) // nothing measured: no figures (the tables show a dash)
        return {{QStringLiteral("count"), 0}};
    return {{QStringLiteral("count"), qint64(count)}, {QStringLiteral("p50"), round3(p50)},
            {QStringLiteral("p99"), round3(p99)},     {QStringLiteral("max"), round3(max)},
            {QStringLiteral("min"), round3(min)},     {QStringLiteral("mean"), round3(mean)}};
}

QMap<QString, double> threadCpuSeconds()
{
    QMap<QString, double> out;
#if defined(Q_OS_LINUX)
    forEachThread([&](const QString &group, const QString &tid) {
        out[group] +=
            statCpuSeconds(readSmallFile(QStringLiteral("/proc/self/task/%1/stat").arg(tid)));
    });
#elif defined(Q_OS_MACOS)
    forEachThread([&](const QString &group, thread_act_t thread) {
        thread_basic_info_data_t info{};
        mach_msg_type_number_t count = THREAD_BASIC_INFO_COUNT;
        if (thread_info(thread, THREAD_BASIC_INFO, reinterpret_cast<thread_info_t>(&info),
                        &count) == KERN_SUCCESS)
            out[group] += machSeconds(info.user_time) + machSeconds(info.system_time);
    });
#elif defined(Q_OS_WIN)
    forEachThread([&](const QString &group, HANDLE thread) {
        FILETIME created, exited, kernel, user;
        if (GetThreadTimes(thread, &created, &exited, &kernel, &user))
            out[group] += fileTimeSeconds(kernel) + fileTimeSeconds(user);
    });
#endif
    return out;
}

std::optional<QMap<QString, double>> threadWaitSeconds()
{
#if defined(Q_OS_LINUX)
    QMap<QString, double> out;
    forEachThread([&](const QString &group, const QString &tid) {
        if (const auto times =
                schedstatSeconds(QStringLiteral("/proc/self/task/%1/schedstat").arg(tid)))
            out[group] += times->second;
    });
    return out;
#else
    return std::nullopt; // macOS and Windows keep no per-thread run-queue time
#endif
}

double selfCpuSeconds()
{
#if defined(Q_OS_WIN)
    FILETIME created, exited, kernel, user;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return 0;
    return fileTimeSeconds(kernel) + fileTimeSeconds(user);
#elif defined(Q_OS_UNIX)
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto toSeconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return toSeconds(usage.ru_utime) + toSeconds(usage.ru_stime);
#else
    return 0;
#endif
}

double processCpuSeconds(qint64 pid)
{
    if (pid <= 0)
        return 0;
#if defined(Q_OS_LINUX)
    return statCpuSeconds(readSmallFile(QStringLiteral("/proc/%1/stat").arg(pid)));
#elif defined(Q_OS_MACOS)
    proc_taskinfo info{};
    if (proc_pidinfo(int(pid), PROC_PIDTASKINFO, 0, &info, int(sizeof info)) != int(sizeof info))
        return 0;
    // pti_total_* are in Mach absolute time units (not ns on Apple silicon).
    mach_timebase_info_data_t timebase{};
    mach_timebase_info(&timebase);
    const double ns = double(info.pti_total_user + info.pti_total_system) * double(timebase.numer) /
                      double(timebase.denom);
    return ns / 1e9;
#elif defined(Q_OS_WIN)
    const HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return 0;
    FILETIME created, exited, kernel, user;
    const bool ok = GetProcessTimes(process, &created, &exited, &kernel, &user);
    CloseHandle(process);
    return ok ? fileTimeSeconds(kernel) + fileTimeSeconds(user) : 0;
#else
    return 0;
#endif
}

std::optional<double> processWaitSeconds(qint64 pid)
{
#if defined(Q_OS_LINUX)
    if (pid <= 0)
        return 0;
    double total = 0;
    const auto threads = threadSchedules(pid);
    for (const ThreadSchedule &t : *threads)
        total += t.waitS;
    return total;
#else
    Q_UNUSED(pid)
    return std::nullopt; // Linux schedstat only
#endif
}

std::optional<std::vector<ThreadSchedule>> threadSchedules(qint64 pid)
{
#if defined(Q_OS_LINUX)
    const qint64 process = pid > 0 ? pid : qint64(getpid());
    const QString dir =
        pid > 0 ? QStringLiteral("/proc/%1/task").arg(pid) : QStringLiteral("/proc/self/task");
    std::vector<ThreadSchedule> out;
    forEachTask(dir, [&](const QString &tid, const QByteArray &comm) {
        const auto times =
            schedstatSeconds(dir + QLatin1Char('/') + tid + QStringLiteral("/schedstat"));
        if (!times)
            return;
        ThreadSchedule t;
        t.tid = tid.toLongLong();
        t.main = t.tid == process;
        t.name = QString::fromUtf8(comm);
        t.cpuS = times->first;
        t.waitS = times->second;
        out.push_back(std::move(t));
    });
    return out;
#else
    Q_UNUSED(pid)
    return std::nullopt; // Linux schedstat only
#endif
}

std::optional<double> machineBusySeconds()
{
#if defined(Q_OS_LINUX)
    // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" in clock ticks,
    // summed over CPUs; guest time is already in user.
    const QByteArray stat = readSmallFile(QStringLiteral("/proc/stat"));
    const QList<QByteArray> f = stat.left(stat.indexOf('\n')).simplified().split(' ');
    if (f.size() < 9 || f[0] != "cpu")
        return std::nullopt;
    double ticks = 0;
    for (int i : {1, 2, 3, 6, 7, 8})
        ticks += f[i].toDouble();
    return ticks / double(sysconf(_SC_CLK_TCK));
#else
    return std::nullopt;
#endif
}

ScheduleSnapshot takeScheduleSnapshot(qint64 loadgenPid)
{
    ScheduleSnapshot s;
    s.app = threadSchedules(0);
    if (s.app) // a loadgen not running has no threads (pid 0 would be this process)
        s.loadgen = loadgenPid > 0 ? threadSchedules(loadgenPid) : std::vector<ThreadSchedule>{};
    s.machineBusyS = machineBusySeconds();
    return s;
}

namespace {

/// One thread over a window, per second of it.
struct ThreadUse
{
    QString name;
    double cpuMs = 0;  ///< ms on a CPU per s
    double waitMs = 0; ///< ms waiting for a CPU per s
    double runnableMs() const { return cpuMs + waitMs; }
};

struct ProcessUse
{
    double cpuMs = 0;
    double waitMs = 0;
    std::vector<ThreadUse> threads; ///< the most runnable first
};

/// A thread's name in a verdict: Livedash's by role, the loadgen's main thread "main".
QString readableThreadName(const ThreadSchedule &t, bool app)
{
    if (t.main)
        return app ? QStringLiteral("UI") : QStringLiteral("main");
    if (app) {
        const QString group = threadGroup(false, t.name.toUtf8());
        if (group == QLatin1String("ingest"))
            return group;
        if (group == QLatin1String("network"))
            return QStringLiteral("Qt network");
    }
    return t.name.isEmpty() ? QStringLiteral("tid %1").arg(t.tid) : t.name;
}

ProcessUse processUse(const std::vector<ThreadSchedule> &begin,
                      const std::vector<ThreadSchedule> &end, double seconds, bool app)
{
    ProcessUse p;
    for (const ThreadSchedule &e : end) {
        // A thread that started in the window counts from 0; one that ended in it is gone.
        double cpu0 = 0, wait0 = 0;
        for (const ThreadSchedule &b : begin) {
            if (b.tid == e.tid) {
                cpu0 = b.cpuS;
                wait0 = b.waitS;
                break;
            }
        }
        ThreadUse t{readableThreadName(e, app), std::max(0.0, e.cpuS - cpu0) / seconds * 1000,
                    std::max(0.0, e.waitS - wait0) / seconds * 1000};
        p.cpuMs += t.cpuMs;
        p.waitMs += t.waitMs;
        p.threads.push_back(std::move(t));
    }
    std::sort(p.threads.begin(), p.threads.end(), [](const ThreadUse &a, const ThreadUse &b) {
        return a.runnableMs() != b.runnableMs() ? a.runnableMs() > b.runnableMs()
                                                : a.waitMs > b.waitMs;
    });
    return p;
}

QJsonObject processUseJson(const ProcessUse &p)
{
    QJsonArray threads;
    for (size_t i = 0; i < p.threads.size() && i < 4; ++i)
        threads.append(
            QJsonObject{{QStringLiteral("name"), p.threads[i].name},
                        {QStringLiteral("cpuPercent"), std::round(p.threads[i].cpuMs) / 10},
                        {QStringLiteral("waitMsPerS"), std::round(p.threads[i].waitMs)}});
    return {{QStringLiteral("cpuPercent"), std::round(p.cpuMs) / 10},
            {QStringLiteral("waitMsPerS"), std::round(p.waitMs)},
            {QStringLiteral("threads"), threads}};
}

} // namespace

QJsonObject bottleneckJson(const ScheduleSnapshot &begin, const ScheduleSnapshot &end,
                           double seconds, const QString &appName)
{
    if (!begin.app || !end.app || !begin.loadgen || !end.loadgen || seconds <= 0)
        return {{QStringLiteral("verdict"), QStringLiteral("not measured on this OS")}};
    const ProcessUse app = processUse(*begin.app, *end.app, seconds, true);
    const ProcessUse loadgen = processUse(*begin.loadgen, *end.loadgen, seconds, false);
    const QString loadgenName = QStringLiteral("loadgen");
    const std::pair<const QString *, const ProcessUse *> processes[] = {{&appName, &app},
                                                                        {&loadgenName, &loadgen}};

    // A thread that always had work (on a CPU or waiting for one >= 90 % of the time) is what
    // holds its process back; whether it waited says if the CPUs were full. With no such
    // thread, waits of 100 ms/s or more still say the CPUs were busy (with other processes,
    // or with both of these in turns).
    constexpr double SaturatedMs = 900;
    constexpr double WaitedMs = 50;
    constexpr double BusyMs = 100;
    struct Held
    {
        const QString *process;
        const ThreadUse *thread;
    };
    std::vector<Held> held;
    for (const auto &[name, use] : processes)
        if (!use->threads.empty() && use->threads.front().runnableMs() >= SaturatedMs)
            held.push_back({name, &use->threads.front()});
    std::sort(held.begin(), held.end(),
              [](const Held &a, const Held &b) { return a.thread->waitMs > b.thread->waitMs; });
    auto describe = [&](const Held &h) {
        const ThreadUse &t = *h.thread;
        return t.waitMs >= WaitedMs
                   ? QStringLiteral("%1 (%2 thread waited %3 ms/s for a CPU)")
                         .arg(*h.process, t.name)
                         .arg(std::round(t.waitMs))
                   : QStringLiteral("%1 (%2 thread on a CPU %3 ms/s: a whole core)")
                         .arg(*h.process, t.name)
                         .arg(std::round(t.cpuMs));
    };
    QString verdict;
    if (held.empty()) {
        Held most{&appName, nullptr};
        for (const auto &[name, use] : processes)
            for (const ThreadUse &t : use->threads)
                if (!most.thread || t.waitMs > most.thread->waitMs)
                    most = {name, &t};
        verdict = most.thread && most.thread->waitMs >= BusyMs
                      ? QStringLiteral("neither, but the CPUs were busy: %1's %2 thread waited %3 "
                                       "ms/s for one")
                            .arg(*most.process, most.thread->name)
                            .arg(std::round(most.thread->waitMs))
                      : QStringLiteral("neither: CPU to spare");
    } else if (held.size() == 1) {
        verdict = describe(held.front());
    } else {
        verdict =
            QStringLiteral("both: ") + describe(held[0]) + QStringLiteral(", ") + describe(held[1]);
    }

    QJsonObject out{{QStringLiteral("verdict"), verdict},
                    {QStringLiteral("app"), processUseJson(app)},
                    {QStringLiteral("loadgen"), processUseJson(loadgen)},
                    {QStringLiteral("cores"), int(std::thread::hardware_concurrency())}};
    if (begin.machineBusyS && end.machineBusyS) {
        const double machine = (*end.machineBusyS - *begin.machineBusyS) / seconds * 100;
        const double ours = (app.cpuMs + loadgen.cpuMs) / 10;
        out.insert(QStringLiteral("machineCpuPercent"), std::round(machine));
        out.insert(QStringLiteral("othersCpuPercent"), std::round(std::max(0.0, machine - ours)));
    }
    return out;
}

std::optional<qint64> rssKb()
{
#if defined(Q_OS_LINUX)
    return statusKb("VmRSS:");
#elif defined(Q_OS_MACOS)
    bool ok = false;
    const mach_task_basic_info_data_t info = taskBasicInfo(&ok);
    return ok ? std::optional<qint64>(qint64(info.resident_size / 1024)) : std::nullopt;
#elif defined(Q_OS_WIN)
    const auto counters = memoryCounters();
    return counters ? std::optional<qint64>(qint64(counters->WorkingSetSize / 1024)) : std::nullopt;
#else
    return std::nullopt;
#endif
}

std::optional<qint64> peakRssKb()
{
#if defined(Q_OS_LINUX)
    return statusKb("VmHWM:");
#elif defined(Q_OS_MACOS)
    bool ok = false;
    const mach_task_basic_info_data_t info = taskBasicInfo(&ok);
    return ok ? std::optional<qint64>(qint64(info.resident_size_max / 1024)) : std::nullopt;
#elif defined(Q_OS_WIN)
    const auto counters = memoryCounters();
    return counters ? std::optional<qint64>(qint64(counters->PeakWorkingSetSize / 1024))
                    : std::nullopt;
#else
    return std::nullopt;
#endif
}

std::optional<qint64> heapBytes()
{
#if defined(Q_OS_LINUX)
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
#elif defined(Q_OS_MACOS)
    malloc_statistics_t stats{};
    malloc_zone_statistics(nullptr, &stats); // nullptr: all zones
    return qint64(stats.size_in_use);
#elif defined(Q_OS_WIN)
    // The UCRT's malloc (and so operator new) allocates from the process heap.
    const HANDLE heap = GetProcessHeap();
    if (!HeapLock(heap))
        return std::nullopt;
    qint64 used = 0;
    PROCESS_HEAP_ENTRY entry{}; // lpData nullptr: start the walk
    while (HeapWalk(heap, &entry))
        if (entry.wFlags & PROCESS_HEAP_ENTRY_BUSY)
            used += qint64(entry.cbData);
    const bool complete = GetLastError() == ERROR_NO_MORE_ITEMS;
    HeapUnlock(heap);
    return complete ? std::optional<qint64>(used) : std::nullopt;
#else
    return std::nullopt;
#endif
}

QString loadAverage()
{
#if defined(Q_OS_LINUX)
    const QByteArray load = readSmallFile(QStringLiteral("/proc/loadavg"));
    const QList<QByteArray> parts = load.split(' ');
    if (parts.size() < 3)
        return {};
    return QString::fromLatin1(parts[0] + ' ' + parts[1] + ' ' + parts[2]);
#elif defined(Q_OS_MACOS)
    double load[3] = {};
    if (getloadavg(load, 3) != 3)
        return QStringLiteral("unavailable");
    return QStringLiteral("%1 %2 %3")
        .arg(load[0], 0, 'f', 2)
        .arg(load[1], 0, 'f', 2)
        .arg(load[2], 0, 'f', 2);
#else
    return QStringLiteral("unavailable (Windows has no load average)");
#endif
}

void raiseFileLimit()
{
#if defined(Q_OS_UNIX)
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    rlim_t wanted = limit.rlim_max;
#ifdef Q_OS_MACOS
    // macOS refuses (EINVAL) a soft limit above OPEN_MAX, and its hard limit is often
    // RLIM_INFINITY (setrlimit(2), COMPATIBILITY).
    wanted = std::min<rlim_t>(wanted, OPEN_MAX);
#endif
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
#else
    // Windows: sockets are kernel handles, not C runtime descriptors, and have no per-process
    // limit to raise (_setmaxstdio only raises the FILE stream limit).
#endif
}

QStringList unmeasuredFigures()
{
#if defined(Q_OS_LINUX)
    return {};
#elif defined(Q_OS_MACOS)
    return {QStringLiteral("time waiting for a CPU (Linux schedstat only)")};
#elif defined(Q_OS_WIN)
    return {QStringLiteral("time waiting for a CPU (Linux schedstat only)"),
            QStringLiteral("load average (Windows has none)")};
#else
    return {QStringLiteral("time waiting for a CPU (Linux schedstat only)"), QStringLiteral("RSS"),
            QStringLiteral("heap in use"), QStringLiteral("CPU by thread")};
#endif
}

std::optional<double> scaled(std::optional<qint64> v, double divisor)
{
    if (!v)
        return std::nullopt;
    return double(*v) / divisor;
}

void insertRounded(QJsonObject &o, const QString &key, std::optional<double> v)
{
    if (v)
        o.insert(key, std::round(*v * 10.0) / 10.0);
}

LatenessProbe::LatenessProbe(int intervalMs, QObject *parent)
    : QObject(parent), m_intervalMs(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = monoUsNow();
        if (m_lastUs > 0)
            m_ticks.push_back({m_lastUs, now});
        m_lastUs = now;
    });
}

void LatenessProbe::start()
{
    m_ticks.reserve(1 << 16);
    m_lastUs = monoUsNow();
    m_timer.start();
}

void LatenessProbe::stop()
{
    m_timer.stop();
}

Distribution LatenessProbe::within(qint64 fromUs, qint64 toUs) const
{
    std::vector<double> late;
    late.reserve(m_ticks.size());
    const double interval = m_intervalMs;
    for (const Tick &t : m_ticks) {
        // Every wait that overlaps the window counts (a stall that began in the warm-up and
        // lasts into the window too), up to the window's end.
        if (t.us <= fromUs)
            continue;
        if (t.previousUs >= toUs)
            break;
        const qint64 end = std::min(t.us, toUs);
        late.push_back(std::max(0.0, double(end - t.previousUs) / 1000.0 - interval));
    }
    // A stall still running at the end of the window (its tick has not come yet).
    if (m_lastUs > 0 && m_lastUs < toUs && monoUsNow() > toUs)
        late.push_back(std::max(0.0, double(toUs - m_lastUs) / 1000.0 - interval));
    return Distribution::of(std::move(late));
}

void PaintTracker::resize(int charts)
{
    m_paints.assign(size_t(charts), {});
    m_lastNewest.assign(size_t(charts), 0);
}

void PaintTracker::painted(int chart, qint64 newestShownMs)
{
    if (chart < 0 || size_t(chart) >= m_paints.size())
        return;
    const qint64 now = monoUsNow();
    double latency = -1;
    if (newestShownMs > m_lastNewest[size_t(chart)]) {
        latency = epochMsNow() - double(newestShownMs);
        m_lastNewest[size_t(chart)] = newestShownMs;
        if (m_firstDataUs == 0)
            m_firstDataUs = now;
    }
    m_paints[size_t(chart)].push_back({now, latency});
}

PaintTracker::Summary PaintTracker::within(qint64 fromUs, qint64 toUs) const
{
    Summary s;
    std::vector<double> latency, paintHz, freshHz;
    const double seconds = double(toUs - fromUs) / 1e6;
    for (const auto &paints : m_paints) {
        int all = 0, fresh = 0;
        for (const Paint &p : paints) {
            if (p.us <= fromUs || p.us > toUs)
                continue;
            ++all;
            if (p.latencyMs >= 0) {
                ++fresh;
                latency.push_back(p.latencyMs);
            }
        }
        paintHz.push_back(all / seconds);
        freshHz.push_back(fresh / seconds);
    }
    s.latencyMs = Distribution::of(std::move(latency));
    s.paintHz = Distribution::of(std::move(paintHz));
    s.freshHz = Distribution::of(std::move(freshHz));
    return s;
}

} // namespace livedash::bench
