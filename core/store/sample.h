#pragma once

#include <QString>
#include <QtGlobal>

namespace livedash {

/// One numeric point: time in ms since the epoch (source time, or receive time) and value.
struct Sample
{
    qint64 t = 0;
    double v = 0.0;
};

/// One text value: a score line, a match clock, an event message.
struct TextSample
{
    qint64 t = 0;
    QString text;
};

} // namespace livedash
