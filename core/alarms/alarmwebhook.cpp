#include "alarms/alarmwebhook.h"

#include "secrets/variables.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace livedash {

AlarmWebhook::AlarmWebhook(QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &AlarmWebhook::sendNext);
}

AlarmWebhook::~AlarmWebhook()
{
    if (m_inFlight) {
        m_inFlight->disconnect(this);
        m_inFlight->abort();
    }
}

AlarmWebhook::Headers AlarmWebhook::resolveHeaders(const QVariantMap &headers,
                                                   const Variables &variables,
                                                   QStringList *problems)
{
    Headers out;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        QString why;
        const QString value = variables.resolve(it.value().toString(), &why);
        if (value.isNull())
            problems->append(QStringLiteral("%1: %2").arg(it.key(), why));
        out.append({it.key().toUtf8(), value.toUtf8()});
    }
    return out;
}

void AlarmWebhook::setTarget(const QUrl &url,
                             const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    m_url = url;
    m_headers = headers;
}

QByteArray AlarmWebhook::body(const AlarmEvent &event, const QString &dashboardName)
{
    QJsonObject o = event.toJson();
    o.insert(QStringLiteral("dashboard"), dashboardName);
    // A line chat tools show as is.
    o.insert(QStringLiteral("summary"),
             QStringLiteral("[%1] %2 %3: %4 (%5)")
                 .arg(alertSeverityName(event.severity).toUpper(), event.rule,
                      AlarmEvent::kindName(event.kind), event.channel, event.condition));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void AlarmWebhook::post(const AlarmEvent &event, const QString &dashboardName)
{
    if (!m_url.isValid())
        return;
    if (m_queue.size() >= MaxQueued) {
        // The one in flight stays; the oldest waiting one goes.
        m_queue.removeAt(m_inFlight ? 1 : 0);
        ++m_stats.dropped;
    }
    m_queue.append(body(event, dashboardName));
    m_stats.queued = m_queue.size();
    if (!m_inFlight && !m_retry.isActive())
        sendNext();
}

void AlarmWebhook::sendNext()
{
    if (m_inFlight || m_queue.isEmpty())
        return;
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Livedash"));
    for (const auto &[name, value] : std::as_const(m_headers))
        request.setRawHeader(name, value);
    request.setTransferTimeout(TimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setMaximumRedirectsAllowed(3);
    m_inFlight = m_network->post(request, m_queue.first());
    connect(m_inFlight, &QNetworkReply::finished, this, [this] {
        QNetworkReply *reply = std::exchange(m_inFlight, nullptr);
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
            m_queue.removeFirst();
            ++m_stats.sent;
            m_stats.queued = m_queue.size();
            m_retryMs = m_firstRetryMs;
            Q_EMIT attempted();
            sendNext();
            return;
        }
        ++m_stats.failures;
        m_stats.lastError =
            status > 0
                ? QStringLiteral("%1: HTTP %2 %3")
                      .arg(m_url.toDisplayString(QUrl::RemoveUserInfo))
                      .arg(status)
                      .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                : QStringLiteral("%1: %2").arg(m_url.toDisplayString(QUrl::RemoveUserInfo),
                                               reply->errorString());
        m_retry.start(m_retryMs);
        m_retryMs = std::min(m_retryMs * 2, MaxRetryMs);
        Q_EMIT attempted();
    });
}

} // namespace livedash
