#pragma once

#include <livedash/export.h>

#include <QList>
#include <QString>
#include <QStringList>

namespace livedash {

/// One thing wrong with a document or with a feed's options: where, what, how bad. Validators
/// report paths relative to what they check ("url" for a plugin's options); whoever embeds
/// that object lifts them into its own document with prefixed() ("feeds[2].options.url").
struct Problem
{
    enum class Severity { Error, Warning };

    QString path; ///< JSON-like key path, e.g. "feeds[2].options.url"; empty for the whole
    QString message;
    Severity severity = Severity::Error;

    bool operator==(const Problem &) const = default;

    /// "path: message" (just the message when the path is empty), for logs and the command line.
    LIVEDASH_SDK_EXPORT QString toString() const;
    /// This problem inside `prefix`: "options" + "url" gives "options.url", "feeds[2]" + ""
    /// gives "feeds[2]", and an index path ("[1].type") is appended without a dot.
    LIVEDASH_SDK_EXPORT Problem prefixed(const QString &prefix) const;
    /// Whether the path is `key` or lies below it ("options" holds "options.url" and
    /// "options[0]", not "optionsX").
    LIVEDASH_SDK_EXPORT bool isUnder(const QString &key) const;
    /// The path below `key` ("options.url" under "options" is "url"); the path if not under it.
    LIVEDASH_SDK_EXPORT QString pathBelow(const QString &key) const;
    /// Reads "path: message" back: only for validators that still report text.
    LIVEDASH_SDK_EXPORT static Problem fromString(const QString &text);
};

using ProblemList = QList<Problem>;

/// Joins two key paths as prefixed() does.
LIVEDASH_SDK_EXPORT QString joinPath(const QString &prefix, const QString &path);
/// Every problem of `problems` inside `prefix`.
LIVEDASH_SDK_EXPORT QList<Problem> prefixed(const QList<Problem> &problems, const QString &prefix);
/// Whether any of `problems` is an error (warnings do not stop a load or a save).
LIVEDASH_SDK_EXPORT bool hasErrors(const QList<Problem> &problems);
/// toString() of each problem.
LIVEDASH_SDK_EXPORT QStringList toStrings(const QList<Problem> &problems);
/// The problems at `path` or below it, with paths relative to it.
LIVEDASH_SDK_EXPORT QList<Problem> problemsUnder(const QList<Problem> &problems,
                                                 const QString &path);

} // namespace livedash
