#include <livedash/options.h>

#include <QSet>
#include <QTest>

Q_DECLARE_METATYPE(livedash::OptionSpec)

namespace livedash {

namespace {

OptionSpec spec(OptionType type, bool required = false, QStringList choices = {},
                double minimum = 0, double maximum = 0, QVariant defaultValue = {})
{
    OptionSpec s;
    s.key = QStringLiteral("opt");
    s.label = QStringLiteral("Option");
    s.type = type;
    s.required = required;
    s.choices = std::move(choices);
    s.minimum = minimum;
    s.maximum = maximum;
    s.defaultValue = std::move(defaultValue);
    return s;
}

QStringList pairs(const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QStringList out;
    for (const auto &[name, value] : headers)
        out.append(QString::fromUtf8(name + '=' + value));
    return out;
}

} // namespace

class TestOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validate_data();
    void validate();
    void urlWithEmbeddedReferenceSkipsValidation_data();
    void urlWithEmbeddedReferenceSkipsValidation();
    void validateReportsEveryKey();
    void hugeIntegersAreRefused_data();
    void hugeIntegersAreRefused();
    void parseHeaders_data();
    void parseHeaders();
    void parseHeadersFromMap();
    void headerNamesMustBeAscii();
    void withDefaults();
    void typeNames();
};

void TestOptions::validate_data()
{
    // clang-format off
    QTest::addColumn<OptionSpec>("spec");
    QTest::addColumn<QVariant>("value"); // invalid: the key is absent
    QTest::addColumn<QString>("error");  // empty: valid

    const QStringList wsSchemes{"ws", "wss"};
    const QVariant absent;

    QTest::newRow("required absent") << spec(OptionType::String, true) << absent
                                     << "Option is required";
    QTest::newRow("required blank") << spec(OptionType::String, true) << QVariant("  ")
                                    << "Option is required";
    QTest::newRow("required secret") << spec(OptionType::Secret, true) << QVariant("")
                                     << "Option is required";
    QTest::newRow("required given") << spec(OptionType::String, true) << QVariant("x") << "";
    QTest::newRow("optional absent") << spec(OptionType::Url) << absent << "";
    QTest::newRow("required from default")
        << spec(OptionType::Int, true, {}, 0, 0, 5) << absent << "";
    QTest::newRow("default is validated too")
        << spec(OptionType::Int, false, {}, 1, 3, 5) << absent << "must be between 1 and 3";

    QTest::newRow("url") << spec(OptionType::Url) << QVariant("ws://localhost:8080/feed") << "";
    QTest::newRow("url with query") << spec(OptionType::Url)
                                    << QVariant("https://example.com/a?b=c&d=1") << "";
    QTest::newRow("url padded") << spec(OptionType::Url) << QVariant("  http://h/x ") << "";
    QTest::newRow("url no host") << spec(OptionType::Url) << QVariant("file:///tmp/x")
                                 << "\"file:///tmp/x\" is not a valid URL";
    QTest::newRow("url garbage") << spec(OptionType::Url) << QVariant("not a url")
                                 << "\"not a url\" is not a valid URL";
    QTest::newRow("url space in host") << spec(OptionType::Url) << QVariant("http://exa mple.com")
                                       << "\"http://exa mple.com\" is not a valid URL";
    QTest::newRow("url scheme accepted") << spec(OptionType::Url, false, wsSchemes)
                                         << QVariant("wss://h/x") << "";
    QTest::newRow("url scheme case") << spec(OptionType::Url, false, wsSchemes)
                                     << QVariant("WS://h/x") << "";
    QTest::newRow("url scheme refused") << spec(OptionType::Url, false, wsSchemes)
                                        << QVariant("http://h/x")
                                        << "scheme must be ws or wss, not \"http\"";
    QTest::newRow("url reference") << spec(OptionType::Url, true, wsSchemes)
                                   << QVariant("${demo.ws}") << "";

    QTest::newRow("int") << spec(OptionType::Int) << QVariant("42") << "";
    QTest::newRow("int variant") << spec(OptionType::Int) << QVariant(-7) << "";
    QTest::newRow("int from json") << spec(OptionType::Int) << QVariant(15000.0) << "";
    QTest::newRow("int fraction") << spec(OptionType::Int) << QVariant("5.5")
                                  << "\"5.5\" is not a whole number";
    QTest::newRow("int word") << spec(OptionType::Int) << QVariant("abc")
                              << "\"abc\" is not a whole number";
    QTest::newRow("int below") << spec(OptionType::Int, false, {}, 1, 5) << QVariant(0)
                               << "must be between 1 and 5";
    QTest::newRow("int above") << spec(OptionType::Int, false, {}, 1, 5) << QVariant(6)
                               << "must be between 1 and 5";
    QTest::newRow("int at min") << spec(OptionType::Int, false, {}, 1, 5) << QVariant(1) << "";
    QTest::newRow("int at max") << spec(OptionType::Int, false, {}, 1, 5) << QVariant("5") << "";
    QTest::newRow("no range when min == max") << spec(OptionType::Int) << QVariant(1000000)
                                              << "";
    QTest::newRow("double") << spec(OptionType::Double) << QVariant("2.5") << "";
    QTest::newRow("double word") << spec(OptionType::Double) << QVariant("x")
                                 << "\"x\" is not a number";
    QTest::newRow("double range") << spec(OptionType::Double, false, {}, 0, 1) << QVariant(1.5)
                                  << "must be between 0 and 1";
    QTest::newRow("duration") << spec(OptionType::Duration) << QVariant("1500") << "";
    QTest::newRow("duration fraction") << spec(OptionType::Duration) << QVariant("1.5")
                                       << "\"1.5\" is not a whole number";
    QTest::newRow("duration range") << spec(OptionType::Duration, false, {}, 100, 60000)
                                    << QVariant(50) << "must be between 100 and 60000";

    QTest::newRow("bool true") << spec(OptionType::Bool) << QVariant(true) << "";
    QTest::newRow("bool false") << spec(OptionType::Bool) << QVariant(false) << "";
    QTest::newRow("bool text") << spec(OptionType::Bool) << QVariant("false") << "";
    QTest::newRow("bool word") << spec(OptionType::Bool) << QVariant("yes")
                               << "must be true or false";

    QTest::newRow("enum") << spec(OptionType::Enum, false, {"a", "b"}) << QVariant("b") << "";
    QTest::newRow("enum refused") << spec(OptionType::Enum, false, {"a", "b"}) << QVariant("c")
                                  << "\"c\" is not one of a, b";
    QTest::newRow("enum case") << spec(OptionType::Enum, false, {"a", "b"}) << QVariant("A")
                               << "\"A\" is not one of a, b";
    // A String's choices are suggestions (the serial ports present now): any text is valid.
    QTest::newRow("string choices suggest")
        << spec(OptionType::String, true, {"/dev/ttyUSB0"}) << QVariant("/dev/ttyACM3") << "";

    QTest::newRow("headers") << spec(OptionType::Headers) << QVariant("A: 1\nB: 2") << "";
    QTest::newRow("headers bad line") << spec(OptionType::Headers) << QVariant("A: 1\nbroken")
                                      << "line 2: expected \"Name: value\"";
    QTest::newRow("headers map") << spec(OptionType::Headers)
                                 << QVariant(QVariantMap{{"A", "1"}}) << "";
    QTest::newRow("headers empty map, required") << spec(OptionType::Headers, true)
                                                 << QVariant(QVariantMap{}) << "";

    QTest::newRow("free text") << spec(OptionType::Text) << QVariant("anything: at all\n") << "";
    // clang-format on
}

void TestOptions::validate()
{
    QFETCH(OptionSpec, spec);
    QFETCH(QVariant, value);
    QFETCH(QString, error);

    QVariantMap values{{QStringLiteral("other"), QStringLiteral("ignored")}};
    if (value.isValid())
        values.insert(spec.key, value);
    const QList<Problem> errors = validateOptions({spec}, values);
    if (error.isEmpty()) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).message));
    } else {
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().path, spec.key);
        QCOMPARE(errors.first().message, error);
    }
}

void TestOptions::urlWithEmbeddedReferenceSkipsValidation_data()
{
    // clang-format off
    QTest::addColumn<QString>("url");

    // References are resolved when the feed starts, wherever they are in the URL.
    QTest::newRow("host") << "ws://${env:LIVEDASH_HOST}/feed";
    QTest::newRow("port") << "ws://localhost:${demo.port}/feed";
    QTest::newRow("query token") << "wss://example.com/live?token=${env:TOKEN}";
    // clang-format on
}

void TestOptions::urlWithEmbeddedReferenceSkipsValidation()
{
    QFETCH(QString, url);
    const QList<Problem> errors =
        validateOptions({spec(OptionType::Url, true, {"ws", "wss"})}, {{"opt", url}});
    QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).message));
}

void TestOptions::validateReportsEveryKey()
{
    OptionSpec url = spec(OptionType::Url, true);
    url.key = QStringLiteral("url");
    url.label = QStringLiteral("URL");
    OptionSpec port = spec(OptionType::Int, false, {}, 1, 65535);
    port.key = QStringLiteral("port");
    OptionSpec mode = spec(OptionType::Enum, false, {"fast", "slow"});
    mode.key = QStringLiteral("mode");
    const QList<Problem> errors =
        validateOptions({url, port, mode}, {{"port", 70000}, {"mode", "fast"}});
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors[0].path, QStringLiteral("url"));
    QCOMPARE(errors[0].message, QStringLiteral("URL is required"));
    QCOMPARE(errors[1].path, QStringLiteral("port"));
    QCOMPARE(errors[1].message, QStringLiteral("must be between 1 and 65535"));
}

void TestOptions::hugeIntegersAreRefused_data()
{
    // clang-format off
    QTest::addColumn<QString>("value");
    QTest::newRow("1e30") << "1e30";
    QTest::newRow("-1e30") << "-1e30";
    QTest::newRow("2^63") << "9223372036854775808";
    // clang-format on
}

void TestOptions::hugeIntegersAreRefused()
{
    // No range declared: a value no qint64 holds is still refused (and, under UBSan's
    // float-cast-overflow check, without converting it to qint64 first).
    QFETCH(QString, value);
    const QList<Problem> errors = validateOptions({spec(OptionType::Int)}, {{"opt", value}});
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().path, QStringLiteral("opt"));
}

void TestOptions::parseHeaders_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("error");

    QTest::newRow("one") << "Authorization: Bearer abc" << QStringList{"Authorization=Bearer abc"}
                         << "";
    QTest::newRow("crlf") << "A: 1\r\nB:2\r\n" << QStringList{"A=1", "B=2"} << "";
    QTest::newRow("padding and colon in value")
        << "  X-Api-Key :  k:v  " << QStringList{"X-Api-Key=k:v"} << "";
    QTest::newRow("comments and blanks") << "# note\n\n   \nA: 1\n#B: 2"
                                         << QStringList{"A=1"} << "";
    QTest::newRow("empty value") << "X-Empty:" << QStringList{"X-Empty="} << "";
    QTest::newRow("underscore and digits") << "x_y9: z" << QStringList{"x_y9=z"} << "";
    QTest::newRow("nothing") << "" << QStringList{} << "";
    QTest::newRow("no colon") << "no colon here" << QStringList{}
                              << "line 1: expected \"Name: value\"";
    QTest::newRow("no name") << "A: 1\n: v" << QStringList{"A=1"}
                             << "line 2: expected \"Name: value\"";
    QTest::newRow("space in name") << "Bad Name: 2" << QStringList{}
                                   << "line 1: expected \"Name: value\"";
    QTest::newRow("first error only, good lines kept")
        << "A: 1\n: v\nBad Name: 2\nC: 3" << QStringList{"A=1", "C=3"}
        << "line 2: expected \"Name: value\"";
    // Fuzz finding headers-crlf: a CR, LF or NUL inside a value would smuggle in a header.
    QTest::newRow("bare CR in value") << QString::fromLatin1("X-A: one\rX-B: two")
                                      << QStringList{} << "line 1: the value holds a line break or NUL";
    QTest::newRow("NUL in value") << QString::fromLatin1("A: 1\nX-A: o\0ne", 14)
                                  << QStringList{"A=1"} << "line 2: the value holds a line break or NUL";
    // clang-format on
}

void TestOptions::parseHeaders()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QFETCH(QString, error);

    QString why;
    QCOMPARE(pairs(livedash::parseHeaders(QVariant(text), &why)), expected);
    QCOMPARE(why, error);
    QCOMPARE(pairs(livedash::parseHeaders(QVariant(text))), expected); // no error pointer
}

void TestOptions::parseHeadersFromMap()
{
    QString why;
    const auto headers = livedash::parseHeaders(
        QVariant(QVariantMap{{"X-Token", "abc"}, {"Accept", "text/event-stream"}, {"N", 5}}), &why);
    QVERIFY(why.isEmpty());
    QCOMPARE(pairs(headers), (QStringList{"Accept=text/event-stream", "N=5", "X-Token=abc"}));

    const auto injected = livedash::parseHeaders(
        QVariant(QVariantMap{{"X-A", "one\r\nX-Injected: 1"}, {"X-B", "ok"}}), &why);
    QCOMPARE(pairs(injected), QStringList{"X-B=ok"});
    QCOMPARE(why, QStringLiteral("the value of \"X-A\" holds a line break or NUL"));
}

void TestOptions::headerNamesMustBeAscii()
{
    // HTTP field names are ASCII tokens: a non-ASCII name would go on the wire as raw UTF-8.
    QString why;
    const auto headers = livedash::parseHeaders(QVariant(QString::fromUtf8("Ä-Token: 1")), &why);
    QVERIFY2(headers.isEmpty(), qPrintable(pairs(headers).join(QLatin1Char(','))));
    QCOMPARE(why, QStringLiteral("line 1: expected \"Name: value\""));
}

void TestOptions::withDefaults()
{
    OptionSpec a = spec(OptionType::Int, false, {}, 0, 0, 10);
    a.key = QStringLiteral("a");
    OptionSpec b = spec(OptionType::String, false, {}, 0, 0, QStringLiteral("dflt"));
    b.key = QStringLiteral("b");
    OptionSpec c = spec(OptionType::String); // no default
    c.key = QStringLiteral("c");

    const QVariantMap filled = livedash::withDefaults({a, b, c}, {{"b", ""}, {"extra", 1}});
    QCOMPARE(filled.value(QStringLiteral("a")), QVariant(10));
    QCOMPARE(filled.value(QStringLiteral("b")), QVariant(QString())); // given values are kept
    QVERIFY(!filled.contains(QStringLiteral("c")));
    QCOMPARE(filled.value(QStringLiteral("extra")), QVariant(1));
    QCOMPARE(filled.size(), 3);
}

void TestOptions::typeNames()
{
    QSet<QString> names;
    for (auto t : {OptionType::String, OptionType::Url, OptionType::Int, OptionType::Double,
                   OptionType::Bool, OptionType::Enum, OptionType::Secret, OptionType::Duration,
                   OptionType::Headers, OptionType::Text}) {
        const QString name = optionTypeName(t);
        QVERIFY(!name.isEmpty());
        names.insert(name);
    }
    QCOMPARE(names.size(), 10);
    QCOMPARE(optionTypeName(OptionType::Url), QStringLiteral("url"));
    QCOMPARE(optionTypeName(OptionType::Headers), QStringLiteral("headers"));
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestOptions)
#include "tst_options.moc"
