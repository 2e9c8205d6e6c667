#pragma once

#include "document/dashboard.h"

#include <QList>
#include <QRect>
#include <QUndoStack>
#include <QWidget>

#include <functional>
#include <initializer_list>

class QFrame;

namespace livedash {

class DashboardView;

/// The cells a panel occupies: x is the column, y the row, width and height the spans.
QRect panelCells(const PanelConfig &panel);

/// Two panels of a layout on the same cell (the first cell they share).
struct PanelOverlap
{
    int first;  ///< index in the panel list
    int second; ///< a later index
    int row;
    int column;
    bool operator==(const PanelOverlap &) const = default;
};
/// Every pair of panels in `panels` that share a cell (a hand-edited file can hold them).
QList<PanelOverlap> findOverlaps(const QList<PanelConfig> &panels);
/// What the view says about them: "Panels "A" and "B" overlap at row 2, column 1; …", or an
/// empty string when none do.
QString overlapWarning(const QList<PanelConfig> &panels);
/// The document's panels with what layout edits change taken from `edited` (a layoutEdited()
/// list): places and channels, and the charts the edits added or removed at the end. The rest
/// stays as in `document`, so units the view shows from feed mappings are not written back.
QList<PanelConfig> applyLayoutEdits(const QList<PanelConfig> &document,
                                    const QList<PanelConfig> &edited);
/// A new chart's title for `channel`: the name without its feed, or the feed for "<feed>/*".
QString titleForChannel(const QString &channel);

/// The dashboard view's edit mode: an overlay over the grid that draws the cells (one spare row
/// and column beyond the used ones), outlines the panels with their move and resize handles,
/// and turns mouse drags and channel drops into layout edits on an undo stack. Each edit goes
/// to the view as a whole new panel list (DashboardView::layoutEdited).
class LayoutEditor : public QWidget
{
    Q_OBJECT
public:
    explicit LayoutEditor(DashboardView *view);

    /// Shows the overlay and the hint banner and takes edits, or hides them.
    void setActive(bool active);
    QUndoStack *undoStack() { return &m_undo; }
    /// The banner shown above the grid while editing (the view places it).
    QFrame *banner() const { return m_banner; }

    /// The edit grid: the used rows and columns plus one spare of each.
    int rows() const;
    int columns() const;
    /// A cell's rectangle, in this widget's (and the view's) coordinates.
    QRect cellRect(int row, int column) const;
    /// The rectangle of `cells` (x column, y row, spans as size).
    QRect cellsRect(const QRect &cells) const;
    /// The cell under `pos` (x column, y row), clamped to the edit grid.
    QPoint cellAt(const QPoint &pos) const;
    /// The index of the panel on `cell`, or -1 (the last one drawn when panels overlap).
    int panelAt(const QPoint &cell) const;

    /// Called by the view after its panels changed: restack on top, repaint.
    void panelsChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Grab { None, Move, ResizeRight, ResizeBottom, ResizeCorner };
    /// Where a drag would put things, and whether it may.
    struct Proposal
    {
        int index = -1;    ///< the panel dragged, or the one a channel is dropped on
        QRect cells;       ///< its new cells (or the new chart's)
        int swapWith = -1; ///< a panel of the same size that takes the dragged one's place
        bool allowed = false;
    };

    const QList<PanelConfig> &configs() const;
    Grab grabAt(const QPoint &pos, int *index) const;
    Proposal proposeMove(int index, const QPoint &cell) const;
    Proposal proposeResize(int index, Grab grab, const QPoint &cell) const;
    Proposal proposeDrop(const QPoint &pos, const QStringList &channels) const;
    /// True if `cells` overlaps no panel other than those in `ignore`.
    bool isFree(const QRect &cells, std::initializer_list<int> ignore) const;
    void commitProposal();
    void commitDrop(const Proposal &proposal, const QStringList &channels);
    /// Pushes an edit: `change` makes it on a panel list, `revert` undoes it.
    void push(const QString &text, std::function<void(QList<PanelConfig> &)> change,
              std::function<void(QList<PanelConfig> &)> revert);
    void updateCursor(const QPoint &pos);
    void paintHandles(QPainter &p, const QRect &r, bool hovered) const;

    friend class LayoutCommand;
    DashboardView *m_view;
    QFrame *m_banner;
    QUndoStack m_undo;
    Grab m_grab = Grab::None;
    int m_grabIndex = -1;
    QPoint m_grabOffset; ///< the pressed cell relative to the panel's top-left cell
    QPoint m_pressPos;
    bool m_dragging = false; ///< moved far enough from the press to be a drag
    Proposal m_proposal;
    Proposal m_dropProposal;
    QStringList m_dropChannels;
    int m_hover = -1;
};

} // namespace livedash
