#include "decimator.h"

#include <cmath>
#include <limits>

namespace livedash {

DecimationResult decimateMinMax(const Channel &channel, qint64 from, qint64 to, int columns,
                                QList<QPointF> &out, qint64 xOrigin)
{
    out.clear();
    DecimationResult r;
    r.minY = std::numeric_limits<double>::max();
    r.maxY = std::numeric_limits<double>::lowest();
    columns = std::max(columns, 1);
    const double span = double(std::max<qint64>(to - from, 1));
    const double perColumn = span / columns;

    qint64 bucket = -1;
    Sample lo{}, hi{};
    auto flush = [&] {
        if (bucket < 0)
            return;
        if (lo.t == hi.t && lo.v == hi.v) {
            out.append(QPointF(double(lo.t - xOrigin), lo.v));
        } else if (lo.t <= hi.t) {
            out.append(QPointF(double(lo.t - xOrigin), lo.v));
            out.append(QPointF(double(hi.t - xOrigin), hi.v));
        } else {
            out.append(QPointF(double(hi.t - xOrigin), hi.v));
            out.append(QPointF(double(lo.t - xOrigin), lo.v));
        }
    };
    channel.forEachNumber(from, to, [&](const Sample &s) {
        if (!std::isfinite(s.v))
            return;
        ++r.inputPoints;
        r.minY = std::min(r.minY, s.v);
        r.maxY = std::max(r.maxY, s.v);
        const qint64 b = std::min<qint64>(qint64(double(s.t - from) / perColumn), columns - 1);
        if (b != bucket) {
            flush();
            bucket = b;
            lo = hi = s;
            return;
        }
        if (s.v < lo.v)
            lo = s;
        if (s.v > hi.v)
            hi = s;
    });
    flush();
    r.empty = r.inputPoints == 0;
    if (r.empty)
        r.minY = r.maxY = 0;
    return r;
}

} // namespace livedash
