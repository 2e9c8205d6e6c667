#pragma once

#include <livedash/export.h>
#include <livedash/problem.h>

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <utility>

namespace livedash {

enum class OptionType { String, Url, Int, Double, Bool, Enum, Secret, Duration, Headers, Text };

LIVEDASH_SDK_EXPORT QString optionTypeName(OptionType type);

/// One option a plugin declares. The settings dialog builds its form from these.
struct OptionSpec
{
    QString key;
    OptionType type = OptionType::String;
    QString label;
    QVariant defaultValue;
    QString help;
    bool required = false;
    /// Enum: the values; Url: the accepted schemes; String: suggestions shown in an editable
    /// list (any text is still a value, e.g. serial ports present now).
    QStringList choices;
    double minimum = 0; ///< Int/Double/Duration (ms) lower bound, when min < max
    double maximum = 0;
    /// The value is a program, a command line or its arguments that the feed runs (an `exec`
    /// kind of plugin): shown to the operator before an untrusted dashboard may start.
    bool runsCommand = false;

    /// Modifiers for declaring an option in one expression with option(), below.
    [[nodiscard]] OptionSpec withDefault(QVariant value) const
    {
        OptionSpec spec = *this;
        spec.defaultValue = std::move(value);
        return spec;
    }
    [[nodiscard]] OptionSpec withRange(double min, double max) const
    {
        OptionSpec spec = *this;
        spec.minimum = min;
        spec.maximum = max;
        return spec;
    }
    [[nodiscard]] OptionSpec withChoices(QStringList values) const
    {
        OptionSpec spec = *this;
        spec.choices = std::move(values);
        return spec;
    }
    [[nodiscard]] OptionSpec asRequired() const
    {
        OptionSpec spec = *this;
        spec.required = true;
        return spec;
    }
};

/// Declares an option in one expression:
///     option(Key, OptionType::Duration, QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Timeout"),
///            QT_TRANSLATE_NOOP("livedash::FeedPlugins", "Longest wait, in ms."))
///         .withDefault(10000).withRange(100, 600000)
/// Label and help are English UTF-8 literals marked with QT_TRANSLATE_NOOP in the
/// "livedash::FeedPlugins" context: the settings dialog translates them.
inline OptionSpec option(QString key, OptionType type, const char *label, const char *help = "")
{
    OptionSpec spec;
    spec.key = std::move(key);
    spec.type = type;
    spec.label = QString::fromUtf8(label);
    spec.help = QString::fromUtf8(help);
    return spec;
}

/// A problem with one option value: its path is the option's key ("url").
using OptionError = Problem;

/// Checks `values` against `schema`: required values, types, ranges, URL schemes, enum choices.
/// Paths are the options' keys.
LIVEDASH_SDK_EXPORT QList<Problem> validateOptions(const QList<OptionSpec> &schema,
                                                   const QVariantMap &values);

/// `values` with defaults filled in for every key the schema declares and `values` lacks.
LIVEDASH_SDK_EXPORT QVariantMap withDefaults(const QList<OptionSpec> &schema,
                                             const QVariantMap &values);

/// Headers option: one "Name: value" per line, or a JSON object. Invalid lines are reported.
LIVEDASH_SDK_EXPORT QList<std::pair<QByteArray, QByteArray>> parseHeaders(const QVariant &value,
                                                                          QString *error = nullptr);

} // namespace livedash
