// Gauge, bar and state timeline panels fed straight from a ChannelStore: what each computes
// (scale, angles, bands, order, colours), and that they keep showing alarms while frozen.
#include "alarms/alarmengine.h"
#include "ingest/feedstatus.h"
#include "panels/barpanel.h"
#include "panels/dashboardview.h"
#include "panels/gaugepanel.h"
#include "panels/statetimelinepanel.h"
#include "settings/settingspanelspage.h"
#include "widgets/palette.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTest>

#include <limits>

using namespace livedash;

namespace {

constexpr double Inf = std::numeric_limits<double>::infinity();

PanelConfig panel(PanelKind kind, QStringList channels)
{
    PanelConfig p;
    p.kind = kind;
    p.title = QStringLiteral("test");
    p.channels = std::move(channels);
    return p;
}

AlertRule rule(const QString &name, const QString &channel, AlertCondition when, double limit,
               AlertSeverity severity)
{
    AlertRule r;
    r.name = name;
    r.channel = channel;
    r.condition = when;
    r.limit = limit;
    r.severity = severity;
    return r;
}

QStringList labels(const QList<BarPanel::Bar> &bars)
{
    QStringList out;
    for (const BarPanel::Bar &b : bars)
        out.append(b.label);
    return out;
}

QString bandsText(const QList<StateTimelinePanel::Band> &bands, qint64 t0)
{
    QStringList out;
    for (const auto &b : bands)
        out.append(QStringLiteral("%1-%2 %3").arg(b.from - t0).arg(b.to - t0).arg(b.state));
    return out.join(QStringLiteral(", "));
}

} // namespace

class TestGaugeBarTimeline : public QObject
{
    Q_OBJECT

private:
    /// Saves a picture of `w` when LIVEDASH_SCREENSHOT_DIR is set (for reviews by eye).
    static void screenshot(QWidget &w, const QString &name)
    {
        const QString dir = qEnvironmentVariable("LIVEDASH_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(50);
        w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }

private Q_SLOTS:
    void gaugeBandsComeFromThresholdsAndMatchingRules()
    {
        ChannelStore store;
        FeedStatusBoard board;
        AlarmEngine engine(&store, &board);
        engine.setRules({rule(QStringLiteral("Slow"), QStringLiteral("svc/latency/*"),
                              AlertCondition::Above, 450, AlertSeverity::Critical),
                         rule(QStringLiteral("Quiet"), QStringLiteral("svc/latency/payments"),
                              AlertCondition::Below, 50, AlertSeverity::Info),
                         rule(QStringLiteral("Other"), QStringLiteral("svc/errors/*"),
                              AlertCondition::Above, 2, AlertSeverity::Warning),
                         rule(QStringLiteral("Rate"), QStringLiteral("svc/latency/*"),
                              AlertCondition::RateAbove, 100, AlertSeverity::Warning)});
        AlertRule outside = rule(QStringLiteral("Band"), QStringLiteral("svc/**"),
                                 AlertCondition::Outside, 0, AlertSeverity::Warning);
        outside.low = 10;
        outside.high = 700;
        QList<AlertRule> rules = engine.rules();
        rules.append(outside);
        AlertRule disabled = rules.first();
        disabled.name = QStringLiteral("Off");
        disabled.enabled = false;
        rules.append(disabled);
        engine.setRules(rules);

        auto c = store.channel(QStringLiteral("svc/latency/payments"));
        PanelConfig config = panel(PanelKind::Gauge, {QStringLiteral("svc/latency/payments")});
        config.warningAbove = 300;
        config.criticalAbove = 400;
        config.unit = QStringLiteral("ms");
        GaugePanel gauge(config, &store);
        gauge.setAlarms(&engine);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        c->appendNumber(now, 250);
        QVERIFY(gauge.refresh(now));
        const QList<ValueBand> expected{
            {300, Inf, AlertSeverity::Warning, QStringLiteral("warningAbove")},
            {400, Inf, AlertSeverity::Critical, QStringLiteral("criticalAbove")},
            {450, Inf, AlertSeverity::Critical, QStringLiteral("Slow")},
            {-Inf, 50, AlertSeverity::Info, QStringLiteral("Quiet")},
            {-Inf, 10, AlertSeverity::Warning, QStringLiteral("Band")},
            {700, Inf, AlertSeverity::Warning, QStringLiteral("Band")}};
        QCOMPARE(gauge.bands(), expected);
        QCOMPARE(gauge.valueText(), QStringLiteral("250"));
        QVERIFY(!gauge.severity());

        // Rules that change reach the arc.
        rules.removeLast();
        rules.removeLast();
        engine.setRules(rules);
        gauge.refresh(now);
        QCOMPARE(gauge.bands(), expected.mid(0, 4));
    }

    void gaugeScaleAngleAndSeverity()
    {
        ChannelStore store;
        FeedStatusBoard board;
        AlarmEngine engine(&store, &board);
        engine.setRules({rule(QStringLiteral("Slow"), QStringLiteral("svc/latency/*"),
                              AlertCondition::Above, 450, AlertSeverity::Critical)});
        auto c = store.channel(QStringLiteral("svc/latency/payments"));
        PanelConfig config = panel(PanelKind::Gauge, {QStringLiteral("svc/latency/*")});
        config.warningAbove = 300;
        config.criticalAbove = 400;
        GaugePanel gauge(config, &store);
        gauge.setAlarms(&engine);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        c->appendNumber(now - 1000, 100);
        c->appendNumber(now, 250);
        QVERIFY(gauge.refresh(now));
        // Seen 100..250 and edges 300..450: from 0, 450 plus a tenth rounded up to a 100 step.
        QCOMPARE(gauge.range(), std::make_pair(0.0, 500.0));
        QCOMPARE(gauge.needleAngle(), 90.0); // half way: straight up
        QCOMPARE(gauge.angleFor(0), GaugePanel::StartAngle);
        QCOMPARE(gauge.angleFor(500), GaugePanel::StartAngle - GaugePanel::SweepAngle);
        QCOMPARE(gauge.angleFor(-50), GaugePanel::StartAngle); // clamped
        QVERIFY(!gauge.refresh(now));                          // nothing new: nothing to do
        QCOMPARE(gauge.channelText(), QStringLiteral("latency/payments"));
        QVERIFY(gauge.moreText().isEmpty());

        c->appendNumber(now + 1, 320);
        QVERIFY(!gauge.refresh(now + 50)); // at most ten times a second
        QVERIFY(gauge.refresh(now + 1 * 100));
        QCOMPARE(gauge.severity(), AlertSeverity::Warning);
        c->appendNumber(now + 2, 420);
        QVERIFY(gauge.refresh(now + 2 * 100));
        QCOMPARE(gauge.severity(), AlertSeverity::Critical);
        QCOMPARE(gauge.needleAngle(), 210.0 - 420.0 / 500.0 * 240.0);

        // A value past the scale widens it; it never narrows again.
        c->appendNumber(now + 3, 900);
        gauge.refresh(now + 3 * 100);
        QCOMPARE(gauge.range(), std::make_pair(0.0, 1000.0));
        c->appendNumber(now + 4, 100);
        gauge.refresh(now + 4 * 100);
        QCOMPARE(gauge.range(), std::make_pair(0.0, 1000.0));
        QVERIFY(!gauge.severity());

        // The first of several matches, saying how many more.
        store.channel(QStringLiteral("svc/latency/search"))->appendNumber(now + 5, 5);
        gauge.refresh(now + 5 * 100);
        QCOMPARE(gauge.moreText(), QStringLiteral("+1 more"));

        // The alarm shows, also while frozen (the value does not move then).
        c->appendNumber(now + 6, 480);
        gauge.refresh(now + 6 * 100);
        gauge.setFrozen(true);
        c->appendNumber(now + 7, 470);
        engine.evaluate(now + 7);
        QVERIFY(gauge.refresh(now + 7 * 100));
        QCOMPARE(gauge.alarm().severity, AlertSeverity::Critical);
        QCOMPARE(gauge.alarm().text, QStringLiteral("⚠ Slow"));
        QCOMPARE(gauge.valueText(), QStringLiteral("480"));
        gauge.setFrozen(false);
        gauge.refresh(now + 8 * 100);
        QCOMPARE(gauge.valueText(), QStringLiteral("470"));
        gauge.resize(300, 260);
        screenshot(gauge, QStringLiteral("gauge"));
    }

    void gaugeAutoRangeRule_data()
    {
        QTest::addColumn<double>("seenLo");
        QTest::addColumn<double>("seenHi");
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::newRow("from zero") << 12.0 << 38.0 << 0.0 << 50.0;
        QTest::newRow("far from zero") << 1000.0 << 1010.0 << 995.0 << 1015.0;
        QTest::newRow("negative") << -40.0 << 20.0 << -60.0 << 40.0;
        QTest::newRow("one value") << 7.0 << 7.0 << 0.0 << 8.0;
        QTest::newRow("zero") << 0.0 << 0.0 << 0.0 << 0.5;
    }
    void gaugeAutoRangeRule()
    {
        QFETCH(double, seenLo);
        QFETCH(double, seenHi);
        QFETCH(double, lo);
        QFETCH(double, hi);
        QCOMPARE(GaugePanel::autoRange({}, seenLo, seenHi), std::make_pair(lo, hi));
    }

    void gaugeTakesAFixedRange()
    {
        ChannelStore store;
        PanelConfig config = panel(PanelKind::Gauge, {QStringLiteral("f/x")});
        config.yMin = -10;
        config.yMax = 10;
        GaugePanel gauge(config, &store);
        auto c = store.channel(QStringLiteral("f/x"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        c->appendNumber(now, 55);
        gauge.refresh(now);
        QCOMPARE(gauge.range(), std::make_pair(-10.0, 10.0));
        QCOMPARE(gauge.needleAngle(), GaugePanel::StartAngle - GaugePanel::SweepAngle);
    }

    void barsAreSortedColouredAndDimmedWhenStale()
    {
        ChannelStore store;
        FeedStatusBoard board;
        AlarmEngine engine(&store, &board);
        engine.setRules({rule(QStringLiteral("Jump"), QStringLiteral("h/a/cpu"),
                              AlertCondition::RateAbove, 5, AlertSeverity::Critical)});
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const struct
        {
            const char *name;
            double value;
            qint64 age;
        } hosts[] = {{"h/a/cpu", 50, 0},     {"h/b/cpu", 95, 0},  {"h/c/cpu", 75, 0},
                     {"h/d/cpu", 20, 60000}, {"h/e10/cpu", 1, 0}, {"h/e9/cpu", 1, 0}};
        for (const auto &h : hosts) {
            auto c = store.channel(QLatin1String(h.name));
            c->appendNumber(now - h.age - 1000, h.value);
            c->appendNumber(now - h.age, h.value);
        }
        store.channel(QStringLiteral("h/t/cpu"))->appendText(now, QStringLiteral("n/a"));
        PanelConfig config = panel(PanelKind::Bar, {QStringLiteral("h/*/cpu")});
        config.warningAbove = 70;
        config.criticalAbove = 90;
        config.unit = QStringLiteral("%");
        config.decimals = 0;
        BarPanel bars(config, &store);
        bars.setAlarms(&engine);
        QVERIFY(bars.refresh(now));
        // Largest first; equal values by name, numbers in names counted as numbers.
        QCOMPARE(labels(bars.bars()),
                 (QStringList{QStringLiteral("b/cpu"), QStringLiteral("c/cpu"),
                              QStringLiteral("a/cpu"), QStringLiteral("d/cpu"),
                              QStringLiteral("e9/cpu"), QStringLiteral("e10/cpu")}));
        const QList<BarPanel::Bar> &b = bars.bars();
        QCOMPARE(b[0].valueText, QStringLiteral("95 %"));
        QCOMPARE(b[0].color, palette::critical());
        QCOMPARE(b[1].color, palette::warning());
        QCOMPARE(b[2].color, palette::series().first());
        QVERIFY(!b[2].stale);
        QVERIFY(b[3].stale);
        QCOMPARE(bars.range(), std::make_pair(0.0, 100.0));
        QVERIFY(!bars.refresh(now)); // nothing new: nothing to do

        for (const auto &[sort, expected] :
             {std::pair{"asc",
                        QStringList{"e9/cpu", "e10/cpu", "d/cpu", "a/cpu", "c/cpu", "b/cpu"}},
              std::pair{"name",
                        QStringList{"a/cpu", "b/cpu", "c/cpu", "d/cpu", "e9/cpu", "e10/cpu"}}}) {
            PanelConfig sorted = config;
            sorted.sort = QLatin1String(sort);
            BarPanel other(sorted, &store);
            other.refresh(now);
            QCOMPARE(labels(other.bars()), expected);
        }

        // An alarm on a channel colours its bar, also while the panel is frozen.
        bars.setFrozen(true);
        engine.evaluate(now);
        store.channel(QStringLiteral("h/a/cpu"))->appendNumber(now + 1000, 80);
        engine.evaluate(now + 1000);
        QVERIFY(bars.refresh(now + 1000));
        QCOMPARE(bars.bars()[2].label, QStringLiteral("a/cpu"));
        QCOMPARE(bars.bars()[2].alarm, AlertSeverity::Critical);
        QCOMPARE(bars.bars()[2].color, palette::critical());
        QCOMPARE(bars.bars()[2].valueText, QStringLiteral("50 %")); // frozen value
        bars.resize(360, 220);
        screenshot(bars, QStringLiteral("bar"));
    }

    void timelineBandsStopAtGaps()
    {
        ChannelStore store;
        auto c = store.channel(QStringLiteral("svc/status/api"));
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 200000;
        const char *states[] = {"up",       "up",       "up",       "up", "up",
                                "degraded", "degraded", "degraded", "up", "up"};
        for (int i = 0; i < 10; ++i)
            c->appendText(t0 + i * 1000, QLatin1String(states[i]));
        // A minute without data, then down.
        for (int i = 70; i < 73; ++i)
            c->appendText(t0 + i * 1000, QStringLiteral("down"));
        PanelConfig config = panel(PanelKind::StateTimeline, {QStringLiteral("svc/status/*")});
        config.windowSeconds = 120;
        StateTimelinePanel timeline(config, &store);
        QVERIFY(timeline.refresh(t0 + 73000));
        QCOMPARE(timeline.rows().size(), 1);
        const StateTimelinePanel::Row &row = timeline.rows().first();
        QCOMPARE(row.usualIntervalMs, 1000);
        QCOMPARE(StateTimelinePanel::gapLimit(row.usualIntervalMs), 10000);
        // Nothing before the first sample; the last "up" holds one interval past its sample,
        // then nothing until "down".
        QCOMPARE(bandsText(row.bands, t0),
                 QStringLiteral("0-5000 up, 5000-8000 degraded, 8000-10000 up, 70000-73000 down"));
        QCOMPARE(row.current, QStringLiteral("down"));
        QVERIFY(!row.currentOld);
        QCOMPARE(timeline.legend(), (QStringList{QStringLiteral("up"), QStringLiteral("degraded"),
                                                 QStringLiteral("down")}));
        QCOMPARE(timeline.timeRange(), std::make_pair(t0 + 73000 - 120000, t0 + 73000));
        QCOMPARE(timeline.colorOf(QStringLiteral("up")), palette::live());
        QCOMPARE(timeline.colorOf(QStringLiteral("down")), palette::critical());
        QCOMPARE(timeline.colorOf(QStringLiteral("degraded")), palette::warning());
        QVERIFY(!timeline.refresh(t0 + 73001)); // nothing new, the axis has not moved

        // New samples are added to what is there; silence past the limit ends the band.
        c->appendText(t0 + 74000, QStringLiteral("up"));
        QVERIFY(timeline.refresh(t0 + 100000));
        QCOMPARE(bandsText(timeline.rows().first().bands, t0),
                 QStringLiteral("0-5000 up, 5000-8000 degraded, 8000-10000 up, 70000-74000 "
                                "down, 74000-75000 up"));
        QVERIFY(timeline.rows().first().currentOld);

        // Bands leave with the window.
        QVERIFY(timeline.refresh(t0 + 127000));
        QCOMPARE(bandsText(timeline.rows().first().bands, t0),
                 QStringLiteral("7000-8000 degraded, 8000-10000 up, 70000-74000 down, "
                                "74000-75000 up"));
        timeline.resize(500, 160);
        screenshot(timeline, QStringLiteral("timeline"));
    }

    void timelineNumbersAreStatesAndFastChangesMerge()
    {
        ChannelStore store;
        auto n = store.channel(QStringLiteral("f/replicas"));
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() - 100000;
        n->appendNumber(t0, 3);
        n->appendNumber(t0 + 1000, 3);
        n->appendNumber(t0 + 2000, 4.2);
        PanelConfig config = panel(PanelKind::StateTimeline, {QStringLiteral("f/*")});
        config.decimals = 0;
        config.windowSeconds = 60;
        StateTimelinePanel timeline(config, &store);
        timeline.refresh(t0 + 3000);
        QCOMPARE(bandsText(timeline.rows().first().bands, t0),
                 QStringLiteral("0-2000 3, 2000-3000 4"));

        // A thousand changes a second: bands no narrower than the window / MaxRunsPerWindow.
        auto fast = store.channel(QStringLiteral("f/saw"));
        for (int i = 0; i < 5000; ++i)
            fast->appendNumber(t0 + 3000 + i * 2, i % 7);
        timeline.refresh(t0 + 13000);
        const auto &bands = timeline.rows()[1].bands;
        QVERIFY2(bands.size() <= 10000 / (60000 / StateTimelinePanel::MaxRunsPerWindow) + 1,
                 qPrintable(QString::number(bands.size())));
        QVERIFY(bands.size() >= 100);
        QCOMPARE(bands.last().state, QStringLiteral("1")); // 4999 % 7: the latest wins
    }

    void timelineColoursAreConfiguredOrStable()
    {
        const QMap<QString, QString> configured{
            {QStringLiteral("degraded"), QStringLiteral("info")},
            {QStringLiteral("HT"), QStringLiteral("#123456")}};
        QCOMPARE(StateTimelinePanel::stateColor(QStringLiteral("degraded"), configured),
                 palette::info());
        QCOMPARE(StateTimelinePanel::stateColor(QStringLiteral("HT"), configured),
                 QColor(0x12, 0x34, 0x56));
        QCOMPARE(StateTimelinePanel::stateColor(QStringLiteral("Down"), {}), palette::critical());
        // Any other state: a series colour picked by its text, never green or red.
        QSet<QRgb> seen;
        for (const char *s : {"pre", "live-ish", "half-time", "final", "1H", "2H", "x", "y"}) {
            const QColor c = StateTimelinePanel::stateColor(QLatin1String(s), {});
            QCOMPARE(c, StateTimelinePanel::stateColor(QLatin1String(s), {}));
            QVERIFY(palette::series().contains(c));
            QVERIFY(c != palette::live() && c != palette::critical());
            seen.insert(c.rgb());
        }
        QVERIFY(seen.size() >= 3);
    }

    void timelineShowsAlarmsWhileFrozen()
    {
        ChannelStore store;
        FeedStatusBoard board;
        AlarmEngine engine(&store, &board);
        AlertRule down;
        down.name = QStringLiteral("API down");
        down.channel = QStringLiteral("svc/status/*");
        down.condition = AlertCondition::Equals;
        down.text = QStringLiteral("down");
        down.severity = AlertSeverity::Critical;
        engine.setRules({down});
        auto c = store.channel(QStringLiteral("svc/status/api"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        c->appendText(now, QStringLiteral("up"));
        StateTimelinePanel timeline(panel(PanelKind::StateTimeline, {QStringLiteral("svc/**")}),
                                    &store);
        timeline.setAlarms(&engine);
        timeline.refresh(now);
        QVERIFY(!timeline.rows().first().alarm.severity);
        timeline.setFrozen(true);
        c->appendText(now + 1000, QStringLiteral("down"));
        engine.evaluate(now + 1000);
        QVERIFY(timeline.refresh(now + 1000));
        QCOMPARE(timeline.rows().first().alarm.severity, AlertSeverity::Critical);
        QCOMPARE(timeline.rows().first().current, QStringLiteral("up")); // frozen
        timeline.setFrozen(false);
        timeline.refresh(now + 2000);
        QCOMPARE(timeline.rows().first().current, QStringLiteral("down"));
    }

    void dashboardMakesEachKind()
    {
        ChannelStore store;
        DashboardView view(&store);
        view.setPanels({panel(PanelKind::Gauge, {QStringLiteral("f/x")}),
                        panel(PanelKind::Bar, {QStringLiteral("f/*")}),
                        panel(PanelKind::StateTimeline, {QStringLiteral("f/*")})});
        QCOMPARE(view.panels().size(), 3);
        QVERIFY(qobject_cast<GaugePanel *>(view.panels()[0]));
        QVERIFY(qobject_cast<BarPanel *>(view.panels()[1]));
        QVERIFY(qobject_cast<StateTimelinePanel *>(view.panels()[2]));
        for (Panel *p : view.panels())
            QVERIFY(!p->isExpensive()); // refreshed every frame, cheaply
    }

    void settingsEditTheNewKinds()
    {
        SettingsPanelsPage page;
        page.setPanels({});
        page.show();
        page.findChild<QPushButton *>(QStringLiteral("addPanel"))->click();
        auto *kind = page.findChild<QComboBox *>(QStringLiteral("panelKind"));
        auto *sort = page.findChild<QComboBox *>(QStringLiteral("panelSort"));
        auto *states = page.findChild<QLineEdit *>(QStringLiteral("panelStates"));
        auto *window = page.findChild<QWidget *>(QStringLiteral("panelWindow"));
        QVERIFY(kind && sort && states && window);
        auto choose = [&](QComboBox *box, const QString &data) {
            const int index = box->findData(data);
            QVERIFY(index >= 0);
            box->setCurrentIndex(index);
            Q_EMIT box->activated(index);
        };
        choose(kind, QStringLiteral("bar"));
        QVERIFY(sort->isVisibleTo(&page));
        QVERIFY(!states->isVisibleTo(&page));
        QVERIFY(!window->isVisibleTo(&page));
        choose(sort, QStringLiteral("name"));
        QCOMPARE(page.panels().first().kind, PanelKind::Bar);
        QCOMPARE(page.panels().first().sort, QStringLiteral("name"));

        choose(kind, QStringLiteral("stateTimeline"));
        QVERIFY(states->isVisibleTo(&page));
        QVERIFY(window->isVisibleTo(&page));
        QVERIFY(!sort->isVisibleTo(&page));
        states->setText(QStringLiteral("down=critical, up = ok"));
        Q_EMIT states->textEdited(states->text());
        const QMap<QString, QString> expected{{QStringLiteral("down"), QStringLiteral("critical")},
                                              {QStringLiteral("up"), QStringLiteral("ok")}};
        QCOMPARE(page.panels().first().states, expected);
        QVERIFY(page.problems().isEmpty());
        states->setText(QStringLiteral("down=scarlet"));
        Q_EMIT states->textEdited(states->text());
        QCOMPARE(page.problems().size(), 1);
        QVERIFY2(page.problems().first().contains(QStringLiteral("scarlet")),
                 qPrintable(page.problems().first()));

        choose(kind, QStringLiteral("gauge"));
        QVERIFY(
            page.findChild<QWidget *>(QStringLiteral("panelWarningAboveOn"))->isVisibleTo(&page));
        QVERIFY(!states->isVisibleTo(&page));
        QVERIFY(page.problems().isEmpty()); // a gauge keeps no state colours
    }
};

QTEST_MAIN(TestGaugeBarTimeline)
#include "tst_gaugebartimeline.moc"
