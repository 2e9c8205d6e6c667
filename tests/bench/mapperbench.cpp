#include "mapperbench.h"

#include "allocationcounter.h"
#include "stats.h"

#include "ingest/messagemapper.h"
#include "store/channelstore.h"

#include <QJsonArray>
#include <QTextStream>

#include <cmath>
#include <limits>
#include <vector>

namespace livedash::bench {

namespace {

struct Shape
{
    QString name;
    QString description;
    FieldMapping mapping;
    std::vector<QByteArray> messages;
};

ChannelMapping channel(const QString &path, const QString &name)
{
    ChannelMapping c;
    c.path = path;
    c.channel = name;
    return c;
}

/// The load generator's message (tests/bench/loadgen.cpp) and the benchmark's mapping of it
/// (loadrun.cpp's buildDashboard): 140 bytes, a timestamp, a sequence, one value.
Shape benchmarkShape(int count)
{
    Shape s;
    s.name = QStringLiteral("benchmark");
    s.description = QStringLiteral("the load generator's message: ts, seq, v");
    s.mapping.timestamp = QStringLiteral("ts");
    s.mapping.timestampFormat = TimestampFormat::EpochMillis;
    s.mapping.sequence = QStringLiteral("seq");
    s.mapping.channels = {channel(QStringLiteral("v"), QStringLiteral("v"))};
    const QByteArray padding(140 - 75, 'x');
    const qint64 mono = 81234567890;
    const double epoch = 1764700000000.0;
    for (int i = 1; i <= count; ++i) {
        QByteArray m = "{\"seq\":" + QByteArray::number(i) +
                       ",\"mono\":" + QByteArray::number(mono + i * 10) +
                       ",\"ts\":" + QByteArray::number(epoch + i * 0.01, 'f', 3) +
                       ",\"v\":" + QByteArray::number(double(i % 1000) / 10.0) + ",\"pad\":\"" +
                       padding + "\"}";
        s.messages.push_back(m);
    }
    return s;
}

/// A market-data style message: eight instruments fanned out over an array, each named by a
/// placeholder (interned channel names), a string price among them.
Shape fanOutShape(int count)
{
    Shape s;
    s.name = QStringLiteral("fan-out x8");
    s.description = QStringLiteral("data[*].price as price/{symbol}, 8 per message");
    s.mapping.timestamp = QStringLiteral("ts");
    s.mapping.timestampFormat = TimestampFormat::EpochMillis;
    s.mapping.sequence = QStringLiteral("seq");
    s.mapping.channels = {
        channel(QStringLiteral("data[*].price"), QStringLiteral("price/{symbol}"))};
    for (int i = 1; i <= count; ++i) {
        QByteArray m = "{\"seq\":" + QByteArray::number(i) +
                       ",\"ts\":" + QByteArray::number(1764700000000 + i) + ",\"data\":[";
        for (int k = 0; k < 8; ++k) {
            if (k)
                m += ',';
            const double price = 100 + k + double((i * 7 + k) % 1000) / 100.0;
            m += "{\"symbol\":\"SYM" + QByteArray::number(k) + "\",\"price\":";
            m += k == 7 ? '"' + QByteArray::number(price) + '"' : QByteArray::number(price);
            m += '}';
        }
        m += "]}";
        s.messages.push_back(m);
    }
    return s;
}

/// Every kept sample of every channel, as text.
QStringList contents(const ChannelStore &store)
{
    QStringList out;
    for (const QString &name : store.names()) {
        const ChannelPtr c = store.find(name);
        c->forEachNumber(
            std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(),
            [&](const Sample &s) {
                out.append(QStringLiteral("%1@%2=%3").arg(name).arg(s.t).arg(s.v, 0, 'g', 17));
            });
    }
    return out;
}

/// Maps every message of `shape` on both paths; the first difference, or empty.
QString difference(const Shape &shape, quint64 *fallbacks)
{
    ChannelStore treeStore, fastStore;
    MessageMapper tree(QStringLiteral("ws0"), shape.mapping, &treeStore);
    tree.setPath(MapperPath::Tree);
    MessageMapper fast(QStringLiteral("ws0"), shape.mapping, &fastStore);
    for (size_t i = 0; i < shape.messages.size(); ++i) {
        const qint64 received = 1764700000000 + qint64(i);
        const QString a = tree.map(shape.messages[i], received).toString();
        const QString b = fast.map(shape.messages[i], received).toString();
        if (a != b)
            return QStringLiteral("message %1 (%2): tree %3, fast %4")
                .arg(i)
                .arg(QString::fromUtf8(shape.messages[i]), a, b);
    }
    if (contents(treeStore) != contents(fastStore))
        return QStringLiteral("the stores differ after %1 messages").arg(shape.messages.size());
    *fallbacks = fast.fastFallbacks();
    return {};
}

struct Figures
{
    double perCoreS = 0;
    double usPerMsg = 0;
    double allocationsPerMsg = 0;
    quint64 messages = 0;
};

/// Maps `shape`'s messages round and round on `path` for `seconds` of CPU time.
Figures measure(const Shape &shape, MapperPath path, double seconds)
{
    ChannelStore store;
    MessageMapper mapper(QStringLiteral("ws0"), shape.mapping, &store);
    mapper.setPath(path);
    const size_t n = shape.messages.size();
    qint64 received = 1764700000000;
    // Warm up: the channels exist, the rings and the parser's buffers have their size.
    for (size_t i = 0; i < 4 * n; ++i)
        mapper.map(shape.messages[i % n], ++received);
    quint64 done = 0;
    const double cpu0 = selfCpuSeconds();
    double cpu = 0;
    allocations::start();
    while (cpu < seconds) {
        for (size_t i = 0; i < n; ++i)
            mapper.map(shape.messages[i], ++received);
        done += n;
        cpu = selfCpuSeconds() - cpu0;
    }
    const std::uint64_t allocated = allocations::stop();
    Figures f;
    f.messages = done;
    f.perCoreS = double(done) / cpu;
    f.usPerMsg = cpu * 1e6 / double(done);
    f.allocationsPerMsg = double(allocated) / double(done);
    return f;
}

QJsonObject toJson(const Figures &f)
{
    return {{QStringLiteral("msgPerCoreS"), std::round(f.perCoreS)},
            {QStringLiteral("usPerMsg"), std::round(f.usPerMsg * 1000) / 1000},
            {QStringLiteral("allocationsPerMsg"), std::round(f.allocationsPerMsg * 1000) / 1000},
            {QStringLiteral("messages"), qint64(f.messages)}};
}

} // namespace

int runMapperBench(QTextStream &out, const MapperBenchOptions &options, QJsonObject *json)
{
    const std::vector<Shape> shapes = {benchmarkShape(4096), fanOutShape(4096)};
    int status = 0;
    QJsonArray rows;
    out << "mapper: parse + map of one message, one core, " << options.secondsPerRun
        << " s of CPU per row; allocations counted: " << allocations::what() << "\n";
    out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
               .arg(QStringLiteral("shape"), -12)
               .arg(QStringLiteral("path"), -6)
               .arg(QStringLiteral("msg/s per core"), 15)
               .arg(QStringLiteral("µs/msg"), 8)
               .arg(QStringLiteral("allocs/msg"), 11)
               .arg(QStringLiteral("speed-up"), 9);
    for (const Shape &shape : shapes) {
        quint64 fallbacks = 0;
        const QString diff = difference(shape, &fallbacks);
        QJsonObject row{{QStringLiteral("shape"), shape.name},
                        {QStringLiteral("description"), shape.description},
                        {QStringLiteral("bytes"), shape.messages.front().size()},
                        {QStringLiteral("identical"), diff.isEmpty()},
                        {QStringLiteral("fastFallbacks"), qint64(fallbacks)}};
        if (!diff.isEmpty()) {
            out << "mapper: " << shape.name << ": THE PATHS DIFFER: " << diff << "\n";
            row.insert(QStringLiteral("difference"), diff);
            rows.append(row);
            status = 1;
            continue;
        }
        const Figures tree = measure(shape, MapperPath::Tree, options.secondsPerRun);
        const Figures fast = measure(shape, MapperPath::Fast, options.secondsPerRun);
        row.insert(QStringLiteral("tree"), toJson(tree));
        row.insert(QStringLiteral("fast"), toJson(fast));
        row.insert(QStringLiteral("speedup"), std::round(fast.perCoreS / tree.perCoreS * 10) / 10);
        rows.append(row);
        auto line = [&](const QString &path, const Figures &f, const QString &speedup) {
            out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                       .arg(shape.name, -12)
                       .arg(path, -6)
                       .arg(QString::number(f.perCoreS, 'f', 0), 15)
                       .arg(QString::number(f.usPerMsg, 'f', 3), 8)
                       .arg(allocations::counted() ? QString::number(f.allocationsPerMsg, 'f', 2)
                                                   : QStringLiteral("-"),
                            11)
                       .arg(speedup, 9);
        };
        line(QStringLiteral("tree"), tree, QString());
        line(QStringLiteral("fast"), fast,
             QStringLiteral("%1x").arg(fast.perCoreS / tree.perCoreS, 0, 'f', 1));
        out << "  (" << shape.messages.front().size() << "-byte message, " << shape.description
            << "; both paths agreed on " << shape.messages.size() << " messages, " << fallbacks
            << " handed to the tree)\n";
        out.flush();
    }
    *json = {{QStringLiteral("mapper"),
              QJsonObject{{QStringLiteral("shapes"), rows},
                          {QStringLiteral("allocationsCounted"), allocations::what()},
                          {QStringLiteral("secondsPerRun"), options.secondsPerRun}}}};
    return status;
}

} // namespace livedash::bench
