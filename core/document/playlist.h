#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace livedash {

/// What a wall shows in kiosk mode (`livedash --kiosk --playlist FILE`): dashboards in turn,
/// each for its own time or the playlist's. A JSON file:
///     {"rotateSeconds": 30,
///      "dashboards": ["ops.livedash.json", {"path": "scores.livedash.json", "seconds": 60}]}
/// Relative paths are relative to the playlist's folder.
struct Playlist
{
    static constexpr int MinSeconds = 2;
    static constexpr int MaxSeconds = 24 * 3600;

    struct Entry
    {
        QString path;
        int seconds = 0; ///< 0: the playlist's rotateSeconds
        bool operator==(const Entry &) const = default;
    };
    int rotateSeconds = 30;
    QList<Entry> entries;
    bool operator==(const Playlist &) const = default;

    /// Parses a playlist; `baseDir` resolves relative paths. Problems are "<key path>: <reason>"
    /// lines (e.g. "dashboards[1].seconds: expected a whole number from 2 to 86400").
    static std::optional<Playlist> fromJson(const QByteArray &json, const QString &baseDir,
                                            QStringList *errors);
    /// Reads and parses `path`; `error` names the file and lists the problems.
    static std::optional<Playlist> load(const QString &path, QString *error);
};

} // namespace livedash
