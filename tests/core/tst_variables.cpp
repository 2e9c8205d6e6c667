#include "secrets/variables.h"
#include <livedash/options.h>

#include <QTest>

namespace livedash {

class TestVariables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void resolve_data();
    void resolve();
    void resolveFailures_data();
    void resolveFailures();
    void hasReference_data();
    void hasReference();
    void setAndContains();
    void resolveOptions();
    void nestedOptionValuesAreResolved();
};

void TestVariables::initTestCase()
{
    qputenv("LIVEDASH_TEST_TOKEN", "s3cr3t");
    qputenv("LIVEDASH_TEST_EMPTY", "");
    qunsetenv("LIVEDASH_TEST_UNSET");
}

void TestVariables::cleanupTestCase()
{
    qunsetenv("LIVEDASH_TEST_TOKEN");
    qunsetenv("LIVEDASH_TEST_EMPTY");
}

void TestVariables::resolve_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("no reference") << "wss://example.com/x" << "wss://example.com/x";
    QTest::newRow("empty") << "" << "";
    QTest::newRow("host variable") << "${demo.ws}" << "ws://127.0.0.1:4711/scores";
    QTest::newRow("embedded") << "url=${demo.ws};" << "url=ws://127.0.0.1:4711/scores;";
    QTest::newRow("two references") << "${a}-${b}" << "1-2";
    QTest::newRow("same twice") << "${a}${a}" << "11";
    QTest::newRow("env") << "Bearer ${env:LIVEDASH_TEST_TOKEN}" << "Bearer s3cr3t";
    QTest::newRow("env set but empty") << "[${env:LIVEDASH_TEST_EMPTY}]" << "[]";
    QTest::newRow("env and host") << "${demo.ws}?t=${env:LIVEDASH_TEST_TOKEN}"
                                  << "ws://127.0.0.1:4711/scores?t=s3cr3t";
    QTest::newRow("value is not re-expanded") << "${loop}" << "${a}";
    QTest::newRow("unterminated is literal") << "cost ${a" << "cost ${a";
    QTest::newRow("invalid name is literal") << "${a b}" << "${a b}";
    QTest::newRow("empty name is literal") << "${}" << "${}";
    QTest::newRow("dollar without brace") << "$a and $" << "$a and $";
    // clang-format on
}

void TestVariables::resolve()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);

    Variables vars;
    vars.set(QStringLiteral("demo.ws"), QStringLiteral("ws://127.0.0.1:4711/scores"));
    vars.set(QStringLiteral("a"), QStringLiteral("1"));
    vars.set(QStringLiteral("b"), QStringLiteral("2"));
    vars.set(QStringLiteral("loop"), QStringLiteral("${a}"));
    QString error;
    const QString out = vars.resolve(text, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(out, expected);
}

void TestVariables::resolveFailures_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    QTest::newRow("unknown") << "${nope}" << "unknown variable ${nope}";
    QTest::newRow("unknown after known") << "${a}/${nope}" << "unknown variable ${nope}";
    QTest::newRow("env unset") << "x ${env:LIVEDASH_TEST_UNSET}"
                               << "environment variable LIVEDASH_TEST_UNSET is not set";
    QTest::newRow("first failure wins") << "${env:LIVEDASH_TEST_UNSET}${nope}"
                                        << "environment variable LIVEDASH_TEST_UNSET is not set";
    QTest::newRow("case matters") << "${A}" << "unknown variable ${A}";
    // clang-format on
}

void TestVariables::resolveFailures()
{
    QFETCH(QString, text);
    QFETCH(QString, error);

    Variables vars;
    vars.set(QStringLiteral("a"), QStringLiteral("1"));
    QString why;
    const QString out = vars.resolve(text, &why);
    QVERIFY(out.isNull());
    QCOMPARE(why, error);
}

void TestVariables::hasReference_data()
{
    // clang-format off
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("has");

    QTest::newRow("plain") << "wss://x/y" << false;
    QTest::newRow("host") << "${demo.ws}" << true;
    QTest::newRow("env") << "Bearer ${env:TOKEN}" << true;
    QTest::newRow("dashes and colons") << "${a-b:c_d.e}" << true;
    QTest::newRow("unterminated") << "${abc" << false;
    QTest::newRow("space") << "${a b}" << false;
    QTest::newRow("empty") << "${}" << false;
    QTest::newRow("dollar only") << "$abc" << false;
    // clang-format on
}

void TestVariables::hasReference()
{
    QFETCH(QString, text);
    QFETCH(bool, has);
    QCOMPARE(Variables::hasReference(text), has);
}

void TestVariables::setAndContains()
{
    Variables vars;
    QVERIFY(!vars.contains(QStringLiteral("x")));
    vars.set(QStringLiteral("x"), QStringLiteral("1"));
    vars.set(QStringLiteral("x"), QStringLiteral("2")); // replaces
    QVERIFY(vars.contains(QStringLiteral("x")));
    QCOMPARE(vars.values().size(), 1);
    QCOMPARE(vars.values().value(QStringLiteral("x")), QStringLiteral("2"));
    QString error;
    QCOMPARE(vars.resolve(QStringLiteral("${x}"), &error), QStringLiteral("2"));
}

void TestVariables::resolveOptions()
{
    Variables vars;
    vars.set(QStringLiteral("demo.ws"), QStringLiteral("ws://127.0.0.1:1/x"));
    const QVariantMap options{{"url", "${demo.ws}"},
                              {"token", "${env:LIVEDASH_TEST_TOKEN}"},
                              {"port", 5},
                              {"enabled", true},
                              {"plain", "text"},
                              {"bad", "${nope}"},
                              {"worse", "${env:LIVEDASH_TEST_UNSET}"}};
    QStringList errors;
    const QVariantMap out = vars.resolve(options, &errors);
    QCOMPARE(out.value(QStringLiteral("url")), QVariant(QStringLiteral("ws://127.0.0.1:1/x")));
    QCOMPARE(out.value(QStringLiteral("token")), QVariant(QStringLiteral("s3cr3t")));
    QCOMPARE(out.value(QStringLiteral("port")), QVariant(5));
    QCOMPARE(out.value(QStringLiteral("enabled")), QVariant(true));
    QCOMPARE(out.value(QStringLiteral("plain")), QVariant(QStringLiteral("text")));
    QCOMPARE(out.size(), options.size());
    QCOMPARE(errors, (QStringList{"bad: unknown variable ${nope}",
                                  "worse: environment variable LIVEDASH_TEST_UNSET is not set"}));
    QCOMPARE(options.value(QStringLiteral("url")).toString(), QStringLiteral("${demo.ws}"));
}

void TestVariables::nestedOptionValuesAreResolved()
{
    // A headers option may be a JSON object (parseHeaders accepts a map), and tokens reach a
    // headless machine through ${env:...}: references inside it must be resolved too.
    Variables vars;
    const QVariantMap options{
        {"headers", QVariantMap{{"Authorization", "Bearer ${env:LIVEDASH_TEST_TOKEN}"}}}};
    QStringList errors;
    const QVariantMap out = vars.resolve(options, &errors);
    QVERIFY(errors.isEmpty());
    const auto headers = parseHeaders(out.value(QStringLiteral("headers")));
    QCOMPARE(headers.size(), 1);
    QCOMPARE(headers.first().second, QByteArray("Bearer s3cr3t"));
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestVariables)
#include "tst_variables.moc"
