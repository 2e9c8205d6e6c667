#pragma once

#include "panels/panel.h"

#include <QPointF>

namespace livedash {

class TileFace;

/// The latest value of one channel, large, with its unit, the change since the previous
/// value, and a sparkline of the last minute.
class TilePanel : public Panel
{
    Q_OBJECT
public:
    TilePanel(const PanelConfig &config, ChannelStore *store, QWidget *parent = nullptr);
    bool refresh(qint64 nowMs) override;
    /// Into how many unbroken runs the sparkline is drawn (it breaks where data stopped).
    int sparkRuns() const;
    /// The value text as shown (for tests).
    QString valueText() const;
    /// The latest value against the panel's thresholds, and the text saying which one.
    PanelConfig::Alert alert() const;
    QString alertText() const;
    /// The worst active alarm on the tile's channel (a rule's, not a threshold's), shown even
    /// while the panel is frozen; and its text ("⚠ Payments slow").
    std::optional<AlertSeverity> alarmSeverity() const;
    QString alarmText() const;
    /// The change since the previous value as shown, and its direction (-1, 0, 1).
    QString deltaText() const;
    int trend() const;
    /// The change's colour: 1 green (good news), -1 red (bad news), 0 neutral.
    int deltaTone() const;

private:
    void showAlert(std::optional<double> value);
    /// Takes the channel's active alarms from the engine; true when what is shown changed.
    bool showAlarm(const ChannelPtr &channel);

    TileFace *m_face;
    quint64 m_seenVersion = ~quint64(0);
    qint64 m_lastSparkMs = 0;
};

} // namespace livedash
