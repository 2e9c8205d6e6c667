#include "panels/gaugepanel.h"
#include "alarms/alarmengine.h"
#include "widgets/palette.h"

#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace livedash {

/// Paints the gauge: one paint per refresh, no child widgets to lay out.
class GaugeFace : public QWidget
{
public:
    explicit GaugeFace(QWidget *parent) : QWidget(parent)
    {
        setMinimumSize(140, 110);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    }

    double lo = 0, hi = 1;
    std::optional<double> value;
    QString valueText = QStringLiteral("–");
    QString unit;
    QString name;
    QString more;
    QList<ValueBand> bands;
    std::optional<AlertSeverity> bandSeverity; ///< the value's band
    ChannelAlarm alarm;
    int decimals = -1;

    std::optional<AlertSeverity> severity() const
    {
        return worseSeverity(bandSeverity, alarm.severity);
    }
    double angleFor(double v) const
    {
        const double f = hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0.0;
        return GaugePanel::StartAngle - f * GaugePanel::SweepAngle;
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QRectF area = rect();
        const QColor text = palette().color(QPalette::WindowText);
        QColor dim = text;
        dim.setAlpha(150);
        const std::optional<AlertSeverity> shown = severity();
        const QColor tone = severityColor(shown, palette::series().first());

        // The arc's top is at the centre minus r, its ends r * 0.4 below the centre, the end
        // labels under those. In a tall cell the channel's name goes under the gauge; in a wide
        // one, right of it, larger.
        QFont small = font();
        small.setPixelSize(std::clamp(int(area.height() * 0.07), 11, 22));
        const QFontMetrics sm(small);
        const bool wide = area.width() > area.height() * 1.9;
        QFont nameFont = font();
        nameFont.setPixelSize(wide ? std::clamp(int(area.height() * 0.17), 12, 30)
                                   : std::clamp(int(area.height() * 0.075), 12, 26));
        const QFontMetrics nm(nameFont);
        const double below = sm.height() + 4 + (wide ? 0 : nm.height() + 4);
        const double r =
            std::max(20.0, std::min(wide ? area.width() * 0.3 : (area.width() - 16) / 2.1,
                                    (area.height() - 8 - below) / 1.5));
        const QPointF c(wide ? area.left() + 8 + r * 1.05 : area.center().x(),
                        area.top() + 4 + r * 1.0);
        auto ring = [&](double radius) {
            return QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius);
        };
        auto at = [&](double angle, double radius) {
            const double a = qDegreesToRadians(angle);
            return QPointF(c.x() + radius * std::cos(a), c.y() - radius * std::sin(a));
        };

        // The track, then the bands on its outer edge, then the value's arc over the track.
        const double trackR = r * 0.80, trackW = r * 0.15;
        QPen track(palette::panelBorder().lighter(150), trackW, Qt::SolidLine, Qt::FlatCap);
        p.setPen(track);
        p.drawArc(ring(trackR), int(GaugePanel::StartAngle * 16),
                  int(-GaugePanel::SweepAngle * 16));
        QList<ValueBand> ordered = bands;
        std::stable_sort(
            ordered.begin(), ordered.end(),
            [](const ValueBand &a, const ValueBand &b) { return a.severity < b.severity; });
        const double bandR = r * 0.95, bandW = r * 0.08;
        for (const ValueBand &b : std::as_const(ordered)) {
            const double from = std::max(b.from, lo), to = std::min(b.to, hi);
            if (!(to > from))
                continue;
            QPen pen(palette::severity(b.severity), bandW, Qt::SolidLine, Qt::FlatCap);
            p.setPen(pen);
            const double a0 = angleFor(from), a1 = angleFor(to);
            p.drawArc(ring(bandR), int(a0 * 16), int((a1 - a0) * 16));
        }
        if (value && std::isfinite(*value)) {
            QPen fill(tone, trackW, Qt::SolidLine, Qt::FlatCap);
            p.setPen(fill);
            const double a = angleFor(*value);
            p.drawArc(ring(trackR), int(GaugePanel::StartAngle * 16),
                      int((a - GaugePanel::StartAngle) * 16));
        }

        // Ticks on a 1-2-5 step, inside the track.
        const double step = niceStep((hi - lo) / 5.0);
        p.setPen(QPen(dim, std::max(1.0, r * 0.015)));
        for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
            p.drawLine(at(angleFor(v), r * 0.70), at(angleFor(v), r * 0.64));

        // The needle: a pointer across the track, so it never crosses the figure.
        if (value && !std::isnan(*value)) {
            const double a = angleFor(*value);
            const double half = 4.0;
            QPainterPath pointer;
            pointer.moveTo(at(a, r * 1.0));
            pointer.lineTo(at(a + half, r * 0.62));
            pointer.lineTo(at(a - half, r * 0.62));
            pointer.closeSubpath();
            p.setPen(QPen(palette::window(), 1.5));
            p.setBrush(shown ? tone.lighter(130) : text);
            p.drawPath(pointer);
            p.setBrush(Qt::NoBrush);
        }

        // The value and its unit in the middle, the scale's ends under the arc's ends.
        QFont big = font();
        big.setBold(true);
        big.setPixelSize(std::max(16, int(r * 0.42)));
        QFontMetrics fm(big);
        while (big.pixelSize() > 12 && fm.horizontalAdvance(valueText) > r * 1.25) {
            big.setPixelSize(big.pixelSize() - 2);
            fm = QFontMetrics(big);
        }
        QColor valueColor = shown && *shown != AlertSeverity::Info ? tone.lighter(125) : text;
        if (!value)
            valueColor.setAlpha(90);
        p.setFont(big);
        p.setPen(valueColor);
        const double baseline = c.y() + fm.ascent() * 0.40;
        p.drawText(QPointF(c.x() - fm.horizontalAdvance(valueText) / 2.0, baseline), valueText);
        p.setFont(small);
        if (!unit.isEmpty()) {
            p.setPen(dim);
            p.drawText(
                QPointF(c.x() - sm.horizontalAdvance(unit) / 2.0, baseline + sm.height() + 1),
                unit);
        }
        p.setPen(dim);
        // The ends as round as the scale's step: "0" and "500", not "0.00".
        const int scaleDecimals =
            decimals >= 0 ? decimals : std::max(0, int(std::ceil(-std::log10(step) - 1e-9)));
        const QString loText = formatPanelValue(lo, scaleDecimals);
        const QString hiText = formatPanelValue(hi, scaleDecimals);
        const QPointF loAt = at(GaugePanel::StartAngle, trackR);
        const QPointF hiAt = at(GaugePanel::StartAngle - GaugePanel::SweepAngle, trackR);
        p.drawText(QPointF(loAt.x() - sm.horizontalAdvance(loText) / 2.0,
                           loAt.y() + trackW / 2 + sm.ascent() + 2),
                   loText);
        p.drawText(QPointF(hiAt.x() - sm.horizontalAdvance(hiText) / 2.0,
                           hiAt.y() + trackW / 2 + sm.ascent() + 2),
                   hiText);

        // The channel's name, with how many more match.
        p.setFont(nameFont);
        p.setPen(text);
        if (wide) {
            const double left = c.x() + r * 1.1 + 8;
            const QRectF box(left, area.top(), std::max(10.0, area.right() - 6 - left),
                             area.height());
            const QString label = more.isEmpty() ? name : name + QLatin1Char('\n') + more;
            QString shown;
            for (const QString &line : label.split(QLatin1Char('\n')))
                shown += (shown.isEmpty() ? QString() : QStringLiteral("\n")) +
                         nm.elidedText(line, Qt::ElideMiddle, int(box.width()));
            p.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, shown);
        } else {
            const QString label = more.isEmpty() ? name : name + QStringLiteral("  ") + more;
            p.drawText(QRectF(area.left() + 4, area.bottom() - nm.height() - 2, area.width() - 8,
                              nm.height()),
                       Qt::AlignHCenter | Qt::AlignVCenter,
                       nm.elidedText(label, Qt::ElideMiddle, int(area.width() - 8)));
        }

        if (alarm.severity) {
            // As on a tile: the alarm's colour round the edge, its rule named at the top.
            const QColor colour = palette::severity(*alarm.severity);
            p.setPen(QPen(colour, alarm.unacknowledged ? 3 : 1.5));
            p.drawRoundedRect(area.adjusted(1.5, 1.5, -1.5, -1.5), 4, 4);
            QFont bold = small;
            bold.setBold(true);
            p.setFont(bold);
            p.setPen(colour.lighter(120));
            p.drawText(
                area.adjusted(6, 4, -6, 0), Qt::AlignRight | Qt::AlignTop,
                QFontMetrics(bold).elidedText(alarm.text, Qt::ElideRight, int(area.width() - 12)));
        }
    }
};

GaugePanel::GaugePanel(const PanelConfig &config, ChannelStore *store, QWidget *parent)
    : Panel(config, store, parent), m_face(new GaugeFace(this))
{
    m_face->setObjectName(QStringLiteral("gaugeFace"));
    m_face->unit = config.unit;
    m_face->decimals = config.decimals;
    bodyLayout()->addWidget(m_face);
    updateRange();
}

std::pair<double, double> GaugePanel::range() const
{
    return {m_face->lo, m_face->hi};
}

double GaugePanel::angleFor(double value) const
{
    return m_face->angleFor(value);
}

double GaugePanel::needleAngle() const
{
    return m_face->value ? m_face->angleFor(*m_face->value) : StartAngle;
}

std::optional<double> GaugePanel::value() const
{
    return m_face->value;
}

QString GaugePanel::valueText() const
{
    return m_face->valueText;
}

const QList<ValueBand> &GaugePanel::bands() const
{
    return m_face->bands;
}

std::optional<AlertSeverity> GaugePanel::severity() const
{
    return m_face->severity();
}

const ChannelAlarm &GaugePanel::alarm() const
{
    return m_face->alarm;
}

QString GaugePanel::channelText() const
{
    return m_face->name;
}

QString GaugePanel::moreText() const
{
    return m_face->more;
}

std::pair<double, double> GaugePanel::autoRange(const QList<ValueBand> &bands, double seenLo,
                                                double seenHi)
{
    double lo = seenLo, hi = seenHi;
    for (const ValueBand &b : bands)
        for (const double edge : {b.from, b.to})
            if (std::isfinite(edge)) {
                lo = std::min(lo, edge);
                hi = std::max(hi, edge);
            }
    if (!std::isfinite(lo) || !std::isfinite(hi))
        return {0, 1};
    if (lo >= 0 && (lo <= hi / 2 || lo == hi))
        lo = 0;
    double span = hi - lo;
    if (span <= 0)
        span = std::max(std::abs(hi) * 0.2, 1.0);
    const double step = niceStep(span * 1.1 / 5.0);
    const double top = std::ceil((hi + span * 0.1) / step - 1e-9) * step;
    const double bottom = lo == 0 ? 0.0 : std::floor((lo - span * 0.1) / step + 1e-9) * step;
    return {bottom, top};
}

void GaugePanel::updateRange()
{
    const PanelConfig &c = config();
    constexpr double inf = std::numeric_limits<double>::infinity();
    auto [lo, hi] =
        autoRange(m_face->bands, m_seenAny ? m_seenLo : inf, m_seenAny ? m_seenHi : -inf);
    if (!m_seenAny && m_face->bands.isEmpty())
        std::tie(lo, hi) = std::pair(0.0, 1.0);
    if (c.yMin)
        lo = *c.yMin;
    if (c.yMax)
        hi = *c.yMax;
    if (hi <= lo)
        hi = lo + std::max(std::abs(lo) * 0.2, 1.0);
    if (lo != m_face->lo || hi != m_face->hi) {
        m_face->lo = lo;
        m_face->hi = hi;
        m_face->update();
    }
}

bool GaugePanel::updateBands(const ChannelPtr &channel)
{
    const QList<AlertRule> &rules = alarms() ? alarms()->rules() : QList<AlertRule>();
    // Lists compare by their shared data first: the usual "no change" costs nothing.
    if (m_bandsKnown && channel == m_bandsChannel && rules == m_rules)
        return false;
    m_bandsKnown = true;
    m_bandsChannel = channel;
    m_rules = rules;
    const QList<ValueBand> bands =
        valueBands(config(), rules, channel ? channel->name() : QString());
    if (bands == m_face->bands)
        return false;
    m_face->bands = bands;
    m_face->bandSeverity = m_face->value ? severityAt(bands, *m_face->value) : std::nullopt;
    updateRange();
    m_face->update();
    return true;
}

bool GaugePanel::updateAlarm(const ChannelPtr &channel)
{
    ChannelAlarm now = channelAlarm(alarms(), channel ? channel->name() : QString());
    if (now == m_face->alarm)
        return false;
    m_face->alarm = std::move(now);
    m_face->update();
    return true;
}

bool GaugePanel::refresh(qint64 nowMs)
{
    // Ten times a second is as fast as a needle can be read, and keeps a wall of gauges to a
    // small share of the UI thread's frame budget (a second call at the same time still runs).
    if (nowMs > m_lastRefreshMs && nowMs - m_lastRefreshMs < RefreshIntervalMs)
        return false;
    m_lastRefreshMs = nowMs;
    const QList<ChannelPtr> &chs = channels();
    const ChannelPtr first = chs.isEmpty() ? ChannelPtr() : chs.first();
    // Alarms and the rules' bands are shown as they stand, also while the panel is frozen.
    bool changed = updateAlarm(first);
    changed = updateBands(first) || changed;
    if (isFrozen())
        return changed;
    if (!first) {
        setSubtitle(noChannelText(tr("waiting for data")));
        return changed;
    }
    if (first != m_channel) {
        m_channel = first;
        m_seenVersion = ~quint64(0);
        m_seenTotal = 0;
        m_seenAny = false;
        m_face->name = shortNames({first->name()}).value(0);
    }
    const QString more = chs.size() > 1 ? tr("+%1 more").arg(chs.size() - 1) : QString();
    if (more != m_face->more) {
        m_face->more = more;
        changed = true;
    }
    const quint64 version = first->version();
    // The age under the title ticks once a second without new values.
    if (version == m_seenVersion && nowMs - m_lastAgeMs < 1000) {
        if (changed)
            m_face->update();
        return changed;
    }
    m_seenVersion = version;
    m_lastAgeMs = nowMs;
    // Every value seen widens the automatic scale (never narrows it).
    m_seenTotal = first->readNumbers([this](const NumberView &view) {
        const quint64 from = std::max(m_seenTotal, view.begin());
        if (from < view.end()) {
            const MinMax mm = view.minMax(from, view.end());
            if (mm.finite > 0) {
                m_seenLo = m_seenAny ? std::min(m_seenLo, mm.lo.v) : mm.lo.v;
                m_seenHi = m_seenAny ? std::max(m_seenHi, mm.hi.v) : mm.hi.v;
                m_seenAny = true;
            }
        }
        return view.end();
    });
    const std::optional<Sample> last = first->lastNumber();
    if (last) {
        m_face->value = last->v;
        m_face->valueText = formatPanelValue(last->v, config().decimals);
        m_face->bandSeverity = severityAt(m_face->bands, last->v);
        const qint64 age = (nowMs - last->t) / 1000;
        setSubtitle(age >= 5 ? tr("%1 s ago").arg(age) : QString());
    } else if (const auto text = first->lastText()) {
        m_face->value.reset();
        m_face->valueText = text->text;
        m_face->bandSeverity.reset();
        setSubtitle(QString());
    }
    updateRange();
    m_face->update();
    return true;
}

} // namespace livedash
