#include "settings/settingsdialog.h"
#include "settings/settingsalertspage.h"
#include "settings/settingsfeedspage.h"
#include "settings/settingspanelspage.h"
#include "widgets/settingserrorlabel.h"
#include "widgets/settingsspinbox.h"
#include "window/translations.h"

#include "ingest/ingestengine.h"
#include "ingest/pluginregistry.h"
#include "store/channelstore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace livedash {

SettingsDialog::SettingsDialog(const Dashboard &dashboard, const PluginRegistry *registry,
                               IngestEngine *engine, QWidget *parent)
    : QDialog(parent), m_original(dashboard), m_lastApplied(dashboard), m_registry(registry),
      m_engine(engine)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(dashboard.name.isEmpty() ? tr("Dashboard settings")
                                            : tr("Settings – %1").arg(dashboard.name));
    setSizeGripEnabled(true);
    resize(1120, 740);

    auto *layout = new QVBoxLayout(this);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_feeds = new SettingsFeedsPage(registry, engine);
    m_feeds->setObjectName(QStringLiteral("feedsPage"));
    m_panels = new SettingsPanelsPage;
    m_panels->setObjectName(QStringLiteral("panelsPage"));
    m_tabs->addTab(m_feeds, tr("Feeds"));
    m_tabs->addTab(m_panels, tr("Panels"));
    m_alerts = new SettingsAlertsPage;
    m_alerts->setObjectName(QStringLiteral("alertsPage"));
    m_tabs->addTab(m_alerts, tr("Alerts"));
    m_tabs->addTab(createGeneralPage(), tr("General"));
    layout->addWidget(m_tabs, 1);

    auto *bottom = new QHBoxLayout;
    m_summary = new internal::ErrorLabel(QStringLiteral("validationSummary"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply |
                                     QDialogButtonBox::Cancel);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_buttons, 0, Qt::AlignBottom);
    layout->addLayout(bottom);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);

    // Known channels: those seen so far plus those the (edited) mappings will create.
    m_panels->setChannelSource([this] {
        QStringList names = m_feeds->mappedChannels();
        if (m_engine)
            names += m_engine->store().names();
        return names;
    });
    m_alerts->setChannelSource([this] {
        QStringList names = m_feeds->mappedChannels();
        if (m_engine)
            names += m_engine->store().names();
        for (const FeedConfig &feed : m_feeds->feeds())
            names.append(feed.id); // "feed down" names a feed
        return names;
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_tabs->widget(index) == m_panels)
            m_panels->refreshChannels();
        if (m_tabs->widget(index) == m_alerts)
            m_alerts->refreshChannels();
    });
    connect(m_feeds, &SettingsFeedsPage::changed, this, &SettingsDialog::refreshButtons);
    connect(m_panels, &SettingsPanelsPage::changed, this, &SettingsDialog::refreshButtons);
    connect(m_feeds, &SettingsFeedsPage::feedRenamed, m_panels, &SettingsPanelsPage::renameFeed);
    connect(m_feeds, &SettingsFeedsPage::chartRequested, this,
            [this](const QString &title, const QStringList &channels) {
                m_panels->addChart(title, channels);
                m_tabs->setCurrentWidget(m_panels);
            });
    connect(m_alerts, &SettingsAlertsPage::changed, this, &SettingsDialog::refreshButtons);
    connect(m_feeds, &SettingsFeedsPage::feedRenamed, m_alerts, &SettingsAlertsPage::renameFeed);

    m_feeds->setFeeds(dashboard.feeds);
    m_panels->setPanels(dashboard.panels);
    m_alerts->setRules(dashboard.alerts);
    m_name->setText(dashboard.name);
    m_history->setValue(dashboard.historyLength);
    m_keepHistory->setChecked(dashboard.history.enabled);
    m_historyDays->setValue(dashboard.history.maxAgeDays);
    m_historySize->setValue(dashboard.history.maxSizeMb);
    refreshButtons();
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::createGeneralPage()
{
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("generalPage"));
    auto *v = new QVBoxLayout(page);

    auto *box = new QGroupBox(tr("Dashboard"));
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("dashboardName"));
    m_name->setPlaceholderText(tr("Shown in the window title"));
    form->addRow(tr("Name:"), m_name);

    auto *historyCell = new QWidget;
    auto *historyLayout = new QVBoxLayout(historyCell);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->setSpacing(2);
    m_history = internal::createSpinBox(QStringLiteral("historyLength"), limits::HistoryLength);
    m_history->setSingleStep(10000);
    m_history->setSuffix(tr(" points per channel"));
    m_history->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto *historyHint = new QLabel;
    historyHint->setObjectName(QStringLiteral("historyHint"));
    historyHint->setWordWrap(true);
    historyHint->setForegroundRole(QPalette::PlaceholderText);
    auto hint = [historyHint](int points) {
        // Sample is a qint64 time and a double value.
        const qint64 bytes = qint64(points) * 16;
        historyHint->setText(tr("Up to %1 of memory per numeric channel. Charts show at most "
                                "this much history.")
                                 .arg(QLocale().formattedDataSize(bytes)));
    };
    connect(m_history, &QSpinBox::valueChanged, this, [this, hint](int points) {
        hint(points);
        refreshButtons();
    });
    hint(m_history->value());
    historyLayout->addWidget(m_history, 0, Qt::AlignLeft);
    historyLayout->addWidget(historyHint);
    form->addRow(tr("History length:"), historyCell);
    connect(m_name, &QLineEdit::textEdited, this, &SettingsDialog::refreshButtons);
    v->addWidget(box);

    auto *diskBox = new QGroupBox(tr("History on disk"));
    auto *diskForm = new QFormLayout(diskBox);
    m_keepHistory = new QCheckBox(tr("Keep everything this dashboard receives on disk"));
    m_keepHistory->setObjectName(QStringLiteral("historyEnabled"));
    diskForm->addRow(QString(), m_keepHistory);
    m_historyDays =
        internal::createSpinBox(QStringLiteral("historyMaxAgeDays"), limits::HistoryDays);
    m_historyDays->setSuffix(tr(" days"));
    m_historyDays->setSpecialValueText(tr("kept however old"));
    diskForm->addRow(tr("Keep at most:"), m_historyDays);
    m_historySize =
        internal::createSpinBox(QStringLiteral("historyMaxSizeMb"), limits::HistorySizeMb);
    m_historySize->setSuffix(tr(" MB"));
    m_historySize->setSingleStep(1024);
    m_historySize->setSpecialValueText(tr("no size limit"));
    diskForm->addRow(tr("Use at most:"), m_historySize);
    m_historyUsage = new QLabel(tr("Not kept yet."));
    m_historyUsage->setObjectName(QStringLiteral("historyUsage"));
    m_historyUsage->setWordWrap(true);
    m_historyUsage->setForegroundRole(QPalette::PlaceholderText);
    m_historyUsage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    diskForm->addRow(tr("Now:"), m_historyUsage);
    auto *oldestFirst = new QLabel(tr("The oldest history goes first when either limit is "
                                      "reached."));
    oldestFirst->setWordWrap(true);
    oldestFirst->setForegroundRole(QPalette::PlaceholderText);
    diskForm->addRow(QString(), oldestFirst);
    connect(m_keepHistory, &QCheckBox::toggled, this, [this](bool on) {
        m_historyDays->setEnabled(on);
        m_historySize->setEnabled(on);
        refreshButtons();
    });
    connect(m_historyDays, &QSpinBox::valueChanged, this, &SettingsDialog::refreshButtons);
    connect(m_historySize, &QSpinBox::valueChanged, this, &SettingsDialog::refreshButtons);
    v->addWidget(diskBox);

    auto *pluginsBox = new QGroupBox(tr("Installed feed kinds"));
    auto *pluginsLayout = new QVBoxLayout(pluginsBox);
    auto *plugins = new QLabel;
    plugins->setObjectName(QStringLiteral("installedPlugins"));
    plugins->setWordWrap(true);
    plugins->setTextFormat(Qt::PlainText);
    plugins->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QStringList lines;
    if (m_registry) {
        for (const PluginInfo &info : m_registry->plugins())
            lines.append(QStringLiteral("%1 (%2) %3%4")
                             .arg(feedText(info.displayName), info.id, info.version,
                                  info.description.isEmpty()
                                      ? QString()
                                      : QStringLiteral(" – ") + feedText(info.description)));
    }
    if (lines.isEmpty())
        lines.append(tr("No feed plugins are installed."));
    plugins->setText(lines.join(QLatin1Char('\n')));
    pluginsLayout->addWidget(plugins);
    if (m_registry && !m_registry->failures().isEmpty()) {
        QStringList failed;
        for (const PluginRegistry::Failure &f : m_registry->failures())
            failed.append(QStringLiteral("%1: %2").arg(QFileInfo(f.file).fileName(), f.reason));
        auto *failures = new internal::ErrorLabel(QStringLiteral("pluginFailures"));
        internal::setError(failures, tr("Not loaded:\n%1").arg(failed.join(QLatin1Char('\n'))));
        pluginsLayout->addWidget(failures);
    }
    v->addWidget(pluginsBox);
    v->addStretch(1);
    return page;
}

Dashboard SettingsDialog::dashboard() const
{
    Dashboard d = m_original;
    d.name = m_name->text().trimmed();
    d.historyLength = m_history->value();
    d.history.enabled = m_keepHistory->isChecked();
    d.history.maxAgeDays = m_historyDays->value();
    d.history.maxSizeMb = m_historySize->value();
    d.feeds = m_feeds->feeds();
    d.panels = m_panels->panels();
    d.alerts = m_alerts->rules();
    return d;
}

void SettingsDialog::setHistoryUsage(const QString &text)
{
    m_historyUsage->setText(text);
}

void SettingsDialog::setTestBlocked(const QString &why)
{
    m_feeds->setTestBlocked(why);
}

void SettingsDialog::selectAlert(int index)
{
    m_tabs->setCurrentWidget(m_alerts);
    m_alerts->selectRule(index);
}

void SettingsDialog::selectFeed(const QString &id)
{
    m_tabs->setCurrentWidget(m_feeds);
    m_feeds->selectFeed(id);
}

bool SettingsDialog::isValid() const
{
    return m_feeds->problems().isEmpty() && m_panels->problems().isEmpty() &&
           m_alerts->problems().isEmpty();
}

void SettingsDialog::refreshButtons()
{
    const QStringList problems = m_feeds->problems() + m_panels->problems() + m_alerts->problems();
    QString summary;
    if (!problems.isEmpty()) {
        summary = problems.first();
        if (problems.size() > 1)
            summary += tr("\n…and %1 more (hover here for the full list)").arg(problems.size() - 1);
    }
    internal::setError(m_summary, summary);
    m_summary->setToolTip(problems.join(QLatin1Char('\n')));
    const bool valid = problems.isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(valid && dashboard() != m_lastApplied);
}

void SettingsDialog::apply()
{
    if (!isValid())
        return;
    m_lastApplied = dashboard();
    Q_EMIT applied(m_lastApplied);
    refreshButtons();
}

bool SettingsDialog::hasUnappliedChanges() const
{
    return dashboard() != m_lastApplied;
}

void SettingsDialog::reject()
{
    if (!hasUnappliedChanges()) {
        QDialog::reject();
        return;
    }
    if (findChild<QMessageBox *>(QStringLiteral("discardChanges")))
        return; // already asking
    auto *ask = new QMessageBox(QMessageBox::Question, tr("Discard changes?"),
                                tr("The changes made since the last Apply are not applied or "
                                   "saved."),
                                QMessageBox::Discard | QMessageBox::Cancel, this);
    ask->setObjectName(QStringLiteral("discardChanges"));
    ask->setInformativeText(tr("Discard them, or go back and apply them?"));
    ask->setDefaultButton(QMessageBox::Cancel);
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QMessageBox::finished, this, [this, ask] {
        if (ask->clickedButton() == ask->button(QMessageBox::Discard))
            QDialog::reject();
    });
    ask->open();
}

void SettingsDialog::accept()
{
    if (!isValid())
        return;
    // OK applies even when nothing changed since Apply: cheap, and the caller saves on it.
    m_lastApplied = dashboard();
    Q_EMIT applied(m_lastApplied);
    QDialog::accept();
}

} // namespace livedash
