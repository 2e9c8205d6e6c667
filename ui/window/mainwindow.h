#pragma once

#include "alarms/alarmlog.h"
#include "document/dashboard.h"
#include "document/truststore.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QDockWidget;
class QFrame;
class QLabel;
class QPushButton;

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

    /// Shows `dashboard` and runs its feeds. `path` is where edits are saved; empty means the
    /// built-in demo, which is saved to the user's dashboard file on the first change.
    /// A file the operator has not trusted (TrustStore: Livedash did not write it, or it changed
    /// since) opens with its feeds stopped and nothing resolved, under a banner that lists what
    /// it would do, until "Trust and start".
    void setDashboard(const Dashboard &dashboard, const QString &path);
    /// Whether the dashboard shown may run its feeds.
    bool isTrusted() const { return m_trusted; }
    /// Records the file shown as trusted (as it was loaded) and starts its feeds.
    void trustAndStart();
    /// Settings' Test button is off while the dashboard is not trusted.
    void updateSettingsTrust();
    /// File > Save as, without the file dialog: writes the dashboard to `path`, which is where
    /// it is saved from then on. A trusted dashboard stays trusted there, and the copy may use
    /// the keychain entries the original owned.
    bool saveTo(const QString &path);
    const Dashboard &dashboard() const { return m_dashboard; }
    QString dashboardPath() const { return m_path; }

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
    history::Historian *historian() const { return m_historian; }

    DashboardView *dashboardView() const { return m_view; }
    TimeBar *timeBar() const { return m_timeBar; }
    FeedStatusView *statusView() const { return m_status; }
    AlarmEngine *alarms() const { return m_alarms; }
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
    void openHistory();
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
    void updateAlarms();
    void alarmEvent(const AlarmEvent &event);
    void updateAlarmStatus();
    /// Brings the window and the Alarms dock to the front on one alarm (a notification click).
    void showAlarm(const QString &rule, const QString &channel);
    void showAlarmsDock();
    void updateTitle();
    /// Moves and shrinks the window into its screen's available area, frame included.
    void fitToScreen();
    void showPlugins();

    const PluginRegistry *m_registry;
    IngestEngine *m_engine;
    Dashboard m_dashboard;
    QString m_path;
    std::function<void(const Dashboard &)> m_prepare;
    DashboardView *m_view;
    FeedStatusView *m_status;
    QLabel *m_summary;
    QLabel *m_fileLabel;
    QAction *m_pause;
    QLabel *m_pausedBanner = nullptr;
    QLabel *m_historyBanner = nullptr;
    TimeBar *m_timeBar = nullptr;
    QAction *m_exportData = nullptr;
    QLabel *m_historyLabel = nullptr;
    history::Historian *m_historian = nullptr;
    /// The panels' read connection to the history file (charts zoomed or panned past memory).
    std::unique_ptr<history::HistoryStore> m_historyReader;
    QString m_historyDir;
    QFrame *m_trustBanner = nullptr;
    QLabel *m_trustDetails = nullptr;
    QPushButton *m_trustButton = nullptr;
    TrustStore m_trust;
    bool m_trusted = true;
    QByteArray m_fileHash; ///< the file's bytes as shown (loaded or saved), for trustAndStart()
    QPointer<SettingsDialog> m_settings;
    AlarmEngine *m_alarms = nullptr;
    AlarmsView *m_alarmsView = nullptr;
    QDockWidget *m_alarmsDock = nullptr;
    AlarmNotifier *m_notifier = nullptr;
    AlarmWebhook *m_webhook = nullptr; ///< the dashboard's alertWebhook, while trusted
    QPushButton *m_alarmButton = nullptr;
    AlarmLog m_alarmLog;
    /// Where m_alarmLog keeps events (empty: nowhere); unset before the first dashboard.
    std::optional<QString> m_alarmLogWhere;
    bool m_alarmsRestored = false;
    bool m_fitWhenShown = false;
    QSet<QString> m_secretWrites; ///< keychain writes the next save waits for
    QStringList m_secretWriteErrors;
    QString m_deferredSavePath; ///< a save waiting for m_secretWrites
};

} // namespace livedash
