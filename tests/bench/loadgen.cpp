// livedash-loadgen: serves paced JSON messages over WebSocket, HTTP polling and SSE on
// 127.0.0.1 for the benchmark. Every message carries its feed's sequence number and its send
// time on the monotonic clock (CLOCK_MONOTONIC, shared by every process on the machine).
//
// stdout, first line: {"ws":"ws://127.0.0.1:P","http":"http://127.0.0.1:Q","sse":...}
// then, when stopped (SIGTERM/SIGINT, stdin closed, or --duration): {"sent":N,"perFeed":{...}}
#include "localhttpserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>

#include <unistd.h>

using namespace livedash;

namespace {

std::atomic<int> g_stop{0};
extern "C" void onSignal(int)
{
    g_stop.store(1);
}

double epochMs()
{
    return double(std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count()) /
           1000.0;
}

qint64 monotonicUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct FeedState
{
    QString name;
    quint64 seq = 0;
    quint64 sent = 0;
    QList<QWebSocket *> sockets;         // ws
    std::deque<QByteArray> pending;      // http: messages since the last poll
    QList<QPointer<HttpExchange>> streams; // sse
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Livedash load generator"));
    parser.addHelpOption();
    auto opt = [&](const char *name, const char *help, const char *def) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(help),
                             QStringLiteral("N"), QString::fromLatin1(def));
        parser.addOption(o);
        return o;
    };
    const auto wsOpt = opt("ws", "WebSocket feeds", "60");
    const auto httpOpt = opt("http", "HTTP polling feeds", "20");
    const auto sseOpt = opt("sse", "SSE feeds", "20");
    const auto rateOpt = opt("rate", "aggregate messages per second", "100000");
    const auto sizeOpt = opt("size", "approximate message size in bytes", "140");
    const auto durationOpt = opt("duration", "seconds to run (0: until stopped)", "0");
    parser.process(app);
    const int nWs = parser.value(wsOpt).toInt();
    const int nHttp = parser.value(httpOpt).toInt();
    const int nSse = parser.value(sseOpt).toInt();
    const double rate = parser.value(rateOpt).toDouble();
    const int size = parser.value(sizeOpt).toInt();
    const double duration = parser.value(durationOpt).toDouble();

    std::vector<FeedState> feeds;
    feeds.reserve(size_t(nWs + nHttp + nSse));
    for (int i = 0; i < nWs; ++i)
        feeds.push_back({QStringLiteral("ws/%1").arg(i), 0, 0, {}, {}, {}});
    for (int i = 0; i < nHttp; ++i)
        feeds.push_back({QStringLiteral("http/%1").arg(i), 0, 0, {}, {}, {}});
    for (int i = 0; i < nSse; ++i)
        feeds.push_back({QStringLiteral("sse/%1").arg(i), 0, 0, {}, {}, {}});

    QWebSocketServer ws(QStringLiteral("loadgen"), QWebSocketServer::NonSecureMode);
    if (nWs > 0 && !ws.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "loadgen: cannot listen: %s\n", qPrintable(ws.errorString()));
        return 1;
    }
    QObject::connect(&ws, &QWebSocketServer::newConnection, [&] {
        while (QWebSocket *s = ws.nextPendingConnection()) {
            const int index = s->requestUrl().path().section(QLatin1Char('/'), 2, 2).toInt();
            if (index < 0 || index >= nWs) {
                s->close(QWebSocketProtocol::CloseCodePolicyViolated);
                continue;
            }
            feeds[size_t(index)].sockets.append(s);
            QObject::connect(s, &QWebSocket::disconnected, [&feeds, s, index] {
                feeds[size_t(index)].sockets.removeAll(s);
                s->deleteLater();
            });
        }
    });
    LocalHttpServer http;
    if (nHttp + nSse > 0 && !http.listen()) {
        std::fprintf(stderr, "loadgen: cannot listen for HTTP\n");
        return 1;
    }
    for (int i = 0; i < nHttp; ++i) {
        FeedState *f = &feeds[size_t(nWs + i)];
        http.route(QStringLiteral("/http/%1").arg(i).toUtf8(), [f](HttpExchange *x) {
            QByteArray body = "[";
            for (size_t k = 0; k < f->pending.size(); ++k) {
                if (k)
                    body += ',';
                body += f->pending[k];
            }
            body += ']';
            f->pending.clear();
            x->respond(200, body);
        });
    }
    for (int i = 0; i < nSse; ++i) {
        FeedState *f = &feeds[size_t(nWs + nHttp + i)];
        http.route(QStringLiteral("/sse/%1").arg(i).toUtf8(), [f](HttpExchange *x) {
            x->beginStream(200);
            f->streams.append(x);
        });
    }

    QJsonObject hello{{QStringLiteral("ws"), QStringLiteral("ws://127.0.0.1:%1").arg(ws.serverPort())},
                      {QStringLiteral("http"), http.url(QStringLiteral("")).toString()},
                      {QStringLiteral("pid"), qint64(QCoreApplication::applicationPid())}};
    std::printf("%s\n", QJsonDocument(hello).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);

    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    QSocketNotifier stdinWatch(0, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, [&] {
        char buf[256];
        if (::read(0, buf, sizeof buf) <= 0)
            g_stop.store(1);
    });

    const QByteArray padding(std::max(0, size - 75), 'x');
    quint64 total = 0;
    size_t next = 0;
    QElapsedTimer clock;
    clock.start();
    auto message = [&](FeedState &f) {
        ++f.seq;
        QByteArray m;
        m.reserve(size + 16);
        m += "{\"seq\":" + QByteArray::number(f.seq) + ",\"mono\":" +
             QByteArray::number(monotonicUs()) + ",\"ts\":" + QByteArray::number(epochMs(), 'f', 3) + ",\"v\":" +
             QByteArray::number(double(f.seq % 1000) / 10.0) + ",\"pad\":\"" + padding + "\"}";
        return m;
    };
    auto report = [&] {
        QJsonObject perFeed;
        for (const FeedState &f : feeds)
            perFeed.insert(f.name, qint64(f.sent));
        QJsonObject bye{{QStringLiteral("sent"), qint64(total)},
                        {QStringLiteral("seconds"), clock.elapsed() / 1000.0},
                        {QStringLiteral("perFeed"), perFeed}};
        std::printf("%s\n", QJsonDocument(bye).toJson(QJsonDocument::Compact).constData());
        std::fflush(stdout);
    };
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
    pace.setInterval(1);
    QObject::connect(&pace, &QTimer::timeout, [&] {
        if (g_stop.load() || (duration > 0 && clock.elapsed() >= qint64(duration * 1000))) {
            // Stop generating, report, and keep serving a moment so HTTP pollers can collect
            // what is still queued for them.
            pace.stop();
            report();
            QTimer::singleShot(2000, &app, &QCoreApplication::quit);
            return;
        }
        const quint64 target = quint64(rate * double(clock.nsecsElapsed()) / 1e9);
        // Round-robin over feeds; a feed with no client yet skips its turn (nothing is queued
        // for it except on HTTP, whose messages wait for the next poll).
        quint64 budget = std::min<quint64>(target - std::min(target, total), quint64(rate / 10 + 1));
        size_t idle = 0;
        while (budget > 0 && idle < feeds.size()) {
            FeedState &f = feeds[next];
            next = (next + 1) % feeds.size();
            const bool isWs = !f.sockets.isEmpty();
            f.streams.removeIf([](const QPointer<HttpExchange> &s) { return !s || !s->isOpen(); });
            const bool isSse = !f.streams.isEmpty();
            const bool isHttp = f.name.startsWith(QLatin1String("http/"));
            if (!isWs && !isSse && !isHttp) {
                ++idle;
                continue;
            }
            if (isHttp && f.pending.size() > 1000000) { // nobody polls: don't grow forever
                ++idle;
                continue;
            }
            idle = 0;
            const QByteArray m = message(f);
            if (isWs)
                for (QWebSocket *s : std::as_const(f.sockets))
                    s->sendTextMessage(QString::fromLatin1(m));
            else if (isSse)
                for (const auto &s : std::as_const(f.streams))
                    s->write("data: " + m + "\n\n");
            else
                f.pending.push_back(m);
            ++f.sent;
            ++total;
            --budget;
        }
    });
    pace.start();
    QCoreApplication::exec();
    return 0;
}
