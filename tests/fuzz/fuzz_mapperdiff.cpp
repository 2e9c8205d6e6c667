// Differential fuzzing of the message mapper's two paths: every input is mapped by each of the
// fuzz feeds' mappings (fuzz_mapperfeeds.h) on the tree path (QJsonDocument) and on the fast
// path (simdjson, with what it hands over going to the tree path), each into its own store,
// twice (the second time through the channels the first one interned).
//
// Invariant: both paths give the same MapResult (numbers, texts, rejected, problem, sequence,
// first sequence, gaps) and the same samples, in the same order, to the sink (channel, time,
// the value's bits, the text), and their stores hold the same channels. Kept while the tree
// path exists.

#include "fuzz_common.h"
#include "fuzz_mapperfeeds.h"

#include "ingest/messagemapper.h"
#include "store/channelstore.h"

#include <cstring>

using namespace livedash;
using livedash::fuzz::show;
using namespace livedash::fuzz::mapperfeeds;

namespace {

/// Every sample the sink is given, as one line each (a number's exact bits).
class Transcript : public SampleSink
{
public:
    void number(const QString &feedId, const QString &channel, qint64 t, double v) override
    {
        quint64 bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        lines.append(QStringLiteral("%1|%2@%3=%4 (%5)")
                         .arg(feedId, channel)
                         .arg(t)
                         .arg(v, 0, 'g', 17)
                         .arg(bits, 16, 16, QLatin1Char('0')));
    }
    void text(const QString &feedId, const QString &channel, qint64 t, const QString &text) override
    {
        lines.append(QStringLiteral("%1|%2@%3:%4").arg(feedId, channel).arg(t).arg(text));
    }
    QStringList lines;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QList<Feed> feeds = makeFeeds();
    const QByteArrayView payload = fuzz::bytes(data, size);
    for (const Feed &feed : feeds) {
        ChannelStore treeStore(100, 10), fastStore(100, 10);
        Transcript treeSeen, fastSeen;
        MessageMapper tree(feed.id, feed.mapping, &treeStore, &treeSeen, MaxDepth);
        tree.setPath(MapperPath::Tree);
        MessageMapper fast(feed.id, feed.mapping, &fastStore, &fastSeen, MaxDepth);
        FUZZ_CHECK(fast.path() == MapperPath::Fast, feed.id);
        for (int round = 1; round <= 2; ++round) {
            const MapResult a = tree.map(payload, 1763800000000, feed.prefix);
            const MapResult b = fast.map(payload, 1763800000000, feed.prefix);
            const QString where =
                QStringLiteral("%1, message %2: %3").arg(feed.id).arg(round).arg(show(payload));
            FUZZ_CHECK(
                a.toString() == b.toString(),
                QStringLiteral("tree: %1\nfast: %2\n%3").arg(a.toString(), b.toString(), where));
            FUZZ_CHECK(treeSeen.lines == fastSeen.lines,
                       QStringLiteral("tree recorded:\n%1\nfast recorded:\n%2\n%3")
                           .arg(treeSeen.lines.join(u'\n'), fastSeen.lines.join(u'\n'), where));
            FUZZ_CHECK(treeStore.names() == fastStore.names(),
                       QStringLiteral("tree channels: %1\nfast channels: %2\n%3")
                           .arg(treeStore.names().join(u' '), fastStore.names().join(u' '), where));
        }
    }
    return 0;
}
