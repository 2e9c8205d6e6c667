#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <optional>

namespace livedash {

/// Where the secrets of dashboards live: the dashboard file holds `${keychain:NAME}` and the
/// value is kept here under NAME. Values read or written are cached in memory for the
/// process, so a running feed never waits for the keychain twice.
///
/// Every operation is asynchronous and reports through a signal (never from inside the call).
/// Used from one thread only (the main thread): QtKeychain's job queue is not thread-safe.
/// Backends implement the start*() calls and report with the matching *Done() call.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Availability { Unknown, Checking, Available, Unavailable };
    enum class Outcome { Ok, NotFound, Unavailable, Failed };

    explicit SecretStore(QObject *parent = nullptr);
    ~SecretStore() override;

    /// "the system keychain (Secret Service)", for messages.
    virtual QString backendName() const = 0;

    Availability availability() const { return m_availability; }
    /// Why no keychain can be used (when Unavailable).
    QString unavailableReason() const { return m_unavailableReason; }
    /// Finds out once whether secrets can be stored (a probe entry is written and removed);
    /// availabilityChanged() says when the answer is known. Cheap to call again.
    void checkAvailability();

    /// The value of `name`, when a read or write has put it in memory.
    std::optional<QString> value(const QString &name) const;
    /// Why the last read of `name` failed (empty when it did not).
    QString readError(const QString &name) const;
    bool isReading(const QString &name) const { return m_reading.contains(name); }
    /// Reads `name` unless it is in memory, being read, or its read failed; readFinished(name)
    /// follows.
    void read(const QString &name);
    /// Keeps `value` in memory at once (running feeds can use it) and stores it in the
    /// keychain; writeFinished(name, error) follows.
    void write(const QString &name, const QString &value);
    /// Forgets failed reads so the next read() tries again (a keychain may have been unlocked).
    void forgetErrors() { m_errors.clear(); }

Q_SIGNALS:
    void availabilityChanged();
    void readFinished(const QString &name);
    void writeFinished(const QString &name, const QString &error);

protected:
    /// A reason the backend cannot work at all, found without contacting it (e.g. no D-Bus
    /// session bus on a headless Linux machine); empty if it may work.
    virtual QString precheck() const { return {}; }
    virtual void startRead(const QString &name) = 0;
    virtual void startWrite(const QString &name, const QString &value) = 0;
    virtual void startRemove(const QString &name) = 0;

    void readDone(const QString &name, Outcome outcome, const QString &value, const QString &error);
    void writeDone(const QString &name, Outcome outcome, const QString &error);
    void removeDone(const QString &name, Outcome outcome, const QString &error);

private:
    void setAvailability(Availability availability, const QString &reason = {});

    Availability m_availability = Availability::Unknown;
    QString m_unavailableReason;
    QHash<QString, QString> m_values;
    QHash<QString, QString> m_errors;
    QSet<QString> m_reading;
    QString m_probeName;
};

/// The OS keychain through QtKeychain: Secret Service over D-Bus on Linux (gnome-keyring,
/// KWallet), Keychain on macOS, Credential Manager on Windows. Never falls back to storing
/// secrets in plain text (QtKeychain's insecure fallback stays off). Each operation has a
/// timeout, so a keychain that never answers (a prompt nobody sees) fails instead of hanging.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 20000;

    explicit KeychainSecretStore(QString service = QStringLiteral("Livedash"),
                                 QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString backendName() const override;
    void setTimeout(int ms) { m_timeoutMs = ms; }

protected:
    QString precheck() const override;
    void startRead(const QString &name) override;
    void startWrite(const QString &name, const QString &value) override;
    void startRemove(const QString &name) override;

private:
    enum class Op { Read, Write, Remove };
    void start(Op op, const QString &name, const QString &value);
    void finish(quint64 id, Op op, const QString &name, Outcome outcome, const QString &value,
                const QString &error);

    QString m_service;
    int m_timeoutMs = DefaultTimeoutMs;
    quint64 m_nextId = 0;
    QSet<quint64> m_pending;
};

/// `${keychain:NAME}`.
QString keychainReference(const QString &name);

} // namespace livedash
