#include "settings/settingspanelspage.h"
#include "widgets/settingserrorlabel.h"
#include "widgets/settingsspinbox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace livedash {

namespace {

constexpr PanelKind Kinds[] = {PanelKind::Chart,   PanelKind::Tile,          PanelKind::Gauge,
                               PanelKind::Bar,     PanelKind::StateTimeline, PanelKind::Scoreboard,
                               PanelKind::EventLog};

QString kindLabel(PanelKind kind)
{
    switch (kind) {
    case PanelKind::Chart:
        return SettingsPanelsPage::tr("Chart");
    case PanelKind::Tile:
        return SettingsPanelsPage::tr("Value tile");
    case PanelKind::Scoreboard:
        return SettingsPanelsPage::tr("Scoreboard");
    case PanelKind::EventLog:
        return SettingsPanelsPage::tr("Event log");
    case PanelKind::Gauge:
        return SettingsPanelsPage::tr("Gauge");
    case PanelKind::Bar:
        return SettingsPanelsPage::tr("Bars (many channels)");
    case PanelKind::StateTimeline:
        return SettingsPanelsPage::tr("State timeline");
    }
    return {};
}

/// A state timeline's colours as edited: "down=critical, up=ok".
QString statesText(const QMap<QString, QString> &states)
{
    QStringList out;
    for (auto it = states.cbegin(); it != states.cend(); ++it)
        out.append(it.key() + QLatin1Char('=') + it.value());
    return out.join(QStringLiteral(", "));
}

QMap<QString, QString> statesFromText(const QString &text)
{
    QMap<QString, QString> out;
    for (const QString &entry : text.split(QLatin1Char(','))) {
        const qsizetype eq = entry.lastIndexOf(QLatin1Char('='));
        if (eq <= 0 || entry.left(eq).trimmed().isEmpty())
            continue;
        out.insert(entry.left(eq).trimmed(), entry.mid(eq + 1).trimmed());
    }
    return out;
}

/// The first colour of `states` that is neither a colour role nor "#rrggbb", if any.
QString badStateColour(const QMap<QString, QString> &states)
{
    static const QRegularExpression rgb(QStringLiteral("^#[0-9A-Fa-f]{6}$"));
    for (const QString &colour : states)
        if (!PanelConfig::stateColorNames().contains(colour) && !rgb.match(colour).hasMatch())
            return colour;
    return {};
}

/// A grey, word-wrapped explanation under or beside an editor.
QLabel *helpLabel(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QStringList lines(const QString &text)
{
    QStringList out;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}

} // namespace

SettingsPanelsPage::SettingsPanelsPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("panelsSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(createListPane());
    splitter->addWidget(createEditorPane());
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({240, 800});
    layout->addWidget(splitter);
    showPanel(-1);
}

QWidget *SettingsPanelsPage::createListPane()
{
    auto *pane = new QWidget;
    auto *v = new QVBoxLayout(pane);
    v->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("panelList"));
    m_list->setMinimumWidth(170);
    m_list->setAlternatingRowColors(true); // two-line items need telling apart
    m_list->setSpacing(2);
    v->addWidget(m_list, 1);
    connect(m_list, &QListWidget::currentRowChanged, this, &SettingsPanelsPage::showPanel);

    auto *buttons = new QGridLayout;
    auto *add = new QPushButton(tr("Add"));
    add->setObjectName(QStringLiteral("addPanel"));
    m_remove = new QPushButton(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("removePanel"));
    m_up = new QPushButton(tr("Move up"));
    m_up->setObjectName(QStringLiteral("movePanelUp"));
    m_up->setIcon(style()->standardIcon(QStyle::SP_ArrowUp));
    m_down = new QPushButton(tr("Move down"));
    m_down->setObjectName(QStringLiteral("movePanelDown"));
    m_down->setIcon(style()->standardIcon(QStyle::SP_ArrowDown));
    buttons->addWidget(add, 0, 0);
    buttons->addWidget(m_remove, 0, 1);
    buttons->addWidget(m_up, 1, 0);
    buttons->addWidget(m_down, 1, 1);
    v->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, &SettingsPanelsPage::addPanel);
    connect(m_remove, &QPushButton::clicked, this, &SettingsPanelsPage::removePanel);
    connect(m_up, &QPushButton::clicked, this, [this] { movePanel(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { movePanel(1); });
    return pane;
}

QWidget *SettingsPanelsPage::createEditorPane()
{
    m_editor = new QWidget;
    m_editor->setObjectName(QStringLiteral("panelEditor"));
    auto *v = new QVBoxLayout(m_editor);
    v->addWidget(createPanelBox());
    v->addWidget(createChannelsBox(), 1);
    v->addWidget(createDisplayBox());
    v->addWidget(createPositionBox());
    connectEditors();

    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_editor);
    return scroll;
}

QWidget *SettingsPanelsPage::createPanelBox()
{
    auto *panelBox = new QGroupBox(tr("Panel"));
    auto *form = new QFormLayout(panelBox);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_kind = internal::guardWheel(new QComboBox);
    m_kind->setObjectName(QStringLiteral("panelKind"));
    for (PanelKind k : Kinds)
        m_kind->addItem(kindLabel(k), panelKindName(k));
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    form->addRow(tr("Kind:"), m_kind);
    m_title = new QLineEdit;
    m_title->setObjectName(QStringLiteral("panelTitle"));
    form->addRow(tr("Title:"), m_title);
    return panelBox;
}

QWidget *SettingsPanelsPage::createChannelsBox()
{
    auto *channelsBox = new QGroupBox(tr("Channels"));
    auto *channelsLayout = new QGridLayout(channelsBox);
    channelsLayout->addWidget(
        helpLabel(tr("One channel or pattern per line: '*' matches one path segment, a trailing "
                     "/** everything below (e.g. metrics/cpu.*, match/**).")),
        0, 0, 1, 2);
    m_channels = new QPlainTextEdit;
    m_channels->setObjectName(QStringLiteral("panelChannels"));
    m_channels->setTabChangesFocus(true);
    m_channels->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_channels->setPlaceholderText(tr("feed/channel"));
    channelsLayout->addWidget(m_channels, 1, 0, 3, 1);
    auto *knownRow = new QHBoxLayout;
    m_knownFilter = new QLineEdit;
    m_knownFilter->setObjectName(QStringLiteral("knownChannelsFilter"));
    m_knownFilter->setPlaceholderText(tr("Filter known channels"));
    m_knownFilter->setClearButtonEnabled(true);
    auto *refresh = new QPushButton(tr("Refresh"));
    refresh->setObjectName(QStringLiteral("refreshChannels"));
    refresh->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    knownRow->addWidget(m_knownFilter, 1);
    knownRow->addWidget(refresh);
    channelsLayout->addLayout(knownRow, 1, 1);
    m_known = new QListWidget;
    m_known->setObjectName(QStringLiteral("knownChannels"));
    m_known->setToolTip(tr("Double-click a channel to add it"));
    channelsLayout->addWidget(m_known, 2, 1);
    channelsLayout->addWidget(helpLabel(tr("Double-click to add. Lists channels seen so far and "
                                           "those the feeds' mappings name.")),
                              3, 1);
    channelsLayout->setColumnStretch(0, 1);
    channelsLayout->setColumnStretch(1, 1);
    channelsLayout->setRowStretch(2, 1);
    channelsBox->setMinimumHeight(220);
    connect(refresh, &QPushButton::clicked, this, &SettingsPanelsPage::refreshChannels);
    connect(m_knownFilter, &QLineEdit::textChanged, this, &SettingsPanelsPage::filterKnownChannels);
    connect(m_known, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem *item) { addKnownChannel(item->text()); });
    return channelsBox;
}

QWidget *SettingsPanelsPage::createDisplayBox()
{
    auto *displayBox = new QGroupBox(tr("Display"));
    auto *displayLayout = new QVBoxLayout(displayBox);
    m_displayForm = new QFormLayout;
    // The bar's and the timeline's rows in a form of their own: with two more hidden rows in
    // one form, Qt 6.4's QFormLayout wrote past its row data (valgrind) and the settings
    // dialog crashed at teardown.
    m_kindForm = new QFormLayout;
    m_kindForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    displayLayout->addLayout(m_displayForm);
    displayLayout->addLayout(m_kindForm);
    m_displayForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_window = internal::createSpinBox(QStringLiteral("panelWindow"), limits::WindowSeconds);
    m_window->setSuffix(QStringLiteral(" s"));
    m_window->setToolTip(tr("How much history the chart shows"));
    m_displayForm->addRow(tr("Time window:"), m_window);
    m_displayForm->addRow(tr("Y range:"), createYRangeRow());
    m_unit = new QLineEdit;
    m_unit->setObjectName(QStringLiteral("panelUnit"));
    m_unit->setPlaceholderText(tr("e.g. °C, ms, req/s"));
    m_displayForm->addRow(tr("Unit:"), m_unit);
    m_decimals = internal::createSpinBox(QStringLiteral("panelDecimals"), limits::Decimals);
    m_decimals->setSpecialValueText(tr("automatic"));
    m_displayForm->addRow(tr("Decimals:"), m_decimals);
    m_displayForm->addRow(tr("Alerts:"), createThresholdRow());
    m_columns = new QLineEdit;
    m_columns->setObjectName(QStringLiteral("panelColumns"));
    m_columns->setPlaceholderText(tr("e.g. home, away, period (channel leaf names)"));
    m_displayForm->addRow(tr("Columns:"), m_columns);
    m_maxEvents = internal::createSpinBox(QStringLiteral("panelMaxEvents"), limits::MaxEvents);
    m_displayForm->addRow(tr("Events kept:"), m_maxEvents);
    m_sort = internal::guardWheel(new QComboBox);
    m_sort->setObjectName(QStringLiteral("panelSort"));
    m_sort->addItem(tr("Largest first"), QStringLiteral("desc"));
    m_sort->addItem(tr("Smallest first"), QStringLiteral("asc"));
    m_sort->addItem(tr("By name"), QStringLiteral("name"));
    m_sort->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_kindForm->addRow(tr("Order:"), m_sort);
    m_kindForm->addRow(tr("State colours:"), createStatesRow());
    return displayBox;
}

QWidget *SettingsPanelsPage::createStatesRow()
{
    m_statesRow = new QWidget;
    auto *v = new QVBoxLayout(m_statesRow);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    m_states = new QLineEdit;
    m_states->setObjectName(QStringLiteral("panelStates"));
    m_states->setPlaceholderText(tr("e.g. down=critical, degraded=warning, up=ok"));
    m_states->setToolTip(tr("Colours: ok, warning, critical, info, pending, neutral or #rrggbb. "
                            "Other states take a colour of their own from their name."));
    m_statesError = new internal::ErrorLabel(QStringLiteral("panelStatesError"));
    v->addWidget(m_states);
    v->addWidget(m_statesError);
    m_statesRow->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    return m_statesRow;
}

QWidget *SettingsPanelsPage::createYRangeRow()
{
    m_yRangeRow = new QWidget;
    auto *yLayout = new QVBoxLayout(m_yRangeRow);
    yLayout->setContentsMargins(0, 0, 0, 0);
    yLayout->setSpacing(2);
    auto *yRow = new QHBoxLayout;
    m_fixedY = new QCheckBox(tr("Fixed"));
    m_fixedY->setObjectName(QStringLiteral("panelFixedY"));
    m_fixedY->setToolTip(tr("Unchecked: the y axis follows the data"));
    m_yMin = internal::createNumberSpinBox(QStringLiteral("panelYMin"));
    m_yMax = internal::createNumberSpinBox(QStringLiteral("panelYMax"));
    yRow->addWidget(m_fixedY);
    yRow->addWidget(m_yMin);
    yRow->addWidget(new QLabel(tr("to")));
    yRow->addWidget(m_yMax);
    yRow->addStretch(1);
    m_yError = new internal::ErrorLabel(QStringLiteral("panelYError"));
    yLayout->addLayout(yRow);
    yLayout->addWidget(m_yError);
    // In the y range's row, not a form row of its own: Qt 6.4's QFormLayout writes past its
    // row data when another hidden-by-kind row is added (heap overflow under valgrind).
    yLayout->addWidget(createRightAxisRow());
    m_yRangeRow->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    return m_yRangeRow;
}

/// A chart's right axis: which of its channels go there, its unit, and either end fixed.
QWidget *SettingsPanelsPage::createRightAxisRow()
{
    m_rightAxisRow = new QWidget;
    auto *layout = new QVBoxLayout(m_rightAxisRow);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *channelsRow = new QHBoxLayout;
    channelsRow->addWidget(new QLabel(tr("Right axis:")));
    m_rightChannels = new QLineEdit;
    m_rightChannels->setObjectName(QStringLiteral("panelRightChannels"));
    m_rightChannels->setPlaceholderText(tr("none; e.g. svc/errors, svc/*.ratio"));
    m_rightChannels->setToolTip(tr("The panel's channels matching these patterns (separated by "
                                   "commas) are drawn against a second y axis on the right"));
    channelsRow->addWidget(m_rightChannels, 1);
    layout->addLayout(channelsRow);
    auto *row = new QHBoxLayout;
    m_rightUnit = new QLineEdit;
    m_rightUnit->setObjectName(QStringLiteral("panelRightUnit"));
    m_rightUnit->setPlaceholderText(tr("unit"));
    m_rightUnit->setMaximumWidth(100);
    row->addWidget(m_rightUnit);
    const QString ends[] = {tr("Min"), tr("Max")};
    for (size_t i = 0; i < 2; ++i) {
        m_rightEndOn[i] = new QCheckBox(ends[i]);
        m_rightEndOn[i]->setObjectName(i == 0 ? QStringLiteral("panelRightMinOn")
                                              : QStringLiteral("panelRightMaxOn"));
        m_rightEndOn[i]->setToolTip(tr("Unchecked: this end follows the data"));
        m_rightEnd[i] = internal::createNumberSpinBox(i == 0 ? QStringLiteral("panelRightMin")
                                                             : QStringLiteral("panelRightMax"));
        m_rightEnd[i]->setEnabled(false);
        connect(m_rightEndOn[i], &QCheckBox::toggled, m_rightEnd[i], &QWidget::setEnabled);
        row->addWidget(m_rightEndOn[i]);
        row->addWidget(m_rightEnd[i]);
    }
    row->addStretch(1);
    layout->addLayout(row);
    m_rightError = new internal::ErrorLabel(QStringLiteral("panelRightError"));
    layout->addWidget(m_rightError);
    m_rightAxisRow->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    return m_rightAxisRow;
}

/// Alert thresholds: each one a check box (off = none) and a value.
QWidget *SettingsPanelsPage::createThresholdRow()
{
    m_thresholdRow = new QWidget;
    auto *thresholdLayout = new QVBoxLayout(m_thresholdRow);
    thresholdLayout->setContentsMargins(0, 0, 0, 0);
    thresholdLayout->setSpacing(2);
    auto *thresholdGrid = new QGridLayout;
    const struct
    {
        const char *name;
        int row, column;
        QString label;
    } thresholds[] = {
        {"WarningAbove", 0, 0, tr("Warning at or above")},
        {"WarningBelow", 0, 1, tr("at or below")},
        {"CriticalAbove", 1, 0, tr("Critical at or above")},
        {"CriticalBelow", 1, 1, tr("at or below")},
    };
    for (qsizetype i = 0; i < std::ssize(thresholds); ++i) {
        const auto &t = thresholds[i];
        auto *on = new QCheckBox(t.label);
        on->setObjectName(QStringLiteral("panel%1On").arg(QLatin1String(t.name)));
        QDoubleSpinBox *value =
            internal::createNumberSpinBox(QStringLiteral("panel%1").arg(QLatin1String(t.name)));
        value->setEnabled(false);
        thresholdGrid->addWidget(on, t.row, t.column * 2);
        thresholdGrid->addWidget(value, t.row, t.column * 2 + 1);
        m_thresholds[i] = {on, value};
        connect(on, &QCheckBox::toggled, value, &QWidget::setEnabled);
    }
    thresholdGrid->setColumnStretch(4, 1);
    m_thresholdError = new internal::ErrorLabel(QStringLiteral("panelThresholdError"));
    thresholdLayout->addLayout(thresholdGrid);
    thresholdLayout->addWidget(m_thresholdError);
    m_thresholdRow->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_thresholdRow->setToolTip(
        tr("A tile, gauge or bar turns amber at a warning and red at a critical "
           "threshold"));
    return m_thresholdRow;
}

QWidget *SettingsPanelsPage::createPositionBox()
{
    auto *positionBox = new QGroupBox(tr("Position in the grid"));
    auto *grid = new QGridLayout(positionBox);
    m_row = internal::createSpinBox(QStringLiteral("panelRow"), limits::GridCell);
    m_column = internal::createSpinBox(QStringLiteral("panelColumn"), limits::GridCell);
    m_rowSpan = internal::createSpinBox(QStringLiteral("panelRowSpan"), limits::Span);
    m_columnSpan = internal::createSpinBox(QStringLiteral("panelColumnSpan"), limits::Span);
    grid->addWidget(new QLabel(tr("Row:")), 0, 0);
    grid->addWidget(m_row, 0, 1);
    grid->addWidget(new QLabel(tr("Column:")), 0, 2);
    grid->addWidget(m_column, 0, 3);
    grid->addWidget(new QLabel(tr("Rows spanned:")), 1, 0);
    grid->addWidget(m_rowSpan, 1, 1);
    grid->addWidget(new QLabel(tr("Columns spanned:")), 1, 2);
    grid->addWidget(m_columnSpan, 1, 3);
    grid->setColumnStretch(4, 1);
    return positionBox;
}

/// Every editor stores the panel when the user changes it.
void SettingsPanelsPage::connectEditors()
{
    auto edited = [this] {
        if (!m_loading)
            storeEditor();
    };
    connect(m_kind, &QComboBox::activated, this, [this, edited] {
        updateKindRows();
        edited();
    });
    connect(m_title, &QLineEdit::textEdited, this, edited);
    connect(m_channels, &QPlainTextEdit::textChanged, this, edited);
    connect(m_fixedY, &QCheckBox::toggled, this, [this, edited](bool on) {
        m_yMin->setEnabled(on);
        m_yMax->setEnabled(on);
        edited();
    });
    connect(m_yMin, &QDoubleSpinBox::valueChanged, this, edited);
    connect(m_yMax, &QDoubleSpinBox::valueChanged, this, edited);
    connect(m_unit, &QLineEdit::textEdited, this, edited);
    connect(m_rightChannels, &QLineEdit::textEdited, this, edited);
    connect(m_rightUnit, &QLineEdit::textEdited, this, edited);
    for (size_t i = 0; i < 2; ++i) {
        connect(m_rightEndOn[i], &QCheckBox::toggled, this, edited);
        connect(m_rightEnd[i], &QDoubleSpinBox::valueChanged, this, edited);
    }
    for (const Threshold &t : m_thresholds) {
        connect(t.on, &QCheckBox::toggled, this, edited);
        connect(t.value, &QDoubleSpinBox::valueChanged, this, edited);
    }
    connect(m_columns, &QLineEdit::textEdited, this, edited);
    connect(m_sort, &QComboBox::activated, this, edited);
    connect(m_states, &QLineEdit::textEdited, this, edited);
    for (QSpinBox *spin :
         {m_window, m_decimals, m_maxEvents, m_row, m_column, m_rowSpan, m_columnSpan})
        connect(spin, &QSpinBox::valueChanged, this, edited);
}

void SettingsPanelsPage::setPanels(const QList<PanelConfig> &panels)
{
    m_panels = panels;
    m_loading = true;
    m_list->clear();
    for (qsizetype i = 0; i < m_panels.size(); ++i) {
        m_list->addItem(QString());
        refreshItem(int(i));
    }
    m_loading = false;
    m_current = -1;
    m_list->setCurrentRow(m_panels.isEmpty() ? -1 : 0);
    if (m_panels.isEmpty())
        showPanel(-1);
}

void SettingsPanelsPage::renameFeed(const QString &from, const QString &to)
{
    const QString prefix = from + QLatin1Char('/');
    bool any = false;
    for (PanelConfig &panel : m_panels)
        for (QString &channel : panel.channels)
            if (channel.startsWith(prefix)) {
                channel = to + QLatin1Char('/') + channel.mid(prefix.size());
                any = true;
            }
    if (!any)
        return;
    for (qsizetype i = 0; i < m_panels.size(); ++i)
        refreshItem(int(i));
    if (m_current >= 0) {
        m_loading = true;
        m_channels->setPlainText(m_panels[m_current].channels.join(QLatin1Char('\n')));
        m_loading = false;
        refreshValidation();
    }
    Q_EMIT changed();
}

void SettingsPanelsPage::selectPanel(int index)
{
    m_list->setCurrentRow(index);
}

void SettingsPanelsPage::setChannelSource(std::function<QStringList()> source)
{
    m_channelSource = std::move(source);
    refreshChannels();
}

void SettingsPanelsPage::refreshChannels()
{
    QStringList names = m_channelSource ? m_channelSource() : QStringList();
    names.sort();
    names.removeDuplicates();
    m_known->clear();
    m_known->addItems(names);
    filterKnownChannels();
}

void SettingsPanelsPage::filterKnownChannels()
{
    const QString filter = m_knownFilter->text().trimmed();
    for (int i = 0; i < m_known->count(); ++i) {
        QListWidgetItem *item = m_known->item(i);
        item->setHidden(!filter.isEmpty() && !item->text().contains(filter, Qt::CaseInsensitive));
    }
}

void SettingsPanelsPage::addKnownChannel(const QString &name)
{
    if (m_current < 0)
        return;
    QStringList current = lines(m_channels->toPlainText());
    if (current.contains(name))
        return;
    current.append(name);
    m_channels->setPlainText(current.join(QLatin1Char('\n'))); // textChanged stores it
}

void SettingsPanelsPage::addPanel()
{
    PanelConfig panel;
    panel.title = tr("Panel %1").arg(m_panels.size() + 1);
    for (const PanelConfig &p : std::as_const(m_panels)) // below everything placed so far
        panel.row = std::max(panel.row, std::min(99, p.row + p.rowSpan));
    m_panels.append(panel);
    m_list->addItem(QString());
    refreshItem(int(m_panels.size() - 1));
    m_list->setCurrentRow(int(m_panels.size() - 1));
    m_title->setFocus();
    m_title->selectAll();
    Q_EMIT changed();
}

void SettingsPanelsPage::addChart(const QString &title, const QStringList &channels)
{
    addPanel();
    PanelConfig &panel = m_panels[m_current];
    panel.kind = PanelKind::Chart;
    panel.title = title;
    panel.channels = channels;
    showPanel(m_current); // the editor shows what was set
    refreshItem(m_current);
    Q_EMIT changed();
}

void SettingsPanelsPage::removePanel()
{
    if (m_current < 0)
        return;
    const int index = m_current;
    m_panels.removeAt(index);
    m_current = -1;
    delete m_list->takeItem(index);
    if (!m_panels.isEmpty())
        m_list->setCurrentRow(std::min(index, int(m_panels.size()) - 1));
    else
        showPanel(-1);
    Q_EMIT changed();
}

void SettingsPanelsPage::movePanel(int delta)
{
    const int from = m_current;
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= m_panels.size())
        return;
    m_panels.swapItemsAt(from, to);
    refreshItem(from);
    refreshItem(to);
    m_list->setCurrentRow(to);
    Q_EMIT changed();
}

void SettingsPanelsPage::showPanel(int index)
{
    if (m_loading)
        return;
    m_current = index >= 0 && index < m_panels.size() ? index : -1;
    m_editor->setEnabled(m_current >= 0);
    m_remove->setEnabled(m_current >= 0);
    m_up->setEnabled(m_current > 0);
    m_down->setEnabled(m_current >= 0 && m_current + 1 < m_panels.size());
    const PanelConfig panel = m_current >= 0 ? m_panels[m_current] : PanelConfig{};
    m_loading = true;
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(panelKindName(panel.kind))));
    m_title->setText(panel.title);
    m_channels->setPlainText(panel.channels.join(QLatin1Char('\n')));
    m_window->setValue(panel.windowSeconds);
    const bool fixed = panel.yMin.has_value() && panel.yMax.has_value();
    m_fixedY->setChecked(fixed);
    m_yMin->setValue(panel.yMin.value_or(0));
    m_yMax->setValue(panel.yMax.value_or(100));
    m_yMin->setEnabled(fixed);
    m_yMax->setEnabled(fixed);
    m_unit->setText(panel.unit);
    const ChartRightAxis right = panel.rightAxis.value_or(ChartRightAxis{});
    m_rightChannels->setText(right.channels.join(QStringLiteral(", ")));
    m_rightUnit->setText(right.unit);
    const std::optional<double> rightEnds[] = {right.min, right.max};
    for (size_t i = 0; i < 2; ++i) {
        m_rightEndOn[i]->setChecked(rightEnds[i].has_value());
        m_rightEnd[i]->setValue(rightEnds[i].value_or(i == 0 ? 0 : 100));
        m_rightEnd[i]->setEnabled(rightEnds[i].has_value());
    }
    m_decimals->setValue(panel.decimals);
    const std::optional<double> thresholds[] = {panel.warningAbove, panel.warningBelow,
                                                panel.criticalAbove, panel.criticalBelow};
    for (qsizetype i = 0; i < std::ssize(thresholds); ++i) {
        m_thresholds[i].on->setChecked(thresholds[i].has_value());
        m_thresholds[i].value->setValue(thresholds[i].value_or(0));
        m_thresholds[i].value->setEnabled(thresholds[i].has_value());
    }
    m_columns->setText(panel.columns.join(QStringLiteral(", ")));
    m_maxEvents->setValue(panel.maxEvents);
    m_sort->setCurrentIndex(std::max(0, m_sort->findData(panel.sort)));
    m_states->setText(statesText(panel.states));
    m_row->setValue(panel.row);
    m_column->setValue(panel.column);
    m_rowSpan->setValue(panel.rowSpan);
    m_columnSpan->setValue(panel.columnSpan);
    m_loading = false;
    updateKindRows();
    refreshValidation();
}

void SettingsPanelsPage::updateKindRows()
{
    const auto kind =
        panelKindFromName(m_kind->currentData().toString()).value_or(PanelKind::Chart);
    const bool chart = kind == PanelKind::Chart;
    const bool gaugeOrBar = kind == PanelKind::Gauge || kind == PanelKind::Bar;
    const bool timeline = kind == PanelKind::StateTimeline;
    PanelConfig probe;
    probe.kind = kind;
    m_displayForm->setRowVisible(m_window, chart || timeline);
    m_displayForm->setRowVisible(m_yRangeRow, chart || gaugeOrBar);
    m_displayForm->setRowVisible(m_unit, chart || kind == PanelKind::Tile || gaugeOrBar);
    m_displayForm->setRowVisible(m_decimals, kind == PanelKind::Tile || gaugeOrBar || timeline);
    m_displayForm->setRowVisible(m_thresholdRow, probe.hasThresholds());
    m_displayForm->setRowVisible(m_columns, kind == PanelKind::Scoreboard);
    m_displayForm->setRowVisible(m_maxEvents, kind == PanelKind::EventLog);
    m_kindForm->setRowVisible(m_sort, kind == PanelKind::Bar);
    m_kindForm->setRowVisible(m_statesRow, timeline);
}

void SettingsPanelsPage::storeEditor()
{
    if (m_current < 0 || m_loading)
        return;
    PanelConfig &panel = m_panels[m_current];
    panel.kind = panelKindFromName(m_kind->currentData().toString()).value_or(PanelKind::Chart);
    panel.title = m_title->text();
    panel.channels = lines(m_channels->toPlainText());
    panel.windowSeconds = m_window->value();
    if (m_fixedY->isChecked()) {
        panel.yMin = m_yMin->value();
        panel.yMax = m_yMax->value();
    } else {
        panel.yMin.reset();
        panel.yMax.reset();
    }
    panel.unit = m_unit->text().trimmed();
    panel.rightAxis.reset();
    QStringList rightChannels;
    for (const QString &c : m_rightChannels->text().split(QLatin1Char(',')))
        if (!c.trimmed().isEmpty())
            rightChannels.append(c.trimmed());
    if (panel.kind == PanelKind::Chart && !rightChannels.isEmpty()) {
        ChartRightAxis right{rightChannels, m_rightUnit->text().trimmed(), {}, {}};
        if (m_rightEndOn[0]->isChecked())
            right.min = m_rightEnd[0]->value();
        if (m_rightEndOn[1]->isChecked())
            right.max = m_rightEnd[1]->value();
        panel.rightAxis = right;
    }
    panel.decimals = m_decimals->value();
    std::optional<double> *thresholds[] = {&panel.warningAbove, &panel.warningBelow,
                                           &panel.criticalAbove, &panel.criticalBelow};
    for (qsizetype i = 0; i < std::ssize(thresholds); ++i)
        *thresholds[i] = panel.hasThresholds() && m_thresholds[i].on->isChecked()
                             ? std::optional<double>(m_thresholds[i].value->value())
                             : std::nullopt;
    panel.columns.clear();
    for (const QString &c : m_columns->text().split(QLatin1Char(',')))
        if (!c.trimmed().isEmpty())
            panel.columns.append(c.trimmed());
    panel.maxEvents = m_maxEvents->value();
    panel.sort =
        panel.kind == PanelKind::Bar ? m_sort->currentData().toString() : PanelConfig().sort;
    panel.states = panel.kind == PanelKind::StateTimeline ? statesFromText(m_states->text())
                                                          : QMap<QString, QString>();
    panel.row = m_row->value();
    panel.column = m_column->value();
    panel.rowSpan = m_rowSpan->value();
    panel.columnSpan = m_columnSpan->value();
    refreshItem(m_current);
    refreshValidation();
    Q_EMIT changed();
}

QString SettingsPanelsPage::panelProblem(const PanelConfig &panel) const
{
    if (panel.yMin && panel.yMax && *panel.yMin >= *panel.yMax)
        return tr("the y range minimum must be below the maximum");
    if (panel.rightAxis && panel.rightAxis->min && panel.rightAxis->max &&
        *panel.rightAxis->min >= *panel.rightAxis->max)
        return tr("the right axis' minimum must be below its maximum");
    if (panel.hasThresholds()) {
        if (const std::optional<Problem> problem = panel.thresholdProblem())
            return tr("alerts: %1 %2").arg(problem->path, problem->message);
    }
    if (const QString bad = badStateColour(panel.states); !bad.isEmpty())
        return tr("state colours: unknown colour \"%1\"").arg(bad);
    return {};
}

QStringList SettingsPanelsPage::problems() const
{
    QStringList out;
    for (qsizetype i = 0; i < m_panels.size(); ++i) {
        const QString why = panelProblem(m_panels[i]);
        if (!why.isEmpty())
            out.append(
                tr("Panel \"%1\": %2")
                    .arg(m_panels[i].title.isEmpty() ? tr("#%1").arg(i + 1) : m_panels[i].title,
                         why));
    }
    return out;
}

void SettingsPanelsPage::refreshItem(int index)
{
    QListWidgetItem *item = m_list->item(index);
    if (!item)
        return;
    const PanelConfig &panel = m_panels[index];
    item->setText(QStringLiteral("%1\n%2").arg(
        panel.title.isEmpty() ? tr("(untitled)") : panel.title, kindLabel(panel.kind)));
    const QString why = panelProblem(panel);
    item->setIcon(why.isEmpty() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
    item->setToolTip(why);
}

void SettingsPanelsPage::refreshValidation()
{
    const PanelConfig *panel = m_current >= 0 ? &m_panels[m_current] : nullptr;
    const bool badRange = panel && panel->yMin && panel->yMax && *panel->yMin >= *panel->yMax;
    internal::setError(m_yError, badRange ? tr("Minimum must be below maximum") : QString());
    const bool badRight = panel && panel->rightAxis && panel->rightAxis->min &&
                          panel->rightAxis->max && *panel->rightAxis->min >= *panel->rightAxis->max;
    internal::setError(m_rightError, badRight ? tr("Minimum must be below maximum") : QString());
    QString thresholdError;
    if (panel && panel->hasThresholds()) {
        const std::optional<Problem> problem = panel->thresholdProblem();
        const QString key = problem ? problem->path : QString();
        if (key == QLatin1String("criticalAbove"))
            thresholdError = tr("A critical threshold above must not be below the warning");
        else if (key == QLatin1String("criticalBelow"))
            thresholdError = tr("A critical threshold below must not be above the warning");
        else if (!key.isEmpty())
            thresholdError = tr("The \"below\" thresholds must be below the \"above\" ones");
    }
    internal::setError(m_thresholdError, thresholdError);
    const QString bad = panel ? badStateColour(panel->states) : QString();
    internal::setError(m_statesError, bad.isEmpty()
                                          ? QString()
                                          : tr("Unknown colour \"%1\": use ok, warning, critical, "
                                               "info, pending, neutral or #rrggbb")
                                                .arg(bad));
}

} // namespace livedash
