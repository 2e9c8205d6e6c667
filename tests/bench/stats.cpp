#include "stats.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonValue>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

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

qint64 statusKb(const char *key)
{
    const QByteArray status = readSmallFile(QStringLiteral("/proc/self/status"));
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith(key))
            return line.mid(qsizetype(qstrlen(key))).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

/// Calls fn(group, tid) for every thread of this process.
template<typename Fn>
void forEachThread(Fn &&fn)
{
    const pid_t main = getpid();
    const QStringList tasks =
        QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &tid : tasks) {
        const QByteArray comm =
            readSmallFile(QStringLiteral("/proc/self/task/%1/comm").arg(tid)).trimmed();
        QString group = QStringLiteral("other");
        if (tid.toLongLong() == main)
            group = QStringLiteral("ui");
        else if (comm.startsWith("livedash-ingest"))
            group = QStringLiteral("ingest");
        else if (comm.startsWith("QNetworkAccess")) // Qt's HTTP thread (HTTP and SSE feeds)
            group = QStringLiteral("network");
        fn(group, tid);
    }
}

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
    forEachThread([&](const QString &group, const QString &tid) {
        out[group] +=
            statCpuSeconds(readSmallFile(QStringLiteral("/proc/self/task/%1/stat").arg(tid)));
    });
    return out;
}

QMap<QString, double> threadWaitSeconds()
{
    QMap<QString, double> out;
    forEachThread([&](const QString &group, const QString &tid) {
        // "<ns on a CPU> <ns waiting on a run queue> <time slices>"
        const QList<QByteArray> f =
            readSmallFile(QStringLiteral("/proc/self/task/%1/schedstat").arg(tid)).split(' ');
        out[group] += f.value(1).toDouble() / 1e9;
    });
    return out;
}

double selfCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double processCpuSeconds(qint64 pid)
{
    if (pid <= 0)
        return 0;
    return statCpuSeconds(readSmallFile(QStringLiteral("/proc/%1/stat").arg(pid)));
}

double processWaitSeconds(qint64 pid)
{
    if (pid <= 0)
        return 0;
    const QList<QByteArray> f =
        readSmallFile(QStringLiteral("/proc/%1/schedstat").arg(pid)).split(' ');
    return f.value(1).toDouble() / 1e9;
}

qint64 rssKb()
{
    return statusKb("VmRSS:");
}

qint64 peakRssKb()
{
    return statusKb("VmHWM:");
}

qint64 heapBytes()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64(info.uordblks + info.hblkhd);
}

QString loadAverage()
{
    const QByteArray load = readSmallFile(QStringLiteral("/proc/loadavg"));
    const QList<QByteArray> parts = load.split(' ');
    if (parts.size() < 3)
        return {};
    return QString::fromLatin1(parts[0] + ' ' + parts[1] + ' ' + parts[2]);
}

void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
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
