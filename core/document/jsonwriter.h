#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QStringList>

namespace livedash {

/// The order of every object's keys in a JSON text, by the object's path: "" for the root,
/// "feeds[0]", "feeds[0].options", "panels[2].rightAxis". QJsonDocument forgets it (it writes
/// keys sorted); a file an operator wrote by hand keeps it when Livedash saves it again.
using JsonKeyOrder = QHash<QString, QStringList>;
JsonKeyOrder jsonKeyOrder(const QByteArray &json);

/// Writes `value` indented by four spaces, as QJsonDocument::Indented does, but with each
/// object's keys in `order` (keys not in it after them, in `preferred` order for the object's
/// path pattern, e.g. "feeds[]" for every feed, then sorted) and arrays of numbers and strings
/// that fit on one line kept on one line.
QByteArray writeJson(const QJsonValue &value, const JsonKeyOrder &order,
                     const JsonKeyOrder &preferred);

} // namespace livedash
