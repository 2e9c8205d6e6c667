#pragma once

#include "alarms/alarm.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QSystemTrayIcon;

namespace livedash {

/// Tells the desktop when an alarm fires, so that an operator looking elsewhere sees it.
///
/// On Linux (and the BSDs) it goes straight to the freedesktop notification service
/// (org.freedesktop.Notifications on the session bus), which every desktop runs even where no
/// tray area is shown; a critical alarm's notification stays until it is dismissed. On Windows
/// and macOS, and where no such service answers, it is a system tray message
/// (QSystemTrayIcon). Clicking it emits activated(): the window comes to the front on the alarm.
class AlarmNotifier : public QObject
{
    Q_OBJECT
public:
    explicit AlarmNotifier(QObject *parent = nullptr);
    ~AlarmNotifier() override;

    /// Shows `event` (a Fired event) as coming from dashboard `dashboardName`; `dashboardKey`
    /// comes back with activated() (which of the open dashboards it was).
    void notify(const AlarmEvent &event, const QString &dashboardName,
                const QString &dashboardKey = QString());
    /// Notifications sent so far (for the status bar's tooltip and tests).
    int sent() const { return m_sent; }
    /// Why the last notification could not be shown, if it could not.
    QString lastError() const { return m_lastError; }
    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }

    static QString summary(const AlarmEvent &event);
    static QString body(const AlarmEvent &event, const QString &dashboardName);

Q_SIGNALS:
    /// The operator clicked the notification of the alarm of `rule` on `channel`, notified with
    /// `dashboardKey`.
    void activated(const QString &dashboardKey, const QString &rule, const QString &channel);
    /// A notification was shown (the server took it, or the tray showed it).
    void shown();

private Q_SLOTS:
    void actionInvoked(uint id, const QString &action);

private:
    /// Which alarm a notification is about.
    struct Origin
    {
        QString dashboardKey;
        QString rule;
        QString channel;
    };
    bool notifyFreedesktop(const AlarmEvent &event, const QString &dashboardName,
                           const Origin &origin);
    void notifyTray(const AlarmEvent &event, const QString &dashboardName, const Origin &origin);
    void activate(const Origin &origin);

    QPointer<QSystemTrayIcon> m_tray;
    QHash<uint, Origin> m_shown; ///< notification id -> its alarm
    Origin m_lastTray;
    int m_sent = 0;
    QString m_lastError;
    bool m_enabled = true;
    bool m_listening = false;
};

} // namespace livedash
