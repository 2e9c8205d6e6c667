#pragma once

#include <livedash/export.h>

#include <livedash/feedplugin.h>
#include <livedash/options.h>
#include <livedash/tlstrust.h>

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMetaObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

#include <QCoroTask>

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

class QNetworkAccessManager;

namespace livedash {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

/// The URL as shown to the operator and in logs: user info and query values may hold secrets.
LIVEDASH_SDK_EXPORT QString displayUrl(const QUrl &url);
/// A duration for the operator, e.g. "2.5 s".
LIVEDASH_SDK_EXPORT QString formatSeconds(qint64 ms);
/// Why a feed cannot request `url` with `trust` at all (not http(s), unusable pin settings),
/// as a fatal end; nothing when it can.
LIVEDASH_SDK_EXPORT std::optional<FeedEnd> checkHttpTarget(const QUrl &url, const TlsTrust &trust);

/// A feed's request to `url`: never answered from a cache, HTTP/1.1, and `trust`'s pinned
/// certificates added to the CA certificates.
LIVEDASH_SDK_EXPORT QNetworkRequest feedRequest(const QUrl &url, const TlsTrust &trust);
/// Sets each header in order (a later one replaces an earlier one of the same name).
LIVEDASH_SDK_EXPORT void applyHeaders(QNetworkRequest &request, const HeaderList &headers);
/// `own`, created at the first call (on the calling thread) with `shared`'s redirect policy:
/// for a feed whose requests must not share connections with the thread's other feeds.
LIVEDASH_SDK_EXPORT QNetworkAccessManager *ownNetwork(std::unique_ptr<QNetworkAccessManager> &own,
                                                      const QNetworkAccessManager *shared);

/// Aborts `reply` from the event loop: it may be called from inside one of the reply's own
/// signals, where aborting is not safe; a reply that has finished meanwhile is left alone.
LIVEDASH_SDK_EXPORT void abortLater(QNetworkReply *reply);
/// Like abortLater() for a body we do not want, but leaves an HTTP 4xx/5xx reply alone: Qt
/// reports its error after the abort as well ("this method must only be called once"). Its
/// body is drained meanwhile and the caller's deadline still bounds it.
LIVEDASH_SDK_EXPORT void stopReceiving(QNetworkReply *reply);
/// "HTTP 503 Service Unavailable from <where>" (without the phrase when there is none).
LIVEDASH_SDK_EXPORT QString httpStatusText(const QNetworkReply *reply, const QString &where);

/// The `url` option of an http(s) feed, and its `headers` option.
LIVEDASH_SDK_EXPORT OptionSpec httpUrlOption(const char *help);
LIVEDASH_SDK_EXPORT OptionSpec headersOption();

/// One request's reply on an ingest thread, as the http and sse feeds watch it: certificate
/// errors go through the feed's TlsTrust, cancelling the feed aborts it, and the response
/// headers and every read restart an activity clock for the caller's deadlines. Owns the
/// reply (deleted later: it may be inside one of its own signals) and disconnects every
/// handler when destroyed, so none outlives the coroutine frame it points into.
class LIVEDASH_SDK_EXPORT FeedReply
{
public:
    /// Most bytes Qt's network thread holds unread for one reply.
    static constexpr qint64 ReadBufferBytes = 256 * 1024;

    FeedReply(QNetworkReply *reply, FeedContext &ctx, const TlsTrust &trust);
    ~FeedReply();
    FeedReply(const FeedReply &) = delete;
    FeedReply &operator=(const FeedReply &) = delete;

    QNetworkReply *get() const { return m_reply; }
    /// The HTTP status, 0 when no response came.
    int status() const;
    /// Milliseconds since the headers or the last bytes arrived (or since construction).
    qint64 idleMs() const { return m_lastActivity.elapsed(); }
    /// finish() aborted the reply because its deadline passed.
    bool timedOut() const { return m_timedOut; }

    /// Calls `handler()` when the response headers arrive (after each redirect too).
    template<typename Handler>
    void onHeaders(Handler handler)
    {
        track(&QNetworkReply::metaDataChanged, std::move(handler));
    }
    /// Calls `handler()` when body bytes can be read.
    template<typename Handler>
    void onData(Handler handler)
    {
        track(&QNetworkReply::readyRead, std::move(handler));
    }

    /// Waits until the reply has finished. Before each wait `remainingMs()` gives the time left
    /// to the caller's deadline; at 0 or less the reply is aborted and timedOut() set. One wait
    /// lasts at most `maxWaitMs`, so that a deadline that moves is checked in time. When the
    /// feed is cancelled the reply is aborted and finish() returns at once.
    QCoro::Task<> finish(std::function<qint64()> remainingMs,
                         qint64 maxWaitMs = std::numeric_limits<qint64>::max());

    /// Why no HTTP response came (status() == 0): the refused TLS handshake, or Qt's error.
    QString connectionFailure(const QString &where) const;

private:
    template<typename Signal, typename Handler>
    void track(Signal signal, Handler handler)
    {
        m_connections.append(
            QObject::connect(m_reply, signal, m_reply, [this, handler = std::move(handler)] {
                m_lastActivity.restart();
                handler();
            }));
    }

    QNetworkReply *m_reply;
    CancelToken *m_token;
    QList<QMetaObject::Connection> m_connections;
    QElapsedTimer m_lastActivity;
    bool m_timedOut = false;
    QString m_tlsError;
};

} // namespace livedash
