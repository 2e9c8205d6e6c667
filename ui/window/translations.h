#pragma once

#include <QString>
#include <QStringList>

namespace livedash {

/// The languages the operator asked for, most preferred first, as Qt reads them from the
/// system (LANGUAGE, then LC_ALL / LC_MESSAGES / LANG on Linux). Empty when the messages
/// locale is C or POSIX: as with gettext, that means untranslated whatever LANGUAGE says.
QStringList systemUiLanguages();

/// Installs Livedash's catalogue and Qt's own (qtbase, for standard dialogs) for the first of
/// `uiLanguages` Livedash is translated to, into the running application. English, or a
/// language without a catalogue before any with one, keeps the built-in English texts.
/// Returns the language installed ("de"), or an empty string when none was.
QString installTranslations(const QStringList &uiLanguages = systemUiLanguages());

/// A text a feed plugin declares (its name, description, option labels and help) in the
/// installed language. Plugins mark such texts with
/// QT_TRANSLATE_NOOP("livedash::FeedPlugins", ...); the UI translates them when it shows them.
QString feedText(const QString &english);

} // namespace livedash
