#pragma once

#include "alarms/alarmlog.h"
#include "document/dashboard.h"
#include "document/truststore.h"
#include "widgets/wallscreenlook.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QDockWidget;
class QFrame;
class QLabel;
class QPushButton;
class QTabBar;
class QTimer;

namespace livedash {

class AlarmEngine;
class AlarmWebhook;
class AlarmNotifier;
class AlarmsView;
class DashboardView;
class FeedStatusView;
class IngestEngine;
class PluginRegistry;
class SettingsDialog;
class TimeBar;
namespace history {
class Historian;
class HistoryStore;
} // namespace history

/// The dashboard window: panels in the middle, feed status in a dock, settings on Ctrl+,.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(const PluginRegistry *registry, IngestEngine *engine, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shows `dashboard` in the current tab (replacing what it showed) and runs its feeds.
    /// `path` is where edits are saved; empty means the built-in demo, which is saved to the
    /// user's dashboard file on the first change.
    /// A file the operator has not trusted (TrustStore: Livedash did not write it, or it changed
    /// since) opens with its feeds stopped and nothing resolved, under a banner that lists what
    /// it would do, until "Trust and start".
    void setDashboard(const Dashboard &dashboard, const QString &path);
    /// Opens `dashboard` in a new tab beside the others (or shows the tab that has `path`
    /// open already) and runs its feeds. Every open dashboard keeps running while another is
    /// shown: its feeds, alarms and history. A feed that two tabs define alike runs once; one
    /// that a later tab defines differently under the same id is not run for that tab (it says
    /// so), since channels are named by feed id.
    void openDashboard(const Dashboard &dashboard, const QString &path);
    /// Closes tab `index` (not the last one): its feeds stop unless another tab uses them.
    void closeDashboard(int index);
    int dashboardCount() const { return int(m_tabs.size()); }
    int currentDashboard() const;
    /// Shows tab `index` (Ctrl+1..9, Ctrl+Tab); nothing stops or restarts.
    void showDashboard(int index);
    QTabBar *tabBar() const { return m_tabBar; }
    /// The dashboard open in tab `index`, its file and its alarms.
    const Dashboard &dashboardAt(int index) const;
    QString dashboardPathAt(int index) const;
    AlarmEngine *alarmsAt(int index) const;
    /// Feed ids tab `index` defines that are not run for it (another tab runs a different feed
    /// under that id).
    QStringList conflictingFeedsAt(int index) const;

    /// Changes the theme and text size (View menu), saves them, and remakes what shows them.
    void setLook(const Look &look);

    /// Kiosk mode, for a wall: full screen, no menus, tool bar or docks, no dialogs; rotates
    /// through the tabs every `seconds[tab]` (a tab without an entry: `defaultSeconds`; 0: no
    /// rotation), and while an alarm is firing unacknowledged, stops on the tab that holds it.
    /// Esc asks before leaving it.
    struct Kiosk
    {
        int defaultSeconds = 0;
        QList<int> seconds; ///< per tab, in tab order; 0 or missing: defaultSeconds
    };
    void setKiosk(const Kiosk &kiosk);
    void leaveKiosk();
    bool isKiosk() const { return m_kiosk.has_value(); }
    /// True while the rotation waits on a firing alarm.
    bool isRotationHeld() const { return m_rotationHeld; }
    /// Esc in kiosk mode: asks, and leaves it on yes.
    void askToLeaveKiosk();

    /// Whether the dashboard shown may run its feeds.
    bool isTrusted() const;
    /// Records the file shown as trusted (as it was loaded) and starts its feeds.
    void trustAndStart();
    /// Settings' Test button is off while the dashboard is not trusted.
    void updateSettingsTrust();
    /// File > Save as, without the file dialog: writes the dashboard to `path`, which is where
    /// it is saved from then on. A trusted dashboard stays trusted there, and the copy may use
    /// the keychain entries the original owned.
    bool saveTo(const QString &path);
    const Dashboard &dashboard() const;
    QString dashboardPath() const;

    /// Called before a dashboard's feeds start (the app starts demo sources there).
    void setDashboardPreparer(std::function<void(const Dashboard &)> prepare);
    /// Puts the window back where it was when it was last closed (size, position, screen,
    /// maximized or full screen, the docks); the first time, 85 % of the screen (at least
    /// 1400 x 900 where it fits), centred.
    void restoreWindowLayout();

    /// Keeps each dashboard's history in `dataDir`/history (HistoryStore::pathFor): charts
    /// show the stored window when a dashboard opens, and everything received is written.
    /// Without one (tests), nothing is stored.
    void setHistorian(history::Historian *historian, const QString &dataDir);
    /// The current tab's historian.
    history::Historian *historian() const;

    DashboardView *dashboardView() const { return m_view; }
    TimeBar *timeBar() const { return m_timeBar; }
    FeedStatusView *statusView() const { return m_status; }
    /// The current tab's alarms.
    AlarmEngine *alarms() const;
    AlarmsView *alarmsView() const { return m_alarmsView; }
    AlarmNotifier *notifier() const { return m_notifier; }
    /// The status bar's alarm count (hidden while the dashboard has no alert rules).
    QPushButton *alarmButton() const { return m_alarmButton; }
    /// Opens (or raises) the settings dialog; returns it.
    SettingsDialog *openSettings();

    /// Where a dashboard with no file yet (the demo) is saved once edited: dashboard.json in
    /// the application data folder, or dashboard-2.json, -3... if that is taken.
    static QString newDashboardPath();

public Q_SLOTS:
    /// Runs `dashboard` live (feeds and panels) and saves it. Used by the settings dialog.
    /// Secrets typed as plain text are moved into the keychain first: the file gets
    /// `${keychain:...}` references, and is written once the keychain has stored them.
    void applyDashboard(const livedash::Dashboard &dashboard);

Q_SIGNALS:
    void dashboardSaved(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct Tab;
    Tab &tab() const { return *m_tab; }
    Tab *tabOf(const AlarmEngine *alarms) const;
    int indexOf(const Tab *tab) const;
    /// A new tab's alarm engine, historian and signal connections.
    std::unique_ptr<Tab> makeTab();
    /// The current tab's document in every part of the window (panels, docks, time bar,
    /// banners, title); nothing is restarted.
    void showCurrentTab();
    void updateTabs();
    /// Runs every tab's feeds as one set (the engine's), each feed once.
    void applyFeeds();
    /// The Feeds dock lists the shown tab's feeds (every feed while one tab is open).
    void updateShownFeeds();
    void rotate();
    void styleBanners();
    void updateLookActions();
    void updateRotation();
    void openDashboardFile();
    void saveAs();
    bool save(const QString &path);
    /// Replaces the plain-text secrets in `dashboard` by keychain references and starts
    /// storing them; false (with the reason) when they cannot be stored.
    bool moveSecretsToKeychain(Dashboard &dashboard, QString *why);
    void secretWritten(const QString &name, const QString &error);
    /// Runs m_dashboard's feeds (trusted), or shows them stopped with the banner (untrusted).
    void runFeeds();
    void updateTrustBanner();
    /// Opens the dashboard's history file (if it keeps one) and loads the stored window into
    /// the channels its feeds will fill, before they start.
    void openHistory(Tab &tab);
    void updateHistoryBanner();
    /// File > Export data: the Export dialog over the dashboard's history.
    void exportData();
    /// Asks where, then saves `widget` as PNG or SVG.
    void saveImage(QWidget *widget, const QString &name);
    /// Lets the dashboard at `path` use the keychain entries m_dashboard refers to that nobody
    /// owns yet, or that `previousPath` owns (Save As).
    void claimKeychainEntries(const QString &path, const QString &previousPath);
    void updateStatusBar();
    /// Gives the alarm engine the dashboard's rules (none while untrusted) and keeps the alarm
    /// history where the dashboard's history is, bringing back what was firing there.
    void updateAlarms(Tab &tab);
    void alarmEvent(Tab *tab, const AlarmEvent &event);
    void updateAlarmStatus();
    /// Brings the window and the Alarms dock to the front on one alarm (a notification click).
    void showAlarm(Tab *tab, const QString &rule, const QString &channel);
    void showAlarmsDock();
    void updateTitle();
    /// Moves and shrinks the window into its screen's available area, frame included.
    void fitToScreen();
    void showPlugins();

    const PluginRegistry *m_registry;
    IngestEngine *m_engine;
    std::vector<std::unique_ptr<Tab>> m_tabs;
    Tab *m_tab = nullptr; ///< the one shown
    QTabBar *m_tabBar = nullptr;
    std::function<void(const Dashboard &)> m_prepare;
    DashboardView *m_view;
    FeedStatusView *m_status;
    QLabel *m_summary;
    QLabel *m_fileLabel;
    QAction *m_pause;
    QAction *m_editLayout = nullptr;
    QLabel *m_pausedBanner = nullptr;
    QLabel *m_historyBanner = nullptr;
    TimeBar *m_timeBar = nullptr;
    QAction *m_exportData = nullptr;
    QLabel *m_historyLabel = nullptr;
    history::Historian *m_historian = nullptr; ///< the application's (the first tab's)
    QString m_historyDir;
    QFrame *m_trustBanner = nullptr;
    QLabel *m_trustDetails = nullptr;
    QPushButton *m_trustButton = nullptr;
    TrustStore m_trust;
    QPointer<SettingsDialog> m_settings;
    AlarmsView *m_alarmsView = nullptr;
    QDockWidget *m_alarmsDock = nullptr;
    AlarmNotifier *m_notifier = nullptr;
    QPushButton *m_alarmButton = nullptr;
    bool m_fitWhenShown = false;
    std::optional<Kiosk> m_kiosk;
    QTimer *m_rotation = nullptr;
    QLabel *m_kioskLabel = nullptr;
    QList<QAction *> m_themeActions;
    QAction *m_textSizeLabel = nullptr;
    bool m_rotationHeld = false;
    QByteArray m_stateBeforeKiosk; ///< docks and tool bars, given back on leaving
    QSet<QString> m_secretWrites;  ///< keychain writes the next save waits for
    QStringList m_secretWriteErrors;
    QString m_deferredSavePath; ///< a save waiting for m_secretWrites
};

} // namespace livedash
