#pragma once

#include "channelstore.h"

#include <QList>
#include <QPointF>

namespace livedash {

/// What a chart can show of a channel: at most two points (the min and max, in time order)
/// per pixel column, so a series never holds more points than its pixels can draw and spikes
/// survive. x is ms since the epoch minus `xOrigin`.
struct DecimationResult
{
    double minY = 0;
    double maxY = 0;
    qsizetype inputPoints = 0;
    bool empty = true;
};

DecimationResult decimateMinMax(const Channel &channel, qint64 from, qint64 to, int columns,
                                QList<QPointF> &out, qint64 xOrigin = 0);

} // namespace livedash
