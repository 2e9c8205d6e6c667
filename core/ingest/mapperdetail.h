#pragma once

// What MessageMapper's two paths (the QJsonDocument tree, messagemapper.cpp, and simdjson's
// DOM, messagemapper_fast.cpp) share, so that they give one meaning and one wording.

#include "ingest/fieldpath.h"
#include "ingest/messagemapper.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace livedash::mapperdetail {

/// Reports a problem that does not reject the message; the first problem is the one reported.
void note(MapResult &result, const QString &why);
/// Rejects the message, reporting `why` unless an earlier problem was.
void reject(MapResult &result, const QString &why);
/// Records the sequence number of the next element, counting the numbers missing before it.
void countSequence(MapResult &result, qint64 seq);
/// A sequence number given as a string: decimal, or nothing.
std::optional<qint64> sequenceFromText(QStringView s);
/// A sequence number given as a number: within the range a double counts exactly (fractions
/// truncate), or nothing.
std::optional<qint64> sequenceFromNumber(double d);
/// A number channel's value given as a string ("  12.5 "), or nothing.
std::optional<double> numberFromText(QStringView s);
/// The text of `{$topic...}` in `levels`, or empty with the reason in `problem`.
QString topicText(const TopicLevels &which, const QStringList &levels, QString *problem);

inline QString missingField(const FieldPath &path)
{
    return QStringLiteral("field %1 is missing").arg(path.text());
}
inline QString notANumber(const FieldPath &path, const QString &typeName)
{
    return QStringLiteral("field %1 is %2, expected a number").arg(path.text(), typeName);
}
inline QString placeholderNotFound(const FieldPath &path)
{
    return QStringLiteral("channel placeholder {%1} not found in the message").arg(path.text());
}
inline QString placeholderEmpty(const FieldPath &path)
{
    return QStringLiteral("channel placeholder {%1} is empty").arg(path.text());
}
inline QString badTimestamp(const FieldPath &path, const QString &why)
{
    return QStringLiteral("%1: %2").arg(path.text(), why);
}
inline QString topicEmpty()
{
    return QStringLiteral("channel placeholder {$topic} is empty");
}
inline QString topicNeeded()
{
    return QStringLiteral("channel placeholder {$topic} needs a message topic; only broker feeds "
                          "(mqtt, nats) have one");
}

} // namespace livedash::mapperdetail
