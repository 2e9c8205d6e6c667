#pragma once

#include "panels/panel.h"
#include "panels/valuebands.h"

#include <QColor>

#include <utility>

namespace livedash {

class BarFace;

/// The latest value of many channels as horizontal bars (one per host of `hosts/*/cpu`), sorted
/// by the panel's `sort`: largest first ("desc", the default), smallest first ("asc") or by
/// name. Labels are the channels' short names, whole; each value is printed at its bar's end
/// with the unit. A bar takes the colour of its value's alert band (the panel's thresholds and
/// the rules on its channel) or of an active alarm on its channel, whichever is worse; alarms
/// show also while the panel is frozen. A channel without data for StaleIntervals times its
/// usual interval (at least StaleFloorMs) is drawn dimmed.
///
/// The scale: yMin to yMax when set; otherwise from 0 (or the lowest value, when negative) to
/// the highest value rounded up to a 1-2-5 step.
class BarPanel : public Panel
{
    Q_OBJECT
public:
    BarPanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);
    bool refresh(qint64 nowMs) override;

    static constexpr qint64 StaleFloorMs = 10000;
    static constexpr int StaleIntervals = 5;

    struct Bar
    {
        QString channel;
        QString label; ///< the short name
        double value = 0;
        QString valueText; ///< with the unit
        std::optional<AlertSeverity> band;
        std::optional<AlertSeverity> alarm;
        bool stale = false;
        QColor color; ///< as drawn (before dimming)
    };
    /// The bars in the order drawn, top to bottom.
    const QList<Bar> &bars() const;
    std::pair<double, double> range() const;

private:
    static constexpr qint64 RefreshIntervalMs = 100;
    qint64 m_lastRefreshMs = 0;
    /// Takes the channels' alarms again; true when any bar's changed.
    bool updateAlarms();
    void colour(Bar &bar) const;

    BarFace *m_face;
    QList<AlertRule> m_rules;
    quint64 m_seenSum = ~quint64(0);
    qint64 m_lastStaleCheckMs = 0;
};

} // namespace livedash
