#include "panels/layouteditor.h"
#include "panels/channeldrag.h"
#include "panels/dashboardview.h"
#include "widgets/palette.h"

#include <QApplication>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QUndoCommand>

#include <algorithm>

namespace livedash {

QRect panelCells(const PanelConfig &panel)
{
    return QRect(panel.column, panel.row, std::max(1, panel.columnSpan),
                 std::max(1, panel.rowSpan));
}

QList<PanelOverlap> findOverlaps(const QList<PanelConfig> &panels)
{
    QList<PanelOverlap> found;
    for (int i = 0; i < panels.size(); ++i) {
        for (int j = i + 1; j < panels.size(); ++j) {
            const QRect shared = panelCells(panels[i]).intersected(panelCells(panels[j]));
            if (!shared.isEmpty())
                found.append({i, j, shared.top(), shared.left()});
        }
    }
    return found;
}

QString overlapWarning(const QList<PanelConfig> &panels)
{
    const QList<PanelOverlap> overlaps = findOverlaps(panels);
    if (overlaps.isEmpty())
        return {};
    const auto name = [&](int i) {
        return panels[i].title.isEmpty() ? LayoutEditor::tr("#%1").arg(i + 1) : panels[i].title;
    };
    const PanelOverlap &o = overlaps.first();
    QString text =
        LayoutEditor::tr("Panels \"%1\" and \"%2\" overlap at row %3, column %4; use Edit "
                         "layout to move one.")
            .arg(name(o.first), name(o.second))
            .arg(o.row)
            .arg(o.column);
    if (overlaps.size() > 1)
        text += QLatin1Char(' ') +
                LayoutEditor::tr("(%n more overlap(s))", nullptr, int(overlaps.size() - 1));
    return text;
}

QList<PanelConfig> applyLayoutEdits(const QList<PanelConfig> &document,
                                    const QList<PanelConfig> &edited)
{
    QList<PanelConfig> panels;
    for (qsizetype i = 0; i < edited.size(); ++i) {
        if (i >= document.size()) {
            panels.append(edited[i]); // a chart the edits made
            continue;
        }
        PanelConfig p = document[i];
        p.row = edited[i].row;
        p.column = edited[i].column;
        p.rowSpan = edited[i].rowSpan;
        p.columnSpan = edited[i].columnSpan;
        p.channels = edited[i].channels;
        panels.append(p);
    }
    return panels;
}

QString titleForChannel(const QString &channel)
{
    QStringList parts = channel.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    while (parts.size() > 1 && parts.last().startsWith(QLatin1Char('*')))
        parts.removeLast();
    if (parts.size() > 1)
        parts.removeFirst(); // the feed id, which every channel of the feed shares
    return parts.join(QLatin1Char('/'));
}

/// One committed layout edit: `change` makes it on the view's current panel list, `revert`
/// undoes it. Both work on what the view holds then, not on a copy taken when the edit was
/// made, so that what the window set in between (the units it maps) is kept.
class LayoutCommand : public QUndoCommand
{
public:
    using Edit = std::function<void(QList<PanelConfig> &)>;
    LayoutCommand(LayoutEditor *editor, const QString &text, Edit change, Edit revert)
        : QUndoCommand(text), m_editor(editor), m_change(std::move(change)),
          m_revert(std::move(revert))
    {
    }
    void redo() override { apply(m_change); }
    void undo() override { apply(m_revert); }

private:
    void apply(const Edit &edit)
    {
        QList<PanelConfig> panels = m_editor->configs();
        edit(panels);
        m_editor->m_view->commitEdit(panels);
    }

    LayoutEditor *m_editor;
    Edit m_change;
    Edit m_revert;
};

namespace {

void place(QList<PanelConfig> &panels, int index, const QRect &cells)
{
    if (index < 0 || index >= panels.size())
        return;
    PanelConfig &p = panels[index];
    p.row = cells.top();
    p.column = cells.left();
    p.rowSpan = cells.height();
    p.columnSpan = cells.width();
}

constexpr int EdgeGrab = 8; ///< px either side of a panel's right or bottom edge that resize

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

} // namespace

LayoutEditor::LayoutEditor(DashboardView *view) : QWidget(view), m_view(view)
{
    setObjectName(QStringLiteral("layoutEditor"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    hide();
    m_undo.setUndoLimit(200);

    m_banner = new QFrame(view);
    m_banner->setObjectName(QStringLiteral("layoutEditBanner"));
    m_banner->setStyleSheet(
        QStringLiteral("QFrame#layoutEditBanner { background: %1; border-bottom: 2px solid %2; }"
                       "QFrame#layoutEditBanner QLabel { color: %3; background: transparent; }"
                       "QPushButton#layoutEditDone { background: %2; color: %4; "
                       "font-weight: bold; padding: 4px 16px; border: none; "
                       "border-radius: 3px; }"
                       "QPushButton#layoutEditDone:hover { background: %5; }")
            .arg(palette::css(palette::base()), palette::css(palette::highlight()),
                 palette::css(palette::text()), palette::css(palette::brightText()),
                 palette::css(palette::highlight().lighter(120))));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(10, 5, 8, 5);
    auto *hint = new QLabel(tr("Editing layout: drag panels to move, edges to resize, channels "
                               "from the Feeds dock to add. Esc or Done to finish; Ctrl+Z "
                               "undo."),
                            m_banner);
    hint->setObjectName(QStringLiteral("layoutEditHint"));
    hint->setWordWrap(true);
    auto *done = new QPushButton(tr("Done"), m_banner);
    done->setObjectName(QStringLiteral("layoutEditDone"));
    done->setCursor(Qt::PointingHandCursor);
    connect(done, &QPushButton::clicked, this, [this] { m_view->setEditing(false); });
    bannerLayout->addWidget(hint, 1);
    bannerLayout->addWidget(done, 0, Qt::AlignVCenter);
    m_banner->hide();

    view->installEventFilter(this);
}

const QList<PanelConfig> &LayoutEditor::configs() const
{
    return m_view->configs();
}

void LayoutEditor::setActive(bool active)
{
    m_grab = Grab::None;
    m_dragging = false;
    m_dropProposal = {};
    m_hover = -1;
    setAcceptDrops(active);
    m_banner->setVisible(active);
    setVisible(active);
    if (active) {
        setGeometry(m_view->rect());
        panelsChanged();
        setFocus(Qt::OtherFocusReason);
    }
}

void LayoutEditor::panelsChanged()
{
    if (!isVisible())
        return;
    raise();
    m_banner->raise();
    update();
}

int LayoutEditor::rows() const
{
    int used = 0;
    for (const PanelConfig &p : configs())
        used = std::max(used, p.row + std::max(1, p.rowSpan));
    return std::min(used + 1, limits::GridCell.max + 1);
}

int LayoutEditor::columns() const
{
    int used = 0;
    for (const PanelConfig &p : configs())
        used = std::max(used, p.column + std::max(1, p.columnSpan));
    return std::min(used + 1, limits::GridCell.max + 1);
}

QRect LayoutEditor::cellRect(int row, int column) const
{
    const QGridLayout *grid = m_view->m_grid;
    if (row < 0 || column < 0 || row >= grid->rowCount() || column >= grid->columnCount())
        return {};
    return grid->cellRect(row, column);
}

QRect LayoutEditor::cellsRect(const QRect &cells) const
{
    return cellRect(cells.top(), cells.left()).united(cellRect(cells.bottom(), cells.right()));
}

QPoint LayoutEditor::cellAt(const QPoint &pos) const
{
    // A point in the spacing between two cells belongs to the nearer one.
    const int half = std::max(0, m_view->m_grid->spacing()) / 2;
    int row = rows() - 1;
    for (int r = 0; r < rows(); ++r) {
        if (pos.y() <= cellRect(r, 0).bottom() + half) {
            row = r;
            break;
        }
    }
    int column = columns() - 1;
    for (int c = 0; c < columns(); ++c) {
        if (pos.x() <= cellRect(0, c).right() + half) {
            column = c;
            break;
        }
    }
    return {column, row};
}

int LayoutEditor::panelAt(const QPoint &cell) const
{
    for (int i = int(configs().size()) - 1; i >= 0; --i) {
        if (panelCells(configs()[i]).contains(cell))
            return i;
    }
    return -1;
}

bool LayoutEditor::isFree(const QRect &cells, std::initializer_list<int> ignore) const
{
    for (int i = 0; i < configs().size(); ++i) {
        if (std::find(ignore.begin(), ignore.end(), i) == ignore.end() &&
            panelCells(configs()[i]).intersects(cells))
            return false;
    }
    return true;
}

LayoutEditor::Grab LayoutEditor::grabAt(const QPoint &pos, int *index) const
{
    for (int i = int(configs().size()) - 1; i >= 0; --i) {
        const QRect r = cellsRect(panelCells(configs()[i]));
        if (!r.adjusted(0, 0, EdgeGrab / 2, EdgeGrab / 2).contains(pos))
            continue;
        *index = i;
        const bool right = pos.x() >= r.right() - EdgeGrab;
        const bool bottom = pos.y() >= r.bottom() - EdgeGrab;
        if (right && bottom)
            return Grab::ResizeCorner;
        if (right)
            return Grab::ResizeRight;
        if (bottom)
            return Grab::ResizeBottom;
        return Grab::Move;
    }
    *index = -1;
    return Grab::None;
}

LayoutEditor::Proposal LayoutEditor::proposeMove(int index, const QPoint &cell) const
{
    const QRect from = panelCells(configs()[index]);
    QPoint topLeft = cell - m_grabOffset;
    topLeft.setX(std::clamp(topLeft.x(), 0, std::max(0, columns() - from.width())));
    topLeft.setY(std::clamp(topLeft.y(), 0, std::max(0, rows() - from.height())));
    Proposal p;
    p.index = index;
    p.cells = QRect(topLeft, from.size());
    if (p.cells == from || isFree(p.cells, {index})) {
        p.allowed = true;
        return p;
    }
    // Onto one panel of the same size, exactly: the two trade places.
    int other = -1;
    for (int i = 0; i < configs().size(); ++i) {
        if (i != index && panelCells(configs()[i]).intersects(p.cells)) {
            if (other >= 0)
                return p; // more than one panel in the way
            other = i;
        }
    }
    if (panelCells(configs()[other]) == p.cells && !from.intersects(p.cells) &&
        isFree(from, {index, other})) {
        p.swapWith = other;
        p.allowed = true;
    }
    return p;
}

LayoutEditor::Proposal LayoutEditor::proposeResize(int index, Grab grab, const QPoint &cell) const
{
    const QRect from = panelCells(configs()[index]);
    Proposal p;
    p.index = index;
    int wide = from.width(), high = from.height();
    if (grab == Grab::ResizeRight || grab == Grab::ResizeCorner)
        wide = std::clamp(cell.x() - from.left() + 1, 1, std::max(1, columns() - from.left()));
    if (grab == Grab::ResizeBottom || grab == Grab::ResizeCorner)
        high = std::clamp(cell.y() - from.top() + 1, 1, std::max(1, rows() - from.top()));
    p.cells = QRect(from.topLeft(),
                    QSize(std::min(wide, limits::Span.max), std::min(high, limits::Span.max)));
    p.allowed = isFree(p.cells, {index});
    return p;
}

LayoutEditor::Proposal LayoutEditor::proposeDrop(const QPoint &pos,
                                                 const QStringList &channels) const
{
    Proposal p;
    const QPoint cell = cellAt(pos);
    p.index = panelAt(cell);
    if (p.index < 0) {
        p.cells = QRect(cell, QSize(1, 1));
        p.allowed = !channels.isEmpty();
        return p;
    }
    p.cells = panelCells(configs()[p.index]);
    const QStringList &has = configs()[p.index].channels;
    p.allowed = std::any_of(channels.begin(), channels.end(),
                            [&](const QString &name) { return !has.contains(name); });
    return p;
}

void LayoutEditor::push(const QString &text, std::function<void(QList<PanelConfig> &)> change,
                        std::function<void(QList<PanelConfig> &)> revert)
{
    m_undo.push(new LayoutCommand(this, text, std::move(change), std::move(revert)));
}

void LayoutEditor::commitProposal()
{
    const Proposal p = m_proposal;
    if (!p.allowed || p.index < 0 || p.index >= configs().size())
        return;
    const QRect from = panelCells(configs()[p.index]);
    if (p.cells == from)
        return;
    const int index = p.index, other = p.swapWith;
    const QRect to = p.cells;
    QString text;
    if (m_grab == Grab::Move)
        text = other >= 0 ? tr("Swap panels") : tr("Move panel");
    else
        text = tr("Resize panel");
    push(
        text,
        [=](QList<PanelConfig> &panels) {
            place(panels, index, to);
            if (other >= 0)
                place(panels, other, from);
        },
        [=](QList<PanelConfig> &panels) {
            place(panels, index, from);
            if (other >= 0)
                place(panels, other, to);
        });
}

void LayoutEditor::commitDrop(const Proposal &p, const QStringList &channels)
{
    if (!p.allowed)
        return;
    if (p.index >= 0) {
        const int index = p.index;
        QStringList added;
        for (const QString &name : channels) {
            if (!configs()[index].channels.contains(name))
                added.append(name);
        }
        push(
            tr("Add channel"),
            [=](QList<PanelConfig> &panels) {
                if (index < panels.size())
                    for (const QString &name : added)
                        if (!panels[index].channels.contains(name))
                            panels[index].channels.append(name);
            },
            [=](QList<PanelConfig> &panels) {
                if (index < panels.size())
                    for (const QString &name : added)
                        panels[index].channels.removeAll(name);
            });
        return;
    }
    PanelConfig chart;
    chart.kind = PanelKind::Chart;
    chart.title = titleForChannel(channels.first());
    chart.channels = channels;
    chart.row = p.cells.top();
    chart.column = p.cells.left();
    const QRect cells = p.cells;
    push(
        tr("Add chart"), [=](QList<PanelConfig> &panels) { panels.append(chart); },
        [=](QList<PanelConfig> &panels) {
            if (!panels.isEmpty() && panelCells(panels.last()) == cells)
                panels.removeLast();
        });
}

void LayoutEditor::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        event->ignore();
        return;
    }
    setFocus(Qt::MouseFocusReason);
    const QPoint pos = event->position().toPoint();
    m_grab = grabAt(pos, &m_grabIndex);
    m_pressPos = pos;
    m_dragging = false;
    m_proposal = {};
    if (m_grab == Grab::Move)
        m_grabOffset = cellAt(pos) - panelCells(configs()[m_grabIndex]).topLeft();
    event->accept();
}

void LayoutEditor::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_grab == Grab::None) {
        updateCursor(pos);
        return;
    }
    if (!m_dragging && (pos - m_pressPos).manhattanLength() < QApplication::startDragDistance())
        return;
    m_dragging = true;
    const QPoint cell = cellAt(pos);
    m_proposal = m_grab == Grab::Move ? proposeMove(m_grabIndex, cell)
                                      : proposeResize(m_grabIndex, m_grab, cell);
    update();
}

void LayoutEditor::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_grab == Grab::None)
        return;
    if (m_dragging)
        commitProposal();
    m_grab = Grab::None;
    m_grabIndex = -1;
    m_dragging = false;
    m_proposal = {};
    updateCursor(event->position().toPoint());
    update();
}

void LayoutEditor::leaveEvent(QEvent *event)
{
    m_hover = -1;
    update();
    QWidget::leaveEvent(event);
}

void LayoutEditor::updateCursor(const QPoint &pos)
{
    int index = -1;
    const Grab grab = grabAt(pos, &index);
    switch (grab) {
    case Grab::Move:
        setCursor(Qt::SizeAllCursor);
        break;
    case Grab::ResizeRight:
        setCursor(Qt::SizeHorCursor);
        break;
    case Grab::ResizeBottom:
        setCursor(Qt::SizeVerCursor);
        break;
    case Grab::ResizeCorner:
        setCursor(Qt::SizeFDiagCursor);
        break;
    case Grab::None:
        unsetCursor();
        break;
    }
    if (index != m_hover) {
        m_hover = index;
        update();
    }
}

void LayoutEditor::dragEnterEvent(QDragEnterEvent *event)
{
    m_dropChannels = channelsFromMimeData(event->mimeData());
    if (m_dropChannels.isEmpty()) {
        event->ignore();
        return;
    }
    m_dropProposal = proposeDrop(event->position().toPoint(), m_dropChannels);
    event->acceptProposedAction();
    update();
}

void LayoutEditor::dragMoveEvent(QDragMoveEvent *event)
{
    m_dropChannels = channelsFromMimeData(event->mimeData());
    m_dropProposal = proposeDrop(event->position().toPoint(), m_dropChannels);
    if (m_dropProposal.allowed)
        event->acceptProposedAction();
    else
        event->ignore(cellsRect(m_dropProposal.cells));
    update();
}

void LayoutEditor::dragLeaveEvent(QDragLeaveEvent *event)
{
    m_dropProposal = {};
    m_dropChannels.clear();
    update();
    QWidget::dragLeaveEvent(event);
}

void LayoutEditor::dropEvent(QDropEvent *event)
{
    const QStringList channels = channelsFromMimeData(event->mimeData());
    const Proposal p = proposeDrop(event->position().toPoint(), channels);
    m_dropProposal = {};
    m_dropChannels.clear();
    update();
    if (!p.allowed) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    setFocus(Qt::OtherFocusReason); // Ctrl+Z next undoes the drop, not whatever the dock does
    commitDrop(p, channels);
}

namespace {

enum class EditKey { None, Finish, Undo, Redo };

EditKey editKey(const QKeyEvent *event)
{
    const QKeyCombination combo = event->keyCombination();
    if (combo == QKeyCombination(Qt::Key_Escape))
        return EditKey::Finish;
    if (combo == QKeyCombination(Qt::ControlModifier | Qt::ShiftModifier, Qt::Key_Z) ||
        combo == QKeyCombination(Qt::ControlModifier, Qt::Key_Y) ||
        event->matches(QKeySequence::Redo))
        return EditKey::Redo;
    if (event->matches(QKeySequence::Undo))
        return EditKey::Undo;
    return EditKey::None;
}

} // namespace

bool LayoutEditor::event(QEvent *event)
{
    // The window's own shortcuts (Escape leaves full screen) wait while the editor has focus.
    if (event->type() == QEvent::ShortcutOverride &&
        editKey(static_cast<QKeyEvent *>(event)) != EditKey::None) {
        event->accept();
        return true;
    }
    return QWidget::event(event);
}

void LayoutEditor::keyPressEvent(QKeyEvent *event)
{
    switch (editKey(event)) {
    case EditKey::Finish:
        if (m_grab != Grab::None) { // Escape mid-drag drops the drag, not the mode
            m_grab = Grab::None;
            m_dragging = false;
            m_proposal = {};
            update();
        } else {
            m_view->setEditing(false);
        }
        return;
    case EditKey::Undo:
        if (m_grab == Grab::None)
            m_undo.undo();
        return;
    case EditKey::Redo:
        if (m_grab == Grab::None)
            m_undo.redo();
        return;
    case EditKey::None:
        break;
    }
    QWidget::keyPressEvent(event);
}

bool LayoutEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::Resize)
        setGeometry(m_view->rect());
    else if (watched == m_view && event->type() == QEvent::LayoutRequest)
        update();
    return QWidget::eventFilter(watched, event);
}

void LayoutEditor::paintHandles(QPainter &p, const QRect &r, bool hovered) const
{
    const QColor accent = hovered ? palette::highlight().lighter(135) : palette::highlight();
    p.setPen(Qt::NoPen);
    p.setBrush(accent);
    // Move grip: a pill of six dots at the top centre.
    const QRect grip(r.center().x() - 16, r.top() + 3, 32, 12);
    p.drawRoundedRect(grip, 6, 6);
    p.setBrush(palette::brightText());
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 2; ++j)
            p.drawEllipse(QPointF(grip.left() + 10.5 + i * 5.5, grip.top() + 4 + j * 4), 1.3, 1.3);
    // Resize handles at the middle of the right and bottom edges and at the corner.
    p.setBrush(accent);
    p.drawRoundedRect(QRect(r.right() - 3, r.center().y() - 14, 6, 28), 3, 3);
    p.drawRoundedRect(QRect(r.center().x() - 14, r.bottom() - 3, 28, 6), 3, 3);
    QPainterPath corner;
    corner.moveTo(r.right() + 2, r.bottom() - 12);
    corner.lineTo(r.right() + 2, r.bottom() + 2);
    corner.lineTo(r.right() - 12, r.bottom() + 2);
    corner.closeSubpath();
    p.drawPath(corner);
}

void LayoutEditor::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QList<PanelConfig> &panels = configs();

    // The free cells (the panels cover theirs), the spare row and column fainter and dashed.
    const int rowCount = rows(), columnCount = columns();
    for (int r = 0; r < rowCount; ++r) {
        for (int c = 0; c < columnCount; ++c) {
            const QRect cell = cellRect(r, c);
            if (!cell.isValid() || panelAt(QPoint(c, r)) >= 0)
                continue;
            const bool spare = r == rowCount - 1 || c == columnCount - 1;
            p.setBrush(QColor(255, 255, 255, spare ? 6 : 12));
            p.setPen(QPen(QColor(255, 255, 255, spare ? 45 : 30), 1,
                          spare ? Qt::DashLine : Qt::SolidLine));
            p.drawRoundedRect(QRectF(cell).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        }
    }

    // The panels: outlined, red where two share a cell, with their handles.
    QList<bool> overlapped(panels.size(), false);
    for (const PanelOverlap &o : findOverlaps(panels))
        overlapped[o.first] = overlapped[o.second] = true;
    for (int i = 0; i < panels.size(); ++i) {
        const QRect r = cellsRect(panelCells(panels[i]));
        const bool grabbed = m_dragging && i == m_grabIndex;
        const bool hovered = i == m_hover || i == m_grabIndex;
        const QColor edge = overlapped[i] ? palette::critical() : palette::highlight();
        p.setBrush(withAlpha(palette::highlight(), grabbed ? 40 : (hovered ? 22 : 10)));
        p.setPen(
            QPen(hovered ? edge.lighter(130) : edge, 2, grabbed ? Qt::DashLine : Qt::SolidLine));
        p.drawRoundedRect(QRectF(r).adjusted(1, 1, -1, -1), 4, 4);
        if (!grabbed)
            paintHandles(p, r, hovered);
    }

    // Where a drag would put the panel, red where it may not.
    const auto drawTarget = [&](const Proposal &target, const QColor &ok, const QString &caption) {
        const QRect r = cellsRect(target.cells);
        const QColor color = target.allowed ? ok : palette::critical();
        p.setBrush(withAlpha(color, 70));
        p.setPen(QPen(color, 2));
        p.drawRoundedRect(QRectF(r).adjusted(1, 1, -1, -1), 4, 4);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(palette::brightText());
        p.drawText(r.adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, caption);
    };
    if (m_dragging && m_proposal.index >= 0) {
        const QRect c = m_proposal.cells;
        QString caption;
        if (!m_proposal.allowed)
            caption = tr("Occupied");
        else if (m_grab == Grab::Move)
            caption = m_proposal.swapWith >= 0
                          ? tr("Swap with \"%1\"").arg(panels[m_proposal.swapWith].title)
                          : tr("Row %1, column %2").arg(c.top()).arg(c.left());
        else
            caption = tr("%1 × %2 cells").arg(c.width()).arg(c.height());
        drawTarget(m_proposal, palette::highlight(), caption);
    }
    if (!m_dropChannels.isEmpty() && m_dropProposal.cells.isValid()) {
        QString caption;
        if (m_dropProposal.index >= 0)
            caption = m_dropProposal.allowed
                          ? tr("Add to \"%1\"").arg(panels[m_dropProposal.index].title)
                          : tr("Already shown here");
        else
            caption = tr("New chart: %1").arg(titleForChannel(m_dropChannels.first()));
        drawTarget(m_dropProposal, palette::live(), caption);
    }
}

} // namespace livedash
