// Unit tests of the Prometheus text exposition format parser (feeds/prometheus/promtext) with
// the examples of the format's specification
// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-format-example), and of the
// channel names given to series (promnames).

#include "promnames.h"
#include "promtext.h"

#include <QTest>

#include <cmath>

namespace livedash {

using namespace promtext;

namespace {

// The specification's example, as published.
const QByteArray SpecExample =
    "# HELP http_requests_total The total number of HTTP requests.\n"
    "# TYPE http_requests_total counter\n"
    "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
    "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
    "\n"
    "# Escaping in label values:\n"
    "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find "
    "file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n"
    "\n"
    "# Minimalistic line:\n"
    "metric_without_timestamp_and_labels 12.47\n"
    "\n"
    "# A weird metric from before the epoch:\n"
    "something_weird{problem=\"division by zero\"} +Inf -3982045\n"
    "\n"
    "# A histogram, which has a pretty complex representation in the text format:\n"
    "# HELP http_request_duration_seconds A histogram of the request duration.\n"
    "# TYPE http_request_duration_seconds histogram\n"
    "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
    "http_request_duration_seconds_bucket{le=\"0.1\"} 33444\n"
    "http_request_duration_seconds_bucket{le=\"0.2\"} 100392\n"
    "http_request_duration_seconds_bucket{le=\"0.5\"} 129389\n"
    "http_request_duration_seconds_bucket{le=\"1\"} 133988\n"
    "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
    "http_request_duration_seconds_sum 53423\n"
    "http_request_duration_seconds_count 144320\n"
    "\n"
    "# Finally a summary, which has a complex representation, too:\n"
    "# HELP rpc_duration_seconds A summary of the RPC duration in seconds.\n"
    "# TYPE rpc_duration_seconds summary\n"
    "rpc_duration_seconds{quantile=\"0.01\"} 3102\n"
    "rpc_duration_seconds{quantile=\"0.05\"} 3272\n"
    "rpc_duration_seconds{quantile=\"0.5\"} 4773\n"
    "rpc_duration_seconds{quantile=\"0.9\"} 9001\n"
    "rpc_duration_seconds{quantile=\"0.99\"} 76656\n"
    "rpc_duration_seconds_sum 1.7560473e+07\n"
    "rpc_duration_seconds_count 2693\n";

QString errorsOf(const Parser &p)
{
    QStringList out;
    for (const Error &e : p.errors())
        out.append(QStringLiteral("line %1: %2").arg(e.line).arg(e.message));
    return out.join(QLatin1Char('\n'));
}

} // namespace

class TestPromText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void specExample();
    void specExampleInChunks();
    void histogramAndSummaryFamilies();
    void valuesAsGoReadsThem_data();
    void valuesAsGoReadsThem();
    void whitespaceAndOptionalParts();
    void helpEscapes();
    void badLinesAreReportedWithTheirNumber_data();
    void badLinesAreReportedWithTheirNumber();
    void typeRules();
    void overlongLineIsSkipped();
    void formatRoundTrip();
    void cumulativeSamples();
    void channelNamesFromLabels();
    void channelNamesFromTemplate();
};

void TestPromText::specExample()
{
    const Parser p = parse(SpecExample);
    QVERIFY2(p.errors().isEmpty(), qPrintable(errorsOf(p)));
    QCOMPARE(p.samples().size(), 2 + 1 + 1 + 1 + 8 + 7);
    const Sample &first = p.samples().at(0);
    QCOMPARE(first.name, QStringLiteral("http_requests_total"));
    QCOMPARE(first.labels, (QList<Label>{{QStringLiteral("method"), QStringLiteral("post")},
                                         {QStringLiteral("code"), QStringLiteral("200")}}));
    QCOMPARE(first.value, 1027.0);
    QCOMPARE(first.timestampMs, std::optional<qint64>(1395066363000));
    QCOMPARE(first.type, MetricType::Counter);
    QCOMPARE(first.line, 3);
    QCOMPARE(p.samples().at(1).value, 3.0);

    const Sample &dos = p.samples().at(2);
    QCOMPARE(dos.label(QStringLiteral("path")),
             std::optional<QString>(QStringLiteral("C:\\DIR\\FILE.TXT")));
    QCOMPARE(dos.label(QStringLiteral("error")),
             std::optional<QString>(QStringLiteral("Cannot find file:\n\"FILE.TXT\"")));
    QCOMPARE(dos.value, 1.458255915e9);
    QCOMPARE(dos.type, MetricType::Untyped);
    QVERIFY(!dos.timestampMs);

    QCOMPARE(p.samples().at(3).name, QStringLiteral("metric_without_timestamp_and_labels"));
    QCOMPARE(p.samples().at(3).value, 12.47);
    const Sample &weird = p.samples().at(4);
    QVERIFY(std::isinf(weird.value) && weird.value > 0);
    QCOMPARE(weird.timestampMs, std::optional<qint64>(-3982045));
    QCOMPARE(weird.line, 13);

    QCOMPARE(p.families().at(0).help, QStringLiteral("The total number of HTTP requests."));
    QCOMPARE(p.lines(), 36);
}

void TestPromText::specExampleInChunks()
{
    const Parser whole = parse(SpecExample);
    for (qsizetype size : {1, 2, 3, 7, 64}) {
        Parser p;
        for (qsizetype i = 0; i < SpecExample.size(); i += size)
            p.feed(QByteArrayView(SpecExample).sliced(i, std::min(size, SpecExample.size() - i)));
        p.finish();
        QCOMPARE(p.samples().size(), whole.samples().size());
        for (qsizetype i = 0; i < p.samples().size(); ++i) {
            QCOMPARE(p.samples()[i].name, whole.samples()[i].name);
            QCOMPARE(p.samples()[i].labels, whole.samples()[i].labels);
            QCOMPARE(p.samples()[i].line, whole.samples()[i].line);
        }
    }
}

void TestPromText::histogramAndSummaryFamilies()
{
    const Parser p = parse(SpecExample);
    int buckets = 0;
    for (const Sample &s : p.samples()) {
        if (s.name.startsWith(QLatin1String("http_request_duration_seconds"))) {
            QCOMPARE(s.family, QStringLiteral("http_request_duration_seconds"));
            QCOMPARE(s.type, MetricType::Histogram);
            if (s.name.endsWith(QLatin1String("_bucket")))
                ++buckets;
        }
        if (s.name.startsWith(QLatin1String("rpc_duration_seconds"))) {
            QCOMPARE(s.family, QStringLiteral("rpc_duration_seconds"));
            QCOMPARE(s.type, MetricType::Summary);
        }
    }
    QCOMPARE(buckets, 6);
    const Sample &inf = p.samples().at(10);
    QCOMPARE(inf.label(QStringLiteral("le")), std::optional<QString>(QStringLiteral("+Inf")));
    QCOMPARE(inf.value, 144320.0);
    QCOMPARE(p.samples().at(18).name, QStringLiteral("rpc_duration_seconds_sum"));
    QCOMPARE(p.samples().at(18).value, 1.7560473e+07);
    QCOMPARE(p.families().size(), 6);

    // A bucket without le, a quantile sample without quantile: reported, the rest read.
    const Parser bad = parse("# TYPE h histogram\nh_bucket 1\nh_bucket{le=\"x\"} 1\nh_count 2\n"
                             "# TYPE s summary\ns 1\ns_sum 3\n");
    QCOMPARE(bad.errors().size(), 3);
    QCOMPARE(bad.errors().at(0).line, 2);
    QCOMPARE(bad.errors().at(1).line, 3);
    QCOMPARE(bad.errors().at(2).line, 6);
    QCOMPARE(bad.samples().size(), 2);
}

void TestPromText::valuesAsGoReadsThem_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("int") << QByteArray("42") << true << 42.0;
    QTest::newRow("neg") << QByteArray("-1.5") << true << -1.5;
    QTest::newRow("plus") << QByteArray("+2") << true << 2.0;
    QTest::newRow("exp") << QByteArray("1.7560473e+07") << true << 1.7560473e+07;
    QTest::newRow("dot") << QByteArray(".5") << true << 0.5;
    QTest::newRow("hex") << QByteArray("0x1p-2") << true << 0.25;
    QTest::newRow("+Inf") << QByteArray("+Inf") << true << inf;
    QTest::newRow("-Inf") << QByteArray("-Inf") << true << -inf;
    QTest::newRow("Inf") << QByteArray("Inf") << true << inf;
    QTest::newRow("infinity") << QByteArray("-infinity") << true << -inf;
    QTest::newRow("empty") << QByteArray("") << false << 0.0;
    QTest::newRow("word") << QByteArray("abc") << false << 0.0;
    QTest::newRow("comma") << QByteArray("1,5") << false << 0.0;
    QTest::newRow("+NaN") << QByteArray("+NaN") << false << 0.0;
    QTest::newRow("hex without exponent") << QByteArray("0x10") << false << 0.0;
    QTest::newRow("overflow") << QByteArray("1e400") << false << 0.0;
    QTest::newRow("underscore") << QByteArray("1_000") << false << 0.0;
}

void TestPromText::valuesAsGoReadsThem()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(double, value);
    const std::optional<double> v = parseFloat(text);
    QCOMPARE(v.has_value(), ok);
    if (ok)
        QCOMPARE(*v, value);
    QVERIFY(std::isnan(*parseFloat("NaN")));
    QVERIFY(std::isnan(*parseFloat("nan")));
    QCOMPARE(formatFloat(std::numeric_limits<double>::quiet_NaN()), QByteArray("NaN"));
    QCOMPARE(formatFloat(-std::numeric_limits<double>::infinity()), QByteArray("-Inf"));
    QCOMPARE(formatFloat(0.1), QByteArray("0.1"));
}

void TestPromText::whitespaceAndOptionalParts()
{
    const Parser p = parse("  a{x=\"1\",} 1\n"
                           "b { x = \"1\" , y=\"2\" }\t2\t17\n"
                           "c{} 3\r\n"
                           "\n   \n\t# just a comment\n"
                           "d NaN\n"
                           "e -Inf"); // no line feed at the end
    QVERIFY2(p.errors().isEmpty(), qPrintable(errorsOf(p)));
    QCOMPARE(p.samples().size(), 5);
    QCOMPARE(p.samples()[0].labels.size(), 1);
    QCOMPARE(p.samples()[1].labels.size(), 2);
    QCOMPARE(p.samples()[1].timestampMs, std::optional<qint64>(17));
    QCOMPARE(p.samples()[2].value, 3.0);
    QVERIFY(std::isnan(p.samples()[3].value));
    QCOMPARE(p.samples()[3].line, 7);
    QVERIFY(std::isinf(p.samples()[4].value) && p.samples()[4].value < 0);
    QCOMPARE(p.lines(), 8);
}

void TestPromText::helpEscapes()
{
    const Parser p = parse("# HELP a Line one\\nback\\\\slash \"quoted\"\n# HELP b bad \\t escape\n"
                           "# HELP c\n");
    QCOMPARE(p.families().at(0).help, QStringLiteral("Line one\nback\\slash \"quoted\""));
    QCOMPARE(p.errors().size(), 1);
    QCOMPARE(p.errors().at(0).line, 2);
    QVERIFY(p.errors().at(0).message.contains(QLatin1String("escape")));
    QCOMPARE(escapeHelp(QStringLiteral("a\\b\nc")), QByteArray("a\\\\b\\nc"));
}

void TestPromText::badLinesAreReportedWithTheirNumber_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("says");
    QTest::newRow("no value") << QByteArray("x") << QStringLiteral("no value");
    QTest::newRow("bad value") << QByteArray("x 1.2.3") << QStringLiteral("invalid value");
    QTest::newRow("bad name") << QByteArray("1x 3") << QStringLiteral("metric name");
    QTest::newRow("unclosed value") << QByteArray("x{a=\"b} 1") << QStringLiteral("not closed");
    QTest::newRow("bad escape") << QByteArray("x{a=\"\\t\"} 1") << QStringLiteral("escape");
    QTest::newRow("no equals") << QByteArray("x{a \"b\"} 1") << QStringLiteral("'='");
    QTest::newRow("unquoted") << QByteArray("x{a=b} 1") << QStringLiteral("'\"'");
    QTest::newRow("twice") << QByteArray("x{a=\"1\",a=\"2\"} 1") << QStringLiteral("twice");
    QTest::newRow("reserved") << QByteArray("x{__name__=\"y\"} 1") << QStringLiteral("reserved");
    QTest::newRow("bad timestamp") << QByteArray("x 1 1.5") << QStringLiteral("timestamp");
    QTest::newRow("trailing") << QByteArray("x 1 2 3") << QStringLiteral("after the timestamp");
    QTest::newRow("bad utf8") << QByteArray("x{a=\"\xff\"} 1") << QStringLiteral("UTF-8");
    QTest::newRow("glued") << QByteArray("x-1") << QStringLiteral("blank");
    QTest::newRow("type") << QByteArray("# TYPE x countr") << QStringLiteral("unknown metric type");
}

void TestPromText::badLinesAreReportedWithTheirNumber()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, says);
    const Parser p = parse(QByteArray("ok 1\n# a comment\n" + line + "\nalso_ok 2\n"));
    QCOMPARE(p.errors().size(), 1);
    QCOMPARE(p.errors().at(0).line, 3);
    QVERIFY2(p.errors().at(0).message.contains(says), qPrintable(p.errors().at(0).message));
    QCOMPARE(p.samples().size(), 2);
    QCOMPARE(p.samples().at(1).line, 4);
}

void TestPromText::typeRules()
{
    const Parser p = parse("# TYPE a counter\n# TYPE a gauge\nb 1\n# TYPE b gauge\n"
                           "# TYPE c\n# HELP a x\n# HELP a y\nc 1\n");
    QCOMPARE(p.errors().size(), 3);
    QVERIFY(p.errors().at(0).message.contains(QLatin1String("second TYPE")));
    QCOMPARE(p.errors().at(0).line, 2);
    QVERIFY(p.errors().at(1).message.contains(QLatin1String("after its samples")));
    QCOMPARE(p.errors().at(2).line, 7);
    QCOMPARE(p.families().at(0).type, MetricType::Counter);
}

void TestPromText::overlongLineIsSkipped()
{
    Parser p(32);
    p.feed(QByteArray("a 1\nb{x=\"" + QByteArray(40, 'y') + "\"} 2\nc 3\n"));
    p.finish();
    QCOMPARE(p.samples().size(), 2);
    QCOMPARE(p.samples().at(1).name, QStringLiteral("c"));
    QCOMPARE(p.samples().at(1).line, 3);
    QCOMPARE(p.errors().size(), 1);
    QCOMPARE(p.errors().at(0).line, 2);
}

void TestPromText::formatRoundTrip()
{
    Sample s;
    s.name = QStringLiteral("x:y");
    s.labels = {{QStringLiteral("a"), QStringLiteral("q\"uo\\te\nnl ü")},
                {QStringLiteral("b"), QString()}};
    s.value = -0.000123;
    s.timestampMs = -5;
    const Parser p = parse(formatSample(s));
    QVERIFY2(p.errors().isEmpty(), qPrintable(errorsOf(p)));
    QCOMPARE(p.samples().size(), 1);
    QCOMPARE(p.samples()[0].name, s.name);
    QCOMPARE(p.samples()[0].labels, s.labels);
    QCOMPARE(p.samples()[0].value, s.value);
    QCOMPARE(p.samples()[0].timestampMs, s.timestampMs);
}

void TestPromText::cumulativeSamples()
{
    const Parser p = parse(QByteArray(SpecExample + "# TYPE g gauge\ng 1\n"));
    QStringList cumulative;
    for (const Sample &s : p.samples())
        if (s.isCumulative())
            cumulative.append(s.name);
    cumulative.removeDuplicates();
    QCOMPARE(cumulative, QStringList({QStringLiteral("http_requests_total"),
                                      QStringLiteral("http_request_duration_seconds_bucket"),
                                      QStringLiteral("http_request_duration_seconds_sum"),
                                      QStringLiteral("http_request_duration_seconds_count"),
                                      QStringLiteral("rpc_duration_seconds_sum"),
                                      QStringLiteral("rpc_duration_seconds_count")}));
}

void TestPromText::channelNamesFromLabels()
{
    using promnames::fromLabels;
    QCOMPARE(fromLabels(QStringLiteral("node_load1"),
                        {{QStringLiteral("instance"), QStringLiteral("host:9100")},
                         {QStringLiteral("job"), QStringLiteral("node")}}),
             QStringLiteral("node_load1/instance=host:9100/job=node"));
    // Sorted by label name, whatever the order given.
    QCOMPARE(fromLabels(QStringLiteral("m"), {{QStringLiteral("z"), QStringLiteral("1")},
                                              {QStringLiteral("a"), QStringLiteral("2")}}),
             QStringLiteral("m/a=2/z=1"));
    // Values cannot add levels or wildcards; nothing at all is "value".
    QCOMPARE(fromLabels(QString(), {{QStringLiteral("path"), QStringLiteral("/var/*\n")}}),
             QStringLiteral("path=_var___"));
    QCOMPARE(fromLabels(QString(), {}), QStringLiteral("value"));
}

void TestPromText::channelNamesFromTemplate()
{
    using promnames::fromTemplate;
    const QList<Label> labels = {{QStringLiteral("instance"), QStringLiteral("a:1")},
                                 {QStringLiteral("mode"), QStringLiteral("idle/x")}};
    QCOMPARE(fromTemplate(QStringLiteral("cpu/{instance}/{mode}"), QStringLiteral("n"), labels),
             QStringLiteral("cpu/a:1/idle_x"));
    QCOMPARE(fromTemplate(QStringLiteral("{__name__}.{missing}"), QStringLiteral("n"), labels),
             QStringLiteral("n."));
    QCOMPARE(fromTemplate(QStringLiteral("{missing}/x"), QStringLiteral("n"), labels),
             QStringLiteral("_/x"));
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestPromText)
#include "tst_promtext.moc"
