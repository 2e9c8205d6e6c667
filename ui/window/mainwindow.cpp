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
#include "secrets/secrets.h"
#include "secrets/secretstore.h"
#include "settings/settingsdialog.h"
#include "widgets/palette.h"
#include "window/alarmnotifier.h"
#include "window/alarmsview.h"
#include "window/exportdialog.h"
#include "window/feedstatusview.h"
#include "window/historyplayback.h"
#include "window/timebar.h"
#include "window/translations.h"

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
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace livedash {

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
    m_pausedBanner->setStyleSheet(
        QStringLiteral("QLabel#pausedBanner { background: %1; color: %2; font-weight: bold; "
                       "padding: 6px; }")
            .arg(palette::css(palette::warning()), palette::css(palette::window())));
    m_pausedBanner->hide();
    // Writing history paused or failing, or a damaged history file: said until it is resolved.
    m_historyBanner = new QLabel(central);
    m_historyBanner->setObjectName(QStringLiteral("historyBanner"));
    m_historyBanner->setWordWrap(true);
    m_historyBanner->setStyleSheet(
        QStringLiteral("QLabel#historyBanner { background: %1; color: %2; padding: 6px; }")
            .arg(palette::css(palette::warning()), palette::css(palette::window())));
    m_historyBanner->hide();
    // Same strip as the pause banner, but dark with an amber edge: it stays up until the
    // operator decides, so it must not shout over the panels on a wall screen.
    m_trustBanner = new QFrame(central);
    m_trustBanner->setObjectName(QStringLiteral("trustBanner"));
    m_trustBanner->setStyleSheet(
        QStringLiteral("QFrame#trustBanner { background: %1; border-bottom: 2px solid %2; }"
                       "QFrame#trustBanner QLabel { color: %3; background: transparent; }"
                       "QPushButton#trustAndStart { background: %2; color: %4; font-weight: bold; "
                       "padding: 6px 14px; border: none; border-radius: 3px; }"
                       "QPushButton#trustAndStart:hover { background: %5; }")
            .arg(palette::css(palette::warningSurface()), palette::css(palette::warning()),
                 palette::css(palette::text()), palette::css(palette::window()),
                 palette::css(palette::warningHover())));
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
    auto *scroll = new QScrollArea(central);
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_view);
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

    // Alarms: evaluated while the dashboard runs, paused panels or not.
    m_alarms = new AlarmEngine(&engine->store(), &engine->board(), this);
    m_alarmsView = new AlarmsView(m_alarms, this);
    m_alarmsDock = new QDockWidget(tr("Alarms"), this);
    m_alarmsDock->setObjectName(QStringLiteral("alarmsDock"));
    m_alarmsDock->setWidget(m_alarmsView);
    m_alarmsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable |
                              QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, m_alarmsDock);
    splitDockWidget(dock, m_alarmsDock, Qt::Horizontal);
    m_alarmsDock->hide(); // shown once the dashboard has alert rules
    m_notifier = new AlarmNotifier(this);
    m_view->setAlarms(m_alarms);
    connect(m_alarms, &AlarmEngine::alarmEvent, this, &MainWindow::alarmEvent);
    connect(m_alarms, &AlarmEngine::changed, this, &MainWindow::updateAlarmStatus);
    connect(m_notifier, &AlarmNotifier::activated, this, &MainWindow::showAlarm);

    m_timeBar = new TimeBar(m_view, this);
    addToolBar(Qt::TopToolBarArea, m_timeBar);
    m_timeBar->setHistory(QString(), {}, 0);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open dashboard…"), QKeySequence::Open, this,
                    &MainWindow::openDashboardFile);
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] {
        QString why;
        if (!moveSecretsToKeychain(m_dashboard, &why))
            QMessageBox::warning(this, tr("Secret not saved"), why);
        save(m_path.isEmpty() ? newDashboardPath() : m_path);
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
    m_pause = view->addAction(tr("&Pause panels"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(Qt::Key_Space);
    m_pause->setToolTip(tr("Freeze the panels; feeds keep recording"));
    connect(m_pause, &QAction::toggled, this, [this](bool on) {
        m_view->setPaused(on);
        m_pausedBanner->setVisible(on);
        updateStatusBar();
    });
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
    connect(leaveFull, &QShortcut::activated, full, [full] { full->setChecked(false); });

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
    statusBar()->addPermanentWidget(m_alarmButton);
    statusBar()->addPermanentWidget(m_historyLabel);
    statusBar()->addPermanentWidget(m_fileLabel);
    connect(m_status, &FeedStatusView::refreshed, this, &MainWindow::updateStatusBar);
    resize(1400, 900);
}

MainWindow::~MainWindow()
{
    m_view->setHistory(nullptr);
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
    m_dashboard = dashboard;
    m_path = path;
    m_fileHash.clear();
    if (QFile file(path); !path.isEmpty() && file.open(QIODevice::ReadOnly))
        m_fileHash = TrustStore::contentHash(file.readAll());
    // Decided on the file as it is now, and only if it still holds `dashboard`.
    m_trusted = m_trust.isTrusted(path, dashboard);
    if (!path.isEmpty()) // opened from a file: a plain `livedash` opens it next time
        QSettings().setValue(QStringLiteral("lastDashboard"), path);
    runFeeds();
    m_view->setPanels(dashboard.panelsWithMappedUnits());
    updateTitle();
    if (m_settings)
        m_settings->discard(); // it edited the dashboard that was shown before
}

void MainWindow::setHistorian(history::Historian *historian, const QString &dataDir)
{
    m_historian = historian;
    m_historyDir = dataDir;
    connect(historian, &history::Historian::statusChanged, this, &MainWindow::updateHistoryBanner);
}

void MainWindow::openHistory()
{
    if (!m_historian)
        return;
    const QString path = history::HistoryStore::pathFor(m_historyDir, m_path);
    if (m_historyReader && (!m_dashboard.history.enabled || m_historyReader->path() != path)) {
        m_view->setHistory(nullptr);
        m_historyReader.reset();
    }
    if (!m_dashboard.history.enabled) {
        m_historian->close();
        m_timeBar->setHistory(QString(), {}, 0);
        updateHistoryBanner();
        return;
    }
    if (!m_historian->isOpen() || m_historian->path() != path) {
        QString error;
        if (!m_historian->open(path, &error)) {
            m_historyBanner->setText(tr("History is not kept: %1").arg(error.toHtmlEscaped()));
            m_historyBanner->show();
            return;
        }
    }
    QSet<QString> excluded;
    for (const FeedConfig &feed : std::as_const(m_dashboard.feeds)) {
        if (!feed.keepHistory)
            excluded.insert(feed.id);
    }
    m_historian->setExcludedFeeds(excluded);
    constexpr qint64 Day = 24LL * 3600 * 1000;
    m_historian->setRetention({m_dashboard.history.maxAgeDays * Day,
                               qint64(m_dashboard.history.maxSizeMb) * 1024 * 1024});
    // Each feed's channels get the window of the longest chart showing them; tiles, logs and
    // scoreboards need only the latest values (ten minutes of them).
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const FeedConfig &feed : std::as_const(m_dashboard.feeds)) {
        if (!feed.enabled || !feed.keepHistory)
            continue;
        const qint64 window = std::max(m_dashboard.chartWindowOf(feed.id), 600) * 1000LL;
        m_historian->prefill({feed.id}, window, now);
    }
    QSet<QString> kept;
    qint64 longestWindow = 0;
    for (const FeedConfig &feed : std::as_const(m_dashboard.feeds)) {
        if (feed.keepHistory)
            kept.insert(feed.id);
        longestWindow = std::max(longestWindow, m_dashboard.chartWindowOf(feed.id) * 1000LL);
    }
    m_timeBar->setHistory(path, kept, longestWindow);
    if (!m_historyReader) {
        auto reader = std::make_unique<history::HistoryStore>();
        QString error;
        if (reader->open(path, history::HistoryStore::Mode::ReadOnly, &error)) {
            m_historyReader = std::move(reader);
            m_view->setHistory(m_historyReader.get());
        }
    }
    updateHistoryBanner();
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
    if (!m_historyReader) {
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
    for (const FeedConfig &feed : std::as_const(m_dashboard.feeds))
        feeds.insert(feed.id);
    ExportDialog dialog(m_historyReader->path(), feeds, from, to, this);
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
    m_engine->setKeychainOwner(m_trust, TrustStore::canonicalPath(m_path));
    if (m_trusted) {
        if (m_prepare)
            m_prepare(m_dashboard);
        openHistory();
        m_engine->apply(m_dashboard);
    } else {
        // Rows for the feeds, stopped; no option reaches the engine, so nothing is resolved,
        // read or connected to.
        Dashboard stopped = m_dashboard;
        for (FeedConfig &feed : stopped.feeds) {
            feed.enabled = false;
            feed.options.clear();
        }
        m_engine->apply(stopped);
    }
    updateTrustBanner();
    updateAlarms();
}

void MainWindow::updateAlarms()
{
    // The alarm history lives with the dashboard's history: in its file while it keeps one,
    // else in a file of JSON lines beside where that file would be.
    QString where;
    if (m_historian && m_historian->isOpen() && m_dashboard.history.enabled)
        where = m_historian->path();
    else if (!m_historyDir.isEmpty())
        where =
            history::HistoryStore::pathFor(m_historyDir, m_path) + QStringLiteral(".alarms.jsonl");
    const QList<AlertRule> rules = m_trusted ? m_dashboard.alerts : QList<AlertRule>();
    if (where != m_alarmLogWhere) {
        m_alarms->setRules({}); // the last dashboard's alarms end in its own history
        if (where.isEmpty())
            m_alarmLog.close();
        else if (where.endsWith(QStringLiteral(".alarms.jsonl")))
            m_alarmLog.useFile(where);
        else
            m_alarmLog.useHistorian(m_historian, where);
        m_alarmLogWhere = where;
        m_alarmsView->setHistory(m_alarmLog.recent(AlarmsView::MaxHistoryRows));
        m_alarmsRestored = false;
    }
    m_alarms->setRules(rules);
    // The webhook, as headless runs post to it (secrets from ${env:...} in its headers).
    delete std::exchange(m_webhook, nullptr);
    if (m_trusted && !m_dashboard.alertWebhook.url.isEmpty()) {
        QStringList problems;
        const AlarmWebhook::Headers headers = AlarmWebhook::resolveHeaders(
            m_dashboard.alertWebhook.headers, m_engine->variables(), &problems);
        if (problems.isEmpty()) {
            m_webhook = new AlarmWebhook(this);
            m_webhook->setTarget(QUrl(m_dashboard.alertWebhook.url), headers);
        } else {
            statusBar()->showMessage(
                tr("Alarm webhook off: %1").arg(problems.join(QStringLiteral("; "))), 15000);
        }
    }
    if (!rules.isEmpty() && !m_alarmsRestored) {
        m_alarms->restore(m_alarmLog.recent(10000));
        m_alarmsRestored = true;
    }
    if (rules.isEmpty()) {
        m_alarms->stop();
    } else {
        m_alarms->start();
        if (!m_alarmsDock->isVisible() && !m_alarmsDock->isFloating() &&
            m_alarms->unacknowledged() > 0)
            showAlarmsDock();
    }
    updateAlarmStatus();
}

void MainWindow::alarmEvent(const AlarmEvent &event)
{
    QString error;
    if (!m_alarmLog.append(event, &error))
        statusBar()->showMessage(tr("Alarm history not written: %1").arg(error), 10000);
    m_alarmsView->addEvent(event);
    const QString dashboardName =
        m_dashboard.name.isEmpty() ? QFileInfo(m_path).completeBaseName() : m_dashboard.name;
    if (m_webhook)
        m_webhook->post(event, dashboardName);
    if (event.kind == AlarmEvent::Kind::Fired) {
        m_notifier->notify(event, dashboardName);
        // Until acknowledged, an alarm is in view: the dock comes back if it was closed.
        if (!m_alarmsDock->isVisible())
            showAlarmsDock();
    }
}

void MainWindow::updateAlarmStatus()
{
    const bool any = !m_alarms->rules().isEmpty();
    m_alarmButton->setVisible(any);
    if (!any)
        return;
    const int unacknowledged = m_alarms->unacknowledged();
    int active = 0, pending = 0;
    for (const Alarm &alarm : m_alarms->alarms()) {
        active += alarm.isActive() ? 1 : 0;
        pending += alarm.state == AlarmState::Pending ? 1 : 0;
    }
    if (unacknowledged > 0) {
        const QColor color = palette::severity(*m_alarms->worstUnacknowledged());
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

void MainWindow::showAlarm(const QString &rule, const QString &channel)
{
    if (isMinimized())
        showNormal();
    show();
    raise();
    activateWindow();
    showAlarmsDock();
    m_alarmsView->showAlarm(rule, channel);
}

void MainWindow::updateTrustBanner()
{
    if (m_trusted) {
        m_trustBanner->hide();
        return;
    }
    const DashboardAccess access = dashboardAccess(m_dashboard, m_registry);
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
                   .arg(tr("Runs %n feed(s).", nullptr, int(m_dashboard.feeds.size())));
    m_trustDetails->setText(
        QStringLiteral("<b>%1</b> %2<ul style='margin: 2px 0 0 -20px;'>%3</ul>")
            .arg(tr("Feeds stopped: this dashboard file is not trusted."),
                 tr("%1 has not been trusted on this computer as it is now (it came from "
                    "elsewhere, or changed since). Start it only if you trust where it came "
                    "from. This file:")
                     .arg(QDir::toNativeSeparators(m_path).toHtmlEscaped()),
                 list));
    m_trustBanner->show();
}

void MainWindow::trustAndStart()
{
    if (m_trusted)
        return;
    if (!m_path.isEmpty() && !m_fileHash.isEmpty())
        m_trust.trust(m_path, m_fileHash);
    m_trusted = true;
    claimKeychainEntries(m_path, QString());
    runFeeds();
    updateSettingsTrust();
}

void MainWindow::updateSettingsTrust()
{
    if (m_settings)
        m_settings->setTestBlocked(
            m_trusted ? QString()
                      : tr("Test connects and reads the environment variables and keychain "
                           "entries the feed names: choose Trust and start first."));
}

void MainWindow::claimKeychainEntries(const QString &path, const QString &previousPath)
{
    if (path.isEmpty())
        return;
    const QString previous = TrustStore::canonicalPath(previousPath);
    for (const FeedConfig &feed : std::as_const(m_dashboard.feeds)) {
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
    const bool changed = !(dashboard == m_dashboard);
    m_dashboard = dashboard;
    runFeeds(); // still stopped while untrusted: editing it does not trust it
    m_view->setPanels(dashboard.panelsWithMappedUnits());
    if (changed)
        save(m_path.isEmpty() ? newDashboardPath() : m_path);
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
    Dashboard previous = m_dashboard;
    const QString owner = TrustStore::canonicalPath(m_path);
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
        m_settings = new SettingsDialog(m_dashboard, m_registry, m_engine, this);
        m_settings->setAttribute(Qt::WA_DeleteOnClose);
        if (m_historyReader) {
            const history::StoreStats stats = m_historyReader->stats();
            const QLocale locale;
            QString text = tr("%1 in %2")
                               .arg(locale.formattedDataSize(stats.fileBytes),
                                    QDir::toNativeSeparators(m_historyReader->path()));
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
    for (const FeedConfig &feed : std::as_const(m_dashboard.feeds)) {
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
    if (!m_dashboard.save(path, &error)) {
        QMessageBox::warning(this, tr("Cannot save dashboard"), error);
        return false;
    }
    const QString previousPath = std::exchange(m_path, path);
    if (QFile file(path); file.open(QIODevice::ReadOnly))
        m_fileHash = TrustStore::contentHash(file.readAll());
    if (m_trusted) {
        // Livedash wrote it: it stays trusted as written, and keeps its keychain entries
        // (Save As: the copy may use the entries of the file it was saved from).
        m_trust.trust(path, m_fileHash);
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
        this, tr("Save dashboard"), m_path.isEmpty() ? newDashboardPath() : m_path,
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
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open dashboard"), QFileInfo(m_path).absolutePath(),
                                     tr("Livedash dashboards (*.livedash.json *.json)"));
    if (path.isEmpty())
        return;
    QString error;
    const auto dashboard = Dashboard::load(path, &error);
    if (!dashboard) {
        QMessageBox::warning(this, tr("Cannot open dashboard"), error);
        return;
    }
    setDashboard(*dashboard, path);
}

void MainWindow::updateTitle()
{
    const QString name = m_dashboard.name.isEmpty() ? tr("Dashboard") : m_dashboard.name;
    setWindowTitle(QStringLiteral("%1 — Livedash").arg(name));
    m_fileLabel->setText(m_path.isEmpty() ? tr("built-in demo") : QDir::toNativeSeparators(m_path));
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(QStringLiteral("windowState"), saveState());
    QSettings().setValue(QStringLiteral("windowGeometry"), saveGeometry());
    event->accept();
}

} // namespace livedash
