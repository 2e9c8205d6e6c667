#include "document/playlist.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace livedash {

namespace {

/// A whole number of seconds within the playlist's bounds, or a problem.
std::optional<int> readSeconds(const QJsonValue &value, const QString &where, QStringList *errors)
{
    const double d = value.toDouble(-1);
    if (!value.isDouble() || d != std::floor(d) || d < Playlist::MinSeconds ||
        d > Playlist::MaxSeconds) {
        errors->append(QStringLiteral("%1: expected a whole number from %2 to %3")
                           .arg(where)
                           .arg(Playlist::MinSeconds)
                           .arg(Playlist::MaxSeconds));
        return std::nullopt;
    }
    return int(d);
}

} // namespace

std::optional<Playlist> Playlist::fromJson(const QByteArray &json, const QString &baseDir,
                                           QStringList *errors)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        errors->append(QStringLiteral("not JSON: %1 at offset %2")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        errors->append(QStringLiteral("expected an object with \"dashboards\""));
        return std::nullopt;
    }
    const qsizetype before = errors->size();
    const QJsonObject root = doc.object();
    Playlist playlist;
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != QLatin1String("rotateSeconds") && it.key() != QLatin1String("dashboards"))
            errors->append(QStringLiteral("%1: unknown key (expected rotateSeconds or dashboards)")
                               .arg(it.key()));
    }
    if (root.contains(QLatin1String("rotateSeconds"))) {
        if (const auto s = readSeconds(root.value(QLatin1String("rotateSeconds")),
                                       QStringLiteral("rotateSeconds"), errors))
            playlist.rotateSeconds = *s;
    }
    const QJsonValue list = root.value(QLatin1String("dashboards"));
    if (!list.isArray() || list.toArray().isEmpty()) {
        errors->append(QStringLiteral("dashboards: expected a list of one or more dashboard "
                                      "files"));
        return std::nullopt;
    }
    const QDir base(baseDir);
    const QJsonArray items = list.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString where = QStringLiteral("dashboards[%1]").arg(i);
        const QJsonValue item = items.at(i);
        Entry entry;
        if (item.isString()) {
            entry.path = item.toString();
        } else if (item.isObject()) {
            const QJsonObject o = item.toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                if (it.key() != QLatin1String("path") && it.key() != QLatin1String("seconds"))
                    errors->append(QStringLiteral("%1.%2: unknown key (expected path or seconds)")
                                       .arg(where, it.key()));
            }
            entry.path = o.value(QLatin1String("path")).toString();
            if (o.contains(QLatin1String("seconds"))) {
                if (const auto s = readSeconds(o.value(QLatin1String("seconds")),
                                               where + QStringLiteral(".seconds"), errors))
                    entry.seconds = *s;
            }
            if (entry.path.isEmpty()) {
                errors->append(QStringLiteral("%1.path: expected a dashboard file").arg(where));
                continue;
            }
        } else {
            errors->append(
                QStringLiteral("%1: expected a file name or {\"path\": ..., \"seconds\": ...}")
                    .arg(where));
            continue;
        }
        if (entry.path.trimmed().isEmpty()) {
            errors->append(QStringLiteral("%1: expected a dashboard file").arg(where));
            continue;
        }
        entry.path = QDir::cleanPath(base.absoluteFilePath(entry.path));
        playlist.entries.append(entry);
    }
    if (errors->size() > before)
        return std::nullopt;
    return playlist;
}

std::optional<Playlist> Playlist::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    QStringList errors;
    std::optional<Playlist> playlist =
        fromJson(file.readAll(), QFileInfo(path).absolutePath(), &errors);
    if (!playlist)
        *error = QStringLiteral("%1:\n  %2")
                     .arg(QDir::toNativeSeparators(path), errors.join(QStringLiteral("\n  ")));
    return playlist;
}

} // namespace livedash
