// livedash-loadgen: serves paced JSON messages over WebSocket, HTTP polling and SSE on
// 127.0.0.1 for the benchmark. Every message carries its feed's sequence number and its send
// time on the monotonic clock (CLOCK_MONOTONIC, shared by every process on the machine) and on
// the wall clock ("ts", epoch ms with a µs fraction).
//
// stdout, first line: {"ws":"ws://127.0.0.1:P","http":"http://127.0.0.1:Q","pid":N,
//                      "urls":[one URL per feed: WebSocket feeds, then HTTP, then SSE]}
// with --wait-clients, when generating starts: {"started":true,"waitedMs":N,"missing":[...]}
// then, when stopped (SIGTERM/SIGINT, on Windows the event Local\livedash-loadgen-stop-<pid>,
// stdin closed, or --duration):
//   {"sent":N,"seconds":S,"cpuSeconds":C,"cpuMicrosPerMessage":X,"perFeed":{"ws/0":N,...}}
// (cpuSeconds: this process's user + system CPU while generating; left out where the OS gives
// none)
// and it keeps serving for --linger seconds (default 2) so HTTP pollers can collect what is
// still queued; closing stdin while it lingers makes it exit at once.
#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h> // CreateEventW: the stop request that stands in for SIGTERM
#endif

#include "localhttpserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#ifdef Q_OS_MACOS
#include <sys/syslimits.h> // OPEN_MAX
#endif
#else
#include <thread>
#endif
#include <string>

using namespace livedash;

namespace {

std::atomic<int> g_stop{0};
extern "C" void onSignal(int)
{
    g_stop.store(1);
}

qint64 epochUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

qint64 monotonicUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// User + system CPU seconds of this process so far; < 0 where the OS gives none.
double cpuSeconds()
{
#if defined(Q_OS_WIN)
    FILETIME created, exited, kernel, user;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return -1;
    auto seconds = [](const FILETIME &t) { // 100 ns units
        return double((quint64(t.dwHighDateTime) << 32) | t.dwLowDateTime) / 1e7;
    };
    return seconds(kernel) + seconds(user);
#elif defined(Q_OS_UNIX)
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return -1;
    auto seconds = [](const timeval &tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
#else
    return -1;
#endif
}

/// Writes the benchmark's message into one buffer, reused for every message:
///   {"seq":N,"mono":<µs>,"ts":<epoch ms>.<µs>,"v":x,"pad":"xxx…"}
/// with `size - 75` bytes of padding (about `size` bytes in all). The buffer holds it between
/// "data: " and "\n\n", so an SSE event is the same bytes with no copy.
class MessageWriter
{
public:
    explicit MessageWriter(int size)
    {
        m_tail = ",\"pad\":\"";
        m_tail.append(size_t(std::max(0, size - 75)), 'x');
        m_tail += "\"}";
        // Prefix, the fields (at most 20 digits each), the tail and "\n\n".
        m_buffer.resize(size_t(SsePrefix) + 128 + m_tail.size() + 2);
        std::memcpy(m_buffer.data(), "data: ", size_t(SsePrefix));
    }

    /// The message of `seq` sent at `monoUs` (monotonic) and `wallUs` (wall clock, epoch µs).
    void write(quint64 seq, qint64 monoUs, qint64 wallUs)
    {
        char *p = m_buffer.data() + SsePrefix;
        char *const end = m_buffer.data() + m_buffer.size();
        auto text = [&](const char *s, size_t n) {
            std::memcpy(p, s, n);
            p += n;
        };
        auto integer = [&](auto value) { p = std::to_chars(p, end, value).ptr; };
        text("{\"seq\":", 7);
        integer(seq);
        text(",\"mono\":", 8);
        integer(monoUs);
        // Epoch ms with 3 decimals, the µs: what QByteArray::number(us / 1000.0, 'f', 3) gave.
        text(",\"ts\":", 6);
        integer(wallUs / 1000);
        const int micros = int(wallUs % 1000);
        *p++ = '.';
        *p++ = char('0' + micros / 100);
        *p++ = char('0' + micros / 10 % 10);
        *p++ = char('0' + micros % 10);
        // A sawtooth 0, 0.1 ... 99.9 as QByteArray::number(double(seq % 1000) / 10) wrote it
        // (shortest form: "0", "0.5", "12", "12.3").
        text(",\"v\":", 5);
        const int tenths = int(seq % 1000);
        integer(tenths / 10);
        if (tenths % 10 != 0) {
            *p++ = '.';
            *p++ = char('0' + tenths % 10);
        }
        text(m_tail.data(), m_tail.size());
        m_size = qsizetype(p - (m_buffer.data() + SsePrefix));
        *p++ = '\n';
        *p++ = '\n';
    }

    /// The message last written (valid until the next write()).
    const char *data() const { return m_buffer.data() + SsePrefix; }
    qsizetype size() const { return m_size; }
    /// The same message as an SSE event: "data: <message>\n\n".
    const char *sseData() const { return m_buffer.data(); }
    qsizetype sseSize() const { return SsePrefix + m_size + 2; }

private:
    static constexpr qsizetype SsePrefix = 6; // "data: "
    std::string m_tail;
    std::vector<char> m_buffer;
    qsizetype m_size = 0;
};

/// Many feeds means many sockets: use the hard limit of open files.
void raiseFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    rlim_t wanted = limit.rlim_max;
#ifdef Q_OS_MACOS
    wanted = std::min<rlim_t>(wanted, OPEN_MAX); // above OPEN_MAX macOS says EINVAL
#endif
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
#else
    // Windows: sockets are kernel handles, not C runtime descriptors: no limit to raise
    // (_setmaxstdio is for FILE streams only).
#endif
}

struct FeedState
{
    QString name;
    quint64 seq = 0;
    quint64 sent = 0;
    QList<QWebSocket *> sockets; // ws
    /// http: the messages since the last poll, comma-separated (the poll's answer wraps them in
    /// [ ]), and how many there are
    QByteArray pending;
    qsizetype pendingCount = 0;
    QList<QPointer<HttpExchange>> streams; // sse
    QString url;
};

void printJson(const QJsonObject &object)
{
    std::printf("%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    raiseFileLimit();
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
    const auto lingerOpt = opt("linger", "seconds to keep serving after stopping", "2");
    const auto portsOpt = opt("http-ports",
                              "HTTP/SSE listening ports, feeds spread over them (0: one per "
                              "feed, as if each were its own server)",
                              "1");
    const auto waitOpt = opt("wait-clients",
                             "wait up to N seconds for every WebSocket and SSE feed to have a "
                             "client before generating (0: start at once)",
                             "0");
    parser.process(app);
    const int nWs = parser.value(wsOpt).toInt();
    const int nHttp = parser.value(httpOpt).toInt();
    const int nSse = parser.value(sseOpt).toInt();
    const double rate = parser.value(rateOpt).toDouble();
    const int size = parser.value(sizeOpt).toInt();
    const double duration = parser.value(durationOpt).toDouble();
    const double linger = parser.value(lingerOpt).toDouble();
    const double waitClients = parser.value(waitOpt).toDouble();
    int httpPorts = parser.value(portsOpt).toInt();
    if (httpPorts <= 0)
        httpPorts = std::max(1, nHttp + nSse);

    std::vector<FeedState> feeds;
    feeds.reserve(size_t(nWs + nHttp + nSse));
    for (int i = 0; i < nWs; ++i)
        feeds.push_back({QStringLiteral("ws/%1").arg(i), 0, 0, {}, {}, 0, {}, {}});
    for (int i = 0; i < nHttp; ++i)
        feeds.push_back({QStringLiteral("http/%1").arg(i), 0, 0, {}, {}, 0, {}, {}});
    for (int i = 0; i < nSse; ++i)
        feeds.push_back({QStringLiteral("sse/%1").arg(i), 0, 0, {}, {}, 0, {}, {}});

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
    for (int i = 0; i < nWs; ++i)
        feeds[size_t(i)].url =
            QStringLiteral("ws://127.0.0.1:%1/ws/%2").arg(ws.serverPort()).arg(i);

    // HTTP and SSE endpoints, spread over `httpPorts` servers. Qt's network access manager
    // opens at most six connections per host and port, so one port for all of them would
    // make long-lived SSE streams and polls queue behind each other in the client.
    std::vector<std::unique_ptr<LocalHttpServer>> servers;
    auto serverFor = [&](int endpoint) -> LocalHttpServer & {
        return *servers[size_t(endpoint % httpPorts)];
    };
    if (nHttp + nSse > 0) {
        for (int i = 0; i < std::min(httpPorts, nHttp + nSse); ++i) {
            auto server = std::make_unique<LocalHttpServer>();
            if (!server->listen()) {
                std::fprintf(stderr, "loadgen: cannot listen for HTTP\n");
                return 1;
            }
            servers.push_back(std::move(server));
        }
        httpPorts = int(servers.size());
    }
    for (int i = 0; i < nHttp; ++i) {
        FeedState *f = &feeds[size_t(nWs + i)];
        const QByteArray path = QStringLiteral("/http/%1").arg(i).toUtf8();
        LocalHttpServer &server = serverFor(i);
        f->url = server.url(QString::fromUtf8(path)).toString();
        server.route(path, [f](HttpExchange *x) {
            QByteArray body;
            body.reserve(f->pending.size() + 2);
            body += '[';
            body += f->pending;
            body += ']';
            f->pending.resize(0); // keeps its capacity for the next messages
            f->pendingCount = 0;
            x->respond(200, body);
        });
    }
    for (int i = 0; i < nSse; ++i) {
        FeedState *f = &feeds[size_t(nWs + nHttp + i)];
        const QByteArray path = QStringLiteral("/sse/%1").arg(i).toUtf8();
        LocalHttpServer &server = serverFor(nHttp + i);
        f->url = server.url(QString::fromUtf8(path)).toString();
        server.route(path, [f](HttpExchange *x) {
            x->beginStream(200);
            f->streams.append(x);
        });
    }

    QJsonArray urls;
    for (const FeedState &f : feeds)
        urls.append(f.url);
    QJsonObject hello{
        {QStringLiteral("ws"), QStringLiteral("ws://127.0.0.1:%1").arg(ws.serverPort())},
        {QStringLiteral("http"),
         servers.empty() ? QString() : servers.front()->url(QString()).toString()},
        {QStringLiteral("pid"), qint64(QCoreApplication::applicationPid())},
        {QStringLiteral("urls"), urls}};
    printJson(hello);

    // POSIX: SIGTERM (LoadgenProcess::requestStop) and SIGINT. Windows raises SIGINT on
    // Ctrl+C and never SIGTERM; LoadgenProcess stops it by closing its stdin there.
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
#ifdef Q_OS_WIN
    // LoadgenProcess::requestStop sets this event (named after the pid) instead of SIGTERM.
    const std::wstring stopName =
        L"Local\\livedash-loadgen-stop-" + std::to_wstring(GetCurrentProcessId());
    if (const HANDLE stopEvent = CreateEventW(nullptr, TRUE, FALSE, stopName.c_str())) {
        std::thread([stopEvent] {
            if (WaitForSingleObject(stopEvent, INFINITE) == WAIT_OBJECT_0)
                g_stop.store(1);
        }).detach();
    }
#endif
    bool stopped = false;
    // End of input: stop generating, or, when already lingering, leave now.
    auto onInputEnd = [&] {
        if (stopped)
            QCoreApplication::quit();
        else
            g_stop.store(1);
    };
#ifdef Q_OS_UNIX
    QSocketNotifier stdinWatch(0, QSocketNotifier::Read);
    QObject::connect(&stdinWatch, &QSocketNotifier::activated, [&] {
        char buf[256];
        if (::read(0, buf, sizeof buf) > 0)
            return;
        // A pipe at its end stays readable, so stop watching it.
        stdinWatch.setEnabled(false);
        onInputEnd();
    });
#else
    // No QSocketNotifier on a Windows pipe: a thread blocks on stdin and raises a flag the
    // event loop polls (it touches no Qt object, so exiting with it still blocked is safe).
    static std::atomic<bool> inputEnded{false};
    std::thread([] {
        char buf[256];
        while (std::fread(buf, 1, sizeof buf, stdin) > 0) {
        }
        inputEnded.store(true);
    }).detach();
    QTimer inputPoll;
    QObject::connect(&inputPoll, &QTimer::timeout, [&] {
        if (!inputEnded.load())
            return;
        inputPoll.stop();
        onInputEnd();
    });
    inputPoll.start(20);
#endif

    MessageWriter message(size);
    // WebSocket messages go as text frames, as JSON servers send them (and as Livedash is
    // measured receiving them); the QString is reused too.
    QString text;
    text.reserve(message.sseSize());
    quint64 total = 0;
    size_t next = 0;
    QElapsedTimer clock;
    clock.start();
    double cpuAtStart = cpuSeconds();
    auto report = [&] {
        const double cpuAtEnd = cpuSeconds();
        QJsonObject perFeed;
        for (const FeedState &f : feeds)
            perFeed.insert(f.name, qint64(f.sent));
        QJsonObject out{{QStringLiteral("sent"), qint64(total)},
                        {QStringLiteral("seconds"), clock.elapsed() / 1000.0},
                        {QStringLiteral("perFeed"), perFeed}};
        if (cpuAtStart >= 0 && cpuAtEnd >= 0) {
            const double cpu = cpuAtEnd - cpuAtStart;
            out.insert(QStringLiteral("cpuSeconds"), std::round(cpu * 1000) / 1000);
            if (total > 0)
                out.insert(QStringLiteral("cpuMicrosPerMessage"),
                           std::round(cpu * 1e6 / double(total) * 1000) / 1000);
        }
        printJson(out);
    };
    auto hasClient = [&](FeedState &f) {
        f.streams.removeIf([](const QPointer<HttpExchange> &s) { return !s || !s->isOpen(); });
        return !f.sockets.isEmpty() || !f.streams.isEmpty();
    };
    bool generating = waitClients <= 0;
    QTimer pace;
    pace.setTimerType(Qt::PreciseTimer);
    pace.setInterval(rate > 0 ? 1 : 50);
    QObject::connect(&pace, &QTimer::timeout, [&] {
        if (!generating) {
            QJsonArray missing;
            for (size_t i = 0; i < feeds.size(); ++i)
                if (int(i) < nWs || int(i) >= nWs + nHttp)
                    if (!hasClient(feeds[i]))
                        missing.append(feeds[i].name);
            if (!missing.isEmpty() && clock.elapsed() < qint64(waitClients * 1000) &&
                !g_stop.load())
                return;
            printJson({{QStringLiteral("started"), true},
                       {QStringLiteral("waitedMs"), clock.elapsed()},
                       {QStringLiteral("missing"), missing}});
            generating = true;
            clock.restart();
            cpuAtStart = cpuSeconds();
        }
        if (g_stop.load() || (duration > 0 && clock.elapsed() >= qint64(duration * 1000))) {
            // Stop generating, report, and keep serving a moment so HTTP pollers can collect
            // what is still queued for them.
            pace.stop();
            stopped = true;
            report();
            QTimer::singleShot(qint64(linger * 1000), &app, &QCoreApplication::quit);
            return;
        }
        if (rate <= 0)
            return;
        const quint64 target = quint64(rate * double(clock.nsecsElapsed()) / 1e9);
        // Round-robin over feeds; a feed with no client yet skips its turn (nothing is queued
        // for it except on HTTP, whose messages wait for the next poll).
        quint64 budget =
            std::min<quint64>(target - std::min(target, total), quint64(rate / 10 + 1));
        // Each message carries its own monotonic send time; the wall clock is that plus the
        // offset between the two clocks, read once per tick (one clock read per message).
        const qint64 wallOffsetUs = epochUs() - monotonicUs();
        size_t idle = 0;
        while (budget > 0 && idle < feeds.size()) {
            FeedState &f = feeds[next];
            const int index = int(next);
            next = (next + 1) % feeds.size();
            const bool isHttp = index >= nWs && index < nWs + nHttp;
            if (!isHttp && !hasClient(f)) {
                ++idle;
                continue;
            }
            if (isHttp && f.pendingCount > 1000000) { // nobody polls: don't grow forever
                ++idle;
                continue;
            }
            idle = 0;
            const qint64 mono = monotonicUs();
            message.write(++f.seq, mono, mono + wallOffsetUs);
            if (!f.sockets.isEmpty()) {
                // Within its capacity: no allocation (and Qt's vectorised Latin-1 widening).
                text.resize(0);
                text.append(QLatin1String(message.data(), message.size()));
                for (QWebSocket *s : std::as_const(f.sockets))
                    s->sendTextMessage(text);
            } else if (!f.streams.isEmpty()) {
                // The socket copies the bytes: no QByteArray of its own for the event.
                const QByteArray event =
                    QByteArray::fromRawData(message.sseData(), message.sseSize());
                for (const auto &s : std::as_const(f.streams))
                    s->write(event);
            } else {
                if (f.pendingCount > 0)
                    f.pending += ',';
                f.pending.append(message.data(), message.size());
                ++f.pendingCount;
            }
            ++f.sent;
            ++total;
            --budget;
        }
    });
    pace.start();
    QCoreApplication::exec();
    return 0;
}
