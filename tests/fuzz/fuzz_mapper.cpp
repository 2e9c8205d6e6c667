// Fuzzes the message mapper: the input is one message, mapped by MessageMapper::map into a
// ChannelStore by each of a fixed set of feeds' field mappings (templates, wildcards over
// arrays and objects, root arrays, quoted keys, every timestamp format, sequences, automatic
// mapping, an SSE event prefix), and previewed by MessageMapper::preview.
//
// Invariants:
//  - the samples map() reports (numbers + texts) are exactly those appended to the store and
//    passed to the sink, in the channels the sink was told;
//  - a rejected message has a reason; a sequence is reported with its first element's;
//  - every channel is "<feed id>/<name>" with a non-empty name; a placeholder value never adds
//    a path level (its '/' become '_'), so a template's channels have its number of levels;
//  - a message nested deeper than the limit is refused before parsing, and the cheap depth
//    count agrees with the depth of what the JSON parser accepted;
//  - preview() extracts the same channels, in the same order, with the same problem;
//  - sequenceGap is exact at the qint64 limits.

#include "fuzz_common.h"
#include "fuzz_mapperfeeds.h"

#include "ingest/messagemapper.h"
#include "store/channelstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>
#include <memory>

using namespace livedash;
using livedash::fuzz::show;
using namespace livedash::fuzz::mapperfeeds;

namespace {

struct Recorded
{
    QString channel;
    bool number = true;
};

class RecordingSink : public SampleSink
{
public:
    void number(const QString &feedId, const QString &channel, qint64, double) override
    {
        FUZZ_CHECK(feedId == expectedFeed, feedId);
        samples.append({channel, true});
    }
    void text(const QString &feedId, const QString &channel, qint64, const QString &) override
    {
        FUZZ_CHECK(feedId == expectedFeed, feedId);
        samples.append({channel, false});
    }
    QString expectedFeed;
    QList<Recorded> samples;
};

quint64 totalSamples(const ChannelStore &store)
{
    quint64 total = 0;
    for (const QString &name : store.names()) {
        const ChannelPtr c = store.find(name);
        total += c->totalNumbers() + c->totalTexts();
    }
    return total;
}

int depthOf(const QJsonValue &v)
{
    int inner = 0;
    if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            inner = std::max(inner, depthOf(e));
        return inner + 1;
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            inner = std::max(inner, depthOf(it.value()));
        return inner + 1;
    }
    return 0;
}

void checkSequenceGap(QByteArrayView input)
{
    if (input.size() < 16)
        return;
    qint64 a = 0, b = 0;
    std::memcpy(&a, input.data(), 8);
    std::memcpy(&b, input.data() + 8, 8);
    const quint64 gap = sequenceGap(a, b);
    if (b > a) {
        // b - a as an exact unsigned difference, without signed overflow.
        const quint64 diff = quint64(b) - quint64(a);
        FUZZ_CHECK(gap == diff - 1,
                   QStringLiteral("sequenceGap(%1, %2) = %3").arg(a).arg(b).arg(gap));
    } else if (b == a) {
        // The same message again (an unchanged polled resource): nothing is missing.
        FUZZ_CHECK(gap == 0, QStringLiteral("sequenceGap(%1, %1) = %2").arg(a).arg(gap));
    } else {
        FUZZ_CHECK(gap == 1, QStringLiteral("sequenceGap(%1, %2) = %3").arg(a).arg(b).arg(gap));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QList<Feed> feeds = makeFeeds();
    const QByteArrayView payload = fuzz::bytes(data, size);
    checkSequenceGap(payload);

    const int depth = jsonNestingDepth(payload);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(payload.toByteArray(), &parseError);
    const bool parses = parseError.error == QJsonParseError::NoError;
    if (parses) {
        const int real =
            depthOf(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
        FUZZ_CHECK(
            real <= depth,
            QStringLiteral("depth %1 counted as %2: %3").arg(real).arg(depth).arg(show(payload)));
    }

    for (const Feed &feed : feeds) {
        ChannelStore store(100, 10);
        RecordingSink sink;
        sink.expectedFeed = feed.id;
        MessageMapper mapper(feed.id, feed.mapping, &store, &sink, MaxDepth);
        const MapResult r = mapper.map(payload, 1763800000000, feed.prefix);
        const QString where = feed.id + QStringLiteral(": ") + show(payload);

        FUZZ_CHECK(r.numbers >= 0 && r.texts >= 0, where);
        FUZZ_CHECK(!r.rejected || !r.problem.isEmpty(), QStringLiteral("no reason: ") + where);
        FUZZ_CHECK(r.firstSequence.has_value() == r.sequence.has_value(), where);
        FUZZ_CHECK(r.sequence || r.sequenceGaps == 0, where);
        if (depth > MaxDepth || !parses) {
            FUZZ_CHECK(r.rejected && r.numbers == 0 && r.texts == 0,
                       QStringLiteral("unparseable or too deep, yet mapped: ") + where);
            FUZZ_CHECK(store.names().isEmpty(), where);
            continue;
        }
        FUZZ_CHECK(quint64(r.numbers + r.texts) == totalSamples(store),
                   QStringLiteral("%1 numbers + %2 texts reported, %3 stored: %4")
                       .arg(r.numbers)
                       .arg(r.texts)
                       .arg(totalSamples(store))
                       .arg(where));
        FUZZ_CHECK(sink.samples.size() == r.numbers + r.texts, where);
        qsizetype numbers = 0;
        for (const Recorded &s : sink.samples) {
            numbers += s.number ? 1 : 0;
            FUZZ_CHECK(!s.channel.isEmpty(), where);
            FUZZ_CHECK(
                store.find(feed.id + u'/' + s.channel),
                QStringLiteral("sink channel %1 not in the store: %2").arg(s.channel, where));
            if (!feed.prefix.isEmpty())
                FUZZ_CHECK(s.channel.startsWith(feed.prefix + u'/'), s.channel + u' ' + where);
            if (feed.levels >= 0)
                FUZZ_CHECK(s.channel.count(u'/') == feed.levels,
                           QStringLiteral("channel %1 has the wrong number of levels: %2")
                               .arg(s.channel, where));
        }
        FUZZ_CHECK(numbers == r.numbers, where);
        for (const QString &name : store.names())
            FUZZ_CHECK(name.startsWith(feed.id + u'/') && name.size() > feed.id.size() + 1,
                       QStringLiteral("channel \"%1\": %2").arg(name, where));

        // The settings dialog's preview runs the same mapping without recording. It takes no
        // prefix, so it is compared on the feeds without one.
        if (!feed.prefix.isEmpty())
            continue;
        QString previewProblem;
        const QList<ExtractedValue> preview = mapper.preview(payload, &previewProblem);
        FUZZ_CHECK(preview.size() == sink.samples.size(),
                   QStringLiteral("preview extracted %1, map %2: %3")
                       .arg(preview.size())
                       .arg(sink.samples.size())
                       .arg(where));
        for (qsizetype i = 0; i < preview.size(); ++i)
            FUZZ_CHECK(preview[i].channel == feed.id + u'/' + sink.samples[i].channel,
                       QStringLiteral("preview %1 vs map %2: %3")
                           .arg(preview[i].channel, sink.samples[i].channel, where));
        FUZZ_CHECK(previewProblem == r.problem,
                   QStringLiteral("preview problem \"%1\" vs map \"%2\": %3")
                       .arg(previewProblem, r.problem, where));
    }
    return 0;
}
