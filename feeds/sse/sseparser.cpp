#include "sseparser.h"

#include <algorithm>
#include <limits>

namespace livedash {

namespace {

constexpr char Bom[] = "\xEF\xBB\xBF";
constexpr int BomSize = 3;
/// Room for a field name, colon and space on top of the event limit in an unfinished line.
constexpr qsizetype LineSlack = 64;
/// Buffers that grew past this are released after an event instead of kept for reuse.
constexpr qsizetype KeepCapacity = 64 * 1024;
constexpr qint64 MaxRetryMs = std::numeric_limits<int>::max();

bool isLineBreak(char c)
{
    return c == '\r' || c == '\n';
}

void recycle(QByteArray &buffer)
{
    if (buffer.capacity() > KeepCapacity)
        buffer.clear();
    else
        buffer.resize(0);
}

} // namespace

SseParser::SseParser(qsizetype maxEventBytes)
    : m_maxEventBytes(std::max<qsizetype>(1, maxEventBytes))
{
}

void SseParser::restart()
{
    m_line.clear();
    m_data.clear();
    m_eventType.clear();
    m_idBuffer = m_lastEventId;
    m_bomMatched = 0;
    m_bomDone = false;
    m_skipLf = false;
    m_discarding = false;
    m_lineDropped = false;
}

void SseParser::feed(QByteArrayView chunk)
{
    if (!m_bomDone) {
        // The BOM may itself arrive split, so matched bytes are held back until it is decided.
        qsizetype i = 0;
        while (i < chunk.size() && m_bomMatched < BomSize && chunk[i] == Bom[m_bomMatched]) {
            ++m_bomMatched;
            ++i;
        }
        if (m_bomMatched == BomSize) {
            m_bomDone = true;
        } else if (i == chunk.size()) {
            return; // everything so far is a prefix of the BOM
        } else {
            m_bomDone = true;
            consume(QByteArrayView(Bom, m_bomMatched)); // not a BOM after all: those are data
        }
        chunk = chunk.sliced(i);
    }
    consume(chunk);
}

void SseParser::consume(QByteArrayView bytes)
{
    qsizetype pos = 0;
    const qsizetype n = bytes.size();
    if (m_skipLf && n > 0) {
        if (bytes[0] == '\n')
            pos = 1; // the LF of a CRLF split across chunks
        m_skipLf = false;
    }
    while (pos < n) {
        const auto begin = bytes.begin() + pos;
        const qsizetype end = std::find_if(begin, bytes.end(), isLineBreak) - bytes.begin();
        if (end == n) {
            // An unfinished line: kept for the next chunk, unless the event is already too big.
            const QByteArrayView rest = bytes.sliced(pos);
            if (!m_discarding && !lineBufferFits(rest.size()))
                reject();
            if (m_discarding) {
                m_line.clear();
                m_lineDropped = true;
            } else {
                m_line.append(rest);
            }
            return;
        }
        const QByteArrayView piece = bytes.sliced(pos, end - pos);
        if (m_lineDropped) {
            m_lineDropped = false; // the end of a line that was dropped: not a blank line
        } else if (!m_discarding && !lineBufferFits(piece.size())) {
            reject();
            m_line.clear();
        } else if (m_line.isEmpty()) {
            processLine(piece);
        } else {
            m_line.append(piece);
            processLine(m_line);
            recycle(m_line);
        }
        qsizetype next = end + 1;
        if (bytes[end] == '\r') {
            if (next == n)
                m_skipLf = true; // a CRLF may be split across chunks
            else if (bytes[next] == '\n')
                ++next;
        }
        pos = next;
    }
}

bool SseParser::lineBufferFits(qsizetype extra) const
{
    return m_data.size() + m_eventType.size() + m_line.size() + extra <=
           m_maxEventBytes + LineSlack;
}

void SseParser::processLine(QByteArrayView line)
{
    if (line.isEmpty()) {
        if (m_discarding) {
            m_discarding = false;
            resetEvent();
        } else {
            dispatch();
        }
        return;
    }
    if (m_discarding || line.front() == ':')
        return; // inside an oversized event, or a comment
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        processField(line, {});
        return;
    }
    QByteArrayView value = line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    processField(line.first(colon), value);
}

void SseParser::processField(QByteArrayView name, QByteArrayView value)
{
    if (name == "data") {
        if (m_data.size() + m_eventType.size() + value.size() > m_maxEventBytes) {
            reject();
            return;
        }
        m_data.append(value);
        m_data.append('\n');
    } else if (name == "event") {
        const qsizetype dataSize = m_data.isEmpty() ? 0 : m_data.size() - 1;
        if (dataSize + value.size() > m_maxEventBytes) {
            reject();
            return;
        }
        m_eventType.resize(0); // reuses the buffer: no allocation per named event
        m_eventType.append(value);
    } else if (name == "id") {
        if (!value.contains('\0'))
            m_idBuffer = value.toByteArray();
    } else if (name == "retry") {
        if (value.isEmpty() ||
            !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return;
        qint64 ms = 0;
        for (char c : value)
            ms = std::min(MaxRetryMs, ms * 10 + (c - '0'));
        m_retryMs = ms;
    }
    // Any other field is ignored, as the spec says.
}

void SseParser::dispatch()
{
    m_lastEventId = m_idBuffer;
    if (m_data.isEmpty()) {
        resetEvent();
        return;
    }
    m_data.chop(1); // the '\n' after the last data line
    if (m_onEvent) {
        SseEvent event;
        event.type = m_eventType.isEmpty() ? QByteArrayLiteral("message") : m_eventType;
        event.data = m_data;
        event.lastEventId = m_lastEventId;
        m_onEvent(event);
    }
    resetEvent();
}

void SseParser::resetEvent()
{
    recycle(m_data);
    recycle(m_eventType);
}

void SseParser::reject()
{
    m_discarding = true;
    m_data.clear();
    m_eventType.clear();
    if (m_onReject)
        m_onReject(QStringLiteral("event larger than %1 bytes discarded").arg(m_maxEventBytes));
}

} // namespace livedash
