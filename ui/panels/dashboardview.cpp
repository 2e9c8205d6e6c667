#include "panels/dashboardview.h"
#include "panels/layouteditor.h"
#include "panels/panel.h"
#include "widgets/palette.h"

#include <QDateTime>
#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <cmath>

namespace livedash {

DashboardView::DashboardView(ChannelStore *store, QWidget *parent)
    : QWidget(parent), m_store(store), m_liveStore(store), m_grid(new QGridLayout),
      m_overlapWarning(new QLabel(this)), m_editor(new LayoutEditor(this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    outer->addWidget(m_editor->banner());
    m_overlapWarning->setObjectName(QStringLiteral("overlapWarning"));
    m_overlapWarning->setWordWrap(true);
    m_overlapWarning->setStyleSheet(
        QStringLiteral("QLabel#overlapWarning { background: %1; color: %2; padding: 5px 10px; "
                       "border-left: 4px solid %3; }")
            .arg(palette::css(palette::warningSurface()), palette::css(palette::text()),
                 palette::css(palette::warning())));
    m_overlapWarning->hide();
    outer->addWidget(m_overlapWarning);
    outer->addLayout(m_grid, 1);
    m_grid->setContentsMargins(6, 6, 6, 6);
    m_grid->setSpacing(6);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(m_minIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &DashboardView::tick);
    m_timer.start();
    m_continue.setSingleShot(true);
    m_continue.setInterval(0);
    connect(&m_continue, &QTimer::timeout, this, &DashboardView::refreshSomeCharts);
}

namespace {

/// What layout edits change is the same: the panels' places and channels.
bool sameLayout(const QList<PanelConfig> &a, const QList<PanelConfig> &b)
{
    return std::equal(
        a.begin(), a.end(), b.begin(), b.end(), [](const PanelConfig &x, const PanelConfig &y) {
            return panelCells(x) == panelCells(y) && x.channels == y.channels && x.kind == y.kind;
        });
}

/// The same panels, some of them in other cells.
bool onlyPlacesDiffer(const QList<PanelConfig> &a, const QList<PanelConfig> &b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](PanelConfig x, const PanelConfig &y) {
                          x.row = y.row;
                          x.column = y.column;
                          x.rowSpan = y.rowSpan;
                          x.columnSpan = y.columnSpan;
                          return x == y;
                      });
}

} // namespace

void DashboardView::setPanels(const QList<PanelConfig> &panels)
{
    if (panels == m_configs && !m_panels.isEmpty())
        return;
    // Panels from elsewhere (another file, the settings): the edits made before do not apply.
    if (!m_committing && !sameLayout(m_configs, panels))
        m_editor->undoStack()->clear();
    const bool moved = !m_panels.isEmpty() && onlyPlacesDiffer(m_configs, panels);
    m_configs = panels;
    // Two panels on one cell would hide one under the other: said until the layout is mended.
    const QString overlap = overlapWarning(panels);
    m_overlapWarning->setText(overlap);
    m_overlapWarning->setVisible(!overlap.isEmpty());
    if (moved) {
        // Moved or resized: the same widgets in their new cells, so charts keep their state.
        for (qsizetype i = 0; i < panels.size(); ++i) {
            const PanelConfig &c = panels[i];
            m_grid->removeWidget(m_panels[i]);
            m_panels[i]->setPlace(c.row, c.column, c.rowSpan, c.columnSpan);
            m_grid->addWidget(m_panels[i], c.row, c.column, c.rowSpan, c.columnSpan);
        }
        applyStretch();
        m_editor->panelsChanged();
        return;
    }
    m_pending.clear();
    m_continue.stop();
    qDeleteAll(m_panels);
    m_panels.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int r = 0; r < m_grid->rowCount(); ++r)
        m_grid->setRowStretch(r, 0);
    for (int c = 0; c < m_grid->columnCount(); ++c)
        m_grid->setColumnStretch(c, 0);
    if (panels.isEmpty()) {
        auto *hint = new QLabel(tr("This dashboard has no panels yet.\n"
                                   "Open Settings (Ctrl+,) to add feeds and panels."),
                                this);
        hint->setAlignment(Qt::AlignCenter);
        m_grid->addWidget(hint, 0, 0);
        applyStretch();
        m_editor->panelsChanged();
        return;
    }
    for (const PanelConfig &config : panels) {
        Panel *panel = createPanel(config, m_store, this);
        panel->setHistory(m_history);
        panel->setAlarms(m_alarms);
        panel->setFrozen(m_paused);
        m_grid->addWidget(panel, config.row, config.column, config.rowSpan, config.columnSpan);
        m_panels.append(panel);
    }
    applyStretch();
    m_nextChart = 0;
    m_editor->panelsChanged();
}

void DashboardView::applyStretch()
{
    // Only the rows and columns this dashboard uses share the room: a grid keeps the count of
    // the largest layout it ever had, and a 2-column dashboard opened after a 3-column one
    // must not leave a third of the window empty.
    int rows = 0, columns = 0;
    for (const PanelConfig &config : std::as_const(m_configs)) {
        rows = std::max(rows, config.row + config.rowSpan);
        columns = std::max(columns, config.column + config.columnSpan);
    }
    // While editing, a spare row and column (a third of a used one) to move and grow into.
    const int spareRow = m_editing ? rows : -1, spareColumn = m_editing ? columns : -1;
    const int used = m_editing ? 3 : 1;
    constexpr int SpareMinimum = 48;
    if (m_editing) {
        m_grid->setRowStretch(spareRow, 1); // (makes the row, if the grid had none there)
        m_grid->setColumnStretch(spareColumn, 1);
    }
    for (int r = 0; r < m_grid->rowCount(); ++r) {
        m_grid->setRowStretch(r, r < rows ? used : (r == spareRow ? 1 : 0));
        m_grid->setRowMinimumHeight(r, r == spareRow ? SpareMinimum : 0);
    }
    for (int c = 0; c < m_grid->columnCount(); ++c) {
        m_grid->setColumnStretch(c, c < columns ? used : (c == spareColumn ? 1 : 0));
        m_grid->setColumnMinimumWidth(c, c == spareColumn ? SpareMinimum : 0);
    }
}

void DashboardView::setEditing(bool editing)
{
    if (editing == m_editing)
        return;
    m_editing = editing;
    applyStretch();
    layout()->activate(); // the cells' geometry, for the overlay, now
    m_editor->setActive(editing);
    Q_EMIT editingChanged(editing);
}

QUndoStack *DashboardView::undoStack() const
{
    return m_editor->undoStack();
}

void DashboardView::commitEdit(const QList<PanelConfig> &panels)
{
    m_committing = true;
    setPanels(panels);
    m_committing = false;
    layout()->activate();
    Q_EMIT layoutEdited(m_configs);
}

void DashboardView::showStore(ChannelStore *store, std::function<qint64()> clock)
{
    m_store = store ? store : m_liveStore;
    m_clock = store ? std::move(clock) : std::function<qint64()>();
    const QList<PanelConfig> configs = m_configs;
    m_configs.clear(); // rebuilt even though the configs are the same
    setPanels(configs);
}

qint64 DashboardView::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

void DashboardView::setAlarms(const AlarmEngine *alarms)
{
    m_alarms = alarms;
    for (Panel *panel : std::as_const(m_panels))
        panel->setAlarms(alarms);
}

void DashboardView::setHistory(history::HistoryStore *history)
{
    m_history = history;
    for (Panel *panel : std::as_const(m_panels)) {
        panel->setHistory(history);
        if (history)
            panel->update();
    }
}

void DashboardView::setPaused(bool paused)
{
    m_paused = paused;
    for (Panel *p : std::as_const(m_panels))
        p->setFrozen(paused);
}

void DashboardView::setFrameInterval(int ms)
{
    m_adaptive = false;
    m_timer.setInterval(std::max(1, ms));
}

void DashboardView::setAdaptiveFrameInterval(int minMs, int maxMs, double uiShare)
{
    m_adaptive = true;
    m_minIntervalMs = std::max(1, minMs);
    m_maxIntervalMs = std::max(m_minIntervalMs, maxMs);
    m_uiShare = std::clamp(uiShare, 0.05, 1.0);
    m_timer.setInterval(m_minIntervalMs);
}

void DashboardView::tick()
{
    ++m_frames;
    if (!isVisible())
        return; // minimised or hidden: the store keeps filling, nothing to paint
    const qint64 now = this->now();
    QList<Panel *> charts;
    for (Panel *p : std::as_const(m_panels)) {
        if (p->isExpensive())
            charts.append(p);
        else
            p->refresh(now);
    }
    if (charts.isEmpty())
        return;
    if (!m_pending.isEmpty()) {
        // The last frame's charts are still being refreshed: let them finish first.
        ++m_skippedFrames;
        return;
    }
    // Every chart gets its turn each frame; who goes first rotates, so no chart always waits.
    const qsizetype n = charts.size();
    m_nextChart %= n;
    for (qsizetype i = 0; i < n; ++i)
        m_pending.append(charts[(m_nextChart + i) % n]);
    m_nextChart = (m_nextChart + 1) % n;
    m_frameCostMs = 0;
    refreshSomeCharts();
}

void DashboardView::refreshSomeCharts()
{
    // A few charts, then back to the event loop: their paints, input and timers run before the
    // next few (the zero-delay timer fires after the events already posted).
    QElapsedTimer budget;
    budget.start();
    const qint64 now = this->now();
    const qint64 budgetNs = qint64(m_budgetMs * 1e6);
    int refreshed = 0;
    while (!m_pending.isEmpty()) {
        Panel *chart = m_pending.takeFirst();
        if (!chart->refresh(now))
            continue;
        ++refreshed;
        m_frameCostMs += chart->costMs();
        if (refreshed >= m_chartsPerIteration || budget.nsecsElapsed() >= budgetNs)
            break;
    }
    if (refreshed > 0) {
        ++m_iterations;
        m_maxChartsInIteration = std::max(m_maxChartsInIteration, refreshed);
    }
    if (!m_pending.isEmpty())
        m_continue.start();
    else
        frameDone();
}

int DashboardView::adaptiveInterval(double frameCostMs, int minMs, int maxMs, double uiShare)
{
    const double wanted = std::ceil(std::max(0.0, frameCostMs) / std::max(uiShare, 0.01));
    return int(std::clamp(wanted, double(minMs), double(std::max(minMs, maxMs))));
}

void DashboardView::frameDone()
{
    if (!m_adaptive)
        return;
    // Charts' share of the UI thread at most m_uiShare: a cheap frame runs at the shortest
    // interval, an expensive one stretches the interval (and every chart's rate drops evenly).
    const int interval =
        adaptiveInterval(m_frameCostMs, m_minIntervalMs, m_maxIntervalMs, m_uiShare);
    if (interval != m_timer.interval())
        m_timer.setInterval(interval);
}

} // namespace livedash
