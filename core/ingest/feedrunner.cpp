#include "ingest/feedrunner.h"
#include "ingest/backoff.h"
#include "ingest/messagemapper.h"
#include "ingest/pluginregistry.h"
#include "logging.h"
#include "store/channelstore.h"
#include <livedash/redact.h>
#include <livedash/wait.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cmath>

namespace livedash {

namespace internal {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// Milliseconds on the monotonic clock: for durations, which wall-clock steps must not bend.
std::chrono::milliseconds monoMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
}

/// The FeedContext of one running feed: maps messages into the store, keeps the counters.
class Session final : public FeedContext
{
public:
    Session(const FeedConfig &config, QVariantMap options, QStringList secrets, ChannelStore *store,
            SampleSink *sink, std::shared_ptr<FeedStats> stats, QNetworkAccessManager *network)
        : m_id(config.id), m_options(std::move(options)), m_secrets(std::move(secrets)),
          m_mapper(config.id, config.fields, store, sink,
                   m_options.value(QStringLiteral("maxJsonDepth"), 64).toInt()),
          m_stats(std::move(stats)), m_network(network),
          m_historyWindow(std::chrono::seconds(config.historySeconds)),
          m_hasSequence(!config.fields.sequence.isEmpty())
    {
        // "mapperPath": "tree" maps with QJsonDocument, as before the fast path (to compare
        // the two, or to work around a difference in the fast one).
        if (m_options.value(QStringLiteral("mapperPath")).toString() == QLatin1String("tree"))
            m_mapper.setPath(MapperPath::Tree);
    }

    QString feedId() const override { return m_id; }
    QVariantMap options() const override { return m_options; }
    QNetworkAccessManager *network() override { return m_network; }
    CancelToken *cancelToken() override { return &m_token; }

    void connecting(const QString &detail) override
    {
        m_stats->setState(FeedState::Connecting, redact(detail));
    }
    void connected() override
    {
        m_connectedAt = monoMs();
        m_newConnection = true;
        m_stats->connects.fetch_add(1, std::memory_order_relaxed);
        m_stats->setState(FeedState::Live);
    }
    void message(QByteArrayView payload, const QString &prefix) override
    {
        record(m_mapper.map(payload, arrived(), prefix));
    }
    void topicMessage(QByteArrayView payload, QStringView topic, QChar separator) override
    {
        const MessageTopic t{topic, separator};
        record(m_mapper.map(payload, arrived(), QString(), &t));
    }
    void sample(QStringView channel, qint64 timeMs, double value) override
    {
        arrived();
        QString refused;
        if (m_mapper.recordNumber(channel.toString(), timeMs, value, &refused))
            m_stats->samples.fetch_add(1, std::memory_order_relaxed);
        else
            rejected(refused);
    }
    void textSample(QStringView channel, qint64 timeMs, const QString &text) override
    {
        arrived();
        QString refused;
        if (m_mapper.recordText(channel.toString(), timeMs, text, &refused))
            m_stats->samples.fetch_add(1, std::memory_order_relaxed);
        else
            rejected(refused);
    }
    std::chrono::milliseconds historyWindow() const override { return m_historyWindow; }
    /// Counts a message that arrived now; returns now.
    qint64 arrived()
    {
        const qint64 now = nowMs();
        m_delivered = true;
        m_stats->messages.fetch_add(1, std::memory_order_relaxed);
        m_stats->lastMessageMs.store(now, std::memory_order_relaxed);
        return now;
    }
    /// Counts what one message produced and reports its problems and sequence gaps.
    void record(const MapResult &r)
    {
        m_stats->samples.fetch_add(quint64(r.numbers + r.texts), std::memory_order_relaxed);
        if (r.rejected)
            m_stats->rejected.fetch_add(1, std::memory_order_relaxed);
        if (!r.problem.isEmpty())
            m_stats->setProblem(r.problem);
        if (m_hasSequence && r.firstSequence) {
            const qint64 first = *r.firstSequence;
            // A source that starts counting again on a new connection (it restarted) has a new
            // sequence; one that goes on past where it was skipped what came during the outage.
            const bool restarted =
                std::exchange(m_newConnection, false) && m_lastSequence && first <= *m_lastSequence;
            const quint64 between =
                m_lastSequence && !restarted ? sequenceGap(*m_lastSequence, first) : 0;
            const quint64 missing = r.sequenceGaps + between;
            if (missing > 0) {
                m_stats->gaps.fetch_add(missing, std::memory_order_relaxed);
                m_stats->setProblem(
                    between > 0 ? QCoreApplication::translate("livedash::FeedErrors",
                                                              "sequence gap: expected %1, got %2")
                                      .arg(quint64(*m_lastSequence) + 1)
                                      .arg(first)
                                : QCoreApplication::translate(
                                      "livedash::FeedErrors",
                                      "sequence gap inside one message (%1 missing)")
                                      .arg(missing));
            }
            m_lastSequence = r.sequence;
        }
    }
    void rejected(const QString &reason) override
    {
        m_stats->rejected.fetch_add(1, std::memory_order_relaxed);
        m_stats->setProblem(redact(reason)); // plugins may quote what they refused
    }
    void bytesReceived(qint64 count) override
    {
        m_stats->bytes.fetch_add(quint64(count), std::memory_order_relaxed);
    }
    void note(const QString &text) override { m_stats->setNote(redact(text)); }

    QCoro::Task<bool> sleep(std::chrono::milliseconds duration) override
    {
        return cancellableSleep(&m_token, duration);
    }

    /// `text` (a plugin's status or error text) without this feed's secrets, credentials in
    /// URLs or Authorization-like header values: what the status view and the logs may show.
    QString redact(const QString &text) const { return redactText(text, m_secrets); }

    static QCoro::Task<bool> cancellableSleep(CancelToken *token, std::chrono::milliseconds d)
    {
        co_return co_await waitFor(token, d) == WaitResult::Timeout;
    }

    /// A run (an attempt and, if it connects, the connection) starts.
    void beginRun()
    {
        m_runStartedAt = monoMs();
        m_connectedAt.reset();
        m_delivered = false;
    }
    /// How the run that began last went, now that it has ended at `now`.
    RunOutcome outcome(std::chrono::milliseconds now) const
    {
        RunOutcome run;
        run.delivered = m_delivered;
        run.ran = now - m_runStartedAt;
        if (m_connectedAt)
            run.connectedFor = now - *m_connectedAt;
        return run;
    }
    FeedStats &stats() { return *m_stats; }

private:
    QString m_id;
    QVariantMap m_options;
    QStringList m_secrets;
    MessageMapper m_mapper;
    std::shared_ptr<FeedStats> m_stats;
    QNetworkAccessManager *m_network;
    std::chrono::milliseconds m_historyWindow;
    CancelToken m_token;
    std::chrono::milliseconds m_runStartedAt{0};
    std::optional<std::chrono::milliseconds> m_connectedAt;
    bool m_delivered = false;
    bool m_hasSequence;
    std::optional<qint64> m_lastSequence;
    /// No message yet on this connection: a sequence that starts over is a new one.
    bool m_newConnection = false;
};

struct FeedSlot
{
    FeedConfig config;
    std::unique_ptr<Feed> feed;
    std::unique_ptr<Session> session;
    std::shared_ptr<FeedStats> stats;
    std::shared_ptr<std::atomic<int>> active;
    /// Made when a run first ends (a feed whose first connection is still up does without).
    /// Here rather than in drive()'s coroutine frame.
    std::unique_ptr<BackoffPolicy> backoff;

    /// Records why run() returned (not cancelled); the delay before the next attempt, or
    /// nothing when the feed must not run again.
    std::optional<std::chrono::milliseconds> ended(FeedEnd end);
};

std::optional<std::chrono::milliseconds> FeedSlot::ended(FeedEnd end)
{
    FeedStats &stats = session->stats();
    end.reason = session->redact(end.reason);
    if (end.kind == FeedEnd::Finished || end.kind == FeedEnd::Fatal) {
        stats.setError(end.reason);
        stats.setState(end.kind == FeedEnd::Finished ? FeedState::Finished : FeedState::Error);
        qCInfo(lcFeed).noquote() << "feed" << config.id << "ended:" << end.reason;
        return std::nullopt;
    }
    // The policy (README, "Feed kinds"): at once after a run that delivered, backoff after
    // one that did not, the server's delay as the least wait (or as it is after a stable one).
    const ReconnectSettings &rc = config.reconnect;
    if (!backoff)
        backoff = std::make_unique<BackoffPolicy>(std::chrono::milliseconds(rc.initialDelayMs),
                                                  std::chrono::milliseconds(rc.maxDelayMs),
                                                  std::chrono::milliseconds(rc.stablePeriodMs));
    const std::chrono::milliseconds now = monoMs();
    RunOutcome run = session->outcome(now);
    run.retryAfter = end.retryAfter;
    const std::chrono::milliseconds delay = backoff->afterRun(run, now);
    stats.setRetrying(nowMs() + delay.count(), backoff->retries(), end.reason);
    qCInfo(lcFeed).noquote() << "feed" << config.id << "disconnected:" << end.reason
                             << "- retrying in" << delay.count() << "ms";
    return delay;
}

/// The context of a settings-dialog "Test": keeps the first message, then stops the feed.
class ProbeSession final : public FeedContext
{
public:
    ProbeSession(QString id, QVariantMap options, QNetworkAccessManager *network,
                 std::chrono::milliseconds historyWindow)
        : m_id(std::move(id)), m_options(std::move(options)), m_network(network),
          m_historyWindow(historyWindow)
    {
    }
    QString feedId() const override { return m_id; }
    QVariantMap options() const override { return m_options; }
    QNetworkAccessManager *network() override { return m_network; }
    CancelToken *cancelToken() override { return &m_token; }
    void connecting(const QString &) override {}
    void connected() override {}
    void message(QByteArrayView payload, const QString &prefix) override
    {
        if (!m_payload) {
            m_payload = payload.toByteArray();
            m_origin.prefix = prefix; // the preview names channels as a live run would
            m_token.cancel();
        }
    }
    void topicMessage(QByteArrayView payload, QStringView topic, QChar separator) override
    {
        if (!m_payload) {
            m_payload = payload.toByteArray();
            m_origin.topic = topic.toString();
            m_origin.separator = separator;
            m_token.cancel();
        }
    }
    /// The values a feed gives as they are: the first batch (those given before the feed saw
    /// the cancellation) is shown as one JSON object, channel names as its keys, so that the
    /// preview names them as the live feed does.
    void sample(QStringView channel, qint64, double value) override
    {
        keepSample(channel, std::isfinite(value)
                                ? QJsonValue(value)
                                : QJsonValue(std::isnan(value) ? QStringLiteral("NaN")
                                             : value > 0       ? QStringLiteral("+Inf")
                                                               : QStringLiteral("-Inf")));
    }
    void textSample(QStringView channel, qint64, const QString &text) override
    {
        keepSample(channel, text);
    }
    void keepSample(QStringView channel, const QJsonValue &value)
    {
        if (m_payload || m_samples.size() >= MaxProbeSamples)
            return;
        m_samples.insert(channel.toString(), value);
        m_token.cancel();
    }
    std::chrono::milliseconds historyWindow() const override { return m_historyWindow; }
    /// What the probe received: the first message, or the values given as they are.
    std::optional<QByteArray> received() const
    {
        if (m_payload)
            return m_payload;
        if (!m_samples.isEmpty())
            return QJsonDocument(m_samples).toJson(QJsonDocument::Compact);
        return std::nullopt;
    }
    void rejected(const QString &reason) override { m_problem = reason; }
    void bytesReceived(qint64) override {}
    void note(const QString &) override {}
    QCoro::Task<bool> sleep(std::chrono::milliseconds d) override
    {
        return Session::cancellableSleep(&m_token, d);
    }

    QString m_id;
    QVariantMap m_options;
    QNetworkAccessManager *m_network;
    CancelToken m_token;
    std::chrono::milliseconds m_historyWindow;
    std::optional<QByteArray> m_payload;
    static constexpr qsizetype MaxProbeSamples = 200;
    QJsonObject m_samples;
    MessageOrigin m_origin;
    QString m_problem;
};

struct ProbeSlot
{
    QString requestId;
    std::unique_ptr<Feed> feed;
    std::unique_ptr<ProbeSession> session;
    QTimer timeout;
    bool timedOut = false;
};

} // namespace internal

using namespace internal;

FeedRunner::FeedRunner(ChannelStore *store, FeedStatusBoard *board, const PluginRegistry *registry,
                       QObject *parent)
    : QObject(parent), m_store(store), m_board(board), m_registry(registry),
      m_active(std::make_shared<std::atomic<int>>(0))
{
    qRegisterMetaType<livedash::FeedConfig>();
    qRegisterMetaType<livedash::Variables>();
    qRegisterMetaType<QList<livedash::FeedConfig>>();
    qRegisterMetaType<livedash::MessageOrigin>();
}

FeedRunner::~FeedRunner()
{
    stopAll();
}

QNetworkAccessManager *FeedRunner::network()
{
    // Created lazily so it is born on the ingest thread, not where the runner was constructed.
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    }
    return m_network;
}

void FeedRunner::apply(const QList<FeedConfig> &feeds, const Variables &variables)
{
    QSet<QString> listed;
    for (const FeedConfig &f : feeds) {
        listed.insert(f.id);
        if (!f.enabled) {
            // Disabled, not removed: it keeps a row, stopped, with nothing from an earlier run.
            if (m_slots.contains(f.id)) {
                stop(f.id);
                m_store->removeFeed(f.id);
            }
            m_rows.insert(f.id, m_board->add(f.id, f.name, f.plugin));
            continue;
        }
        auto it = m_slots.constFind(f.id);
        // Unchanged, including what its references resolve to (a new token stored under the
        // same keychain reference restarts it): keep the connection.
        if (it != m_slots.constEnd() && (*it)->config == f &&
            (*it)->session->options() == resolvedOptions(f, variables, nullptr))
            continue;
        if (it != m_slots.constEnd())
            stop(f.id);
        start(f, variables);
    }
    // Removed (or renamed: the old id is gone), whether it ran, failed to start or waits for
    // secrets. Its coroutine may still be winding down, but it writes to its own FeedStats, which
    // is no longer on the board, so a late status cannot bring the row back.
    const QStringList shown = m_rows.keys();
    for (const QString &id : shown) {
        if (listed.contains(id))
            continue;
        stop(id);
        m_store->removeFeed(id);
        m_board->remove(id, m_rows.take(id));
    }
}

QVariantMap FeedRunner::resolvedOptions(const FeedConfig &config, const Variables &variables,
                                        QStringList *problems) const
{
    const FeedPlugin *plugin = m_registry->plugin(config.plugin);
    if (!plugin)
        return {};
    QStringList ignored;
    return variables.resolve(withDefaults(plugin->info().options, config.options),
                             problems ? problems : &ignored);
}

void FeedRunner::start(const FeedConfig &config, const Variables &variables)
{
    auto stats = m_board->add(config.id, config.name, config.plugin);
    m_rows.insert(config.id, stats);
    const FeedPlugin *plugin = m_registry->plugin(config.plugin);
    if (plugin && variables.waitsForSecrets(config.options)) {
        // The engine applies again once the keychain has answered.
        stats->setState(FeedState::Connecting,
                        QCoreApplication::translate("livedash::FeedErrors",
                                                    "reading secrets from the keychain"));
        return;
    }
    QStringList problems = m_registry->validate(config);
    const QVariantMap options = resolvedOptions(config, variables, &problems);
    if (!problems.isEmpty()) {
        const QString why = redactText(problems.join(QStringLiteral("; ")));
        stats->setState(FeedState::Error);
        stats->setError(why);
        qCWarning(lcFeed).noquote() << "feed" << config.id << "not started:" << why;
        return;
    }
    // Never shown, never logged: registered so that even a message no code here formats
    // (Qt's own) is scrubbed by the redacting log handler.
    QStringList secrets = secretValues(plugin->info().options, options);
    for (const QString &s : std::as_const(secrets))
        registerSecret(s);
    auto slot = std::make_shared<FeedSlot>();
    slot->config = config;
    slot->stats = stats;
    slot->active = m_active;
    slot->feed = plugin->createFeed(options);
    slot->session = std::make_unique<Session>(config, options, std::move(secrets), m_store, m_sink,
                                              stats, network());
    m_slots.insert(config.id, slot);
    m_active->fetch_add(1);
    drive(slot);
}

void FeedRunner::stop(const QString &id)
{
    if (auto slot = m_slots.take(id))
        slot->session->cancelToken()->cancel();
}

void FeedRunner::stopAll()
{
    const QStringList ids = m_slots.keys();
    for (const QString &id : ids)
        stop(id);
}

QCoro::Task<> FeedRunner::drive(std::shared_ptr<FeedSlot> slot)
{
    // Locals here live in the coroutine frame for as long as the feed runs: keep them few and
    // small (an idle feed's memory is mostly this frame, its socket and its connections).
    Session &session = *slot->session;
    while (!session.isCancelled()) {
        session.beginRun();
        session.stats().setState(FeedState::Connecting);
        FeedEnd end = co_await slot->feed->run(session);
        if (session.isCancelled() || end.kind == FeedEnd::Cancelled)
            break;
        const std::optional<std::chrono::milliseconds> delay = slot->ended(std::move(end));
        if (!delay) {
            slot->active->fetch_sub(1);
            co_return;
        }
        if (!co_await session.sleep(*delay))
            break;
    }
    session.stats().setState(FeedState::Stopped);
    slot->active->fetch_sub(1);
}

void FeedRunner::probe(const QString &requestId, const FeedConfig &feed, const Variables &variables,
                       int timeoutMs)
{
    const FeedPlugin *plugin = m_registry->plugin(feed.plugin);
    QStringList problems = m_registry->validate(feed);
    const QVariantMap options = resolvedOptions(feed, variables, &problems);
    if (!problems.isEmpty()) {
        Q_EMIT probeFinished(requestId, {}, redactText(problems.join(QLatin1Char('\n'))), {});
        return;
    }
    const QStringList secrets = secretValues(plugin->info().options, options);
    for (const QString &s : secrets)
        registerSecret(s);
    auto probe = std::make_shared<ProbeSlot>();
    probe->requestId = requestId;
    probe->feed = plugin->createFeed(options);
    probe->session = std::make_unique<ProbeSession>(feed.id, options, network(),
                                                    std::chrono::seconds(feed.historySeconds));
    probe->timeout.setSingleShot(true);
    probe->timeout.setInterval(timeoutMs);
    ProbeSlot *raw = probe.get();
    connect(&probe->timeout, &QTimer::timeout, this, [raw] {
        raw->timedOut = true;
        raw->session->m_token.cancel();
    });
    probe->timeout.start();
    runProbe(probe, this);
}

QCoro::Task<> FeedRunner::runProbe(std::shared_ptr<ProbeSlot> probe, QPointer<FeedRunner> runner)
{
    FeedEnd end = co_await probe->feed->run(*probe->session);
    end.reason = redactText(end.reason);
    probe->timeout.stop();
    if (!runner)
        co_return;
    const ProbeSession &s = *probe->session;
    if (const std::optional<QByteArray> received = s.received()) {
        Q_EMIT runner->probeFinished(probe->requestId, *received, QString(), s.m_origin);
    } else if (probe->timedOut) {
        Q_EMIT runner->probeFinished(
            probe->requestId, {},
            QCoreApplication::translate("livedash::FeedErrors", "no message within %1 s%2")
                .arg(probe->timeout.interval() / 1000.0)
                .arg(end.reason.isEmpty() || end.kind == FeedEnd::Cancelled
                         ? QString()
                         : QStringLiteral(" (%1)").arg(end.reason)),
            MessageOrigin());
    } else {
        Q_EMIT runner->probeFinished(
            probe->requestId, {}, end.reason.isEmpty() ? s.m_problem : end.reason, MessageOrigin());
    }
}

} // namespace livedash
