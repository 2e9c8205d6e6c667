#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace livedash {

/// A compiled path into a JSON message: `data.items[0].price`, `items[*].price`,
/// `["key.with.dots"]`, `items[-1]` (last element). An optional leading `$` names the root.
/// `[*]` fans out over every element of an array (or every value of an object).
class FieldPath
{
public:
    struct Segment
    {
        enum Kind { Key, Index, Wildcard } kind = Key;
        QString key;
        qsizetype index = 0;
    };

    /// One value the path reached, and the element of the innermost `[*]` it came through
    /// (the root when the path has no `[*]`): channel name templates resolve against it.
    struct Match
    {
        QJsonValue value;
        QJsonValue element;
    };

    FieldPath() = default;

    /// Parses `text`; on failure returns an invalid path and sets `error` to what was wrong
    /// and at which column (1-based).
    static FieldPath parse(const QString &text, QString *error = nullptr);

    bool isValid() const { return m_valid; }
    bool isEmpty() const { return m_segments.isEmpty(); }
    bool hasWildcard() const { return m_hasWildcard; }
    const QString &text() const { return m_text; }
    const QList<Segment> &segments() const { return m_segments; }

    /// Every value the path reaches in `root` (none when a key or index is missing).
    QList<Match> evaluate(const QJsonValue &root) const;
    /// The first value the path reaches, or Undefined.
    QJsonValue first(const QJsonValue &root) const;

private:
    void walk(const QJsonValue &node, qsizetype segment, const QJsonValue &element,
              QList<Match> &out) const;

    QString m_text;
    QList<Segment> m_segments;
    bool m_valid = false;
    bool m_hasWildcard = false;
};

/// Levels of a broker message's topic used in a channel name: `{$topic}` (all), `{$topic[N]}`
/// (one level) or `{$topic[N..]}` (level N to the last). N counts from 0; a negative N counts
/// from the end. `$subject` is the same for NATS users, `$sender` for datagrams (their sender).
struct TopicLevels
{
    int first = 0;
    bool toEnd = true; ///< levels first..last; false: level `first` only
    bool operator==(const TopicLevels &) const = default;
};

/// One piece of a channel name template: literal text, a field path of the message, or
/// levels of its topic.
struct TemplatePart
{
    QString literal;
    FieldPath path;                   ///< valid for a `{field.path}` placeholder
    std::optional<TopicLevels> topic; ///< set for a `{$topic...}` placeholder
    bool isPlaceholder() const { return path.isValid() || topic.has_value(); }
};

/// Splits a channel name template ("score/{match}/home", "{$topic[1]}/t") into literal parts
/// and placeholders; on failure says why in `error`.
bool parseChannelTemplate(const QString &tpl, QList<TemplatePart> *parts, QString *error);

/// What kind of JSON value `v` is, for messages: "a string", "a number", ..., "missing".
QString jsonTypeName(const QJsonValue &v);

} // namespace livedash
