// The SDK's shared line reading (livedash/lines.h) that the exec, serial, udp and tcp feeds
// use: splitting a stream into lines and decoding each line's format into a JSON message.
#include <livedash/lines.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace livedash {

namespace {

QJsonObject object(const LineDecoder::Result &r)
{
    return QJsonDocument::fromJson(r.message).object();
}

QList<QByteArray> splitAll(LineSplitter &splitter, const QList<QByteArray> &chunks, int *oversized)
{
    QList<QByteArray> lines;
    for (const QByteArray &chunk : chunks)
        splitter.feed(
            chunk, [&](QByteArrayView l) { lines.append(l.toByteArray()); }, [&] { ++*oversized; });
    splitter.finish([&](QByteArrayView l) { lines.append(l.toByteArray()); });
    return lines;
}

} // namespace

class TestLines : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitterJoinsPartialLinesAndDropsCr()
    {
        LineSplitter splitter(100);
        int oversized = 0;
        const QList<QByteArray> lines =
            splitAll(splitter, {"te", "mp=1\r", "\nrh=2\n\nlast"}, &oversized);
        QCOMPARE(lines, (QList<QByteArray>{"temp=1", "rh=2", "", "last"}));
        QCOMPARE(oversized, 0);
    }

    void splitterSkipsAnOversizedLineWhole()
    {
        LineSplitter splitter(8);
        int oversized = 0;
        const QList<QByteArray> lines =
            splitAll(splitter, {"short\n0123456", "789abcdef", "ghij\nok\n"}, &oversized);
        QCOMPARE(lines, (QList<QByteArray>{"short", "ok"}));
        QCOMPARE(oversized, 1);
        QVERIFY(splitter.pending() == 0);
    }

    void csvHeaderFromTheFirstLine()
    {
        LineDecoder d(LineDecoder::Format::Csv);
        QCOMPARE(d.decode("time, temp ,\"name, full\"").kind, LineDecoder::Result::Skipped);
        const LineDecoder::Result row = d.decode("1700000000, 21.5,\"Hall \"\"A\"\"\"");
        QCOMPARE(row.kind, LineDecoder::Result::Message);
        QCOMPARE(object(row).value(QStringLiteral("temp")).toDouble(), 21.5);
        QCOMPARE(object(row).value(QStringLiteral("time")).toDouble(), 1700000000.0);
        QCOMPARE(object(row).value(QStringLiteral("name, full")).toString(),
                 QStringLiteral("Hall \"A\""));
        // An empty field is left out; a missing trailing one too.
        QCOMPARE(object(d.decode("2,,x")).keys(), (QStringList{"name, full", "time"}));
        QCOMPARE(object(d.decode("3")).keys(), (QStringList{"time"}));
        const LineDecoder::Result wide = d.decode("1,2,3,4");
        QCOMPARE(wide.kind, LineDecoder::Result::Rejected);
        QCOMPARE(wide.problem, QStringLiteral("CSV row with 4 fields, the header names 3"));
        // A new stream reads its own header.
        d.restart();
        QCOMPARE(d.decode("a,b").kind, LineDecoder::Result::Skipped);
        QCOMPARE(object(d.decode("1,2")).value(QStringLiteral("b")).toDouble(), 2.0);
    }

    void csvHeaderFromTheOptions()
    {
        LineDecoder d =
            LineDecoder::fromOptions({{LineDecoder::FormatKey, LineDecoder::FormatCsv},
                                      {LineDecoder::CsvHeaderKey, QStringLiteral("x, y")}});
        QCOMPARE(d.format(), LineDecoder::Format::Csv);
        const QJsonObject first = object(d.decode("1,2"));
        QCOMPARE(first.value(QStringLiteral("x")).toDouble(), 1.0);
        QCOMPARE(first.value(QStringLiteral("y")).toDouble(), 2.0);
        d.restart(); // the configured header stays
        QCOMPARE(object(d.decode("3,4")).value(QStringLiteral("x")).toDouble(), 3.0);
    }

    void keyValuePairs()
    {
        LineDecoder d(LineDecoder::Format::KeyValue);
        const QJsonObject o = object(d.decode("temp=21.5 rh=40;state=ok,\tfan=-1e2"));
        QCOMPARE(o.value(QStringLiteral("temp")).toDouble(), 21.5);
        QCOMPARE(o.value(QStringLiteral("rh")).toDouble(), 40.0);
        QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("ok"));
        QCOMPARE(o.value(QStringLiteral("fan")).toDouble(), -100.0);
        const LineDecoder::Result bad = d.decode("temp=1 garbage");
        QCOMPARE(bad.kind, LineDecoder::Result::Rejected);
        QCOMPARE(bad.problem, QStringLiteral("not name=value pairs: \"temp=1 garbage\""));
        QCOMPARE(d.decode("=5").kind, LineDecoder::Result::Rejected);
    }

    void numbers()
    {
        LineDecoder d(LineDecoder::Format::Number);
        QCOMPARE(object(d.decode(" 42.5 ")), (QJsonObject{{"value", 42.5}}));
        QCOMPARE(object(d.decode("1,2\t3")),
                 (QJsonObject{{"value1", 1.0}, {"value2", 2.0}, {"value3", 3.0}}));
        for (const char *bad : {"nan", "inf", "0x10", "12abc", "1e999"}) {
            const LineDecoder::Result r = d.decode(bad);
            QVERIFY2(r.kind == LineDecoder::Result::Rejected, bad);
            QVERIFY(r.problem.startsWith(QLatin1String("not a number: ")));
        }
        QCOMPARE(d.decode("   ").kind, LineDecoder::Result::Skipped);
        // Separators only: nothing, as an empty line (fuzz finding lines-separators).
        QCOMPARE(d.decode(",").kind, LineDecoder::Result::Skipped);
        QCOMPARE(LineDecoder(LineDecoder::Format::KeyValue).decode(" ;, ").kind,
                 LineDecoder::Result::Skipped);
    }

    void jsonLinesPassThrough()
    {
        LineDecoder d;
        const LineDecoder::Result r = d.decode("{\"a\": [1, 2]}");
        QCOMPARE(r.kind, LineDecoder::Result::Message);
        QCOMPARE(r.message, QByteArray("{\"a\": [1, 2]}"));
        QCOMPARE(d.decode("").kind, LineDecoder::Result::Skipped);
    }

    void optionsDeclareTheFormats()
    {
        const QList<OptionSpec> specs = LineDecoder::options(LineDecoder::FormatNumber);
        QCOMPARE(specs.size(), 3);
        QCOMPARE(specs[0].key, LineDecoder::FormatKey);
        QCOMPARE(specs[0].defaultValue.toString(), LineDecoder::FormatNumber);
        QCOMPARE(specs[0].choices, (QStringList{"jsonl", "csv", "keyValue", "number"}));
        QCOMPARE(LineDecoder::maxLineBytes({}), LineDecoder::DefaultMaxLineBytes);
        QCOMPARE(LineDecoder::maxLineBytes({{LineDecoder::MaxLineKey, 4}}), qint64(16));
    }
};

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestLines)

#include "tst_lines.moc"
