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
    /// The value text as shown (for tests).
    QString valueText() const;
    /// The latest value against the panel's thresholds, and the text saying which one.
    PanelConfig::Alert alert() const;
    QString alertText() const;
    /// The change since the previous value as shown, and its direction (-1, 0, 1).
    QString deltaText() const;
    int trend() const;
    /// The change's colour: 1 green (good news), -1 red (bad news), 0 neutral.
    int deltaTone() const;

private:
    void showAlert(std::optional<double> value);

    TileFace *m_face;
    quint64 m_seenVersion = ~quint64(0);
    qint64 m_lastSparkMs = 0;
};

} // namespace livedash
