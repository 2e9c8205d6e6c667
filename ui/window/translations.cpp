#include "window/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTranslator>

Q_LOGGING_CATEGORY(lcTranslations, "livedash.ui.translations", QtInfoMsg)

namespace livedash {

QStringList systemUiLanguages()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
    QByteArray messages = qgetenv("LC_ALL");
    if (messages.isEmpty())
        messages = qgetenv("LC_MESSAGES");
    if (messages.isEmpty())
        messages = qgetenv("LANG");
    if (messages.isEmpty() || messages == "C" || messages.startsWith("C.") || messages == "POSIX")
        return {};
#endif
    return QLocale::system().uiLanguages();
}

QString installTranslations(const QStringList &uiLanguages)
{
    auto *app = QCoreApplication::instance();
    if (!app)
        return {};
    for (const QString &tag : uiLanguages) {
        const QLocale locale(tag);
        if (locale.language() == QLocale::English)
            return {}; // the texts are written in English: nothing to load
        if (locale.language() == QLocale::C || locale.language() == QLocale::AnyLanguage)
            continue;
        auto *own = new QTranslator(app);
        if (!own->load(locale, QStringLiteral("livedash"), QStringLiteral("_"),
                       QStringLiteral(":/livedash/translations"))) {
            delete own;
            continue;
        }
        QCoreApplication::installTranslator(own);
        const QString language = QLocale(own->language()).name().section(QLatin1Char('_'), 0, 0);
        // Standard dialogs (QMessageBox, QFileDialog, QDialogButtonBox) use Qt's own catalogue.
        auto *qt = new QTranslator(app);
        const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), qtDir)) {
            QCoreApplication::installTranslator(qt);
        } else {
            qCWarning(lcTranslations,
                      "no Qt catalogue qtbase_%s in %s: standard dialogs stay in English",
                      qPrintable(language), qPrintable(qtDir));
            delete qt;
        }
        return language;
    }
    return {};
}

QString feedText(const QString &english)
{
    if (english.isEmpty())
        return english;
    return QCoreApplication::translate("livedash::FeedPlugins", english.toUtf8().constData());
}

} // namespace livedash
