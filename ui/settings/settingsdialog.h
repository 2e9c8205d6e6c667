#pragma once

#include "document/dashboard.h"

#include <QDialog>

class QDialogButtonBox;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTabWidget;

namespace livedash {

class IngestEngine;
class PluginRegistry;
class SettingsAlertsPage;
class SettingsFeedsPage;
class SettingsPanelsPage;

/// Edits a dashboard document: feeds (each configured through the options its plugin declares,
/// with no plugin-specific UI), panels, and general settings. Emits applied() on Apply and OK;
/// the caller applies the dashboard live and saves it.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /// `registry` lists the feed kinds; `engine` probes feeds for the "Test" button and names
    /// the known channels. Both must outlive the dialog.
    SettingsDialog(const Dashboard &dashboard, const PluginRegistry *registry, IngestEngine *engine,
                   QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// The edited document.
    Dashboard dashboard() const;
    /// Shows the Alerts tab with the rule at `index` selected.
    void selectAlert(int index);
    SettingsAlertsPage *alertsPage() const { return m_alerts; }
    /// Shows the Feeds tab with the feed `id` selected.
    void selectFeed(const QString &id);
    /// See SettingsFeedsPage::setTestBlocked.
    void setTestBlocked(const QString &why);
    /// What the dashboard's history file holds now ("1.2 GB, 3 Dec 10:00 to now, in FILE").
    void setHistoryUsage(const QString &text);
    /// Whether every feed and panel is valid (OK and Apply are enabled only then).
    bool isValid() const;

    void accept() override;
    /// Cancel, Escape or the close button: edits not applied yet are discarded only after
    /// asking (Discard, or go back to editing).
    void reject() override;
    /// Closes without asking, dropping what was not applied (the dashboard it edits is gone).
    void discard() { QDialog::reject(); }
    /// Whether there are edits not applied yet.
    bool hasUnappliedChanges() const;

Q_SIGNALS:
    void applied(const livedash::Dashboard &dashboard);

private:
    QWidget *createGeneralPage();
    void apply();
    void refreshButtons();

    Dashboard m_original;
    Dashboard m_lastApplied;
    const PluginRegistry *m_registry;
    IngestEngine *m_engine;
    QTabWidget *m_tabs = nullptr;
    SettingsFeedsPage *m_feeds = nullptr;
    SettingsPanelsPage *m_panels = nullptr;
    SettingsAlertsPage *m_alerts = nullptr;
    QLineEdit *m_name = nullptr;
    QSpinBox *m_history = nullptr;
    QCheckBox *m_keepHistory = nullptr;
    QSpinBox *m_historyDays = nullptr;
    QSpinBox *m_historySize = nullptr;
    QLabel *m_historyUsage = nullptr;
    QLabel *m_summary = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace livedash
