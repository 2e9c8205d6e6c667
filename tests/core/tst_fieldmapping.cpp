#include "ingest/messagemapper.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

Q_DECLARE_METATYPE(livedash::FieldMapping)

namespace livedash {

namespace {

QJsonObject object(const QByteArray &text)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject())
        qFatal("bad test JSON: %s", text.constData());
    return doc.object();
}

const QString where = QStringLiteral("feeds[0].fields");

} // namespace

class TestFieldMapping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJsonReadsEveryKey();
    void fromJsonDefaults();
    void fromJsonIgnoresNulls();
    void fromJsonErrors_data();
    void fromJsonErrors();
    void fromJsonKeepsEarlierErrors();
    void toJsonRoundTrip_data();
    void toJsonRoundTrip();
    void toJsonOmitsDefaults();
    void validateNamesKeys();
    void validateAcceptsGoodMapping();
    void sequenceGapArithmetic_data();
    void sequenceGapArithmetic();
};

void TestFieldMapping::fromJsonReadsEveryKey()
{
    const QJsonObject json = object(R"({
        "timestamp": "meta.ts", "timestampFormat": "epoch_ms", "sequence": "meta.seq",
        "channels": [
            {"path": "items[*].price", "channel": "price/{id}", "type": "number", "unit": "EUR"},
            {"path": "status", "type": "text", "optional": true},
            {"path": "count", "channel": "n", "optional": false}
        ]})");
    QStringList errors;
    const auto m = FieldMapping::fromJson(json, where, &errors);
    QVERIFY2(m.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(errors.isEmpty());
    QCOMPARE(m->timestamp, QStringLiteral("meta.ts"));
    QCOMPARE(m->timestampFormat, TimestampFormat::EpochMillis);
    QCOMPARE(m->sequence, QStringLiteral("meta.seq"));
    QCOMPARE(m->channels.size(), 3);

    const ChannelMapping &price = m->channels[0];
    QCOMPARE(price.path, QStringLiteral("items[*].price"));
    QCOMPARE(price.channel, QStringLiteral("price/{id}"));
    QCOMPARE(price.kind, ValueKind::Number);
    QCOMPARE(price.unit, QStringLiteral("EUR"));
    QVERIFY(!price.optional);

    const ChannelMapping &status = m->channels[1];
    QCOMPARE(status.channel, QStringLiteral("status")); // defaults to the path
    QCOMPARE(status.kind, ValueKind::Text);
    QVERIFY(status.optional);

    QCOMPARE(m->channels[2].channel, QStringLiteral("n"));
    QVERIFY(!m->channels[2].optional);
}

void TestFieldMapping::fromJsonDefaults()
{
    QStringList errors;
    const auto empty = FieldMapping::fromJson(QJsonObject(), where, &errors);
    QVERIFY(empty.has_value());
    QVERIFY(errors.isEmpty());
    QCOMPARE(*empty, FieldMapping());
    QCOMPARE(empty->timestampFormat, TimestampFormat::Auto);
    QVERIFY(empty->channels.isEmpty());

    const auto one =
        FieldMapping::fromJson(object(R"({"channels":[{"path":"a.b"}]})"), where, &errors);
    QVERIFY(one.has_value());
    QCOMPARE(one->channels.size(), 1);
    QCOMPARE(one->channels[0].channel, QStringLiteral("a.b"));
    QCOMPARE(one->channels[0].kind, ValueKind::Number);
    QVERIFY(one->channels[0].unit.isEmpty());
    QVERIFY(!one->channels[0].optional);
}

void TestFieldMapping::fromJsonIgnoresNulls()
{
    QStringList errors;
    const auto m = FieldMapping::fromJson(
        object(R"({"timestamp":null,"sequence":null,"channels":[{"path":"a","unit":null}]})"),
        where, &errors);
    QVERIFY2(m.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
    QVERIFY(m->timestamp.isEmpty());
    QVERIFY(m->sequence.isEmpty());
    QVERIFY(m->channels[0].unit.isEmpty());
}

void TestFieldMapping::fromJsonErrors_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("unknown type")
        << QByteArray(R"({"channels":[{"path":"a"},{"path":"b","type":"bool"}]})")
        << QStringList{R"(feeds[0].fields.channels[1].type: unknown type "bool" )"
                       "(expected number or text)"};
    QTest::newRow("type not a string")
        << QByteArray(R"({"channels":[{"path":"a","type":5}]})")
        << QStringList{"feeds[0].fields.channels[0].type: expected a string, got a number"};
    QTest::newRow("path not a string")
        << QByteArray(R"({"channels":[{"path":["a"]}]})")
        << QStringList{"feeds[0].fields.channels[0].path: expected a string, got an array",
                       "feeds[0].fields.channels[0].path: required"};
    QTest::newRow("channel not a string")
        << QByteArray(R"({"channels":[{"path":"a","channel":{}}]})")
        << QStringList{"feeds[0].fields.channels[0].channel: expected a string, got an object"};
    QTest::newRow("unit not a string")
        << QByteArray(R"({"channels":[{"path":"a","unit":true}]})")
        << QStringList{"feeds[0].fields.channels[0].unit: expected a string, got a boolean"};
    QTest::newRow("timestamp not a string")
        << QByteArray(R"({"timestamp":5})")
        << QStringList{"feeds[0].fields.timestamp: expected a string, got a number"};
    QTest::newRow("sequence not a string")
        << QByteArray(R"({"sequence":true})")
        << QStringList{"feeds[0].fields.sequence: expected a string, got a boolean"};
    QTest::newRow("unknown timestamp format")
        << QByteArray(R"({"timestamp":"t","timestampFormat":"epoch"})")
        << QStringList{R"(feeds[0].fields.timestampFormat: unknown format "epoch" )"
                       "(expected auto, epoch_s, epoch_ms, epoch_us or iso8601)"};
    QTest::newRow("channels not an array")
        << QByteArray(R"({"channels":{"path":"a"}})")
        << QStringList{"feeds[0].fields.channels: expected an array"};
    QTest::newRow("channel not an object")
        << QByteArray(R"({"channels":[{"path":"a"},5]})")
        << QStringList{"feeds[0].fields.channels[1]: expected an object"};
    QTest::newRow("path missing")
        << QByteArray(R"({"channels":[{"channel":"x"}]})")
        << QStringList{"feeds[0].fields.channels[0].path: required"};
    QTest::newRow("optional not a bool")
        << QByteArray(R"({"channels":[{"path":"a","optional":"yes"}]})")
        << QStringList{"feeds[0].fields.channels[0].optional: expected true or false"};
    QTest::newRow("bad path")
        << QByteArray(R"({"channels":[{"path":"a..b"}]})")
        << QStringList{R"(feeds[0].fields.channels[0].path: )"
                       R"(unexpected '.' at column 3 of "a..b")"};
    QTest::newRow("unterminated placeholder")
        << QByteArray(R"({"channels":[{"path":"a","channel":"x/{name"}]})")
        << QStringList{R"(feeds[0].fields.channels[0].channel: )"
                       R"(unterminated '{' at column 3 of "x/{name")"};
    QTest::newRow("unmatched brace")
        << QByteArray(R"({"channels":[{"path":"a","channel":"x}"}]})")
        << QStringList{R"(feeds[0].fields.channels[0].channel: )"
                       R"(unmatched '}' at column 2 of "x}")"};
    QTest::newRow("bad placeholder path")
        << QByteArray(R"({"channels":[{"path":"a","channel":"x/{a b}"}]})")
        << QStringList{R"(feeds[0].fields.channels[0].channel: placeholder: )"
                       R"(unexpected character ' ' at column 2 of "a b")"};
    QTest::newRow("empty placeholder")
        << QByteArray(R"({"channels":[{"path":"a","channel":"{}"}]})")
        << QStringList{R"(feeds[0].fields.channels[0].channel: placeholder: )"
                       R"(empty path at column 1 of "")"};
    QTest::newRow("bad timestamp and sequence paths")
        << QByteArray(R"({"timestamp":"t[","sequence":"s..q"})")
        << QStringList{R"(feeds[0].fields.timestamp: unterminated '[' at column 2 of "t[")",
                       R"(feeds[0].fields.sequence: unexpected '.' at column 3 of "s..q")"};
    QTest::newRow("several problems, in order")
        << QByteArray(R"({"timestampFormat":"x",)"
                      R"("channels":[{"type":"t"},{"path":"b[","channel":"}"}]})")
        << QStringList{R"(feeds[0].fields.timestampFormat: unknown format "x" )"
                       "(expected auto, epoch_s, epoch_ms, epoch_us or iso8601)",
                       R"(feeds[0].fields.channels[0].type: unknown type "t" )"
                       "(expected number or text)",
                       "feeds[0].fields.channels[0].path: required",
                       R"(feeds[0].fields.channels[1].path: unterminated '[' at column 2 of "b[")",
                       R"(feeds[0].fields.channels[1].channel: unmatched '}' at column 1 of "}")"};
    // clang-format on
}

void TestFieldMapping::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);

    QStringList errors;
    const auto m = FieldMapping::fromJson(object(json), where, &errors);
    QVERIFY(!m.has_value());
    QCOMPARE(errors, expected);
}

void TestFieldMapping::fromJsonKeepsEarlierErrors()
{
    // Errors from other parts of the document are kept, and do not fail this mapping.
    QStringList errors{QStringLiteral("name: expected a string")};
    const auto good =
        FieldMapping::fromJson(object(R"({"channels":[{"path":"a"}]})"), where, &errors);
    QVERIFY(good.has_value());
    QCOMPARE(errors, QStringList{QStringLiteral("name: expected a string")});

    const auto bad = FieldMapping::fromJson(object(R"({"channels":[{}]})"), where, &errors);
    QVERIFY(!bad.has_value());
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors.first(), QStringLiteral("name: expected a string"));
    QCOMPARE(errors.last(), QStringLiteral("feeds[0].fields.channels[0].path: required"));
}

void TestFieldMapping::toJsonRoundTrip_data()
{
    // clang-format off
    QTest::addColumn<FieldMapping>("mapping");

    QTest::newRow("empty") << FieldMapping();

    FieldMapping rich;
    rich.timestamp = QStringLiteral("meta.ts");
    rich.timestampFormat = TimestampFormat::EpochMicros;
    rich.sequence = QStringLiteral("meta.seq");
    rich.channels.append({QStringLiteral("items[*].price"), QStringLiteral("price/{id}"),
                          ValueKind::Number, QStringLiteral("EUR"), false});
    rich.channels.append({QStringLiteral("status"), QStringLiteral("status"), ValueKind::Text,
                          QString(), true});
    rich.channels.append({QStringLiteral(R"(["a.b"])"), QStringLiteral("ab"), ValueKind::Number,
                          QString(), false});
    QTest::newRow("rich") << rich;

    FieldMapping iso;
    iso.timestamp = QStringLiteral("t");
    iso.timestampFormat = TimestampFormat::Iso8601;
    QTest::newRow("iso, auto channels") << iso;
    // clang-format on
}

void TestFieldMapping::toJsonRoundTrip()
{
    QFETCH(FieldMapping, mapping);

    const QJsonObject json = mapping.toJson();
    QStringList errors;
    const auto back = FieldMapping::fromJson(json, where, &errors);
    QVERIFY2(back.has_value(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(*back, mapping);
    QCOMPARE(back->toJson(), json);
}

void TestFieldMapping::toJsonOmitsDefaults()
{
    FieldMapping m;
    m.channels.append({QStringLiteral("a"), QStringLiteral("a"), ValueKind::Number, {}, false});
    const QJsonObject json = m.toJson();
    QVERIFY(!json.contains(QStringLiteral("timestamp")));
    QVERIFY(!json.contains(QStringLiteral("timestampFormat")));
    QVERIFY(!json.contains(QStringLiteral("sequence")));
    const QJsonObject c = json.value(QStringLiteral("channels")).toArray().at(0).toObject();
    QCOMPARE(c.value(QStringLiteral("path")).toString(), QStringLiteral("a"));
    QVERIFY(!c.contains(QStringLiteral("type"))); // a number unless said otherwise
    QVERIFY(!c.contains(QStringLiteral("unit")));
    FieldMapping text;
    text.channels.append({QStringLiteral("s"), QStringLiteral("s"), ValueKind::Text, {}, false});
    QCOMPARE(text.toJson()
                 .value(QStringLiteral("channels"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("type"))
                 .toString(),
             QStringLiteral("text"));
    QVERIFY(!c.contains(QStringLiteral("optional")));

    m.timestamp = QStringLiteral("t");
    m.channels[0].kind = ValueKind::Text;
    m.channels[0].optional = true;
    const QJsonObject json2 = m.toJson();
    QCOMPARE(json2.value(QStringLiteral("timestampFormat")).toString(), QStringLiteral("auto"));
    const QJsonObject c2 = json2.value(QStringLiteral("channels")).toArray().at(0).toObject();
    QCOMPARE(c2.value(QStringLiteral("type")).toString(), QStringLiteral("text"));
    QCOMPARE(c2.value(QStringLiteral("optional")), QJsonValue(true));
}

void TestFieldMapping::validateNamesKeys()
{
    FieldMapping m;
    m.timestamp = QStringLiteral("t[x]");
    m.sequence = QStringLiteral("seq");
    m.channels.append({QStringLiteral("ok"), QStringLiteral("ok"), ValueKind::Number, {}, false});
    m.channels.append({QStringLiteral("a b"), QString(), ValueKind::Number, {}, false});
    m.channels.append({QStringLiteral("c"), QStringLiteral("{c"), ValueKind::Number, {}, false});
    QCOMPARE(
        m.validate(),
        (QStringList{R"(timestamp: expected an index, '*' or a quoted key at column 3 of "t[x]")",
                     R"(channels[1].path: unexpected character ' ' at column 2 of "a b")",
                     R"(channels[2].channel: unterminated '{' at column 1 of "{c")"}));
}

void TestFieldMapping::validateAcceptsGoodMapping()
{
    FieldMapping m;
    m.timestamp = QStringLiteral("$.meta.ts");
    m.channels.append({QStringLiteral("games[*].score"),
                       QStringLiteral("{league}/{id}/score"),
                       ValueKind::Number,
                       {},
                       false});
    m.channels.append(
        {QStringLiteral("x"), QStringLiteral(R"(v/{["odd key"]})"), ValueKind::Text, {}, true});
    QVERIFY(m.validate().isEmpty());
}

void TestFieldMapping::sequenceGapArithmetic_data()
{
    QTest::addColumn<qint64>("previous");
    QTest::addColumn<qint64>("next");
    QTest::addColumn<quint64>("gap");

    constexpr qint64 Min = std::numeric_limits<qint64>::min();
    constexpr qint64 Max = std::numeric_limits<qint64>::max();
    // The same number again: an unchanged polled resource answered again, nothing is missing.
    QTest::newRow("repeat 0") << Q_INT64_C(0) << Q_INT64_C(0) << Q_UINT64_C(0);
    QTest::newRow("repeat 41") << Q_INT64_C(41) << Q_INT64_C(41) << Q_UINT64_C(0);
    QTest::newRow("repeat -7") << Q_INT64_C(-7) << Q_INT64_C(-7) << Q_UINT64_C(0);
    QTest::newRow("repeat min") << Min << Min << Q_UINT64_C(0);
    QTest::newRow("repeat max") << Max << Max << Q_UINT64_C(0);
    // Forwards: the numbers strictly between are missing.
    QTest::newRow("consecutive") << Q_INT64_C(41) << Q_INT64_C(42) << Q_UINT64_C(0);
    QTest::newRow("one missing") << Q_INT64_C(41) << Q_INT64_C(43) << Q_UINT64_C(1);
    QTest::newRow("across zero") << Q_INT64_C(-2) << Q_INT64_C(3) << Q_UINT64_C(4);
    QTest::newRow("min to max") << Min << Max << Q_UINT64_C(18446744073709551614);
    QTest::newRow("to max") << Max - 1 << Max << Q_UINT64_C(0);
    // Backwards (a restart or reordering) counts as one gap, however far.
    QTest::newRow("one back") << Q_INT64_C(42) << Q_INT64_C(41) << Q_UINT64_C(1);
    QTest::newRow("max to min") << Max << Min << Q_UINT64_C(1);
}

void TestFieldMapping::sequenceGapArithmetic()
{
    QFETCH(qint64, previous);
    QFETCH(qint64, next);
    QFETCH(quint64, gap);
    QCOMPARE(sequenceGap(previous, next), gap);
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestFieldMapping)
#include "tst_fieldmapping.moc"
