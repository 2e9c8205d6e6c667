// Layout editing in the dashboard view: panels moved and resized by mouse drags on the edit
// overlay, channels dropped from the Feeds dock, undo and redo, and overlaps from a file said.
#include "panels/channeldrag.h"
#include "panels/dashboardview.h"
#include "panels/layouteditor.h"
#include "panels/panel.h"
#include "panels/tilepanel.h"
#include "widgets/wallscreenlook.h"
#include "window/feedstatusview.h"

#include <QApplication>
#include <QDateTime>
#include <QLabel>
#include <QLayout>
#include <QPointer>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

#include <cmath>

using namespace livedash;

namespace {

PanelConfig panel(const QString &title, int row, int column, int rowSpan = 1, int columnSpan = 1,
                  PanelKind kind = PanelKind::Tile)
{
    PanelConfig p;
    p.kind = kind;
    p.title = title;
    p.channels = {QStringLiteral("sys/") + title.toLower()};
    p.row = row;
    p.column = column;
    p.rowSpan = rowSpan;
    p.columnSpan = columnSpan;
    return p;
}

/// The panels' (title, row, column, rowSpan, columnSpan), for readable comparisons.
QStringList places(const QList<PanelConfig> &panels)
{
    QStringList out;
    for (const PanelConfig &p : panels)
        out.append(QStringLiteral("%1 %2,%3 %4x%5")
                       .arg(p.title)
                       .arg(p.row)
                       .arg(p.column)
                       .arg(p.rowSpan)
                       .arg(p.columnSpan));
    return out;
}

/// Whether `c` is the refusal red rather than the accent blue (the palette's critical()).
bool reddish(const QColor &c)
{
    return c.red() > 180 && c.red() > c.blue() + 40 && c.red() > c.green() + 60;
}

bool bluish(const QColor &c)
{
    return c.blue() > 150 && c.blue() > c.red() + 60;
}

} // namespace

class TestLayoutEdit : public QObject
{
    Q_OBJECT

    /// A shown view in edit mode, 1000x700, with `panels`.
    struct Fixture
    {
        ChannelStore store;
        DashboardView view{&store};
        LayoutEditor *editor = nullptr;
        explicit Fixture(const QList<PanelConfig> &panels)
        {
            view.resize(1000, 700);
            view.setFrameInterval(1000);
            view.setPanels(panels);
            view.show();
            if (!QTest::qWaitForWindowExposed(&view))
                qWarning("view not exposed");
            view.setEditing(true);
            editor = view.findChild<LayoutEditor *>();
            QTest::qWait(20); // let layout requests run
        }
        QPoint cellCentre(int row, int column) const
        {
            return editor->cellRect(row, column).center();
        }
        QRect panelRect(int index) const
        {
            return editor->cellsRect(panelCells(view.configs()[index]));
        }
        /// Presses at `from`, moves in steps to `to`, and (unless `release` is false) releases.
        void drag(const QPoint &from, const QPoint &to, bool release = true)
        {
            QTest::mousePress(editor, Qt::LeftButton, {}, from);
            for (int step = 1; step <= 4; ++step)
                QTest::mouseMove(editor, from + (to - from) * step / 4);
            if (release)
                QTest::mouseRelease(editor, Qt::LeftButton, {}, to);
        }
        /// The colour the view shows at `pos` (overlay included).
        QColor pixel(const QPoint &pos)
        {
            const QImage image = view.grab().toImage();
            const qreal ratio = image.devicePixelRatio();
            return image.pixelColor(int(pos.x() * ratio), int(pos.y() * ratio));
        }
        /// Sends a whole drag of `mime` to `pos`: enter, move, drop. Returns whether it was taken.
        bool drop(const QMimeData *mime, const QPoint &pos)
        {
            QDragEnterEvent enter(pos, Qt::CopyAction, mime, Qt::LeftButton, {});
            QApplication::sendEvent(editor, &enter);
            QDragMoveEvent move(pos, Qt::CopyAction, mime, Qt::LeftButton, {});
            QApplication::sendEvent(editor, &move);
            QDropEvent dropped(QPointF(pos), Qt::CopyAction, mime, Qt::LeftButton, {});
            QApplication::sendEvent(editor, &dropped);
            return dropped.isAccepted();
        }
    };

    static void screenshot(QWidget &w, const QString &name)
    {
        const QString dir = qEnvironmentVariable("LIVEDASH_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(50);
        w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

    /// A, B, C in a 2x2 grid with the bottom-right cell free.
    static QList<PanelConfig> threeInFour()
    {
        return {panel(QStringLiteral("A"), 0, 0), panel(QStringLiteral("B"), 0, 1),
                panel(QStringLiteral("C"), 1, 0)};
    }

private Q_SLOTS:
    void initTestCase()
    {
        applyWallScreenLook(*qobject_cast<QApplication *>(QCoreApplication::instance()));
    }

    void editModeShowsOverlayAndBanner()
    {
        Fixture f(threeInFour());
        QVERIFY(f.editor && f.editor->isVisible());
        auto *banner = f.view.findChild<QWidget *>(QStringLiteral("layoutEditBanner"));
        QVERIFY(banner && banner->isVisible());
        QVERIFY(f.view.findChild<QLabel *>(QStringLiteral("layoutEditHint"))
                    ->text()
                    .contains(QStringLiteral("Ctrl+Z")));
        // One spare row and column beyond the used 2x2, with room on screen.
        QCOMPARE(f.editor->rows(), 3);
        QCOMPARE(f.editor->columns(), 3);
        QVERIFY(f.editor->cellRect(2, 2).height() >= 40);
        QVERIFY(f.editor->cellRect(2, 2).width() >= 40);
        QVERIFY(f.editor->acceptDrops());
        // Esc finishes editing.
        QSignalSpy editing(&f.view, &DashboardView::editingChanged);
        QTest::keyClick(f.editor, Qt::Key_Escape);
        QCOMPARE(editing.count(), 1);
        QCOMPARE(editing.first().first().toBool(), false);
        QVERIFY(!f.view.isEditing());
        QVERIFY(!f.editor->isVisible() && !banner->isVisible() && !f.editor->acceptDrops());
        // The spare row and column are gone again.
        f.view.layout()->activate();
        QVERIFY(f.editor->cellRect(2, 2).height() <= 0 || f.editor->cellRect(2, 2).isNull());
    }

    void dragMovesPanelToFreeCell()
    {
        Fixture f(threeInFour());
        const QPointer<Panel> a = f.view.panels().first();
        QSignalSpy edited(&f.view, &DashboardView::layoutEdited);
        f.drag(f.cellCentre(0, 0), f.cellCentre(1, 1), false);
        // Mid-drag: the translucent target is accent blue on the free cell.
        const QRect target = f.editor->cellRect(1, 1);
        QVERIFY(bluish(f.pixel(QPoint(target.left() + 1, target.center().y() + 30))));
        QTest::mouseRelease(f.editor, Qt::LeftButton, {}, f.cellCentre(1, 1));
        QCOMPARE(places(f.view.configs()), QStringList({"A 1,1 1x1", "B 0,1 1x1", "C 1,0 1x1"}));
        QCOMPARE(edited.count(), 1);
        QCOMPARE(places(edited.first().first().value<QList<PanelConfig>>()),
                 places(f.view.configs()));
        QVERIFY(a); // moved, not rebuilt: charts keep their state
        QCOMPARE(f.view.panels().first(), a.data());
        QCOMPARE(a->config().row, 1);
        QCOMPARE(f.view.undoStack()->count(), 1);
    }

    void dragOntoSameSizePanelSwaps()
    {
        Fixture f(threeInFour());
        QSignalSpy edited(&f.view, &DashboardView::layoutEdited);
        f.drag(f.cellCentre(0, 0), f.cellCentre(0, 1));
        QCOMPARE(places(f.view.configs()), QStringList({"A 0,1 1x1", "B 0,0 1x1", "C 1,0 1x1"}));
        QCOMPARE(edited.count(), 1);
    }

    void dragOntoPanelOfOtherSizeIsRefused()
    {
        // B spans two rows: A (one cell) dropped on it would overlap part of it.
        const QList<PanelConfig> layout{panel(QStringLiteral("A"), 0, 0),
                                        panel(QStringLiteral("B"), 0, 1, 2, 1),
                                        panel(QStringLiteral("C"), 1, 0)};
        Fixture f(layout);
        QSignalSpy edited(&f.view, &DashboardView::layoutEdited);
        f.drag(f.cellCentre(0, 0), f.cellCentre(0, 1), false);
        // Mid-drag the target is drawn red.
        const QRect target = f.editor->cellRect(0, 1);
        QVERIFY2(reddish(f.pixel(QPoint(target.left() + 1, target.center().y() + 30))),
                 qPrintable(f.pixel(QPoint(target.left() + 1, target.center().y() + 30)).name()));
        screenshot(f.view, QStringLiteral("edit-mode-refused"));
        QTest::mouseRelease(f.editor, Qt::LeftButton, {}, f.cellCentre(0, 1));
        QCOMPARE(f.view.configs(), layout);
        QCOMPARE(edited.count(), 0);
        QCOMPARE(f.view.undoStack()->count(), 0);
        // The same onto C, which does have A's size but is below B: a free cell next to it.
        f.drag(f.cellCentre(0, 0), f.cellCentre(2, 0));
        QCOMPARE(places(f.view.configs()).first(), QStringLiteral("A 2,0 1x1"));
    }

    void dragRightEdgeResizes()
    {
        // A at (0,0) with (0,1) free; B and C below.
        const QList<PanelConfig> layout{panel(QStringLiteral("A"), 0, 0),
                                        panel(QStringLiteral("B"), 1, 0),
                                        panel(QStringLiteral("C"), 1, 1)};
        Fixture f(layout);
        QSignalSpy edited(&f.view, &DashboardView::layoutEdited);
        const QRect a = f.panelRect(0);
        f.drag(QPoint(a.right() - 2, a.center().y()), f.cellCentre(0, 1));
        QCOMPARE(places(f.view.configs()).first(), QStringLiteral("A 0,0 1x2"));
        QCOMPARE(edited.count(), 1);
        // B's right edge onto C: refused, B keeps one column.
        const QRect b = f.panelRect(1);
        f.drag(QPoint(b.right() - 2, b.center().y()), f.cellCentre(1, 1));
        QCOMPARE(places(f.view.configs())[1], QStringLiteral("B 1,0 1x1"));
        QCOMPARE(edited.count(), 1);
        // A's bottom edge into the spare row: refused where B is, taken with columns free.
        const QRect a2 = f.panelRect(0);
        f.drag(QPoint(a2.center().x(), a2.bottom() - 2), f.cellCentre(1, 0));
        QCOMPARE(places(f.view.configs()).first(), QStringLiteral("A 0,0 1x2"));
        // Into the spare column, then smaller again, never below one cell.
        const QRect a3 = f.panelRect(0);
        f.drag(QPoint(a3.right() - 2, a3.center().y()), f.cellCentre(0, 2));
        QCOMPARE(places(f.view.configs()).first(), QStringLiteral("A 0,0 1x3"));
        const QRect a4 = f.panelRect(0);
        f.drag(QPoint(a4.right() - 2, a4.center().y()), QPoint(2, a4.center().y()));
        QCOMPARE(places(f.view.configs()).first(), QStringLiteral("A 0,0 1x1"));
        QCOMPARE(edited.count(), 3);
    }

    void undoAndRedoWithKeys()
    {
        Fixture f(threeInFour());
        const QList<PanelConfig> before = f.view.configs();
        f.drag(f.cellCentre(0, 0), f.cellCentre(1, 1));
        const QList<PanelConfig> after = f.view.configs();
        QVERIFY(after != before);
        QSignalSpy edited(&f.view, &DashboardView::layoutEdited);
        QTest::keyClick(f.editor, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f.view.configs(), before);
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.last().first().value<QList<PanelConfig>>(), before);
        QTest::keyClick(f.editor, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(f.view.configs(), after);
        QCOMPARE(edited.count(), 2);
        QCOMPARE(edited.last().first().value<QList<PanelConfig>>(), after);
        QTest::keyClick(f.editor, Qt::Key_Z, Qt::ControlModifier);
        QTest::keyClick(f.editor, Qt::Key_Y, Qt::ControlModifier);
        QCOMPARE(f.view.configs(), after);
        QCOMPARE(edited.count(), 4);
        QCOMPARE(f.view.undoStack()->undoText(), QStringLiteral("Move panel"));
    }

    void undoKeepsWhatTheWindowSetInBetween()
    {
        // The window shows the panels with units its mappings give: an undo keeps them, and
        // such an echo of an edit does not clear the stack; other panels do.
        Fixture f(threeInFour());
        f.drag(f.cellCentre(0, 0), f.cellCentre(1, 1));
        QList<PanelConfig> echoed = f.view.configs();
        echoed[1].unit = QStringLiteral("ms");
        f.view.setPanels(echoed);
        QCOMPARE(f.view.undoStack()->count(), 1);
        f.view.undoStack()->undo();
        QCOMPARE(places(f.view.configs()).first(), QStringLiteral("A 0,0 1x1"));
        QCOMPARE(f.view.configs()[1].unit, QStringLiteral("ms"));
        f.view.setPanels({panel(QStringLiteral("Other"), 0, 0)});
        QCOMPARE(f.view.undoStack()->count(), 0);
    }

    void feedDockDragsTheFeedsChannels()
    {
        FeedStatusBoard board;
        auto stats =
            board.add(QStringLiteral("sys"), QStringLiteral("System"), QStringLiteral("http"));
        FeedStatusView dock(&board);
        auto *table = dock.findChild<QTableView *>(QStringLiteral("feedStatusTable"));
        QVERIFY(table->dragEnabled());
        const QModelIndex row = dock.model()->index(0, FeedStatusModel::State);
        QVERIFY(dock.model()->flags(row) & Qt::ItemIsDragEnabled);
        std::unique_ptr<QMimeData> mime(dock.model()->mimeData({row}));
        QVERIFY(mime);
        QCOMPARE(channelsFromMimeData(mime.get()), QStringList({"sys/*"}));
        QCOMPARE(mime->text(), QStringLiteral("sys/*"));

        // Dropped onto panel A: A shows the feed's channels too; once.
        Fixture f(threeInFour());
        QSignalSpy edited(&f.view, &DashboardView::layoutEdited);
        QVERIFY(f.drop(mime.get(), f.cellCentre(0, 0)));
        QCOMPARE(f.view.configs()[0].channels, QStringList({"sys/a", "sys/*"}));
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.last().first().value<QList<PanelConfig>>()[0].channels,
                 QStringList({"sys/a", "sys/*"}));
        QVERIFY(!f.drop(mime.get(), f.cellCentre(0, 0)));
        QCOMPARE(f.view.configs()[0].channels, QStringList({"sys/a", "sys/*"}));
        QCOMPARE(edited.count(), 1);
        // Undo takes it away again.
        f.view.undoStack()->undo();
        QCOMPARE(f.view.configs()[0].channels, QStringList({"sys/a"}));
    }

    void channelDroppedOnEmptyCellMakesChart()
    {
        Fixture f(threeInFour());
        QSignalSpy edited(&f.view, &DashboardView::layoutEdited);
        std::unique_ptr<QMimeData> mime(channelMimeData({QStringLiteral("sys/cpu/total")}));
        QVERIFY(f.drop(mime.get(), f.cellCentre(1, 1)));
        QCOMPARE(f.view.configs().size(), 4);
        const PanelConfig chart = f.view.configs().last();
        QCOMPARE(chart.kind, PanelKind::Chart);
        QCOMPARE(chart.title, QStringLiteral("cpu/total"));
        QCOMPARE(chart.channels, QStringList({"sys/cpu/total"}));
        QCOMPARE(panelCells(chart), QRect(1, 1, 1, 1));
        QCOMPARE(edited.count(), 1);
        QCOMPARE(edited.last().first().value<QList<PanelConfig>>().size(), 4);
        QCOMPARE(f.view.panels().size(), 4);
        // Into the spare column as well.
        QVERIFY(f.drop(mime.get(), f.cellCentre(0, 2)));
        QCOMPARE(panelCells(f.view.configs().last()), QRect(2, 0, 1, 1));
        // Outside edit mode nothing takes drops.
        f.view.setEditing(false);
        QVERIFY(!f.editor->acceptDrops() && !f.view.acceptDrops());
        // A plain-text drag from elsewhere is not a channel.
        f.view.setEditing(true);
        QMimeData text;
        text.setText(QStringLiteral("sys/cpu/total"));
        QVERIFY(!f.drop(&text, f.cellCentre(2, 2)));
        QCOMPARE(f.view.configs().size(), 5);
    }

    void editsGoBackIntoTheDocumentWithoutMappedUnits()
    {
        // The view shows A with the unit its feed's mapping gives; the file has none.
        QList<PanelConfig> document = threeInFour();
        document[1].unit = QStringLiteral("°C"); // B's own
        QList<PanelConfig> shown = document;
        shown[0].unit = QStringLiteral("ms");
        Fixture f(shown);
        QSignalSpy edited(&f.view, &DashboardView::layoutEdited);
        f.drag(f.cellCentre(0, 0), f.cellCentre(1, 1));
        std::unique_ptr<QMimeData> mime(channelMimeData({QStringLiteral("net/rx")}));
        QVERIFY(f.drop(mime.get(), f.cellCentre(0, 0))); // the free cell A left
        QCOMPARE(edited.count(), 2);
        const QList<PanelConfig> saved =
            applyLayoutEdits(document, edited.last().first().value<QList<PanelConfig>>());
        QCOMPARE(places(saved), QStringList({"A 1,1 1x1", "B 0,1 1x1", "C 1,0 1x1", "rx 0,0 1x1"}));
        QCOMPARE(saved[0].unit, QString());
        QCOMPARE(saved[1].unit, QStringLiteral("°C"));
        QCOMPARE(saved[3].channels, QStringList({"net/rx"}));
        // The chart's drop undone: the document loses it again.
        f.view.undoStack()->undo();
        QCOMPARE(applyLayoutEdits(saved, edited.last().first().value<QList<PanelConfig>>()).size(),
                 3);
    }

    void titlesForDroppedChannels()
    {
        QCOMPARE(titleForChannel(QStringLiteral("sys/cpu/total")), QStringLiteral("cpu/total"));
        QCOMPARE(titleForChannel(QStringLiteral("sys/*")), QStringLiteral("sys"));
        QCOMPARE(titleForChannel(QStringLiteral("sys/net/**")), QStringLiteral("net"));
        QCOMPARE(titleForChannel(QStringLiteral("solo")), QStringLiteral("solo"));
    }

    void overlapsFromFileAreSaid()
    {
        ChannelStore store;
        DashboardView view(&store);
        view.resize(800, 500);
        view.setPanels({panel(QStringLiteral("Load"), 0, 0),
                        panel(QStringLiteral("Temp"), 1, 1, 2, 1),
                        panel(QStringLiteral("Fans"), 2, 0, 1, 2)});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *warning = view.findChild<QLabel *>(QStringLiteral("overlapWarning"));
        QVERIFY(warning && warning->isVisible());
        QCOMPARE(warning->text(), QStringLiteral("Panels \"Temp\" and \"Fans\" overlap at row 2, "
                                                 "column 1; use Edit layout to move one."));
        // Moved apart: the warning goes.
        view.setPanels({panel(QStringLiteral("Load"), 0, 0),
                        panel(QStringLiteral("Temp"), 1, 1, 1, 1),
                        panel(QStringLiteral("Fans"), 2, 0, 1, 2)});
        QVERIFY(!warning->isVisible());
        QCOMPARE(findOverlaps(view.configs()), QList<PanelOverlap>());
        QCOMPARE(findOverlaps(
                     {panel(QStringLiteral("x"), 0, 0, 2, 2), panel(QStringLiteral("y"), 1, 1)}),
                 QList<PanelOverlap>({{0, 1, 1, 1}}));
    }

    void panelsKeepRefreshingWhileEditing()
    {
        Fixture f(threeInFour());
        ChannelPtr a = f.store.channel(QStringLiteral("sys/a"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        a->appendNumber(now, 42.5);
        f.view.tick();
        QVERIFY(f.view.isEditing());
        auto *tile = qobject_cast<TilePanel *>(f.view.panels().first());
        QVERIFY(tile);
        QVERIFY2(tile->valueText().contains(QStringLiteral("42.5")), qPrintable(tile->valueText()));
    }

    void editModeScreenshot()
    {
        // For reviews by eye (LIVEDASH_SCREENSHOT_DIR): a chart, tiles, a drag in progress.
        ChannelStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const char *name : {"sys/cpu", "sys/mem", "sys/load"}) {
            ChannelPtr c = store.channel(QString::fromLatin1(name));
            for (int i = 0; i < 120; ++i)
                c->appendNumber(now - (120 - i) * 500, 40 + 20 * std::sin(i / 9.0 + name[5]));
        }
        DashboardView view(&store);
        view.resize(1200, 720);
        PanelConfig chart = panel(QStringLiteral("CPU"), 0, 0, 1, 2, PanelKind::Chart);
        chart.channels = {QStringLiteral("sys/cpu")};
        PanelConfig mem = panel(QStringLiteral("Memory"), 1, 0);
        mem.channels = {QStringLiteral("sys/mem")};
        PanelConfig load = panel(QStringLiteral("Load"), 1, 1);
        load.channels = {QStringLiteral("sys/load")};
        view.setPanels({chart, mem, load});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.tick();
        view.setEditing(true);
        auto *editor = view.findChild<LayoutEditor *>();
        // Memory dragged half-way towards the free spare column.
        const QPoint from = editor->cellRect(1, 0).center();
        const QPoint to = editor->cellRect(1, 2).center();
        QTest::mousePress(editor, Qt::LeftButton, {}, from);
        QTest::mouseMove(editor, from + QPoint(20, 0));
        QTest::mouseMove(editor, to);
        QTest::qWait(50);
        screenshot(view, QStringLiteral("edit-mode"));
        QTest::mouseRelease(editor, Qt::LeftButton, {}, to);
        QCOMPARE(places(view.configs())[1], QStringLiteral("Memory 1,2 1x1"));
        // A channel from the Feeds dock held over the free cell Memory left.
        std::unique_ptr<QMimeData> mime(channelMimeData({QStringLiteral("sys/disk/used")}));
        const QPoint over = editor->cellRect(1, 0).center();
        QDragEnterEvent enter(over, Qt::CopyAction, mime.get(), Qt::LeftButton, {});
        QApplication::sendEvent(editor, &enter);
        QDragMoveEvent move(over, Qt::CopyAction, mime.get(), Qt::LeftButton, {});
        QApplication::sendEvent(editor, &move);
        QVERIFY(move.isAccepted());
        screenshot(view, QStringLiteral("edit-mode-drop"));
        QDragLeaveEvent leave;
        QApplication::sendEvent(editor, &leave);
        QCOMPARE(view.configs().size(), 3);
    }
};

QTEST_MAIN(TestLayoutEdit)
#include "tst_layoutedit.moc"
