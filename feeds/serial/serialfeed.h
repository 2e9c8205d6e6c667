#pragma once

#include <livedash/feedplugin.h>
#include <livedash/lines.h>

#include <QSerialPort>
#include <QString>
#include <QStringList>

#include <memory>

namespace livedash {

/// A serial feed's options, read once from the resolved option map.
struct SerialSettings
{
    static inline const QString PortKey = QStringLiteral("port");
    static inline const QString BaudRateKey = QStringLiteral("baudRate");
    static inline const QString DataBitsKey = QStringLiteral("dataBits");
    static inline const QString ParityKey = QStringLiteral("parity");
    static inline const QString StopBitsKey = QStringLiteral("stopBits");
    static inline const QString FlowControlKey = QStringLiteral("flowControl");
    static constexpr int DefaultBaudRate = 9600;

    QString port;
    qint32 baudRate = DefaultBaudRate;
    QSerialPort::DataBits dataBits = QSerialPort::Data8;
    QSerialPort::Parity parity = QSerialPort::NoParity;
    QSerialPort::StopBits stopBits = QSerialPort::OneStop;
    QSerialPort::FlowControl flowControl = QSerialPort::NoFlowControl;
    /// The line format (`format`, `csvHeader`: LineDecoder::options()).
    LineDecoder decoder;
    qint64 maxLineBytes = LineDecoder::DefaultMaxLineBytes;

    static SerialSettings fromOptions(const QVariantMap &options);
    /// The `dataBits`, `parity`, `stopBits` and `flowControl` choices, in the order shown.
    static QStringList dataBitsChoices();
    static QStringList parityChoices();
    static QStringList stopBitsChoices();
    static QStringList flowControlChoices();
    /// The serial ports present now (their system locations: /dev/ttyUSB0, COM3), cached for
    /// a moment: info() is asked often.
    static QStringList presentPorts();
};

struct SerialRun;

/// One serial port: opens it, maps what arrives line by line, and waits for the port while it
/// is missing (not plugged in yet, or unplugged), opening it again when it is back.
class SerialFeed final : public Feed
{
public:
    explicit SerialFeed(SerialSettings settings);
    ~SerialFeed() override;

    QCoro::Task<FeedEnd> run(FeedContext &ctx) override;

private:
    /// Reads for at most IngestTurnMs, then lets the thread's other feeds have a turn.
    void readInput(SerialRun *run);
    /// Bytes read from the port: counted, split into lines, and each line decoded and mapped.
    void take(SerialRun *run, QByteArrayView data);
    void onLine(SerialRun *run, QByteArrayView line);
    void closePort();

    const SerialSettings m_settings;
    LineDecoder m_decoder;
    LineSplitter m_lines;
    /// The open port. Owned by the feed so that its destructor closes it however run() ended.
    std::unique_ptr<QSerialPort> m_port;
};

} // namespace livedash
