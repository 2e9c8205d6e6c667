#include "settings/mappingeditor.h"
#include "widgets/settingserrorlabel.h"
#include "widgets/settingsspinbox.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

namespace livedash {

namespace {

constexpr TimestampFormat Formats[] = {TimestampFormat::Auto, TimestampFormat::EpochSeconds,
                                       TimestampFormat::EpochMillis, TimestampFormat::EpochMicros,
                                       TimestampFormat::Iso8601};

QString cellText(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

bool isBlankRow(const QTableWidget *table, int row)
{
    return cellText(table, row, MappingEditor::PathColumn).isEmpty() &&
           cellText(table, row, MappingEditor::ChannelColumn).isEmpty();
}

} // namespace

MappingEditor::MappingEditor(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *tsRow = new QHBoxLayout;
    m_timestamp = new QLineEdit;
    m_timestamp->setObjectName(QStringLiteral("timestampPath"));
    m_timestamp->setPlaceholderText(tr("e.g. ts or data.time (empty: time received)"));
    m_timestamp->setToolTip(tr("Path of the field holding the source time of each message"));
    m_timestampFormat = internal::guardWheel(new QComboBox);
    m_timestampFormat->setObjectName(QStringLiteral("timestampFormat"));
    for (TimestampFormat f : Formats)
        m_timestampFormat->addItem(timestampFormatName(f), int(f));
    m_timestampFormat->setToolTip(
        tr("auto: numbers below 1e11 are seconds, below 1e14 milliseconds, else microseconds; "
           "strings are ISO 8601"));
    tsRow->addWidget(m_timestamp, 1);
    tsRow->addWidget(m_timestampFormat);
    form->addRow(tr("Timestamp:"), tsRow);
    m_sequence = new QLineEdit;
    m_sequence->setObjectName(QStringLiteral("sequencePath"));
    m_sequence->setPlaceholderText(tr("e.g. seq (optional, to detect gaps)"));
    form->addRow(tr("Sequence:"), m_sequence);
    layout->addLayout(form);

    m_table = new QTableWidget(0, 5);
    m_table->setObjectName(QStringLiteral("mappingTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Field path"), tr("Channel"), tr("Type"), tr("Unit"), tr("Optional")});
    m_table->horizontalHeaderItem(PathColumn)
        ->setToolTip(tr("Where the value is, e.g. data.price or items[*].price"));
    m_table->horizontalHeaderItem(ChannelColumn)
        ->setToolTip(tr("Channel name below the feed (empty: the path); {path} placeholders "
                        "take the name from the message, e.g. price/{symbol}"));
    m_table->horizontalHeaderItem(OptionalColumn)
        ->setToolTip(tr("A message without this field is normal, not rejected"));
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    auto *header = m_table->horizontalHeader();
    header->setSectionResizeMode(PathColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ChannelColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(TypeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(UnitColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(OptionalColumn, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(UnitColumn, 60);
    m_table->setMinimumHeight(130);
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_loading)
            return;
        updateHint();
        Q_EMIT changed();
    });
    layout->addWidget(m_table, 1);

    auto *buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add mapping"));
    m_add->setObjectName(QStringLiteral("addMapping"));
    m_remove = new QPushButton(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("removeMapping"));
    m_remove->setEnabled(false);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    connect(m_add, &QPushButton::clicked, this, [this] {
        const int row = addRow();
        m_table->setCurrentCell(row, PathColumn);
        m_table->editItem(m_table->item(row, PathColumn));
    });
    connect(m_remove, &QPushButton::clicked, this, &MappingEditor::removeSelectedRows);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_table->selectedItems().isEmpty()); });

    m_errors = new internal::ErrorLabel(QStringLiteral("mappingErrors"));
    layout->addWidget(m_errors);
    m_hint = new QLabel;
    m_hint->setObjectName(QStringLiteral("mappingHint"));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_hint);

    connect(m_timestamp, &QLineEdit::textEdited, this, &MappingEditor::changed);
    connect(m_sequence, &QLineEdit::textEdited, this, &MappingEditor::changed);
    connect(m_timestampFormat, &QComboBox::activated, this, &MappingEditor::changed);
    updateHint();
}

void MappingEditor::setMapping(const FieldMapping &mapping)
{
    m_loading = true;
    m_timestamp->setText(mapping.timestamp);
    m_timestampFormat->setCurrentIndex(
        std::max(0, m_timestampFormat->findData(int(mapping.timestampFormat))));
    m_sequence->setText(mapping.sequence);
    m_table->setRowCount(0);
    for (const ChannelMapping &c : mapping.channels)
        insertRow(c);
    m_loading = false;
    internal::setError(m_errors, QString());
    updateHint();
}

void MappingEditor::insertRow(const ChannelMapping &mapping)
{
    const bool wasLoading = m_loading;
    m_loading = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, PathColumn, new QTableWidgetItem(mapping.path));
    // Shown even when it equals the path: editing the path must not rename the channel under
    // the panels bound to it. (A new row's blank channel still defaults to its path.)
    m_table->setItem(row, ChannelColumn, new QTableWidgetItem(mapping.channel));
    m_table->setItem(row, UnitColumn, new QTableWidgetItem(mapping.unit));
    auto *optional = new QTableWidgetItem;
    optional->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    optional->setCheckState(mapping.optional ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, OptionalColumn, optional);
    auto *typeItem = new QTableWidgetItem;
    typeItem->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    m_table->setItem(row, TypeColumn, typeItem);
    auto *type = internal::guardWheel(new QComboBox);
    type->setObjectName(QStringLiteral("mappingType_%1").arg(row));
    type->addItem(tr("number"), int(ValueKind::Number));
    type->addItem(tr("text"), int(ValueKind::Text));
    type->setCurrentIndex(mapping.kind == ValueKind::Text ? 1 : 0);
    type->setFrame(false);
    connect(type, &QComboBox::activated, this, &MappingEditor::changed);
    m_table->setCellWidget(row, TypeColumn, type);
    m_loading = wasLoading;
}

int MappingEditor::addRow()
{
    insertRow(ChannelMapping{});
    updateHint();
    return m_table->rowCount() - 1;
}

void MappingEditor::removeSelectedRows()
{
    QList<int> rows;
    for (const QTableWidgetItem *item : m_table->selectedItems())
        if (!rows.contains(item->row()))
            rows.append(item->row());
    if (rows.isEmpty() && m_table->currentRow() >= 0)
        rows.append(m_table->currentRow());
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int row : std::as_const(rows))
        m_table->removeRow(row);
    // Cell widgets keep their names; renumber so tests and tools find row N as row N.
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (QWidget *w = m_table->cellWidget(row, TypeColumn))
            w->setObjectName(QStringLiteral("mappingType_%1").arg(row));
    updateHint();
    Q_EMIT changed();
}

FieldMapping MappingEditor::mapping() const
{
    FieldMapping m;
    m.timestamp = m_timestamp->text().trimmed();
    m.timestampFormat = TimestampFormat(m_timestampFormat->currentData().toInt());
    m.sequence = m_sequence->text().trimmed();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (isBlankRow(m_table, row))
            continue;
        ChannelMapping c;
        c.path = cellText(m_table, row, PathColumn);
        c.channel = cellText(m_table, row, ChannelColumn);
        if (c.channel.isEmpty())
            c.channel = c.path;
        c.unit = cellText(m_table, row, UnitColumn);
        if (auto *type = qobject_cast<QComboBox *>(m_table->cellWidget(row, TypeColumn)))
            c.kind = ValueKind(type->currentData().toInt());
        if (const QTableWidgetItem *opt = m_table->item(row, OptionalColumn))
            c.optional = opt->checkState() == Qt::Checked;
        m.channels.append(c);
    }
    return m;
}

QList<Problem> MappingEditor::problems(const FieldMapping &mapping)
{
    QList<Problem> out;
    for (const QString &e : mapping.validate())
        out.append(Problem::fromString(e)); // FieldMapping still reports text
    for (qsizetype i = 0; i < mapping.channels.size(); ++i)
        if (mapping.channels[i].path.isEmpty())
            out.append({QStringLiteral("channels[%1].path").arg(i), tr("required")});
    return out;
}

void MappingEditor::setErrors(const QList<Problem> &problems)
{
    // Problems name channels[i] of mapping(), which skips blank rows: map back to table rows.
    QList<int> rowOf;
    for (int row = 0; row < m_table->rowCount(); ++row)
        if (!isBlankRow(m_table, row))
            rowOf.append(row);
    QHash<std::pair<int, int>, QString> cellProblems;
    static const QRegularExpression re(QRegularExpression::anchoredPattern(
        QStringLiteral("channels\\[(\\d+)\\]\\.(path|channel)")));
    QStringList lines;
    for (const Problem &p : problems) {
        const auto match = re.match(p.path);
        const int index = match.hasMatch() ? match.captured(1).toInt() : -1;
        if (index < 0 || index >= rowOf.size()) {
            lines.append(p.toString());
            continue;
        }
        const bool path = match.captured(2) == QLatin1String("path");
        const int row = rowOf[index];
        cellProblems.insert({row, path ? PathColumn : ChannelColumn}, p.message);
        lines.append(tr("Row %1, %2: %3")
                         .arg(row + 1)
                         .arg(path ? tr("field path") : tr("channel"), p.message));
    }
    const bool wasLoading = m_loading;
    m_loading = true;
    const QColor bad = internal::ErrorLabel::errorColor(palette());
    QColor background = bad;
    background.setAlpha(60);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        for (int column : {int(PathColumn), int(ChannelColumn)}) {
            QTableWidgetItem *item = m_table->item(row, column);
            if (!item)
                continue;
            const QString why = cellProblems.value({row, column});
            if (item->toolTip() != why)
                item->setToolTip(why);
            const QBrush brush = why.isEmpty() ? QBrush() : QBrush(background);
            if (item->background() != brush)
                item->setBackground(brush);
        }
    }
    m_loading = wasLoading;
    internal::setError(m_errors, lines.join(QLatin1Char('\n')));
}

void MappingEditor::updateHint()
{
    bool any = false;
    for (int row = 0; row < m_table->rowCount() && !any; ++row)
        any = !isBlankRow(m_table, row);
    m_hint->setText(any ? tr("Each row maps one field (or, with [*], every element of an array) "
                             "to a channel named <feed id>/<channel>.")
                        : tr("No mappings: every numeric field (up to four levels deep) becomes "
                             "a channel named by its dotted path, e.g. <feed id>/data.temp."));
}

} // namespace livedash
