#include "procparse.h"

#include <QByteArray>
#include <QList>

namespace livedash::system::proc {

namespace {

QList<QByteArrayView> splitLines(QByteArrayView text)
{
    QList<QByteArrayView> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        lines.append(text.sliced(start, end - start));
        start = end + 1;
    }
    return lines;
}

/// Whitespace-separated words of one line.
QList<QByteArrayView> words(QByteArrayView line)
{
    QList<QByteArrayView> out;
    qsizetype i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            ++i;
        const qsizetype start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            ++i;
        if (i > start)
            out.append(line.sliced(start, i - start));
    }
    return out;
}

std::optional<quint64> toU64(QByteArrayView word)
{
    bool ok = false;
    const quint64 v = word.toULongLong(&ok);
    return ok ? std::optional<quint64>(v) : std::nullopt;
}

std::optional<CpuTimes> cpuLine(const QList<QByteArrayView> &w)
{
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    if (w.size() < 5)
        return std::nullopt;
    quint64 v[8] = {};
    for (int i = 0; i < 8 && i + 1 < w.size(); ++i) {
        const auto n = toU64(w[i + 1]);
        if (!n)
            return std::nullopt;
        v[i] = *n;
    }
    CpuTimes t;
    t.busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
    t.total = t.busy + v[3] + v[4];
    return t;
}

QString decodeOctal(QByteArrayView field)
{
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' &&
            field[i + 1] <= '3' && field[i + 2] >= '0' && field[i + 2] <= '7' &&
            field[i + 3] >= '0' && field[i + 3] <= '7') {
            out.append(
                char((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0')));
            i += 3;
        } else {
            out.append(field[i]);
        }
    }
    return QString::fromUtf8(out);
}

} // namespace

std::optional<StatCpu> parseStat(QByteArrayView text)
{
    StatCpu out;
    bool haveTotal = false;
    for (QByteArrayView line : splitLines(text)) {
        if (!line.startsWith("cpu"))
            continue;
        const QList<QByteArrayView> w = words(line);
        if (w.isEmpty())
            continue;
        const auto times = cpuLine(w);
        if (!times)
            continue;
        if (w[0] == "cpu") {
            out.total = *times;
            haveTotal = true;
        } else {
            out.cores.append(*times);
        }
    }
    if (!haveTotal)
        return std::nullopt;
    return out;
}

std::optional<MemoryUsage> parseMeminfo(QByteArrayView text)
{
    std::optional<quint64> total, free, available, buffers, cached, reclaimable, swapTotal,
        swapFree;
    for (QByteArrayView line : splitLines(text)) {
        const QList<QByteArrayView> w = words(line);
        if (w.size() < 2)
            continue;
        auto value = toU64(w[1]);
        if (!value)
            continue;
        const quint64 scale = w.size() >= 3 && w[2] == "kB" ? 1024 : 1;
        *value *= scale;
        const QByteArrayView key = w[0];
        if (key == "MemTotal:")
            total = value;
        else if (key == "MemFree:")
            free = value;
        else if (key == "MemAvailable:")
            available = value;
        else if (key == "Buffers:")
            buffers = value;
        else if (key == "Cached:")
            cached = value;
        else if (key == "SReclaimable:")
            reclaimable = value;
        else if (key == "SwapTotal:")
            swapTotal = value;
        else if (key == "SwapFree:")
            swapFree = value;
    }
    if (!total || (!available && !free))
        return std::nullopt;
    MemoryUsage m;
    m.totalBytes = *total;
    quint64 avail = 0;
    if (available)
        avail = *available;
    else
        avail = *free + buffers.value_or(0) + cached.value_or(0) + reclaimable.value_or(0);
    m.usedBytes = avail < *total ? *total - avail : 0;
    m.swapTotalBytes = swapTotal.value_or(0);
    const quint64 sf = swapFree.value_or(m.swapTotalBytes);
    m.swapUsedBytes = sf < m.swapTotalBytes ? m.swapTotalBytes - sf : 0;
    return m;
}

bool parseLoadavg(QByteArrayView text, double out[3])
{
    const QList<QByteArrayView> w = words(splitLines(text).value(0));
    if (w.size() < 3)
        return false;
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        out[i] = w[i].toDouble(&ok);
        if (!ok)
            return false;
    }
    return true;
}

QList<DeviceCounters> parseDiskstats(QByteArrayView text)
{
    // major minor name reads merged sectors_read ms writes merged sectors_written ...
    QList<DeviceCounters> out;
    for (QByteArrayView line : splitLines(text)) {
        const QList<QByteArrayView> w = words(line);
        if (w.size() < 10)
            continue;
        const auto read = toU64(w[5]);
        const auto written = toU64(w[9]);
        if (!read || !written)
            continue;
        out.append({QString::fromUtf8(w[2]), *read * 512, *written * 512});
    }
    return out;
}

QList<InterfaceCounters> parseNetDev(QByteArrayView text)
{
    // "  eth0: rx_bytes packets errs drop fifo frame compressed multicast tx_bytes ..."
    QList<InterfaceCounters> out;
    for (QByteArrayView line : splitLines(text)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArrayView name = line.first(colon).trimmed();
        const QList<QByteArrayView> w = words(line.sliced(colon + 1));
        if (name.isEmpty() || w.size() < 9)
            continue;
        const auto rx = toU64(w[0]);
        const auto tx = toU64(w[8]);
        if (!rx || !tx)
            continue;
        out.append({QString::fromUtf8(name), *rx, *tx});
    }
    return out;
}

QList<MountEntry> parseMounts(QByteArrayView text)
{
    QList<MountEntry> out;
    for (QByteArrayView line : splitLines(text)) {
        const QList<QByteArrayView> w = words(line);
        if (w.size() < 3)
            continue;
        out.append({decodeOctal(w[0]), decodeOctal(w[1]), decodeOctal(w[2])});
    }
    return out;
}

std::optional<PidStat> parsePidStat(QByteArrayView text)
{
    // pid (comm) state ppid ... utime(14) stime(15) ... starttime(22) vsize(23) rss(24)
    const qsizetype open = text.indexOf('(');
    const qsizetype close = text.lastIndexOf(')');
    if (open < 0 || close < open)
        return std::nullopt;
    PidStat s;
    s.comm = QString::fromUtf8(text.sliced(open + 1, close - open - 1));
    const QList<QByteArrayView> w = words(text.sliced(close + 1));
    // w[0] is field 3 (state): field N is w[N - 3].
    if (w.size() < 22)
        return std::nullopt;
    const auto utime = toU64(w[14 - 3]);
    const auto stime = toU64(w[15 - 3]);
    const auto start = toU64(w[22 - 3]);
    const auto rss = w[24 - 3].startsWith('-') ? std::optional<quint64>(0) : toU64(w[24 - 3]);
    if (!utime || !stime || !start || !rss)
        return std::nullopt;
    s.cpuTicks = *utime + *stime;
    s.startTime = *start;
    s.rssPages = *rss;
    return s;
}

bool processNameMatches(const QString &name, const QString &comm, const QString &argv0)
{
    constexpr qsizetype CommLength = 15;
    if (name.size() <= CommLength)
        return comm == name;
    if (comm != name.left(CommLength))
        return false;
    const qsizetype slash = argv0.lastIndexOf(QLatin1Char('/'));
    return argv0.mid(slash + 1) == name;
}

} // namespace livedash::system::proc
