// Fuzzes the field-path language: FieldPath::parse, evaluate and first.
//
// Input: the path text (UTF-8) up to the first newline; the rest, when it is a JSON document,
// is the message the path is evaluated on, otherwise a fixed message is used.
//
// Invariants:
//  - a path is valid exactly when parse() sets no error; an error names a column within the
//    text (1 .. length + 1); an invalid path has no segments and reaches nothing;
//  - hasWildcard() is true exactly when a segment is a wildcard;
//  - the segments written back in canonical form ($["key"][3][*], and the dotted form for
//    plain keys) parse to the same segments;
//  - first() (its own fast path without wildcards) agrees with evaluate();
//  - without a wildcard a path reaches at most one value, through the root element.

#include "fuzz_common.h"

#include "ingest/fieldpath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace livedash;
using livedash::fuzz::show;

namespace {

const QJsonValue &fixedMessage()
{
    static const QJsonValue doc = QJsonDocument::fromJson(R"({
        "ts": 1763800000123, "seq": 42, "$type": "tick", "": "empty key",
        "key.with.dots": {"x": 1}, "a": {"b": {"c": [1, 2, {"d": "deep"}]}},
        "data": [{"symbol": "AAPL", "price": 101.5, "tags": ["x", "y"]},
                 {"symbol": "MSFT", "price": "99.25", "tags": []},
                 {"symbol": null, "price": true}],
        "matches": {"m1": {"score": {"home": 1, "away": 0}, "clock": "57'"},
                    "m2": {"score": {"home": 2, "away": 2}, "clock": "HT"}},
        "unicode": {"größe": 3, "名前": "値", "😀": [0]},
        "arr": [[0, 1], [2, [3, 4]], []], "neg": [-1, -2, -3], "n": null, "t": true
    })")
                                      .object();
    return doc;
}

bool isPlainKey(const QString &key)
{
    static const QRegularExpression plain(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z_][A-Za-z0-9_]*")));
    return plain.match(key).hasMatch();
}

QString quoted(const QString &key)
{
    QString out = QStringLiteral("[\"");
    for (const QChar c : key) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    return out + QStringLiteral("\"]");
}

/// `$` followed by every segment in bracket form: unambiguous for any key.
QString canonical(const QList<FieldPath::Segment> &segments)
{
    QString out = QStringLiteral("$");
    for (const auto &s : segments) {
        switch (s.kind) {
        case FieldPath::Segment::Key:
            out += quoted(s.key);
            break;
        case FieldPath::Segment::Index:
            out += QStringLiteral("[%1]").arg(s.index);
            break;
        case FieldPath::Segment::Wildcard:
            out += QStringLiteral("[*]");
            break;
        }
    }
    return out;
}

/// The README's dotted form (`a.b[0].*`), plain keys only, quoted brackets otherwise.
QString dotted(const QList<FieldPath::Segment> &segments)
{
    QString out;
    for (const auto &s : segments) {
        switch (s.kind) {
        case FieldPath::Segment::Key:
            if (isPlainKey(s.key))
                out += (out.isEmpty() ? QString() : QStringLiteral(".")) + s.key;
            else
                out += quoted(s.key);
            break;
        case FieldPath::Segment::Index:
            out += QStringLiteral("[%1]").arg(s.index);
            break;
        case FieldPath::Segment::Wildcard:
            out += out.isEmpty() ? QStringLiteral("*") : QStringLiteral(".*");
            break;
        }
    }
    return out.isEmpty() ? QStringLiteral("$") : out;
}

bool sameSegments(const QList<FieldPath::Segment> &a, const QList<FieldPath::Segment> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].kind != b[i].kind)
            return false;
        if (a[i].kind == FieldPath::Segment::Key && a[i].key != b[i].key)
            return false;
        if (a[i].kind == FieldPath::Segment::Index && a[i].index != b[i].index)
            return false;
    }
    return true;
}

void checkEvaluation(const FieldPath &path, const QJsonValue &root)
{
    const auto matches = path.evaluate(root);
    const QJsonValue first = path.first(root);
    const QString text = path.text();
    if (matches.isEmpty())
        FUZZ_CHECK(first.isUndefined(), QStringLiteral("first() found a value evaluate() did "
                                                       "not: %1")
                                            .arg(text));
    else
        FUZZ_CHECK(first == matches.first().value,
                   QStringLiteral("first() and evaluate() disagree: %1").arg(text));
    for (const auto &m : matches)
        FUZZ_CHECK(!m.value.isUndefined(), QStringLiteral("undefined match: %1").arg(text));
    if (!path.hasWildcard()) {
        FUZZ_CHECK(
            matches.size() <= 1,
            QStringLiteral("%1 matches without a wildcard: %2").arg(matches.size()).arg(text));
        for (const auto &m : matches)
            FUZZ_CHECK(m.element == root,
                       QStringLiteral("element is not the root without a wildcard: %1").arg(text));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = fuzz::bytes(data, size);
    const qsizetype newline = input.indexOf('\n');
    const QString text = QString::fromUtf8(newline < 0 ? input : input.first(newline));

    QJsonValue root = fixedMessage();
    if (newline >= 0) {
        QJsonParseError error;
        const QJsonDocument doc =
            QJsonDocument::fromJson(input.sliced(newline + 1).toByteArray(), &error);
        if (error.error == QJsonParseError::NoError)
            root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }

    QString error;
    const FieldPath path = FieldPath::parse(text, &error);
    FUZZ_CHECK(path.text() == text, show(input));
    if (!path.isValid()) {
        FUZZ_CHECK(!error.isEmpty(), QStringLiteral("invalid without an error: ") + show(input));
        FUZZ_CHECK(path.segments().isEmpty(), show(input));
        FUZZ_CHECK(path.evaluate(root).isEmpty(), show(input));
        FUZZ_CHECK(path.first(root).isUndefined(), show(input));
        // Shown in the settings dialog and the dashboard's load errors: must be valid text.
        FUZZ_CHECK_KNOWN("fieldpath-error-surrogate", QStringView(error).isValidUtf16(),
                         QStringLiteral("error is not valid UTF-16: ") + error);
        const QString marker = QStringLiteral(" at column ");
        const qsizetype at = error.indexOf(marker);
        FUZZ_CHECK(at > 0, QStringLiteral("error without a column: ") + error);
        bool ok = false;
        const qsizetype start = at + marker.size();
        const qsizetype col =
            error.mid(start, error.indexOf(QLatin1Char(' '), start) - start).toLongLong(&ok);
        FUZZ_CHECK(ok, QStringLiteral("error without a column: ") + error);
        FUZZ_CHECK(col >= 1 && col <= text.size() + 1,
                   QStringLiteral("column %1 outside \"%2\" (%3 chars): %4")
                       .arg(col)
                       .arg(text)
                       .arg(text.size())
                       .arg(error));
        return 0;
    }
    FUZZ_CHECK(error.isEmpty(), QStringLiteral("valid with an error: ") + error);

    bool wildcard = false;
    for (const auto &s : path.segments())
        wildcard = wildcard || s.kind == FieldPath::Segment::Wildcard;
    FUZZ_CHECK(wildcard == path.hasWildcard(), show(input));

    for (const QString &form : {canonical(path.segments()), dotted(path.segments())}) {
        QString again;
        const FieldPath reparsed = FieldPath::parse(form, &again);
        FUZZ_CHECK(reparsed.isValid(),
                   QStringLiteral("%1 -> %2 does not parse: %3").arg(text, form, again));
        FUZZ_CHECK(sameSegments(path.segments(), reparsed.segments()),
                   QStringLiteral("%1 -> %2 parses to other segments").arg(text, form));
        FUZZ_CHECK(reparsed.hasWildcard() == path.hasWildcard(), form);
    }

    checkEvaluation(path, root);
    if (root != fixedMessage())
        checkEvaluation(path, fixedMessage());
    return 0;
}
