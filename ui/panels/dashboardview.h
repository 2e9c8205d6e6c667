#pragma once

#include "document/dashboard.h"

#include <QElapsedTimer>
#include <QList>
#include <QTimer>
#include <QWidget>

#include <functional>

class QGridLayout;
class QLabel;
class QUndoStack;

namespace livedash {

class ChannelStore;
class AlarmEngine;
class LayoutEditor;
class Panel;
namespace history {
class HistoryStore;
}

/// The grid of panels and the frame timer that refreshes them from the store. Work per
/// event-loop iteration is bounded: cheap panels refresh every frame; the charts of a frame are
/// refreshed a few per iteration (a count and a time budget), continued by a zero-delay timer,
/// so their paints, input and timers run in between. The frame interval adapts to what the
/// dirty charts cost: short (60 Hz) when it fits, longer when the charts are expensive.
class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(ChannelStore *store, QWidget *parent = nullptr);

    /// Rebuilds the panels from `panels` (only when they differ from the current ones).
    void setPanels(const QList<PanelConfig> &panels);
    const QList<Panel *> &panels() const { return m_panels; }
    /// The configs the panels were built from (what layout edits change).
    const QList<PanelConfig> &configs() const { return m_configs; }

    /// Layout editing (LayoutEditor): an overlay to move and resize panels by dragging and to
    /// drop channels on them; each edit emits layoutEdited(). Panels keep refreshing.
    void setEditing(bool editing);
    bool isEditing() const { return m_editing; }
    /// The layout edits made, for Edit > Undo; cleared when other panels are set.
    QUndoStack *undoStack() const;

    /// Shows `store` instead of the live one (a past moment or a replay, HistoryPlayback), with
    /// `clock` as the panels' "now"; null for both is the live view again. Panels are rebuilt.
    void showStore(ChannelStore *store, std::function<qint64()> clock);
    bool isShowingLive() const { return m_store == m_liveStore; }

    /// Where panels read history past what the channels hold (null: nowhere).
    void setHistory(history::HistoryStore *history);
    /// The alarms the panels show (null: none).
    void setAlarms(const AlarmEngine *alarms);

    /// Freezes every panel's view (the store keeps filling) or returns to live.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    /// A fixed frame interval in ms (turns the adaptive interval off).
    void setFrameInterval(int ms);
    /// The adaptive interval: between `minMs` and `maxMs`, long enough that the charts' work
    /// takes at most `uiShare` of the UI thread.
    void setAdaptiveFrameInterval(int minMs, int maxMs, double uiShare);
    int frameInterval() const { return m_timer.interval(); }
    /// The adaptive rule: the interval at which charts costing `frameCostMs` a frame take
    /// `uiShare` of the UI thread, within [minMs, maxMs].
    static int adaptiveInterval(double frameCostMs, int minMs, int maxMs, double uiShare);
    /// Chart refresh budget per event-loop iteration, in ms.
    void setChartBudget(double ms) { m_budgetMs = ms; }
    /// Charts refreshed per event-loop iteration at most (charts with nothing new not counted).
    void setChartsPerIteration(int charts) { m_chartsPerIteration = std::max(1, charts); }

    quint64 frames() const { return m_frames; }
    /// Frames skipped because the previous frame's charts were still being refreshed.
    quint64 skippedFrames() const { return m_skippedFrames; }
    /// Event-loop iterations that refreshed charts, and the most charts one of them refreshed.
    quint64 chartIterations() const { return m_iterations; }
    int maxChartsInOneIteration() const { return m_maxChartsInIteration; }
    /// True while a frame's charts are still queued for later iterations.
    bool frameInProgress() const { return !m_pending.isEmpty(); }

Q_SIGNALS:
    /// A layout edit (or its undo or redo) was made: `panels` is the whole new list, for the
    /// document and the file. Panels keep their order; a new chart is appended.
    void layoutEdited(const QList<PanelConfig> &panels);
    void editingChanged(bool editing);

public Q_SLOTS:
    /// One frame: refresh what changed. Called by the timer; public for tests and benchmarks.
    void tick();

private:
    friend class LayoutEditor;
    friend class LayoutCommand;
    /// Shows `panels` from an edit and says so (layoutEdited).
    void commitEdit(const QList<PanelConfig> &panels);
    /// Room for the used rows and columns, and while editing for one spare of each.
    void applyStretch();
    void refreshSomeCharts();
    void frameDone();

    qint64 now() const;

    ChannelStore *m_store;
    ChannelStore *m_liveStore;
    std::function<qint64()> m_clock; ///< the panels' "now"; empty: the wall clock
    history::HistoryStore *m_history = nullptr;
    const AlarmEngine *m_alarms = nullptr;
    QGridLayout *m_grid;
    QLabel *m_overlapWarning; ///< panels of the file that share a cell, said above the grid
    LayoutEditor *m_editor;
    bool m_editing = false;
    bool m_committing = false; ///< setPanels() from an edit: the undo stack stays
    QList<PanelConfig> m_configs;
    QList<Panel *> m_panels;
    QList<Panel *> m_pending; ///< charts of the current frame not refreshed yet
    QTimer m_timer;
    QTimer m_continue; ///< zero-delay: the next iteration's share of the frame
    double m_budgetMs = 4;
    int m_chartsPerIteration = 3;
    bool m_adaptive = true;
    int m_minIntervalMs = 16;
    int m_maxIntervalMs = 100;
    double m_uiShare = 0.25;
    double m_frameCostMs = 0; ///< charts refreshed in this frame: refresh + paint, estimated
    qsizetype m_nextChart = 0;
    bool m_paused = false;
    quint64 m_frames = 0;
    quint64 m_skippedFrames = 0;
    quint64 m_iterations = 0;
    int m_maxChartsInIteration = 0;
};

} // namespace livedash
