#include "settings/settingsalertspage.h"

#include "document/dashboard.h"
#include "widgets/settingserrorlabel.h"
#include "widgets/settingsspinbox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <limits>

namespace livedash {

namespace {

const AlertCondition Conditions[] = {
    AlertCondition::Above,    AlertCondition::Below,     AlertCondition::Outside,
    AlertCondition::Equals,   AlertCondition::Matches,   AlertCondition::Stale,
    AlertCondition::FeedDown, AlertCondition::RateAbove,
};

QString conditionLabel(AlertCondition c)
{
    switch (c) {
    case AlertCondition::Above:
        return SettingsAlertsPage::tr("Above a limit");
    case AlertCondition::Below:
        return SettingsAlertsPage::tr("Below a limit");
    case AlertCondition::Outside:
        return SettingsAlertsPage::tr("Outside a range");
    case AlertCondition::Equals:
        return SettingsAlertsPage::tr("Text equals");
    case AlertCondition::Matches:
        return SettingsAlertsPage::tr("Text matches (regular expression)");
    case AlertCondition::Stale:
        return SettingsAlertsPage::tr("No data for a time");
    case AlertCondition::FeedDown:
        return SettingsAlertsPage::tr("Feed down for a time");
    case AlertCondition::RateAbove:
        return SettingsAlertsPage::tr("Changing faster than (per second)");
    }
    return {};
}

QDoubleSpinBox *numberBox()
{
    auto *box = internal::guardWheel(new internal::CompactDoubleSpinBox);
    box->setRange(-1e12, 1e12);
    return box;
}

} // namespace

SettingsAlertsPage::SettingsAlertsPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    auto *splitter = new QSplitter;
    layout->addWidget(splitter);

    auto *listPane = new QWidget;
    auto *listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("alertList"));
    listLayout->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add alert"));
    add->setObjectName(QStringLiteral("addAlert"));
    m_remove = new QPushButton(tr("&Remove"));
    m_remove->setObjectName(QStringLiteral("removeAlert"));
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    listLayout->addLayout(buttons);
    splitter->addWidget(listPane);

    m_editor = new QWidget;
    m_form = new QFormLayout(m_editor);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("alertName"));
    m_name->setPlaceholderText(tr("What the operator sees, e.g. \"Payments slow\""));
    m_channel = internal::guardWheel(new QComboBox);
    m_channel->setObjectName(QStringLiteral("alertChannel"));
    m_channel->setEditable(true);
    m_channel->setInsertPolicy(QComboBox::NoInsert);
    m_channel->setToolTip(
        tr("A channel name or pattern: '*' is one level (\"services/latency/*\"), "
           "a trailing \"/**\" everything below. Each matching channel has an "
           "alarm of its own. For \"Feed down\": the feed's id."));
    m_condition = internal::guardWheel(new QComboBox);
    m_condition->setObjectName(QStringLiteral("alertCondition"));
    for (AlertCondition c : Conditions)
        m_condition->addItem(conditionLabel(c), int(c));
    m_limit = numberBox();
    m_limit->setObjectName(QStringLiteral("alertLimit"));
    m_low = numberBox();
    m_low->setObjectName(QStringLiteral("alertLow"));
    m_high = numberBox();
    m_high->setObjectName(QStringLiteral("alertHigh"));
    m_text = new QLineEdit;
    m_text->setObjectName(QStringLiteral("alertText"));
    m_seconds = internal::guardWheel(new QSpinBox);
    m_seconds->setObjectName(QStringLiteral("alertSeconds"));
    m_seconds->setRange(limits::AlertSeconds.min, limits::AlertSeconds.max);
    m_seconds->setSuffix(tr(" s"));
    m_for = internal::guardWheel(new QSpinBox);
    m_for->setObjectName(QStringLiteral("alertFor"));
    m_for->setRange(limits::AlertForSeconds.min, limits::AlertForSeconds.max);
    m_for->setSuffix(tr(" s"));
    m_for->setToolTip(tr("How long the condition must hold before the alarm fires; pending "
                         "until then"));
    m_hysteresis = numberBox();
    m_hysteresis->setObjectName(QStringLiteral("alertHysteresis"));
    m_hysteresis->setMinimum(0);
    m_hysteresis->setToolTip(tr("How far the value must come back past the limit before the "
                                "alarm ends, so that a value on the threshold does not flap"));
    m_severity = internal::guardWheel(new QComboBox);
    m_severity->setObjectName(QStringLiteral("alertSeverity"));
    m_severity->addItem(tr("Info"), int(AlertSeverity::Info));
    m_severity->addItem(tr("Warning"), int(AlertSeverity::Warning));
    m_severity->addItem(tr("Critical"), int(AlertSeverity::Critical));
    m_latching = new QCheckBox(tr("Stays firing until acknowledged (latch)"));
    m_latching->setObjectName(QStringLiteral("alertLatch"));
    m_enabled = new QCheckBox(tr("Enabled"));
    m_enabled->setObjectName(QStringLiteral("alertEnabled"));
    m_describe = new QLabel;
    m_describe->setObjectName(QStringLiteral("alertSummary"));
    m_describe->setWordWrap(true);
    m_error = new internal::ErrorLabel(QStringLiteral("alertError"));

    m_form->addRow(tr("Name:"), m_name);
    m_form->addRow(tr("Channel:"), m_channel);
    m_form->addRow(tr("When:"), m_condition);
    m_form->addRow(tr("Limit:"), m_limit);
    m_form->addRow(tr("Low:"), m_low);
    m_form->addRow(tr("High:"), m_high);
    m_form->addRow(tr("Text:"), m_text);
    m_form->addRow(tr("For at least:"), m_seconds);
    m_form->addRow(tr("Hysteresis:"), m_hysteresis);
    m_form->addRow(tr("Hold before firing:"), m_for);
    m_form->addRow(tr("Severity:"), m_severity);
    m_form->addRow(QString(), m_latching);
    m_form->addRow(QString(), m_enabled);
    m_form->addRow(QString(), m_describe);
    m_form->addRow(QString(), m_error);
    splitter->addWidget(m_editor);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({260, 600});

    connect(add, &QPushButton::clicked, this, [this] { addRule(); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_current < 0 || m_current >= m_rules.size())
            return;
        const int at = m_current;
        m_rules.removeAt(at);
        m_current = -1;
        delete m_list->takeItem(at);
        showRule(std::min(at, int(m_rules.size()) - 1));
        refreshValidation();
        Q_EMIT changed();
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (!m_loading && row != m_current)
            showRule(row);
    });
    const auto edited = [this] {
        if (m_loading)
            return;
        storeEditor();
        Q_EMIT changed();
    };
    connect(m_name, &QLineEdit::textEdited, this, edited);
    connect(m_channel, &QComboBox::editTextChanged, this, edited);
    connect(m_condition, &QComboBox::currentIndexChanged, this, [this, edited] {
        updateConditionRows();
        edited();
    });
    for (QDoubleSpinBox *box : {m_limit, m_low, m_high, m_hysteresis})
        connect(box, &QDoubleSpinBox::valueChanged, this, edited);
    for (QSpinBox *box : {m_seconds, m_for})
        connect(box, &QSpinBox::valueChanged, this, edited);
    connect(m_text, &QLineEdit::textEdited, this, edited);
    connect(m_severity, &QComboBox::currentIndexChanged, this, edited);
    connect(m_latching, &QCheckBox::toggled, this, edited);
    connect(m_enabled, &QCheckBox::toggled, this, edited);
    showRule(-1);
}

void SettingsAlertsPage::setRules(const QList<AlertRule> &rules)
{
    m_rules = rules;
    m_loading = true;
    m_list->clear();
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        m_list->addItem(QString());
        refreshItem(int(i));
    }
    m_loading = false;
    m_current = -1;
    showRule(m_rules.isEmpty() ? -1 : 0);
    refreshValidation();
}

void SettingsAlertsPage::selectRule(int index)
{
    showRule(index);
}

void SettingsAlertsPage::addRule(const QString &channel)
{
    AlertRule rule;
    QSet<QString> names;
    for (const AlertRule &r : std::as_const(m_rules))
        names.insert(r.name);
    rule.name = tr("New alert");
    for (int n = 2; names.contains(rule.name); ++n)
        rule.name = tr("New alert %1").arg(n);
    rule.channel = channel;
    m_rules.append(rule);
    m_list->addItem(QString());
    refreshItem(int(m_rules.size()) - 1);
    showRule(int(m_rules.size()) - 1);
    refreshValidation();
    m_name->setFocus();
    m_name->selectAll();
    Q_EMIT changed();
}

void SettingsAlertsPage::setChannelSource(std::function<QStringList()> source)
{
    m_channelSource = std::move(source);
}

void SettingsAlertsPage::refreshChannels()
{
    if (!m_channelSource)
        return;
    QStringList names = m_channelSource();
    names.removeDuplicates();
    names.sort();
    const bool loading = m_loading;
    m_loading = true;
    const QString text = m_channel->currentText();
    m_channel->clear();
    m_channel->addItems(names);
    m_channel->setEditText(text);
    m_loading = loading;
}

void SettingsAlertsPage::showRule(int index)
{
    m_current = index;
    const bool valid = index >= 0 && index < m_rules.size();
    m_editor->setEnabled(valid);
    m_remove->setEnabled(valid);
    m_loading = true;
    m_list->setCurrentRow(valid ? index : -1);
    const AlertRule rule = valid ? m_rules[index] : AlertRule();
    m_name->setText(rule.name);
    m_channel->setEditText(rule.channel);
    m_condition->setCurrentIndex(m_condition->findData(int(rule.condition)));
    m_limit->setValue(rule.limit);
    m_low->setValue(rule.low);
    m_high->setValue(rule.high);
    m_text->setText(rule.text);
    m_seconds->setValue(std::max(rule.seconds, limits::AlertSeconds.min));
    m_for->setValue(rule.forSeconds);
    m_hysteresis->setValue(rule.hysteresis);
    m_severity->setCurrentIndex(m_severity->findData(int(rule.severity)));
    m_latching->setChecked(rule.latching);
    m_enabled->setChecked(rule.enabled);
    m_loading = false;
    updateConditionRows();
    refreshValidation();
}

void SettingsAlertsPage::updateConditionRows()
{
    const auto c = AlertCondition(m_condition->currentData().toInt());
    const bool limit =
        c == AlertCondition::Above || c == AlertCondition::Below || c == AlertCondition::RateAbove;
    const bool range = c == AlertCondition::Outside;
    const bool text = c == AlertCondition::Equals || c == AlertCondition::Matches;
    const bool time = c == AlertCondition::Stale || c == AlertCondition::FeedDown;
    m_form->setRowVisible(m_limit, limit);
    m_form->setRowVisible(m_low, range);
    m_form->setRowVisible(m_high, range);
    m_form->setRowVisible(m_text, text);
    m_form->setRowVisible(m_seconds, time);
    m_form->setRowVisible(m_hysteresis, limit || range);
    m_text->setPlaceholderText(c == AlertCondition::Matches ? tr("e.g. ^(down|fail)")
                                                            : tr("e.g. down"));
}

void SettingsAlertsPage::storeEditor()
{
    if (m_current < 0 || m_current >= m_rules.size())
        return;
    AlertRule &rule = m_rules[m_current];
    rule.name = m_name->text().trimmed();
    rule.channel = m_channel->currentText().trimmed();
    rule.condition = AlertCondition(m_condition->currentData().toInt());
    // Only what the condition uses is kept, so the file says no more than the rule does.
    const bool limit = rule.condition == AlertCondition::Above ||
                       rule.condition == AlertCondition::Below ||
                       rule.condition == AlertCondition::RateAbove;
    const bool range = rule.condition == AlertCondition::Outside;
    rule.limit = limit ? m_limit->value() : 0;
    rule.low = range ? m_low->value() : 0;
    rule.high = range ? m_high->value() : 0;
    rule.text = rule.isText() ? m_text->text() : QString();
    rule.seconds =
        (rule.condition == AlertCondition::Stale || rule.condition == AlertCondition::FeedDown)
            ? m_seconds->value()
            : 0;
    rule.hysteresis = limit || range ? m_hysteresis->value() : 0;
    rule.forSeconds = m_for->value();
    rule.severity = AlertSeverity(m_severity->currentData().toInt());
    rule.latching = m_latching->isChecked();
    rule.enabled = m_enabled->isChecked();
    refreshItem(m_current);
    refreshValidation();
}

void SettingsAlertsPage::refreshItem(int index)
{
    QListWidgetItem *item = m_list->item(index);
    if (!item)
        return;
    const AlertRule &rule = m_rules[index];
    const QString name = rule.name.isEmpty() ? tr("(no name)") : rule.name;
    item->setText(rule.enabled ? name : tr("%1 (off)").arg(name));
    item->setToolTip(QStringLiteral("%1 %2").arg(rule.channel, rule.describe()));
}

QString SettingsAlertsPage::ruleProblem(int index) const
{
    const AlertRule &rule = m_rules[index];
    for (int i = 0; i < index; ++i)
        if (m_rules[i].name == rule.name)
            return tr("name: another alert is called \"%1\"").arg(rule.name);
    if (const std::optional<Problem> p = rule.problem())
        return tr("%1: %2").arg(p->path, p->message);
    return {};
}

QStringList SettingsAlertsPage::problems() const
{
    QStringList out;
    for (int i = 0; i < m_rules.size(); ++i) {
        const QString problem = ruleProblem(i);
        if (!problem.isEmpty())
            out.append(tr("Alert \"%1\": %2").arg(m_rules[i].name, problem));
    }
    return out;
}

void SettingsAlertsPage::refreshValidation()
{
    const bool valid = m_current >= 0 && m_current < m_rules.size();
    internal::setError(m_error, valid ? ruleProblem(m_current) : QString());
    if (!valid) {
        m_describe->setText(m_rules.isEmpty()
                                ? tr("No alerts yet. \"Add alert\" makes one: a condition on a "
                                     "channel that fires an alarm, notifies the desktop and "
                                     "waits in the Alarms dock until acknowledged.")
                                : QString());
        m_describe->setEnabled(true);
        return;
    }
    const AlertRule &rule = m_rules[m_current];
    QString what =
        tr("Fires when %1 is %2")
            .arg(rule.channel.isEmpty() ? tr("the channel") : rule.channel, rule.describe());
    if (rule.forSeconds > 0)
        what += tr(" for %1 s").arg(rule.forSeconds);
    what += rule.latching ? tr("; stays firing until acknowledged.")
                          : tr("; clears by itself when the condition ends.");
    m_describe->setText(what);
}

void SettingsAlertsPage::renameFeed(const QString &from, const QString &to)
{
    const QString prefix = from + QLatin1Char('/');
    bool any = false;
    for (AlertRule &rule : m_rules) {
        if (rule.channel == from) {
            rule.channel = to;
            any = true;
        } else if (rule.channel.startsWith(prefix)) {
            rule.channel = to + QLatin1Char('/') + rule.channel.mid(prefix.size());
            any = true;
        }
    }
    if (any)
        showRule(m_current);
}

} // namespace livedash
