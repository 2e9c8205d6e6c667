#include "historianbench.h"
#include "stats.h"

#include "document/dashboard.h"
#include "document/truststore.h"
#include "history/historian.h"
#include "history/historystore.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "store/channelstore.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>

#ifdef Q_OS_LINUX
#include <fcntl.h>
#include <unistd.h>
#endif

namespace livedash::bench {

using history::ChunkSummary;
using history::Historian;
using history::HistoryStore;
using history::StoredChunk;
using history::StoreStats;

namespace {

constexpr qint64 HourMs = 3600LL * 1000;
constexpr qint64 DayMs = 24 * HourMs;
constexpr int ViewColumns = 1600;
constexpr int WarmRepeats = 10;
constexpr int PanFrames = 60;
constexpr int PanStepsPerWidth = 30;
constexpr int ChartWindowSeconds = 600;

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

double roundTo(double x, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(x * scale) / scale;
}

/// A number at a dotted path ("latenessMs.p99"), nullopt if absent.
std::optional<double> at(const QJsonObject &o, const QString &path)
{
    QJsonValue v = o;
    for (const QString &k : path.split(QLatin1Char('.'))) {
        if (!v.isObject())
            return std::nullopt;
        v = v.toObject().value(k);
    }
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

QString number(std::optional<double> x, int decimals = 0)
{
    if (!x)
        return QStringLiteral("–");
    if (decimals > 0)
        return QString::number(*x, 'f', decimals);
    const qint64 whole = std::llround(*x);
    QString digits = QString::number(whole < 0 ? -whole : whole);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(' '));
    return whole < 0 ? QLatin1Char('-') + digits : digits;
}

QString number(double x, int decimals = 0)
{
    return number(std::optional<double>(x), decimals);
}

/// A Markdown table: the first column left-aligned, the others right-aligned.
QString table(const QStringList &header, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QString &h : header)
        widths.append(h.size());
    for (const QStringList &r : rows)
        for (qsizetype i = 0; i < r.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], r[i].size());
    auto line = [&](const QStringList &cells) -> QString {
        QStringList out;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const QString c = cells.value(i);
            const QString fill(std::max<qsizetype>(0, widths[i] - c.size()), QLatin1Char(' '));
            out.append(i == 0 ? c + fill : fill + c);
        }
        return QStringLiteral("| ") + out.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
    };
    QString text = line(header);
    QStringList rule;
    for (qsizetype i = 0; i < widths.size(); ++i)
        rule.append(i == 0 ? QString(widths[i] + 2, QLatin1Char('-'))
                           : QString(widths[i] + 1, QLatin1Char('-')) + QLatin1Char(':'));
    text += QLatin1Char('|') + rule.join(QLatin1Char('|')) + QStringLiteral("|\n");
    for (const QStringList &r : rows)
        text += line(r);
    return text;
}

qint64 fileBytes(const QString &path)
{
    return QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
}

/// Drops `path` (and its write-ahead log) from the OS's page cache, so that the next reads come
/// from the disk as after a reboot. Linux only (false elsewhere: the cold figures are left out).
bool evictFromCache(const QString &path)
{
#ifdef Q_OS_LINUX
    bool ok = false;
    for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
        const QByteArray name = QFile::encodeName(path + suffix);
        const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ::fdatasync(fd); // dirty pages cannot be dropped
        const bool dropped = ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
        ::close(fd);
        if (suffix.isEmpty())
            ok = dropped;
    }
    return ok;
#else
    Q_UNUSED(path);
    return false;
#endif
}

QString spanName(qint64 ms)
{
    if (ms % DayMs == 0)
        return QStringLiteral("%1 d").arg(ms / DayMs);
    if (ms >= DayMs)
        return QStringLiteral("%1 d").arg(double(ms) / double(DayMs), 0, 'f', 2);
    if (ms % HourMs == 0)
        return QStringLiteral("%1 h").arg(ms / HourMs);
    return QStringLiteral("%1 h").arg(double(ms) / double(HourMs), 0, 'f', 2);
}

// (a) ------------------------------------------------------------------------------------------

QJsonObject partLoad(QTextStream &out, const HistorianBenchOptions &options,
                     const std::function<QJsonObject(const LoadConfig &)> &runLoadChild, bool *ok)
{
    LoadConfig base = options.load;
    base.design = QStringLiteral("livedash");
    base.historian = false;
    if (options.quick) {
        base.ws = 6;
        base.http = 2;
        base.sse = 2;
        base.rate = 2000;
        base.warmupS = 1;
        base.durationS = 3;
        base.drainS = 10;
    }
    out << "(a) Sustained writing: " << base.feeds() << " feeds (" << base.ws << " WebSocket, "
        << base.http << " HTTP, " << base.sse << " SSE) at " << base.rate << " msg/s, "
        << base.durationS << " s measured, the main window with " << base.charts
        << " charts; the historian writes every sample of the engine's channels to a file in "
           "a temporary folder (1 s flushes, DeltaZstd)."
        << Qt::endl;
    QJsonObject without;
    if (!options.quick) {
        out << "  running without the historian..." << Qt::endl;
        without = runLoadChild(base);
    }
    LoadConfig with = base;
    with.historian = true;
    out << "  running with the historian..." << Qt::endl;
    const QJsonObject w = runLoadChild(with);

    struct Row
    {
        const char *label;
        const char *path;
        int decimals;
    };
    const QList<Row> rows{
        {"messages/s offered by the loadgen", "offeredPerS", 0},
        {"samples/s ingested", "messagesPerS", 0},
        {"lost by the pipeline", "lost", 0},
        {"historian: samples/s stored (whole flushes in the window)", "historian.storedPerS", 0},
        {"historian: samples stored, whole run", "historian.stored", 0},
        {"historian: samples the channels received", "historian.received", 0},
        {"historian: lost (Status::lost)", "historian.lost", 0},
        {"historian: received but not stored", "historian.notStored", 0},
        {"historian: file bytes after close", "historian.fileBytes", 0},
        {"historian: bytes per sample (v = seq % 1000 / 10, ts ms)", "historian.bytesPerSample", 2},
        {"historian: close (final flush and seal), ms", "historian.closeMs", 0},
        {"UI lateness p50 (ms)", "latenessMs.p50", 1},
        {"UI lateness p99 (ms)", "latenessMs.p99", 1},
        {"UI lateness max (ms)", "latenessMs.max", 1},
        {"message-to-pixel p50 (ms)", "messageToPixelMs.p50", 1},
        {"message-to-pixel p99 (ms)", "messageToPixelMs.p99", 1},
        {"paints/s with new data, slowest chart", "paints.freshHz.min", 1},
        {"CPU % of one core, whole process", "cpuPercent", 1},
        {"  other threads (the historian's writer among them)", "cpuPercentByThread.other", 1},
        {"RSS (MB)", "rssMB", 1},
    };
    QList<QStringList> cells;
    for (const Row &r : rows) {
        const QString path = QString::fromLatin1(r.path);
        QStringList line{QString::fromUtf8(r.label)};
        if (!options.quick)
            line.append(number(at(without, path), r.decimals));
        line.append(number(at(w, path), r.decimals));
        cells.append(line);
    }
    QStringList header{QStringLiteral("figure")};
    if (!options.quick)
        header.append(QStringLiteral("without historian"));
    header.append(QStringLiteral("with historian"));
    out << table(header, cells);
    for (const QJsonObject &r : {without, w}) {
        if (r.isEmpty())
            continue;
        const QString status = r.value(QStringLiteral("status")).toString();
        if (status != QLatin1String("ok"))
            out << "  status: " << status << Qt::endl;
        for (const QJsonValue &p : r.value(QStringLiteral("problems")).toArray())
            out << "  problem: " << p.toString() << Qt::endl;
        out << "  load average before / after the " << r.value(QStringLiteral("design")).toString()
            << (r.contains(QStringLiteral("historian")) ? " run with" : " run without")
            << " the historian: " << r.value(QStringLiteral("loadAverageBefore")).toString()
            << " / " << r.value(QStringLiteral("loadAverageAfter")).toString() << Qt::endl;
    }
    const QJsonObject h = w.value(QStringLiteral("historian")).toObject();
    *ok = w.value(QStringLiteral("status")).toString() == QLatin1String("ok") && !h.isEmpty() &&
          h.value(QStringLiteral("stored")).toDouble() > 0 &&
          h.value(QStringLiteral("lost")).toDouble() == 0 &&
          h.value(QStringLiteral("notStored")).toDouble() == 0 &&
          w.value(QStringLiteral("lost")).toDouble() == 0;
    out << Qt::endl;
    QJsonObject result{{QStringLiteral("withHistorian"), w}};
    if (!without.isEmpty())
        result.insert(QStringLiteral("withoutHistorian"), without);
    return result;
}

// (b) ------------------------------------------------------------------------------------------

struct DataSet
{
    QString name;
    QString origin;
    QList<RecordedSeries> series;
};

qint64 sampleCount(const QList<RecordedSeries> &series)
{
    qint64 n = 0;
    for (const RecordedSeries &s : series)
        n += qint64(s.samples.size());
    return n;
}

/// Writes `series` through a Historian over a ChannelStore into a new file at `path`, as the
/// app would have: samples appended in time order, a flush at every second of the data's time
/// (the Historian's interval), close (seal) at the end.
QJsonObject writeThroughHistorian(const QList<RecordedSeries> &series, const QString &path)
{
    struct Event
    {
        qint64 t;
        int series;
        double v;
    };
    std::vector<Event> events;
    events.reserve(size_t(sampleCount(series)));
    for (qsizetype s = 0; s < series.size(); ++s)
        for (const Sample &sample : series[s].samples)
            events.push_back({sample.t, int(s), sample.v});
    std::stable_sort(events.begin(), events.end(),
                     [](const Event &a, const Event &b) { return a.t < b.t; });
    QJsonObject r;
    if (events.empty()) {
        r.insert(QStringLiteral("status"), QStringLiteral("error: no samples"));
        return r;
    }
    ChannelStore channels(100000);
    Historian historian(&channels);
    historian.setFlushInterval(24 * 3600 * 1000); // only the flushes below
    QString error;
    QElapsedTimer timer;
    timer.start();
    if (!historian.open(path, &error)) {
        r.insert(QStringLiteral("status"), QString(QStringLiteral("error: ") + error));
        return r;
    }
    std::vector<ChannelPtr> ptrs;
    for (const RecordedSeries &s : series)
        ptrs.push_back(channels.channel(s.channel));
    qint64 nextFlush = events.front().t + Historian::DefaultFlushIntervalMs;
    int flushes = 0;
    qint64 peakBytes = 0;
    for (const Event &e : events) {
        if (e.t >= nextFlush) {
            historian.flush();
            if (++flushes % 30 == 0)
                peakBytes = std::max(peakBytes, fileBytes(path));
            while (nextFlush <= e.t)
                nextFlush += Historian::DefaultFlushIntervalMs;
        }
        ptrs[size_t(e.series)]->appendNumber(e.t, e.v);
    }
    historian.close();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const Historian::Status status = historian.status();
    const qint64 bytes = fileBytes(path);
    HistoryStore store;
    StoreStats stats;
    if (store.open(path, HistoryStore::Mode::ReadOnly, &error))
        stats = store.stats();
    const double stored = double(status.stored);
    r.insert(QStringLiteral("channels"), double(series.size()));
    r.insert(QStringLiteral("samples"), double(events.size()));
    r.insert(QStringLiteral("stored"), stored);
    r.insert(QStringLiteral("lost"), double(status.lost));
    r.insert(QStringLiteral("flushes"), flushes);
    r.insert(QStringLiteral("fileBytes"), double(bytes));
    r.insert(QStringLiteral("peakFileBytes"), double(std::max(peakBytes, bytes)));
    r.insert(QStringLiteral("usedBytes"), double(stats.usedBytes));
    r.insert(QStringLiteral("chunks"), double(stats.chunks));
    r.insert(QStringLiteral("bytesPerSample"), stored > 0 ? double(bytes) / stored : 0.0);
    r.insert(QStringLiteral("usedBytesPerSample"),
             stored > 0 ? double(stats.usedBytes) / stored : 0.0);
    r.insert(QStringLiteral("samplesPerChunk"),
             stats.chunks > 0 ? double(stats.samples) / double(stats.chunks) : 0.0);
    r.insert(QStringLiteral("writeSeconds"), roundTo(seconds, 2));
    const bool whole = status.lost == 0 && status.stored == events.size() &&
                       stats.samples == qint64(events.size());
    r.insert(QStringLiteral("status"),
             whole ? QStringLiteral("ok")
                   : QStringLiteral("error: %1 of %2 samples stored (%3 in the file)")
                         .arg(status.stored)
                         .arg(events.size())
                         .arg(stats.samples));
    return r;
}

DataSet walkSet(int channels, qint64 durationMs, qint64 endMs)
{
    DataSet set;
    set.name = QStringLiteral("random walk");
    const qint64 period = 100;
    const qint64 n = durationMs / period;
    for (int c = 0; c < channels; ++c) {
        RecordedSeries s{storeChannelName(c), {}};
        RandomWalk walk(quint64(c) + 1, endMs - (n - 1) * period, period, 20.0 + c % 50);
        walk.next(qsizetype(n), &s.samples);
        set.series.append(std::move(s));
    }
    set.origin = QStringLiteral("%1 channels x %2 at 10 Hz, values with two decimals stepping "
                                "by N(0, 0.05) (the store of (c))")
                     .arg(channels)
                     .arg(spanName(durationMs));
    return set;
}

DataSet preciseSet(int channels, qint64 durationMs, qint64 endMs)
{
    DataSet set;
    set.name = QStringLiteral("full-precision walk");
    const qint64 period = 100;
    const qint64 n = durationMs / period;
    std::mt19937_64 rng(7);
    std::normal_distribution<double> step(0.0, 1.0);
    std::uniform_int_distribution<int> jitter(-5, 5);
    for (int c = 0; c < channels; ++c) {
        RecordedSeries s{QStringLiteral("p%1/v").arg(c, 3, 10, QLatin1Char('0')), {}};
        double v = 0;
        for (qint64 i = 0; i < n; ++i) {
            v += step(rng);
            s.samples.push_back({endMs - (n - 1 - i) * period + jitter(rng), v});
        }
        set.series.append(std::move(s));
    }
    set.origin = QStringLiteral("%1 channels x %2, doubles stepping by N(0, 1) (all 53 bits "
                                "used), 10 Hz with ±5 ms jitter: the worst case")
                     .arg(channels)
                     .arg(spanName(durationMs));
    return set;
}

/// The demo's recording repeated back to back until it spans `spanMs`: chunks as a run of that
/// length seals them (an hour, or SealSamples), values as recorded.
DataSet loopedSet(const DataSet &demo, qint64 spanMs)
{
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    for (const RecordedSeries &s : demo.series) {
        for (const Sample &sample : s.samples) {
            first = std::min(first, sample.t);
            last = std::max(last, sample.t);
        }
    }
    const qint64 shift = ((last - first) / 1000 + 1) * 1000;
    const qint64 copies = std::max<qint64>(1, (spanMs + shift - 1) / shift);
    DataSet set;
    set.name = QStringLiteral("demo, looped");
    for (const RecordedSeries &s : demo.series) {
        RecordedSeries looped{s.channel, {}};
        for (qint64 k = 0; k < copies; ++k)
            for (const Sample &sample : s.samples)
                looped.samples.push_back({sample.t + k * shift, sample.v});
        set.series.append(std::move(looped));
    }
    set.origin = QStringLiteral("the recording above played %1 times back to back (%2): chunks "
                                "as a long run seals them")
                     .arg(copies)
                     .arg(spanName(copies * shift));
    return set;
}

QJsonObject partBytes(QTextStream &out, const HistorianBenchOptions &options, bool *ok)
{
    out << "(b) Bytes per sample on disk, all included: each data set written through a "
           "Historian (a flush per second of the data's time, sealed at close) into a new file; "
           "file = the SQLite file and its write-ahead log after close; pages in use = the file "
           "less its free pages."
        << Qt::endl;
    QList<DataSet> sets;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool haveRecording =
        !options.demo.recording.isEmpty() && QFileInfo::exists(options.demo.recording);
    if (!options.quick || haveRecording) {
        DataSet demo;
        demo.name = QStringLiteral("demo");
        QString error;
        if (demoSeries(options.demo, &demo.series, &demo.origin, &error)) {
            sets.append(demo);
            if (!options.quick)
                sets.append(loopedSet(demo, qint64(options.bytesHours * double(HourMs))));
        } else {
            out << "  demo: " << error << Qt::endl;
            *ok = false;
        }
    } else {
        out << "  demo: left out in --quick without a recording (give --codec-recording FILE)"
            << Qt::endl;
    }
    const qint64 span =
        options.quick ? 10 * 60 * 1000 : qint64(options.bytesHours * double(HourMs));
    sets.append(walkSet(options.quick ? 10 : 100, span, now));
    sets.append(preciseSet(10, span, now));

    QTemporaryDir temp;
    QJsonArray results;
    QList<QStringList> rows;
    for (qsizetype i = 0; i < sets.size(); ++i) {
        const DataSet &set = sets[i];
        out << "  " << set.name << ": " << set.origin << Qt::endl;
        QJsonObject r =
            writeThroughHistorian(set.series, temp.filePath(QStringLiteral("set%1.sqlite").arg(i)));
        r.insert(QStringLiteral("name"), set.name);
        r.insert(QStringLiteral("origin"), set.origin);
        if (r.value(QStringLiteral("status")).toString() != QLatin1String("ok")) {
            out << "    " << r.value(QStringLiteral("status")).toString() << Qt::endl;
            *ok = false;
        }
        rows.append({set.name, number(at(r, QStringLiteral("channels"))),
                     number(at(r, QStringLiteral("samples"))),
                     number(at(r, QStringLiteral("peakFileBytes"))),
                     number(at(r, QStringLiteral("fileBytes"))),
                     number(at(r, QStringLiteral("bytesPerSample")), 2),
                     number(at(r, QStringLiteral("usedBytesPerSample")), 2),
                     number(at(r, QStringLiteral("chunks"))),
                     number(at(r, QStringLiteral("samplesPerChunk"))),
                     number(at(r, QStringLiteral("writeSeconds")), 1)});
        results.append(r);
    }
    out << table({QStringLiteral("data set"), QStringLiteral("channels"), QStringLiteral("samples"),
                  QStringLiteral("peak file bytes (writing)"), QStringLiteral("file bytes"),
                  QStringLiteral("B/sample (file)"), QStringLiteral("B/sample (pages in use)"),
                  QStringLiteral("chunks"), QStringLiteral("samples/chunk"),
                  QStringLiteral("write s")},
                 rows)
        << Qt::endl;
    return {{QStringLiteral("sets"), results}};
}

// The store ---------------------------------------------------------------------------------------

QJsonObject prepareStore(QTextStream &out, const QString &path, const StoreSpec &spec, bool *ok)
{
    auto progress = [&out](double share) {
        out << "    " << std::lround(share * 100) << " %" << Qt::endl;
    };
    QJsonObject r;
    if (!storeIsComplete(path, spec)) {
        out << "The store: making " << QDir::toNativeSeparators(path) << " (" << spec.days
            << " days x " << spec.channels << " channels x " << spec.hz << " Hz, "
            << number(double(spec.samplesPerChannel()) * spec.channels) << " samples)..."
            << Qt::endl;
        r = makeStore(path, spec, 0, progress);
        r.insert(QStringLiteral("made"), true);
    } else {
        out << "The store: " << QDir::toNativeSeparators(path)
            << " is complete; bringing it up to now..." << Qt::endl;
        r = bringStoreUpToDate(path, spec, QDateTime::currentMSecsSinceEpoch(), progress);
        r.insert(QStringLiteral("made"), false);
    }
    if (r.value(QStringLiteral("status")).toString() != QLatin1String("ok")) {
        out << "  " << r.value(QStringLiteral("status")).toString() << Qt::endl;
        *ok = false;
        return r;
    }
    if (r.contains(QStringLiteral("samplesPerS")))
        out << "  generated " << number(at(r, QStringLiteral("samples"))) << " samples in "
            << number(at(r, QStringLiteral("seconds")), 1) << " s ("
            << number(at(r, QStringLiteral("samplesPerS"))) << " samples/s), "
            << number(at(r, QStringLiteral("fileBytes"))) << " bytes ("
            << number(at(r, QStringLiteral("bytesPerSample")), 3) << " B/sample)" << Qt::endl;
    else
        out << "  added " << number(at(r, QStringLiteral("samplesAdded"))) << " samples ("
            << number(at(r, QStringLiteral("seconds")), 1) << " s), dropped "
            << number(at(r, QStringLiteral("chunksRemoved"))) << " chunks older than " << spec.days
            << " days" << Qt::endl;
    r.insert(QStringLiteral("path"), QDir::toNativeSeparators(path));
    r.insert(QStringLiteral("fileBytesNow"), double(fileBytes(path)));
    out << Qt::endl;
    return r;
}

// (c) ------------------------------------------------------------------------------------------

/// Empty when there are no values (so that a figure not measured is missing, not 0).
QJsonObject distributionJson(const std::vector<double> &values)
{
    if (values.empty())
        return {};
    const Distribution d = Distribution::of(values);
    return {{QStringLiteral("p50"), roundTo(d.p50, 2)},
            {QStringLiteral("p99"), roundTo(d.p99, 2)},
            {QStringLiteral("max"), roundTo(d.max, 2)},
            {QStringLiteral("min"), roundTo(d.min, 2)},
            {QStringLiteral("count"), double(d.count)}};
}

QJsonObject partViews(QTextStream &out, const QString &path, const StoreSpec &spec, bool *ok)
{
    const QString channel = storeChannelName(spec.channels / 2);
    const qint64 end = storeEndMs(path);
    const qint64 whole = qint64(spec.days * double(DayMs));
    out << "(c) View latency: HistoryStore::decimate() of " << channel << " at " << ViewColumns
        << " columns over windows ending at the store's newest sample. cold: the file dropped "
           "from the OS cache (posix_fadvise), a new connection, its first call; first: a new "
           "connection, its first call (OS cache warm); warm: "
        << WarmRepeats << " more calls on it." << Qt::endl;
    QList<std::pair<QString, qint64>> ranges{{QStringLiteral("1 h"), HourMs},
                                             {QStringLiteral("24 h"), DayMs}};
    ranges.append({spanName(whole) + QStringLiteral(" (whole store)"), whole});
    QJsonArray views;
    QList<QStringList> rows;
    bool coldMeasured = true;
    for (const auto &[label, span] : ranges) {
        const qint64 from = end - span;
        QJsonObject v{{QStringLiteral("range"), label}, {QStringLiteral("spanMs"), double(span)}};
        QList<QPointF> points;
        QString error;
        if (evictFromCache(path)) {
            QElapsedTimer t;
            t.start();
            HistoryStore cold;
            if (!cold.open(path, HistoryStore::Mode::ReadOnly, &error)) {
                out << "  " << error << Qt::endl;
                *ok = false;
                return {};
            }
            v.insert(QStringLiteral("coldOpenMs"), roundTo(msSince(t), 2));
            t.restart();
            cold.decimate(channel, from, end, ViewColumns, points);
            v.insert(QStringLiteral("coldMs"), roundTo(msSince(t), 2));
        } else {
            coldMeasured = false;
        }
        HistoryStore store;
        if (!store.open(path, HistoryStore::Mode::ReadOnly, &error)) {
            out << "  " << error << Qt::endl;
            *ok = false;
            return {};
        }
        QElapsedTimer t;
        t.start();
        const DecimationResult first = store.decimate(channel, from, end, ViewColumns, points);
        v.insert(QStringLiteral("firstMs"), roundTo(msSince(t), 2));
        std::vector<double> warm;
        for (int i = 0; i < WarmRepeats; ++i) {
            t.restart();
            store.decimate(channel, from, end, ViewColumns, points);
            warm.push_back(msSince(t));
        }
        v.insert(QStringLiteral("warmMs"), distributionJson(warm));
        // What reading the chunks' summaries alone costs: a view that never decoded a chunk.
        std::vector<StoredChunk> chunks;
        std::vector<double> summaryTimes;
        for (int i = 0; i < WarmRepeats; ++i) {
            chunks.clear();
            t.restart();
            store.readSummaries(channel, from, end, &chunks);
            summaryTimes.push_back(msSince(t));
        }
        v.insert(QStringLiteral("summariesOnlyMs"), distributionJson(summaryTimes));
        v.insert(QStringLiteral("chunks"), double(chunks.size()));
        const qint64 before = store.chunksDecoded();
        store.decimate(channel, from, end, ViewColumns, points);
        const qint64 decoded = store.chunksDecoded() - before;
        v.insert(QStringLiteral("chunksDecoded"), double(decoded));
        v.insert(QStringLiteral("samples"), double(first.inputPoints));
        v.insert(QStringLiteral("points"), double(points.size()));
        if (first.inputPoints == 0) {
            out << "  " << label << ": no samples in the window" << Qt::endl;
            *ok = false;
        }
        rows.append({label, number(double(chunks.size())), number(double(decoded)),
                     number(double(first.inputPoints)), number(at(v, QStringLiteral("coldMs")), 1),
                     number(at(v, QStringLiteral("firstMs")), 1),
                     number(at(v, QStringLiteral("warmMs.p50")), 1),
                     number(at(v, QStringLiteral("warmMs.max")), 1),
                     number(at(v, QStringLiteral("summariesOnlyMs.p50")), 1)});
        views.append(v);
    }
    out << table({QStringLiteral("window"), QStringLiteral("chunks"),
                  QStringLiteral("chunks decoded"), QStringLiteral("samples"),
                  QStringLiteral("cold ms"), QStringLiteral("first ms"),
                  QStringLiteral("warm median ms"), QStringLiteral("warm max ms"),
                  QStringLiteral("summaries alone ms")},
                 rows);
    out << "  chunks decoded: those decimate() read samples of (it folds a chunk, or a "
           "segment of 256 samples of one, no wider than a column from its summary); summaries "
           "alone: readSummaries() of the window, warm median."
        << Qt::endl;
    if (!coldMeasured)
        out << "  (cold: not measured on this OS)" << Qt::endl;

    // Panning: a 24 h view dragged back by a thirtieth of its width per frame.
    QJsonObject pans;
    QList<QStringList> panRows;
    for (const bool cold : {false, true}) {
        if (cold && !evictFromCache(path))
            continue;
        HistoryStore store;
        QString error;
        if (!store.open(path, HistoryStore::Mode::ReadOnly, &error)) {
            *ok = false;
            continue;
        }
        QList<QPointF> points;
        if (!cold) // the view was open before the drag began
            store.decimate(channel, end - DayMs, end, ViewColumns, points);
        std::vector<double> frames;
        for (int k = 1; k <= PanFrames; ++k) {
            const qint64 to = end - k * DayMs / PanStepsPerWidth;
            QElapsedTimer t;
            t.start();
            store.decimate(channel, to - DayMs, to, ViewColumns, points);
            frames.push_back(msSince(t));
        }
        const QJsonObject d = distributionJson(frames);
        pans.insert(cold ? QStringLiteral("cold") : QStringLiteral("warm"), d);
        panRows.append({cold ? QStringLiteral("file out of the OS cache at the start")
                             : QStringLiteral("OS cache warm, the view open"),
                        number(at(d, QStringLiteral("p50")), 1),
                        number(at(d, QStringLiteral("p99")), 1),
                        number(at(d, QStringLiteral("max")), 1)});
    }
    out << Qt::endl
        << "  Pan: a 24 h view moved back by 1/" << PanStepsPerWidth << " of its width, "
        << PanFrames << " frames in a row (decimate per frame)." << Qt::endl
        << table({QStringLiteral("pan"), QStringLiteral("median ms"), QStringLiteral("p99 ms"),
                  QStringLiteral("max ms")},
                 panRows)
        << Qt::endl;
    return {{QStringLiteral("channel"), channel},
            {QStringLiteral("columns"), ViewColumns},
            {QStringLiteral("views"), views},
            {QStringLiteral("pan"), pans}};
}

// (d) ------------------------------------------------------------------------------------------

/// One feed per stored channel (WebSocket to a closed port: nothing live arrives), 100 channels
/// over 12 charts of 10 minutes: what a dashboard of the store's channels looks like.
Dashboard storeDashboard(const StoreSpec &spec)
{
    QList<FeedSpec> feeds;
    for (int i = 0; i < spec.channels; ++i)
        feeds.append({storeFeedId(i), storeFeedId(i), QStringLiteral("websocket"),
                      QStringLiteral("ws://127.0.0.1:9/")});
    const int charts = std::min(12, spec.channels);
    const int perChart = (spec.channels + charts - 1) / charts;
    Dashboard d = buildDashboard(feeds, spreadFeeds(spec.channels, charts, perChart),
                                 Dashboard().historyLength, ChartWindowSeconds);
    d.name = QStringLiteral("history-bench");
    return d;
}

QJsonObject prefillOnce(const QString &path, const Dashboard &dashboard, bool cold)
{
    QJsonObject r;
    if (cold && !evictFromCache(path))
        return r;
    ChannelStore channels(dashboard.historyLength);
    Historian historian(&channels);
    QString error;
    QElapsedTimer t;
    t.start();
    if (!historian.open(path, &error)) {
        r.insert(QStringLiteral("status"), QString(QStringLiteral("error: ") + error));
        return r;
    }
    const double openMs = msSince(t);
    // What MainWindow::openHistory() does for each feed.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 loaded = 0;
    t.restart();
    for (const FeedConfig &feed : dashboard.feeds) {
        const qint64 window = std::max(dashboard.chartWindowOf(feed.id), 600) * 1000LL;
        loaded += historian.prefill({feed.id}, window, now);
    }
    const double prefillMs = msSince(t);
    historian.close();
    r.insert(QStringLiteral("openMs"), roundTo(openMs, 1));
    r.insert(QStringLiteral("prefillMs"), roundTo(prefillMs, 1));
    r.insert(QStringLiteral("totalMs"), roundTo(openMs + prefillMs, 1));
    r.insert(QStringLiteral("samplesLoaded"), double(loaded));
    r.insert(QStringLiteral("status"),
             loaded > 0 ? QStringLiteral("ok") : QStringLiteral("error: nothing prefilled"));
    return r;
}

QJsonObject partLaunch(QTextStream &out, const HistorianBenchOptions &options, const QString &path,
                       const StoreSpec &spec, bool *ok)
{
    const Dashboard dashboard = storeDashboard(spec);
    out << "(d) Launch with the store: a dashboard of " << dashboard.feeds.size()
        << " feeds, one channel each (" << storeChannelName(0) << "...), on "
        << dashboard.panels.size() << " charts of " << ChartWindowSeconds / 60
        << " minutes; the store ends "
        << (QDateTime::currentMSecsSinceEpoch() - storeEndMs(path)) / 1000 << " s before now."
        << Qt::endl;

    // In this process: Historian::open and the prefill MainWindow::openHistory() does.
    QJsonArray prefills;
    QList<QStringList> rows;
    const int warmRuns = options.quick ? 1 : 3;
    std::vector<double> warmOpen, warmPrefill, warmTotal;
    for (int i = 0; i <= warmRuns; ++i) {
        const bool cold = i == 0;
        const QJsonObject r = prefillOnce(path, dashboard, cold);
        if (r.isEmpty())
            continue; // cold not measurable here
        prefills.append(QJsonObject{{QStringLiteral("cold"), cold}, {QStringLiteral("run"), r}});
        if (r.value(QStringLiteral("status")).toString() != QLatin1String("ok")) {
            out << "  prefill: " << r.value(QStringLiteral("status")).toString() << Qt::endl;
            *ok = false;
            continue;
        }
        if (!cold) {
            warmOpen.push_back(r.value(QStringLiteral("openMs")).toDouble());
            warmPrefill.push_back(r.value(QStringLiteral("prefillMs")).toDouble());
            warmTotal.push_back(r.value(QStringLiteral("totalMs")).toDouble());
        }
        rows.append({cold ? QStringLiteral("cold (file out of the OS cache)")
                          : QStringLiteral("warm, run %1").arg(i),
                     number(at(r, QStringLiteral("openMs")), 1),
                     number(at(r, QStringLiteral("prefillMs")), 1),
                     number(at(r, QStringLiteral("totalMs")), 1),
                     number(at(r, QStringLiteral("samplesLoaded")))});
    }
    out << "  Historian::open + prefill (per feed, as MainWindow::openHistory), in this process:"
        << Qt::endl
        << table({QStringLiteral("run"), QStringLiteral("open ms"), QStringLiteral("prefill ms"),
                  QStringLiteral("total ms"), QStringLiteral("samples loaded")},
                 rows);

    // Whole-store operations behind the open: what each costs alone, warm.
    QJsonObject ops;
    {
        HistoryStore store;
        QString error;
        if (store.open(path, HistoryStore::Mode::ReadWrite, &error)) {
            QElapsedTimer t;
            t.start();
            const qsizetype unsealed = store.unsealedSamples().size();
            ops.insert(QStringLiteral("unsealedSamplesMs"), roundTo(msSince(t), 1));
            t.restart();
            const StoreStats stats = store.stats();
            ops.insert(QStringLiteral("statsMs"), roundTo(msSince(t), 1));
            t.restart();
            qint64 removed = 0;
            store.enforceRetention(history::Retention(), QDateTime::currentMSecsSinceEpoch(),
                                   &removed, &error);
            ops.insert(QStringLiteral("enforceRetentionMs"), roundTo(msSince(t), 1));
            ops.insert(QStringLiteral("retentionRemovedChunks"), double(removed));
            ops.insert(QStringLiteral("unsealedChannels"), double(unsealed));
            ops.insert(QStringLiteral("chunks"), double(stats.chunks));
            out << Qt::endl
                << "  Whole-store operations alone (warm, " << number(double(stats.chunks))
                << " chunks):" << Qt::endl
                << table({QStringLiteral("operation"), QStringLiteral("ms")},
                         {{QStringLiteral("HistoryStore::unsealedSamples() (in Historian::open)"),
                           number(at(ops, QStringLiteral("unsealedSamplesMs")), 1)},
                          {QStringLiteral("HistoryStore::stats() (Settings dialog, time bar's "
                                          "stored span; inside enforceRetention)"),
                           number(at(ops, QStringLiteral("statsMs")), 1)},
                          {QStringLiteral("enforceRetention, default limits (Historian::open, "
                                          "then every 60 s on the writer, its lock held)"),
                           number(at(ops, QStringLiteral("enforceRetentionMs")), 1)}});
        }
    }

    // Launches: this executable as the app starts, with the store at the dashboard's pathFor().
    QTemporaryDir temp;
    QJsonArray launches;
    std::vector<double> warmFirst;
    std::optional<double> coldFirst;
    QList<QStringList> launchRows;
    const QString dashboardPath = temp.filePath(QStringLiteral("history-bench.json"));
    const QString dataDir = temp.filePath(QStringLiteral("data"));
    {
        QFile file(dashboardPath);
        if (!temp.isValid() || !file.open(QIODevice::WriteOnly) ||
            file.write(dashboard.toJson()) <= 0) {
            out << "  launch: cannot write " << dashboardPath << Qt::endl;
            *ok = false;
            return {{QStringLiteral("prefill"), prefills}};
        }
    }
    const QString storeLink = HistoryStore::pathFor(dataDir, dashboardPath);
    QDir().mkpath(QFileInfo(storeLink).absolutePath());
#ifdef Q_OS_UNIX
    const bool placed = QFile::link(QFileInfo(path).absoluteFilePath(), storeLink);
#else
    const bool placed = QFile::copy(path, storeLink); // SQLite does not follow .lnk shortcuts
#endif
    if (!placed) {
        out << "  launch: cannot place the store at " << storeLink << Qt::endl;
        *ok = false;
        return {{QStringLiteral("prefill"), prefills}};
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Its settings (trust, last dashboard) in the temporary folder, not the user's.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), temp.filePath(QStringLiteral("config")));
    const int runs = options.quick ? 2 : std::max(2, options.launches);
    for (int i = 0; i < runs; ++i) {
        const bool cold = i == 0 && evictFromCache(path);
        QProcess child;
        child.setProcessEnvironment(env);
        // Its feeds' connection errors are expected (nothing listens): shown only on failure.
        child.setProcessChannelMode(QProcess::SeparateChannels);
        const double launched = epochMsNow();
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--historian-startup-child"),
                     QStringLiteral("--startup-dashboard"), dashboardPath,
                     QStringLiteral("--startup-data-dir"), dataDir});
        if (!child.waitForFinished(60000)) {
            child.kill();
            child.waitForFinished(5000);
            out << "  launch " << i + 1
                << ": no result within 60 s: " << child.readAllStandardError() << Qt::endl;
            *ok = false;
            continue;
        }
        QJsonObject o;
        for (const QByteArray &line : child.readAllStandardOutput().split('\n'))
            if (line.startsWith("BENCH_HSTARTUP "))
                o = QJsonDocument::fromJson(line.mid(15)).object();
        const double first = o.value(QStringLiteral("firstPaintEpochMs")).toDouble();
        if (first <= 0) {
            out << "  launch " << i + 1 << ": no chart painted data (exit code " << child.exitCode()
                << "): " << child.readAllStandardError() << Qt::endl;
            *ok = false;
            continue;
        }
        auto since = [&](const char *key) {
            return roundTo(o.value(QLatin1String(key)).toDouble() - launched, 1);
        };
        const QJsonObject run{
            {QStringLiteral("cold"), cold},
            {QStringLiteral("mainMs"), since("mainEpochMs")},
            {QStringLiteral("setDashboardMs"),
             roundTo(o.value(QStringLiteral("setDashboardEndEpochMs")).toDouble() -
                         o.value(QStringLiteral("setDashboardStartEpochMs")).toDouble(),
                     1)},
            {QStringLiteral("shownMs"), since("shownEpochMs")},
            {QStringLiteral("firstChartUpdateMs"), since("firstPaintEpochMs")},
            {QStringLiteral("firstChartPoints"), o.value(QStringLiteral("firstPaintPoints"))},
            {QStringLiteral("historian"), o.value(QStringLiteral("historianState"))}};
        launches.append(run);
        if (cold)
            coldFirst = run.value(QStringLiteral("firstChartUpdateMs")).toDouble();
        else
            warmFirst.push_back(run.value(QStringLiteral("firstChartUpdateMs")).toDouble());
        launchRows.append({cold ? QStringLiteral("1, cold (file out of the OS cache)")
                                : QStringLiteral("%1, warm").arg(i + 1),
                           number(at(run, QStringLiteral("mainMs")), 0),
                           number(at(run, QStringLiteral("setDashboardMs")), 0),
                           number(at(run, QStringLiteral("shownMs")), 0),
                           number(at(run, QStringLiteral("firstChartUpdateMs")), 0),
                           number(at(run, QStringLiteral("firstChartPoints")))});
    }
    out << Qt::endl
        << "  Launch to the first chart update: livedash-bench --historian-startup-child does "
           "what app/main.cpp runWindow() does (Historian over the engine's channels, "
           "MainWindow::setHistorian, setDashboard of the trusted file, show) and reports its "
           "first chart paint showing data; times from the parent's QProcess::start."
        << Qt::endl
        << table({QStringLiteral("launch"), QStringLiteral("main() ms"),
                  QStringLiteral("setDashboard ms"), QStringLiteral("shown ms"),
                  QStringLiteral("first chart update ms"), QStringLiteral("points in that chart")},
                 launchRows)
        << Qt::endl;
    QJsonObject r{{QStringLiteral("prefill"), prefills},
                  {QStringLiteral("storeOperations"), ops},
                  {QStringLiteral("prefillWarmTotalMs"), distributionJson(warmTotal)},
                  {QStringLiteral("prefillWarmOpenMs"), distributionJson(warmOpen)},
                  {QStringLiteral("prefillWarmPrefillMs"), distributionJson(warmPrefill)},
                  {QStringLiteral("launches"), launches},
                  {QStringLiteral("launchWarmMs"), distributionJson(warmFirst)}};
    if (coldFirst)
        r.insert(QStringLiteral("launchColdMs"), *coldFirst);
    return r;
}

/// Whether a figure meets its target; "–" when not measured, or in --quick (a small load and
/// store are not the targets' conditions).
bool g_noVerdicts = false;

QString verdict(std::optional<double> value, double limit)
{
    if (!value || g_noVerdicts)
        return QStringLiteral("–");
    return *value <= limit ? QStringLiteral("yes") : QStringLiteral("NO");
}

} // namespace

int setUpAppLaunch(QTextStream &out, const QString &dir, const QString &storePath,
                   const StoreSpec &spec)
{
    const QString dashboardPath = QDir(dir).filePath(QStringLiteral("history-bench.json"));
    const QString config = QDir(dir).filePath(QStringLiteral("config"));
    const QString data = QDir(dir).filePath(QStringLiteral("data"));
    QDir().mkpath(dir);
    {
        QFile file(dashboardPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(storeDashboard(spec).toJson()) <= 0) {
            out << "cannot write " << dashboardPath << Qt::endl;
            return 1;
        }
    }
    // Where the app (organization "Livedash", application "livedash") keeps its trust and data.
    if (!TrustStore(config + QStringLiteral("/Livedash/livedash.conf")).trustFile(dashboardPath)) {
        out << "cannot trust " << dashboardPath << Qt::endl;
        return 1;
    }
    const QString link =
        HistoryStore::pathFor(data + QStringLiteral("/Livedash/livedash"), dashboardPath);
    QDir().mkpath(QFileInfo(link).absolutePath());
    QFile::remove(link);
#ifdef Q_OS_UNIX
    const bool placed = QFile::link(QFileInfo(storePath).absoluteFilePath(), link);
#else
    const bool placed = QFile::copy(storePath, link);
#endif
    if (!placed) {
        out << "cannot place the store at " << link << Qt::endl;
        return 1;
    }
    out << "dashboard " << dashboardPath << Qt::endl
        << "store " << link << " -> " << storePath << Qt::endl
        << "run: XDG_CONFIG_HOME=" << config << " XDG_DATA_HOME=" << data << " livedash "
        << dashboardPath << Qt::endl;
    return 0;
}

int runMakeStore(QTextStream &out, const QString &path, const StoreSpec &spec, QJsonObject *json)
{
    out << "Making " << QDir::toNativeSeparators(path) << ": " << spec.days << " days x "
        << spec.channels << " channels x " << spec.hz << " Hz of random walks ("
        << number(double(spec.samplesPerChannel()) * spec.channels) << " samples)..." << Qt::endl;
    const QJsonObject r = makeStore(path, spec, 0, [&out](double share) {
        out << "  " << std::lround(share * 100) << " %" << Qt::endl;
    });
    if (json)
        *json = r;
    if (r.value(QStringLiteral("status")).toString() != QLatin1String("ok")) {
        out << r.value(QStringLiteral("status")).toString() << Qt::endl;
        return 1;
    }
    out << number(at(r, QStringLiteral("samples"))) << " samples, "
        << number(at(r, QStringLiteral("chunks"))) << " chunks in "
        << number(at(r, QStringLiteral("seconds")), 1)
        << " s: " << number(at(r, QStringLiteral("samplesPerS"))) << " samples/s; "
        << number(at(r, QStringLiteral("fileBytes"))) << " bytes ("
        << number(at(r, QStringLiteral("bytesPerSample")), 3) << " B/sample)" << Qt::endl;
    return 0;
}

int runHistorianBench(QTextStream &out, const HistorianBenchOptions &options,
                      const std::function<QJsonObject(const LoadConfig &)> &runLoadChild,
                      QJsonObject *json)
{
    QElapsedTimer total;
    total.start();
    bool ok = true;
    QJsonObject result{{QStringLiteral("quick"), options.quick},
                       {QStringLiteral("loadAverageBefore"), loadAverage()}};
    const auto part = [&](char letter) { return options.parts.contains(QLatin1Char(letter)); };
    bool loadOk = true;
    if (part('a'))
        result.insert(QStringLiteral("load"), partLoad(out, options, runLoadChild, &loadOk));
    ok = ok && loadOk;
    if (part('b'))
        result.insert(QStringLiteral("bytes"), partBytes(out, options, &ok));

    QTemporaryDir temp;
    const QString path =
        options.quick && options.storePath.isEmpty()
            ? temp.filePath(QStringLiteral("quick-store.sqlite"))
            : (options.storePath.isEmpty() ? defaultStorePath(options.spec) : options.storePath);
    bool storeOk = true;
    if (part('c') || part('d'))
        result.insert(QStringLiteral("store"), prepareStore(out, path, options.spec, &storeOk));
    if (storeOk && part('c'))
        result.insert(QStringLiteral("views"), partViews(out, path, options.spec, &ok));
    if (storeOk && part('d')) {
        // Up to now again (the views took a while): the launch prefills the last 10 minutes.
        if (part('c'))
            prepareStore(out, path, options.spec, &storeOk);
        result.insert(QStringLiteral("launch"), partLaunch(out, options, path, options.spec, &ok));
    }
    ok = ok && storeOk;

    // The targets (TARGETS.md, "Raised targets").
    const QJsonObject load = result.value(QStringLiteral("load"))
                                 .toObject()
                                 .value(QStringLiteral("withHistorian"))
                                 .toObject();
    const QJsonArray sets =
        result.value(QStringLiteral("bytes")).toObject().value(QStringLiteral("sets")).toArray();
    const QJsonObject views = result.value(QStringLiteral("views")).toObject();
    const QJsonObject launch = result.value(QStringLiteral("launch")).toObject();
    QList<QStringList> rows;
    const auto stored = at(load, QStringLiteral("historian.storedPerS"));
    const auto lost = at(load, QStringLiteral("historian.lost"));
    g_noVerdicts = options.quick;
    const QJsonArray viewList = views.value(QStringLiteral("views")).toArray();
    if (part('a')) {
        rows.append(
            {QStringLiteral("(a) samples/s stored, 0 lost"), QStringLiteral(">= 100 000, 0"),
             number(stored) + QStringLiteral(", ") + number(lost),
             stored && lost && !options.quick
                 ? (*stored >= 100000 && *lost == 0 ? QStringLiteral("yes") : QStringLiteral("NO"))
                 : QStringLiteral("–")});
        rows.append({QStringLiteral("(a) UI lateness p99 with the historian (ms)"),
                     QStringLiteral("<= 8"), number(at(load, QStringLiteral("latenessMs.p99")), 1),
                     verdict(at(load, QStringLiteral("latenessMs.p99")), 8)});
        rows.append({QStringLiteral("(a) message-to-pixel p99 with the historian (ms)"),
                     QStringLiteral("<= 100"),
                     number(at(load, QStringLiteral("messageToPixelMs.p99")), 1),
                     verdict(at(load, QStringLiteral("messageToPixelMs.p99")), 100)});
    }
    for (const QJsonValue &v : sets) {
        const QJsonObject s = v.toObject();
        rows.append({QStringLiteral("(b) bytes/sample, file after close (pages in use): %1")
                         .arg(s.value(QStringLiteral("name")).toString()),
                     QStringLiteral("<= 4"),
                     number(at(s, QStringLiteral("bytesPerSample")), 2) + QStringLiteral(" (") +
                         number(at(s, QStringLiteral("usedBytesPerSample")), 2) + QLatin1Char(')'),
                     verdict(at(s, QStringLiteral("bytesPerSample")), 4)});
    }
    if (!viewList.isEmpty()) {
        const QJsonObject whole = viewList.last().toObject();
        const QString range = whole.value(QStringLiteral("range")).toString();
        rows.append({QStringLiteral("(c) %1 view, warm median (ms)").arg(range),
                     QStringLiteral("<= 100"), number(at(whole, QStringLiteral("warmMs.p50")), 1),
                     verdict(at(whole, QStringLiteral("warmMs.p50")), 100)});
        rows.append({QStringLiteral("(c) %1 view, cold (ms)").arg(range), QStringLiteral("<= 100"),
                     number(at(whole, QStringLiteral("coldMs")), 1),
                     verdict(at(whole, QStringLiteral("coldMs")), 100)});
    }
    if (part('c')) {
        rows.append({QStringLiteral("(c) pan frame over 24 h, warm p99 / max (ms)"),
                     QStringLiteral("<= 16"),
                     number(at(views, QStringLiteral("pan.warm.p99")), 1) + QStringLiteral(" / ") +
                         number(at(views, QStringLiteral("pan.warm.max")), 1),
                     verdict(at(views, QStringLiteral("pan.warm.max")), 16)});
        rows.append({QStringLiteral("(c) pan frame, file out of the OS cache, p99 / max (ms)"),
                     QStringLiteral("<= 16"),
                     number(at(views, QStringLiteral("pan.cold.p99")), 1) + QStringLiteral(" / ") +
                         number(at(views, QStringLiteral("pan.cold.max")), 1),
                     verdict(at(views, QStringLiteral("pan.cold.max")), 16)});
    }
    if (part('d')) {
        rows.append({QStringLiteral("(d) launch to first chart update, cold (ms)"),
                     QStringLiteral("<= 1500"), number(at(launch, QStringLiteral("launchColdMs"))),
                     verdict(at(launch, QStringLiteral("launchColdMs")), 1500)});
        rows.append({QStringLiteral("(d) launch to first chart update, warm median (ms)"),
                     QStringLiteral("<= 1500"),
                     number(at(launch, QStringLiteral("launchWarmMs.p50"))),
                     verdict(at(launch, QStringLiteral("launchWarmMs.p50")), 1500)});
        rows.append(
            {QStringLiteral("(d) Historian::open + prefill, warm median (ms)"), QStringLiteral("–"),
             number(at(launch, QStringLiteral("prefillWarmTotalMs.p50")), 1), QStringLiteral("–")});
    }
    out << "Targets ("
        << (options.quick ? "--quick: small load and store, not the targets' "
                            "conditions"
                          : "TARGETS.md")
        << ")" << Qt::endl
        << table({QStringLiteral("figure"), QStringLiteral("target"), QStringLiteral("measured"),
                  QStringLiteral("met")},
                 rows);
    // Every figure must have been measured (CI's --quick run fails otherwise, never on timing).
    QStringList required;
    if (part('a'))
        required << QStringLiteral("load.withHistorian.historian.storedPerS")
                 << QStringLiteral("load.withHistorian.historian.bytesPerSample")
                 << QStringLiteral("load.withHistorian.latenessMs.p99")
                 << QStringLiteral("load.withHistorian.messageToPixelMs.p99");
    if (part('c'))
        required << QStringLiteral("views.pan.warm.p99");
    if (part('d'))
        required << QStringLiteral("launch.launchWarmMs.p50")
                 << QStringLiteral("launch.prefillWarmTotalMs.p50");
#ifdef Q_OS_LINUX
    if (part('c'))
        required << QStringLiteral("views.pan.cold.p99");
    if (part('d'))
        required << QStringLiteral("launch.launchColdMs");
#endif
    for (const QString &path : std::as_const(required)) {
        if (!at(result, path)) {
            out << "missing figure: " << path << Qt::endl;
            ok = false;
        }
    }
    if ((part('b') && sets.isEmpty()) || (part('c') && viewList.size() != 3)) {
        out << "missing figures: bytes per sample or views" << Qt::endl;
        ok = false;
    }
    for (const QJsonValue &v : viewList) {
        for (const char *key : {"firstMs", "warmMs.p50"}) {
            if (!at(v.toObject(), QString::fromLatin1(key))) {
                out << "missing figure: views " << key << Qt::endl;
                ok = false;
            }
        }
    }
    out << "took " << total.elapsed() / 1000 << " s; load average " << loadAverage() << Qt::endl;
    result.insert(QStringLiteral("loadAverageAfter"), loadAverage());
    result.insert(QStringLiteral("status"),
                  ok ? QStringLiteral("ok") : QStringLiteral("error: see the tables"));
    if (json)
        *json = result;
    return ok ? 0 : 1;
}

int runHistorianStartupChild(const PluginRegistry &registry, double mainEpochMs,
                             const QString &dashboardPath, const QString &dataDir)
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QString error;
    const std::optional<Dashboard> dashboard = Dashboard::load(dashboardPath, &error);
    if (!dashboard) {
        std::fprintf(stderr, "livedash-bench: %s\n", qPrintable(error));
        return 1;
    }
    // As "Trust and start" recorded it at an earlier launch (the settings are the parent's
    // temporary ones).
    TrustStore().trustFile(dashboardPath);
    IngestEngine engine(&registry, std::max(1, QThread::idealThreadCount() / 2));
    double setStart = 0, setEnd = 0, shownMs = 0, firstPaintMs = 0;
    qsizetype firstPoints = 0;
    QString state;
    {
        // Declared before the window, as in app/main.cpp.
        Historian historian(&engine.store());
        MainWindow window(&registry, &engine);
        window.setHistorian(&historian, dataDir);
        setStart = epochMsNow();
        window.setDashboard(*dashboard, dashboardPath);
        setEnd = epochMsNow();
        QList<ChartPanel *> charts;
        for (Panel *p : window.dashboardView()->panels())
            if (auto *chart = qobject_cast<ChartPanel *>(p))
                charts.append(chart);
        for (ChartPanel *chart : std::as_const(charts)) {
            chart->setPaintObserver([chart, &firstPaintMs, &firstPoints] {
                if (firstPaintMs == 0 && chart->pointCount() > 0) {
                    firstPaintMs = epochMsNow();
                    firstPoints = chart->pointCount();
                    QTimer::singleShot(0, qApp, &QCoreApplication::quit);
                }
            });
        }
        window.show();
        shownMs = epochMsNow();
        QTimer::singleShot(20000, qApp, &QCoreApplication::quit);
        QApplication::exec();
        for (ChartPanel *chart : std::as_const(charts))
            chart->setPaintObserver({});
        engine.shutdown();
        const Historian::Status status = historian.status();
        state = status.state == Historian::State::Writing
                    ? QStringLiteral("writing")
                    : QStringLiteral("not writing: %1").arg(status.message);
        historian.close();
    }
    const QJsonObject out{{QStringLiteral("mainEpochMs"), mainEpochMs},
                          {QStringLiteral("setDashboardStartEpochMs"), setStart},
                          {QStringLiteral("setDashboardEndEpochMs"), setEnd},
                          {QStringLiteral("shownEpochMs"), shownMs},
                          {QStringLiteral("firstPaintEpochMs"), firstPaintMs},
                          {QStringLiteral("firstPaintPoints"), double(firstPoints)},
                          {QStringLiteral("historianState"), state}};
    std::printf("BENCH_HSTARTUP %s\n",
                QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return firstPaintMs > 0 ? 0 : 1;
}

} // namespace livedash::bench
