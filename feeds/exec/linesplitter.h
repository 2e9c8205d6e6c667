#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace livedash {

/// Splits a byte stream into lines ('\n', an optional '\r' before it dropped). A line longer
/// than the limit is reported once and skipped up to its newline: at most `max` bytes are kept.
class LineSplitter
{
public:
    explicit LineSplitter(qint64 max) : m_max(max) {}

    void reset()
    {
        m_partial.clear();
        m_discarding = false;
    }

    template<typename OnLine, typename OnOversized>
    void feed(QByteArrayView data, OnLine &&onLine, OnOversized &&onOversized)
    {
        qsizetype pos = 0;
        while (pos < data.size()) {
            const qsizetype nl = data.indexOf('\n', pos);
            const QByteArrayView piece = data.sliced(pos, (nl < 0 ? data.size() : nl) - pos);
            pos = nl < 0 ? data.size() : nl + 1;
            if (m_discarding) {
                m_discarding = nl < 0; // the oversized line ends at this newline
                continue;
            }
            if (m_partial.size() + piece.size() > m_max) {
                m_partial.clear();
                m_discarding = nl < 0;
                onOversized();
                continue;
            }
            if (nl < 0) {
                m_partial.append(piece);
                continue;
            }
            if (m_partial.isEmpty()) {
                onLine(chopCr(piece));
            } else {
                m_partial.append(piece);
                onLine(chopCr(m_partial));
                m_partial.clear();
            }
        }
    }

    /// The last line when the stream ended without a newline.
    template<typename OnLine>
    void finish(OnLine &&onLine)
    {
        if (!m_discarding && !m_partial.isEmpty())
            onLine(chopCr(m_partial));
        reset();
    }

private:
    static QByteArrayView chopCr(QByteArrayView line)
    {
        return line.endsWith('\r') ? line.chopped(1) : line;
    }

    QByteArray m_partial;
    bool m_discarding = false;
    qint64 m_max;
};

} // namespace livedash
