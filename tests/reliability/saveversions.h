#pragma once

// The dashboards written by livedash-save-loop and checked by tst_killsave: generation k is a
// deterministic document named "generation <k>" whose size varies with k (10-150 feeds, about
// 5-75 KB), so a torn write could not pass for a complete one.

#include "document/dashboard.h"

namespace livedash::reliability {

inline Dashboard dashboardGeneration(int k)
{
    Dashboard d;
    d.name = QStringLiteral("generation %1").arg(k);
    d.historyLength = 1000 + k;
    const int feeds = 10 + (k * 37) % 141;
    for (int i = 0; i < feeds; ++i) {
        FeedConfig f;
        f.id = QStringLiteral("feed-%1").arg(i);
        f.name = QStringLiteral("Feed %1 of generation %2").arg(i).arg(k);
        f.plugin = i % 3 == 0 ? QStringLiteral("websocket")
                              : (i % 3 == 1 ? QStringLiteral("http") : QStringLiteral("sse"));
        f.options.insert(QStringLiteral("url"),
                         QStringLiteral("%1://127.0.0.1:%2/g%3/f%4")
                             .arg(i % 3 == 0 ? QStringLiteral("ws") : QStringLiteral("http"))
                             .arg(1024 + (k + i) % 60000)
                             .arg(k)
                             .arg(i));
        ChannelMapping value;
        value.path = QStringLiteral("data[*].v%1").arg(i % 5);
        value.channel = QStringLiteral("{name}/v");
        value.unit = QStringLiteral("u%1").arg(k % 10);
        f.fields.channels.append(value);
        f.fields.sequence = QStringLiteral("seq");
        f.reconnect.initialDelayMs = 100 + k % 400;
        d.feeds.append(f);
    }
    for (int i = 0; i < 12; ++i) {
        PanelConfig p;
        p.title = QStringLiteral("Panel %1 / %2").arg(i).arg(k);
        p.channels = {QStringLiteral("feed-%1/*/v").arg(i % feeds)};
        p.row = i / 4;
        p.column = i % 4;
        d.panels.append(p);
    }
    return d;
}

/// The generation a dashboard claims to be, -1 if its name is not "generation <k>".
inline int generationOf(const Dashboard &d)
{
    static const QString prefix = QStringLiteral("generation ");
    if (!d.name.startsWith(prefix))
        return -1;
    bool ok = false;
    const int k = d.name.mid(prefix.size()).toInt(&ok);
    return ok ? k : -1;
}

} // namespace livedash::reliability
