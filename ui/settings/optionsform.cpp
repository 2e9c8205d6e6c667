#include "settings/optionsform.h"
#include "widgets/settingserrorlabel.h"
#include "widgets/settingsspinbox.h"
#include "window/translations.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace livedash {

namespace {

int clampToInt(double x)
{
    if (std::isnan(x))
        return 0;
    return int(std::clamp(x, double(-INT_MAX), double(INT_MAX)));
}

QString headersText(const QVariant &value)
{
    if (value.typeId() != QMetaType::QVariantMap)
        return value.toString();
    QStringList lines;
    const QVariantMap map = value.toMap();
    for (auto it = map.begin(); it != map.end(); ++it)
        lines.append(QStringLiteral("%1: %2").arg(it.key(), it.value().toString()));
    return lines.join(QLatin1Char('\n'));
}

QString urlPlaceholder(const QStringList &schemes)
{
    if (schemes.isEmpty())
        return QStringLiteral("scheme://host:port/path");
    QStringList parts;
    for (const QString &s : schemes)
        parts.append(s + QStringLiteral("://…"));
    return parts.join(OptionsForm::tr("  or  "));
}

/// A multi-line editor a few lines tall that does not eat the Tab key.
QPlainTextEdit *createTextEdit(const QString &text, int lines)
{
    auto *edit = new QPlainTextEdit;
    edit->setPlainText(text);
    edit->setTabChangesFocus(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    const int lineHeight = QFontMetrics(edit->font()).lineSpacing();
    edit->setFixedHeight(lineHeight * lines + 2 * edit->frameWidth() + 8);
    return edit;
}

QLineEdit *createLineEdit(OptionsForm *form, const OptionSpec &spec, const QVariant &value)
{
    auto *edit = new QLineEdit(value.toString());
    if (spec.type == OptionType::Url) {
        edit->setPlaceholderText(urlPlaceholder(spec.choices));
        edit->setClearButtonEnabled(true);
    }
    QObject::connect(edit, &QLineEdit::textEdited, form, &OptionsForm::changed);
    return edit;
}

/// A password field with a Show/Hide button; `valueWidget` gets the field.
QWidget *createSecretEditor(OptionsForm *form, const OptionSpec &spec, const QVariant &value,
                            QWidget **valueWidget)
{
    auto *row = new QWidget;
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    auto *edit = new QLineEdit(value.toString());
    edit->setEchoMode(QLineEdit::Password);
    auto *show = new QToolButton;
    show->setObjectName(QStringLiteral("optionShow_") + spec.key);
    show->setText(OptionsForm::tr("Show"));
    show->setCheckable(true);
    show->setToolTip(OptionsForm::tr("Show or hide the value"));
    QObject::connect(show, &QToolButton::toggled, edit, [edit, show](bool on) {
        edit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        show->setText(on ? OptionsForm::tr("Hide") : OptionsForm::tr("Show"));
    });
    QObject::connect(edit, &QLineEdit::textEdited, form, &OptionsForm::changed);
    h->addWidget(edit, 1);
    h->addWidget(show);
    *valueWidget = edit;
    return row;
}

/// Int, Duration (ms) and Double options, within the spec's range when it has one.
QAbstractSpinBox *createNumberEditor(OptionsForm *form, const OptionSpec &spec,
                                     const QVariant &value)
{
    const bool ranged = spec.minimum < spec.maximum;
    if (spec.type == OptionType::Double) {
        QDoubleSpinBox *spin =
            ranged ? internal::createNumberSpinBox({}, spec.minimum, spec.maximum, 140)
                   : internal::createNumberSpinBox({}, -1e15, 1e15, 140);
        spin->setValue(value.toDouble());
        QObject::connect(spin, &QDoubleSpinBox::valueChanged, form, &OptionsForm::changed);
        return spin;
    }
    const bool duration = spec.type == OptionType::Duration;
    const Range range = ranged ? Range{clampToInt(spec.minimum), clampToInt(spec.maximum)}
                               : Range{duration ? 0 : -INT_MAX, INT_MAX};
    QSpinBox *spin = duration ? internal::createDurationSpinBox({}, range)
                              : internal::createSpinBox({}, range, 140);
    spin->setValue(clampToInt(value.toDouble()));
    QObject::connect(spin, &QSpinBox::valueChanged, form, &OptionsForm::changed);
    return spin;
}

QCheckBox *createCheckBox(OptionsForm *form, const QVariant &value)
{
    auto *box = new QCheckBox;
    box->setChecked(value.typeId() == QMetaType::Bool ? value.toBool()
                                                      : value.toString() == QLatin1String("true"));
    QObject::connect(box, &QCheckBox::toggled, form, &OptionsForm::changed);
    return box;
}

/// An Enum option: its choices, "(none)" when it may be unset, and an unknown value kept.
QComboBox *createChoiceEditor(OptionsForm *form, const OptionSpec &spec, const QVariant &value)
{
    auto *combo = internal::guardWheel(new QComboBox);
    if (!spec.required && !spec.defaultValue.isValid())
        combo->addItem(OptionsForm::tr("(none)"), QString());
    for (const QString &choice : spec.choices)
        combo->addItem(choice, choice);
    const QString current = value.toString();
    int index = combo->findData(current);
    if (index < 0 && !current.isEmpty()) {
        // Keep an unknown value visible (validation flags it) rather than replacing it.
        combo->addItem(current, current);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(std::max(index, 0));
    combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    QObject::connect(combo, &QComboBox::activated, form, &OptionsForm::changed);
    return combo;
}

/// A String option with choices: an editable combo box whose list holds the choices as
/// suggestions (the serial ports present now). Any text is a value: a saved port that is
/// unplugged at the moment is shown and kept as it is.
QComboBox *createSuggestionEditor(OptionsForm *form, const OptionSpec &spec, const QVariant &value)
{
    auto *combo = internal::guardWheel(new QComboBox);
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert); // Enter does not add the typed text to the list
    combo->addItems(spec.choices);
    combo->setCurrentIndex(-1);
    combo->setEditText(value.toString());
    combo->setMinimumContentsLength(24);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    // Typing and picking from the list both change the line edit's text.
    QObject::connect(combo, &QComboBox::editTextChanged, form, &OptionsForm::changed);
    return combo;
}

/// Headers (three lines, "Name: value") and Text (four lines) options.
QPlainTextEdit *createMultiLineEditor(OptionsForm *form, const OptionSpec &spec,
                                      const QVariant &value)
{
    const bool headers = spec.type == OptionType::Headers;
    QPlainTextEdit *edit =
        headers ? createTextEdit(headersText(value), 3) : createTextEdit(value.toString(), 4);
    if (headers)
        edit->setPlaceholderText(OptionsForm::tr("Name: value (one header per line)"));
    QObject::connect(edit, &QPlainTextEdit::textChanged, form, &OptionsForm::changed);
    return edit;
}

} // namespace

OptionsForm::OptionsForm(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_empty = new QLabel(tr("This feed kind has no options."), this);
    m_empty->setObjectName(QStringLiteral("optionsEmpty"));
    m_empty->setEnabled(false);
    layout->addWidget(m_empty);
}

void OptionsForm::setSchema(const QList<OptionSpec> &schema, const QVariantMap &values)
{
    // Delete at once (not deleteLater) so the old editors are gone before anyone looks.
    delete m_body;
    m_body = nullptr;
    m_fields.clear();
    m_schema = schema;
    m_empty->setVisible(schema.isEmpty());
    if (schema.isEmpty())
        return;

    m_body = new QWidget(this);
    auto *form = new QFormLayout(m_body);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    for (const OptionSpec &spec : schema) {
        const QVariant value =
            values.contains(spec.key) ? values.value(spec.key) : spec.defaultValue;
        Field field;
        field.spec = spec;
        QWidget *editorRow = createEditor(spec, value, &field.editor);
        field.editor->setObjectName(QStringLiteral("option_") + spec.key);
        const QString help = feedText(spec.help);
        field.editor->setToolTip(help);
        field.error = new internal::ErrorLabel(QStringLiteral("optionError_") + spec.key);

        auto *cell = new QWidget;
        auto *cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        // Numbers, choices and switches keep their natural width; text fields take the row.
        auto *combo = qobject_cast<QComboBox *>(editorRow);
        const bool compact = qobject_cast<QAbstractSpinBox *>(editorRow) ||
                             (combo && !combo->isEditable()) ||
                             qobject_cast<QCheckBox *>(editorRow);
        cellLayout->addWidget(editorRow, 0, compact ? Qt::AlignLeft : Qt::Alignment());
        if (spec.type == OptionType::Secret || spec.type == OptionType::Headers) {
            // Where the secret is kept (keychain, environment), filled in by the owner.
            field.hint = new QLabel;
            field.hint->setObjectName(QStringLiteral("optionHint_") + spec.key);
            field.hint->setWordWrap(true);
            field.hint->setTextFormat(Qt::PlainText);
            field.hint->setForegroundRole(QPalette::PlaceholderText);
            field.hint->setVisible(false);
            cellLayout->addWidget(field.hint);
        }
        cellLayout->addWidget(field.error);

        const QString text = spec.label.isEmpty() ? spec.key : feedText(spec.label);
        auto *label = new QLabel;
        label->setObjectName(QStringLiteral("optionLabel_") + spec.key);
        if (spec.required) {
            label->setTextFormat(Qt::RichText);
            label->setText(
                QStringLiteral("%1 <span style=\"color:%2\">*</span>:")
                    .arg(text.toHtmlEscaped(), internal::ErrorLabel::errorColor(palette()).name()));
            label->setToolTip(help.isEmpty() ? tr("Required")
                                             : help + QStringLiteral("\n\n") + tr("Required"));
        } else {
            label->setTextFormat(Qt::PlainText);
            label->setText(text + QLatin1Char(':'));
            label->setToolTip(help);
        }
        label->setBuddy(field.editor);
        form->addRow(label, cell);
        m_fields.append(field);
    }
    static_cast<QVBoxLayout *>(layout())->addWidget(m_body);
    m_body->show(); // a layout shows new children only later, from the event loop
}

QWidget *OptionsForm::createEditor(const OptionSpec &spec, const QVariant &value,
                                   QWidget **valueWidget)
{
    QWidget *editor = nullptr;
    switch (spec.type) {
    case OptionType::Secret:
        return createSecretEditor(this, spec, value, valueWidget);
    case OptionType::Int:
    case OptionType::Duration:
    case OptionType::Double:
        editor = createNumberEditor(this, spec, value);
        break;
    case OptionType::Bool:
        editor = createCheckBox(this, value);
        break;
    case OptionType::Enum:
        editor = createChoiceEditor(this, spec, value);
        break;
    case OptionType::Headers:
    case OptionType::Text:
        editor = createMultiLineEditor(this, spec, value);
        break;
    case OptionType::String:
        if (!spec.choices.isEmpty()) {
            editor = createSuggestionEditor(this, spec, value);
            break;
        }
        [[fallthrough]];
    case OptionType::Url:
        editor = createLineEdit(this, spec, value);
        break;
    }
    *valueWidget = editor;
    return editor;
}

QVariant OptionsForm::valueOf(const Field &field)
{
    switch (field.spec.type) {
    case OptionType::Int:
    case OptionType::Duration:
        return static_cast<QSpinBox *>(field.editor)->value();
    case OptionType::Double:
        return static_cast<QDoubleSpinBox *>(field.editor)->value();
    case OptionType::Bool:
        return static_cast<QCheckBox *>(field.editor)->isChecked();
    case OptionType::Enum:
        return static_cast<QComboBox *>(field.editor)->currentData().toString();
    case OptionType::Headers:
    case OptionType::Text:
        return static_cast<QPlainTextEdit *>(field.editor)->toPlainText();
    case OptionType::String:
        if (auto *combo = qobject_cast<QComboBox *>(field.editor))
            return combo->currentText(); // the typed text, or the suggestion picked
        break;
    case OptionType::Url:
    case OptionType::Secret:
        break;
    }
    return static_cast<QLineEdit *>(field.editor)->text();
}

QVariantMap OptionsForm::values() const
{
    QVariantMap out;
    for (const Field &f : m_fields)
        out.insert(f.spec.key, valueOf(f));
    return out;
}

QList<Problem> OptionsForm::setErrors(const QList<Problem> &errors)
{
    QList<Problem> unmatched = errors;
    for (const Field &f : std::as_const(m_fields)) {
        QList<Problem> mine;
        for (qsizetype i = unmatched.size() - 1; i >= 0; --i)
            if (unmatched[i].isUnder(f.spec.key))
                mine.prepend(unmatched.takeAt(i));
        internal::setError(f.error, mine);
    }
    return unmatched;
}

void OptionsForm::setHint(const QString &key, const QString &text)
{
    for (const Field &f : std::as_const(m_fields)) {
        if (f.spec.key != key || !f.hint)
            continue;
        f.hint->setText(text);
        f.hint->setVisible(!text.isEmpty());
    }
}

QWidget *OptionsForm::editor(const QString &key) const
{
    for (const Field &f : m_fields)
        if (f.spec.key == key)
            return f.editor;
    return nullptr;
}

} // namespace livedash
