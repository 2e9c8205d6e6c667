// Fuzzes the text/event-stream parser (SseParser) against a plain reference implementation of
// the WHATWG "Parsing an event stream" algorithm, written here from the spec.
//
// Input: byte 0 picks the chunking, byte 1 the size limit of a second, small-limit parser;
// the rest is the stream.
//
// Invariants:
//  - fed in one piece, in chunks (split at positions derived from byte 0, with empty chunks),
//    or one byte at a time, the parser dispatches exactly the reference's events (type, data,
//    last event ID) and ends with its last event ID and retry value;
//  - after restart() the same stream again gives the reference's events seeded with the kept
//    last event ID (a reconnect);
//  - with a small limit: the same events and rejections however the stream is split, no
//    dispatched event over the limit, never more than limit + 64 bytes buffered, and when
//    nothing was rejected, the reference's events.

#include "fuzz_common.h"

#include "sseparser.h"

#include <QList>

#include <algorithm>
#include <limits>
#include <optional>

using namespace livedash;
using livedash::fuzz::show;

namespace {

struct Outcome
{
    QList<SseEvent> events;
    int rejections = 0;
    QByteArray lastEventId;
    std::optional<qint64> retry;
};

bool sameEvents(const QList<SseEvent> &a, const QList<SseEvent> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a[i].type != b[i].type || a[i].data != b[i].data ||
            a[i].lastEventId != b[i].lastEventId)
            return false;
    return true;
}

bool same(const Outcome &a, const Outcome &b)
{
    return sameEvents(a.events, b.events) && a.rejections == b.rejections &&
           a.lastEventId == b.lastEventId && a.retry == b.retry;
}

QString describe(const Outcome &o)
{
    QString s = QStringLiteral("%1 events, %2 rejections, id \"%3\", retry %4")
                    .arg(o.events.size())
                    .arg(o.rejections)
                    .arg(show(o.lastEventId))
                    .arg(o.retry ? QString::number(*o.retry) : QStringLiteral("none"));
    for (qsizetype i = 0; i < o.events.size() && i < 8; ++i)
        s +=
            QStringLiteral("\n    [%1] type \"%2\" data \"%3\" id \"%4\"")
                .arg(i)
                .arg(show(o.events[i].type), show(o.events[i].data), show(o.events[i].lastEventId));
    return s;
}

/// The spec's algorithm, line by line, on bytes, with no limits.
Outcome reference(QByteArrayView stream, const QByteArray &initialId = {})
{
    Outcome out;
    QByteArray data, type, idBuffer = initialId;
    out.lastEventId = initialId;
    if (stream.startsWith("\xEF\xBB\xBF"))
        stream = stream.sliced(3);
    qsizetype pos = 0;
    while (pos < stream.size()) {
        qsizetype end = pos;
        while (end < stream.size() && stream[end] != '\r' && stream[end] != '\n')
            ++end;
        if (end == stream.size())
            break; // an unterminated last line is never processed
        const QByteArrayView line = stream.sliced(pos, end - pos);
        pos = end + 1;
        if (stream[end] == '\r' && pos < stream.size() && stream[pos] == '\n')
            ++pos;
        if (line.isEmpty()) { // dispatch
            out.lastEventId = idBuffer;
            if (data.isEmpty()) {
                type.clear();
                continue;
            }
            data.chop(1);
            out.events.append({type.isEmpty() ? QByteArray("message") : type, data, idBuffer});
            data.clear();
            type.clear();
            continue;
        }
        if (line.front() == ':')
            continue;
        const qsizetype colon = line.indexOf(':');
        QByteArrayView name = line, value;
        if (colon >= 0) {
            name = line.first(colon);
            value = line.sliced(colon + 1);
            if (value.startsWith(' '))
                value = value.sliced(1);
        }
        if (name == "event") {
            type = value.toByteArray();
        } else if (name == "data") {
            data += value;
            data += '\n';
        } else if (name == "id") {
            if (!value.contains('\0'))
                idBuffer = value.toByteArray();
        } else if (name == "retry") {
            if (!value.isEmpty() && std::all_of(value.begin(), value.end(),
                                                [](char c) { return c >= '0' && c <= '9'; })) {
                qint64 ms = 0;
                for (const char c : value)
                    ms = std::min<qint64>(std::numeric_limits<int>::max(), ms * 10 + (c - '0'));
                out.retry = ms;
            }
        }
    }
    return out;
}

/// Chunk boundaries from a small linear congruential generator seeded by `seed`: chunk sizes
/// 0 .. (seed % 32), so some chunks are empty and CRLF pairs and the BOM get split.
QList<QByteArrayView> chunks(QByteArrayView stream, unsigned seed)
{
    QList<QByteArrayView> out;
    const unsigned maxChunk = seed % 32 + 1;
    unsigned state = seed * 2654435761u + 1;
    qsizetype pos = 0;
    while (pos < stream.size()) {
        state = state * 1103515245u + 12345u;
        const qsizetype n =
            std::min<qsizetype>((state >> 16) % (maxChunk + 1), stream.size() - pos);
        out.append(stream.sliced(pos, n));
        pos += n;
    }
    out.append(QByteArrayView());
    return out;
}

struct Run
{
    explicit Run(qsizetype limit) : parser(limit)
    {
        parser.setEventHandler([this](const SseEvent &e) {
            FUZZ_CHECK(e.data.size() <= parser.maxEventBytes(),
                       QStringLiteral("event of %1 bytes over the limit %2")
                           .arg(e.data.size())
                           .arg(parser.maxEventBytes()));
            FUZZ_CHECK(!e.type.isEmpty(), QStringLiteral("event without a type"));
            outcome.events.append(e);
        });
        parser.setRejectHandler([this](const QString &reason) {
            FUZZ_CHECK(!reason.isEmpty(), QStringLiteral("rejection without a reason"));
            ++outcome.rejections;
        });
    }
    void feed(QByteArrayView chunk)
    {
        parser.feed(chunk);
        FUZZ_CHECK(parser.bufferedBytes() <= parser.maxEventBytes() + 64,
                   QStringLiteral("%1 bytes buffered with a limit of %2")
                       .arg(parser.bufferedBytes())
                       .arg(parser.maxEventBytes()));
    }
    const Outcome &finish()
    {
        outcome.lastEventId = parser.lastEventId();
        outcome.retry = parser.retryMs();
        return outcome;
    }
    SseParser parser;
    Outcome outcome;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const unsigned seed = data[0];
    const qsizetype smallLimit = 1 + data[1] % 128;
    const QByteArrayView stream = fuzz::bytes(data + 2, size - 2);
    const Outcome expected = reference(stream);
    auto check = [&](const Outcome &got, const char *how) {
        FUZZ_CHECK(same(got, expected),
                   QStringLiteral("%1: stream \"%2\"\n  expected %3\n  got %4")
                       .arg(QLatin1String(how), show(stream), describe(expected), describe(got)));
    };

    Run whole(SseParser::DefaultMaxEventBytes);
    whole.feed(stream);
    check(whole.finish(), "in one piece");

    Run chunked(SseParser::DefaultMaxEventBytes);
    for (const QByteArrayView c : chunks(stream, seed))
        chunked.feed(c);
    check(chunked.finish(), "in chunks");

    Run bytewise(SseParser::DefaultMaxEventBytes);
    for (qsizetype i = 0; i < stream.size(); ++i)
        bytewise.feed(stream.sliced(i, 1));
    check(bytewise.finish(), "byte by byte");

    // A reconnect: the same stream again after restart() keeps the last event ID and retry.
    const QByteArray keptId = whole.parser.lastEventId();
    const auto keptRetry = whole.parser.retryMs();
    whole.outcome = Outcome();
    whole.parser.restart();
    whole.feed(stream);
    Outcome again = reference(stream, keptId);
    if (!again.retry)
        again.retry = keptRetry;
    const Outcome &resumed = whole.finish();
    FUZZ_CHECK(same(resumed, again),
               QStringLiteral("after restart(): stream \"%1\"\n  expected %2\n  got %3")
                   .arg(show(stream), describe(again), describe(resumed)));

    // A small limit: rejections must not depend on how the stream is split.
    Run smallWhole(smallLimit);
    smallWhole.feed(stream);
    Run smallChunked(smallLimit);
    for (const QByteArrayView c : chunks(stream, seed ^ 0x5a))
        smallChunked.feed(c);
    const Outcome &a = smallWhole.finish();
    const Outcome &b = smallChunked.finish();
    FUZZ_CHECK(same(a, b), QStringLiteral("limit %1: stream \"%2\"\n  whole %3\n  chunked %4")
                               .arg(smallLimit)
                               .arg(show(stream), describe(a), describe(b)));
    if (a.rejections == 0)
        FUZZ_CHECK(same(a, expected),
                   QStringLiteral("limit %1, nothing rejected: stream \"%2\"\n  expected %3\n"
                                  "  got %4")
                       .arg(smallLimit)
                       .arg(show(stream), describe(expected), describe(a)));
    return 0;
}
