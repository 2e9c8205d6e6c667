#include "promnames.h"

#include <algorithm>

namespace livedash {

namespace promnames {

QString safeValue(QString value)
{
    for (QChar &c : value) {
        const char16_t u = c.unicode();
        if (u == u'/' || u == u'*' || u < 0x20 || u == 0x7f)
            c = QLatin1Char('_');
    }
    return value;
}

QString tidyPath(const QString &path)
{
    QStringList levels = path.split(QLatin1Char('/'));
    for (QString &level : levels)
        if (level.isEmpty())
            level = QStringLiteral("_");
    return levels.join(QLatin1Char('/'));
}

QString fromLabels(const QString &metricName, QList<promtext::Label> labels)
{
    std::sort(labels.begin(), labels.end(),
              [](const promtext::Label &a, const promtext::Label &b) { return a.name < b.name; });
    QStringList levels;
    if (!metricName.isEmpty())
        levels.append(safeValue(metricName));
    for (const promtext::Label &l : std::as_const(labels))
        levels.append(l.name + QLatin1Char('=') + safeValue(l.value));
    if (levels.isEmpty())
        return QStringLiteral("value");
    return tidyPath(levels.join(QLatin1Char('/')));
}

QString fromTemplate(const QString &templ, const QString &metricName,
                     const QList<promtext::Label> &labels)
{
    QString out;
    qsizetype pos = 0;
    while (pos < templ.size()) {
        const qsizetype open = templ.indexOf(QLatin1Char('{'), pos);
        const qsizetype close = open < 0 ? -1 : templ.indexOf(QLatin1Char('}'), open);
        if (open < 0 || close < 0) {
            out += QStringView(templ).sliced(pos);
            break;
        }
        out += QStringView(templ).sliced(pos, open - pos);
        const QStringView name = QStringView(templ).sliced(open + 1, close - open - 1);
        if (name == QLatin1String("__name__")) {
            out += safeValue(metricName);
        } else {
            for (const promtext::Label &l : labels)
                if (l.name == name)
                    out += safeValue(l.value);
        }
        pos = close + 1;
    }
    return tidyPath(out);
}

} // namespace promnames

} // namespace livedash
