#include "window/mainwindow.h"
#include "alarms/alarmengine.h"
#include "alarms/alarmwebhook.h"
#include "document/dashboardaccess.h"
#include "history/historian.h"
#include "history/historystore.h"
#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "panels/chartpanel.h"
#include "panels/dashboardview.h"
#include "panels/layouteditor.h"
#include "secrets/secrets.h"
#include "secrets/secretstore.h"
#include "settings/settingsdialog.h"
#include "widgets/palette.h"
#include "widgets/wallscreenlook.h"
#include "window/alarmnotifier.h"
#include "window/alarmsview.h"
#include "window/exportdialog.h"
#include "window/feedstatusview.h"
#include "window/historyplayback.h"
#include "window/timebar.h"
#include "window/translations.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QShortcut>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace livedash {

/// One open dashboard: its document, trust, alarms and history. Every tab's feeds, alarms and
/// history run whichever tab is shown.
struct MainWindow::Tab
{
    QString key; ///< names the tab in notifications, unique for the process's life
    Dashboard dashboard;
    QString path;
    QByteArray fileHash; ///< the file's bytes as shown (loaded or saved), for trustAndStart()
    bool trusted = true;
    std::unique_ptr<AlarmEngine> alarms;
    AlarmLog alarmLog;
    /// Where alarmLog keeps events (empty: nowhere); unset before the first dashboard.
    std::optional<QString> alarmLogWhere;
    bool alarmsRestored = false;
    std::unique_ptr<AlarmWebhook> webhook; ///< the dashboard's alertWebhook, while trusted
    history::Historian *historian = nullptr;
    std::unique_ptr<history::Historian> ownHistorian; ///< tabs beyond the application's one
    /// The panels' read connection to the history file (charts zoomed or panned past memory).
    std::unique_ptr<history::HistoryStore> historyReader;
    QStringList conflicts; ///< feed ids this tab defines that another tab runs differently

    QString displayName() const
    {
        if (!dashboard.name.isEmpty())
            return dashboard.name;
        return path.isEmpty() ? MainWindow::tr("Dashboard") : QFileInfo(path).completeBaseName();
    }
};

MainWindow::MainWindow(const PluginRegistry *registry, IngestEngine *engine, QWidget *parent)
    : QMainWindow(parent), m_registry(registry), m_engine(engine),
      m_view(new DashboardView(&engine->store(), this)),
      m_status(new FeedStatusView(&engine->board(), this)), m_summary(new QLabel(this)),
      m_fileLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    // The panels shrink to their minimum sizes, and past that scroll, so that the feeds dock
    // and the status bar stay on a small (720p) screen.
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_pausedBanner = new QLabel(
        tr("PAUSED: the panels are frozen; the feeds keep recording. Press Space to resume."),
        central);
    m_pausedBanner->setObjectName(QStringLiteral("pausedBanner"));
    m_pausedBanner->setAlignment(Qt::AlignCenter);
    m_pausedBanner->hide();
    // Writing history paused or failing, or a damaged history file: said until it is resolved.
    m_historyBanner = new QLabel(central);
    m_historyBanner->setObjectName(QStringLiteral("historyBanner"));
    m_historyBanner->setWordWrap(true);
    m_historyBanner->hide();
    // Same strip as the pause banner, but dark with an amber edge: it stays up until the
    // operator decides, so it must not shout over the panels on a wall screen.
    m_trustBanner = new QFrame(central);
    m_trustBanner->setObjectName(QStringLiteral("trustBanner"));
    auto *trustLayout = new QHBoxLayout(m_trustBanner);
    trustLayout->setContentsMargins(10, 6, 10, 6);
    m_trustDetails = new QLabel(m_trustBanner);
    m_trustDetails->setObjectName(QStringLiteral("trustDetails"));
    m_trustDetails->setWordWrap(true);
    m_trustDetails->setTextFormat(Qt::RichText);
    m_trustDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_trustButton = new QPushButton(tr("Trust and start"), m_trustBanner);
    m_trustButton->setObjectName(QStringLiteral("trustAndStart"));
    m_trustButton->setCursor(Qt::PointingHandCursor);
    connect(m_trustButton, &QPushButton::clicked, this, &MainWindow::trustAndStart);
    trustLayout->addWidget(m_trustDetails, 1);
    trustLayout->addWidget(m_trustButton, 0, Qt::AlignVCenter);
    m_trustBanner->hide();
    styleBanners();
    auto *scroll = new QScrollArea(central);
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_view);
    m_tabBar = new QTabBar(central);
    m_tabBar->setObjectName(QStringLiteral("dashboardTabs"));
    m_tabBar->setDocumentMode(true);
    m_tabBar->setExpanding(false);
    m_tabBar->setMovable(false);
    m_tabBar->hide(); // shown with a second dashboard
    connect(m_tabBar, &QTabBar::currentChanged, this, &MainWindow::showDashboard);
    connect(m_tabBar, &QTabBar::tabCloseRequested, this, &MainWindow::closeDashboard);
    centralLayout->addWidget(m_tabBar);
    centralLayout->addWidget(m_trustBanner);
    centralLayout->addWidget(m_pausedBanner);
    centralLayout->addWidget(m_historyBanner);
    centralLayout->addWidget(scroll, 1);
    setCentralWidget(central);
    auto *dock = new QDockWidget(tr("Feeds"), this);
    dock->setObjectName(QStringLiteral("feedStatusDock"));
    dock->setWidget(m_status);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {170}, Qt::Vertical);

    // Alarms: each tab's are evaluated while its dashboard runs, shown or not, paused or not.
    m_tabs.push_back(makeTab());
    m_tab = m_tabs.front().get();
    m_alarmsView = new AlarmsView(tab().alarms.get(), this);
    m_alarmsDock = new QDockWidget(tr("Alarms"), this);
    m_alarmsDock->setObjectName(QStringLiteral("alarmsDock"));
    m_alarmsDock->setWidget(m_alarmsView);
    m_alarmsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                              QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, m_alarmsDock);
    splitDockWidget(dock, m_alarmsDock, Qt::Horizontal);
    m_alarmsDock->hide(); // shown once the dashboard has alert rules
    m_notifier = new AlarmNotifier(this);
    m_view->setAlarms(tab().alarms.get());
    connect(m_notifier, &AlarmNotifier::activated, this,
            [this](const QString &dashboard, const QString &rule, const QString &channel) {
                Tab *target = m_tab;
                for (const auto &t : m_tabs)
                    if (t->key == dashboard)
                        target = t.get();
                showAlarm(target, rule, channel);
            });

    m_timeBar = new TimeBar(m_view, this);
    addToolBar(Qt::TopToolBarArea, m_timeBar);
    m_timeBar->setHistory(QString(), {}, 0);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open dashboard…"), QKeySequence::Open, this,
                    &MainWindow::openDashboardFile);
    file->addAction(tr("&Close dashboard"), QKeySequence(Qt::CTRL | Qt::Key_W), this,
                    [this] { closeDashboard(currentDashboard()); });
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] {
        QString why;
        if (!moveSecretsToKeychain(tab().dashboard, &why))
            QMessageBox::warning(this, tr("Secret not saved"), why);
        save(tab().path.isEmpty() ? newDashboardPath() : tab().path);
    });
    file->addAction(tr("Save &as…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    m_exportData = file->addAction(tr("&Export data (CSV)…"), this, &MainWindow::exportData);
    file->addAction(tr("Export &image of the dashboard…"), this,
                    [this] { saveImage(m_view, tr("dashboard")); });
    file->addAction(tr("&Copy image of the dashboard"), QKeySequence(tr("Ctrl+Shift+C")), this,
                    [this] { copyWidgetImage(m_view); });
    // A panel's own image: right-click it.
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QWidget *w = m_view->childAt(pos);
        while (w && !qobject_cast<Panel *>(w))
            w = w->parentWidget();
        QMenu menu(this);
        if (auto *panel = qobject_cast<Panel *>(w)) {
            const QString title = panel->config().title;
            menu.addAction(tr("Save image of \"%1\"…").arg(title), this,
                           [this, panel, title] { saveImage(panel, title); });
            menu.addAction(tr("Copy image of \"%1\"").arg(title), this,
                           [panel] { copyWidgetImage(panel); });
            panel->addContextActions(&menu);
            menu.addSeparator();
        }
        menu.addAction(tr("Save image of the dashboard…"), this,
                       [this] { saveImage(m_view, tr("dashboard")); });
        menu.addAction(tr("Copy image of the dashboard"), this,
                       [this] { copyWidgetImage(m_view); });
        menu.exec(m_view->mapToGlobal(pos));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    // Layout editing: drag panels and their edges, drop feeds from the Feeds dock; each edit is
    // saved to the file (DashboardView's overlay, Esc or Done ends it).
    m_editLayout = view->addAction(tr("&Edit layout"));
    m_editLayout->setObjectName(QStringLiteral("editLayout"));
    m_editLayout->setCheckable(true);
    m_editLayout->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_editLayout, &QAction::toggled, m_view, &DashboardView::setEditing);
    connect(m_view, &DashboardView::editingChanged, m_editLayout, &QAction::setChecked);
    connect(m_view, &DashboardView::layoutEdited, this, [this](const QList<PanelConfig> &panels) {
        // The view shows panels with the units their mappings give: only what the edit changed
        // goes into the document.
        Dashboard edited = tab().dashboard;
        edited.panels = applyLayoutEdits(tab().dashboard.panels, panels);
        applyDashboard(edited);
    });
    view->addSeparator();
    m_pause = view->addAction(tr("&Pause panels"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(Qt::Key_Space);
    m_pause->setToolTip(tr("Freeze the panels; feeds keep recording"));
    connect(m_pause, &QAction::toggled, this, [this](bool on) {
        m_view->setPaused(on);
        m_pausedBanner->setVisible(on);
        updateStatusBar();
    });
    // Ctrl+Tab / Ctrl+Shift+Tab and Ctrl+1..9 go through the open dashboards.
    view->addAction(tr("&Next dashboard"), QKeySequence(Qt::CTRL | Qt::Key_Tab), this,
                    [this] { showDashboard((currentDashboard() + 1) % dashboardCount()); });
    view->addAction(
        tr("P&revious dashboard"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), this,
        [this] { showDashboard((currentDashboard() + dashboardCount() - 1) % dashboardCount()); });
    for (int i = 0; i < 9; ++i) {
        auto *go = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), this);
        connect(go, &QShortcut::activated, this, [this, i] { showDashboard(i); });
    }
    view->addSeparator();
    QMenu *theme = view->addMenu(tr("&Theme"));
    auto *themes = new QActionGroup(this);
    const QList<std::pair<QString, Look::Theme>> themeChoices
    {
        {tr("&Dark"), Look::Theme::Dark}, {tr("&Light"), Look::Theme::Light},
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
            {tr("&System"), Look::Theme::System},
#endif
    };
    for (const auto &[label, value] : themeChoices) {
        QAction *a = theme->addAction(label);
        a->setCheckable(true);
        a->setData(int(value));
        themes->addAction(a);
        m_themeActions.append(a);
        connect(a, &QAction::triggered, this, [this, value = value] {
            Look look = savedLook();
            look.theme = value;
            setLook(look);
        });
    }
    QMenu *textSize = view->addMenu(tr("Te&xt size"));
    m_textSizeLabel = textSize->addAction(QString());
    m_textSizeLabel->setEnabled(false);
    const auto stepText = [this](int direction) {
        Look look = savedLook();
        look.textScale = direction == 0 ? 1.0 : Look::nextTextScale(look.textScale, direction);
        setLook(look);
    };
    textSize->addAction(tr("&Larger"), QKeySequence::ZoomIn, this, [stepText] { stepText(1); })
        ->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    textSize->addAction(tr("&Smaller"), QKeySequence::ZoomOut, this, [stepText] { stepText(-1); });
    textSize->addAction(tr("&Normal"), QKeySequence(Qt::CTRL | Qt::Key_0), this,
                        [stepText] { stepText(0); });
    updateLookActions();
    view->addSeparator();
    view->addAction(dock->toggleViewAction());
    view->addAction(m_alarmsDock->toggleViewAction());
    QAction *full = view->addAction(tr("&Full screen"));
    // F11 everywhere, as well as the platform's own (Ctrl+Meta+F on macOS); Escape leaves.
    QList<QKeySequence> fullKeys{QKeySequence(Qt::Key_F11)};
    for (const QKeySequence &k : QKeySequence::keyBindings(QKeySequence::FullScreen))
        if (!fullKeys.contains(k))
            fullKeys.append(k);
    full->setShortcuts(fullKeys);
    full->setCheckable(true);
    connect(full, &QAction::toggled, this,
            [this](bool on) { on ? showFullScreen() : showNormal(); });
    auto *leaveFull = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(leaveFull, &QShortcut::activated, full, [this, full] {
        if (isKiosk())
            askToLeaveKiosk();
        else if (m_view->isEditing())
            m_view->setEditing(false);
        else
            full->setChecked(false);
    });

    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QAction *open = settings->addAction(tr("&Feeds and panels…"), this, [this] { openSettings(); });
    // Ctrl+, first, so that the menu shows it (Linux has no standard Preferences key).
    QList<QKeySequence> settingsKeys{QKeySequence(Qt::CTRL | Qt::Key_Comma)};
    for (const QKeySequence &k : QKeySequence::keyBindings(QKeySequence::Preferences))
        if (!settingsKeys.contains(k))
            settingsKeys.append(k);
    open->setShortcuts(settingsKeys);
    settings->addAction(tr("&Alerts…"), this, [this] {
        SettingsDialog *dialog = openSettings();
        dialog->selectAlert(0);
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Plugins…"), this, &MainWindow::showPlugins);
    help->addAction(tr("&About Livedash"), this, [this] {
        QMessageBox::about(this, tr("About Livedash"),
                           tr("<b>Livedash %1</b><p>Live data dashboards: WebSocket, HTTP, "
                              "Server-Sent Events, MQTT, NATS, Prometheus, SQL, this computer, "
                              "serial ports, UDP and TCP feeds in charts, tiles, scoreboards and "
                              "logs.")
                               .arg(QStringLiteral(LIVEDASH_VERSION)));
    });

    m_summary->setObjectName(QStringLiteral("statusSummary"));
    statusBar()->addWidget(m_summary, 1);
    m_historyLabel = new QLabel(this);
    m_historyLabel->setObjectName(QStringLiteral("historyLabel"));
    m_historyLabel->hide();
    m_alarmButton = new QPushButton(this);
    m_alarmButton->setObjectName(QStringLiteral("alarmButton"));
    m_alarmButton->setFlat(true);
    m_alarmButton->setCursor(Qt::PointingHandCursor);
    m_alarmButton->setToolTip(tr("Show the Alarms dock"));
    m_alarmButton->hide();
    connect(m_alarmButton, &QPushButton::clicked, this, &MainWindow::showAlarmsDock);
    // Kiosk mode: why the rotation stands still.
    m_kioskLabel = new QLabel(this);
    m_kioskLabel->setObjectName(QStringLiteral("kioskStatus"));
    m_kioskLabel->setStyleSheet(QStringLiteral("QLabel#kioskStatus { color: %1; font-weight: bold; "
                                               "padding: 0 8px; }")
                                    .arg(palette::css(palette::warning())));
    m_kioskLabel->hide();
    statusBar()->addPermanentWidget(m_kioskLabel);
    statusBar()->addPermanentWidget(m_alarmButton);
    statusBar()->addPermanentWidget(m_historyLabel);
    statusBar()->addPermanentWidget(m_fileLabel);
    connect(m_status, &FeedStatusView::refreshed, this, &MainWindow::updateStatusBar);
    resize(1400, 900);
}

void MainWindow::styleBanners()
{
    m_pausedBanner->setStyleSheet(
        QStringLiteral("QLabel#pausedBanner { background: %1; color: %2; font-weight: bold; "
                       "padding: 6px; }")
            .arg(palette::css(palette::warning()), palette::css(palette::window())));
    m_historyBanner->setStyleSheet(
        QStringLiteral("QLabel#historyBanner { background: %1; color: %2; padding: 6px; }")
            .arg(palette::css(palette::warning()), palette::css(palette::window())));
    m_trustBanner->setStyleSheet(
        QStringLiteral("QFrame#trustBanner { background: %1; border-bottom: 2px solid %2; }"
                       "QFrame#trustBanner QLabel { color: %3; background: transparent; }"
                       "QPushButton#trustAndStart { background: %2; color: %4; font-weight: bold; "
                       "padding: 6px 14px; border: none; border-radius: 3px; }"
                       "QPushButton#trustAndStart:hover { background: %5; }")
            .arg(palette::css(palette::warningSurface()), palette::css(palette::warning()),
                 palette::css(palette::text()), palette::css(palette::window()),
                 palette::css(palette::warningHover())));
}

void MainWindow::setLook(const Look &look)
{
    if (look == savedLook())
        return;
    saveLook(look);
    applyWallScreenLook(*qApp);
    styleBanners();
    updateAlarmStatus();
    if (m_kioskLabel)
        m_kioskLabel->setStyleSheet(
            QStringLiteral("QLabel#kioskStatus { color: %1; font-weight: bold; padding: 0 8px; }")
                .arg(palette::css(palette::warning())));
    // Panels take their colours and fonts when they are made: make them again.
    const QList<PanelConfig> configs = tab().dashboard.panelsWithMappedUnits();
    m_view->setPanels({});
    m_view->setPanels(configs);
    updateLookActions();
}

void MainWindow::updateLookActions()
{
    const Look look = savedLook();
    for (QAction *a : std::as_const(m_themeActions))
        a->setChecked(a->data().toInt() == int(look.theme));
    m_textSizeLabel->setText(tr("Text size: %1 %").arg(qRound(look.textScale * 100)));
}

MainWindow::~MainWindow()
{
    m_view->setHistory(nullptr);
    m_view->setAlarms(nullptr);
}

void MainWindow::restoreWindowLayout()
{
    const QSettings settings;
    // restoreGeometry() moves a window saved on a screen that is gone onto one that is there.
    if (restoreGeometry(settings.value(QStringLiteral("windowGeometry")).toByteArray())) {
        restoreState(settings.value(QStringLiteral("windowState")).toByteArray());
        // Saved on a larger screen (a wall PC's 4K, now a 1280x720 one): fit it to this one,
        // now and once shown (when the window manager's frame is known).
        fitToScreen();
        m_fitWhenShown = true;
        return;
    }
    const QScreen *s = screen();
    if (!s)
        return;
    const QRect available = s->availableGeometry();
    // 85 % of the screen, but no smaller than the 1400 x 900 the default dashboard is laid out
    // for, nor larger than the screen.
    const QSize size = (QSizeF(available.size()) * 0.85)
                           .toSize()
                           .expandedTo(QSize(1400, 900))
                           .boundedTo(available.size());
    setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, available));
    // The new height is shared out again: keep the feeds dock tall enough for its rows.
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("feedStatusDock")))
        resizeDocks({dock}, {170}, Qt::Vertical);
}

void MainWindow::fitToScreen()
{
    const QScreen *s = screen();
    if (!s || isMaximized() || isFullScreen())
        return;
    const QRect available = s->availableGeometry();
    if (available.contains(frameGeometry()))
        return;
    const QSize frame = frameGeometry().size() - geometry().size();
    const QSize fitted = size().boundedTo(available.size() - frame);
    resize(fitted);
    QRect placed(frameGeometry().topLeft(), fitted + frame);
    placed.moveRight(std::min(placed.right(), available.right()));
    placed.moveBottom(std::min(placed.bottom(), available.bottom()));
    placed.moveLeft(std::max(placed.left(), available.left()));
    placed.moveTop(std::max(placed.top(), available.top()));
    move(placed.topLeft());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (std::exchange(m_fitWhenShown, false))
        QTimer::singleShot(0, this, &MainWindow::fitToScreen);
}

QString MainWindow::newDashboardPath()
{
    // A dashboard that has no file yet (the demo, or the demo opened because the last dashboard
    // could not be loaded) never writes over a file that is there: the operator's own
    // dashboard, or the broken one they mean to fix.
    // *.livedash.json is the dashboard MIME type's glob: file managers open it with Livedash,
    // while editors still see JSON. Any other .json opens too.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QString path = dir + QStringLiteral("/dashboard.livedash.json");
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = dir + QStringLiteral("/dashboard-%1.livedash.json").arg(n);
    return path;
}

void MainWindow::setDashboardPreparer(std::function<void(const Dashboard &)> prepare)
{
    m_prepare = std::move(prepare);
}

void MainWindow::setDashboard(const Dashboard &dashboard, const QString &path)
{
    Tab &t = tab();
    t.dashboard = dashboard;
    t.path = path;
    t.fileHash.clear();
    if (QFile file(path); !path.isEmpty() && file.open(QIODevice::ReadOnly))
        t.fileHash = TrustStore::contentHash(file.readAll());
    // Decided on the file as it is now, and only if it still holds `dashboard`.
    t.trusted = m_trust.isTrusted(path, dashboard);
    if (!path.isEmpty()) // opened from a file: a plain `livedash` opens it next time
        QSettings().setValue(QStringLiteral("lastDashboard"), path);
    runFeeds();
    showCurrentTab();
    if (m_settings)
        m_settings->discard(); // it edited the dashboard that was shown before
}

void MainWindow::openDashboard(const Dashboard &dashboard, const QString &path)
{
    const QString canonical = TrustStore::canonicalPath(path);
    for (qsizetype i = 0; !path.isEmpty() && i < qsizetype(m_tabs.size()); ++i) {
        if (TrustStore::canonicalPath(m_tabs[size_t(i)]->path) == canonical) {
            showDashboard(int(i)); // open already: it runs as it is
            return;
        }
    }
    if (m_settings)
        m_settings->discard();
    std::unique_ptr<Tab> made = makeTab();
    if (m_historian && std::none_of(m_tabs.begin(), m_tabs.end(),
                                    [this](const auto &t) { return t->historian == m_historian; }))
        made->historian = m_historian;
    else if (m_historian) {
        made->ownHistorian = std::make_unique<history::Historian>(&m_engine->store());
        made->historian = made->ownHistorian.get();
        connect(made->historian, &history::Historian::statusChanged, this,
                &MainWindow::updateHistoryBanner);
    }
    m_tabs.push_back(std::move(made));
    m_tab = m_tabs.back().get();
    setDashboard(dashboard, path);
    updateTabs();
}

void MainWindow::closeDashboard(int index)
{
    if (index < 0 || index >= dashboardCount() || dashboardCount() == 1)
        return;
    Tab *closing = m_tabs[size_t(index)].get();
    if (closing == m_tab) {
        if (m_settings)
            m_settings->discard();
        showDashboard(index > 0 ? index - 1 : 1);
    }
    closing->alarms->stop();
    if (closing->historian)
        closing->historian->close(); // the application's one may serve a later tab
    auto owned = std::move(m_tabs[size_t(index)]);
    m_tabs.erase(m_tabs.begin() + index);
    m_tabBar->removeTab(index);
    applyFeeds(); // what only it used stops
    updateTabs();
    updateRotation();
}

int MainWindow::currentDashboard() const
{
    return indexOf(m_tab);
}

void MainWindow::showDashboard(int index)
{
    if (index < 0 || index >= dashboardCount() || m_tabs[size_t(index)].get() == m_tab)
        return;
    if (m_settings)
        m_settings->discard(); // it edited the dashboard shown before
    m_view->setEditing(false); // its undo steps were the other dashboard's
    m_tab = m_tabs[size_t(index)].get();
    // Every tab's feeds run already, each checked against its own dashboard's keychain
    // entries: only the Feeds dock's rows change.
    updateShownFeeds();
    showCurrentTab();
    updateTrustBanner();
    updateSettingsTrust();
    if (!tab().path.isEmpty())
        QSettings().setValue(QStringLiteral("lastDashboard"), tab().path);
    if (isKiosk() && !m_rotationHeld) {
        m_rotation->stop(); // the new tab's own time
        updateRotation();
    }
}

const Dashboard &MainWindow::dashboardAt(int index) const
{
    return m_tabs.at(size_t(index))->dashboard;
}

QString MainWindow::dashboardPathAt(int index) const
{
    return m_tabs.at(size_t(index))->path;
}

AlarmEngine *MainWindow::alarmsAt(int index) const
{
    return m_tabs.at(size_t(index))->alarms.get();
}

QStringList MainWindow::conflictingFeedsAt(int index) const
{
    return m_tabs.at(size_t(index))->conflicts;
}

const Dashboard &MainWindow::dashboard() const
{
    return tab().dashboard;
}

QString MainWindow::dashboardPath() const
{
    return tab().path;
}

bool MainWindow::isTrusted() const
{
    return tab().trusted;
}

history::Historian *MainWindow::historian() const
{
    return tab().historian;
}

AlarmEngine *MainWindow::alarms() const
{
    return tab().alarms.get();
}

int MainWindow::indexOf(const Tab *t) const
{
    for (size_t i = 0; i < m_tabs.size(); ++i)
        if (m_tabs[i].get() == t)
            return int(i);
    return -1;
}

std::unique_ptr<MainWindow::Tab> MainWindow::makeTab()
{
    static int keys = 0;
    auto t = std::make_unique<Tab>();
    t->key = QStringLiteral("dashboard-%1").arg(++keys);
    t->alarms = std::make_unique<AlarmEngine>(&m_engine->store(), &m_engine->board());
    Tab *raw = t.get();
    connect(t->alarms.get(), &AlarmEngine::alarmEvent, this,
            [this, raw](const AlarmEvent &event) { alarmEvent(raw, event); });
    connect(t->alarms.get(), &AlarmEngine::changed, this, [this] {
        updateAlarmStatus();
        updateTabs();
        updateRotation();
    });
    return t;
}

void MainWindow::showCurrentTab()
{
    Tab &t = tab();
    if (!m_timeBar->isLive())
        m_timeBar->showLive(); // a past range or a replay was of the other dashboard
    m_view->setAlarms(t.alarms.get());
    m_view->setHistory(t.historyReader.get());
    m_view->setPanels(t.dashboard.panelsWithMappedUnits());
    m_alarmsView->setEngine(t.alarms.get());
    m_alarmsView->setHistory(t.alarmLog.recent(AlarmsView::MaxHistoryRows));
    if (t.historyReader) {
        QSet<QString> kept;
        qint64 longestWindow = 0;
        for (const FeedConfig &feed : std::as_const(t.dashboard.feeds)) {
            if (feed.keepHistory)
                kept.insert(feed.id);
            longestWindow = std::max(longestWindow, t.dashboard.chartWindowOf(feed.id) * 1000LL);
        }
        m_timeBar->setHistory(t.historyReader->path(), kept, longestWindow);
    } else {
        m_timeBar->setHistory(QString(), {}, 0);
    }
    updateHistoryBanner();
    updateAlarmStatus();
    updateTitle();
    updateTabs();
    if (m_tabBar->currentIndex() != indexOf(m_tab))
        m_tabBar->setCurrentIndex(indexOf(m_tab));
}

void MainWindow::updateTabs()
{
    if (!m_tabBar)
        return;
    const QSignalBlocker block(m_tabBar);
    while (m_tabBar->count() < dashboardCount())
        m_tabBar->addTab(QString());
    for (int i = 0; i < dashboardCount(); ++i) {
        const Tab &t = *m_tabs[size_t(i)];
        QString text = t.displayName();
        QString tip = t.path.isEmpty() ? tr("built-in demo") : QDir::toNativeSeparators(t.path);
        QColor color = palette::text();
        if (const int unacknowledged = t.alarms->unacknowledged(); unacknowledged > 0) {
            text = QStringLiteral("⚠ %1 (%2)").arg(text).arg(unacknowledged);
            color = palette::severity(*t.alarms->worstUnacknowledged());
            tip += QLatin1Char('\n') + tr("%n alarm(s) not acknowledged", nullptr, unacknowledged);
        }
        if (!t.trusted)
            tip += QLatin1Char('\n') + tr("Feeds stopped: not trusted");
        if (!t.conflicts.isEmpty())
            tip += QLatin1Char('\n') +
                   tr("Not run here: another open dashboard runs a different feed with the id "
                      "%1")
                       .arg(t.conflicts.join(QStringLiteral(", ")));
        if (i < 9)
            tip += QLatin1Char('\n') + tr("Ctrl+%1").arg(i + 1);
        m_tabBar->setTabText(i, text);
        m_tabBar->setTabToolTip(i, tip);
        m_tabBar->setTabTextColor(i, color);
    }
    m_tabBar->setCurrentIndex(indexOf(m_tab));
    m_tabBar->setTabsClosable(dashboardCount() > 1 && !isKiosk());
    m_tabBar->setVisible(dashboardCount() > 1);
}

void MainWindow::applyFeeds()
{
    // Trusted tabs first, in tab order: the first to define a feed id runs it. An untrusted
    // tab's feeds show as stopped rows, with nothing of their options resolved.
    Dashboard all;
    all.historyLength = 0;
    QHash<QString, QString> owners;
    for (const auto &t : m_tabs)
        t->conflicts.clear();
    for (const bool trustedPass : {true, false}) {
        for (const auto &t : m_tabs) {
            if (t->trusted != trustedPass)
                continue;
            all.historyLength = std::max(all.historyLength, t->dashboard.historyLength);
            for (FeedConfig feed : std::as_const(t->dashboard.feeds)) {
                if (!t->trusted) {
                    feed.enabled = false;
                    feed.options.clear();
                }
                feed.keepHistory = true; // each tab's historian decides for its own file
                if (const FeedConfig *running = all.feed(feed.id)) {
                    // An untrusted tab's feeds wait for its trust, not for another tab.
                    if (t->trusted && !(*running == feed))
                        t->conflicts.append(feed.id);
                    continue;
                }
                all.feeds.append(feed);
                owners.insert(feed.id, TrustStore::canonicalPath(t->path));
            }
        }
    }
    // Each tab's history file keeps its own feeds' samples, those that keep history.
    QSet<QString> allIds;
    for (const FeedConfig &feed : std::as_const(all.feeds))
        allIds.insert(feed.id);
    for (const auto &t : m_tabs) {
        if (!t->historian || !t->historian->isOpen())
            continue;
        QSet<QString> excluded = allIds;
        for (const FeedConfig &feed : std::as_const(t->dashboard.feeds)) {
            if (feed.keepHistory && !t->conflicts.contains(feed.id))
                excluded.remove(feed.id);
        }
        t->historian->setExcludedFeeds(excluded);
    }
    m_engine->setKeychainOwner(m_trust, TrustStore::canonicalPath(tab().path));
    m_engine->setKeychainOwners(owners);
    m_engine->apply(all);
    updateShownFeeds();
    updateTabs();
}

void MainWindow::updateShownFeeds()
{
    if (dashboardCount() > 1) {
        QSet<QString> shown;
        for (const FeedConfig &feed : std::as_const(tab().dashboard.feeds))
            shown.insert(feed.id);
        m_status->model()->setShownFeeds(shown);
    } else {
        m_status->model()->setShownFeeds(std::nullopt);
    }
}

void MainWindow::setHistorian(history::Historian *historian, const QString &dataDir)
{
    m_historian = historian;
    m_historyDir = dataDir;
    if (!tab().historian)
        tab().historian = historian;
    connect(historian, &history::Historian::statusChanged, this, &MainWindow::updateHistoryBanner);
}

void MainWindow::openHistory(Tab &t)
{
    history::Historian *historian = t.historian;
    if (!historian)
        return;
    const QString path = history::HistoryStore::pathFor(m_historyDir, t.path);
    if (t.historyReader && (!t.dashboard.history.enabled || t.historyReader->path() != path)) {
        if (&t == m_tab)
            m_view->setHistory(nullptr);
        t.historyReader.reset();
    }
    if (!t.dashboard.history.enabled) {
        historian->close();
        return;
    }
    if (!historian->isOpen() || historian->path() != path) {
        QString error;
        if (!historian->open(path, &error)) {
            if (&t == m_tab) {
                m_historyBanner->setText(tr("History is not kept: %1").arg(error.toHtmlEscaped()));
                m_historyBanner->show();
            }
            return;
        }
    }
    constexpr qint64 Day = 24LL * 3600 * 1000;
    historian->setRetention({t.dashboard.history.maxAgeDays * Day,
                             qint64(t.dashboard.history.maxSizeMb) * 1024 * 1024});
    // Each feed's channels get the window of the longest chart showing them; tiles, logs and
    // scoreboards need only the latest values (ten minutes of them). Channels that hold
    // something already (a feed another tab runs) are left as they are.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const FeedConfig &feed : std::as_const(t.dashboard.feeds)) {
        if (!feed.enabled || !feed.keepHistory)
            continue;
        const qint64 window = std::max(t.dashboard.chartWindowOf(feed.id), 600) * 1000LL;
        historian->prefill({feed.id}, window, now);
    }
    if (!t.historyReader) {
        auto reader = std::make_unique<history::HistoryStore>();
        QString error;
        if (reader->open(path, history::HistoryStore::Mode::ReadOnly, &error))
            t.historyReader = std::move(reader);
    }
}

void MainWindow::saveImage(QWidget *widget, const QString &name)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    QString base = name;
    base.replace(QRegularExpression(QStringLiteral("[^\\w.-]+")), QStringLiteral("-"));
    const QString suggested =
        dir +
        QStringLiteral("/livedash-%1-%2.png")
            .arg(base, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString path = QFileDialog::getSaveFileName(this, tr("Export image"), suggested,
                                                      tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveWidgetImage(widget, path, &error))
        QMessageBox::warning(this, tr("Export image"), error);
    else
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
}

void MainWindow::exportData()
{
    if (!tab().historyReader) {
        QMessageBox::information(this, tr("Export data"),
                                 tr("This dashboard keeps no history to export."));
        return;
    }
    // What the charts show: the time bar's past range, or the live edge over the widest chart.
    qint64 to = QDateTime::currentMSecsSinceEpoch(), from = to - 600000;
    if (!m_timeBar->isLive()) {
        from = m_timeBar->playback()->rangeFrom();
        to = m_timeBar->playback()->rangeTo();
    } else {
        for (Panel *panel : m_view->panels()) {
            if (auto *chart = qobject_cast<ChartPanel *>(panel))
                from = std::min(from, to - chart->spanMs());
        }
    }
    QSet<QString> feeds;
    for (const FeedConfig &feed : std::as_const(tab().dashboard.feeds))
        feeds.insert(feed.id);
    ExportDialog dialog(tab().historyReader->path(), feeds, from, to, this);
    dialog.exec();
}

void MainWindow::updateHistoryBanner()
{
    if (!m_historian)
        return;
    const history::Historian::Status status = m_historian->status();
    QStringList lines;
    if (!status.message.isEmpty())
        lines.append(status.message.toHtmlEscaped());
    if (!status.damage.isEmpty()) {
        QStringList shown = status.damage.mid(0, 3);
        if (status.damage.size() > 3)
            shown.append(tr("and %n more", nullptr, int(status.damage.size() - 3)));
        lines.append(tr("Part of the history file is damaged and is not shown: %1")
                         .arg(shown.join(QStringLiteral("; ")).toHtmlEscaped()));
    }
    if (status.lost > 0)
        lines.append(tr("%n sample(s) arrived faster than they could be written and are not "
                        "in the history.",
                        nullptr, int(std::min<quint64>(status.lost, INT_MAX))));
    m_historyBanner->setText(lines.join(QStringLiteral("<br>")));
    m_historyBanner->setVisible(!lines.isEmpty());
    const bool open = status.state != history::Historian::State::Closed;
    m_historyLabel->setVisible(open);
    if (open) {
        const QString path = m_historian->path();
        const qint64 bytes =
            QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
        m_historyLabel->setText(tr("History %1").arg(QLocale().formattedDataSize(bytes)));
        m_historyLabel->setToolTip(QDir::toNativeSeparators(path));
    }
}

void MainWindow::runFeeds()
{
    Tab &t = tab();
    if (t.trusted) {
        if (m_prepare)
            m_prepare(t.dashboard);
        openHistory(t); // before its feeds start: stored history comes before live data
    } else if (t.historian && t.historian->isOpen() &&
               t.historian->path() != history::HistoryStore::pathFor(m_historyDir, t.path)) {
        t.historian->close(); // the file shown before; this one writes nothing until trusted
    }
    applyFeeds();
    updateTrustBanner();
    updateAlarms(t);
}

void MainWindow::updateAlarms(Tab &t)
{
    // The alarm history lives with the dashboard's history: in its file while it keeps one,
    // else in a file of JSON lines beside where that file would be.
    QString where;
    if (t.historian && t.historian->isOpen() && t.dashboard.history.enabled)
        where = t.historian->path();
    else if (!m_historyDir.isEmpty())
        where =
            history::HistoryStore::pathFor(m_historyDir, t.path) + QStringLiteral(".alarms.jsonl");
    const QList<AlertRule> rules = t.trusted ? t.dashboard.alerts : QList<AlertRule>();
    if (where != t.alarmLogWhere) {
        t.alarms->setRules({}); // the last dashboard's alarms end in its own history
        if (where.isEmpty())
            t.alarmLog.close();
        else if (where.endsWith(QStringLiteral(".alarms.jsonl")))
            t.alarmLog.useFile(where);
        else
            t.alarmLog.useHistorian(t.historian, where);
        t.alarmLogWhere = where;
        if (&t == m_tab)
            m_alarmsView->setHistory(t.alarmLog.recent(AlarmsView::MaxHistoryRows));
        t.alarmsRestored = false;
    }
    t.alarms->setRules(rules);
    // The webhook, as headless runs post to it (secrets from ${env:...} in its headers).
    t.webhook.reset();
    if (t.trusted && !t.dashboard.alertWebhook.url.isEmpty()) {
        QStringList problems;
        const AlarmWebhook::Headers headers = AlarmWebhook::resolveHeaders(
            t.dashboard.alertWebhook.headers, m_engine->variables(), &problems);
        if (problems.isEmpty()) {
            t.webhook = std::make_unique<AlarmWebhook>();
            t.webhook->setTarget(QUrl(t.dashboard.alertWebhook.url), headers);
        } else {
            statusBar()->showMessage(
                tr("Alarm webhook off: %1").arg(problems.join(QStringLiteral("; "))), 15000);
        }
    }
    if (!rules.isEmpty() && !t.alarmsRestored) {
        t.alarms->restore(t.alarmLog.recent(10000));
        t.alarmsRestored = true;
    }
    if (rules.isEmpty()) {
        t.alarms->stop();
    } else {
        t.alarms->start();
        if (&t == m_tab && !m_alarmsDock->isVisible() && !m_alarmsDock->isFloating() &&
            t.alarms->unacknowledged() > 0 && !isKiosk())
            showAlarmsDock();
    }
    updateAlarmStatus();
    updateTabs();
}

void MainWindow::alarmEvent(Tab *t, const AlarmEvent &event)
{
    QString error;
    if (!t->alarmLog.append(event, &error))
        statusBar()->showMessage(tr("Alarm history not written: %1").arg(error), 10000);
    if (t == m_tab)
        m_alarmsView->addEvent(event);
    const QString dashboardName = t->displayName();
    if (t->webhook)
        t->webhook->post(event, dashboardName);
    if (event.kind == AlarmEvent::Kind::Fired) {
        m_notifier->notify(event, dashboardName, t->key);
        // Until acknowledged, an alarm is in view: the dock comes back if it was closed.
        if (t == m_tab && !m_alarmsDock->isVisible() && !isKiosk())
            showAlarmsDock();
    }
}

void MainWindow::updateAlarmStatus()
{
    if (!m_tab)
        return;
    const bool any = !tab().alarms->rules().isEmpty();
    m_alarmButton->setVisible(any);
    if (!any)
        return;
    const int unacknowledged = tab().alarms->unacknowledged();
    int active = 0, pending = 0;
    for (const Alarm &alarm : tab().alarms->alarms()) {
        active += alarm.isActive() ? 1 : 0;
        pending += alarm.state == AlarmState::Pending ? 1 : 0;
    }
    if (unacknowledged > 0) {
        const QColor color = palette::severity(*tab().alarms->worstUnacknowledged());
        m_alarmButton->setText(tr("⚠ %n alarm(s)", nullptr, unacknowledged));
        m_alarmButton->setStyleSheet(
            QStringLiteral("QPushButton#alarmButton { background: %1; color: %2; "
                           "font-weight: bold; padding: 2px 10px; border: none; "
                           "border-radius: 3px; }")
                .arg(palette::css(color), palette::css(palette::window())));
    } else {
        m_alarmButton->setText(active > 0    ? tr("%n alarm(s) acknowledged", nullptr, active)
                               : pending > 0 ? tr("%n alarm(s) pending", nullptr, pending)
                                             : tr("No alarms"));
        m_alarmButton->setStyleSheet(
            QStringLiteral("QPushButton#alarmButton { color: %1; padding: 2px 10px; "
                           "border: none; }")
                .arg(palette::css(palette::textDim())));
    }
}

void MainWindow::showAlarmsDock()
{
    const bool wasHidden = !m_alarmsDock->isVisible();
    m_alarmsDock->show();
    m_alarmsDock->raise();
    // Beside the Feeds dock it gets half the width, enough for its columns.
    auto *feeds = findChild<QDockWidget *>(QStringLiteral("feedStatusDock"));
    if (wasHidden && feeds && feeds->isVisible() && !m_alarmsDock->isFloating() &&
        dockWidgetArea(feeds) == dockWidgetArea(m_alarmsDock))
        resizeDocks({feeds, m_alarmsDock}, {width() / 2, width() / 2}, Qt::Horizontal);
}

void MainWindow::showAlarm(Tab *t, const QString &rule, const QString &channel)
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
    if (indexOf(t) >= 0)
        showDashboard(indexOf(t));
    if (isKiosk())
        return; // the wall shows the dashboard that holds it; no docks there
    showAlarmsDock();
    m_alarmsView->showAlarm(rule, channel);
}

void MainWindow::updateTrustBanner()
{
    if (tab().trusted) {
        m_trustBanner->hide();
        return;
    }
    const DashboardAccess access = dashboardAccess(tab().dashboard, m_registry);
    const auto item = [](const QString &label, const QStringList &values) {
        QStringList escaped;
        for (const QString &v : values)
            escaped.append(v.toHtmlEscaped());
        return QStringLiteral("<li>%1 <b>%2</b></li>")
            .arg(label, escaped.join(QStringLiteral(", ")));
    };
    QString list;
    if (!access.hosts.isEmpty())
        list += item(tr("Connects to:"), access.hosts);
    if (!access.commands.isEmpty())
        list += item(tr("Runs commands:"), access.commands);
    if (!access.envVars.isEmpty())
        list += item(tr("Reads environment variables:"), access.envVars);
    if (!access.keychainEntries.isEmpty())
        list += item(tr("Reads keychain entries:"), access.keychainEntries);
    if (list.isEmpty())
        list = QStringLiteral("<li>%1</li>")
                   .arg(tr("Runs %n feed(s).", nullptr, int(tab().dashboard.feeds.size())));
    m_trustDetails->setText(
        QStringLiteral("<b>%1</b> %2<ul style='margin: 2px 0 0 -20px;'>%3</ul>")
            .arg(tr("Feeds stopped: this dashboard file is not trusted."),
                 tr("%1 has not been trusted on this computer as it is now (it came from "
                    "elsewhere, or changed since). Start it only if you trust where it came "
                    "from. This file:")
                     .arg(QDir::toNativeSeparators(tab().path).toHtmlEscaped()),
                 list));
    m_trustBanner->show();
}

void MainWindow::trustAndStart()
{
    if (tab().trusted)
        return;
    if (!tab().path.isEmpty() && !tab().fileHash.isEmpty())
        m_trust.trust(tab().path, tab().fileHash);
    tab().trusted = true;
    claimKeychainEntries(tab().path, QString());
    runFeeds();
    showCurrentTab();
    updateSettingsTrust();
}

void MainWindow::updateSettingsTrust()
{
    if (m_settings)
        m_settings->setTestBlocked(
            tab().trusted ? QString()
                          : tr("Test connects and reads the environment variables and keychain "
                               "entries the feed names: choose Trust and start first."));
}

void MainWindow::claimKeychainEntries(const QString &path, const QString &previousPath)
{
    if (path.isEmpty())
        return;
    const QString previous = TrustStore::canonicalPath(previousPath);
    for (const FeedConfig &feed : std::as_const(tab().dashboard.feeds)) {
        for (const QString &name : Variables::keychainNames(feed.options)) {
            const QStringList owners = m_trust.keychainOwners(name);
            if (owners.isEmpty() || (!previous.isEmpty() && owners.contains(previous)))
                m_trust.addKeychainOwner(name, path);
        }
    }
}

void MainWindow::applyDashboard(const Dashboard &edited)
{
    Dashboard dashboard = edited;
    QString why;
    if (!moveSecretsToKeychain(dashboard, &why)) {
        // The feeds still run with what was typed; the file is not written (save() refuses).
        QMessageBox::warning(this, tr("Secret not saved"),
                             tr("%1\n\nThe feeds use it until Livedash quits, but the dashboard "
                                "file was not saved.")
                                 .arg(why));
    }
    const bool changed = !(dashboard == tab().dashboard);
    tab().dashboard = dashboard;
    runFeeds(); // still stopped while untrusted: editing it does not trust it
    showCurrentTab();
    if (changed)
        save(tab().path.isEmpty() ? newDashboardPath() : tab().path);
    updateTitle();
}

bool MainWindow::moveSecretsToKeychain(Dashboard &dashboard, QString *why)
{
    const auto schemaOf = [this](const QString &pluginId) {
        const FeedPlugin *plugin = m_registry->plugin(pluginId);
        return plugin ? plugin->info().options : QList<OptionSpec>();
    };
    // A token typed over a reference to another dashboard's entry gets an entry of its own:
    // reusing that name would overwrite the other dashboard's secret.
    Dashboard previous = tab().dashboard;
    const QString owner = TrustStore::canonicalPath(tab().path);
    for (FeedConfig &feed : previous.feeds) {
        for (auto it = feed.options.begin(); it != feed.options.end();) {
            const QStringList names = Variables::keychainNames(it.value());
            const bool foreign = std::any_of(names.begin(), names.end(), [&](const QString &n) {
                return !m_trust.keychainRefusal(n, owner).isEmpty();
            });
            it = foreign ? feed.options.erase(it) : std::next(it);
        }
    }
    SecretExtraction extracted = extractSecrets(dashboard, schemaOf, previous);
    if (extracted.secrets.isEmpty())
        return true;
    SecretStore *store = m_engine->secretStore();
    if (!store) {
        *why = tr("A secret was typed in, but no keychain is configured to keep it. Use "
                  "${env:NAME} references for secrets.");
        return false;
    }
    if (store->availability() == SecretStore::Availability::Unavailable) {
        *why = tr("A secret was typed in, but no system keychain is available (%1). Use "
                  "${env:NAME} references for secrets.")
                   .arg(store->unavailableReason());
        return false;
    }
    connect(store, &SecretStore::writeFinished, this, &MainWindow::secretWritten,
            Qt::UniqueConnection);
    for (const SecretToStore &secret : std::as_const(extracted.secrets)) {
        m_secretWrites.insert(secret.name);
        store->write(secret.name, secret.value); // in memory at once: the feeds can use it
    }
    dashboard = extracted.dashboard;
    return true;
}

void MainWindow::secretWritten(const QString &name, const QString &error)
{
    if (!m_secretWrites.remove(name))
        return;
    if (!error.isEmpty())
        m_secretWriteErrors.append(error);
    if (!m_secretWrites.isEmpty() || m_deferredSavePath.isEmpty())
        return;
    const QString path = std::exchange(m_deferredSavePath, QString());
    const QStringList errors = std::exchange(m_secretWriteErrors, {});
    if (!errors.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot save dashboard"),
                             tr("%1\n\nThe dashboard was not saved, so that its file never "
                                "refers to a secret the keychain does not hold.")
                                 .arg(errors.join(QLatin1Char('\n'))));
        return;
    }
    save(path);
}

SettingsDialog *MainWindow::openSettings()
{
    if (!m_settings) {
        m_settings = new SettingsDialog(tab().dashboard, m_registry, m_engine, this);
        m_settings->setAttribute(Qt::WA_DeleteOnClose);
        if (tab().historyReader) {
            const history::StoreStats stats = tab().historyReader->stats();
            const QLocale locale;
            QString text = tr("%1 in %2")
                               .arg(locale.formattedDataSize(stats.fileBytes),
                                    QDir::toNativeSeparators(tab().historyReader->path()));
            if (stats.oldestT && stats.newestT) {
                text += QLatin1Char('\n') +
                        tr("%L1 samples and %L2 texts from %3 to %4")
                            .arg(stats.samples)
                            .arg(stats.texts)
                            .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(*stats.oldestT),
                                                 QLocale::ShortFormat),
                                 locale.toString(QDateTime::fromMSecsSinceEpoch(*stats.newestT),
                                                 QLocale::ShortFormat));
            }
            m_settings->setHistoryUsage(text);
        }
        connect(m_settings, &SettingsDialog::applied, this, &MainWindow::applyDashboard);
    }
    updateSettingsTrust();
    m_settings->show();
    m_settings->raise();
    m_settings->activateWindow();
    return m_settings;
}

bool MainWindow::save(const QString &path)
{
    if (!m_secretWrites.isEmpty()) {
        m_deferredSavePath = path; // written once the keychain has stored the secrets
        return true;
    }
    for (const FeedConfig &feed : std::as_const(tab().dashboard.feeds)) {
        const FeedPlugin *plugin = m_registry->plugin(feed.plugin);
        if (plugin && !plugin->info().options.isEmpty() &&
            !plaintextSecrets(plugin->info().options, feed.options).isEmpty()) {
            // Livedash never writes a secret to a dashboard file.
            QMessageBox::warning(this, tr("Cannot save dashboard"),
                                 tr("The feed \"%1\" holds a secret that could not be moved to "
                                    "a keychain; the dashboard file is not written. Use "
                                    "${env:NAME} for it.")
                                     .arg(feed.name.isEmpty() ? feed.id : feed.name));
            return false;
        }
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QString error;
    if (!tab().dashboard.save(path, &error)) {
        QMessageBox::warning(this, tr("Cannot save dashboard"), error);
        return false;
    }
    const QString previousPath = std::exchange(tab().path, path);
    if (QFile file(path); file.open(QIODevice::ReadOnly))
        tab().fileHash = TrustStore::contentHash(file.readAll());
    if (tab().trusted) {
        // Livedash wrote it: it stays trusted as written, and keeps its keychain entries
        // (Save As: the copy may use the entries of the file it was saved from).
        m_trust.trust(path, tab().fileHash);
        claimKeychainEntries(path, previousPath);
        m_engine->setKeychainOwner(m_trust, TrustStore::canonicalPath(path));
    }
    QSettings().setValue(QStringLiteral("lastDashboard"), path);
    statusBar()->showMessage(tr("Saved to %1").arg(QDir::toNativeSeparators(path)), 4000);
    updateTitle();
    Q_EMIT dashboardSaved(path);
    return true;
}

void MainWindow::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save dashboard"), tab().path.isEmpty() ? newDashboardPath() : tab().path,
        tr("Livedash dashboards (*.livedash.json);;JSON files (*.json)"));
    if (!path.isEmpty())
        saveTo(path);
}

bool MainWindow::saveTo(const QString &path)
{
    return save(path);
}

void MainWindow::openDashboardFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open dashboard"), QFileInfo(tab().path).absolutePath(),
        tr("Livedash dashboards (*.livedash.json *.json)"));
    if (path.isEmpty())
        return;
    QString error;
    const auto dashboard = Dashboard::load(path, &error);
    if (!dashboard) {
        QMessageBox::warning(this, tr("Cannot open dashboard"), error);
        return;
    }
    // The built-in demo, never edited, gives way to the operator's own dashboard; anything
    // else stays open in its tab.
    if (dashboardCount() == 1 && tab().path.isEmpty())
        setDashboard(*dashboard, path);
    else
        openDashboard(*dashboard, path);
}

void MainWindow::updateTitle()
{
    const QString name = tab().dashboard.name.isEmpty() ? tr("Dashboard") : tab().dashboard.name;
    setWindowTitle(QStringLiteral("%1 — Livedash").arg(name));
    m_fileLabel->setText(tab().path.isEmpty() ? tr("built-in demo")
                                              : QDir::toNativeSeparators(tab().path));
}

void MainWindow::updateStatusBar()
{
    const FeedStatusModel *model = m_status->model();
    int live = 0, retrying = 0, failed = 0;
    for (const FeedStatus &s : model->statuses()) {
        live += s.state == FeedState::Live;
        retrying += s.state == FeedState::Retrying || s.state == FeedState::Connecting;
        failed += s.state == FeedState::Error;
    }
    QStringList parts{tr("%n feed(s)", nullptr, int(model->statuses().size())),
                      tr("%1 live").arg(live)};
    if (retrying)
        parts.append(tr("%1 reconnecting").arg(retrying));
    if (failed)
        parts.append(tr("%1 failed").arg(failed));
    parts.append(tr("%1 msg/s").arg(QLocale().toString(model->totalRate(), 'f', 0)));
    if (m_view->isPaused())
        parts.append(tr("PAUSED (Space to resume)"));
    m_summary->setText(parts.join(QStringLiteral("  ·  ")));
}

void MainWindow::showPlugins()
{
    // Every feed kind with the options a dashboard file gives it: key, type, default, help.
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("pluginsDialog"));
    dialog.setWindowTitle(tr("Feed plugins"));
    dialog.resize(900, 600);
    auto *layout = new QVBoxLayout(&dialog);
    auto *tree = new QTreeWidget(&dialog);
    tree->setObjectName(QStringLiteral("pluginTree"));
    tree->setHeaderLabels({tr("Plugin / option"), tr("Type"), tr("Default"), tr("Description")});
    tree->setAlternatingRowColors(true);
    tree->setColumnWidth(0, 260);
    tree->setColumnWidth(1, 80);
    tree->setColumnWidth(2, 120);
    for (const PluginInfo &p : m_registry->plugins()) {
        auto *item =
            new QTreeWidgetItem(tree, {QStringLiteral("%1 (%2)").arg(feedText(p.displayName), p.id),
                                       p.version, QString(), feedText(p.description)});
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setToolTip(3, feedText(p.description));
        for (const OptionSpec &o : p.options) {
            QString type = optionTypeName(o.type);
            if (!o.choices.isEmpty() && o.type == OptionType::Enum)
                type += QStringLiteral(": ") + o.choices.join(QLatin1Char('|'));
            QString help = feedText(o.label);
            if (!o.help.isEmpty())
                help += QStringLiteral(" — ") + feedText(o.help);
            if (o.required)
                help = tr("(required) %1").arg(help);
            auto *option = new QTreeWidgetItem(
                item, {o.key, type,
                       o.defaultValue.isValid() ? o.defaultValue.toString() : QString(), help});
            option->setToolTip(3, help);
        }
    }
    for (const PluginRegistry::Failure &f : m_registry->failures()) {
        auto *item = new QTreeWidgetItem(tree, {QFileInfo(f.file).fileName(), QString(), QString(),
                                                tr("skipped: %1").arg(f.reason)});
        item->setForeground(3, palette::critical());
        item->setToolTip(0, QDir::toNativeSeparators(f.file));
    }
    if (tree->topLevelItemCount() == 0)
        new QTreeWidgetItem(tree, {tr("No feed plugins found.")});
    layout->addWidget(tree);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.exec();
}

void MainWindow::setKiosk(const Kiosk &kiosk)
{
    if (!isKiosk())
        m_stateBeforeKiosk = saveState();
    m_kiosk = kiosk;
    if (m_settings)
        m_settings->close();
    m_view->setEditing(false);
    menuBar()->hide();
    m_timeBar->hide();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        dock->hide();
    m_view->setContextMenuPolicy(Qt::NoContextMenu);
    if (!m_rotation) {
        m_rotation = new QTimer(this);
        m_rotation->setObjectName(QStringLiteral("kioskRotation"));
        m_rotation->setSingleShot(true);
        connect(m_rotation, &QTimer::timeout, this, &MainWindow::rotate);
    }
    // The whole screen also where no window manager honours full screen (a bare X session).
    if (const QScreen *s = screen())
        setGeometry(s->geometry());
    showFullScreen();
    updateTabs();
    m_rotation->stop();
    updateRotation();
}

void MainWindow::leaveKiosk()
{
    if (!isKiosk())
        return;
    m_kiosk.reset();
    m_rotation->stop();
    m_rotationHeld = false;
    m_kioskLabel->hide();
    menuBar()->show();
    m_timeBar->show();
    restoreState(m_stateBeforeKiosk);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    showNormal();
    updateTabs();
    statusBar()->showMessage(tr("Kiosk mode left"), 4000);
}

void MainWindow::askToLeaveKiosk()
{
    if (!isKiosk())
        return;
    QMessageBox ask(QMessageBox::Question, tr("Leave kiosk mode"),
                    tr("Leave kiosk mode? The menus and docks come back and the dashboards stop "
                       "rotating. The feeds keep running."),
                    QMessageBox::Yes | QMessageBox::No, this);
    ask.setObjectName(QStringLiteral("leaveKiosk"));
    ask.setDefaultButton(QMessageBox::No);
    if (ask.exec() == QMessageBox::Yes)
        leaveKiosk();
}

void MainWindow::rotate()
{
    if (!isKiosk() || m_rotationHeld || dashboardCount() < 2)
        return;
    showDashboard((currentDashboard() + 1) % dashboardCount()); // restarts the timer
}

void MainWindow::updateRotation()
{
    if (!isKiosk() || !m_rotation)
        return;
    // A firing alarm that nobody has acknowledged holds the wall on its dashboard: the one
    // shown if it has one, else the first tab that does.
    const auto firing = [](const Tab &t) {
        const QList<Alarm> alarms = t.alarms->alarms();
        return std::any_of(alarms.begin(), alarms.end(),
                           [](const Alarm &a) { return a.state == AlarmState::Firing; });
    };
    Tab *alarmed = firing(tab()) ? m_tab : nullptr;
    for (size_t i = 0; !alarmed && i < m_tabs.size(); ++i)
        if (firing(*m_tabs[i]))
            alarmed = m_tabs[i].get();
    const bool wasHeld = std::exchange(m_rotationHeld, alarmed != nullptr);
    if (alarmed) {
        m_rotation->stop();
        if (alarmed != m_tab)
            showDashboard(indexOf(alarmed));
        m_kioskLabel->setText(tr("Rotation paused: an alarm is firing on \"%1\". Acknowledge it "
                                 "(click the alarm count) to resume.")
                                  .arg(alarmed->displayName()));
        m_kioskLabel->show();
        return;
    }
    m_kioskLabel->hide();
    const int index = currentDashboard();
    const int seconds = index < m_kiosk->seconds.size() && m_kiosk->seconds.at(index) > 0
                            ? m_kiosk->seconds.at(index)
                            : m_kiosk->defaultSeconds;
    if (seconds > 0 && dashboardCount() > 1 && (wasHeld || !m_rotation->isActive()))
        m_rotation->start(seconds * 1000);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // A kiosk's full screen without menus is not what the next plain start should look like.
    QSettings().setValue(QStringLiteral("windowState"),
                         isKiosk() ? m_stateBeforeKiosk : saveState());
    if (!isKiosk())
        QSettings().setValue(QStringLiteral("windowGeometry"), saveGeometry());
    QStringList open;
    for (const auto &t : m_tabs)
        if (!t->path.isEmpty())
            open.append(t->path);
    QSettings().setValue(QStringLiteral("openDashboards"), open);
    event->accept();
}

} // namespace livedash
