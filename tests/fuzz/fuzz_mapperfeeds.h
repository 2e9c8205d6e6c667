#pragma once

// The feeds' field mappings the mapper fuzz targets (fuzz_mapper, fuzz_mapperdiff) map every
// input with: templates, wildcards over arrays and objects, root arrays, quoted keys, every
// timestamp format, sequences, automatic mapping, an SSE event prefix, text channels and
// numbers written into names.

#include "fuzz_common.h"

#include "document/mapping.h"

#include <QList>
#include <QString>

namespace livedash::fuzz::mapperfeeds {

constexpr int MaxDepth = 64;

struct Feed
{
    QString id;
    QString prefix;
    /// Channel names below the feed: the number of '/' each must have, or -1 for any.
    int levels = -1;
    FieldMapping mapping;
};

inline ChannelMapping channel(const char *path, const char *name,
                              ValueKind kind = ValueKind::Number, bool optional = false)
{
    ChannelMapping c;
    c.path = QString::fromUtf8(path);
    c.channel = QString::fromUtf8(name);
    c.kind = kind;
    c.optional = optional;
    return c;
}

inline QList<Feed> makeFeeds()
{
    QList<Feed> feeds;
    { // Exchange ticks: fan-out over an array, a placeholder from the element and one from
        // the message root, per-element timestamps, a sequence.
        Feed f{QStringLiteral("ticks"), {}, -1, {}};
        f.mapping.timestamp = QStringLiteral("ts");
        f.mapping.timestampFormat = TimestampFormat::EpochMillis;
        f.mapping.sequence = QStringLiteral("seq");
        f.mapping.channels = {
            channel("data[*].price", "price/{symbol}"),
            channel("data[*].qty", "qty/{symbol}/{$.venue}", ValueKind::Number, true),
            channel("status", "status", ValueKind::Text, true)};
        feeds.append(f);
    }
    { // Match centre: wildcard over an object's values, ISO 8601 times, text channels.
        Feed f{QStringLiteral("match"), {}, 2, {}};
        f.mapping.timestamp = QStringLiteral("time");
        f.mapping.timestampFormat = TimestampFormat::Iso8601;
        f.mapping.sequence = QStringLiteral("seq");
        f.mapping.channels = {
            channel("matches.*.score.home", "score/{id}/home"),
            channel("matches.*.clock", "clock/{id}/{clock}", ValueKind::Text, true)};
        feeds.append(f);
    }
    { // Paths that address a root array (no per-element fan-out), negative indices.
        Feed f{QStringLiteral("rows"), {}, -1, {}};
        f.mapping.timestamp = QStringLiteral("[0].t");
        f.mapping.sequence = QStringLiteral("[-1].seq");
        f.mapping.channels = {channel("[*].v", "v/{name}"), channel("[-1].v", "last", {}, true),
                              channel("[*]", "raw", ValueKind::Text, true)};
        feeds.append(f);
    }
    { // Automatic mapping (no channels), seconds, an SSE event name as prefix.
        Feed f{QStringLiteral("auto"), QStringLiteral("update"), -1, {}};
        f.mapping.timestamp = QStringLiteral("t");
        f.mapping.timestampFormat = TimestampFormat::EpochSeconds;
        feeds.append(f);
    }
    { // Quoted keys, the whole message, a string sequence, microseconds, auto timestamps in
        // fanned-out elements.
        Feed f{QStringLiteral("misc"), {}, -1, {}};
        f.mapping.timestamp = QStringLiteral("[\"time.us\"]");
        f.mapping.timestampFormat = TimestampFormat::EpochMicros;
        f.mapping.sequence = QStringLiteral("meta[\"seq-no\"]");
        f.mapping.channels = {
            channel("[\"key.with.dots\"]", "dots"), channel("$", "message", ValueKind::Text),
            channel("items[-1]", "items/last", ValueKind::Number, true),
            channel("a.b[*].c", "abc/{$[\"key.with.dots\"]}/{k}", ValueKind::Number, true)};
        feeds.append(f);
    }
    { // Numbers and booleans written into names and texts, numbers given as strings, a
        // wildcard over an object's members (sorted by key, a repeated key's last value).
        Feed f{QStringLiteral("fmt"), {}, -1, {}};
        f.mapping.sequence = QStringLiteral("n");
        f.mapping.channels = {channel("m[*]", "m/{$.k}", ValueKind::Number, true),
                              channel("x", "x", ValueKind::Text, true),
                              channel("s", "s/{x}", ValueKind::Number, true)};
        feeds.append(f);
    }
    { // Auto-format timestamps next to each fanned-out value.
        Feed f{QStringLiteral("events"), {}, 1, {}};
        f.mapping.timestamp = QStringLiteral("ts");
        f.mapping.timestampFormat = TimestampFormat::Auto;
        f.mapping.channels = {channel("events[*].value", "e/{kind}", ValueKind::Number, true),
                              channel("events[*].text", "t/{kind}", ValueKind::Text, true)};
        feeds.append(f);
    }
    for (const Feed &f : feeds) {
        const QStringList problems = f.mapping.validate();
        FUZZ_CHECK(problems.isEmpty(), f.id + QStringLiteral(": ") + problems.join(u'\n'));
    }
    return feeds;
}

} // namespace livedash::fuzz::mapperfeeds
