#pragma once

#include "document/alertrule.h"

#include <QList>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace livedash {

/// The "Alerts" tab of the settings dialog: the dashboard's alert rules and an editor for the
/// selected one. The editor shows the fields its condition uses, and says what is wrong with
/// the rule as it is typed.
class SettingsAlertsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsAlertsPage(QWidget *parent = nullptr);

    void setRules(const QList<AlertRule> &rules);
    const QList<AlertRule> &rules() const { return m_rules; }
    void selectRule(int index);
    /// Adds a rule (on `channel`, if given) and selects it.
    void addRule(const QString &channel = QString());

    /// Where the known channel names come from (the channel field offers them).
    void setChannelSource(std::function<QStringList()> source);
    void refreshChannels();

    /// One line per invalid rule ("Alert \"CPU hot\": limit: ...").
    QStringList problems() const;

    /// Channels "<from>/..." of every rule become "<to>/..." (a feed was renamed).
    void renameFeed(const QString &from, const QString &to);

Q_SIGNALS:
    void changed();

private:
    void showRule(int index);
    void storeEditor();
    void updateConditionRows();
    void refreshItem(int index);
    void refreshValidation();
    QString ruleProblem(int index) const;

    QList<AlertRule> m_rules;
    int m_current = -1;
    bool m_loading = false;
    std::function<QStringList()> m_channelSource;

    QListWidget *m_list = nullptr;
    QPushButton *m_remove = nullptr;
    QWidget *m_editor = nullptr;
    QFormLayout *m_form = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_channel = nullptr;
    QComboBox *m_condition = nullptr;
    QDoubleSpinBox *m_limit = nullptr;
    QDoubleSpinBox *m_low = nullptr;
    QDoubleSpinBox *m_high = nullptr;
    QLineEdit *m_text = nullptr;
    QSpinBox *m_seconds = nullptr;
    QSpinBox *m_for = nullptr;
    QDoubleSpinBox *m_hysteresis = nullptr;
    QComboBox *m_severity = nullptr;
    QCheckBox *m_latching = nullptr;
    QCheckBox *m_enabled = nullptr;
    QLabel *m_describe = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace livedash
