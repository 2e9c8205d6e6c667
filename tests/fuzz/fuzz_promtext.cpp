// Fuzzes the Prometheus text exposition format parser (feeds/prometheus/promtext), which reads
// whatever an exporter's /metrics page holds.
//
// Input: byte 0 picks the chunking; the rest is the page.
//
// Invariants:
//  - fed in one piece, in chunks (with empty ones) or one byte at a time, the parser gives the
//    same samples, families and errors (lines are the unit of the format, never the chunks;
//    byte by byte for pages up to 512 bytes);
//  - lines() is the number of lines; every sample's and error's line number is within it, in
//    order, and no line gives more than one sample or error;
//  - every sample's name is a valid metric name, its label names valid and distinct, never
//    __name__; a histogram bucket has a numeric le, a summary quantile a numeric quantile;
//  - formatSample() of every sample parses back to the same name, labels (escaping round trip
//    of the values), value (NaN and ±Inf included) and timestamp, also with blanks and tabs
//    wherever the format allows them and a CRLF line end;
//  - escapeHelp() of every HELP text parses back to the same text.

#include "fuzz_common.h"

#include "promtext.h"

#include <QList>

#include <algorithm>
#include <cmath>

using namespace livedash;
using namespace livedash::promtext;
using livedash::fuzz::show;

namespace {

bool sameValue(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

bool sameSample(const Sample &a, const Sample &b, bool withContext)
{
    if (a.name != b.name || a.labels != b.labels || !sameValue(a.value, b.value) ||
        a.timestampMs != b.timestampMs)
        return false;
    return !withContext || (a.family == b.family && a.type == b.type && a.line == b.line);
}

QString describe(const Parser &p)
{
    QString s = QStringLiteral("%1 lines, %2 samples, %3 errors")
                    .arg(p.lines())
                    .arg(p.samples().size())
                    .arg(p.errors().size());
    for (qsizetype i = 0; i < p.samples().size() && i < 6; ++i)
        s += QStringLiteral("\n    line %1: %2")
                 .arg(p.samples()[i].line)
                 .arg(show(formatSample(p.samples()[i])));
    for (qsizetype i = 0; i < p.errors().size() && i < 6; ++i)
        s += QStringLiteral("\n    error line %1: %2")
                 .arg(p.errors()[i].line)
                 .arg(p.errors()[i].message);
    return s;
}

bool sameParse(const Parser &a, const Parser &b)
{
    if (a.lines() != b.lines() || a.samples().size() != b.samples().size() ||
        a.errors().size() != b.errors().size() || a.families().size() != b.families().size())
        return false;
    for (qsizetype i = 0; i < a.samples().size(); ++i)
        if (!sameSample(a.samples()[i], b.samples()[i], true))
            return false;
    for (qsizetype i = 0; i < a.errors().size(); ++i)
        if (a.errors()[i].line != b.errors()[i].line ||
            a.errors()[i].message != b.errors()[i].message)
            return false;
    for (qsizetype i = 0; i < a.families().size(); ++i) {
        const Family &x = a.families()[i];
        const Family &y = b.families()[i];
        if (x.name != y.name || x.type != y.type || x.help != y.help || x.hasHelp != y.hasHelp)
            return false;
    }
    return true;
}

/// Chunk boundaries from a small generator seeded by `seed`: sizes 0 .. (seed % 32).
QList<QByteArrayView> chunks(QByteArrayView text, unsigned seed)
{
    QList<QByteArrayView> out;
    const unsigned maxChunk = seed % 32 + 1;
    unsigned state = seed * 2654435761u + 1;
    qsizetype pos = 0;
    while (pos < text.size()) {
        state = state * 1103515245u + 12345u;
        const qsizetype n = std::min<qsizetype>((state >> 16) % (maxChunk + 1), text.size() - pos);
        out.append(text.sliced(pos, n));
        pos += n;
    }
    out.append(QByteArrayView());
    return out;
}

/// The sample written with blanks and tabs wherever the format allows them.
QByteArray spacious(const Sample &s)
{
    QByteArray out = " \t" + s.name.toUtf8() + " \t";
    if (!s.labels.isEmpty() || s.name.size() % 2 == 0) {
        out += "{ ";
        for (const Label &l : s.labels)
            out += '\t' + l.name.toUtf8() + " = \t\"" + escapeLabelValue(l.value) + "\" , ";
        out += "}\t ";
    }
    out += formatFloat(s.value);
    if (s.timestampMs)
        out += "\t \t" + QByteArray::number(*s.timestampMs);
    out += " \t\r\n";
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const unsigned seed = data[0];
    const QByteArrayView text = fuzz::bytes(data + 1, size - 1);

    const Parser whole = parse(text);

    Parser chunked;
    for (const QByteArrayView c : chunks(text, seed))
        chunked.feed(c);
    chunked.finish();
    FUZZ_CHECK(sameParse(whole, chunked),
               QStringLiteral("in chunks: \"%1\"\n  whole %2\n  chunked %3")
                   .arg(show(text), describe(whole), describe(chunked)));

    if (text.size() <= 512) { // longer pages: the random chunks only (throughput)
        Parser bytewise;
        for (qsizetype i = 0; i < text.size(); ++i)
            bytewise.feed(text.sliced(i, 1));
        bytewise.finish();
        FUZZ_CHECK(sameParse(whole, bytewise),
                   QStringLiteral("byte by byte: \"%1\"\n  whole %2\n  bytewise %3")
                       .arg(show(text), describe(whole), describe(bytewise)));
    }

    const int lines = int(text.count('\n')) + (!text.isEmpty() && !text.endsWith('\n') ? 1 : 0);
    FUZZ_CHECK(whole.lines() == lines, QStringLiteral("%1 lines counted, %2 in \"%3\"")
                                           .arg(whole.lines())
                                           .arg(lines)
                                           .arg(show(text)));
    FUZZ_CHECK(whole.samples().size() + whole.errors().size() <= lines,
               QStringLiteral("more samples and errors than lines: %1").arg(describe(whole)));

    int previousLine = 0;
    for (const Error &e : whole.errors()) {
        FUZZ_CHECK(e.line >= 1 && e.line <= lines && e.line > previousLine,
                   QStringLiteral("error line %1 of %2 lines (after %3): %4")
                       .arg(e.line)
                       .arg(lines)
                       .arg(previousLine)
                       .arg(e.message));
        FUZZ_CHECK(!e.message.isEmpty(), QStringLiteral("error without a message"));
        previousLine = e.line;
    }

    previousLine = 0;
    for (const Sample &s : whole.samples()) {
        const QString detail =
            QStringLiteral("sample \"%1\" of \"%2\"").arg(show(formatSample(s)), show(text));
        FUZZ_CHECK(s.line >= 1 && s.line <= lines && s.line > previousLine, detail);
        previousLine = s.line;
        FUZZ_CHECK(isValidMetricName(s.name), detail);
        FUZZ_CHECK(isValidMetricName(s.family), detail);
        for (qsizetype i = 0; i < s.labels.size(); ++i) {
            FUZZ_CHECK(isValidLabelName(s.labels[i].name), detail);
            FUZZ_CHECK(s.labels[i].name != QLatin1String("__name__"), detail);
            for (qsizetype j = 0; j < i; ++j)
                FUZZ_CHECK(s.labels[i].name != s.labels[j].name, detail);
        }
        if (s.type == MetricType::Histogram && s.name == s.family + QLatin1String("_bucket")) {
            const auto le = s.label(QStringLiteral("le"));
            FUZZ_CHECK(le && parseFloat(le->toUtf8()), detail);
        }
        if (s.type == MetricType::Summary && s.name == s.family) {
            const auto q = s.label(QStringLiteral("quantile"));
            FUZZ_CHECK(q && parseFloat(q->toUtf8()), detail);
        }

        for (const QByteArray &line : {formatSample(s), spacious(s)}) {
            const Parser again = parse(line);
            FUZZ_CHECK(again.errors().isEmpty() && again.samples().size() == 1 &&
                           sameSample(again.samples().first(), s, false),
                       QStringLiteral("round trip of %1 as \"%2\": %3")
                           .arg(detail, show(line), describe(again)));
        }
    }

    for (const Family &f : whole.families()) {
        if (!f.hasHelp || f.help.endsWith(QLatin1Char('\r')))
            continue; // a CR at a line's end is the line end's; the format cannot escape it
        const QByteArray line = "# HELP " + f.name.toUtf8() + ' ' + escapeHelp(f.help) + '\n';
        const Parser again = parse(line);
        FUZZ_CHECK(again.errors().isEmpty() && again.families().size() == 1 &&
                       again.families().first().help == f.help,
                   QStringLiteral("HELP round trip of \"%1\" as \"%2\": %3")
                       .arg(show(f.help.toUtf8()), show(line), describe(again)));
    }
    return 0;
}
