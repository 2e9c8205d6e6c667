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
        const bool compact = qobject_cast<QAbstractSpinBox *>(editorRow) ||
                             qobject_cast<QComboBox *>(editorRow) ||
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
    const bool ranged = spec.minimum < spec.maximum;
    switch (spec.type) {
    case OptionType::Url: {
        auto *edit = new QLineEdit(value.toString());
        edit->setPlaceholderText(urlPlaceholder(spec.choices));
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::textEdited, this, &OptionsForm::changed);
        *valueWidget = edit;
        return edit;
    }
    case OptionType::Secret: {
        auto *row = new QWidget;
        auto *h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto *edit = new QLineEdit(value.toString());
        edit->setEchoMode(QLineEdit::Password);
        auto *show = new QToolButton;
        show->setObjectName(QStringLiteral("optionShow_") + spec.key);
        show->setText(tr("Show"));
        show->setCheckable(true);
        show->setToolTip(tr("Show or hide the value"));
        connect(show, &QToolButton::toggled, edit, [edit, show](bool on) {
            edit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
            show->setText(on ? tr("Hide") : tr("Show"));
        });
        connect(edit, &QLineEdit::textEdited, this, &OptionsForm::changed);
        h->addWidget(edit, 1);
        h->addWidget(show);
        *valueWidget = edit;
        return row;
    }
    case OptionType::Int:
    case OptionType::Duration: {
        auto *spin = internal::guardWheel(new QSpinBox);
        if (ranged)
            spin->setRange(clampToInt(spec.minimum), clampToInt(spec.maximum));
        else
            spin->setRange(spec.type == OptionType::Duration ? 0 : -INT_MAX, INT_MAX);
        if (spec.type == OptionType::Duration) {
            spin->setSuffix(QStringLiteral(" ms"));
            spin->setSingleStep(100);
        }
        spin->setGroupSeparatorShown(true);
        spin->setAccelerated(true);
        spin->setValue(clampToInt(value.toDouble()));
        spin->setMinimumWidth(140);
        spin->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        connect(spin, &QSpinBox::valueChanged, this, &OptionsForm::changed);
        *valueWidget = spin;
        return spin;
    }
    case OptionType::Double: {
        auto *spin = internal::guardWheel(new internal::CompactDoubleSpinBox);
        if (ranged)
            spin->setRange(spec.minimum, spec.maximum);
        else
            spin->setRange(-1e15, 1e15);
        spin->setValue(value.toDouble());
        spin->setMinimumWidth(140);
        spin->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        connect(spin, &QDoubleSpinBox::valueChanged, this, &OptionsForm::changed);
        *valueWidget = spin;
        return spin;
    }
    case OptionType::Bool: {
        auto *box = new QCheckBox;
        box->setChecked(value.typeId() == QMetaType::Bool
                            ? value.toBool()
                            : value.toString() == QLatin1String("true"));
        connect(box, &QCheckBox::toggled, this, &OptionsForm::changed);
        *valueWidget = box;
        return box;
    }
    case OptionType::Enum: {
        auto *combo = internal::guardWheel(new QComboBox);
        if (!spec.required && !spec.defaultValue.isValid())
            combo->addItem(tr("(none)"), QString());
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
        connect(combo, &QComboBox::activated, this, &OptionsForm::changed);
        *valueWidget = combo;
        return combo;
    }
    case OptionType::Headers: {
        auto *edit = createTextEdit(headersText(value), 3);
        edit->setPlaceholderText(tr("Name: value (one header per line)"));
        connect(edit, &QPlainTextEdit::textChanged, this, &OptionsForm::changed);
        *valueWidget = edit;
        return edit;
    }
    case OptionType::Text: {
        auto *edit = createTextEdit(value.toString(), 4);
        connect(edit, &QPlainTextEdit::textChanged, this, &OptionsForm::changed);
        *valueWidget = edit;
        return edit;
    }
    case OptionType::String:
        break;
    }
    auto *edit = new QLineEdit(value.toString());
    connect(edit, &QLineEdit::textEdited, this, &OptionsForm::changed);
    *valueWidget = edit;
    return edit;
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

QList<OptionError> OptionsForm::setErrors(const QList<OptionError> &errors)
{
    QList<OptionError> unmatched;
    QHash<QString, QStringList> byKey;
    for (const OptionError &e : errors) {
        const bool known = std::any_of(m_fields.begin(), m_fields.end(),
                                       [&](const Field &f) { return f.spec.key == e.key; });
        if (known)
            byKey[e.key].append(e.message);
        else
            unmatched.append(e);
    }
    for (const Field &f : std::as_const(m_fields))
        internal::setError(f.error, byKey.value(f.spec.key).join(QLatin1Char('\n')));
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
