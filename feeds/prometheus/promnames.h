#pragma once

// Channel names for Prometheus series: from their label sets or a template. Qt Core only.

#include "promtext.h"

#include <QList>
#include <QString>

namespace livedash {

/// Channel names from a series' labels (promtext::Label list without __name__).
namespace promnames {
/// `name/label=value/...` with labels sorted by name; `value` when there is nothing at all.
QString fromLabels(const QString &metricName, QList<promtext::Label> labels);
/// `templ` with `{label}` and `{__name__}` replaced by the values (a missing label is empty).
QString fromTemplate(const QString &templ, const QString &metricName,
                     const QList<promtext::Label> &labels);
/// `value` made safe as a channel path below the feed: no '/' inside a value (it is '_'), no
/// control characters or '*', no empty levels.
QString safeValue(QString value);
/// Every empty level of `path` made "_".
QString tidyPath(const QString &path);
} // namespace promnames

} // namespace livedash
