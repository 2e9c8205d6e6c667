#include "ingest/fieldpath.h"

#include <QJsonArray>
#include <QJsonObject>

namespace livedash {

namespace {

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') ||
           c == QLatin1Char('@') || c == QLatin1Char('$') || c == QLatin1Char(':');
}

} // namespace

FieldPath FieldPath::parse(const QString &text, QString *error)
{
    FieldPath path;
    path.m_text = text;
    auto fail = [&](const QString &why, qsizetype pos) {
        if (error)
            *error = QStringLiteral("%1 at column %2 of \"%3\"").arg(why).arg(pos + 1).arg(text);
        path.m_segments.clear();
        path.m_valid = false;
        return path;
    };

    // Columns count from the text as written, leading blanks included.
    qsizetype lead = 0;
    while (lead < text.size() && text[lead].isSpace())
        ++lead;
    auto failAt = [&](const QString &why, qsizetype pos) { return fail(why, pos + lead); };
    const QString s = text.trimmed();
    if (s.isEmpty())
        return fail(QStringLiteral("empty path"), 0);

    qsizetype i = 0;
    const qsizetype n = s.size();
    // "$" alone, "$.x" or "$[0]" name the root; "$type" is an ordinary key.
    if (s.startsWith(QLatin1Char('$')) &&
        (n == 1 || s[1] == QLatin1Char('.') || s[1] == QLatin1Char('['))) {
        i = 1;
        if (i < n && s[i] == QLatin1Char('.'))
            ++i;
        if (i == n) { // "$" alone: the whole message
            path.m_valid = true;
            return path;
        }
    }
    bool expectKey = true; // at the start or after '.'
    while (i < n) {
        const QChar c = s[i];
        if (c == QLatin1Char('[')) {
            ++i;
            if (i >= n)
                return failAt(QStringLiteral("unterminated '['"), i - 1);
            if (s[i] == QLatin1Char('*')) {
                if (i + 1 >= n || s[i + 1] != QLatin1Char(']'))
                    return failAt(QStringLiteral("expected ']' after '*'"), i + 1);
                path.m_segments.append({Segment::Wildcard, {}, 0});
                path.m_hasWildcard = true;
                i += 2;
            } else if (s[i] == QLatin1Char('"') || s[i] == QLatin1Char('\'')) {
                const QChar quote = s[i];
                QString key;
                ++i;
                while (i < n && s[i] != quote) {
                    if (s[i] == QLatin1Char('\\') && i + 1 < n)
                        ++i;
                    key.append(s[i]);
                    ++i;
                }
                if (i >= n)
                    return failAt(QStringLiteral("unterminated quoted key"), i - 1);
                ++i; // closing quote
                if (i >= n || s[i] != QLatin1Char(']'))
                    return failAt(QStringLiteral("expected ']' after quoted key"), i);
                ++i;
                path.m_segments.append({Segment::Key, key, 0});
            } else {
                const qsizetype start = i;
                if (s[i] == QLatin1Char('-'))
                    ++i;
                while (i < n && s[i].isDigit())
                    ++i;
                if (i == start || (i == start + 1 && s[start] == QLatin1Char('-')))
                    return failAt(QStringLiteral("expected an index, '*' or a quoted key"), start);
                if (i >= n || s[i] != QLatin1Char(']'))
                    return failAt(QStringLiteral("expected ']'"), i);
                bool ok = false;
                const qsizetype index = s.mid(start, i - start).toLongLong(&ok);
                if (!ok)
                    return failAt(QStringLiteral("index out of range"), start);
                path.m_segments.append({Segment::Index, {}, index});
                ++i;
            }
            expectKey = false;
        } else if (c == QLatin1Char('.')) {
            if (expectKey)
                return failAt(QStringLiteral("unexpected '.'"), i);
            ++i;
            expectKey = true;
            if (i >= n)
                return failAt(QStringLiteral("path ends with '.'"), i - 1);
        } else if (c == QLatin1Char('*') && expectKey) {
            path.m_segments.append({Segment::Wildcard, {}, 0});
            path.m_hasWildcard = true;
            ++i;
            expectKey = false;
        } else if (isIdentChar(c)) {
            if (!expectKey)
                return failAt(QStringLiteral("expected '.' or '['"), i);
            const qsizetype start = i;
            while (i < n && isIdentChar(s[i]))
                ++i;
            path.m_segments.append({Segment::Key, s.mid(start, i - start), 0});
            expectKey = false;
        } else {
            // Quote the whole character: half of a surrogate pair is not text.
            const bool pair = c.isHighSurrogate() && i + 1 < n && s[i + 1].isLowSurrogate();
            return failAt(QStringLiteral("unexpected character '%1'").arg(s.mid(i, pair ? 2 : 1)),
                          i);
        }
    }
    path.m_valid = true;
    return path;
}

QList<FieldPath::Match> FieldPath::evaluate(const QJsonValue &root) const
{
    QList<Match> out;
    if (m_valid)
        walk(root, 0, root, out);
    return out;
}

QJsonValue FieldPath::first(const QJsonValue &root) const
{
    if (!m_valid)
        return QJsonValue(QJsonValue::Undefined);
    if (!m_hasWildcard) {
        // Fast path: no fan-out, no allocation of a result list.
        QJsonValue node = root;
        for (const Segment &seg : m_segments) {
            if (seg.kind == Segment::Key) {
                if (!node.isObject())
                    return QJsonValue(QJsonValue::Undefined);
                node = node.toObject().value(seg.key);
            } else {
                if (!node.isArray())
                    return QJsonValue(QJsonValue::Undefined);
                const QJsonArray a = node.toArray();
                const qsizetype idx = seg.index < 0 ? a.size() + seg.index : seg.index;
                if (idx < 0 || idx >= a.size())
                    return QJsonValue(QJsonValue::Undefined);
                node = a.at(idx);
            }
            if (node.isUndefined())
                return node;
        }
        return node;
    }
    const auto all = evaluate(root);
    return all.isEmpty() ? QJsonValue(QJsonValue::Undefined) : all.first().value;
}

void FieldPath::walk(const QJsonValue &node, qsizetype segment, const QJsonValue &element,
                     QList<Match> &out) const
{
    if (segment == m_segments.size()) {
        out.append({node, element});
        return;
    }
    const Segment &seg = m_segments[segment];
    switch (seg.kind) {
    case Segment::Key:
        if (node.isObject()) {
            const QJsonValue child = node.toObject().value(seg.key);
            if (!child.isUndefined())
                walk(child, segment + 1, element, out);
        }
        break;
    case Segment::Index:
        if (node.isArray()) {
            const QJsonArray a = node.toArray();
            const qsizetype idx = seg.index < 0 ? a.size() + seg.index : seg.index;
            if (idx >= 0 && idx < a.size())
                walk(a.at(idx), segment + 1, element, out);
        }
        break;
    case Segment::Wildcard:
        if (node.isArray()) {
            const QJsonArray a = node.toArray();
            for (const QJsonValue &child : a)
                walk(child, segment + 1, child, out);
        } else if (node.isObject()) {
            const QJsonObject o = node.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                walk(it.value(), segment + 1, it.value(), out);
        }
        break;
    }
}

namespace {

/// Whether a placeholder names the topic (`$topic`, `$subject`, `$sender`, with an index or
/// not) rather than a field path (`$` is also the root of a path: `{$.venue}`, `{$["a.b"]}`).
/// `$sender` is the topic of a datagram's lines: its sender's address and port.
bool isTopicPlaceholder(QStringView inner)
{
    for (const QLatin1StringView name :
         {QLatin1StringView("$topic"), QLatin1StringView("$subject"), QLatin1StringView("$sender")})
        if (inner.startsWith(name) &&
            (inner.size() == name.size() || inner.at(name.size()) == QLatin1Char('[')))
            return true;
    return false;
}

/// `$topic`, `$topic[2]`, `$topic[-1]`, `$topic[1..]` (or `$subject...`): `text` is one for
/// which isTopicPlaceholder() holds.
bool parseTopicPlaceholder(QStringView text, TopicLevels *levels, QString *error)
{
    const QStringView rest =
        text.mid(text.indexOf(QLatin1Char('[')) < 0 ? text.size() : text.indexOf(QLatin1Char('[')));
    if (rest.isEmpty()) {
        *levels = TopicLevels{};
        return true;
    }
    if (!rest.startsWith(QLatin1Char('[')) || !rest.endsWith(QLatin1Char(']'))) {
        *error = QStringLiteral("{%1}: expected [N] or [N..] after the name").arg(text);
        return false;
    }
    QStringView index = rest.mid(1, rest.size() - 2);
    levels->toEnd = index.endsWith(QLatin1String(".."));
    if (levels->toEnd)
        index.chop(2);
    bool ok = false;
    levels->first = index.toInt(&ok);
    if (!ok) {
        *error = QStringLiteral("{%1}: the level \"%2\" is not a whole number").arg(text, index);
        return false;
    }
    return true;
}

} // namespace

bool parseChannelTemplate(const QString &tpl, QList<TemplatePart> *parts, QString *error)
{
    qsizetype i = 0;
    QString literal;
    while (i < tpl.size()) {
        const QChar c = tpl[i];
        if (c == QLatin1Char('{')) {
            const qsizetype close = tpl.indexOf(QLatin1Char('}'), i + 1);
            if (close < 0) {
                *error =
                    QStringLiteral("unterminated '{' at column %1 of \"%2\"").arg(i + 1).arg(tpl);
                return false;
            }
            if (!literal.isEmpty()) {
                parts->append({literal, FieldPath(), std::nullopt});
                literal.clear();
            }
            const QString inner = tpl.mid(i + 1, close - i - 1);
            TemplatePart part;
            if (isTopicPlaceholder(inner)) {
                TopicLevels levels;
                if (!parseTopicPlaceholder(inner, &levels, error))
                    return false;
                part.topic = levels;
            } else {
                QString pathError;
                part.path = FieldPath::parse(inner, &pathError);
                if (!part.path.isValid()) {
                    *error = QStringLiteral("placeholder: %1").arg(pathError);
                    return false;
                }
            }
            parts->append(part);
            i = close + 1;
        } else if (c == QLatin1Char('}')) {
            *error = QStringLiteral("unmatched '}' at column %1 of \"%2\"").arg(i + 1).arg(tpl);
            return false;
        } else {
            literal.append(c);
            ++i;
        }
    }
    if (!literal.isEmpty())
        parts->append({literal, FieldPath(), std::nullopt});
    return true;
}

QString jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

} // namespace livedash
