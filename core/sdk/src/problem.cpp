#include <livedash/problem.h>

#include <algorithm>

namespace livedash {

QString joinPath(const QString &prefix, const QString &path)
{
    if (prefix.isEmpty())
        return path;
    if (path.isEmpty())
        return prefix;
    if (path.startsWith(QLatin1Char('[')))
        return prefix + path;
    return prefix + QLatin1Char('.') + path;
}

QString Problem::toString() const
{
    return path.isEmpty() ? message : path + QStringLiteral(": ") + message;
}

Problem Problem::prefixed(const QString &prefix) const
{
    return {joinPath(prefix, path), message, severity};
}

bool Problem::isUnder(const QString &key) const
{
    if (!path.startsWith(key))
        return false;
    if (path.size() == key.size() || key.isEmpty())
        return true;
    const QChar next = path.at(key.size());
    return next == QLatin1Char('.') || next == QLatin1Char('[');
}

QString Problem::pathBelow(const QString &key) const
{
    if (key.isEmpty() || !isUnder(key))
        return path;
    QString rest = path.mid(key.size());
    if (rest.startsWith(QLatin1Char('.')))
        rest.remove(0, 1);
    return rest;
}

Problem Problem::fromString(const QString &text)
{
    const qsizetype colon = text.indexOf(QStringLiteral(": "));
    if (colon < 0)
        return {QString(), text};
    return {text.left(colon), text.mid(colon + 2)};
}

QList<Problem> prefixed(const QList<Problem> &problems, const QString &prefix)
{
    QList<Problem> out;
    out.reserve(problems.size());
    for (const Problem &p : problems)
        out.append(p.prefixed(prefix));
    return out;
}

bool hasErrors(const QList<Problem> &problems)
{
    return std::any_of(problems.cbegin(), problems.cend(),
                       [](const Problem &p) { return p.severity == Problem::Severity::Error; });
}

QStringList toStrings(const QList<Problem> &problems)
{
    QStringList out;
    out.reserve(problems.size());
    for (const Problem &p : problems)
        out.append(p.toString());
    return out;
}

QList<Problem> problemsUnder(const QList<Problem> &problems, const QString &path)
{
    QList<Problem> out;
    for (const Problem &p : problems)
        if (p.isUnder(path))
            out.append({p.pathBelow(path), p.message, p.severity});
    return out;
}

} // namespace livedash
