#pragma once

#include <livedash/options.h>

#include <QList>
#include <QVariantMap>
#include <QWidget>

class QFormLayout;
class QLabel;

namespace livedash {

/// A form generated from a plugin's option schema: one editor per OptionSpec, each with an
/// inline error line below it. It knows nothing about any particular plugin.
///
/// Editors are named "option_<key>" and error lines "optionError_<key>" (for tests and
/// accessibility tools). Secret and Headers options also get a hint line "optionHint_<key>"
/// (where their secrets are kept), filled in by the owner with setHint().
class OptionsForm : public QWidget
{
    Q_OBJECT
public:
    explicit OptionsForm(QWidget *parent = nullptr);

    /// Rebuilds the editors for `schema` and shows `values` (keys missing from `values` show
    /// the option's default).
    void setSchema(const QList<OptionSpec> &schema, const QVariantMap &values);
    const QList<OptionSpec> &schema() const { return m_schema; }

    /// The value of every field, keyed by option key. Text stays as typed (`${...}` included).
    QVariantMap values() const;

    /// Shows each problem under the field its path names (an option key) and clears the
    /// others. Returns the problems that name no field.
    QList<Problem> setErrors(const QList<Problem> &errors);

    /// The editor of `key` (QLineEdit, QSpinBox, ...), or nullptr.
    QWidget *editor(const QString &key) const;

    /// Shows `text` in the hint line of `key` (Secret and Headers options); empty hides it.
    void setHint(const QString &key, const QString &text);

Q_SIGNALS:
    /// The user changed a value.
    void changed();

private:
    struct Field
    {
        OptionSpec spec;
        QWidget *editor = nullptr;
        QLabel *error = nullptr;
        QLabel *hint = nullptr;
    };

    QWidget *createEditor(const OptionSpec &spec, const QVariant &value, QWidget **valueWidget);
    static QVariant valueOf(const Field &field);

    QList<OptionSpec> m_schema;
    QList<Field> m_fields;
    QWidget *m_body = nullptr;
    QLabel *m_empty = nullptr;
};

} // namespace livedash
