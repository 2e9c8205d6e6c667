#pragma once

#include <QMimeData>
#include <QString>
#include <QStringList>

namespace livedash {

/// What a dragged channel carries: its names (or patterns, "<feed>/*"), one a line, under
/// this type, and as plain text for drops outside Livedash.
inline constexpr QLatin1String ChannelMimeType{"application/x-livedash-channel"};

/// Mime data for dragging `names`.
inline QMimeData *channelMimeData(const QStringList &names)
{
    auto *mime = new QMimeData;
    const QString text = names.join(QLatin1Char('\n'));
    mime->setData(ChannelMimeType, text.toUtf8());
    mime->setText(text);
    return mime;
}

/// The channel names `mime` carries (empty when it carries none).
inline QStringList channelsFromMimeData(const QMimeData *mime)
{
    if (!mime || !mime->hasFormat(ChannelMimeType))
        return {};
    QStringList names;
    const QString text = QString::fromUtf8(mime->data(ChannelMimeType));
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QString name = line.trimmed();
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
}

} // namespace livedash
