#include "serialfeed.h"

#include <livedash/wait.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QSerialPortInfo>
#include <QTimer>

#include <algorithm>
#include <coroutine>
#include <memory>
#include <utility>

Q_LOGGING_CATEGORY(lcSerialFeed, "livedash.feed.serial", QtInfoMsg)

namespace livedash {

namespace {

using std::chrono::milliseconds;

/// Bytes taken from the port per read() call (a stack buffer: nothing kept per feed).
constexpr qint64 ReadChunk = 16 * 1024;
/// What QSerialPort may hold unread: past it, it stops reading the device (the driver's buffer
/// fills, and the device is held back by flow control, or its data is dropped) instead of
/// memory growing while the ingest thread is busy.
constexpr qint64 MaxUnreadBytes = 1024 * 1024;
/// How often a missing port is looked for, and an open one checked for being unplugged.
constexpr milliseconds PollInterval{500};
/// How long the list of present ports is reused by info().
constexpr qint64 PortListCacheMs = 2000;

/// Whether the device of `port` exists now. On Unix the device node (a path, or a name under
/// /dev); elsewhere the system's list of serial ports.
bool portPresent(const QString &port)
{
#ifdef Q_OS_UNIX
    const QString path = port.startsWith(QLatin1Char('/')) ? port : QStringLiteral("/dev/") + port;
    return QFileInfo::exists(path); // a dangling link (a pty that is gone) does not exist
#else
    const auto ports = QSerialPortInfo::availablePorts();
    return std::any_of(ports.begin(), ports.end(), [&](const QSerialPortInfo &info) {
        return info.portName().compare(port, Qt::CaseInsensitive) == 0 ||
               info.systemLocation().compare(port, Qt::CaseInsensitive) == 0;
    });
#endif
}

QString waitingText(const QString &port)
{
    return QCoreApplication::translate("livedash::FeedErrors", "waiting for %1").arg(port);
}

/// Errors that mean the device is not there (never plugged in, or unplugged while open).
bool isMissing(QSerialPort::SerialPortError error)
{
    return error == QSerialPort::DeviceNotFoundError || error == QSerialPort::ResourceError;
}

QString permissionText(const QString &port, const QString &why)
{
    // Qt reports a port locked by another process (or by this dashboard's running feed, when
    // the settings dialog's Test opens it a second time) as a permission error too: with the
    // rights to open the device, that is what it is.
    const QFileInfo device(port);
    if (device.exists() && device.isReadable() && device.isWritable())
        return QCoreApplication::translate(
                   "livedash::FeedErrors",
                   "%1 is in use (%2): another program, or another feed of this dashboard, has "
                   "it open. Test in Settings opens the port itself: stop the running feed first")
            .arg(port, why);
#ifdef Q_OS_LINUX
    return QCoreApplication::translate(
               "livedash::FeedErrors",
               "permission denied opening %1 (%2): the user running Livedash must be in the "
               "group that owns the port, usually dialout (sudo usermod -aG dialout $USER, then "
               "log in again); or another program has the port open")
        .arg(port, why);
#else
    return QCoreApplication::translate(
               "livedash::FeedErrors",
               "permission denied opening %1 (%2): another program may have the port open")
        .arg(port, why);
#endif
}

} // namespace

/// One run's state, shared by the port's handlers and the run() coroutine.
struct SerialRun
{
    FeedContext *ctx = nullptr;
    /// Alive as long as the run: a turn queued after the run ended finds it expired.
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    bool turnQueued = false;
};

SerialSettings SerialSettings::fromOptions(const QVariantMap &options)
{
    SerialSettings s;
    s.port = options.value(PortKey).toString().trimmed();
    bool ok = false;
    const int baud = options.value(BaudRateKey, DefaultBaudRate).toInt(&ok);
    s.baudRate = ok && baud > 0 ? baud : DefaultBaudRate;

    const QString bits = options.value(DataBitsKey).toString().trimmed();
    s.dataBits = bits == QLatin1String("5")   ? QSerialPort::Data5
                 : bits == QLatin1String("6") ? QSerialPort::Data6
                 : bits == QLatin1String("7") ? QSerialPort::Data7
                                              : QSerialPort::Data8;
    const QString parity = options.value(ParityKey).toString().trimmed();
    s.parity = parity == QLatin1String("even")    ? QSerialPort::EvenParity
               : parity == QLatin1String("odd")   ? QSerialPort::OddParity
               : parity == QLatin1String("space") ? QSerialPort::SpaceParity
               : parity == QLatin1String("mark")  ? QSerialPort::MarkParity
                                                  : QSerialPort::NoParity;
    const QString stop = options.value(StopBitsKey).toString().trimmed();
    s.stopBits = stop == QLatin1String("2")     ? QSerialPort::TwoStop
                 : stop == QLatin1String("1.5") ? QSerialPort::OneAndHalfStop
                                                : QSerialPort::OneStop;
    const QString flow = options.value(FlowControlKey).toString().trimmed();
    s.flowControl = flow == QLatin1String("hardware")   ? QSerialPort::HardwareControl
                    : flow == QLatin1String("software") ? QSerialPort::SoftwareControl
                                                        : QSerialPort::NoFlowControl;
    s.decoder = LineDecoder::fromOptions(options);
    s.maxLineBytes = LineDecoder::maxLineBytes(options);
    return s;
}

QStringList SerialSettings::dataBitsChoices()
{
    return {QStringLiteral("8"), QStringLiteral("7"), QStringLiteral("6"), QStringLiteral("5")};
}

QStringList SerialSettings::parityChoices()
{
    return {QStringLiteral("none"), QStringLiteral("even"), QStringLiteral("odd"),
            QStringLiteral("space"), QStringLiteral("mark")};
}

QStringList SerialSettings::stopBitsChoices()
{
    return {QStringLiteral("1"), QStringLiteral("1.5"), QStringLiteral("2")};
}

QStringList SerialSettings::flowControlChoices()
{
    return {QStringLiteral("none"), QStringLiteral("hardware"), QStringLiteral("software")};
}

QStringList SerialSettings::presentPorts()
{
    static QMutex mutex;
    static QElapsedTimer age;
    static QStringList cached;
    QMutexLocker lock(&mutex);
    if (age.isValid() && age.elapsed() < PortListCacheMs)
        return cached;
    QStringList ports;
    for (const QSerialPortInfo &info : QSerialPortInfo::availablePorts())
        ports.append(info.systemLocation());
    ports.sort();
    ports.removeDuplicates();
    cached = ports;
    age.start();
    return cached;
}

SerialFeed::SerialFeed(SerialSettings settings)
    : m_settings(std::move(settings)), m_decoder(m_settings.decoder),
      m_lines(m_settings.maxLineBytes)
{
}

SerialFeed::~SerialFeed()
{
    closePort();
}

void SerialFeed::closePort()
{
    if (!m_port)
        return;
    QObject::disconnect(m_port.get(), nullptr, nullptr, nullptr);
    m_port->close();
    m_port.reset();
}

void SerialFeed::readInput(SerialRun *run)
{
    if (!m_port)
        return;
    char buffer[ReadChunk];
    QElapsedTimer turn;
    turn.start();
    while (!run->ctx->isCancelled()) {
        if (turn.elapsed() >= IngestTurnMs) {
            // The rest in a later turn; meanwhile QSerialPort holds at most MaxUnreadBytes.
            if (!run->turnQueued && m_port->bytesAvailable() > 0) {
                run->turnQueued = true;
                QTimer::singleShot(0, m_port.get(),
                                   [this, run, alive = std::weak_ptr<bool>(run->alive)] {
                                       if (alive.expired())
                                           return; // the run ended meanwhile
                                       run->turnQueued = false;
                                       readInput(run);
                                   });
            }
            return;
        }
        const qint64 got = m_port->read(buffer, ReadChunk);
        if (got <= 0)
            break;
        take(run, QByteArrayView(buffer, got));
    }
}

void SerialFeed::take(SerialRun *run, QByteArrayView data)
{
    run->ctx->bytesReceived(data.size());
    m_lines.feed(
        data, [this, run](QByteArrayView line) { onLine(run, line); },
        [this, run] {
            run->ctx->rejected(QCoreApplication::translate("livedash::FeedErrors",
                                                           "line longer than %1 bytes discarded")
                                   .arg(m_settings.maxLineBytes));
        });
}

void SerialFeed::onLine(SerialRun *run, QByteArrayView line)
{
    LineDecoder::Result r = m_decoder.decode(line);
    if (r.kind == LineDecoder::Result::Message)
        run->ctx->message(r.message);
    else if (r.kind == LineDecoder::Result::Rejected)
        run->ctx->rejected(r.problem);
}

QCoro::Task<FeedEnd> SerialFeed::run(FeedContext &ctx)
{
    const QString port = m_settings.port;
    SerialRun run;
    run.ctx = &ctx;
    bool waiting = false;
    auto waitForPort = [&ctx, &waiting](const QString &why) {
        if (!waiting) {
            qCDebug(lcSerialFeed).noquote() << ctx.feedId() << why;
            ctx.note(why);
            waiting = true;
        }
    };

    while (!ctx.isCancelled()) {
        ctx.connecting(port);
        if (!portPresent(port)) {
            waitForPort(waitingText(port));
            if (!co_await ctx.sleep(PollInterval))
                break;
            continue;
        }

        m_port = std::make_unique<QSerialPort>();
        QSerialPort *p = m_port.get();
        p->setPortName(port);
        p->setBaudRate(m_settings.baudRate);
        p->setDataBits(m_settings.dataBits);
        p->setParity(m_settings.parity);
        p->setStopBits(m_settings.stopBits);
        p->setFlowControl(m_settings.flowControl);
        p->setReadBufferSize(MaxUnreadBytes);
        if (!p->open(QIODevice::ReadOnly)) {
            const QSerialPort::SerialPortError error = p->error();
            const QString why = p->errorString();
            closePort();
            if (isMissing(error)) {
                // Gone again between the look and the open, or not a device this system
                // lists: looked for again shortly.
                waitForPort(waitingText(port));
                if (!co_await ctx.sleep(PollInterval))
                    break;
                continue;
            }
            ctx.note({});
            if (error == QSerialPort::PermissionError)
                co_return FeedEnd::failed(permissionText(port, why));
            co_return FeedEnd::failed(
                QCoreApplication::translate("livedash::FeedErrors", "could not open %1: %2")
                    .arg(port, why));
        }

        waiting = false;
        ctx.note({});
        m_lines.reset();
        m_decoder.restart();
        ctx.connected();
        qCDebug(lcSerialFeed).noquote() << ctx.feedId() << "opened" << port;
        QObject::connect(p, &QSerialPort::readyRead, p, [this, r = &run] { readInput(r); });
        readInput(&run); // anything that arrived while it opened

        // Data arrives through the handler; this waits for an error, the device node going
        // away (a pty or a driver that reports no error) or cancellation.
        QSerialPort::SerialPortError error = QSerialPort::NoError;
        bool unplugged = false;
        while (!ctx.isCancelled()) {
            const WaitResult woke =
                co_await waitFor(ctx.cancelToken(), PollInterval, p, &QSerialPort::errorOccurred);
            if (woke == WaitResult::Cancelled)
                break;
            error = p->error();
            if (error != QSerialPort::NoError && error != QSerialPort::TimeoutError)
                break;
            error = QSerialPort::NoError;
            if (!portPresent(port)) {
                unplugged = true;
                break;
            }
        }
        if (ctx.isCancelled())
            break;
        const QString why = p->errorString();
        if (p->bytesAvailable() > 0) {
            // What it held before the error; a line cut off by the unplug is dropped.
            run.turnQueued = true; // no continuation: this reads all of it
            QObject::disconnect(p, &QSerialPort::readyRead, nullptr, nullptr);
            char buffer[ReadChunk];
            while (true) {
                const qint64 got = p->read(buffer, ReadChunk);
                if (got <= 0)
                    break;
                take(&run, QByteArrayView(buffer, got));
            }
        }
        closePort();
        run.alive = std::make_shared<bool>(true); // turns queued for the old port do nothing
        run.turnQueued = false;
        if (!unplugged && !isMissing(error)) {
            // A read error. A device that goes away may say so before its node is gone (a
            // pty whose other end closed reads as end of file): looked at again shortly.
            if (!co_await ctx.sleep(PollInterval))
                break;
            if (portPresent(port))
                co_return FeedEnd::failed(
                    QCoreApplication::translate("livedash::FeedErrors", "%1: %2").arg(port, why));
        }
        qCDebug(lcSerialFeed).noquote() << ctx.feedId() << port << "went away:" << why;
        waitForPort(waitingText(port));
    }
    closePort();
    co_return FeedEnd::cancelled();
}

} // namespace livedash
