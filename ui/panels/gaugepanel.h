#pragma once

#include "panels/panel.h"
#include "panels/valuebands.h"

#include <utility>

namespace livedash {

class GaugeFace;

/// The latest value of one channel on a radial gauge: a 240° arc with the alert bands on its
/// outer edge (the panel's thresholds and the above/below/outside limits of the alert rules on
/// the channel), a needle and arc in the value's alert colour, and the value, unit and channel
/// name large enough to read across a room. An active alarm on the channel edges the gauge in
/// its colour and names the rule, also while the panel is frozen.
///
/// When several channels match, the gauge shows the first and says "+N more" under its name
/// (small multiples would be unreadable from afar; a bar panel shows many channels).
///
/// The scale: yMin to yMax when both are set. Otherwise it spans the band edges and every value
/// seen since the panel started: from 0 when the lowest of them is at least 0 and at most half
/// the highest, or the only value (latency, load, percent), else from the lowest; up to the highest
/// plus a tenth of the span, both rounded out to a 1-2-5 step. It grows when a value leaves it and
/// never shrinks, so the needle's position keeps its meaning. Only one of yMin or yMax set fixes
/// that end.
class GaugePanel : public Panel
{
    Q_OBJECT
public:
    GaugePanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);
    bool refresh(qint64 nowMs) override;

    /// Angles in degrees as QPainter takes them: 0 at three o'clock, counter-clockwise.
    static constexpr double StartAngle = 210; ///< the scale's low end, lower left
    static constexpr double SweepAngle = 240; ///< clockwise to the high end, lower right

    /// The scale, low and high end.
    std::pair<double, double> range() const;
    /// Where `value` sits on the arc (clamped to the scale's ends).
    double angleFor(double value) const;
    /// The needle's angle; the low end while there is no value.
    double needleAngle() const;
    std::optional<double> value() const;
    QString valueText() const;
    /// The bands drawn on the arc.
    const QList<ValueBand> &bands() const;
    /// The worse of the value's band and the channel's active alarm: the needle's colour.
    std::optional<AlertSeverity> severity() const;
    const ChannelAlarm &alarm() const;
    /// The channel's name as shown, and "+N more" when others match too.
    QString channelText() const;
    QString moreText() const;

    /// The automatic scale for these bands and values seen in [seenLo, seenHi] (see above).
    static std::pair<double, double> autoRange(const QList<ValueBand> &bands, double seenLo,
                                               double seenHi);

private:
    static constexpr qint64 RefreshIntervalMs = 100;
    qint64 m_lastRefreshMs = 0;
    /// Takes the rules and the channel's alarm again; true when what is shown changed.
    bool updateBands(const ChannelPtr &channel);
    bool updateAlarm(const ChannelPtr &channel);
    void updateRange();

    GaugeFace *m_face;
    ChannelPtr m_channel;
    QList<AlertRule> m_rules;  ///< the rules the bands were taken from
    ChannelPtr m_bandsChannel; ///< and the channel
    bool m_bandsKnown = false;
    quint64 m_seenVersion = ~quint64(0);
    quint64 m_seenTotal = 0; ///< samples folded into m_seenLo/Hi
    double m_seenLo = 0, m_seenHi = 0;
    bool m_seenAny = false;
    qint64 m_lastAgeMs = 0;
};

} // namespace livedash
