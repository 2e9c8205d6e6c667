#include <livedash/feedreply.h>

#include <livedash/redact.h>
#include <livedash/wait.h>

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QSslError>

#include <algorithm>
#include <chrono>

namespace livedash {

QString displayUrl(const QUrl &url)
{
    return redactUrl(url);
}

QString formatSeconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(QString::number(double(ms) / 1000.0, 'g', 4));
}

std::optional<FeedEnd> checkHttpTarget(const QUrl &url, const TlsTrust &trust)
{
    const bool http =
        url.isValid() && !url.host().isEmpty() &&
        (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
    if (!http)
        return FeedEnd::fatal(
            QStringLiteral("\"%1\" is not an http:// or https:// URL").arg(displayUrl(url)));
    if (!trust.error().isEmpty())
        return FeedEnd::fatal(trust.error());
    return std::nullopt;
}

QNetworkRequest feedRequest(const QUrl &url, const TlsTrust &trust)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    // Qt 6.4 offers HTTP/2 over TLS on one connection until ALPN answers; a reply aborted during
    // that handshake (a restarted feed, a connect timeout) leaves the connection closing, and
    // every later request to the host waits behind it until its own timeout. HTTP/1.1 gives
    // each request a connection of its own.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (trust.hasPins())
        request.setSslConfiguration(trust.configure(request.sslConfiguration()));
    return request;
}

void applyHeaders(QNetworkRequest &request, const HeaderList &headers)
{
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
}

QNetworkAccessManager *ownNetwork(std::unique_ptr<QNetworkAccessManager> &own,
                                  const QNetworkAccessManager *shared)
{
    if (!own) {
        own = std::make_unique<QNetworkAccessManager>();
        own->setRedirectPolicy(shared->redirectPolicy());
    }
    return own.get();
}

void abortLater(QNetworkReply *reply)
{
    QMetaObject::invokeMethod(
        reply,
        [reply] {
            if (!reply->isFinished())
                reply->abort();
        },
        Qt::QueuedConnection);
}

void stopReceiving(QNetworkReply *reply)
{
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() < 400)
        abortLater(reply);
}

QString httpStatusText(const QNetworkReply *reply, const QString &where)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString phrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    return phrase.isEmpty()
               ? QCoreApplication::translate("livedash::FeedErrors", "HTTP %1 from %2")
                     .arg(status)
                     .arg(where)
               : QCoreApplication::translate("livedash::FeedErrors", "HTTP %1 %2 from %3")
                     .arg(status)
                     .arg(phrase, where);
}

OptionSpec httpUrlOption(const char *help)
{
    return option(QStringLiteral("url"), OptionType::Url,
                  QT_TRANSLATE_NOOP("livedash::FeedPlugins", "URL"), help)
        .asRequired()
        .withChoices({QStringLiteral("http"), QStringLiteral("https")});
}

OptionSpec headersOption()
{
    return option(QStringLiteral("headers"), OptionType::Headers,
                  QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Headers"),
                  QT_TRANSLATE_NOOP("livedash::FeedPlugins",
                                    "Extra request headers, one \"Name: value\" per line. Values "
                                    "of credential headers (Authorization, Cookie, *Token*, "
                                    "*Key*, ...) are saved in the system keychain, or may be "
                                    "${env:NAME}."));
}

FeedReply::FeedReply(QNetworkReply *reply, FeedContext &ctx, const TlsTrust &trust)
    : m_reply(reply), m_token(ctx.cancelToken())
{
    m_lastActivity.start();
    // Unbounded by default: when the ingest thread is slow to run, Qt's network thread would
    // buffer a whole body before a size check on readyRead sees it. Bounded, the socket stops
    // being read (TCP back-pressure) once this much waits unread.
    reply->setReadBufferSize(ReadBufferBytes);
    // Queued: cancellation can be raised from inside an event handler (a settings probe).
    m_connections.append(QObject::connect(ctx.cancelToken(), &CancelToken::cancelled, reply,
                                          [reply] { abortLater(reply); }));
    // Verification stays on; a pinned certificate lets exactly its errors pass.
    m_connections.append(QObject::connect(
        reply, &QNetworkReply::sslErrors, reply,
        [this, reply, trust = &trust](const QList<QSslError> &errors) {
            const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
            if (trust->accepts(errors, peer))
                reply->ignoreSslErrors(errors);
            else
                m_tlsError = trust->describe(errors, peer);
        }));
}

FeedReply::~FeedReply()
{
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        QObject::disconnect(c);
    m_reply->deleteLater();
}

int FeedReply::status() const
{
    return m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QCoro::Task<> FeedReply::finish(std::function<qint64()> remainingMs, qint64 maxWaitMs)
{
    while (!m_reply->isFinished()) {
        const qint64 remaining = remainingMs();
        if (remaining <= 0) {
            m_timedOut = true;
            m_reply->abort();
            co_return;
        }
        const WaitResult woken =
            co_await waitFor(m_token, std::chrono::milliseconds(std::min(remaining, maxWaitMs)),
                             m_reply, &QNetworkReply::finished);
        if (woken == WaitResult::Cancelled) {
            // From a fresh event-loop turn, not from inside one of the reply's signals: safe.
            m_reply->abort();
            co_return;
        }
    }
}

QString FeedReply::connectionFailure(const QString &where) const
{
    if (!m_tlsError.isEmpty())
        return QStringLiteral("TLS handshake with %1 refused: %2").arg(where, m_tlsError);
    // Qt's error strings may quote the whole URL, query included.
    return QCoreApplication::translate("livedash::FeedErrors", "cannot reach %1: %2")
        .arg(where, redactText(m_reply->errorString()));
}

} // namespace livedash
