#include "ingest/fieldpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace livedash {

namespace {

/// "K:data|I:0|W" for the segments of a path, so a whole parse compares in one QCOMPARE.
QString describe(const FieldPath &path)
{
    QStringList parts;
    for (const FieldPath::Segment &s : path.segments()) {
        switch (s.kind) {
        case FieldPath::Segment::Key:
            parts.append(QStringLiteral("K:") + s.key);
            break;
        case FieldPath::Segment::Index:
            parts.append(QStringLiteral("I:%1").arg(s.index));
            break;
        case FieldPath::Segment::Wildcard:
            parts.append(QStringLiteral("W"));
            break;
        }
    }
    return parts.join(QLatin1Char('|'));
}

QJsonValue json(const QByteArray &text)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &e);
    if (e.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", text.constData());
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

QJsonArray toArray(const QList<QJsonValue> &values)
{
    QJsonArray a;
    for (const QJsonValue &v : values)
        a.append(v);
    return a;
}

} // namespace

class TestFieldPath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void invalidPathEvaluatesToNothing();
    void parseWithoutErrorPointer();
    void errorColumnCountsLeadingWhitespace();
    void dollarPrefixedKeyAtStart();
    void evaluate_data();
    void evaluate();
    void firstMatchesEvaluate_data();
    void firstMatchesEvaluate();
    void firstDistinguishesNullFromMissing();
};

void TestFieldPath::parseValid_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("segments");
    QTest::addColumn<bool>("wildcard");

    QTest::newRow("key") << "price" << "K:price" << false;
    QTest::newRow("dotted") << "data.items[0].price" << "K:data|K:items|I:0|K:price" << false;
    QTest::newRow("wildcard brackets") << "items[*].price" << "K:items|W|K:price" << true;
    QTest::newRow("wildcard dotted") << "items.*.price" << "K:items|W|K:price" << true;
    QTest::newRow("wildcard alone") << "*" << "W" << true;
    QTest::newRow("nested wildcards") << "a[*].b[*]" << "K:a|W|K:b|W" << true;
    QTest::newRow("double-quoted key") << R"(["key.with.dots"])" << "K:key.with.dots" << false;
    QTest::newRow("single-quoted key") << "a['with space']" << "K:a|K:with space" << false;
    QTest::newRow("quoted key then more") << R"(a["b.c"].d[1])" << "K:a|K:b.c|K:d|I:1" << false;
    QTest::newRow("escaped quote") << R"(["say \"hi\""])" << R"(K:say "hi")" << false;
    QTest::newRow("escaped backslash") << R"(["back\\slash"])" << R"(K:back\slash)" << false;
    QTest::newRow("other quote inside") << R"(["it's"])" << "K:it's" << false;
    QTest::newRow("empty quoted key") << R"([""])" << "K:" << false;
    QTest::newRow("negative index") << "items[-1]" << "K:items|I:-1" << false;
    QTest::newRow("index at root") << "[0]" << "I:0" << false;
    QTest::newRow("chained indexes") << "[0][12]" << "I:0|I:12" << false;
    QTest::newRow("leading zeros") << "a[007]" << "K:a|I:7" << false;
    QTest::newRow("root alone") << "$" << "" << false;
    QTest::newRow("root dot key") << "$.a.b" << "K:a|K:b" << false;
    QTest::newRow("root index") << "$[0].a" << "I:0|K:a" << false;
    QTest::newRow("root wildcard") << "$[*]" << "W" << true;
    QTest::newRow("ident punctuation") << "a-b_c@d:e" << "K:a-b_c@d:e" << false;
    QTest::newRow("dollar inside") << "a.$type" << "K:a|K:$type" << false;
    QTest::newRow("digits as key") << "a.0" << "K:a|K:0" << false;
    QTest::newRow("unicode letters") << QString::fromUtf8("héllo.wörld")
                                     << QString::fromUtf8("K:héllo|K:wörld") << false;
    QTest::newRow("surrounding spaces") << "  a.b  " << "K:a|K:b" << false;
    // clang-format on
}

void TestFieldPath::parseValid()
{
    QFETCH(QString, text);
    QFETCH(QString, segments);
    QFETCH(bool, wildcard);

    QString error = QStringLiteral("untouched");
    const FieldPath path = FieldPath::parse(text, &error);
    QVERIFY2(path.isValid(), qPrintable(error));
    QCOMPARE(error, QStringLiteral("untouched"));
    QCOMPARE(describe(path), segments);
    QCOMPARE(path.hasWildcard(), wildcard);
    QCOMPARE(path.isEmpty(), segments.isEmpty());
    QCOMPARE(path.text(), text);
}

void TestFieldPath::parseInvalid_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why");
    QTest::addColumn<int>("column");

    QTest::newRow("empty") << "" << "empty path" << 1;
    QTest::newRow("blank") << "   " << "empty path" << 1;
    QTest::newRow("double dot") << "a..b" << "unexpected '.'" << 3;
    QTest::newRow("leading dot") << ".a" << "unexpected '.'" << 1;
    QTest::newRow("root double dot") << "$..a" << "unexpected '.'" << 3;
    QTest::newRow("trailing dot") << "a.b." << "path ends with '.'" << 4;
    QTest::newRow("open bracket at end") << "a[" << "unterminated '['" << 2;
    QTest::newRow("star unterminated") << "a[*" << "expected ']' after '*'" << 4;
    QTest::newRow("star then junk") << "a[*x]" << "expected ']' after '*'" << 4;
    QTest::newRow("quoted unterminated") << R"(a["xy)" << "unterminated quoted key" << 5;
    QTest::newRow("quoted no bracket") << R"(a["x")" << "expected ']' after quoted key" << 6;
    QTest::newRow("quoted then junk") << R"(a["x"z])" << "expected ']' after quoted key" << 6;
    QTest::newRow("empty brackets") << "a[]" << "expected an index, '*' or a quoted key" << 3;
    QTest::newRow("minus only") << "a[-]" << "expected an index, '*' or a quoted key" << 3;
    QTest::newRow("bare word index") << "a[x]" << "expected an index, '*' or a quoted key" << 3;
    QTest::newRow("index unterminated") << "a[12" << "expected ']'" << 5;
    QTest::newRow("index then junk") << "a[1x]" << "expected ']'" << 4;
    QTest::newRow("index overflow") << "a[99999999999999999999]" << "index out of range" << 3;
    QTest::newRow("key after bracket") << "a[0]b" << "expected '.' or '['" << 5;
    QTest::newRow("key after star") << "a.*b" << "expected '.' or '['" << 4;
    QTest::newRow("space") << "a b" << "unexpected character ' '" << 2;
    QTest::newRow("bang") << "a.b!" << "unexpected character '!'" << 4;
    // Fuzz finding fieldpath-error-surrogate: the whole character is quoted, not half a pair.
    QTest::newRow("outside the BMP") << QString::fromUtf8("x.\xF0\x9F\x98\x80")
                                     << QString::fromUtf8("unexpected character '\xF0\x9F\x98\x80'") << 3;
    QTest::newRow("star glued to key") << "a*" << "unexpected character '*'" << 2;
    QTest::newRow("closing bracket") << "a]" << "unexpected character ']'" << 2;
    // clang-format on
}

void TestFieldPath::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, why);
    QFETCH(int, column);

    QString error;
    const FieldPath path = FieldPath::parse(text, &error);
    QVERIFY(!path.isValid());
    QVERIFY(path.segments().isEmpty());
    QCOMPARE(error, QStringLiteral("%1 at column %2 of \"%3\"").arg(why).arg(column).arg(text));
}

void TestFieldPath::invalidPathEvaluatesToNothing()
{
    const FieldPath path = FieldPath::parse(QStringLiteral("a..b"));
    QVERIFY(!path.isValid());
    const QJsonValue root = json(R"({"a":{"b":1},"":{"b":2}})");
    QVERIFY(path.evaluate(root).isEmpty());
    QVERIFY(path.first(root).isUndefined());

    const FieldPath none;
    QVERIFY(!none.isValid());
    QVERIFY(none.evaluate(root).isEmpty());
    QVERIFY(none.first(root).isUndefined());
}

void TestFieldPath::parseWithoutErrorPointer()
{
    QVERIFY(!FieldPath::parse(QStringLiteral("a[")).isValid());
    QVERIFY(FieldPath::parse(QStringLiteral("a[0]")).isValid());
}

void TestFieldPath::errorColumnCountsLeadingWhitespace()
{
    // The message quotes the text as given, so the column must count in that text too.
    QString error;
    QVERIFY(!FieldPath::parse(QStringLiteral("  a..b"), &error).isValid());
    QCOMPARE(error, QStringLiteral("unexpected '.' at column 5 of \"  a..b\""));
}

void TestFieldPath::dollarPrefixedKeyAtStart()
{
    // '$' is an identifier character ("a.$type" is the key "$type"), so "$type" must not read
    // the different key "type": either it names "$type" or it is an error, never "type".
    const QJsonValue root = json(R"({"$type":"wanted","type":"other"})");
    QString error;
    const FieldPath path = FieldPath::parse(QStringLiteral("$type"), &error);
    if (!path.isValid())
        return; // refusing the ambiguous path is acceptable
    QCOMPARE(path.first(root).toString(), QStringLiteral("wanted"));
}

void TestFieldPath::evaluate_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("values");
    QTest::addColumn<QByteArray>("elements"); // empty: every element is the root

    QTest::newRow("key") << QByteArray(R"({"a":1,"b":2})") << "a" << QByteArray("[1]")
                         << QByteArray();
    QTest::newRow("nested") << QByteArray(R"({"data":{"items":[{"price":5},{"price":6}]}})")
                            << "data.items[1].price" << QByteArray("[6]") << QByteArray();
    QTest::newRow("null value is a match") << QByteArray(R"({"a":null})") << "a"
                                           << QByteArray("[null]") << QByteArray();
    QTest::newRow("missing key") << QByteArray(R"({"a":1})") << "b" << QByteArray("[]")
                                 << QByteArray();
    QTest::newRow("missing deeper") << QByteArray(R"({"a":1})") << "a.b" << QByteArray("[]")
                                    << QByteArray();
    QTest::newRow("key on array") << QByteArray(R"({"a":[1]})") << "a.b" << QByteArray("[]")
                                  << QByteArray();
    QTest::newRow("index on object") << QByteArray(R"({"a":{"0":1}})") << "a[0]"
                                     << QByteArray("[]") << QByteArray();
    QTest::newRow("last") << QByteArray(R"({"a":[1,2,3]})") << "a[-1]" << QByteArray("[3]")
                          << QByteArray();
    QTest::newRow("first from end") << QByteArray(R"({"a":[1,2,3]})") << "a[-3]"
                                    << QByteArray("[1]") << QByteArray();
    QTest::newRow("before first") << QByteArray(R"({"a":[1,2,3]})") << "a[-4]"
                                  << QByteArray("[]") << QByteArray();
    QTest::newRow("past end") << QByteArray(R"({"a":[1,2,3]})") << "a[3]" << QByteArray("[]")
                              << QByteArray();
    QTest::newRow("root") << QByteArray(R"({"a":1})") << "$" << QByteArray(R"([{"a":1}])")
                          << QByteArray();
    QTest::newRow("root array index") << QByteArray("[10,20]") << "[1]" << QByteArray("[20]")
                                      << QByteArray();
    QTest::newRow("quoted dots") << QByteArray(R"({"k.x":7,"k":{"x":8}})") << R"(["k.x"])"
                                 << QByteArray("[7]") << QByteArray();
    QTest::newRow("dotted not quoted") << QByteArray(R"({"k.x":7,"k":{"x":8}})") << "k.x"
                                       << QByteArray("[8]") << QByteArray();
    QTest::newRow("wildcard over array")
        << QByteArray(R"({"items":[{"p":1},{"p":2},{"q":3}]})") << "items[*].p"
        << QByteArray("[1,2]") << QByteArray(R"([{"p":1},{"p":2}])");
    QTest::newRow("wildcard over object")
        << QByteArray(R"({"m":{"x":{"v":1},"y":{"v":2}}})") << "m[*].v" << QByteArray("[1,2]")
        << QByteArray(R"([{"v":1},{"v":2}])");
    QTest::newRow("dotted wildcard") << QByteArray(R"({"m":{"x":{"v":1},"y":{"v":2}}})")
                                     << "m.*.v" << QByteArray("[1,2]")
                                     << QByteArray(R"([{"v":1},{"v":2}])");
    QTest::newRow("wildcard leaves") << QByteArray(R"({"a":[4,5]})") << "a[*]"
                                     << QByteArray("[4,5]") << QByteArray("[4,5]");
    QTest::newRow("wildcard over scalar") << QByteArray(R"({"a":5})") << "a[*]"
                                          << QByteArray("[]") << QByteArray();
    QTest::newRow("wildcard over empty") << QByteArray(R"({"a":[]})") << "a[*].v"
                                         << QByteArray("[]") << QByteArray();
    QTest::newRow("innermost wildcard element")
        << QByteArray(R"({"a":[{"b":[1,2]},{"b":[3]}]})") << "a[*].b[*]"
        << QByteArray("[1,2,3]") << QByteArray("[1,2,3]");
    QTest::newRow("element is the fanned-out item")
        << QByteArray(R"({"a":[{"b":[1,2]},{"b":[3]}]})") << "a[*].b[0]" << QByteArray("[1,3]")
        << QByteArray(R"([{"b":[1,2]},{"b":[3]}])");
    QTest::newRow("top-level wildcard") << QByteArray(R"([{"v":1},{"v":2}])") << "[*].v"
                                        << QByteArray("[1,2]")
                                        << QByteArray(R"([{"v":1},{"v":2}])");
    // clang-format on
}

void TestFieldPath::evaluate()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, path);
    QFETCH(QByteArray, values);
    QFETCH(QByteArray, elements);

    const QJsonValue root = json(document);
    QString error;
    const FieldPath p = FieldPath::parse(path, &error);
    QVERIFY2(p.isValid(), qPrintable(error));
    const QList<FieldPath::Match> matches = p.evaluate(root);

    QList<QJsonValue> gotValues, gotElements;
    for (const FieldPath::Match &m : matches) {
        gotValues.append(m.value);
        gotElements.append(m.element);
    }
    QCOMPARE(toArray(gotValues), json(values).toArray());
    if (elements.isEmpty()) {
        for (const QJsonValue &e : std::as_const(gotElements))
            QCOMPARE(e, root);
    } else {
        QCOMPARE(toArray(gotElements), json(elements).toArray());
    }
}

void TestFieldPath::firstMatchesEvaluate_data()
{
    // clang-format off
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("path");

    const QByteArray doc = R"({"a":{"b":[{"c":1},{"c":2}],"n":null},"x":[1,[2,3]]})";
    for (const char *p : {"a", "a.b", "a.b[0].c", "a.b[-1].c", "a.b[5].c", "a.b[*].c", "a.n",
                          "a.n.z", "x[1][-1]", "x[1][0].y", "x[*]", "nope", "$", "a.b.c"})
        QTest::newRow(p) << doc << QString::fromLatin1(p);
    // clang-format on
}

void TestFieldPath::firstMatchesEvaluate()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, path);

    const QJsonValue root = json(document);
    const FieldPath p = FieldPath::parse(path);
    QVERIFY(p.isValid());
    const auto all = p.evaluate(root);
    const QJsonValue expected =
        all.isEmpty() ? QJsonValue(QJsonValue::Undefined) : all.first().value;
    QCOMPARE(p.first(root), expected);
}

void TestFieldPath::firstDistinguishesNullFromMissing()
{
    const QJsonValue root = json(R"({"a":{"b":null}})");
    QVERIFY(FieldPath::parse(QStringLiteral("a.b")).first(root).isNull());
    QVERIFY(FieldPath::parse(QStringLiteral("a.c")).first(root).isUndefined());
    QVERIFY(FieldPath::parse(QStringLiteral("a.b.c")).first(root).isUndefined());
    QCOMPARE(FieldPath::parse(QStringLiteral("$")).first(root), root);
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestFieldPath)
#include "tst_fieldpath.moc"
