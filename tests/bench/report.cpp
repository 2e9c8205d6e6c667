#include "report.h"

#include <QStringList>

#include <cmath>
#include <optional>

namespace livedash::bench {

namespace {

/// A number at a dotted path ("latenessMs.p99"), nullopt if absent.
std::optional<double> at(const QJsonObject &o, const QString &path)
{
    const QStringList keys = path.split(QLatin1Char('.'));
    QJsonValue v = o;
    for (const QString &k : keys) {
        if (!v.isObject())
            return std::nullopt;
        v = v.toObject().value(k);
    }
    if (v.isDouble())
        return v.toDouble();
    return std::nullopt;
}

QString number(std::optional<double> x, int decimals)
{
    if (!x)
        return QStringLiteral("–");
    if (decimals > 0)
        return QString::number(*x, 'f', decimals);
    // Whole numbers in groups of three digits: 100 000.
    const qint64 whole = std::llround(*x);
    QString digits = QString::number(whole < 0 ? -whole : whole);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, QLatin1Char(' '));
    return whole < 0 ? QLatin1Char('-') + digits : digits;
}

QString pad(const QString &s, int width, bool left = false)
{
    if (s.size() >= width)
        return s;
    const QString fill(width - s.size(), QLatin1Char(' '));
    return left ? s + fill : fill + s;
}

/// A plain-text table: the first column left-aligned, the others right-aligned.
QString render(const QStringList &header, const QList<QStringList> &rows)
{
    QList<int> widths;
    for (const QString &h : header)
        widths.append(int(h.size()));
    for (const QStringList &r : rows)
        for (qsizetype i = 0; i < r.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], int(r[i].size()));
    auto line = [&](const QStringList &cells) -> QString {
        QStringList out;
        for (qsizetype i = 0; i < widths.size(); ++i)
            out.append(pad(cells.value(i), widths[i], i == 0));
        return QStringLiteral("| ") + out.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
    };
    QString text = line(header);
    // Markdown: the first column left-aligned, the figures right-aligned.
    QStringList rule;
    for (qsizetype i = 0; i < widths.size(); ++i)
        rule.append(i == 0 ? QString(widths[i] + 2, QLatin1Char('-'))
                           : QString(widths[i] + 1, QLatin1Char('-')) + QLatin1Char(':'));
    text += QLatin1Char('|') + rule.join(QLatin1Char('|')) + QStringLiteral("|\n");
    for (const QStringList &r : rows)
        text += line(r);
    return text;
}

struct Row
{
    const char *label;
    const char *path;
    int decimals;
    bool higherIsBetter;
    bool ratio = true; ///< false for diagnostics, whose ratio means nothing
};

const QList<Row> &rows()
{
    static const QList<Row> r{
        {"messages/s offered by the loadgen", "offeredPerS", 0, true},
        {"messages/s ingested (samples stored)", "messagesPerS", 0, true},
        {"messages/s reaching the charts", "shownPerS", 0, true},
        {"transport messages/s (an HTTP poll = 1)", "transportMessagesPerS", 0, true},
        {"lost (never stored, or sequence gaps)", "lost", 0, false},
        {"rejected", "rejected", 0, false},
        {"backlog when the loadgen stopped", "backlogAtStop", 0, false},
        {"naive: samples queued for the UI at stop", "uiBacklogAtStop", 0, false},
        {"UI lateness p50 (ms)", "latenessMs.p50", 1, false},
        {"UI lateness p99 (ms)", "latenessMs.p99", 1, false},
        {"UI lateness max (ms)", "latenessMs.max", 1, false},
        {"message-to-pixel p50 (ms)", "messageToPixelMs.p50", 1, false},
        {"message-to-pixel p99 (ms)", "messageToPixelMs.p99", 1, false},
        {"chart paints/s, slowest chart", "paints.paintHz.min", 1, true},
        {"chart paints/s, median chart", "paints.paintHz.p50", 1, true},
        {"paints/s with new data, slowest chart", "paints.freshHz.min", 1, true},
        {"paints/s with new data, median chart", "paints.freshHz.p50", 1, true},
        {"frame interval at the end (ms)", "frameIntervalMs", 0, false, false},
        {"charts refreshed in one event-loop iteration, max", "chartsPerIterationMax", 0, false,
         false},
        {"frames skipped (the last one's charts unfinished)", "skippedFrames", 0, false, false},
        {"RSS (MB)", "rssMB", 1, false},
        {"CPU µs per message reaching the charts", "cpuMicrosPerMessageShown", 1, false},
        {"CPU % of one core, whole process", "cpuPercent", 1, false, false},
        {"  UI thread", "cpuPercentByThread.ui", 1, false, false},
        {"  ingest thread(s)", "cpuPercentByThread.ingest", 1, false, false},
        {"  Qt network thread (HTTP, SSE)", "cpuPercentByThread.network", 1, false, false},
        {"  other threads", "cpuPercentByThread.other", 1, false, false},
        {"loadgen CPU % (other process)", "loadgenCpuPercent", 1, false, false},
        {"loadgen CPU µs/msg", "loadgenCpuMicrosPerMessage", 2, false, false},
        {"other processes' CPU % (all cores)", "bottleneck.othersCpuPercent", 0, false, false},
        {"UI thread waiting for a CPU, % of the time", "cpuWaitPercentByThread.ui", 1, false,
         false},
        {"ingest thread(s) waiting for a CPU, %", "cpuWaitPercentByThread.ingest", 1, false, false},
        {"loadgen waiting for a CPU, %", "loadgenCpuWaitPercent", 1, false, false},
        {"process waiting for a CPU, ms/s, threads summed", "bottleneck.app.waitMsPerS", 0, false,
         false},
        {"loadgen waiting for a CPU, ms/s, threads summed", "bottleneck.loadgen.waitMsPerS", 0,
         false, false},
    };
    return r;
}

std::optional<double> advantage(const Row &row, std::optional<double> l, std::optional<double> n)
{
    if (!row.ratio || !l || !n)
        return std::nullopt;
    const double num = row.higherIsBetter ? *l : *n;
    const double den = row.higherIsBetter ? *n : *l;
    if (den <= 0 || num <= 0)
        return std::nullopt;
    return num / den;
}

/// "; not measured on this OS: ..." when the run names figures it could not measure (their
/// rows are left out or show "–"), else nothing.
QString notMeasuredNote(const QJsonObject &run)
{
    QStringList names;
    for (const QJsonValue &v : run.value(QStringLiteral("notMeasured")).toArray())
        names.append(v.toString());
    return names.isEmpty()
               ? QString()
               : QStringLiteral("; not measured on this OS: ") + names.join(QStringLiteral(", "));
}

QString loadNote(const QJsonObject &run)
{
    return QStringLiteral("load average before %1, after %2")
               .arg(run.value(QStringLiteral("loadAverageBefore")).toString(),
                    run.value(QStringLiteral("loadAverageAfter")).toString()) +
           notMeasuredNote(run);
}

QString problems(const QJsonObject &run)
{
    QString out;
    for (const QJsonValue &p : run.value(QStringLiteral("problems")).toArray())
        out += QStringLiteral("  ! ") + p.toString() + QLatin1Char('\n');
    return out;
}

/// The run's bottleneck verdict ("livedash (ingest thread waited ...)"), "–" if absent.
QString verdict(const QJsonObject &run)
{
    const QString v = run.value(QStringLiteral("bottleneck"))
                          .toObject()
                          .value(QStringLiteral("verdict"))
                          .toString();
    return v.isEmpty() ? QStringLiteral("–") : v;
}

/// The UI targets of issue 14 a sweep step must hold to count: UI lateness p99 <= 8 ms and
/// max <= 25 ms, message-to-pixel p99 <= 100 ms.
bool uiTargetsHeld(const QJsonObject &r)
{
    const auto p99 = at(r, QStringLiteral("latenessMs.p99"));
    const auto max = at(r, QStringLiteral("latenessMs.max"));
    const auto pixel = at(r, QStringLiteral("messageToPixelMs.p99"));
    return p99 && max && pixel && *p99 <= 8 && *max <= 25 && *pixel <= 100;
}

QString setup(const QJsonObject &run)
{
    const QJsonObject f = run.value(QStringLiteral("feeds")).toObject();
    return QStringLiteral("%1 WebSocket + %2 HTTP (100 ms) + %3 SSE feeds, %4 msg/s asked, "
                          "%5-byte messages, %6 charts, %7 ingest thread(s), %8 s window after "
                          "%9 s warm-up")
        .arg(f.value(QStringLiteral("ws")).toInt())
        .arg(f.value(QStringLiteral("http")).toInt())
        .arg(f.value(QStringLiteral("sse")).toInt())
        .arg(number(at(run, QStringLiteral("rateRequested")), 0))
        .arg(run.value(QStringLiteral("messageBytes")).toInt())
        .arg(run.value(QStringLiteral("charts")).toInt())
        .arg(run.value(QStringLiteral("ingestThreads")).toInt())
        .arg(run.value(QStringLiteral("windowS")).toDouble())
        .arg(run.value(QStringLiteral("warmupS")).toDouble());
}

} // namespace

QString runTable(const QJsonObject &run)
{
    QList<QStringList> body;
    for (const Row &r : rows()) {
        const auto v = at(run, QString::fromLatin1(r.path));
        if (v)
            body.append({QString::fromUtf8(r.label), number(v, r.decimals)});
    }
    return QStringLiteral("%1 design: %2\n%3 (status: %4)\n")
               .arg(run.value(QStringLiteral("design")).toString(), setup(run), loadNote(run),
                    run.value(QStringLiteral("status")).toString()) +
           render({QStringLiteral("figure"), QStringLiteral("value")}, body) +
           QStringLiteral("bottleneck: ") + verdict(run) + QLatin1Char('\n') + problems(run);
}

QJsonObject comparisonRatios(const QJsonObject &livedash, const QJsonObject &naive)
{
    QJsonObject out;
    for (const Row &r : rows()) {
        const QString path = QString::fromLatin1(r.path);
        const auto a = advantage(r, at(livedash, path), at(naive, path));
        if (a)
            out.insert(path, std::round(*a * 10) / 10);
    }
    return out;
}

QString comparisonTable(const QJsonObject &livedash, const QJsonObject &naive,
                        const QStringList &labels)
{
    const QStringList names = labels.size() == 3
                                  ? labels
                                  : QStringList{QStringLiteral("livedash"), QStringLiteral("naive"),
                                                QStringLiteral("livedash advantage")};
    QList<QStringList> body;
    for (const Row &r : rows()) {
        const QString path = QString::fromLatin1(r.path);
        const auto l = at(livedash, path);
        const auto n = at(naive, path);
        if (!l && !n)
            continue;
        const auto a = advantage(r, l, n);
        body.append({QString::fromUtf8(r.label), number(l, r.decimals), number(n, r.decimals),
                     a ? QStringLiteral("×") + QString::number(*a, 'f', *a < 10 ? 1 : 0)
                       : QStringLiteral("–")});
    }
    QString text =
        QStringLiteral("Same load, same machine, one after the other: %1\n").arg(setup(livedash));
    text += QStringLiteral("%6: %1, %2; %7: %3, %4 (window %5 s)\n")
                .arg(livedash.value(QStringLiteral("status")).toString(), loadNote(livedash),
                     naive.value(QStringLiteral("status")).toString(), loadNote(naive))
                .arg(naive.value(QStringLiteral("windowS")).toDouble())
                .arg(names[0], names[1]);
    text += render({QStringLiteral("figure"), names[0], names[1], names[2]}, body);
    text += QStringLiteral("bottleneck, %3 run: %1\nbottleneck, %4 run: %2\n")
                .arg(verdict(livedash), verdict(naive), names[0], names[1]);
    if (!problems(livedash).isEmpty())
        text += QStringLiteral("livedash:\n") + problems(livedash);
    if (!problems(naive).isEmpty())
        text += QStringLiteral("naive:\n") + problems(naive);
    return text;
}

QJsonObject sweepBest(const QJsonArray &steps)
{
    // Per feed count and over all: the step with the highest rate asked that lost nothing and
    // held the UI targets; its rate is the one measured (samples stored per second).
    QJsonObject best, byFeeds;
    auto better = [](const QJsonObject &candidate, const QJsonObject &than) {
        if (than.isEmpty())
            return true;
        const double a = candidate.value(QStringLiteral("rateAsked")).toDouble();
        const double b = than.value(QStringLiteral("rateAsked")).toDouble();
        return a != b ? a > b
                      : candidate.value(QStringLiteral("msgPerS")).toDouble() >
                            than.value(QStringLiteral("msgPerS")).toDouble();
    };
    for (const QJsonValue &v : steps) {
        const QJsonObject s = v.toObject();
        const QJsonObject r = s.value(QStringLiteral("result")).toObject();
        if (!r.value(QStringLiteral("status")).toString().startsWith(QLatin1String("ok")) ||
            at(r, QStringLiteral("lost")).value_or(1) != 0 ||
            at(r, QStringLiteral("sent")).value_or(0) <= 0 || !uiTargetsHeld(r))
            continue;
        const int feeds = s.value(QStringLiteral("feeds")).toInt();
        const QJsonObject candidate{
            {QStringLiteral("msgPerS"), r.value(QStringLiteral("messagesPerS"))},
            {QStringLiteral("feeds"), feeds},
            {QStringLiteral("rateAsked"), s.value(QStringLiteral("rate"))}};
        const QString key = QString::number(feeds);
        if (better(candidate, byFeeds.value(key).toObject()))
            byFeeds.insert(key, candidate);
        if (better(candidate, best))
            best = candidate;
    }
    QJsonObject out{{QStringLiteral("byFeeds"), byFeeds}};
    if (!best.isEmpty())
        out.insert(QStringLiteral("best"), best);
    return out;
}

QString sweepTable(const QJsonArray &steps, double totalSeconds)
{
    const QStringList header{QStringLiteral("feeds"),
                             QStringLiteral("msg/s asked"),
                             QStringLiteral("offered/s"),
                             QStringLiteral("ingested/s"),
                             QStringLiteral("lost"),
                             QStringLiteral("backlog at stop"),
                             QStringLiteral("lateness p99 / max ms"),
                             QStringLiteral("msg→pixel p50 / p99 ms"),
                             QStringLiteral("fresh paints/s min / median"),
                             QStringLiteral("CPU % UI / ingest"),
                             QStringLiteral("loadgen CPU %"),
                             QStringLiteral("loadgen CPU µs/msg"),
                             QStringLiteral("others CPU %"),
                             QStringLiteral("RSS MB"),
                             QStringLiteral("UI wait %"),
                             QStringLiteral("bottleneck"),
                             QStringLiteral("status")};
    QList<QStringList> body;
    QStringList notes;
    for (const QJsonValue &v : steps) {
        const QJsonObject s = v.toObject();
        const QJsonObject r = s.value(QStringLiteral("result")).toObject();
        QStringList row{QString::number(s.value(QStringLiteral("feeds")).toInt()),
                        number(at(s, QStringLiteral("rate")), 0)};
        auto note = [&](const QString &text) -> QString {
            const QString entry = QStringLiteral("(%1) %2");
            for (qsizetype i = 0; i < notes.size(); ++i)
                if (notes[i] == entry.arg(i + 1).arg(text))
                    return QStringLiteral("(%1)").arg(i + 1);
            notes.append(entry.arg(notes.size() + 1).arg(text));
            return QStringLiteral("(%1)").arg(notes.size());
        };
        if (s.contains(QStringLiteral("skipped"))) {
            while (row.size() < header.size() - 1)
                row << QString();
            row << QStringLiteral("skipped ") + note(s.value(QStringLiteral("skipped")).toString());
            body.append(row);
            continue;
        }
        auto pair = [&](const char *a, const char *b, int decimals) -> QString {
            return number(at(r, QString::fromLatin1(a)), decimals) + QStringLiteral(" / ") +
                   number(at(r, QString::fromLatin1(b)), decimals);
        };
        QString status = r.value(QStringLiteral("status")).toString();
        const QJsonArray problems = r.value(QStringLiteral("problems")).toArray();
        if (!problems.isEmpty())
            status += QLatin1Char(' ') + note(problems.first().toString());
        row << number(at(r, QStringLiteral("offeredPerS")), 0)
            << number(at(r, QStringLiteral("messagesPerS")), 0)
            << number(at(r, QStringLiteral("lost")), 0)
            << number(at(r, QStringLiteral("backlogAtStop")), 0)
            << pair("latenessMs.p99", "latenessMs.max", 1)
            << pair("messageToPixelMs.p50", "messageToPixelMs.p99", 0)
            << pair("paints.freshHz.min", "paints.freshHz.p50", 1)
            << pair("cpuPercentByThread.ui", "cpuPercentByThread.ingest", 0)
            << number(at(r, QStringLiteral("loadgenCpuPercent")), 0)
            << number(at(r, QStringLiteral("loadgenCpuMicrosPerMessage")), 2)
            << number(at(r, QStringLiteral("bottleneck.othersCpuPercent")), 0)
            << number(at(r, QStringLiteral("rssMB")), 0)
            << number(at(r, QStringLiteral("cpuWaitPercentByThread.ui")), 0) << verdict(r)
            << status;
        body.append(row);
    }
    QString text = render(header, body);
    if (!notes.isEmpty())
        text += QLatin1Char('\n'); // Markdown: a line right below a table would be a row
    for (const QString &n : std::as_const(notes))
        text += n + QLatin1Char('\n');

    const QJsonObject best = sweepBest(steps);
    auto rate = [](const QJsonObject &b) {
        return QStringLiteral("%1 msg/s (feeds %2, %3 msg/s asked)")
            .arg(number(at(b, QStringLiteral("msgPerS")), 0))
            .arg(b.value(QStringLiteral("feeds")).toInt())
            .arg(number(at(b, QStringLiteral("rateAsked")), 0));
    };
    text += QStringLiteral("\nhighest rate with 0 lost and UI targets held: %1\n")
                .arg(best.contains(QStringLiteral("best"))
                         ? rate(best.value(QStringLiteral("best")).toObject())
                         : QStringLiteral("none"));
    QStringList perFeeds;
    const QJsonObject byFeeds = best.value(QStringLiteral("byFeeds")).toObject();
    for (auto it = byFeeds.constBegin(); it != byFeeds.constEnd(); ++it)
        perFeeds.append(
            QStringLiteral("%1 feeds: %2")
                .arg(it.key(), number(at(it.value().toObject(), QStringLiteral("msgPerS")), 0)));
    text +=
        QStringLiteral("  (UI targets: lateness p99 <= 8 ms, max <= 25 ms, message-to-pixel "
                       "p99 <= 100 ms; by feed count, msg/s stored: %1)\n")
            .arg(perFeeds.isEmpty() ? QStringLiteral("none") : perFeeds.join(QStringLiteral(", ")));
    if (totalSeconds >= 0)
        text += QStringLiteral("sweep took %1 s\n").arg(std::round(totalSeconds));
    return text;
}

QString historyTable(const QJsonObject &h)
{
    QString text = QStringLiteral("History: %1 channels x %2 points preloaded in %3 s (one point "
                                  "every %4 ms), %5 idle feeds connected, 12 live charts in the "
                                  "main window (%6)\n")
                       .arg(h.value(QStringLiteral("series")).toInt())
                       .arg(number(at(h, QStringLiteral("pointsPerSeries")), 0))
                       .arg(h.value(QStringLiteral("preloadS")).toDouble())
                       .arg(h.value(QStringLiteral("spacingMs")).toDouble())
                       .arg(h.value(QStringLiteral("feeds")).toInt())
                       .arg(h.value(QStringLiteral("loadAverage")).toString() + notMeasuredNote(h));
    auto pair = [&](const QString &a, const QString &b) -> QString {
        return number(at(h, a), 1) + QStringLiteral(" / ") + number(at(h, b), 1);
    };
    QList<QStringList> body;
    body.append({QStringLiteral("RSS (MB), without / with the history"),
                 pair(QStringLiteral("rssWithoutHistoryMB"), QStringLiteral("rssMB"))});
    body.append({QStringLiteral("heap in use (MB), without / with the history"),
                 pair(QStringLiteral("heapWithoutHistoryMB"), QStringLiteral("heapMB"))});
    body.append({QStringLiteral("peak RSS (MB)"), number(at(h, QStringLiteral("peakRssMB")), 1)});
    body.append({QStringLiteral("all 12 charts zoomed out to the whole history: first frame (ms)"),
                 number(at(h, QStringLiteral("dashboardZoomOutMs")), 1)});
    body.append({QStringLiteral("all 12 charts live over the whole history: frame p50 / max (ms)"),
                 pair(QStringLiteral("dashboardLiveWholeHistoryMs.p50"),
                      QStringLiteral("dashboardLiveWholeHistoryMs.max"))});
    text += render({QStringLiteral("figure"), QStringLiteral("value")}, body);
    QList<QStringList> ops;
    for (const QJsonValue &v : h.value(QStringLiteral("operations")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString lo = number(at(o, QStringLiteral("pointsInViewMin")), 0);
        const QString hi = number(at(o, QStringLiteral("pointsInViewMax")), 0);
        ops.append({o.value(QStringLiteral("operation")).toString(),
                    QString::number(o.value(QStringLiteral("frames")).toInt()),
                    lo == hi ? lo : lo + QStringLiteral(" – ") + hi,
                    number(at(o, QStringLiteral("refreshMs.p50")), 1) + QStringLiteral(" / ") +
                        number(at(o, QStringLiteral("refreshMs.max")), 1),
                    number(at(o, QStringLiteral("frameMs.p50")), 1) + QStringLiteral(" / ") +
                        number(at(o, QStringLiteral("frameMs.max")), 1)});
    }
    text += QStringLiteral("\nOne chart (%1 x %2 px), zoomed and panned through the history:\n")
                .arg(h.value(QStringLiteral("chartWidth")).toInt())
                .arg(h.value(QStringLiteral("chartHeight")).toInt());
    text += render({QStringLiteral("operation"), QStringLiteral("frames"),
                    QStringLiteral("points in view"), QStringLiteral("refresh p50 / max (ms)"),
                    QStringLiteral("refresh + paint p50 / max (ms)")},
                   ops);
    return text;
}

QString idleTable(const QJsonObject &idle)
{
    QList<QStringList> body;
    for (const QJsonValue &v : idle.value(QStringLiteral("kinds")).toArray()) {
        const QJsonObject k = v.toObject();
        body.append({k.value(QStringLiteral("kind")).toString(),
                     QString::number(k.value(QStringLiteral("feeds")).toInt()),
                     QString::number(k.value(QStringLiteral("live")).toInt()),
                     number(at(k, QStringLiteral("heapPerFeedKB")), 1),
                     number(at(k, QStringLiteral("rssPerFeedKB")), 1),
                     k.value(QStringLiteral("status")).toString()});
    }
    return QStringLiteral("Memory per idle feed (%1)\n")
               .arg(idle.value(QStringLiteral("loadAverage")).toString()) +
           render({QStringLiteral("feed kind"), QStringLiteral("feeds added"),
                   QStringLiteral("live"), QStringLiteral("heap per feed (KB)"),
                   QStringLiteral("RSS per feed (KB)"), QStringLiteral("status")},
                  body);
}

QString startupTable(const QJsonObject &startup)
{
    QStringList runs;
    for (const QJsonValue &v : startup.value(QStringLiteral("runsMs")).toArray())
        runs.append(QString::number(v.toDouble(), 'f', 0));
    QList<QStringList> body{{QStringLiteral("launch to first chart paint with data, median (ms)"),
                             number(at(startup, QStringLiteral("medianMs")), 0)},
                            {QStringLiteral("each run (ms)"), runs.join(QStringLiteral(", "))},
                            {QStringLiteral("launch to window shown, median (ms)"),
                             number(at(startup, QStringLiteral("shownMedianMs")), 0)}};
    return QStringLiteral("Demo dashboard start-up (%1)\n")
               .arg(startup.value(QStringLiteral("loadAverage")).toString()) +
           render({QStringLiteral("figure"), QStringLiteral("value")}, body);
}

QString renderTables(const QJsonObject &json)
{
    const auto has = [&](const char *key) { return json.contains(QString::fromLatin1(key)); };
    const auto object = [&](const char *key) {
        return json.value(QString::fromLatin1(key)).toObject();
    };
    QString text;
    if (has("compare"))
        text += renderTables(object("compare")) + QLatin1Char('\n');
    if (has("livedash") && has("naive"))
        text += comparisonTable(object("livedash"), object("naive")) + QLatin1Char('\n');
    if (has("design"))
        text += runTable(json) + QLatin1Char('\n');
    if (has("sweep"))
        text += sweepTable(json.value(QStringLiteral("sweep")).toArray(),
                           json.value(QStringLiteral("sweepSeconds")).toDouble(-1)) +
                QLatin1Char('\n');
    if (has("history"))
        text += historyTable(object("history")) + QLatin1Char('\n');
    if (has("operations"))
        text += historyTable(json) + QLatin1Char('\n');
    if (has("idle"))
        text += idleTable(object("idle")) + QLatin1Char('\n');
    if (has("kinds"))
        text += idleTable(json) + QLatin1Char('\n');
    if (has("startup"))
        text += startupTable(object("startup")) + QLatin1Char('\n');
    if (has("runsMs"))
        text += startupTable(json) + QLatin1Char('\n');
    return text;
}

} // namespace livedash::bench
