// Fuzzes the dashboard loader: Dashboard::fromJson on arbitrary bytes, then the save/load
// round trip of whatever it accepted.
//
// Invariants:
//  - fromJson succeeds exactly when it reports no problem; every problem is non-empty text,
//    a JSON syntax error names a line and column >= 1;
//  - an accepted dashboard has valid, unique feed ids, field mappings that validate, and panel
//    values inside their documented ranges;
//  - toJson() of an accepted dashboard loads again without a problem; loading normalises once
//    (keys a kind does not use are dropped): after that, toJson is stable byte for byte and
//    the documents compare equal; each feed's field mapping round-trips on its own too;
//  - uniqueFeedId() gives a valid id no feed uses, whatever it is derived from.

#include "fuzz_common.h"

#include "document/dashboard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

using namespace livedash;
using livedash::fuzz::show;

namespace {

void checkUniqueId(const Dashboard &d, const QString &base)
{
    const QString id = d.uniqueFeedId(base);
    FUZZ_CHECK_KNOWN(
        "uniqueid-invalid", FeedConfig::isValidId(id),
        QStringLiteral("uniqueFeedId(\"%1\") = \"%2\" is not a valid id").arg(base, id));
    FUZZ_CHECK(!d.feed(id), QStringLiteral("uniqueFeedId(\"%1\") = \"%2\" is taken").arg(base, id));
}

void checkAccepted(const Dashboard &d, const QString &where)
{
    QSet<QString> ids;
    for (const FeedConfig &f : d.feeds) {
        FUZZ_CHECK(FeedConfig::isValidId(f.id),
                   QStringLiteral("feed id \"%1\": ").arg(f.id) + where);
        FUZZ_CHECK(!ids.contains(f.id), QStringLiteral("duplicate id \"%1\": ").arg(f.id) + where);
        ids.insert(f.id);
        FUZZ_CHECK(!f.plugin.isNull(), where);
        FUZZ_CHECK(f.fields.validate().isEmpty(), f.fields.validate().join(u'\n') + where);
        FUZZ_CHECK(f.reconnect.initialDelayMs >= 1 && f.reconnect.maxDelayMs >= 1 &&
                       f.reconnect.stablePeriodMs >= 0,
                   where);
        for (const ChannelMapping &c : f.fields.channels)
            FUZZ_CHECK(!c.path.isEmpty() && !c.channel.isEmpty(), where);
    }
    FUZZ_CHECK(d.historyLength >= 100 && d.historyLength <= 100000000, where);
    FUZZ_CHECK(d.version == Dashboard::CurrentVersion, where);
    for (const PanelConfig &p : d.panels) {
        FUZZ_CHECK(p.windowSeconds >= 1 && p.decimals >= -1 && p.decimals <= 12 &&
                       p.maxEvents >= 1 && p.row >= 0 && p.column >= 0 && p.rowSpan >= 1 &&
                       p.columnSpan >= 1,
                   where);
        if (p.yMin && p.yMax)
            FUZZ_CHECK(*p.yMin < *p.yMax, where);
        FUZZ_CHECK(!p.thresholdProblem(), p.thresholdProblem()->toString() + where);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = fuzz::bytes(data, size).toByteArray();
    QStringList errors;
    const std::optional<Dashboard> d = Dashboard::fromJson(json, &errors);
    const QString where = QStringLiteral("\n  input: ") + show(json);
    for (const QString &e : std::as_const(errors))
        FUZZ_CHECK(!e.trimmed().isEmpty(), QStringLiteral("empty problem") + where);
    if (!d) {
        FUZZ_CHECK(!errors.isEmpty(), QStringLiteral("refused without a reason") + where);
        static const QRegularExpression position(
            QStringLiteral("^line (-?\\d+), column (-?\\d+): "));
        const auto m = position.match(errors.first());
        if (m.hasMatch())
            FUZZ_CHECK(m.captured(1).toInt() >= 1 && m.captured(2).toInt() >= 1,
                       errors.first() + where);
        checkUniqueId(Dashboard(), QString::fromUtf8(json.left(80)));
        return 0;
    }
    FUZZ_CHECK(errors.isEmpty(),
               QStringLiteral("accepted with problems: ") + errors.join(u'\n') + where);
    checkAccepted(*d, where);

    const QByteArray saved = d->toJson();
    QStringList again;
    const std::optional<Dashboard> d2 = Dashboard::fromJson(saved, &again);
    FUZZ_CHECK(d2 && again.isEmpty(),
               QStringLiteral("saved dashboard does not load: %1\n  saved: %2")
                       .arg(again.join(u'\n'), QString::fromUtf8(saved)) +
                   where);
    FUZZ_CHECK(d2->feeds.size() == d->feeds.size() && d2->panels.size() == d->panels.size(), where);
    checkAccepted(*d2, where);
    const QByteArray saved2 = d2->toJson();
    FUZZ_CHECK(saved2 == saved, QStringLiteral("toJson not stable:\n  first: %1\n  second: %2")
                                        .arg(QString::fromUtf8(saved), QString::fromUtf8(saved2)) +
                                    where);
    QStringList third;
    const std::optional<Dashboard> d3 = Dashboard::fromJson(saved2, &third);
    FUZZ_CHECK(d3 && *d3 == *d2,
               QStringLiteral("reloaded dashboard differs: ") + QString::fromUtf8(saved2) + where);

    for (const FeedConfig &f : d2->feeds) {
        QStringList fieldErrors;
        const auto m =
            FieldMapping::fromJson(f.fields.toJson(), QStringLiteral("fields"), &fieldErrors);
        FUZZ_CHECK(m && *m == f.fields, QStringLiteral("fields of %1 do not round-trip: %2")
                                                .arg(f.id, fieldErrors.join(u'\n')) +
                                            where);
        checkUniqueId(*d2, f.name);
        checkUniqueId(*d2, f.id);
    }
    checkUniqueId(*d2, d2->name);
    return 0;
}
