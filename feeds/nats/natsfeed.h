#pragma once

#include <livedash/feedplugin.h>
#include <livedash/problem.h>

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVariantMap>

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

namespace livedash {

/// A NATS feed's options, read once from the resolved option map.
struct NatsSettings
{
    static inline const QString UrlKey = QStringLiteral("url");
    static inline const QString SubjectsKey = QStringLiteral("subjects");
    static inline const QString QueueGroupKey = QStringLiteral("queueGroup");
    static inline const QString UserKey = QStringLiteral("user");
    static inline const QString PasswordKey = QStringLiteral("password");
    static inline const QString TokenKey = QStringLiteral("token");
    static inline const QString CredsFileKey = QStringLiteral("credsFile");
    static inline const QString StreamKey = QStringLiteral("stream");
    static inline const QString DeliverKey = QStringLiteral("deliver");
    static inline const QString DeliverSinceKey = QStringLiteral("deliverSince");
    static inline const QString MaxMessageBytesKey = QStringLiteral("maxMessageBytes");
    static inline const QString ConnectTimeoutKey = QStringLiteral("connectTimeoutMs");

    static constexpr qint64 DefaultMaxMessageBytes = 1024 * 1024;
    static constexpr int DefaultConnectTimeoutMs = 5000;

    enum class Deliver { New, All, Last, LastPerSubject, Since };

    QUrl url;
    QStringList subjects;
    QString queueGroup;
    QString user;
    QString password; ///< secret
    QString token;    ///< secret
    QString credsFile;
    QString trustedCertificate;
    QString certificateSha256;
    QString stream;
    Deliver deliver = Deliver::All;
    QString deliverSince;
    qint64 maxMessageBytes = DefaultMaxMessageBytes;
    int connectTimeoutMs = DefaultConnectTimeoutMs;

    static NatsSettings fromOptions(const QVariantMap &options);
};

namespace nats {

/// Why `subject` is not a valid subscription subject (tokens split by '.', none empty, no
/// whitespace, '*' a whole token, '>' a whole last token); empty when it is valid.
QString subjectProblem(const QString &subject);
/// The subject lines of an option value: trimmed, empty lines left out.
QStringList subjectLines(const QString &text);
/// `deliverSince` as nanoseconds since the epoch (UTC): an ISO 8601 date and time
/// ("2026-12-01T08:00:00Z") or a duration before now ("90s", "15m", "2h", "7d").
std::optional<qint64> sinceNanoseconds(const QString &text, QString *error);
/// The JetStream start time to send for `ns` (nanoseconds since the epoch): `ns` itself when
/// the NATS C client puts it on the wire as it is, else the whole second at or before it. The
/// client writes the fraction of a second as an integer without its leading zeros (60 ms as
/// ".6"), which would move a start in the first 100 ms of a second up to 0.9 s later and skip
/// what came in between; the feed drops what the earlier start brings from before `ns`.
qint64 startTimeOnWire(qint64 ns);
/// A received payload as the JSON the mapper takes: JSON objects and arrays as they are, a
/// bare number as {"value": x}, any other text as {"text": "..."}.
QByteArray payloadAsJson(QByteArrayView data);
/// One subject token for a publisher: '.', '*', '>', '%', whitespace and control characters
/// as %XX (upper-case hex of each UTF-8 byte); everything else (including '/') as it is.
QByteArray escapeToken(const QString &token);
/// Problems with the options beyond the schema (used by the plugin's validate()).
QList<Problem> validateOptions(const QVariantMap &options);

} // namespace nats

/// One NATS source: connects (the socket driven by the ingest thread's event loop), subscribes
/// to the subjects (or replays them from a JetStream stream) and hands every message to the
/// context with its subject.
///
/// Delivery: the subscriptions are synchronous ones (natsConnection_SubscribeSync,
/// js_SubscribeSync) that no library thread delivers from. The ingest thread's read event
/// parses what arrived into their queues (natsConnection_ProcessReadEvent), and the feed then
/// takes the messages out with natsSubscription_NextMsg(sub, 0) on the same thread, for at most
/// IngestTurnMs per turn. So ctx.topicMessage() is always called on the ingest thread, with no
/// hand-off between threads per message. Measured with perf over 1,000,000 messages (gateway
/// publisher -> nats-server -> this feed, one process): NextMsg, drain() and their locks took
/// under 1% of the samples; parsing (natsParser_Parse) 1.5%; the mapping and the store the rest.
class NatsFeed final : public Feed
{
public:
    explicit NatsFeed(NatsSettings settings) : m_settings(std::move(settings)) {}

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    NatsSettings m_settings;
    /// Per subject line: the last stream sequence delivered, so that a reconnect resumes the
    /// replay after it instead of repeating it (JetStream only).
    std::vector<quint64> m_lastStreamSequence;
};

} // namespace livedash
