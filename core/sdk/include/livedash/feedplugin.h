#pragma once

#include <livedash/export.h>

#include <livedash/options.h>

#include <QByteArrayView>
#include <QObject>
#include <QString>
#include <QVariantMap>
#include <QtPlugin>

#include <QCoroTask>

#include <chrono>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace livedash {

/// Raised once when a running feed must stop (removed, reconfigured, or the app quits).
/// Feeds connect it to their socket's abort() or await it next to their I/O.
class LIVEDASH_SDK_EXPORT CancelToken : public QObject
{
    Q_OBJECT
public:
    bool isCancelled() const { return m_cancelled; }
    void cancel()
    {
        if (m_cancelled)
            return;
        m_cancelled = true;
        Q_EMIT cancelled();
    }
Q_SIGNALS:
    void cancelled();

private:
    bool m_cancelled = false;
};

/// Why a feed's run() returned. The runner decides what comes next.
struct FeedEnd
{
    enum Kind {
        Closed,    ///< the peer ended the stream normally: reconnect with backoff
        Failed,    ///< connect/read error, timeout, protocol error: reconnect with backoff
        Cancelled, ///< the token was cancelled: do not reconnect
        Finished,  ///< the source said it is done (e.g. SSE 204): do not reconnect
        Fatal,     ///< the configuration cannot work (bad URL): do not reconnect
    };
    Kind kind = Failed;
    QString reason;
    /// A delay the server asked for (Retry-After, SSE retry:), used instead of the backoff.
    std::optional<std::chrono::milliseconds> retryAfter;

    static FeedEnd closed(QString why) { return {Closed, std::move(why), {}}; }
    static FeedEnd failed(QString why) { return {Failed, std::move(why), {}}; }
    static FeedEnd cancelled() { return {Cancelled, QStringLiteral("stopped"), {}}; }
    static FeedEnd finished(QString why) { return {Finished, std::move(why), {}}; }
    static FeedEnd fatal(QString why) { return {Fatal, std::move(why), {}}; }
};

/// What a running feed talks to. Implemented by the runner; every call is cheap and made on
/// the feed's ingest thread.
class FeedContext
{
public:
    virtual ~FeedContext() = default;

    virtual QString feedId() const = 0;
    /// Options with defaults filled in and `${...}` references resolved.
    virtual QVariantMap options() const = 0;
    /// One long-lived manager per ingest thread (QCoro 0.8 crashes with short-lived ones).
    virtual QNetworkAccessManager *network() = 0;
    virtual CancelToken *cancelToken() = 0;
    bool isCancelled() { return cancelToken()->isCancelled(); }

    /// A connection attempt started (shown as "connecting to <detail>").
    virtual void connecting(const QString &detail) = 0;
    /// The connection is up and data may flow; starts the stable-period clock for backoff reset.
    virtual void connected() = 0;
    /// One message received: parsed and mapped by the feed's field mapping. `prefix` goes
    /// between the feed id and the channel name (e.g. an SSE event name).
    virtual void message(QByteArrayView payload, const QString &prefix = {}) = 0;
    /// One message a broker delivered on `topic` (an MQTT topic, levels split by '/'; a NATS
    /// subject, tokens split by '.'). Mapped like message(); channel names can use the topic:
    /// `{$topic}` (all of it), `{$topic[N]}` (level N, from 0; negative counts from the end)
    /// and `{$topic[N..]}` (level N to the last), joined by '/'. With no channel mappings, the
    /// topic's levels joined by '/' go before the field names, as an SSE event name does.
    virtual void topicMessage(QByteArrayView payload, QStringView topic, QChar separator) = 0;
    /// Input that was received but could not be used (oversized, bad framing); counted.
    virtual void rejected(const QString &reason) = 0;
    /// Raw bytes received, for the status view's counters.
    virtual void bytesReceived(qint64 count) = 0;
    /// A non-fatal note for the status view (e.g. "304 Not Modified").
    virtual void note(const QString &text) = 0;

    /// Sleeps for `duration`; returns false at once if the feed is cancelled meanwhile.
    virtual QCoro::Task<bool> sleep(std::chrono::milliseconds duration) = 0;

    // Appended after the first release: plugins built against the earlier header keep working.

    /// One value the feed has as a number already (a query result, a counter of this
    /// computer), not a message to map: recorded as channel "<feed id>/<channel>" at `timeMs`
    /// (milliseconds since the epoch, UTC). NaN and ±infinity are kept as they are (charts
    /// leave a gap, tiles show them). Counted as one message with one sample. A new channel
    /// past the feed's channel limit is counted as rejected.
    virtual void sample(QStringView channel, qint64 timeMs, double value) = 0;
    /// One text value, as sample() does for numbers (an event log line, a state name).
    virtual void textSample(QStringView channel, qint64 timeMs, const QString &text) = 0;
    /// The longest time window of the charts showing this feed's channels, or 0 when none
    /// does: how much of its past a feed that can query it (Prometheus, SQL) fetches on start
    /// so that those charts are full at once.
    virtual std::chrono::milliseconds historyWindow() const = 0;
};

/// One running source, created by a plugin from a feed's options.
class Feed
{
public:
    virtual ~Feed() = default;
    /// Connects, reads until the connection ends, and says why it ended. Never throws.
    /// Must return promptly once ctx.cancelToken() is cancelled.
    virtual QCoro::Task<FeedEnd> run(FeedContext &ctx) = 0;
};

/// What a plugin tells about itself. `id` is the `plugin` key in the dashboard file.
/// Texts shown to the operator (displayName, description, option labels and help) are English,
/// marked with QT_TRANSLATE_NOOP("livedash::FeedPlugins", ...): the UI translates them.
struct PluginInfo
{
    QString id;
    QString displayName;
    QString version;
    QString description;
    QList<OptionSpec> options;
};

/// A feed kind. Implementations are Qt plugins (Q_PLUGIN_METADATA with FeedPlugin_iid and a
/// JSON file holding {"id": ..., "apiVersion": 1}).
class FeedPlugin
{
public:
    virtual ~FeedPlugin() = default;
    virtual PluginInfo info() const = 0;
    /// Plugin-specific checks beyond the option schema (e.g. "interval below 100 ms").
    virtual QList<Problem> validate(const QVariantMap &options) const
    {
        Q_UNUSED(options);
        return {};
    }
    /// Creates a feed from resolved options (already validated).
    virtual std::unique_ptr<Feed> createFeed(const QVariantMap &options) const = 0;
};

inline constexpr int FeedPluginApiVersion = 1;

/// Longest a feed should spend mapping its messages in one go on its ingest thread before the
/// other feeds there get a turn: a feed with more queued (a burst of megabyte-sized messages)
/// continues in a later iteration of the event loop.
inline constexpr qint64 IngestTurnMs = 5;

} // namespace livedash

#define LivedashFeedPlugin_iid "org.livedash.FeedPlugin/1"
Q_DECLARE_INTERFACE(livedash::FeedPlugin, LivedashFeedPlugin_iid)
