#pragma once

#include "dashboard.h"

#include <QElapsedTimer>
#include <QList>
#include <QTimer>
#include <QWidget>

class QGridLayout;

namespace livedash {

class ChannelStore;
class Panel;

/// The grid of panels and the frame timer that refreshes them from the store. Work per tick
/// is bounded: cheap panels refresh every tick, charts share a time budget round-robin, so
/// many dirty charts are spread over several event-loop iterations instead of freezing input.
class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(ChannelStore *store, QWidget *parent = nullptr);

    /// Rebuilds the panels from `panels` (only when they differ from the current ones).
    void setPanels(const QList<PanelConfig> &panels);
    const QList<Panel *> &panels() const { return m_panels; }

    /// Freezes every panel's view (the store keeps filling) or returns to live.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    void setFrameInterval(int ms) { m_timer.setInterval(ms); }
    /// Chart refresh budget per tick, in ms.
    void setChartBudget(int ms) { m_budgetMs = ms; }
    quint64 frames() const { return m_frames; }

public Q_SLOTS:
    /// One frame: refresh what changed. Called by the timer; public for tests and benchmarks.
    void tick();

private:
    ChannelStore *m_store;
    QGridLayout *m_grid;
    QList<PanelConfig> m_configs;
    QList<Panel *> m_panels;
    QTimer m_timer;
    int m_budgetMs = 12;
    qsizetype m_nextChart = 0;
    bool m_paused = false;
    quint64 m_frames = 0;
};

} // namespace livedash
