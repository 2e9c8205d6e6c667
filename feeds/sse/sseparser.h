#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <optional>

namespace livedash {

/// One dispatched Server-Sent Event.
struct SseEvent
{
    QByteArray type;        ///< the `event:` name, "message" when the event named none
    QByteArray data;        ///< `data:` lines joined with '\n'
    QByteArray lastEventId; ///< the stream's last event ID when the event was dispatched
};

/// Incremental parser for the text/event-stream format (WHATWG HTML, "Server-sent events",
/// section "Parsing an event stream"). Bytes can arrive split anywhere, including inside a
/// CRLF pair or the leading BOM. Events whose data would exceed the size limit are reported
/// once through the rejection handler and skipped up to their terminating blank line; the
/// parser never buffers more than about the limit for them.
class SseParser
{
public:
    using EventHandler = std::function<void(const SseEvent &)>;
    using RejectHandler = std::function<void(const QString &reason)>;

    static constexpr qsizetype DefaultMaxEventBytes = 1024 * 1024;

    explicit SseParser(qsizetype maxEventBytes = DefaultMaxEventBytes);

    void setEventHandler(EventHandler handler) { m_onEvent = std::move(handler); }
    void setRejectHandler(RejectHandler handler) { m_onReject = std::move(handler); }

    /// Parses the next piece of the stream; complete events are dispatched before it returns.
    void feed(QByteArrayView chunk);

    /// Starts a new stream (a reconnect): drops any partial event and line and expects a BOM
    /// again. The last event ID and the retry value are kept, as an EventSource keeps them.
    void restart();

    /// The last event ID string: updated when an event is dispatched (sent as Last-Event-ID).
    const QByteArray &lastEventId() const { return m_lastEventId; }
    /// Seeds the last event ID (kept by the feed across connections).
    void setLastEventId(const QByteArray &id)
    {
        m_lastEventId = id;
        m_idBuffer = id;
    }

    /// The reconnection time from the last valid `retry:` field, in milliseconds.
    std::optional<qint64> retryMs() const { return m_retryMs; }

    qsizetype maxEventBytes() const { return m_maxEventBytes; }
    /// Bytes held for the event being parsed (data, event name, unfinished line).
    qsizetype bufferedBytes() const { return m_data.size() + m_eventType.size() + m_line.size(); }

private:
    void consume(QByteArrayView bytes);
    void processLine(QByteArrayView line);
    void processField(QByteArrayView name, QByteArrayView value);
    void dispatch();
    void resetEvent();
    void reject();
    bool lineBufferFits(qsizetype extra) const;

    qsizetype m_maxEventBytes;
    EventHandler m_onEvent;
    RejectHandler m_onReject;

    QByteArray m_line;        ///< the unfinished line carried over between chunks
    QByteArray m_data;        ///< data buffer (each data line followed by '\n')
    QByteArray m_eventType;   ///< event type buffer
    QByteArray m_idBuffer;    ///< last event ID buffer (kept across events, per the spec)
    QByteArray m_lastEventId; ///< last event ID string (set at dispatch)
    std::optional<qint64> m_retryMs;

    int m_bomMatched = 0;       ///< bytes of the UTF-8 BOM matched so far at stream start
    bool m_bomDone = false;     ///< the stream start has been checked for a BOM
    bool m_skipLf = false;      ///< the last line ended with CR: a following LF belongs to it
    bool m_discarding = false;  ///< the current event went over the limit: skip to its end
    bool m_lineDropped = false; ///< bytes of the current line were dropped (it is not blank)
};

} // namespace livedash
