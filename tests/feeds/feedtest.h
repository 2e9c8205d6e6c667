#pragma once

// What every feed kind's test asks of a running IngestEngine: a dashboard of feeds, a feed's
// status, and the values a channel holds. Include from tests/feeds/<kind>/tst_*.cpp.

#include "document/dashboard.h"
#include "ingest/ingestengine.h"

#include <QList>
#include <QString>

namespace livedash::feedtest {

inline Dashboard dashboard(const QList<FeedConfig> &feeds)
{
    Dashboard d;
    d.name = QStringLiteral("feed test");
    d.feeds = feeds;
    return d;
}

/// The feed's row in the status board, or an empty status while it has none.
inline FeedStatus status(IngestEngine &engine, const QString &id)
{
    return engine.board().status(id).value_or(FeedStatus{});
}

/// How many numbers `channel` has received (0 when it does not exist).
inline quint64 numbers(IngestEngine &engine, const QString &channel)
{
    const ChannelPtr c = engine.store().find(channel);
    return c ? c->totalNumbers() : 0;
}

/// The last number of `channel`, or -1 when it has none.
inline double lastValue(IngestEngine &engine, const QString &channel)
{
    const ChannelPtr c = engine.store().find(channel);
    const auto last = c ? c->lastNumber() : std::nullopt;
    return last ? last->v : -1;
}

/// The last text of `channel`, or an empty string.
inline QString lastText(IngestEngine &engine, const QString &channel)
{
    const ChannelPtr c = engine.store().find(channel);
    const auto last = c ? c->lastText() : std::nullopt;
    return last ? last->text : QString();
}

} // namespace livedash::feedtest
