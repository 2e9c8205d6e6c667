#include "historiancodec.h"

#include "history/chunkcodec.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>
#include <QTextStream>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace livedash::bench {

using history::ChunkEncoding;
using Series = std::vector<Sample>;

namespace {

/// What the store adds to every chunk (SQLite row, key, summary columns, index entry): the
/// figure the historian's 4 bytes per sample target counts with.
constexpr double StoreBytesPerChunk = 75;
/// Each timing loop runs at least this long.
constexpr qint64 MinTimingNs = 200'000'000;

struct DataSet
{
    QString name;
    QString origin;
    QList<Series> series; ///< one per channel; chunks never span two
    QStringList channels; ///< the channels' names, when known
    qsizetype samples() const
    {
        qsizetype n = 0;
        for (const Series &s : series)
            n += qsizetype(s.size());
        return n;
    }
};

constexpr qint64 Epoch = 1700000000000;

DataSet sensorWalk(qsizetype n)
{
    std::mt19937_64 rng(1);
    std::normal_distribution<double> step(0.0, 0.05);
    Series s;
    double v = 21.0;
    for (qsizetype i = 0; i < n; ++i) {
        v = std::round((v + step(rng)) * 100) / 100;
        s.push_back({Epoch + i * 100, v});
    }
    return {QStringLiteral("(b) sensor"),
            QStringLiteral("random walk rounded to 2 decimals (steps N(0, 0.05)), exactly 10 Hz"),
            {s},
            {}};
}

DataSet preciseWalk(qsizetype n)
{
    std::mt19937_64 rng(2);
    std::normal_distribution<double> step(0.0, 1.0);
    std::uniform_int_distribution<int> jitter(-5, 5);
    Series s;
    double v = 0.0;
    for (qsizetype i = 0; i < n; ++i) {
        v += step(rng);
        s.push_back({Epoch + i * 100 + jitter(rng), v});
    }
    return {QStringLiteral("(c) full precision"),
            QStringLiteral("random walk of doubles (steps N(0, 1)), 10 Hz with ±5 ms jitter"),
            {s},
            {}};
}

DataSet sawtooth(qsizetype n)
{
    Series s;
    for (qsizetype i = 0; i < n; ++i)
        s.push_back({Epoch + i, double(i % 1000) / 10.0});
    return {QStringLiteral("(d) sawtooth"),
            QStringLiteral("the benchmark's v = (seq % 1000) / 10.0 at 1 kHz"),
            {s},
            {}};
}

QString livedashProgram(const CodecComparisonOptions &options)
{
    if (!options.app.isEmpty())
        return options.app;
    const QString dir = QCoreApplication::applicationDirPath();
    return QStandardPaths::findExecutable(
        QStringLiteral("livedash"), {dir, dir + QStringLiteral("/livedash.app/Contents/MacOS")});
}

/// Records the demo with `livedash --headless --record path --duration seconds`.
bool recordDemo(const CodecComparisonOptions &options, const QString &path, QString *error)
{
    const QString program = livedashProgram(options);
    if (program.isEmpty()) {
        *error = QStringLiteral("no livedash executable next to %1 (give --codec-app)")
                     .arg(QCoreApplication::applicationFilePath());
        return false;
    }
    QProcess app;
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.start(program, {QStringLiteral("--headless"), QStringLiteral("--record"), path,
                        QStringLiteral("--duration"), QString::number(options.recordSeconds)});
    const int limitMs = int(options.recordSeconds * 1000) + 60000;
    if (!app.waitForStarted(10000) || !app.waitForFinished(limitMs)) {
        app.kill();
        app.waitForFinished(5000);
        *error = QStringLiteral("%1 did not record the demo: %2").arg(program, app.errorString());
        return false;
    }
    if (app.exitStatus() != QProcess::NormalExit || app.exitCode() != 0) {
        *error = QStringLiteral("%1 --headless --record ended with exit code %2")
                     .arg(program)
                     .arg(app.exitCode());
        return false;
    }
    return true;
}

/// The numeric records of a --record file, one series per channel in order of appearance.
bool readRecording(const QString &path, DataSet *set, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QHash<QString, qsizetype> index;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (!o.contains(QLatin1String("value")))
            continue; // a text record, or not a record
        const QString channel = o.value(QLatin1String("channel")).toString();
        const QJsonValue value = o.value(QLatin1String("value"));
        const double v =
            value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN();
        auto it = index.find(channel);
        if (it == index.end()) {
            it = index.insert(channel, set->series.size());
            set->series.append(Series());
            set->channels.append(channel);
        }
        set->series[*it].push_back(
            {qint64(o.value(QLatin1String("t")).toDouble()), v}); // ms fit a double exactly
    }
    if (set->samples() == 0) {
        *error = QStringLiteral("%1 holds no numeric samples").arg(path);
        return false;
    }
    return true;
}

bool demoData(const CodecComparisonOptions &options, DataSet *set, QString *error)
{
    QTemporaryDir temp;
    QString path = options.recording;
    QString how;
    if (!path.isEmpty() && QFileInfo::exists(path)) {
        how = QStringLiteral("read from %1").arg(QDir::toNativeSeparators(path));
    } else {
        if (path.isEmpty()) {
            if (!temp.isValid()) {
                *error = QStringLiteral("no temporary folder for the recording");
                return false;
            }
            path = temp.filePath(QStringLiteral("demo.jsonl"));
        }
        if (!recordDemo(options, path, error))
            return false;
        how = QStringLiteral("recorded now by %1 --headless --record %2 --duration %3")
                  .arg(QDir::toNativeSeparators(livedashProgram(options)),
                       QDir::toNativeSeparators(path))
                  .arg(options.recordSeconds);
        if (options.recording.isEmpty())
            how += QStringLiteral(" (deleted after the run)");
    }
    set->name = QStringLiteral("(a) demo");
    if (!readRecording(path, set, error))
        return false;
    qsizetype longest = 0;
    for (const Series &s : set->series)
        longest = std::max(longest, qsizetype(s.size()));
    set->origin = QStringLiteral("the demo dashboard's samples, %1; %2 channels, at most %3 "
                                 "samples in one")
                      .arg(how)
                      .arg(set->series.size())
                      .arg(longest);
    return true;
}

struct Result
{
    qsizetype chunks = 0;
    qint64 bytes = 0;
    double encodeNs = 0;
    double decodeNs = 0;
    bool exact = true;
    QString problem;
};

bool sameBits(const Sample &a, const Sample &b)
{
    return a.t == b.t && std::bit_cast<quint64>(a.v) == std::bit_cast<quint64>(b.v);
}

Result measure(const DataSet &set, ChunkEncoding encoding, qsizetype chunkSize)
{
    struct Piece
    {
        const Sample *data;
        size_t size;
    };
    std::vector<Piece> pieces;
    for (const Series &s : set.series) {
        for (size_t at = 0; at < s.size(); at += size_t(chunkSize))
            pieces.push_back({s.data() + at, std::min(size_t(chunkSize), s.size() - at)});
    }
    const double samples = double(set.samples());
    Result r;
    r.chunks = qsizetype(pieces.size());

    std::vector<QByteArray> chunks(pieces.size());
    QElapsedTimer timer;
    qint64 rounds = 0;
    timer.start();
    do {
        for (size_t i = 0; i < pieces.size(); ++i)
            chunks[i] = history::encodeChunk(encoding, {pieces[i].data, pieces[i].size});
        ++rounds;
    } while (timer.nsecsElapsed() < MinTimingNs);
    r.encodeNs = double(timer.nsecsElapsed()) / (double(rounds) * samples);
    for (const QByteArray &c : chunks)
        r.bytes += c.size();

    std::vector<Sample> out;
    out.reserve(size_t(history::MaxChunkSamples));
    for (size_t i = 0; i < pieces.size() && r.exact; ++i) {
        out.clear();
        QString error;
        if (!history::decodeChunk(chunks[i], &out, &error)) {
            r.exact = false;
            r.problem = QStringLiteral("chunk %1 does not decode: %2").arg(i).arg(error);
            break;
        }
        for (size_t j = 0; j < pieces[i].size && r.exact; ++j) {
            if (out.size() != pieces[i].size || !sameBits(out[j], pieces[i].data[j])) {
                r.exact = false;
                r.problem = QStringLiteral("chunk %1 sample %2 differs").arg(i).arg(j);
            }
        }
    }

    rounds = 0;
    timer.restart();
    do {
        for (const QByteArray &c : chunks) {
            out.clear();
            history::decodeChunk(c, &out);
        }
        ++rounds;
    } while (timer.nsecsElapsed() < MinTimingNs);
    r.decodeNs = double(timer.nsecsElapsed()) / (double(rounds) * samples);
    return r;
}

QString encodingName(ChunkEncoding e)
{
    return e == ChunkEncoding::Gorilla ? QStringLiteral("gorilla") : QStringLiteral("deltazstd");
}

} // namespace

bool demoSeries(const CodecComparisonOptions &options, QList<RecordedSeries> *series,
                QString *origin, QString *error)
{
    DataSet set;
    if (!demoData(options, &set, error))
        return false;
    for (qsizetype i = 0; i < set.series.size(); ++i)
        series->append({set.channels.value(i), std::move(set.series[i])});
    *origin = set.origin;
    return true;
}

int runCodecComparison(QTextStream &out, const CodecComparisonOptions &options, QJsonObject *json)
{
    constexpr qsizetype Synthetic = 16384 * 8;
    QList<DataSet> sets;
    DataSet demo;
    QString error;
    out << "Chunk codec: encoding the data sets in chunks (a channel's samples in append order)."
        << Qt::endl;
    bool ok = demoData(options, &demo, &error);
    if (ok)
        sets.append(demo);
    else
        out << "(a) demo: " << error << Qt::endl;
    sets.append(sensorWalk(Synthetic));
    sets.append(preciseWalk(Synthetic));
    sets.append(sawtooth(Synthetic));

    QJsonArray jsonSets;
    for (const DataSet &set : sets) {
        out << Qt::endl
            << set.name << ": " << set.origin << "; " << set.samples() << " samples" << Qt::endl;
        out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7")
                   .arg(QStringLiteral("encoding"), -10)
                   .arg(QStringLiteral("chunk"), 6)
                   .arg(QStringLiteral("chunks"), 7)
                   .arg(QStringLiteral("B/sample"), 9)
                   .arg(QStringLiteral("+%1 B/chunk").arg(StoreBytesPerChunk), 12)
                   .arg(QStringLiteral("enc ns/s"), 9)
                   .arg(QStringLiteral("dec ns/s"), 9)
            << Qt::endl;
        QJsonArray rows;
        for (const ChunkEncoding encoding : {ChunkEncoding::Gorilla, ChunkEncoding::DeltaZstd}) {
            for (const qsizetype chunkSize : {512, 4096, 16384}) {
                const Result r = measure(set, encoding, chunkSize);
                const double n = double(set.samples());
                const double perSample = double(r.bytes) / n;
                const double stored = (double(r.bytes) + StoreBytesPerChunk * double(r.chunks)) / n;
                out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7")
                           .arg(encodingName(encoding), -10)
                           .arg(chunkSize, 6)
                           .arg(r.chunks, 7)
                           .arg(perSample, 9, 'f', 3)
                           .arg(stored, 12, 'f', 3)
                           .arg(r.encodeNs, 9, 'f', 1)
                           .arg(r.decodeNs, 9, 'f', 1);
                if (!r.exact) {
                    out << "  NOT EXACT: " << r.problem;
                    ok = false;
                }
                out << Qt::endl;
                rows.append(QJsonObject{{QStringLiteral("encoding"), encodingName(encoding)},
                                        {QStringLiteral("chunkSamples"), double(chunkSize)},
                                        {QStringLiteral("chunks"), double(r.chunks)},
                                        {QStringLiteral("bytesPerSample"), perSample},
                                        {QStringLiteral("storedBytesPerSample"), stored},
                                        {QStringLiteral("encodeNsPerSample"), r.encodeNs},
                                        {QStringLiteral("decodeNsPerSample"), r.decodeNs},
                                        {QStringLiteral("exact"), r.exact}});
            }
        }
        jsonSets.append(QJsonObject{{QStringLiteral("name"), set.name},
                                    {QStringLiteral("origin"), set.origin},
                                    {QStringLiteral("samples"), double(set.samples())},
                                    {QStringLiteral("series"), double(set.series.size())},
                                    {QStringLiteral("results"), rows}});
    }
    out << Qt::endl
        << "B/sample: chunk bytes only; +" << StoreBytesPerChunk
        << " B/chunk: with the store's row, summary and index (an estimate)." << Qt::endl;
    if (json) {
        json->insert(QStringLiteral("codec"), jsonSets);
        json->insert(QStringLiteral("status"),
                     ok ? QStringLiteral("ok") : QStringLiteral("error: see the table"));
    }
    return ok ? 0 : 1;
}

} // namespace livedash::bench
