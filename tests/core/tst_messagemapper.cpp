#include "ingest/messagemapper.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

namespace livedash {

namespace {

constexpr qint64 Received = 1000;

/// Which path the run maps on: main() runs every test on the tree path, then the fast one.
MapperPath g_path = MapperPath::Fast;

/// A MessageMapper on this run's path.
struct Mapper : MessageMapper
{
    template<typename... Args>
    explicit Mapper(Args &&...args) : MessageMapper(std::forward<Args>(args)...)
    {
        setPath(g_path);
    }
};

FieldMapping mapping(const QByteArray &fields)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(fields, &e);
    if (e.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", fields.constData());
    QStringList errors;
    const auto m = FieldMapping::fromJson(doc.object(), QStringLiteral("fields"), &errors);
    if (!m)
        qFatal("bad test mapping: %s", qPrintable(errors.join(QLatin1Char('\n'))));
    return *m;
}

/// Every sample in the store as "<channel>@<t>=<value>" (numbers) or "<channel>@<t>:<text>".
QStringList dump(const ChannelStore &store)
{
    QStringList out;
    for (const QString &name : store.names()) {
        const ChannelPtr c = store.find(name);
        c->forEachNumber(std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max(),
                         [&](const Sample &s) {
                             out.append(QStringLiteral("%1@%2=%3").arg(name).arg(s.t).arg(s.v));
                         });
        for (const TextSample &s : c->lastTexts(1000))
            out.append(QStringLiteral("%1@%2:%3").arg(name).arg(s.t).arg(s.text));
    }
    return out;
}

struct CollectingSink : SampleSink
{
    QStringList seen;
    void number(const QString &feedId, const QString &channel, qint64 t, double v) override
    {
        seen.append(QStringLiteral("%1|%2@%3=%4").arg(feedId, channel).arg(t).arg(v));
    }
    void text(const QString &feedId, const QString &channel, qint64 t, const QString &text) override
    {
        seen.append(QStringLiteral("%1|%2@%3:%4").arg(feedId, channel).arg(t).arg(text));
    }
};

} // namespace

class TestMessageMapper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numbers();
    void numericValues_data();
    void numericValues();
    void wrongTypes_data();
    void wrongTypes();
    void textKind_data();
    void textKind();
    void channelNames_data();
    void channelNames();
    void missingPlaceholderRejects_data();
    void missingPlaceholderRejects();
    void emptyPlaceholderValueGivesAReason();
    void topLevelArrayFansOut();
    void topLevelArrayPerElementTimestamps();
    void topLevelArrayAddressedByPath();
    void wildcardFanOutUsesElementTimestamps();
    void elementOnlyTimestampIsNotARejection();
    void badTimestampIsNotFatal();
    void timestampField_data();
    void timestampField();
    void missingRequiredField();
    void firstProblemIsReported();
    void optionalField();
    void nullRequiredField();
    void invalidJson_data();
    void invalidJson();
    void nestingLimit();
    void hostileNestingIsRefusedBeforeParsing();
    void jsonNestingDepth_data();
    void jsonNestingDepth();
    void autoMode();
    void autoModeDepthLimit();
    void autoModeTopLevelArrayAndPrefix();
    void autoModeScalarArray();
    void autoModeScalarArrayWithPrefix();
    void prefix();
    void topicLevelsInChannelNames_data();
    void topicLevelsInChannelNames();
    void topicProblems_data();
    void topicProblems();
    void topicNamesAutoMappedChannels();
    void topicPlaceholderSyntaxIsValidated_data();
    void topicPlaceholderSyntaxIsValidated();
    void sequence_data();
    void sequence();
    void sequenceWithinFanOut_data();
    void sequenceWithinFanOut();
    void sequenceArithmeticAtInt64Limits();
    void outOfRangeSequenceIsIgnored_data();
    void outOfRangeSequenceIsIgnored();
    void sinkSeesEverySample();
    void channelsAreReused();
    void channelLimitRejectsNewNames();
    void invalidChannelsAreSkipped();
    void previewDoesNotRecord();
    void previewReportsProblems();
    void fastPathTakesTheCommonShapes_data();
    void fastPathTakesTheCommonShapes();
    void fastPathHandsOverWhatQtReadsOtherwise_data();
    void fastPathHandsOverWhatQtReadsOtherwise();
};

void TestMessageMapper::numbers()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("feed"),
                  mapping(R"({"channels":[{"path":"a"},{"path":"b.c","channel":"c"}]})"), &store);
    QCOMPARE(mapper.feedId(), QStringLiteral("feed"));
    const MapResult r = mapper.map(R"({"a":1.5,"b":{"c":-2},"ignored":3})", Received);
    QVERIFY(!r.rejected);
    QVERIFY(r.problem.isEmpty());
    QCOMPARE(r.numbers, 2);
    QCOMPARE(r.texts, 0);
    QVERIFY(!r.sequence.has_value());
    QCOMPARE(dump(store), (QStringList{"feed/a@1000=1.5", "feed/c@1000=-2"}));
}

void TestMessageMapper::numericValues_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<double>("expected");

    QTest::newRow("integer") << QByteArray("7") << 7.0;
    QTest::newRow("negative fraction") << QByteArray("-0.25") << -0.25;
    QTest::newRow("exponent") << QByteArray("1.5e3") << 1500.0;
    QTest::newRow("numeric string") << QByteArray(R"("42.5")") << 42.5;
    QTest::newRow("padded numeric string") << QByteArray(R"("  -3 ")") << -3.0;
    QTest::newRow("exponent string") << QByteArray(R"("1e3")") << 1000.0;
    QTest::newRow("true") << QByteArray("true") << 1.0;
    QTest::newRow("false") << QByteArray("false") << 0.0;
    // clang-format on
}

void TestMessageMapper::numericValues()
{
    QFETCH(QByteArray, value);
    QFETCH(double, expected);

    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"channels":[{"path":"v"}]})"), &store);
    const MapResult r = mapper.map(QByteArray("{\"v\":" + value + "}"), Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 1);
    const auto last = store.find(QStringLiteral("f/v"))->lastNumber();
    QVERIFY(last.has_value());
    QCOMPARE(last->v, expected);
    QCOMPARE(last->t, Received);
}

void TestMessageMapper::wrongTypes_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("problem");

    QTest::newRow("word") << QByteArray(R"("abc")") << "field v is a string, expected a number";
    QTest::newRow("empty string") << QByteArray(R"("")")
                                  << "field v is a string, expected a number";
    QTest::newRow("object") << QByteArray(R"({"x":1})")
                            << "field v is an object, expected a number";
    QTest::newRow("array") << QByteArray("[1]") << "field v is an array, expected a number";
    // clang-format on
}

void TestMessageMapper::wrongTypes()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, problem);

    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"channels":[{"path":"v"},{"path":"w"}]})"),
                  &store);
    const MapResult r = mapper.map(QByteArray("{\"v\":" + value + ",\"w\":2}"), Received);
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, problem);
    QCOMPARE(r.numbers, 1); // the good field is still recorded
    QCOMPARE(dump(store), QStringList{"f/w@1000=2"});
}

void TestMessageMapper::textKind_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("text");

    QTest::newRow("string") << QByteArray(R"("Goal! 1-0")") << "Goal! 1-0";
    QTest::newRow("unicode") << QByteArray(R"("caf\u00e9 \"quoted\"")")
                             << QString::fromUtf8("café \"quoted\"");
    QTest::newRow("integer") << QByteArray("3") << "3";
    QTest::newRow("fraction") << QByteArray("2.5") << "2.5";
    QTest::newRow("large integer") << QByteArray("1234567890123") << "1234567890123";
    QTest::newRow("bool") << QByteArray("true") << "true";
    QTest::newRow("null") << QByteArray("null") << "null";
    QTest::newRow("object") << QByteArray(R"({"a": 1})") << R"({"a":1})";
    QTest::newRow("array") << QByteArray("[1, \"x\"]") << R"([1,"x"])";
    // clang-format on
}

void TestMessageMapper::textKind()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, text);

    ChannelStore store;
    Mapper mapper(QStringLiteral("f"),
                  mapping(R"({"channels":[{"path":"v","channel":"msg","type":"text"}]})"), &store);
    const MapResult r = mapper.map(QByteArray("{\"v\":" + value + "}"), Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.texts, 1);
    QCOMPARE(r.numbers, 0);
    const ChannelPtr c = store.find(QStringLiteral("f/msg"));
    QVERIFY(c);
    QVERIFY(!c->hasNumbers());
    const auto last = c->lastText();
    QVERIFY(last.has_value());
    QCOMPARE(last->text, text);
    QCOMPARE(last->t, Received);
}

void TestMessageMapper::channelNames_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("default name is the path")
        << QByteArray(R"({"channels":[{"path":"data.v"}]})") << QByteArray(R"({"data":{"v":1}})")
        << QStringList{"f/data.v@1000=1"};
    QTest::newRow("static name with slashes")
        << QByteArray(R"({"channels":[{"path":"s","channel":"home/score"}]})")
        << QByteArray(R"({"s":1})") << QStringList{"f/home/score@1000=1"};
    QTest::newRow("placeholder from root")
        << QByteArray(R"({"channels":[{"path":"home","channel":"score/{match}/home"}]})")
        << QByteArray(R"({"match":"m1","home":2})") << QStringList{"f/score/m1/home@1000=2"};
    QTest::newRow("placeholders from element and root")
        << QByteArray(R"({"channels":[{"path":"games[*].s","channel":"{league}/{id}"}]})")
        << QByteArray(R"({"league":"L","games":[{"id":"g1","s":1},{"id":"g2","s":2}]})")
        << QStringList{"f/L/g1@1000=1", "f/L/g2@1000=2"};
    QTest::newRow("element wins over root")
        << QByteArray(R"({"channels":[{"path":"games[*].s","channel":"g/{id}"}]})")
        << QByteArray(R"({"id":"root","games":[{"id":"a","s":1},{"id":"b","s":2}]})")
        << QStringList{"f/g/a@1000=1", "f/g/b@1000=2"};
    QTest::newRow("object fan-out")
        << QByteArray(R"({"channels":[{"path":"cpu[*].load","channel":"cpu/{name}"}]})")
        << QByteArray(R"({"cpu":{"x":{"name":"c0","load":5},"y":{"name":"c1","load":6}}})")
        << QStringList{"f/cpu/c0@1000=5", "f/cpu/c1@1000=6"};
    QTest::newRow("numeric and bool placeholders")
        << QByteArray(R"({"channels":[{"path":"v","channel":"n{id}/{r}/{ok}"}]})")
        << QByteArray(R"({"id":7,"r":2.5,"ok":false,"v":1})")
        << QStringList{"f/n7/2.5/false@1000=1"};
    QTest::newRow("slash in value is sanitized")
        << QByteArray(R"({"channels":[{"path":"v","channel":"x/{name}"}]})")
        << QByteArray(R"({"name":"a/b/c","v":1})") << QStringList{"f/x/a_b_c@1000=1"};
    QTest::newRow("nested placeholder path")
        << QByteArray(R"({"channels":[{"path":"v","channel":"{meta.src}/v"}]})")
        << QByteArray(R"({"meta":{"src":"s1"},"v":1})") << QStringList{"f/s1/v@1000=1"};
    QTest::newRow("quoted placeholder key")
        << QByteArray(R"({"channels":[{"path":"v","channel":"k/{[\"a.b\"]}"}]})")
        << QByteArray(R"({"a.b":"dots","v":1})") << QStringList{"f/k/dots@1000=1"};
    QTest::newRow("adjacent placeholders")
        << QByteArray(R"({"channels":[{"path":"v","channel":"{a}{b}"}]})")
        << QByteArray(R"({"a":"x","b":"y","v":1})") << QStringList{"f/xy@1000=1"};
    QTest::newRow("text through a template")
        << QByteArray(R"({"channels":[{"path":"ev[*].msg","channel":"log/{kind}","type":"text"}]})")
        << QByteArray(R"({"ev":[{"kind":"goal","msg":"1-0"},{"kind":"card","msg":"yellow"}]})")
        << QStringList{"f/log/card@1000:yellow", "f/log/goal@1000:1-0"};
    // clang-format on
}

void TestMessageMapper::channelNames()
{
    QFETCH(QByteArray, fields);
    QFETCH(QByteArray, payload);
    QFETCH(QStringList, expected);

    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(fields), &store);
    const MapResult r = mapper.map(payload, Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers + r.texts, expected.size());
    QCOMPARE(dump(store), expected);
}

void TestMessageMapper::missingPlaceholderRejects_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("absent") << QByteArray(R"({"v":1,"w":2})");
    QTest::newRow("object") << QByteArray(R"({"name":{"a":1},"v":1,"w":2})");
    QTest::newRow("array") << QByteArray(R"({"name":["a"],"v":1,"w":2})");
    // clang-format on
}

void TestMessageMapper::missingPlaceholderRejects()
{
    QFETCH(QByteArray, payload);

    ChannelStore store;
    Mapper mapper(QStringLiteral("f"),
                  mapping(R"({"channels":[{"path":"v","channel":"x/{name}"},{"path":"w"}]})"),
                  &store);
    const MapResult r = mapper.map(payload, Received);
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, QStringLiteral("channel placeholder {name} not found in the message"));
    QCOMPARE(r.numbers, 1);
    QCOMPARE(dump(store), QStringList{"f/w@1000=2"});
}

void TestMessageMapper::emptyPlaceholderValueGivesAReason()
{
    // A placeholder that resolves to "" must not produce a silent, reasonless rejection.
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"channels":[{"path":"v","channel":"{name}"}]})"),
                  &store);
    const MapResult r = mapper.map(R"({"name":"","v":1})", Received);
    QVERIFY2(r.rejected || r.numbers == 1, "the value was neither recorded nor rejected");
    if (r.rejected)
        QVERIFY2(!r.problem.isEmpty(), "rejected without a reason");
}

void TestMessageMapper::topLevelArrayFansOut()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"sequence":"seq","channels":[{"path":"v"}]})"),
                  &store);
    const MapResult r =
        mapper.map(R"([{"v":1,"seq":10},{"v":2,"seq":11},{"v":3,"seq":12}])", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 3);
    QCOMPARE(dump(store), (QStringList{"f/v@1000=1", "f/v@1000=2", "f/v@1000=3"}));
    QCOMPARE(r.sequence.value_or(-1), 12); // the last element's
}

void TestMessageMapper::topLevelArrayPerElementTimestamps()
{
    ChannelStore store;
    Mapper mapper(
        QStringLiteral("f"),
        mapping(R"({"timestamp":"t","timestampFormat":"epoch_ms","channels":[{"path":"v"}]})"),
        &store);
    const MapResult r = mapper.map(R"([{"t":5000,"v":1},{"t":6000,"v":2}])", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(dump(store), (QStringList{"f/v@5000=1", "f/v@6000=2"}));
}

void TestMessageMapper::topLevelArrayAddressedByPath()
{
    ChannelStore store;
    Mapper mapper(
        QStringLiteral("f"),
        mapping(
            R"({"channels":[{"path":"[-1]","channel":"last"},{"path":"[*]","channel":"all"}]})"),
        &store);
    const MapResult r = mapper.map("[5,6,7]", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 4);
    QCOMPARE(dump(store),
             (QStringList{"f/all@1000=5", "f/all@1000=6", "f/all@1000=7", "f/last@1000=7"}));
}

void TestMessageMapper::wildcardFanOutUsesElementTimestamps()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"),
                  mapping(R"({"timestamp":"t","timestampFormat":"epoch_ms","channels":[
                                     {"path":"items[*].v","channel":"v"},
                                     {"path":"total"}]})"),
                  &store);
    const MapResult r = mapper.map(
        R"({"t":500,"total":9,"items":[{"t":1000,"v":1},{"t":2000,"v":2},{"v":3},
                                         {"t":"bad","v":4}]})",
        Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 5);
    // Elements with their own time use it; the others, and non-fan-out fields, the message's.
    QCOMPARE(dump(store),
             (QStringList{"f/total@500=9", "f/v@1000=1", "f/v@2000=2", "f/v@500=3", "f/v@500=4"}));
}

void TestMessageMapper::elementOnlyTimestampIsNotARejection()
{
    // The timestamp lives only next to the fanned-out values: the samples carry it, and the
    // message is not counted as rejected for lacking a top-level timestamp.
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"timestamp":"t","timestampFormat":"epoch_ms",
                                     "channels":[{"path":"items[*].v","channel":"v"}]})"),
                  &store);
    const MapResult r = mapper.map(R"({"items":[{"t":1000,"v":1},{"t":2000,"v":2}]})", Received);
    QCOMPARE(r.numbers, 2);
    QCOMPARE(dump(store), (QStringList{"f/v@1000=1", "f/v@2000=2"}));
    QVERIFY2(!r.rejected, qPrintable(QStringLiteral("rejected: ") + r.problem));
}

void TestMessageMapper::badTimestampIsNotFatal()
{
    // MapResult::problem documents a bad timestamp as a non-fatal problem: the sample is kept
    // at the receive time and the message is not counted as rejected.
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"timestamp":"t","channels":[{"path":"v"}]})"),
                  &store);
    const MapResult r = mapper.map(R"({"t":"garbage","v":1})", Received);
    QCOMPARE(r.numbers, 1);
    QCOMPARE(dump(store), QStringList{"f/v@1000=1"});
    QCOMPARE(r.problem, QStringLiteral("t: timestamp \"garbage\" is not ISO 8601"));
    QVERIFY2(!r.rejected, "a bad timestamp rejected the whole message");
}

void TestMessageMapper::timestampField_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<qint64>("t");

    QTest::newRow("auto seconds")
        << QByteArray(R"({"timestamp":"ts","channels":[{"path":"v"}]})")
        << QByteArray(R"({"ts":1700000000,"v":1})") << Q_INT64_C(1700000000000);
    QTest::newRow("nested iso")
        << QByteArray(R"({"timestamp":"meta.at","timestampFormat":"iso8601",
                          "channels":[{"path":"v"}]})")
        << QByteArray(R"({"meta":{"at":"2024-03-01T12:00:00.123Z"},"v":1})")
        << Q_INT64_C(1709294400123);
    QTest::newRow("explicit micros")
        << QByteArray(R"({"timestamp":"ts","timestampFormat":"epoch_us",)"
                      R"("channels":[{"path":"v"}]})")
        << QByteArray(R"({"ts":"1700000000123456","v":1})") << Q_INT64_C(1700000000123);
    QTest::newRow("no timestamp field: receive time")
        << QByteArray(R"({"channels":[{"path":"v"}]})") << QByteArray(R"({"ts":5,"v":1})")
        << Received;
    // clang-format on
}

void TestMessageMapper::timestampField()
{
    QFETCH(QByteArray, fields);
    QFETCH(QByteArray, payload);
    QFETCH(qint64, t);

    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(fields), &store);
    const MapResult r = mapper.map(payload, Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QVERIFY(r.problem.isEmpty());
    QCOMPARE(store.find(QStringLiteral("f/v"))->lastNumber()->t, t);
}

void TestMessageMapper::missingRequiredField()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"),
                  mapping(R"({"channels":[{"path":"a"},{"path":"b.c"},{"path":"d"}]})"), &store);
    const MapResult r = mapper.map(R"({"a":1,"b":{},"d":4})", Received);
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, QStringLiteral("field b.c is missing"));
    QCOMPARE(r.numbers, 2);
    QCOMPARE(dump(store), (QStringList{"f/a@1000=1", "f/d@1000=4"}));
    QVERIFY(!store.find(QStringLiteral("f/b.c")));
}

void TestMessageMapper::firstProblemIsReported()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"),
                  mapping(R"({"channels":[{"path":"a"},{"path":"b"},{"path":"c"}]})"), &store);
    const MapResult r = mapper.map(R"({"b":"x","c":3})", Received);
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, QStringLiteral("field a is missing"));
    QCOMPARE(r.numbers, 1);
}

void TestMessageMapper::optionalField()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"),
                  mapping(R"({"channels":[{"path":"a"},{"path":"b","optional":true},
                                {"path":"s","type":"text","optional":true}]})"),
                  &store);

    MapResult r = mapper.map(R"({"a":1})", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QVERIFY(r.problem.isEmpty());
    QCOMPARE(r.numbers, 1);

    r = mapper.map(R"({"a":2,"b":null})", Received + 1);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 1);
    QVERIFY(!store.find(QStringLiteral("f/b"))); // null optional number: nothing recorded

    r = mapper.map(R"({"a":3,"b":5,"s":"hi"})", Received + 2);
    QVERIFY(!r.rejected);
    QCOMPARE(r.numbers, 2);
    QCOMPARE(r.texts, 1);

    // Optional means "may be absent", not "may be garbage".
    r = mapper.map(R"({"a":4,"b":"abc"})", Received + 3);
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, QStringLiteral("field b is a string, expected a number"));

    QCOMPARE(dump(store), (QStringList{"f/a@1000=1", "f/a@1001=2", "f/a@1002=3", "f/a@1003=4",
                                       "f/b@1002=5", "f/s@1002:hi"}));
}

void TestMessageMapper::nullRequiredField()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"channels":[{"path":"b"}]})"), &store);
    const MapResult r = mapper.map(R"({"b":null})", Received);
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, QStringLiteral("field b is null, expected a number"));
    QCOMPARE(r.numbers, 0);
    QVERIFY(store.names().isEmpty());
}

void TestMessageMapper::invalidJson_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("offset");

    QTest::newRow("unterminated object") << QByteArray(R"({"a":)") << 5;
    QTest::newRow("empty") << QByteArray() << 0;
    QTest::newRow("unterminated array") << QByteArray("[1,2") << 4;
    QTest::newRow("bare scalar") << QByteArray("5") << 1;
    QTest::newRow("bad token") << QByteArray("{\"a\": 1,\n \"b\": x}") << 15;
    // clang-format on
}

void TestMessageMapper::invalidJson()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, offset);

    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), FieldMapping(), &store); // auto mode
    const MapResult r = mapper.map(payload, Received);
    QVERIFY(r.rejected);
    const QString prefix = QStringLiteral("invalid JSON at byte %1: ").arg(offset);
    QVERIFY2(r.problem.startsWith(prefix), qPrintable(r.problem));
    QVERIFY(r.problem.size() > prefix.size()); // and why
    QCOMPARE(r.numbers, 0);
    QVERIFY(store.names().isEmpty());
}

void TestMessageMapper::nestingLimit()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), FieldMapping(), &store, nullptr, 4);
    MapResult r = mapper.map(R"({"a":{"b":{"c":{"d":1}}}})", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 1);

    r = mapper.map(R"({"a":{"b":{"c":{"d":[1]}}}})", Received);
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, QStringLiteral("JSON nested deeper than 4 levels"));
    QCOMPARE(r.numbers, 0);

    // Brackets inside strings are text, not nesting.
    r = mapper.map(R"({"s":"[[[[[[{{{{{{","v":2})", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 1);
}

void TestMessageMapper::hostileNestingIsRefusedBeforeParsing()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), FieldMapping(), &store); // default limit: 64
    const QByteArray deep = QByteArray(2000, '[') + QByteArray(2000, ']');
    MapResult r = mapper.map(deep, Received);
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, QStringLiteral("JSON nested deeper than 64 levels"));

    r = mapper.map(QByteArray(100000, '{'), Received); // never closed
    QVERIFY(r.rejected);
    QCOMPARE(r.problem, QStringLiteral("JSON nested deeper than 64 levels"));

    const QByteArray ok = QByteArray(64, '[') + QByteArray(64, ']');
    r = mapper.map(ok, Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
}

void TestMessageMapper::jsonNestingDepth_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("depth");

    QTest::newRow("empty") << QByteArray() << 0;
    QTest::newRow("scalar") << QByteArray("5") << 0;
    QTest::newRow("object") << QByteArray("{}") << 1;
    QTest::newRow("siblings") << QByteArray("[[],[],{}]") << 2;
    QTest::newRow("mixed") << QByteArray(R"({"a":[{"b":1}]})") << 3;
    QTest::newRow("brackets in string") << QByteArray(R"({"a":"[[[{{{"})") << 1;
    QTest::newRow("escaped quote in string") << QByteArray(R"({"a":"\"[[[","b":[1]})") << 2;
    QTest::newRow("escaped backslash ends string") << QByteArray(R"({"a":"x\\","b":[[1]]})") << 3;
    QTest::newRow("sequential") << QByteArray("[1][2][3]") << 1;
    // clang-format on
}

void TestMessageMapper::jsonNestingDepth()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, depth);
    QCOMPARE(livedash::jsonNestingDepth(payload), depth);
}

void TestMessageMapper::autoMode()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), FieldMapping(), &store);
    const MapResult r = mapper.map(
        R"({"a":1,"b":{"c":2,"d":{"e":3}},"s":"str","t":true,"n":null,"arr":[4,5],"o":{}})",
        Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 3);
    QCOMPARE(r.texts, 0);
    QCOMPARE(dump(store), (QStringList{"f/a@1000=1", "f/b.c@1000=2", "f/b.d.e@1000=3"}));
}

void TestMessageMapper::autoModeDepthLimit()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), FieldMapping(), &store);
    const MapResult r = mapper.map(R"({"l1":{"l2":{"l3":{"l4":1,"l5":{"x":2}}}}})", Received);
    QVERIFY(!r.rejected);
    QCOMPARE(store.names(), QStringList{"f/l1.l2.l3.l4"}); // four levels, not five
}

void TestMessageMapper::autoModeTopLevelArrayAndPrefix()
{
    ChannelStore store;
    FieldMapping m;
    m.timestamp = QStringLiteral("ts");
    Mapper mapper(QStringLiteral("f"), m, &store);
    const MapResult r = mapper.map(R"([{"ts":1700000000,"a":1},{"ts":1700000001,"a":2}])", Received,
                                   QStringLiteral("evt"));
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(store.names(), (QStringList{"f/evt/a", "f/evt/ts"}));
    QStringList a;
    store.find(QStringLiteral("f/evt/a"))
        ->forEachNumber(0, std::numeric_limits<qint64>::max(), [&](const Sample &s) {
            a.append(QStringLiteral("%1=%2").arg(s.t).arg(s.v));
        });
    QCOMPARE(a, (QStringList{"1700000000000=1", "1700000001000=2"}));
}

void TestMessageMapper::autoModeScalarArray()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), FieldMapping(), &store);
    const MapResult r = mapper.map("[1,2,3]", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(dump(store), (QStringList{"f/value@1000=1", "f/value@1000=2", "f/value@1000=3"}));
}

void TestMessageMapper::autoModeScalarArrayWithPrefix()
{
    // Without a prefix a bare number is "f/value"; with one it belongs below the prefix,
    // not in a channel whose name ends with '/'.
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), FieldMapping(), &store);
    const MapResult r = mapper.map("[1.5]", Received, QStringLiteral("price"));
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(store.names(), QStringList{"f/price/value"});
}

void TestMessageMapper::prefix()
{
    ChannelStore store;
    CollectingSink sink;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"channels":[{"path":"price"},
                                                 {"path":"v","channel":"x/{name}"}]})"),
                  &store, &sink);
    MapResult r =
        mapper.map(R"({"price":1,"name":"a/b","v":2})", Received, QStringLiteral("update"));
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    r = mapper.map(R"({"price":3,"name":"c","v":4})", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(dump(store), (QStringList{"f/price@1000=3", "f/update/price@1000=1",
                                       "f/update/x/a_b@1000=2", "f/x/c@1000=4"}));
    QCOMPARE(sink.seen, (QStringList{"f|update/price@1000=1", "f|update/x/a_b@1000=2",
                                     "f|price@1000=3", "f|x/c@1000=4"}));
}

void TestMessageMapper::topicLevelsInChannelNames_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<QChar>("separator");
    QTest::addColumn<QString>("expected");

    const QChar mqtt = QLatin1Char('/');
    const QChar nats = QLatin1Char('.');
    QTest::newRow("whole") << "{$topic}"
                           << "sensors/k1/temp" << mqtt << "f/sensors/k1/temp";
    QTest::newRow("level") << "t/{$topic[1]}"
                           << "sensors/k1/temp" << mqtt << "f/t/k1";
    QTest::newRow("last") << "{$topic[-1]}"
                          << "sensors/k1/temp" << mqtt << "f/temp";
    QTest::newRow("from level") << "{$topic[1..]}"
                                << "gw/demo/scores/home" << mqtt << "f/demo/scores/home";
    QTest::newRow("nats tokens") << "{$subject[1]}/{$subject[2]}"
                                 << "sensors.k1.temp" << nats << "f/k1/temp";
    QTest::newRow("nats escapes decoded")
        << "{$subject[1..]}"
        << "gw.demo.cpu%2Euser%20time" << nats << "f/demo/cpu.user time";
    QTest::newRow("mqtt keeps %") << "{$topic[1]}"
                                  << "a/50%2E" << mqtt << "f/50%2E";
    QTest::newRow("with a field") << "{$topic[0]}/{name}"
                                  << "room/x" << mqtt << "f/room/n1";
    // `$` is also a path's root: such placeholders stay field paths.
    QTest::newRow("root path") << "{$topic[1]}/{$.name}"
                               << "room/x" << mqtt << "f/x/n1";
    QTest::newRow("root quoted key") << "{$[\"name\"]}"
                                     << "room/x" << mqtt << "f/n1";
}

void TestMessageMapper::topicLevelsInChannelNames()
{
    QFETCH(QString, channel);
    QFETCH(QString, topic);
    QFETCH(QChar, separator);
    QFETCH(QString, expected);
    ChannelStore store;
    FieldMapping m;
    m.channels.append({QStringLiteral("v"), channel, ValueKind::Number, {}, false});
    QVERIFY2(m.validate().isEmpty(), qPrintable(m.validate().join(QLatin1Char('\n'))));
    Mapper mapper(QStringLiteral("f"), m, &store);
    const MessageTopic t{topic, separator};
    const MapResult r = mapper.map(R"({"v":1,"name":"n1"})", Received, QString(), &t);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(store.names(), QStringList{expected});

    // The settings dialog's preview names the channel as the live run does.
    QString error;
    const QList<ExtractedValue> preview =
        mapper.preview(R"({"v":2,"name":"n1"})", &error, QString(), &t);
    QCOMPARE(preview.size(), 1);
    QCOMPARE(preview.first().channel, expected);
}

void TestMessageMapper::topicProblems_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<bool>("withTopic");
    QTest::addColumn<QString>("problem");

    QTest::newRow("no topic") << "{$topic}" << false << "needs a message topic";
    QTest::newRow("past the end") << "{$topic[3]}" << true << "the topic \"a/b\" has 2 levels";
    QTest::newRow("before the start") << "{$topic[-3]}" << true << "has 2 levels";
}

void TestMessageMapper::topicProblems()
{
    QFETCH(QString, channel);
    QFETCH(bool, withTopic);
    QFETCH(QString, problem);
    ChannelStore store;
    FieldMapping m;
    m.channels.append({QStringLiteral("v"), channel, ValueKind::Number, {}, false});
    Mapper mapper(QStringLiteral("f"), m, &store);
    const MessageTopic t{u"a/b", QLatin1Char('/')};
    const MapResult r = mapper.map(R"({"v":1})", Received, QString(), withTopic ? &t : nullptr);
    QVERIFY(r.rejected);
    QVERIFY2(r.problem.contains(problem), qPrintable(r.problem));
    QVERIFY(store.names().isEmpty());
}

void TestMessageMapper::topicNamesAutoMappedChannels()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), FieldMapping(), &store);
    const MessageTopic mqtt{u"sensors/k1", QLatin1Char('/')};
    const MessageTopic nats{u"plant.line2", QLatin1Char('.')};
    QVERIFY(!mapper.map(R"({"temp":21.5,"hum":{"rel":40}})", Received, QString(), &mqtt).rejected);
    QVERIFY(!mapper.map(R"({"value":7})", Received, QString(), &nats).rejected);
    QCOMPARE(dump(store), (QStringList{"f/plant/line2/value@1000=7", "f/sensors/k1/hum.rel@1000=40",
                                       "f/sensors/k1/temp@1000=21.5"}));
}

void TestMessageMapper::topicPlaceholderSyntaxIsValidated_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("problem");

    QTest::newRow("not a number") << "{$topic[x]}"
                                  << "\"x\" is not a whole number";
    QTest::newRow("unclosed") << "{$topic[1}"
                              << "expected [N] or [N..]";
}

void TestMessageMapper::topicPlaceholderSyntaxIsValidated()
{
    QFETCH(QString, channel);
    QFETCH(QString, problem);
    FieldMapping m;
    m.channels.append({QStringLiteral("v"), channel, ValueKind::Number, {}, false});
    const QStringList problems = m.validate();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(QLatin1String("channels[0].channel: ")) &&
                 problems.first().contains(problem),
             qPrintable(problems.first()));
}

void TestMessageMapper::sequence_data()
{
    // clang-format off
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<qint64>("expected"); // -1: none

    QTest::newRow("number") << "seq" << QByteArray(R"({"seq":42})") << Q_INT64_C(42);
    QTest::newRow("large number") << "seq" << QByteArray(R"({"seq":9007199254740991})")
                                  << Q_INT64_C(9007199254740991);
    QTest::newRow("fraction truncates") << "seq" << QByteArray(R"({"seq":42.9})")
                                        << Q_INT64_C(42);
    QTest::newRow("string") << "seq" << QByteArray(R"({"seq":"43"})") << Q_INT64_C(43);
    QTest::newRow("nested") << "meta.seq" << QByteArray(R"({"meta":{"seq":7}})") << Q_INT64_C(7);
    QTest::newRow("missing") << "seq" << QByteArray(R"({"v":1})") << Q_INT64_C(-1);
    QTest::newRow("empty string") << "seq" << QByteArray(R"({"seq":""})") << Q_INT64_C(-1);
    QTest::newRow("bool") << "seq" << QByteArray(R"({"seq":true})") << Q_INT64_C(-1);
    // clang-format on
}

void TestMessageMapper::sequence()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, payload);
    QFETCH(qint64, expected);

    ChannelStore store;
    FieldMapping m;
    m.sequence = path;
    Mapper mapper(QStringLiteral("f"), m, &store);
    const MapResult r = mapper.map(payload, Received);
    QVERIFY(!r.rejected); // a missing sequence is for gap detection, not a rejection
    QCOMPARE(r.sequence.value_or(-1), expected);
}

void TestMessageMapper::sequenceWithinFanOut_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<qint64>("first"); // -1: none
    QTest::addColumn<qint64>("last");  // -1: none
    QTest::addColumn<quint64>("gaps");

    QTest::newRow("single message") << QByteArray(R"({"seq":5})")
                                    << Q_INT64_C(5) << Q_INT64_C(5) << Q_UINT64_C(0);
    QTest::newRow("consecutive") << QByteArray(R"([{"seq":10},{"seq":11},{"seq":12}])")
                                 << Q_INT64_C(10) << Q_INT64_C(12) << Q_UINT64_C(0);
    QTest::newRow("two missing") << QByteArray(R"([{"seq":10},{"seq":13},{"seq":14}])")
                                 << Q_INT64_C(10) << Q_INT64_C(14) << Q_UINT64_C(2);
    QTest::newRow("gaps add up") << QByteArray(R"([{"seq":1},{"seq":3},{"seq":6}])")
                                 << Q_INT64_C(1) << Q_INT64_C(6) << Q_UINT64_C(3);
    QTest::newRow("backwards counts once") << QByteArray(R"([{"seq":10},{"seq":9}])")
                                           << Q_INT64_C(10) << Q_INT64_C(9) << Q_UINT64_C(1);
    QTest::newRow("element without one") << QByteArray(R"([{"seq":10},{"v":1},{"seq":11}])")
                                         << Q_INT64_C(10) << Q_INT64_C(11) << Q_UINT64_C(0);
    QTest::newRow("strings") << QByteArray(R"([{"seq":"5"},{"seq":"6"},{"seq":"8"}])")
                             << Q_INT64_C(5) << Q_INT64_C(8) << Q_UINT64_C(1);
    QTest::newRow("none") << QByteArray(R"([{"v":1},{"v":2}])")
                          << Q_INT64_C(-1) << Q_INT64_C(-1) << Q_UINT64_C(0);
    // clang-format on
}

void TestMessageMapper::sequenceWithinFanOut()
{
    QFETCH(QByteArray, payload);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(quint64, gaps);

    ChannelStore store;
    FieldMapping m;
    m.sequence = QStringLiteral("seq");
    Mapper mapper(QStringLiteral("f"), m, &store);
    const MapResult r = mapper.map(payload, Received);
    QVERIFY(!r.rejected);
    QCOMPARE(r.firstSequence.value_or(-1), first);
    QCOMPARE(r.sequence.value_or(-1), last);
    QCOMPARE(r.sequenceGaps, gaps);
}

void TestMessageMapper::sequenceArithmeticAtInt64Limits()
{
    // Hostile sequence numbers at the ends of qint64: the gap arithmetic must not overflow
    // (signed overflow is undefined; UBSan reports it in the current code).
    ChannelStore store;
    FieldMapping m;
    m.sequence = QStringLiteral("seq");
    Mapper mapper(QStringLiteral("f"), m, &store);

    MapResult r = mapper.map(R"([{"seq":"9223372036854775807"},{"seq":"1"}])", Received);
    QCOMPARE(r.firstSequence.value_or(0), std::numeric_limits<qint64>::max());
    QCOMPARE(r.sequence.value_or(0), Q_INT64_C(1));
    QCOMPARE(r.sequenceGaps, Q_UINT64_C(1)); // backwards: one gap

    r = mapper.map(R"([{"seq":"-9223372036854775807"},{"seq":"9223372036854775807"}])", Received);
    QCOMPARE(r.sequenceGaps, Q_UINT64_C(18446744073709551613)); // 2 * (2^63 - 1) - 1
}

void TestMessageMapper::outOfRangeSequenceIsIgnored_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("payload");

    // Hostile input: converting these doubles to qint64 is undefined behaviour.
    QTest::newRow("huge") << QByteArray(R"({"seq":1e300})");
    QTest::newRow("huge negative") << QByteArray(R"({"seq":-1e300})");
    QTest::newRow("just past int64") << QByteArray(R"({"seq":9.3e18})");
    // clang-format on
}

void TestMessageMapper::outOfRangeSequenceIsIgnored()
{
    QFETCH(QByteArray, payload);

    ChannelStore store;
    FieldMapping m;
    m.sequence = QStringLiteral("seq");
    m.channels.append({QStringLiteral("seq"), QString(), ValueKind::Number, {}, false});
    Mapper mapper(QStringLiteral("f"), m, &store);
    const MapResult r = mapper.map(payload, Received);
    QVERIFY(!r.rejected);
    QVERIFY2(!r.sequence.has_value(),
             qPrintable(QStringLiteral("sequence %1").arg(r.sequence.value_or(0))));
}

void TestMessageMapper::sinkSeesEverySample()
{
    ChannelStore store;
    CollectingSink sink;
    Mapper mapper(QStringLiteral("feed"),
                  mapping(R"({"timestamp":"t","timestampFormat":"epoch_ms","channels":[
                                     {"path":"v"},{"path":"s","type":"text"}]})"),
                  &store, &sink);
    const MapResult r = mapper.map(R"({"t":7,"v":1.25,"s":"x"})", Received);
    QVERIFY(!r.rejected);
    QCOMPARE(sink.seen, (QStringList{"feed|v@7=1.25", "feed|s@7:x"}));
    QCOMPARE(sink.seen.size(), r.numbers + r.texts);

    mapper.map(R"({"t":8,"v":"bad","s":"y"})", Received); // rejected value: not sent
    QCOMPARE(sink.seen.size(), 3);
    QCOMPARE(sink.seen.last(), QStringLiteral("feed|s@8:y"));
}

void TestMessageMapper::channelsAreReused()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"channels":[{"path":"v"}]})"), &store);
    mapper.map(R"({"v":1})", Received);
    const quint64 layout = store.layoutVersion();
    const ChannelPtr c = store.find(QStringLiteral("f/v"));
    QVERIFY(c);
    for (int i = 0; i < 10; ++i)
        mapper.map(R"({"v":2})", Received + i);
    QCOMPARE(store.layoutVersion(), layout);
    QCOMPARE(c->totalNumbers(), quint64(11));
    QCOMPARE(store.names().size(), 1);
}

void TestMessageMapper::channelLimitRejectsNewNames()
{
    // A placeholder fed with ever new values: the feed's limit of channels holds, the values
    // for further names are rejected with a reason naming the first that did not fit, and the
    // channels made keep receiving.
    ChannelStore store;
    store.setChannelLimits({{QStringLiteral("f"), 2}});
    CollectingSink sink;
    Mapper mapper(QStringLiteral("f"),
                  mapping(R"({"channels":[{"path":"hosts[*].ms","channel":"ms/{id}"}]})"), &store,
                  &sink);
    MapResult r = mapper.map(R"({"hosts":[{"id":"a","ms":1},{"id":"b","ms":2},{"id":"c","ms":3},
                                          {"id":"d","ms":4}]})",
                             Received);
    QVERIFY(r.rejected);
    QCOMPARE(r.numbers, 2);
    QCOMPARE(r.problem, QStringLiteral(R"(feed "f" is at its limit of 2 channels (maxChannels): )"
                                       R"("f/ms/c" not created)"));
    QCOMPARE(store.names(), (QStringList{"f/ms/a", "f/ms/b"}));
    QCOMPARE(sink.seen, (QStringList{"f|ms/a@1000=1", "f|ms/b@1000=2"})); // not what was refused

    r = mapper.map(R"({"hosts":[{"id":"b","ms":5},{"id":"a","ms":6}]})", Received + 1);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(r.numbers, 2);
    QCOMPARE(dump(store),
             (QStringList{"f/ms/a@1000=1", "f/ms/a@1001=6", "f/ms/b@1000=2", "f/ms/b@1001=5"}));
}

void TestMessageMapper::invalidChannelsAreSkipped()
{
    // validate() reports bad mappings before a feed starts; the mapper just skips them.
    FieldMapping m;
    m.channels.append({QStringLiteral("a..b"), QString(), ValueKind::Number, {}, false});
    m.channels.append({QStringLiteral("c"), QStringLiteral("{x"), ValueKind::Number, {}, false});
    m.channels.append({QStringLiteral("d"), QString(), ValueKind::Number, {}, false});
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), m, &store);
    const MapResult r = mapper.map(R"({"c":1,"d":2})", Received);
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(dump(store), QStringList{"f/d@1000=2"});
}

void TestMessageMapper::previewDoesNotRecord()
{
    ChannelStore store;
    CollectingSink sink;
    Mapper mapper(QStringLiteral("f"),
                  mapping(R"({"channels":[{"path":"items[*].p","channel":"p/{id}"},
                                                 {"path":"status","type":"text"}]})"),
                  &store, &sink);
    QString error = QStringLiteral("untouched");
    const QList<ExtractedValue> values = mapper.preview(
        R"({"status":"open","items":[{"id":"a","p":1.5},{"id":"b","p":1234567.891}]})", &error);
    QVERIFY(error.isEmpty());
    QStringList got;
    for (const ExtractedValue &v : values) {
        QVERIFY(v.problem.isEmpty());
        got.append(v.channel + QLatin1Char('=') + v.value);
    }
    QCOMPARE(got, (QStringList{"f/p/a=1.5", "f/p/b=1234567.891", "f/status=open"}));
    QVERIFY(store.names().isEmpty());
    QCOMPARE(store.layoutVersion(), quint64(0));
    QVERIFY(sink.seen.isEmpty());
}

void TestMessageMapper::previewReportsProblems()
{
    ChannelStore store;
    Mapper mapper(QStringLiteral("f"), mapping(R"({"channels":[{"path":"a"},{"path":"b"}]})"),
                  &store);
    QString error;
    QList<ExtractedValue> values = mapper.preview(R"({"a":1})", &error);
    QCOMPARE(error, QStringLiteral("field b is missing"));
    QCOMPARE(values.size(), 1);
    QCOMPARE(values.first().channel, QStringLiteral("f/a"));
    QCOMPARE(values.first().value, QStringLiteral("1"));

    values = mapper.preview(R"({"a":)", &error);
    QVERIFY(values.isEmpty());
    QVERIFY2(error.startsWith(QStringLiteral("invalid JSON at byte 5: ")), qPrintable(error));

    values = mapper.preview(R"({"a":2,"b":3})", nullptr); // no error pointer: no crash
    QCOMPARE(values.size(), 2);
    QVERIFY(store.names().isEmpty());
}

void TestMessageMapper::fastPathTakesTheCommonShapes_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QStringList>("expected"); // what the sink is given, in order
    QTest::newRow("benchmark message")
        << QByteArray(R"({"timestamp":"ts","timestampFormat":"epoch_ms","sequence":"seq",
                         "channels":[{"path":"v"}]})")
        << QByteArray(R"({"seq":7,"mono":123456789,"ts":1700000000123.500,"v":12.5,"pad":"xx"})")
        << QStringList{QStringLiteral("f|v@1700000000124=12.5")};
    QTest::newRow("templated names, string and bool values")
        << QByteArray(R"({"channels":[{"path":"items[*].v","channel":"{id}/{$.site}"}]})")
        << QByteArray(R"({"site":"a/b","items":[{"id":2.5e-7,"v":" 3.5"},{"id":"x","v":true}]})")
        << QStringList{QStringLiteral("f|2.5e-07/a_b@1000=3.5"), QStringLiteral("f|x/a_b@1000=1")};
    // As QJsonObject iterates: sorted by key, a repeated key's last value only.
    QTest::newRow("wildcard over an object")
        << QByteArray(R"({"channels":[{"path":"m[*]","channel":"m"},{"path":"d"}]})")
        << QByteArray(R"({"m":{"b":1,"a":2,"b":3},"d":4,"d":5})")
        << QStringList{QStringLiteral("f|m@1000=2"), QStringLiteral("f|m@1000=3"),
                       QStringLiteral("f|d@1000=5")};
    QTest::newRow("automatic mapping, keys sorted, a repeated key's last value")
        << QByteArray(R"({"timestamp":"t","timestampFormat":"epoch_s"})")
        << QByteArray(R"({"t":2,"b":{"y":1,"x":2,"":{"z":7}},"a":3,"a":4,"s":"5","é":1e2})")
        << QStringList{QStringLiteral("f|a@2000=4"),   QStringLiteral("f|b..z@2000=7"),
                       QStringLiteral("f|b.x@2000=2"), QStringLiteral("f|b.y@2000=1"),
                       QStringLiteral("f|t@2000=2"),   QStringLiteral("f|é@2000=100")};
    QTest::newRow("zero fractions") // none of them underflowed: no negative exponent
        << QByteArray(R"({"channels":[{"path":"v"},{"path":"w","type":"text"}]})")
        << QByteArray(R"({"v":0.0,"w":-0.0,"x":1e5})")
        << QStringList{QStringLiteral("f|v@1000=0"), QStringLiteral("f|w@1000:0")};
    QTest::newRow("text channel and negative index")
        << QByteArray(R"({"channels":[{"path":"s","type":"text"},{"path":"a[-1]"},
                                      {"path":"n","type":"text"}]})")
        << QByteArray(R"({"s":"ok ✓","a":[1,2,1e300],"n":123456789.125})")
        << QStringList{QStringLiteral("f|s@1000:ok ✓"), QStringLiteral("f|a[-1]@1000=1e+300"),
                       QStringLiteral("f|n@1000:123456789.125")};
}

void TestMessageMapper::fastPathTakesTheCommonShapes()
{
    QFETCH(QByteArray, fields);
    QFETCH(QByteArray, message);
    QFETCH(QStringList, expected);
    if (g_path != MapperPath::Fast)
        QSKIP("the fast path's own check");
    ChannelStore store;
    CollectingSink sink;
    Mapper mapper(QStringLiteral("f"), mapping(fields), &store, &sink);
    const MapResult r = mapper.map(message, Received);
    // Every shape here is the fast path's: none goes to the tree.
    QCOMPARE(mapper.fastFallbacks(), quint64(0));
    QVERIFY2(!r.rejected, qPrintable(r.problem));
    QCOMPARE(sink.seen, expected);
    QCOMPARE(r.numbers + r.texts, int(expected.size()));
}

void TestMessageMapper::fastPathHandsOverWhatQtReadsOtherwise_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("problem");
    const QByteArray v = R"({"channels":[{"path":"v"}]})";
    QTest::newRow("underflow") << v << QByteArray(R"({"v":1,"x":1e-400})")
                               << QStringLiteral("invalid JSON at byte 17: illegal number");
    QTest::newRow("underflow, fraction only")
        << v << QByteArray("{\"v\":1,\"x\":0." + QByteArray(330, '0') + "1}")
        << QStringLiteral("invalid JSON at byte 344: illegal number");
    QTest::newRow("a written zero beside a negative exponent")
        << v << QByteArray(R"({"v":0.0,"x":1e-5})") << QString();
    QTest::newRow("byte-order mark") << v << QByteArray("\xef\xbb\xbf{\"v\":1}") << QString();
    QTest::newRow("control character") << v << QByteArray("{\"v\":1,\"s\":\"\x01\"}") << QString();
    QTest::newRow("integer past 64 bits")
        << v << QByteArray(R"({"v":123456789012345678901234567890})") << QString();
    QTest::newRow("top-level scalar")
        << v << QByteArray("5") << QStringLiteral("invalid JSON at byte 1: illegal value");
    QTest::newRow("text channel holding an object")
        << QByteArray(R"({"channels":[{"path":"o","type":"text"}]})")
        << QByteArray(R"({"o":{"b":1,"a":[true]}})") << QString();
}

void TestMessageMapper::fastPathHandsOverWhatQtReadsOtherwise()
{
    QFETCH(QByteArray, fields);
    QFETCH(QByteArray, message);
    QFETCH(QString, problem);
    if (g_path != MapperPath::Fast)
        QSKIP("the fast path's own check");
    ChannelStore fastStore, treeStore;
    Mapper fast(QStringLiteral("f"), mapping(fields), &fastStore);
    MessageMapper tree(QStringLiteral("f"), mapping(fields), &treeStore);
    tree.setPath(MapperPath::Tree);
    const MapResult a = fast.map(message, Received);
    const MapResult b = tree.map(message, Received);
    QCOMPARE(fast.fastFallbacks(), quint64(1));
    QCOMPARE(a.rejected, b.rejected);
    QCOMPARE(a.problem, b.problem);
    QCOMPARE(dump(fastStore), dump(treeStore));
    if (!problem.isEmpty())
        QCOMPARE(a.problem, problem);
    else
        QVERIFY2(!a.rejected, qPrintable(a.problem));
}

} // namespace livedash

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Every test on each path: the tree (QJsonDocument) and the fast one (simdjson).
    int failures = 0;
    for (const auto path : {livedash::MapperPath::Tree, livedash::MapperPath::Fast}) {
        livedash::g_path = path;
        livedash::TestMessageMapper test;
        failures += QTest::qExec(&test, argc, argv);
    }
    return failures;
}
#include "tst_messagemapper.moc"
