#include "natsfeed.h"
#include "natsclient.h"

#include <livedash/tlstrust.h>
#include <livedash/wait.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QTimer>

#include <cctype>
#include <cmath>
#include <memory>

namespace livedash {

using namespace std::chrono;

namespace {

QString feedText(const char *text)
{
    return QCoreApplication::translate("livedash::FeedErrors", text);
}

bool isSpace(QChar c)
{
    return c.isSpace() || c.unicode() < 0x20 || c.unicode() == 0x7f;
}

} // namespace

NatsSettings NatsSettings::fromOptions(const QVariantMap &options)
{
    NatsSettings s;
    s.url = QUrl(options.value(UrlKey).toString().trimmed());
    s.subjects = nats::subjectLines(options.value(SubjectsKey).toString());
    s.queueGroup = options.value(QueueGroupKey).toString().trimmed();
    s.user = options.value(UserKey).toString();
    s.password = options.value(PasswordKey).toString();
    s.token = options.value(TokenKey).toString();
    s.credsFile = options.value(CredsFileKey).toString().trimmed();
    s.trustedCertificate = options.value(TlsTrust::CertificateFileKey).toString().trimmed();
    s.certificateSha256 = options.value(TlsTrust::FingerprintKey).toString().trimmed();
    s.stream = options.value(StreamKey).toString().trimmed();
    const QString deliver = options.value(DeliverKey).toString();
    if (deliver == QLatin1String("new"))
        s.deliver = Deliver::New;
    else if (deliver == QLatin1String("last"))
        s.deliver = Deliver::Last;
    else if (deliver == QLatin1String("lastPerSubject"))
        s.deliver = Deliver::LastPerSubject;
    else if (deliver == QLatin1String("since"))
        s.deliver = Deliver::Since;
    else
        s.deliver = Deliver::All;
    s.deliverSince = options.value(DeliverSinceKey).toString().trimmed();
    bool ok = false;
    const qint64 max = options.value(MaxMessageBytesKey).toLongLong(&ok);
    s.maxMessageBytes = ok && max > 0 ? max : DefaultMaxMessageBytes;
    const int timeout = options.value(ConnectTimeoutKey).toInt(&ok);
    s.connectTimeoutMs = ok && timeout > 0 ? timeout : DefaultConnectTimeoutMs;
    return s;
}

namespace nats {

QStringList subjectLines(const QString &text)
{
    QStringList lines;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString subject = line.trimmed();
        if (!subject.isEmpty())
            lines.append(subject);
    }
    return lines;
}

QString subjectProblem(const QString &subject)
{
    if (subject.isEmpty())
        return feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "empty subject"));
    const QStringList tokens = subject.split(QLatin1Char('.'));
    for (int i = 0; i < tokens.size(); ++i) {
        const QString &t = tokens.at(i);
        if (t.isEmpty())
            return feedText(
                       QT_TRANSLATE_NOOP(
                           "livedash::FeedErrors",
                           "\"%1\" has an empty token (two dots, or a dot at the start or end)"))
                .arg(subject);
        for (QChar c : t) {
            if (isSpace(c))
                return feedText(
                           QT_TRANSLATE_NOOP("livedash::FeedErrors", "\"%1\" contains whitespace"))
                    .arg(subject);
        }
        if (t.contains(QLatin1Char('*')) && t != QLatin1String("*"))
            return feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                              "\"%1\": '*' must be a whole token"))
                .arg(subject);
        if (t.contains(QLatin1Char('>')) && (t != QLatin1String(">") || i != tokens.size() - 1))
            return feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                              "\"%1\": '>' must be the whole last token"))
                .arg(subject);
    }
    return {};
}

std::optional<qint64> sinceNanoseconds(const QString &text, QString *error)
{
    static const QRegularExpression duration(
        QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d|w)\\s*$"));
    const QRegularExpressionMatch m = duration.match(text);
    if (m.hasMatch()) {
        const double n = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        const double ms = n * (unit == QLatin1String("ms")  ? 1.0
                               : unit == QLatin1String("s") ? 1e3
                               : unit == QLatin1String("m") ? 60e3
                               : unit == QLatin1String("h") ? 3600e3
                               : unit == QLatin1String("d") ? 86400e3
                                                            : 7 * 86400e3);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        return (now - qint64(ms)) * qint64(1000000);
    }
    QDateTime t = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text.trimmed(), Qt::ISODate);
    if (t.isValid())
        return t.toMSecsSinceEpoch() * qint64(1000000);
    if (error)
        *error =
            feedText(QT_TRANSLATE_NOOP(
                         "livedash::FeedErrors",
                         "\"%1\" is neither an ISO 8601 date and time (2026-12-01T08:00:00Z) nor a "
                         "duration (90s, 15m, 2h, 7d)"))
                .arg(text);
    return std::nullopt;
}

qint64 startTimeOnWire(qint64 ns)
{
    constexpr qint64 Second = 1000000000;
    constexpr qint64 Tenth = Second / 10;
    qint64 whole = ns / Second;
    if (ns % Second < 0)
        --whole; // floor, also before 1970
    const qint64 fraction = ns - whole * Second;
    if (ns > 0 && (fraction == 0 || fraction >= Tenth))
        return ns; // nine digits or none: written as it is
    return whole * Second;
}

QByteArray payloadAsJson(QByteArrayView data)
{
    const QByteArrayView trimmed = data.trimmed();
    if (!trimmed.isEmpty() && (trimmed.front() == '{' || trimmed.front() == '['))
        return data.toByteArray();
    bool ok = false;
    const double v = trimmed.toDouble(&ok);
    if (ok && std::isfinite(v) && !trimmed.isEmpty() &&
        (std::isdigit(static_cast<unsigned char>(trimmed.front())) || trimmed.front() == '-' ||
         trimmed.front() == '.'))
        return QByteArrayLiteral("{\"value\":") + QByteArray::number(v, 'g', 17) + '}';
    return QJsonDocument(QJsonObject{{QStringLiteral("text"), QString::fromUtf8(data)}})
        .toJson(QJsonDocument::Compact);
}

QByteArray escapeToken(const QString &token)
{
    const QByteArray utf8 = token.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    static const char hex[] = "0123456789ABCDEF";
    for (char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '.' || c == '*' || c == '>' || c == '%' || c <= 0x20 || c == 0x7f) {
            out.append('%');
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        } else {
            out.append(ch);
        }
    }
    return out;
}

QList<Problem> validateOptions(const QVariantMap &options)
{
    using S = NatsSettings;
    QList<Problem> problems;
    auto has = [&options](const QString &key) {
        return !options.value(key).toString().trimmed().isEmpty();
    };
    auto unresolved = [&options](const QString &key) {
        return options.value(key).toString().contains(QLatin1String("${"));
    };

    const QStringList subjects = subjectLines(options.value(S::SubjectsKey).toString());
    if (subjects.isEmpty())
        problems.append({S::SubjectsKey, feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                                    "name at least one subject"))});
    for (const QString &subject : subjects) {
        if (unresolved(S::SubjectsKey))
            break;
        const QString why = subjectProblem(subject);
        if (!why.isEmpty())
            problems.append({S::SubjectsKey, why});
    }
    const QString queue = options.value(S::QueueGroupKey).toString().trimmed();
    if (!queue.isEmpty() && (queue.contains(QRegularExpression(QStringLiteral("[\\s*>]")))))
        problems.append({S::QueueGroupKey,
                         feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                    "a queue group is one name without spaces, "
                                                    "'*' or '>'"))});
    if (!queue.isEmpty() && has(S::StreamKey))
        problems.append(
            {S::QueueGroupKey, feedText(QT_TRANSLATE_NOOP(
                                   "livedash::FeedErrors",
                                   "a queue group cannot be combined with a JetStream stream"))});

    const int credentials =
        int(has(S::UserKey)) + int(has(S::TokenKey)) + int(has(S::CredsFileKey));
    if (credentials > 1)
        problems.append({has(S::TokenKey) ? S::TokenKey : S::CredsFileKey,
                         feedText(QT_TRANSLATE_NOOP(
                             "livedash::FeedErrors",
                             "use one of user and password, token or credentials file"))});
    if (has(S::PasswordKey) && !has(S::UserKey))
        problems.append({S::UserKey, feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                                "a password needs a user"))});
    if (has(S::CredsFileKey) && !unresolved(S::CredsFileKey) &&
        !QFile::exists(options.value(S::CredsFileKey).toString().trimmed()))
        problems.append({S::CredsFileKey,
                         feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "file not found"))});

    const QString deliver = options.value(S::DeliverKey).toString();
    if (deliver == QLatin1String("since")) {
        QString why;
        if (!has(S::DeliverSinceKey))
            problems.append({S::DeliverSinceKey,
                             feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                        "required when deliver is \"since\""))});
        else if (!unresolved(S::DeliverSinceKey) &&
                 !sinceNanoseconds(options.value(S::DeliverSinceKey).toString(), &why))
            problems.append({S::DeliverSinceKey, why});
    }

    problems += TlsTrust::validate(options);
    if (has(TlsTrust::FingerprintKey))
        problems.append(
            {TlsTrust::FingerprintKey,
             feedText(QT_TRANSLATE_NOOP(
                 "livedash::FeedErrors",
                 "the NATS client library cannot check a certificate fingerprint; pin the "
                 "certificate with trustedCertificate instead"))});
    const QUrl url(options.value(S::UrlKey).toString().trimmed());
    if (url.isValid() && url.scheme() == QLatin1String("nats") && has(TlsTrust::CertificateFileKey))
        problems.append({TlsTrust::CertificateFileKey,
                         feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                    "a trusted certificate needs a tls:// URL"))});
    return problems;
}

} // namespace nats

namespace {

/// What a run's message handlers share; the handlers check `ctx` (null once run() ended).
struct RunState
{
    FeedContext *ctx = nullptr;
    qint64 maxMessageBytes = 0;
    bool jetStream = false;
    std::vector<quint64> *lastSequence = nullptr; ///< the feed's, one per subscription
    /// deliver "since": a subscription that has delivered nothing yet drops what the server
    /// sends from before this time (its start may have gone out as the whole second before).
    std::optional<qint64> sinceNs;
    bool turnPosted = false;
    int64_t dropped = 0; ///< messages the library dropped so far (slow consumer)
};

/// The library keeps at most 65536 messages or 64 MB per subscription waiting for drain();
/// beyond that it drops them (a slow consumer). Said once per drain that found new drops.
void reportDropped(RunState *run, const std::vector<natsSubscription *> &subs)
{
    int64_t total = 0;
    for (natsSubscription *sub : subs) {
        int64_t n = 0;
        if (natsSubscription_GetDropped(sub, &n) == NATS_OK)
            total += n;
    }
    if (total > run->dropped) {
        run->ctx->rejected(QStringLiteral("%1 messages dropped: more arrived than the dashboard "
                                          "could map (slow consumer)")
                               .arg(total - run->dropped));
        run->dropped = total;
    }
}

/// Hands waiting messages to the context for at most IngestTurnMs; queues the rest's turn.
void drain(const std::shared_ptr<RunState> &run, nats::Client *client)
{
    if (!run->ctx)
        return;
    const auto &subs = client->resources().subscriptions;
    QElapsedTimer turn;
    turn.start();
    bool more = true;
    while (more) {
        more = false;
        if (run->ctx->isCancelled())
            return; // stopping (a probe stops at its first message): leave the rest queued
        for (size_t i = 0; i < subs.size(); ++i) {
            natsMsg *msg = nullptr;
            if (natsSubscription_NextMsg(&msg, subs[i], 0) != NATS_OK)
                continue;
            more = true;
            FeedContext &ctx = *run->ctx;
            const int size = natsMsg_GetDataLength(msg);
            const QString subject = QString::fromUtf8(natsMsg_GetSubject(msg));
            ctx.bytesReceived(size);
            bool beforeSince = false;
            if (run->jetStream) {
                jsMsgMetaData *meta = nullptr;
                if (natsMsg_GetMetaData(&meta, msg) == NATS_OK && meta) {
                    beforeSince = run->sinceNs && (*run->lastSequence)[i] == 0 &&
                                  meta->Timestamp < *run->sinceNs;
                    if (!beforeSince)
                        (*run->lastSequence)[i] = meta->Sequence.Stream;
                    jsMsgMetaData_Destroy(meta);
                }
            }
            if (beforeSince) {
                // Not asked for: the server started at the whole second before "since".
            } else if (size > run->maxMessageBytes) {
                ctx.rejected(QStringLiteral("message on %1 exceeded maxMessageBytes (%2 bytes)")
                                 .arg(subject)
                                 .arg(size));
            } else {
                const QByteArrayView data(natsMsg_GetData(msg), size);
                ctx.topicMessage(nats::payloadAsJson(data), subject, QLatin1Char('.'));
            }
            natsMsg_Destroy(msg);
            if (!run->ctx)
                return;
            if (turn.elapsed() >= IngestTurnMs && !run->turnPosted) {
                run->turnPosted = true;
                QTimer::singleShot(0, client, [run, client] {
                    run->turnPosted = false;
                    drain(run, client);
                });
                return;
            }
        }
    }
    reportDropped(run.get(), subs);
}

/// Runs on the setup thread: subscriptions (core or JetStream), then a flush so that the
/// server has answered them before the feed calls itself connected.
QString subscribe(natsConnection *nc, nats::Resources *out, const NatsSettings &s,
                  const std::vector<quint64> &resume, std::optional<qint64> sinceNs)
{
    natsStatus status = NATS_OK;
    const QByteArray queue = s.queueGroup.toUtf8();
    const QByteArray stream = s.stream.toUtf8();
    if (!s.stream.isEmpty()) {
        jsOptions jo;
        jsOptions_Init(&jo);
        jo.Wait = s.connectTimeoutMs;
        status = natsConnection_JetStream(&out->jetStream, nc, &jo);
        if (status != NATS_OK)
            return nats::Client::describe(status, QString());
    }
    for (size_t i = 0; i < size_t(s.subjects.size()); ++i) {
        const QByteArray subject = s.subjects.at(qsizetype(i)).toUtf8();
        natsSubscription *sub = nullptr;
        if (out->jetStream) {
            jsSubOptions so;
            jsSubOptions_Init(&so);
            so.Stream = stream.constData();
            so.Config.AckPolicy = js_AckNone;
            switch (s.deliver) {
            case NatsSettings::Deliver::New:
                so.Config.DeliverPolicy = js_DeliverNew;
                break;
            case NatsSettings::Deliver::All:
                so.Config.DeliverPolicy = js_DeliverAll;
                break;
            case NatsSettings::Deliver::Last:
                so.Config.DeliverPolicy = js_DeliverLast;
                break;
            case NatsSettings::Deliver::LastPerSubject:
                so.Config.DeliverPolicy = js_DeliverLastPerSubject;
                break;
            case NatsSettings::Deliver::Since:
                so.Config.DeliverPolicy = js_DeliverByStartTime;
                so.Config.OptStartTime = nats::startTimeOnWire(sinceNs.value_or(0));
                break;
            }
            if (i < resume.size() && resume[i] > 0) { // a reconnect: go on after the last one
                so.Config.DeliverPolicy = js_DeliverByStartSequence;
                so.Config.OptStartTime = 0;
                so.Config.OptStartSeq = resume[i] + 1;
            }
            jsErrCode jerr = jsErrCode(0);
            status =
                js_SubscribeSync(&sub, out->jetStream, subject.constData(), nullptr, &so, &jerr);
            if (status != NATS_OK) {
                natsStatus ignored = NATS_OK;
                const char *text = nats_GetLastError(&ignored);
                const QString detail = text ? QString::fromUtf8(text) : QString();
                if (jerr == JSStreamNotFoundErr || detail.contains(QLatin1String("not found")))
                    return feedText(
                               QT_TRANSLATE_NOOP("livedash::FeedErrors", "stream %1 not found"))
                        .arg(s.stream);
                if (jerr == JSNotEnabledErr || jerr == JSNotEnabledForAccountErr ||
                    status == NATS_NO_RESPONDERS)
                    return feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                      "JetStream is not enabled on the server"));
                return feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors",
                                                  "JetStream subscription to %1 failed: %2"))
                    .arg(QString::fromUtf8(subject), nats::Client::describe(status, detail));
            }
        } else if (!queue.isEmpty()) {
            status =
                natsConnection_QueueSubscribeSync(&sub, nc, subject.constData(), queue.constData());
        } else {
            status = natsConnection_SubscribeSync(&sub, nc, subject.constData());
        }
        if (status != NATS_OK) {
            natsStatus ignored = NATS_OK;
            const char *text = nats_GetLastError(&ignored);
            return nats::Client::describe(status, text ? QString::fromUtf8(text) : QString());
        }
        out->subscriptions.push_back(sub);
    }
    // The server answers a SUB it refuses with -ERR before the PONG of this flush.
    status = natsConnection_FlushTimeout(nc, s.connectTimeoutMs);
    const char *text = nullptr;
    const natsStatus last = natsConnection_GetLastError(nc, &text);
    if (last == NATS_NOT_PERMITTED && text)
        return nats::Client::describe(last, QString::fromUtf8(text));
    if (status != NATS_OK)
        return nats::Client::describe(status, text ? QString::fromUtf8(text) : QString());
    return {};
}

} // namespace

QCoro::Task<FeedEnd> NatsFeed::run(FeedContext &ctx)
{
    const NatsSettings &s = m_settings;
    const QString scheme = s.url.scheme();
    if (!s.url.isValid() || s.url.host().isEmpty() ||
        (scheme != QLatin1String("nats") && scheme != QLatin1String("tls")))
        co_return FeedEnd::fatal(feedText(QT_TRANSLATE_NOOP(
            "livedash::FeedErrors", "not a valid NATS URL (nats://host:port or tls://host:port)")));
    const int port = s.url.port(4222);
    const QString hostPort =
        (s.url.host().contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(s.url.host())
                                                 : s.url.host()) +
        QStringLiteral(":%1").arg(port);
    ctx.connecting(scheme + QStringLiteral("://") + hostPort);
    if (ctx.isCancelled())
        co_return FeedEnd::cancelled();

    nats::ConnectSpec spec;
    spec.url = (scheme + QStringLiteral("://") + hostPort).toUtf8();
    spec.secure = scheme == QLatin1String("tls");
    if (spec.secure && QHostAddress(s.url.host()).isNull())
        spec.host = s.url.host().toUtf8(); // IP literals: the pinned chain is checked, no name
    spec.user = s.user.toUtf8();
    spec.password = s.password.toUtf8();
    spec.token = s.token.toUtf8();
    spec.credsFile = s.credsFile.toUtf8();
    spec.timeoutMs = s.connectTimeoutMs;
    if (!s.trustedCertificate.isEmpty()) {
        QList<QSslCertificate> certs = QSslCertificate::fromPath(s.trustedCertificate, QSsl::Pem);
        if (certs.isEmpty())
            certs = QSslCertificate::fromPath(s.trustedCertificate, QSsl::Der);
        if (certs.isEmpty())
            co_return FeedEnd::fatal(
                feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "no certificate in %1"))
                    .arg(s.trustedCertificate));
        for (const QSslCertificate &c : certs)
            spec.caPem += c.toPem();
    }
    std::optional<qint64> sinceNs;
    if (!s.stream.isEmpty() && s.deliver == NatsSettings::Deliver::Since) {
        QString why;
        sinceNs = nats::sinceNanoseconds(s.deliverSince, &why);
        if (!sinceNs)
            co_return FeedEnd::fatal(why);
    }
    m_lastStreamSequence.resize(size_t(s.subjects.size()), 0);

    auto run = std::make_shared<RunState>();
    run->ctx = &ctx;
    run->maxMessageBytes = s.maxMessageBytes;
    run->jetStream = !s.stream.isEmpty();
    run->lastSequence = &m_lastStreamSequence;
    run->sinceNs = sinceNs;

    auto *client = new nats::Client();
    QObject::connect(client, &nats::Client::readable, client,
                     [run, client] { drain(run, client); });
    client->open(spec, [settings = s, resume = m_lastStreamSequence,
                        sinceNs](natsConnection *nc, nats::Resources *out) {
        return subscribe(nc, out, settings, resume, sinceNs);
    });

    // Connecting and the setup each have the connect timeout; a little slack on top.
    const milliseconds setupTimeout(2 * s.connectTimeoutMs + 1000);
    WaitResult woke = WaitResult::Signal;
    while (client->state() == nats::Client::State::Connecting && woke == WaitResult::Signal)
        woke = co_await waitFor(ctx.cancelToken(), setupTimeout, client, &nats::Client::changed);

    FeedEnd end = FeedEnd::failed(feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "timed out")));
    if (woke == WaitResult::Cancelled || ctx.isCancelled()) {
        end = FeedEnd::cancelled();
    } else if (client->state() == nats::Client::State::Failed) {
        end = FeedEnd::failed(client->error());
    } else if (client->state() != nats::Client::State::Connecting) {
        ctx.connected();
        drain(run, client); // what arrived with the setup's replies
        while (client->state() == nats::Client::State::Ready && woke != WaitResult::Cancelled)
            woke = co_await waitFor(ctx.cancelToken(), minutes(1), client, &nats::Client::changed);
        if (woke == WaitResult::Cancelled || ctx.isCancelled()) {
            end = FeedEnd::cancelled();
        } else {
            drain(run, client);
            end = FeedEnd::failed(
                client->error().isEmpty()
                    ? feedText(QT_TRANSLATE_NOOP("livedash::FeedErrors", "connection closed"))
                    : client->error());
        }
    }
    run->ctx = nullptr;
    client->close();
    co_return end;
}

} // namespace livedash
