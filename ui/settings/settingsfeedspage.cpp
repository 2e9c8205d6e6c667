#include "settings/settingsfeedspage.h"
#include "settings/mappingeditor.h"
#include "settings/optionsform.h"
#include "widgets/settingserrorlabel.h"
#include "widgets/settingsspinbox.h"
#include "window/translations.h"

#include "ingest/ingestengine.h"
#include "ingest/messagemapper.h"
#include "ingest/pluginregistry.h"
#include "secrets/secrets.h"
#include "secrets/secretstore.h"
#include "secrets/variables.h"
#include <livedash/redact.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

namespace livedash {

namespace {

constexpr int ProbeTimeoutMs = 10000;
constexpr qsizetype MaxShownMessageBytes = 256 * 1024;

/// The problems of `problems` at `key` or below it, taken out of the list.
QList<Problem> take(QList<Problem> *problems, const QString &key)
{
    QList<Problem> out;
    for (qsizetype i = 0; i < problems->size();) {
        if (problems->at(i).isUnder(key))
            out.append(problems->takeAt(i));
        else
            ++i;
    }
    return out;
}

bool keychainUnavailable(const SecretStore *store)
{
    return store && store->availability() == SecretStore::Availability::Unavailable;
}

/// Plain-text secrets where no keychain can keep them: saving would write them to the file.
QList<Problem> secretProblems(const FeedConfig &feed, const QList<OptionSpec> &schema,
                              const SecretStore *store)
{
    QList<Problem> out;
    if (!keychainUnavailable(store))
        return out;
    for (const PlaintextSecret &p : plaintextSecrets(schema, withDefaults(schema, feed.options))) {
        const QString instead =
            p.headerName.isEmpty()
                ? SettingsFeedsPage::tr("enter ${env:NAME} instead")
                : SettingsFeedsPage::tr("write \"%1: ${env:NAME}\" (or \"%1: Bearer ${env:NAME}\") "
                                        "instead")
                      .arg(p.headerName);
        out.append(
            {joinPath(QStringLiteral("options"), p.optionKey),
             SettingsFeedsPage::tr("no system keychain is available (%1), so this secret cannot "
                                   "be saved safely: %2 and set NAME in Livedash's environment")
                 .arg(store->unavailableReason(), instead)});
    }
    return out;
}

QStringList envNames(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("\\$\\{env:([A-Za-z0-9_.-]+)\\}"));
    QStringList out;
    auto it = re.globalMatch(text);
    while (it.hasNext())
        out.append(it.next().captured(1));
    return out;
}

/// Where a Secret option's value is kept, in words, for the hint under its field.
QString secretHint(const QVariant &value, const SecretStore *store)
{
    const QString text = value.toString().trimmed();
    const QString backend = store->backendName();
    const bool unavailable = keychainUnavailable(store);
    const QStringList keychain = Variables::keychainNames(text);
    if (!keychain.isEmpty()) {
        QString hint = SettingsFeedsPage::tr("Stored in %1 (entry %2).")
                           .arg(backend, keychain.join(QStringLiteral(", ")));
        if (unavailable)
            hint += QLatin1Char(' ') +
                    SettingsFeedsPage::tr("No keychain is available here (%1): this feed cannot "
                                          "read it; use ${env:NAME} instead.")
                        .arg(store->unavailableReason());
        return hint;
    }
    const QStringList env = envNames(text);
    if (!env.isEmpty()) {
        QStringList unset;
        for (const QString &name : env)
            if (!qEnvironmentVariableIsSet(name.toLocal8Bit().constData()))
                unset.append(name);
        QString hint = SettingsFeedsPage::tr("Read from the environment (%1) when the feed starts; "
                                             "never written to the dashboard file.")
                           .arg(env.join(QStringLiteral(", ")));
        if (!unset.isEmpty())
            hint += QLatin1Char(' ') + SettingsFeedsPage::tr("Not set in this Livedash's "
                                                             "environment: %1.")
                                           .arg(unset.join(QStringLiteral(", ")));
        return hint;
    }
    if (text.isEmpty())
        return unavailable ? SettingsFeedsPage::tr("No system keychain is available here (%1): "
                                                   "enter ${env:NAME} and set NAME in Livedash's "
                                                   "environment.")
                                 .arg(store->unavailableReason())
                           : SettingsFeedsPage::tr("Kept in %1 when saved (the dashboard file "
                                                   "holds only a reference), or enter "
                                                   "${env:NAME} to read it from the environment.")
                                 .arg(backend);
    if (unavailable)
        return {}; // the error line says what to do
    return SettingsFeedsPage::tr("Moved to %1 when saved; the dashboard file keeps only a "
                                 "reference.")
        .arg(backend);
}

/// For a Headers option: which credential headers are (or will be) kept in the keychain.
QString headersHint(const QVariant &value, const SecretStore *store)
{
    QStringList moved, stored, env;
    for (const auto &[name, raw] : parseHeaders(value)) {
        if (!isSensitiveHeader(QByteArrayView(name)))
            continue;
        const QString v = QString::fromUtf8(raw);
        const QString n = QString::fromLatin1(name);
        if (!Variables::keychainNames(v).isEmpty())
            stored.append(n);
        else if (!envNames(v).isEmpty())
            env.append(n);
        else if (!v.trimmed().isEmpty())
            moved.append(n);
    }
    QStringList parts;
    if (!moved.isEmpty() && !keychainUnavailable(store))
        parts.append(SettingsFeedsPage::tr("%1: moved to %2 when saved; the dashboard file keeps "
                                           "only a reference.")
                         .arg(moved.join(QStringLiteral(", ")), store->backendName()));
    if (!stored.isEmpty()) {
        QString line = SettingsFeedsPage::tr("%1: stored in %2.")
                           .arg(stored.join(QStringLiteral(", ")), store->backendName());
        if (keychainUnavailable(store))
            line += QLatin1Char(' ') + SettingsFeedsPage::tr("No keychain is available here (%1): "
                                                             "use ${env:NAME} instead.")
                                           .arg(store->unavailableReason());
        parts.append(line);
    }
    if (!env.isEmpty())
        parts.append(SettingsFeedsPage::tr("%1: read from the environment when the feed starts.")
                         .arg(env.join(QStringLiteral(", "))));
    return parts.join(QLatin1Char('\n'));
}

QString reconnectLabel(const QString &key)
{
    if (key == QLatin1String("reconnect.initialDelayMs"))
        return SettingsFeedsPage::tr("Initial delay");
    if (key == QLatin1String("reconnect.maxDelayMs"))
        return SettingsFeedsPage::tr("Max delay");
    if (key == QLatin1String("reconnect.stablePeriodMs"))
        return SettingsFeedsPage::tr("Stable period");
    return key;
}

} // namespace

SettingsFeedsPage::SettingsFeedsPage(const PluginRegistry *registry, IngestEngine *engine,
                                     QWidget *parent)
    : QWidget(parent), m_registry(registry), m_engine(engine)
{
    auto *layout = new QHBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("feedsSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(createListPane());
    splitter->addWidget(createEditorPane());
    splitter->addWidget(createTestPane());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 3);
    splitter->setStretchFactor(2, 2);
    splitter->setSizes({220, 520, 340});
    layout->addWidget(splitter);

    if (m_engine)
        connect(m_engine, &IngestEngine::probeFinished, this, &SettingsFeedsPage::probeFinished);
    if (SecretStore *store = m_engine ? m_engine->secretStore() : nullptr) {
        // Whether typed secrets can be kept decides what the secret fields say and allow.
        connect(store, &SecretStore::availabilityChanged, this, [this] {
            refreshValidation();
            Q_EMIT changed();
        });
        store->checkAvailability();
    }
    showFeed(-1);
}

QWidget *SettingsFeedsPage::createListPane()
{
    auto *pane = new QWidget;
    auto *v = new QVBoxLayout(pane);
    v->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("feedList"));
    m_list->setMinimumWidth(170);
    m_list->setAlternatingRowColors(true); // two-line items need telling apart
    m_list->setSpacing(2);
    v->addWidget(m_list, 1);
    connect(m_list, &QListWidget::currentRowChanged, this, &SettingsFeedsPage::showFeed);

    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add"));
    add->setObjectName(QStringLiteral("addFeed"));
    m_addMenu = new QMenu(add);
    m_addMenu->setObjectName(QStringLiteral("addFeedMenu"));
    const QList<PluginInfo> plugins = m_registry ? m_registry->plugins() : QList<PluginInfo>();
    for (const PluginInfo &info : plugins) {
        QAction *action = m_addMenu->addAction(QStringLiteral("%1 (%2)").arg(
            info.displayName.isEmpty() ? info.id : feedText(info.displayName), info.id));
        action->setData(info.id);
        action->setToolTip(feedText(info.description));
        connect(action, &QAction::triggered, this, [this, id = info.id] { addFeed(id); });
    }
    m_addMenu->setToolTipsVisible(true);
    if (plugins.isEmpty())
        m_addMenu->addAction(tr("No feed plugins are installed"))->setEnabled(false);
    add->setMenu(m_addMenu);
    m_duplicate = new QPushButton(tr("Duplicate"));
    m_duplicate->setObjectName(QStringLiteral("duplicateFeed"));
    m_remove = new QPushButton(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("removeFeed"));
    connect(m_duplicate, &QPushButton::clicked, this, &SettingsFeedsPage::duplicateFeed);
    connect(m_remove, &QPushButton::clicked, this, &SettingsFeedsPage::confirmRemoveFeed);
    buttons->addWidget(add);
    buttons->addWidget(m_duplicate);
    buttons->addWidget(m_remove);
    v->addLayout(buttons);
    return pane;
}

QWidget *SettingsFeedsPage::createEditorPane()
{
    m_editor = new QWidget;
    m_editor->setObjectName(QStringLiteral("feedEditor"));
    auto *v = new QVBoxLayout(m_editor);
    v->addWidget(createFeedBox());
    auto *optionsBox = new QGroupBox(tr("Options"));
    auto *optionsLayout = new QVBoxLayout(optionsBox);
    m_options = new OptionsForm;
    m_options->setObjectName(QStringLiteral("optionsForm"));
    m_optionsError = new internal::ErrorLabel(QStringLiteral("optionsError"));
    optionsLayout->addWidget(m_options);
    optionsLayout->addWidget(m_optionsError);
    v->addWidget(optionsBox);
    auto *mappingBox = new QGroupBox(tr("Field mapping"));
    auto *mappingLayout = new QVBoxLayout(mappingBox);
    m_mapping = new MappingEditor;
    m_mapping->setObjectName(QStringLiteral("mappingEditor"));
    mappingLayout->addWidget(m_mapping);
    v->addWidget(mappingBox);
    v->addWidget(createReconnectBox()); // rarely changed: below what every feed needs
    v->addStretch(1);
    connectEditors();

    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("feedEditorScroll"));
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_editor);
    scroll->setMinimumWidth(380);
    return scroll;
}

QWidget *SettingsFeedsPage::createFeedBox()
{
    auto *feedBox = new QGroupBox(tr("Feed"));
    auto *form = new QFormLayout(feedBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("feedName"));
    m_name->setPlaceholderText(tr("Shown in the status view"));
    form->addRow(tr("Name:"), m_name);

    auto *idCell = new QWidget;
    auto *idLayout = new QVBoxLayout(idCell);
    idLayout->setContentsMargins(0, 0, 0, 0);
    idLayout->setSpacing(2);
    m_id = new QLineEdit;
    m_id->setObjectName(QStringLiteral("feedId"));
    m_id->setToolTip(tr("Channel names start with \"<id>/\". Letters, digits, '_', '-' and '.'"));
    m_idError = new internal::ErrorLabel(QStringLiteral("feedIdError"));
    idLayout->addWidget(m_id);
    idLayout->addWidget(m_idError);
    form->addRow(tr("Id:"), idCell);

    auto *pluginCell = new QWidget;
    auto *pluginLayout = new QVBoxLayout(pluginCell);
    pluginLayout->setContentsMargins(0, 0, 0, 0);
    pluginLayout->setSpacing(2);
    m_plugin = internal::guardWheel(new QComboBox);
    m_plugin->setObjectName(QStringLiteral("feedPlugin"));
    m_pluginDescription = new QLabel;
    m_pluginDescription->setObjectName(QStringLiteral("pluginDescription"));
    m_pluginDescription->setWordWrap(true);
    m_pluginDescription->setTextFormat(Qt::PlainText);
    m_pluginDescription->setForegroundRole(QPalette::PlaceholderText);
    m_pluginError = new internal::ErrorLabel(QStringLiteral("pluginError"));
    pluginLayout->addWidget(m_plugin);
    pluginLayout->addWidget(m_pluginDescription);
    pluginLayout->addWidget(m_pluginError);
    form->addRow(tr("Kind:"), pluginCell);

    m_enabled = new QCheckBox(tr("Enabled (run this feed)"));
    m_enabled->setObjectName(QStringLiteral("feedEnabled"));
    form->addRow(QString(), m_enabled);
    m_keepHistory = new QCheckBox(tr("Keep its history on disk"));
    m_keepHistory->setObjectName(QStringLiteral("feedKeepHistory"));
    m_keepHistory->setToolTip(tr("Off: this feed's values are shown live but not written to the "
                                 "dashboard's history file"));
    form->addRow(QString(), m_keepHistory);
    return feedBox;
}

QWidget *SettingsFeedsPage::createReconnectBox()
{
    auto *reconnectBox = new QGroupBox(tr("Reconnect"));
    reconnectBox->setToolTip(tr("After a connection ends the feed waits, doubling the delay up to "
                                "the maximum; the delay resets once a connection stays up for "
                                "the stable period."));
    auto *reconnectForm = new QFormLayout(reconnectBox);
    m_initialDelay = internal::createDurationSpinBox(QStringLiteral("reconnectInitialDelay"),
                                                     limits::InitialDelayMs);
    m_maxDelay =
        internal::createDurationSpinBox(QStringLiteral("reconnectMaxDelay"), limits::MaxDelayMs);
    m_stablePeriod = internal::createDurationSpinBox(QStringLiteral("reconnectStablePeriod"),
                                                     limits::StablePeriodMs);
    reconnectForm->addRow(tr("Initial delay:"), m_initialDelay);
    reconnectForm->addRow(tr("Max delay:"), m_maxDelay);
    reconnectForm->addRow(tr("Stable period:"), m_stablePeriod);
    m_reconnectError = new internal::ErrorLabel(QStringLiteral("reconnectError"));
    reconnectForm->addRow(m_reconnectError);
    return reconnectBox;
}

/// Every editor stores the feed when the user changes it.
void SettingsFeedsPage::connectEditors()
{
    auto edited = [this] {
        if (!m_loading)
            storeEditor();
    };
    connect(m_name, &QLineEdit::textEdited, this, [this, edited] {
        // A new feed's id follows its name ("Plant sensors" -> "plant-sensors"), unique.
        if (!m_loading && m_current >= 0 && m_current < m_idFollowsName.size() &&
            m_idFollowsName[m_current])
            m_id->setText(idFromName(m_name->text()));
        edited();
    });
    connect(m_id, &QLineEdit::textEdited, this, [this, edited] {
        if (m_current >= 0 && m_current < m_idFollowsName.size())
            m_idFollowsName[m_current] = false; // the operator chose the id
        edited();
    });
    connect(m_enabled, &QCheckBox::toggled, this, edited);
    connect(m_keepHistory, &QCheckBox::toggled, this, edited);
    connect(m_options, &OptionsForm::changed, this, edited);
    for (QSpinBox *spin : {m_initialDelay, m_maxDelay, m_stablePeriod})
        connect(spin, &QSpinBox::valueChanged, this, edited);
    connect(m_mapping, &MappingEditor::changed, this, edited);
    connect(m_plugin, &QComboBox::activated, this, &SettingsFeedsPage::pluginChosen);
}

QWidget *SettingsFeedsPage::createTestPane()
{
    auto *box = new QGroupBox(tr("Test"));
    box->setObjectName(QStringLiteral("testPane"));
    auto *v = new QVBoxLayout(box);
    auto *explain = new QLabel(tr("Connects with the settings on the left and shows the first "
                                  "message and what the field mapping takes from it."));
    explain->setWordWrap(true);
    explain->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(explain);

    auto *row = new QHBoxLayout;
    m_test = new QPushButton(tr("Test"));
    m_test->setObjectName(QStringLiteral("testFeed"));
    m_test->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_testBusy = new QProgressBar;
    m_testBusy->setObjectName(QStringLiteral("testBusy"));
    m_testBusy->setRange(0, 0);
    m_testBusy->setTextVisible(false);
    m_testBusy->setMaximumHeight(m_test->sizeHint().height() / 2);
    m_testBusy->setVisible(false);
    row->addWidget(m_test);
    row->addWidget(m_testBusy, 1);
    row->addStretch(0);
    v->addLayout(row);
    // The common path in one go: a source, its mapping, then a chart of what it gives.
    m_chart = new QPushButton(tr("Chart these channels"));
    m_chart->setObjectName(QStringLiteral("chartFeedChannels"));
    m_chart->setToolTip(tr("Adds a chart of this feed's mapped channels on the Panels tab"));
    connect(m_chart, &QPushButton::clicked, this, &SettingsFeedsPage::requestChart);
    v->addWidget(m_chart, 0, Qt::AlignLeft);
    connect(m_test, &QPushButton::clicked, this, &SettingsFeedsPage::startTest);
    if (!m_engine) {
        m_test->setEnabled(false);
        m_test->setToolTip(tr("Testing needs a running ingest engine"));
    }

    m_testStatus = new QLabel;
    m_testStatus->setObjectName(QStringLiteral("testStatus"));
    m_testStatus->setWordWrap(true);
    m_testStatus->setTextFormat(Qt::PlainText);
    m_testStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_testStatus);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    auto *messagePane = new QWidget;
    auto *mv = new QVBoxLayout(messagePane);
    mv->setContentsMargins(0, 0, 0, 0);
    mv->addWidget(new QLabel(tr("First message:")));
    m_testMessage = new QPlainTextEdit;
    m_testMessage->setObjectName(QStringLiteral("testMessage"));
    m_testMessage->setReadOnly(true);
    m_testMessage->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_testMessage->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_testMessage->setPlaceholderText(tr("Nothing received yet"));
    mv->addWidget(m_testMessage);
    splitter->addWidget(messagePane);

    auto *previewPane = new QWidget;
    auto *pv = new QVBoxLayout(previewPane);
    pv->setContentsMargins(0, 0, 0, 0);
    pv->addWidget(new QLabel(tr("Extracted values:")));
    m_testPreview = new QTableWidget(0, 2);
    m_testPreview->setObjectName(QStringLiteral("testPreview"));
    m_testPreview->setHorizontalHeaderLabels({tr("Channel"), tr("Value")});
    m_testPreview->verticalHeader()->setVisible(false);
    m_testPreview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_testPreview->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_testPreview->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    pv->addWidget(m_testPreview);
    splitter->addWidget(previewPane);
    v->addWidget(splitter, 1);
    box->setMinimumWidth(260);
    return box;
}

void SettingsFeedsPage::setFeeds(const QList<FeedConfig> &feeds)
{
    m_feeds = feeds;
    m_channelIds.clear();
    m_idFollowsName.clear();
    for (const FeedConfig &feed : feeds) {
        m_channelIds.append(feed.id);
        m_idFollowsName.append(false); // a feed that exists keeps its id (its channels' names)
    }
    m_loading = true;
    m_list->clear();
    for (qsizetype i = 0; i < m_feeds.size(); ++i) {
        m_list->addItem(QString());
        refreshItem(int(i));
    }
    m_loading = false;
    m_current = -1;
    m_list->setCurrentRow(m_feeds.isEmpty() ? -1 : 0);
    if (m_feeds.isEmpty())
        showFeed(-1);
}

void SettingsFeedsPage::selectFeed(const QString &id)
{
    for (qsizetype i = 0; i < m_feeds.size(); ++i)
        if (m_feeds[i].id == id) {
            m_list->setCurrentRow(int(i));
            return;
        }
}

QString SettingsFeedsPage::idFromName(const QString &name) const
{
    QString id;
    for (const QChar c : name.normalized(QString::NormalizationForm_KD).toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_'))
            id += c;
        else if (c.isLetterOrNumber() || c.category() == QChar::Mark_NonSpacing)
            continue; // an accent split off by the normalization, or a letter with no ASCII form
        else if (!id.isEmpty() && !id.endsWith(QLatin1Char('-')))
            id += QLatin1Char('-');
    }
    while (id.endsWith(QLatin1Char('-')))
        id.chop(1);
    id.truncate(56); // room for a "-2" suffix within the 64 the id rule allows
    if (id.isEmpty())
        id = m_feeds.value(m_current).plugin;
    Dashboard others;
    for (qsizetype i = 0; i < m_feeds.size(); ++i)
        if (i != m_current)
            others.feeds.append(m_feeds[i]);
    return others.uniqueFeedId(id);
}

void SettingsFeedsPage::addFeed(const QString &pluginId)
{
    const FeedPlugin *plugin = m_registry ? m_registry->plugin(pluginId) : nullptr;
    if (!plugin)
        return;
    const PluginInfo info = plugin->info();
    Dashboard existing;
    existing.feeds = m_feeds;
    FeedConfig feed;
    feed.id = existing.uniqueFeedId(pluginId);
    feed.plugin = pluginId;
    feed.name = info.displayName.isEmpty() ? feed.id : feedText(info.displayName);
    if (feed.id != pluginId) // "http-2" gets "HTTP polling 2"
        feed.name += QLatin1Char(' ') + feed.id.section(QLatin1Char('-'), -1);
    feed.options = withDefaults(info.options, {});
    m_feeds.append(feed);
    m_channelIds.append(feed.id);
    m_idFollowsName.append(true);
    m_list->addItem(QString());
    refreshItem(int(m_feeds.size() - 1));
    m_list->setCurrentRow(int(m_feeds.size() - 1));
    m_name->setFocus();
    m_name->selectAll();
    Q_EMIT changed();
}

void SettingsFeedsPage::duplicateFeed()
{
    if (m_current < 0)
        return;
    Dashboard existing;
    existing.feeds = m_feeds;
    FeedConfig copy = m_feeds[m_current];
    copy.id = existing.uniqueFeedId(copy.id);
    copy.name = tr("%1 (copy)").arg(copy.name);
    const int index = m_current + 1;
    m_feeds.insert(index, copy);
    m_channelIds.insert(index, copy.id);
    m_idFollowsName.insert(index, false);
    m_list->insertItem(index, QString());
    refreshItem(index);
    m_list->setCurrentRow(index);
    refreshValidation();
    Q_EMIT changed();
}

void SettingsFeedsPage::confirmRemoveFeed()
{
    if (m_current < 0)
        return;
    const FeedConfig &feed = m_feeds[m_current];
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Remove feed"),
        tr("Remove the feed \"%1\" (%2)?\nPanels showing its channels stay, but show nothing "
           "from it.")
            .arg(feed.name, feed.id),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRemoveFeed"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, id = feed.id] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            removeFeed(id);
    });
    box->open();
}

void SettingsFeedsPage::removeFeed(const QString &id)
{
    int index = -1;
    if (m_current >= 0 && m_feeds[m_current].id == id)
        index = m_current; // duplicate ids are possible while editing: prefer the selected one
    for (qsizetype i = 0; i < m_feeds.size() && index < 0; ++i)
        if (m_feeds[i].id == id)
            index = int(i);
    if (index < 0)
        return;
    m_feeds.removeAt(index);
    m_channelIds.removeAt(index);
    m_idFollowsName.removeAt(index);
    m_current = -1;
    const int next = m_feeds.isEmpty() ? -1 : std::min(index, int(m_feeds.size()) - 1);
    {
        // takeItem() moves the current row while the list still has the removed row: a
        // currentRowChanged from there would show and refresh rows m_feeds no longer has.
        const QSignalBlocker blocker(m_list);
        delete m_list->takeItem(index);
        m_list->setCurrentRow(next);
    }
    showFeed(next);
    refreshValidation();
    Q_EMIT changed();
}

void SettingsFeedsPage::showFeed(int index)
{
    if (m_loading)
        return;
    m_current = index >= 0 && index < m_feeds.size() ? index : -1;
    clearTest();
    m_loading = true;
    m_editor->setEnabled(m_current >= 0);
    m_duplicate->setEnabled(m_current >= 0);
    m_remove->setEnabled(m_current >= 0);
    if (m_engine)
        m_test->setEnabled(m_current >= 0 && m_testBlocked.isEmpty());
    const FeedConfig feed = m_current >= 0 ? m_feeds[m_current] : FeedConfig{};
    m_name->setText(feed.name);
    m_id->setText(feed.id);
    m_enabled->setChecked(feed.enabled);
    m_keepHistory->setChecked(feed.keepHistory);

    m_plugin->clear();
    const QList<PluginInfo> plugins = m_registry ? m_registry->plugins() : QList<PluginInfo>();
    for (const PluginInfo &info : plugins)
        m_plugin->addItem(info.displayName.isEmpty() ? info.id : feedText(info.displayName),
                          info.id);
    int pluginIndex = m_plugin->findData(feed.plugin);
    if (pluginIndex < 0 && m_current >= 0) {
        m_plugin->addItem(tr("%1 (not installed)").arg(feed.plugin), feed.plugin);
        pluginIndex = m_plugin->count() - 1;
    }
    m_plugin->setCurrentIndex(pluginIndex);
    const FeedPlugin *plugin = m_registry ? m_registry->plugin(feed.plugin) : nullptr;
    const QList<OptionSpec> schema = plugin ? plugin->info().options : QList<OptionSpec>();
    m_pluginDescription->setText(plugin ? feedText(plugin->info().description) : QString());
    m_pluginDescription->setVisible(!m_pluginDescription->text().isEmpty());
    m_options->setSchema(schema, withDefaults(schema, feed.options));

    m_initialDelay->setValue(feed.reconnect.initialDelayMs);
    m_maxDelay->setValue(feed.reconnect.maxDelayMs);
    m_stablePeriod->setValue(feed.reconnect.stablePeriodMs);
    m_mapping->setMapping(feed.fields);
    m_loading = false;
    refreshValidation();
}

void SettingsFeedsPage::pluginChosen()
{
    if (m_current < 0 || m_loading)
        return;
    const QString id = m_plugin->currentData().toString();
    const FeedPlugin *plugin = m_registry ? m_registry->plugin(id) : nullptr;
    const QList<OptionSpec> schema = plugin ? plugin->info().options : QList<OptionSpec>();
    // Keep the values whose keys the new kind also declares; the rest get its defaults.
    const QVariantMap current = m_feeds[m_current].options;
    QVariantMap kept;
    for (const OptionSpec &spec : schema)
        if (current.contains(spec.key))
            kept.insert(spec.key, current.value(spec.key));
    m_loading = true;
    m_options->setSchema(schema, withDefaults(schema, kept));
    m_pluginDescription->setText(plugin ? feedText(plugin->info().description) : QString());
    m_pluginDescription->setVisible(!m_pluginDescription->text().isEmpty());
    m_loading = false;
    storeEditor();
}

void SettingsFeedsPage::storeEditor()
{
    if (m_current < 0 || m_loading)
        return;
    FeedConfig &feed = m_feeds[m_current];
    feed.name = m_name->text();
    feed.id = m_id->text();
    feed.plugin = m_plugin->currentData().toString();
    feed.enabled = m_enabled->isChecked();
    feed.keepHistory = m_keepHistory->isChecked();
    // Without the plugin there is no schema: keep the options as they were in the file.
    if (m_registry && m_registry->plugin(feed.plugin))
        feed.options = m_options->values();
    feed.reconnect.initialDelayMs = m_initialDelay->value();
    feed.reconnect.maxDelayMs = m_maxDelay->value();
    feed.reconnect.stablePeriodMs = m_stablePeriod->value();
    feed.fields = m_mapping->mapping();
    const QString renamedFrom = m_channelIds[m_current];
    if (feed.id != renamedFrom && FeedConfig::isValidId(feed.id) &&
        std::count_if(m_feeds.cbegin(), m_feeds.cend(),
                      [&](const FeedConfig &f) { return f.id == feed.id; }) == 1) {
        m_channelIds[m_current] = feed.id;
        Q_EMIT feedRenamed(renamedFrom, feed.id);
    }
    refreshValidation();
    updatePreview();
    Q_EMIT changed();
}

QList<Problem> SettingsFeedsPage::feedProblems(int index) const
{
    QList<Problem> out;
    const FeedConfig &feed = m_feeds[index];
    const QString id = QStringLiteral("id");
    if (feed.id.isEmpty()) {
        out.append({id, tr("required")});
    } else if (const QString why = FeedConfig::idProblem(feed.id, true); !why.isEmpty()) {
        out.append({id, why});
    } else {
        for (qsizetype i = 0; i < m_feeds.size(); ++i)
            if (i != index && m_feeds[i].id == feed.id) {
                out.append(
                    {id,
                     tr("\"%1\" is also used by the feed \"%2\"").arg(feed.id, m_feeds[i].name)});
                break;
            }
    }
    if (m_registry) {
        // The id and the mapping are checked here and by the mapping editor, with more detail.
        for (const Problem &p : m_registry->problems(feed))
            if (!p.isUnder(id) && !p.isUnder(QStringLiteral("fields")))
                out.append(p);
    }
    out += prefixed(MappingEditor::problems(feed.fields), QStringLiteral("fields"));
    if (const FeedPlugin *plugin = m_registry ? m_registry->plugin(feed.plugin) : nullptr)
        out += secretProblems(feed, plugin->info().options,
                              m_engine ? m_engine->secretStore() : nullptr);
    return out;
}

QString SettingsFeedsPage::describe(const FeedConfig &feed, const Problem &problem) const
{
    QString key = problem.path;
    const QString options = QStringLiteral("options");
    if (problem.isUnder(options)) {
        const QString optionKey = problem.pathBelow(options);
        key = optionKey;
        const FeedPlugin *plugin = m_registry ? m_registry->plugin(feed.plugin) : nullptr;
        const QList<OptionSpec> schema = plugin ? plugin->info().options : QList<OptionSpec>();
        for (const OptionSpec &spec : schema)
            if (spec.key == optionKey && !spec.label.isEmpty())
                key = feedText(spec.label);
    } else if (problem.isUnder(QStringLiteral("fields"))) {
        key = tr("field mapping %1").arg(problem.pathBelow(QStringLiteral("fields")));
    } else if (problem.isUnder(QStringLiteral("reconnect"))) {
        key = reconnectLabel(key);
    }
    const QString what = Problem{key, problem.message}.toString();
    return tr("Feed \"%1\": %2").arg(feed.name.isEmpty() ? feed.id : feed.name, what);
}

QStringList SettingsFeedsPage::problems() const
{
    QStringList out;
    for (qsizetype i = 0; i < m_feeds.size(); ++i) {
        const QList<Problem> p = feedProblems(int(i));
        if (p.isEmpty())
            continue;
        QString line = describe(m_feeds[i], p.first());
        if (p.size() > 1)
            line += tr(" (and %n more)", nullptr, int(p.size() - 1));
        out.append(line);
    }
    return out;
}

void SettingsFeedsPage::requestChart()
{
    if (m_current < 0 || m_current >= m_feeds.size())
        return;
    const FeedConfig &feed = m_feeds[m_current];
    if (feed.id.isEmpty())
        return;
    // The mapped names; a mapping with placeholders ({name}) or none at all: everything below
    // the feed.
    QStringList channels;
    bool all = feed.fields.channels.isEmpty();
    for (const ChannelMapping &c : feed.fields.channels) {
        const QString name = c.channel.isEmpty() ? c.path : c.channel;
        if (name.contains(QLatin1Char('{')) || name.contains(QLatin1Char('*')))
            all = true;
        else if (!name.isEmpty())
            channels.append(feed.id + QLatin1Char('/') + name);
    }
    if (all)
        channels = {feed.id + QStringLiteral("/**")};
    Q_EMIT chartRequested(feed.name.isEmpty() ? feed.id : feed.name, channels);
}

QStringList SettingsFeedsPage::mappedChannels() const
{
    QStringList out;
    for (const FeedConfig &feed : m_feeds)
        for (const ChannelMapping &c : feed.fields.channels) {
            const QString name = c.channel.isEmpty() ? c.path : c.channel;
            if (!name.isEmpty() && !name.contains(QLatin1Char('{')))
                out.append(feed.id + QLatin1Char('/') + name);
        }
    return out;
}

void SettingsFeedsPage::refreshItem(int index)
{
    QListWidgetItem *item = m_list->item(index);
    if (!item || index >= m_feeds.size())
        return;
    const FeedConfig &feed = m_feeds[index];
    const FeedPlugin *plugin = m_registry ? m_registry->plugin(feed.plugin) : nullptr;
    const QString kind = plugin && !plugin->info().displayName.isEmpty()
                             ? feedText(plugin->info().displayName)
                             : feed.plugin;
    QString text =
        QStringLiteral("%1\n%2 · %3").arg(feed.name.isEmpty() ? feed.id : feed.name, kind, feed.id);
    if (!feed.enabled)
        text += tr(" · off");
    item->setText(text);
    const QList<Problem> problems = feedProblems(index);
    item->setIcon(problems.isEmpty() ? QIcon()
                                     : style()->standardIcon(QStyle::SP_MessageBoxWarning));
    item->setToolTip(toStrings(problems).join(QLatin1Char('\n')));
    item->setForeground(feed.enabled ? QBrush() : palette().brush(QPalette::PlaceholderText));
}

void SettingsFeedsPage::refreshValidation()
{
    for (int i = 0; i < m_list->count(); ++i)
        refreshItem(i);
    // Each problem goes next to the editor its path names; the rest under the options.
    QList<Problem> rest = m_current >= 0 ? feedProblems(m_current) : QList<Problem>();
    internal::setError(m_idError, take(&rest, QStringLiteral("id")));
    internal::setError(m_pluginError, take(&rest, QStringLiteral("plugin")));
    QList<Problem> reconnect = take(&rest, QStringLiteral("reconnect"));
    for (Problem &p : reconnect)
        p.message = Problem{reconnectLabel(p.path), p.message}.toString();
    internal::setError(m_reconnectError, reconnect);
    const QString options = QStringLiteral("options");
    const QString fields = QStringLiteral("fields");
    rest += prefixed(m_options->setErrors(problemsUnder(take(&rest, options), options)), options);
    m_mapping->setErrors(problemsUnder(take(&rest, fields), fields));
    refreshSecretHints();
    internal::setError(m_optionsError, toStrings(rest).join(QLatin1Char('\n')));
}

void SettingsFeedsPage::refreshSecretHints()
{
    const SecretStore *store = m_engine ? m_engine->secretStore() : nullptr;
    const QVariantMap values = m_options->values();
    for (const OptionSpec &spec : m_options->schema()) {
        if (spec.type != OptionType::Secret && spec.type != OptionType::Headers)
            continue;
        QString hint;
        if (store && m_current >= 0)
            hint = spec.type == OptionType::Secret ? secretHint(values.value(spec.key), store)
                                                   : headersHint(values.value(spec.key), store);
        m_options->setHint(spec.key, hint);
    }
}

void SettingsFeedsPage::setTestBlocked(const QString &why)
{
    m_testBlocked = why;
    if (!why.isEmpty())
        clearTest(); // a test under way finishes unseen
    setTestBusy(false);
    m_test->setToolTip(why);
}

void SettingsFeedsPage::startTest()
{
    if (!m_engine || m_current < 0 || !m_testBlocked.isEmpty())
        return;
    clearTest();
    m_probeId = QStringLiteral("settings-%1-%2").arg(quintptr(this), 0, 16).arg(++m_probeCount);
    setTestBusy(true);
    setTestStatus(tr("Connecting…"), false);
    m_engine->probe(m_probeId, m_feeds[m_current], ProbeTimeoutMs);
}

void SettingsFeedsPage::probeFinished(const QString &requestId, const QByteArray &payload,
                                      const QString &error, const MessageOrigin &origin)
{
    if (requestId.isEmpty() || requestId != m_probeId)
        return; // another dialog's probe, or one for a feed no longer shown
    m_probeId.clear();
    setTestBusy(false);
    if (!error.isEmpty()) {
        setTestStatus(tr("Test failed: %1").arg(error), true);
        return;
    }
    m_testPayload = payload;
    m_testOrigin = origin;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &parseError);
    const QByteArray shown = parseError.error == QJsonParseError::NoError
                                 ? doc.toJson(QJsonDocument::Indented)
                                 : payload;
    QString text = QString::fromUtf8(shown.left(MaxShownMessageBytes));
    if (shown.size() > MaxShownMessageBytes)
        text += tr("\n… (%1 more bytes)").arg(shown.size() - MaxShownMessageBytes);
    m_testMessage->setPlainText(text);
    updatePreview();
}

void SettingsFeedsPage::updatePreview()
{
    if (m_testPayload.isNull() || m_current < 0)
        return;
    const FeedConfig &feed = m_feeds[m_current];
    // preview() never touches the store, so no store is needed.
    const MessageMapper mapper(feed.id, feed.fields, nullptr);
    QString error;
    const MessageTopic topic = m_testOrigin.messageTopic();
    const QList<ExtractedValue> values = mapper.preview(m_testPayload, &error, m_testOrigin.prefix,
                                                        m_testOrigin.hasTopic() ? &topic : nullptr);
    m_testPreview->setRowCount(int(values.size()));
    for (qsizetype i = 0; i < values.size(); ++i) {
        const ExtractedValue &v = values[i];
        m_testPreview->setItem(int(i), 0, new QTableWidgetItem(v.channel));
        auto *value = new QTableWidgetItem(v.problem.isEmpty() ? v.value : v.problem);
        value->setToolTip(v.problem.isEmpty() ? v.value : v.problem);
        m_testPreview->setItem(int(i), 1, value);
    }
    const QString size = QLocale().formattedDataSize(m_testPayload.size());
    const QString received =
        m_testOrigin.hasTopic() ? tr("Received a message on %1 (%2).").arg(m_testOrigin.topic, size)
                                : tr("Received a message (%1).").arg(size);
    if (!error.isEmpty())
        setTestStatus(QStringLiteral("%1 %2").arg(received, tr("Mapping problem: %1").arg(error)),
                      true);
    else if (values.isEmpty())
        setTestStatus(QStringLiteral("%1 %2").arg(received, tr("The mapping extracted nothing.")),
                      true);
    else
        setTestStatus(QStringLiteral("%1 %2").arg(
                          received, values.size() == 1
                                        ? tr("1 value extracted.")
                                        : tr("%1 values extracted.").arg(values.size())),
                      false);
}

void SettingsFeedsPage::setTestBusy(bool busy)
{
    m_test->setEnabled(!busy && m_engine && m_current >= 0 && m_testBlocked.isEmpty());
    m_test->setText(busy ? tr("Testing…") : tr("Test"));
    m_testBusy->setVisible(busy);
}

void SettingsFeedsPage::clearTest()
{
    m_probeId.clear();
    m_testPayload.clear();
    m_testOrigin = {};
    setTestBusy(false);
    setTestStatus(QString(), false);
    m_testMessage->clear();
    m_testPreview->setRowCount(0);
}

void SettingsFeedsPage::setTestStatus(const QString &text, bool error)
{
    m_testStatus->setText(text);
    m_testStatus->setVisible(!text.isEmpty());
    QPalette p = m_testStatus->parentWidget() ? m_testStatus->parentWidget()->palette() : palette();
    if (error)
        p.setColor(QPalette::WindowText, internal::ErrorLabel::errorColor(p));
    m_testStatus->setPalette(p);
}

} // namespace livedash
