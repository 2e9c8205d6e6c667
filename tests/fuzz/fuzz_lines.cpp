// Fuzzes the shared line reading of the exec, serial, udp and tcp feeds: LineSplitter, splitCsv
// and LineDecoder (core/sdk/src/lines.cpp), against plain reference implementations written
// here.
//
// Input: byte 0 picks the chunking and byte 1 the line limit; the rest is the stream.
//
// Invariants:
//  - with a limit above the stream's size, the splitter gives exactly the stream's lines
//    (split at '\n', one '\r' before it dropped, the unterminated rest from finish()) however
//    the stream is cut into chunks (one piece, derived positions, byte by byte);
//  - with a small limit, the same lines and the same number of oversized reports however the
//    stream is cut; no line longer than the limit; the lines are exactly the reference lines
//    no longer than the limit (an oversized line is skipped whole);
//  - splitCsv gives one more field than the row has unquoted commas, and joining the fields of
//    a row without quotes reproduces it;
//  - every line, in every format, is a message that is valid JSON (an object for csv,
//    keyValue and number), skipped, or rejected with a reason; never both a message and a
//    reason;
//  - parseNumber accepts what it gives back as a finite number.

#include "fuzz_common.h"

#include <livedash/lines.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <cmath>

using namespace livedash;
using livedash::fuzz::show;

namespace {

QList<QByteArray> referenceLines(QByteArrayView stream)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    for (qsizetype i = 0; i < stream.size(); ++i) {
        if (stream[i] != '\n')
            continue;
        QByteArrayView line = stream.sliced(start, i - start);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line.toByteArray());
        start = i + 1;
    }
    if (start < stream.size()) {
        QByteArrayView rest = stream.sliced(start);
        if (rest.endsWith('\r'))
            rest.chop(1);
        lines.append(rest.toByteArray()); // "\r" alone at the end is an empty last line
    }
    return lines;
}

struct Split
{
    QList<QByteArray> lines;
    int oversized = 0;
};

Split split(QByteArrayView stream, qint64 limit, int chunking)
{
    LineSplitter splitter(limit);
    Split out;
    auto onLine = [&](QByteArrayView l) { out.lines.append(l.toByteArray()); };
    auto onOversized = [&] { ++out.oversized; };
    qsizetype pos = 0;
    int step = 0;
    while (pos < stream.size()) {
        qsizetype n = stream.size() - pos;
        if (chunking == 1)
            n = std::min<qsizetype>(n, 1);
        else if (chunking == 2)
            n = std::min<qsizetype>(n, 1 + (step++ * 7) % 13);
        splitter.feed(stream.sliced(pos, n), onLine, onOversized);
        if (chunking == 2 && step % 5 == 0)
            splitter.feed(QByteArrayView(), onLine, onOversized); // an empty read
        pos += n;
    }
    splitter.finish(onLine);
    return out;
}

void checkDecoder(LineDecoder::Format format, const QList<QByteArray> &lines)
{
    LineDecoder decoder(format);
    for (const QByteArray &line : lines) {
        const LineDecoder::Result r = decoder.decode(line);
        switch (r.kind) {
        case LineDecoder::Result::Message: {
            FUZZ_CHECK(r.problem.isEmpty(), show(line));
            if (format == LineDecoder::Format::JsonLines) {
                FUZZ_CHECK(r.message == line, show(line));
                break;
            }
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(r.message, &error);
            FUZZ_CHECK(error.error == QJsonParseError::NoError && doc.isObject(),
                       show(line) + QStringLiteral(" -> ") + show(r.message));
            // A line of separators only is skipped, not an empty message (lines-separators).
            if (format != LineDecoder::Format::Csv)
                FUZZ_CHECK_KNOWN("lines-separators", !doc.object().isEmpty(), show(line));
            break;
        }
        case LineDecoder::Result::Skipped:
            FUZZ_CHECK(r.message.isEmpty() && r.problem.isEmpty(), show(line));
            break;
        case LineDecoder::Result::Rejected:
            FUZZ_CHECK(r.message.isEmpty() && !r.problem.isEmpty(), show(line));
            break;
        }
    }
}

void checkCsv(QByteArrayView line)
{
    const QList<QByteArray> fields = splitCsv(line);
    if (line.contains('"'))
        return;
    FUZZ_CHECK(fields.size() == line.count(',') + 1, show(line));
    QByteArray joined;
    for (qsizetype i = 0; i < fields.size(); ++i)
        joined += (i ? "," : "") + fields[i];
    FUZZ_CHECK(joined == line, show(line) + QStringLiteral(" -> ") + show(joined));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const int chunking = data[0] % 3;
    const qint64 smallLimit = 1 + data[1] % 64;
    const QByteArrayView stream = livedash::fuzz::bytes(data + 2, size - 2);
    const QList<QByteArray> reference = referenceLines(stream);

    for (int c = 0; c < 3; ++c) {
        const Split whole = split(stream, stream.size() + 1, c);
        FUZZ_CHECK(whole.oversized == 0 && whole.lines == reference,
                   QStringLiteral("chunking %1: %2 lines, reference %3 (%4)")
                       .arg(c)
                       .arg(whole.lines.size())
                       .arg(reference.size())
                       .arg(show(stream)));
    }

    const Split small = split(stream, smallLimit, chunking);
    for (int c = 0; c < 3; ++c) {
        const Split other = split(stream, smallLimit, c);
        FUZZ_CHECK(other.lines == small.lines && other.oversized == small.oversized,
                   QStringLiteral("limit %1: chunking %2 differs (%3)")
                       .arg(smallLimit)
                       .arg(c)
                       .arg(show(stream)));
    }
    // The reference lines that fit, in order. A line's raw size counts its '\r' while it is
    // held back, so one just at the limit with a '\r' may be dropped: compare the short ones.
    QList<QByteArray> fitting;
    for (const QByteArray &l : reference)
        if (l.size() + 1 < smallLimit)
            fitting.append(l);
    QList<QByteArray> keptShort;
    for (const QByteArray &l : small.lines) {
        FUZZ_CHECK(l.size() <= smallLimit, show(l));
        if (l.size() + 1 < smallLimit)
            keptShort.append(l);
    }
    FUZZ_CHECK(keptShort == fitting, QStringLiteral("limit %1: %2 short lines kept, %3 expected")
                                         .arg(smallLimit)
                                         .arg(keptShort.size())
                                         .arg(fitting.size()));

    for (const QByteArray &line : reference) {
        checkCsv(line);
        if (const std::optional<double> v = parseNumber(line))
            FUZZ_CHECK(std::isfinite(*v), show(line));
    }
    for (const LineDecoder::Format f : {LineDecoder::Format::JsonLines, LineDecoder::Format::Csv,
                                        LineDecoder::Format::KeyValue, LineDecoder::Format::Number})
        checkDecoder(f, reference);
    return 0;
}
