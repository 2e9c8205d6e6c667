#include "secrets/secretstore.h"
#include "logging.h"
#include <livedash/redact.h>

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace livedash {

SecretStore::SecretStore(QObject *parent) : QObject(parent) {}

SecretStore::~SecretStore() = default;

void SecretStore::setAvailability(Availability availability, const QString &reason)
{
    if (availability == m_availability && reason == m_unavailableReason)
        return;
    m_availability = availability;
    m_unavailableReason = reason;
    if (availability == Availability::Unavailable)
        qCInfo(lcCore).noquote() << backendName() << "is not available:" << reason
                                 << "- use ${env:NAME} references for secrets";
    Q_EMIT availabilityChanged();
}

void SecretStore::checkAvailability()
{
    if (m_availability != Availability::Unknown)
        return;
    const QString why = precheck();
    if (!why.isEmpty()) {
        setAvailability(Availability::Unavailable, why);
        return;
    }
    // Reading a missing entry succeeds ("not found") even where nothing can be stored (e.g.
    // a Secret Service without a default collection): only a write tells.
    m_probeName = QStringLiteral("livedash-probe-%1")
                      .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    setAvailability(Availability::Checking);
    startWrite(m_probeName, QStringLiteral("probe"));
}

std::optional<QString> SecretStore::value(const QString &name) const
{
    auto it = m_values.constFind(name);
    if (it == m_values.constEnd())
        return std::nullopt;
    return *it;
}

QString SecretStore::readError(const QString &name) const
{
    return m_errors.value(name);
}

void SecretStore::read(const QString &name)
{
    if (m_values.contains(name) || m_reading.contains(name) || m_errors.contains(name))
        return;
    m_reading.insert(name);
    const QString why = precheck();
    if (!why.isEmpty()) {
        // Reported from the event loop like every other answer.
        QMetaObject::invokeMethod(
            this, [this, name, why] { readDone(name, Outcome::Unavailable, {}, why); },
            Qt::QueuedConnection);
        return;
    }
    startRead(name);
}

void SecretStore::write(const QString &name, const QString &value)
{
    m_values.insert(name, value);
    m_errors.remove(name);
    registerSecret(value);
    const QString why = precheck();
    if (!why.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, name, why] { writeDone(name, Outcome::Unavailable, why); },
            Qt::QueuedConnection);
        return;
    }
    startWrite(name, value);
}

void SecretStore::readDone(const QString &name, Outcome outcome, const QString &value,
                           const QString &error)
{
    if (!m_reading.remove(name))
        return;
    switch (outcome) {
    case Outcome::Ok:
        if (!m_values.contains(name)) { // a write meanwhile wins
            m_values.insert(name, value);
            registerSecret(value);
        }
        break;
    case Outcome::NotFound:
        m_errors.insert(name, QStringLiteral("not found in %1").arg(backendName()));
        break;
    case Outcome::Unavailable:
        m_errors.insert(name, QStringLiteral("%1 is not available (%2); use ${env:NAME} instead")
                                  .arg(backendName(), error));
        break;
    case Outcome::Failed:
        m_errors.insert(name, QStringLiteral("%1: %2").arg(backendName(), error));
        break;
    }
    if (m_errors.contains(name))
        qCWarning(lcCore).noquote() << "secret" << name << "could not be read:" << m_errors[name];
    Q_EMIT readFinished(name);
}

void SecretStore::writeDone(const QString &name, Outcome outcome, const QString &error)
{
    if (name == m_probeName) {
        if (outcome == Outcome::Ok) {
            startRemove(name);
            setAvailability(Availability::Available);
        } else {
            setAvailability(Availability::Unavailable, error);
        }
        return;
    }
    QString why;
    if (outcome != Outcome::Ok) {
        why = QStringLiteral("cannot store the secret in %1: %2").arg(backendName(), error);
        if (outcome == Outcome::Unavailable)
            setAvailability(Availability::Unavailable, error);
        qCWarning(lcCore).noquote() << "secret" << name << why;
    }
    Q_EMIT writeFinished(name, why);
}

void SecretStore::removeDone(const QString &name, Outcome outcome, const QString &error)
{
    if (outcome != Outcome::Ok && outcome != Outcome::NotFound)
        qCDebug(lcCore).noquote() << "secret" << name << "not removed:" << error;
}

QString keychainReference(const QString &name)
{
    return QStringLiteral("${keychain:%1}").arg(name);
}

// --- KeychainSecretStore ---------------------------------------------------------------------

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : SecretStore(parent), m_service(std::move(service))
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return QStringLiteral("the macOS Keychain");
#elif defined(Q_OS_WIN)
    return QStringLiteral("the Windows Credential Manager");
#else
    return QStringLiteral("the system keychain (Secret Service)");
#endif
}

QString KeychainSecretStore::precheck() const
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    // The Secret Service is reached over the D-Bus session bus: its address, the systemd user
    // bus socket, or an autolaunch through X11. A headless server has none of them, and trying
    // only produces "Cannot autolaunch D-Bus without X11 $DISPLAY".
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return {};
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && QFileInfo::exists(runtime + QStringLiteral("/bus")))
        return {};
    if (!qEnvironmentVariableIsEmpty("DISPLAY"))
        return {};
    return QStringLiteral("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set, as on a "
                          "headless machine");
#else
    return {};
#endif
}

void KeychainSecretStore::startRead(const QString &name)
{
    start(Op::Read, name, {});
}

void KeychainSecretStore::startWrite(const QString &name, const QString &value)
{
    start(Op::Write, name, value);
}

void KeychainSecretStore::startRemove(const QString &name)
{
    start(Op::Remove, name, {});
}

void KeychainSecretStore::start(Op op, const QString &name, const QString &value)
{
    QKeychain::Job *job = nullptr;
    switch (op) {
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Op::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service);
        write->setTextData(value);
        job = write;
        break;
    }
    case Op::Remove:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    job->setAutoDelete(true); // deletes itself after finished()
    job->setInsecureFallback(false);
    job->setKey(name);
    const quint64 id = ++m_nextId;
    m_pending.insert(id);
    // Connected with this store as context: nothing runs once the store is gone.
    connect(job, &QKeychain::Job::finished, this, [this, id, op, name](QKeychain::Job *j) {
        Outcome outcome = Outcome::Failed;
        switch (j->error()) {
        case QKeychain::NoError:
            outcome = Outcome::Ok;
            break;
        case QKeychain::EntryNotFound:
            outcome = Outcome::NotFound;
            break;
        case QKeychain::NoBackendAvailable:
        case QKeychain::NotImplemented:
            outcome = Outcome::Unavailable;
            break;
        case QKeychain::CouldNotDeleteEntry:
        case QKeychain::AccessDeniedByUser:
        case QKeychain::AccessDenied:
        case QKeychain::OtherError:
            outcome = Outcome::Failed;
            break;
        }
        const QString value = op == Op::Read && outcome == Outcome::Ok
                                  ? static_cast<QKeychain::ReadPasswordJob *>(j)->textData()
                                  : QString();
        finish(id, op, name, outcome, value, j->errorString());
    });
    QTimer::singleShot(m_timeoutMs, this, [this, id, op, name] {
        finish(id, op, name, Outcome::Failed, {},
               QStringLiteral("no answer within %1 s (is the keychain locked?)")
                   .arg(m_timeoutMs / 1000.0));
    });
    job->start();
}

void KeychainSecretStore::finish(quint64 id, Op op, const QString &name, Outcome outcome,
                                 const QString &value, const QString &error)
{
    if (!m_pending.remove(id))
        return; // timed out before, or answered before the timeout
    switch (op) {
    case Op::Read:
        readDone(name, outcome, value, error);
        break;
    case Op::Write:
        writeDone(name, outcome, error);
        break;
    case Op::Remove:
        removeDone(name, outcome, error);
        break;
    }
}

} // namespace livedash
