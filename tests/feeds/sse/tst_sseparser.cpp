#include "sseparser.h"

#include <QRandomGenerator>
#include <QTest>

#include <climits>

using namespace livedash;

namespace {

/// What a parser produced: events as "type|data|id", rejections, and the final state.
struct Outcome
{
    QStringList events;
    int rejections = 0;
    QByteArray lastEventId;
    qint64 retry = -1;

    bool operator==(const Outcome &) const = default;
};

QString describe(const Outcome &o)
{
    return QStringLiteral("events=[%1] rejections=%2 lastEventId=\"%3\" retry=%4")
        .arg(o.events.join(QStringLiteral(", ")).replace(QLatin1Char('\n'), QStringLiteral("\\n")))
        .arg(o.rejections)
        .arg(QString::fromUtf8(o.lastEventId))
        .arg(o.retry);
}

/// A byte string with embedded NULs.
template<std::size_t N>
QByteArray raw(const char (&text)[N])
{
    return QByteArray(text, N - 1);
}

/// Feeds `input` cut at `cuts` (ascending offsets) into a fresh parser.
Outcome parse(const QByteArray &input, int maxEventBytes, const QList<qsizetype> &cuts = {})
{
    Outcome out;
    SseParser parser(maxEventBytes > 0 ? maxEventBytes : SseParser::DefaultMaxEventBytes);
    parser.setEventHandler([&out](const SseEvent &e) {
        out.events.append(
            QString::fromUtf8(QByteArray(e.type + '|' + e.data + '|' + e.lastEventId)));
    });
    parser.setRejectHandler([&out](const QString &) { ++out.rejections; });
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        parser.feed(QByteArrayView(input).sliced(from, cut - from));
        from = cut;
    }
    parser.feed(QByteArrayView(input).sliced(from));
    out.lastEventId = parser.lastEventId();
    out.retry = parser.retryMs().value_or(-1);
    return out;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void splitAtEveryBoundary_data() { parse_data(); }
    void splitAtEveryBoundary();
    void randomChunks_data() { parse_data(); }
    void randomChunks();
    void oversizedEventKeepsMemoryBounded();
    void restartKeepsIdAndRetry();
    void restartExpectsBomAgain();
    void lastEventIdSeed();
};

void TestSseParser::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("maxEventBytes"); // 0: the default
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<int>("rejections");
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::addColumn<qint64>("retry"); // -1: none

    const auto row = [](const char *name, const QByteArray &input, const QStringList &events,
                        const QByteArray &id = {}, qint64 retry = -1, int max = 0,
                        int rejections = 0) {
        QTest::newRow(name) << input << max << events << rejections << id << retry;
    };

    // The examples of the WHATWG spec, "Server-sent events", 9.2.4 and 9.2.6.
    row("spec: stock ticker", "data: YHOO\ndata: +2\ndata: 10\n\n", {"message|YHOO\n+2\n10|"});
    row("spec: four blocks",
        ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\n"
        "data:  third event\n\n",
        {"message|first event|1", "message|second event|", "message| third event|"});
    row("spec: empty data and incomplete end",
        "data\n\ndata\ndata\n\ndata:", {"message||", "message|\n|"});
    row("spec: optional space", "data:test\n\ndata: test\n\n", {"message|test|", "message|test|"});

    // Line endings.
    row("LF", "data: a\ndata: b\n\n", {"message|a\nb|"});
    row("CRLF", "data: a\r\ndata: b\r\n\r\n", {"message|a\nb|"});
    row("CR", "data: a\rdata: b\r\r", {"message|a\nb|"});
    row("mixed endings", "data: a\r\ndata: b\rdata: c\n\r\n", {"message|a\nb\nc|"});
    row("CR CR LF is two line ends", "data: x\r\r\ndata: y\n\n", {"message|x|", "message|y|"});
    row("LF CR is two line ends", "data: x\n\rdata: y\n\n", {"message|x|", "message|y|"});
    row("CRLF then CR", "data: x\r\n\rdata: y\r\n\r\n", {"message|x|", "message|y|"});

    // Byte order mark: one leading BOM is dropped, anything else is content.
    row("BOM",
        "\xEF\xBB\xBF"
        "data: bom\n\n",
        {"message|bom|"});
    row("BOM with CRLF",
        "\xEF\xBB\xBF"
        "data: bom\r\n\r\n",
        {"message|bom|"});
    row("second BOM is part of the field name",
        "\xEF\xBB\xBF\xEF\xBB\xBF"
        "data: x\n\ndata: y\n\n",
        {"message|y|"});
    row("partial BOM is part of the field name",
        "\xEF\xBB"
        "data: x\n\ndata: y\n\n",
        {"message|y|"});
    row("BOM not at the start is data",
        "data: \xEF\xBB\xBF"
        "a\n\n",
        {QString::fromUtf8("message|\xEF\xBB\xBF"
                           "a|")});
    row("no BOM", "data: plain\n\n", {"message|plain|"});

    // Comments and fields.
    row("comments", ": hello\ndata: a\n:\n: another\ndata: b\n\n", {"message|a\nb|"});
    row("comment only", ": keepalive\n\n: keepalive\n\n", {});
    row("field without colon", "data\ndata: x\n\n", {"message|\nx|"});
    row("event without colon is unnamed", "event\ndata: x\n\n", {"message|x|"});
    row("only one space removed", "data:   three\n\n", {"message|  three|"});
    row("no space", "data:nospace\n\n", {"message|nospace|"});
    row("space only", "data: \n\n", {"message||"});
    row("tab is kept", "data:\tt\n\n", {"message|\tt|"});
    row("colon in value", "data: a:b: c\n\n", {"message|a:b: c|"});
    row("unknown field ignored", "foo: bar\ndata: x\nbaz\n\n", {"message|x|"});
    row("field names are case-sensitive", "Data: x\nDATA: y\n\n", {});
    row("utf-8 data", "data: {\"t\":\"\xC3\xA9\"}\n\n",
        {QString::fromUtf8("message|{\"t\":\"\xC3\xA9\"}|")});

    // Multi-line data.
    row("multi-line", "data: a\ndata:\ndata: b\n\n", {"message|a\n\nb|"});
    row("json over lines", "data: {\"a\":\ndata: 1}\n\n", {"message|{\"a\":\n1}|"});

    // Empty events and incomplete events.
    row("blank lines only", "\n\n\r\n\r\r", {});
    row("event name without data", "event: x\n\ndata: 1\n\n", {"message|1|"});
    row("incomplete last event", "data: a\n\ndata: b\n", {"message|a|"});
    row("no line end at all", "data: a", {});

    // Event names.
    row("event names", "event: score\ndata: 1\n\nevent: clock\ndata: 2\n\ndata: 3\n\n",
        {"score|1|", "clock|2|", "message|3|"});
    row("last event name wins", "event: a\nevent: b\ndata: x\n\n", {"b|x|"});
    row("empty event name", "event:\ndata: x\n\n", {"message|x|"});
    row("event name with spaces", "event: big goal\ndata: x\n\n", {"big goal|x|"});

    // id.
    row("id", "id: 1\ndata: a\n\n", {"message|a|1"}, "1");
    row("id persists", "id: 7\ndata: a\n\ndata: b\n\n", {"message|a|7", "message|b|7"}, "7");
    row("id with NUL ignored", raw("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"),
        {"message|a|1", "message|b|1"}, "1");
    row("id with NUL only", raw("id: \0\ndata: a\n\n"), {"message|a|"});
    row("id without data still sets it", "id: 9\n\n", {}, "9");
    row("id of an incomplete event is not applied", "id: 1\ndata: a\n\nid: 5\ndata: x",
        {"message|a|1"}, "1");
    row("empty id resets", "id: 3\ndata: a\n\nid\ndata: b\n\n", {"message|a|3", "message|b|"});
    row("id with spaces and colons", "id: a b:c\ndata: x\n\n", {"message|x|a b:c"}, "a b:c");

    // retry.
    row("retry", "retry: 1500\n\n", {}, {}, 1500);
    row("retry without dispatch", "retry: 250\n", {}, {}, 250);
    row("retry zero", "retry: 0\n", {}, {}, 0);
    row("retry with unit is ignored", "retry: 15s\n", {}, {}, -1);
    row("retry negative is ignored", "retry: -5\n", {}, {}, -1);
    row("retry empty is ignored", "retry:\nretry\n", {}, {}, -1);
    row("retry decimal is ignored", "retry: 1.5\n", {}, {}, -1);
    row("retry with two spaces is ignored", "retry:  100\n", {}, {}, -1);
    row("retry invalid keeps previous", "retry: 100\nretry: x\n\n", {}, {}, 100);
    row("retry last valid wins", "retry: 100\nretry: 300\n\n", {}, {}, 300);
    row("retry overflow is clamped", "retry: 99999999999999999999999\n", {}, {}, INT_MAX);
    row("retry does not dispatch", "retry: 10\ndata: x\n\n", {"message|x|"}, {}, 10);

    // Size limit.
    row("at the limit", "data: 0123456789\n\n", {"message|0123456789|"}, {}, -1, 10);
    row("over the limit", "data: 01234567890\n\ndata: ok\n\n", {"message|ok|"}, {}, -1, 10, 1);
    row("multi-line at the limit", "data: 1234\ndata: 12345\n\n", {"message|1234\n12345|"}, {}, -1,
        10);
    row("multi-line over the limit", "data: 12345\ndata: 12345\n\ndata: ok\n\n", {"message|ok|"},
        {}, -1, 10, 1);
    row("event name counts", "event: abcdef\ndata: abcde\n\ndata: ok\n\n", {"message|ok|"}, {}, -1,
        10, 1);
    // An event name after the data counts too: the name is checked against the data so far
    // (without the '\n' after its last line, which is not part of the event).
    row("event name after data counts", "data: abcde\nevent: abcdef\n\ndata: ok\n\n",
        {"message|ok|"}, {}, -1, 10, 1);
    row("event name after data at the limit", "data: abcde\nevent: abcde\n\n", {"abcde|abcde|"}, {},
        -1, 10);
    row("event name after multi-line data over the limit",
        "data: ab\ndata: cd\nevent: abcdef\n\nevent: e\ndata: ok\n\n", {"e|ok|"}, {}, -1, 10, 1);
    row("long line skips the rest of the event",
        "data: " + QByteArray(100, 'x') + "\nid: 5\ndata: y\n\ndata: z\n\n", {"message|z|"}, {}, -1,
        16, 1);
    row("long comment rejected", ": " + QByteArray(200, 'c') + "\ndata: a\n\ndata: b\n\n",
        {"message|b|"}, {}, -1, 16, 1);
    row("two oversized events",
        "data: " + QByteArray(40, 'x') + "\n\ndata: " + QByteArray(40, 'y') +
            "\r\n\r\ndata: ok\n\n",
        {"message|ok|"}, {}, -1, 16, 2);
    row("oversized event with CR endings",
        "data: " + QByteArray(90, 'x') + "\rdata: a\r\rdata: b\r\r", {"message|b|"}, {}, -1, 16, 1);
}

void TestSseParser::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(int, maxEventBytes);
    QFETCH(QStringList, events);
    QFETCH(int, rejections);
    QFETCH(QByteArray, lastEventId);
    QFETCH(qint64, retry);

    const Outcome got = ::parse(input, maxEventBytes);
    QCOMPARE(got.events, events);
    QCOMPARE(got.rejections, rejections);
    QCOMPARE(got.lastEventId, lastEventId);
    QCOMPARE(got.retry, retry);
}

void TestSseParser::splitAtEveryBoundary()
{
    QFETCH(QByteArray, input);
    QFETCH(int, maxEventBytes);

    const Outcome whole = ::parse(input, maxEventBytes);
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        const Outcome split = ::parse(input, maxEventBytes, {cut});
        if (!(split == whole))
            QFAIL(qPrintable(QStringLiteral("split at %1: %2, whole: %3")
                                 .arg(cut)
                                 .arg(describe(split), describe(whole))));
    }
    // Two cuts, every pair: catches state carried over a one-byte middle chunk (CR|LF, BOM).
    for (qsizetype a = 0; a <= input.size(); ++a) {
        for (qsizetype b = a; b <= input.size(); ++b) {
            const Outcome split = ::parse(input, maxEventBytes, {a, b});
            if (!(split == whole))
                QFAIL(qPrintable(QStringLiteral("split at %1 and %2: %3, whole: %4")
                                     .arg(a)
                                     .arg(b)
                                     .arg(describe(split), describe(whole))));
        }
    }
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < input.size(); ++i)
        everyByte.append(i);
    const Outcome bytewise = ::parse(input, maxEventBytes, everyByte);
    QVERIFY2(bytewise == whole, qPrintable(QStringLiteral("one byte at a time: %1, whole: %2")
                                               .arg(describe(bytewise), describe(whole))));
}

void TestSseParser::randomChunks()
{
    QFETCH(QByteArray, input);
    QFETCH(int, maxEventBytes);

    const Outcome whole = ::parse(input, maxEventBytes);
    QRandomGenerator rng(20240601);
    for (int round = 0; round < 50; ++round) {
        QList<qsizetype> cuts;
        for (qsizetype at = rng.bounded(4); at < input.size(); at += 1 + rng.bounded(6))
            cuts.append(at);
        const Outcome split = ::parse(input, maxEventBytes, cuts);
        QVERIFY2(split == whole, qPrintable(describe(split)));
    }
}

void TestSseParser::oversizedEventKeepsMemoryBounded()
{
    constexpr qsizetype Max = 1024 * 1024;
    SseParser parser(Max);
    QList<QByteArray> data;
    int rejections = 0;
    parser.setEventHandler([&](const SseEvent &e) { data.append(e.data); });
    parser.setRejectHandler([&](const QString &why) {
        ++rejections;
        QVERIFY(why.contains(QString::number(Max)));
    });

    // A 10 MiB event arriving in 64 KiB chunks, as one line and as many data lines.
    const QByteArray chunk(64 * 1024, 'x');
    qsizetype peak = 0;
    parser.feed("data: ");
    for (int i = 0; i < 160; ++i) {
        parser.feed(chunk);
        peak = std::max(peak, parser.bufferedBytes());
    }
    parser.feed("\n\n");
    const QByteArray line = "data: " + QByteArray(1000, 'y') + '\n';
    for (int i = 0; i < 10 * 1024; ++i) {
        parser.feed(line);
        peak = std::max(peak, parser.bufferedBytes());
    }
    parser.feed("\ndata: after\n\n");

    QCOMPARE(rejections, 2);
    QCOMPARE(data, QList<QByteArray>{"after"});
    QVERIFY2(peak <= Max + 64, qPrintable(QString::number(peak)));
    QCOMPARE(parser.bufferedBytes(), 0);

    // An event exactly at the limit still goes through.
    parser.feed(QByteArray("data: " + QByteArray(Max, 'z') + "\n\n"));
    QCOMPARE(data.size(), 2);
    QCOMPARE(data.last().size(), Max);
    QCOMPARE(rejections, 2);
}

void TestSseParser::restartKeepsIdAndRetry()
{
    SseParser parser;
    QStringList events;
    parser.setEventHandler([&](const SseEvent &e) { events.append(QString::fromUtf8(e.data)); });
    parser.feed("retry: 700\nid: 4\ndata: a\n\nid: 5\ndata: partial");
    parser.restart(); // the connection dropped mid-event
    parser.feed("data: b\n\n");
    QCOMPARE(events, (QStringList{"a", "b"}));
    QCOMPARE(parser.lastEventId(), QByteArray("4"));
    QCOMPARE(parser.retryMs(), std::optional<qint64>(700));
}

void TestSseParser::restartExpectsBomAgain()
{
    SseParser parser;
    QStringList events;
    parser.setEventHandler([&](const SseEvent &e) { events.append(QString::fromUtf8(e.data)); });
    parser.feed("\xEF\xBB\xBF"
                "data: 1\n\n");
    parser.restart();
    parser.feed("\xEF\xBB");
    parser.feed("\xBF"
                "data: 2\r");
    parser.feed("\n\r\n");
    QCOMPARE(events, (QStringList{"1", "2"}));
}

void TestSseParser::lastEventIdSeed()
{
    SseParser parser;
    QList<QByteArray> ids;
    parser.setEventHandler([&](const SseEvent &e) { ids.append(e.lastEventId); });
    parser.setLastEventId("41");
    parser.feed("data: a\n\nid: 42\ndata: b\n\n");
    QCOMPARE(ids, (QList<QByteArray>{"41", "42"}));
    QCOMPARE(parser.lastEventId(), QByteArray("42"));
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
