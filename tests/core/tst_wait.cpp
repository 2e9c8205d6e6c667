// waitFor() (livedash/wait.h): the one awaitable every feed coroutine waits with.
#include <livedash/wait.h>

#include <QCoroTask>
#include <QElapsedTimer>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>

using namespace std::chrono_literals;

namespace livedash {

namespace {

/// A sender with a signal to wait for.
class Beacon : public QObject
{
    Q_OBJECT
Q_SIGNALS:
    void ping();
    void value(int v);
};

/// What one waiting coroutine saw. Shared with the coroutine, which may outlive a failed test.
struct Probe
{
    std::optional<WaitResult> result;
    int resumes = 0;
    /// Set by the tests around an emission or a cancel().
    bool inEmission = false;
    bool afterEmission = false;
    /// Copies of the two above, taken when the coroutine resumed.
    bool resumedInEmission = false;
    bool resumedAfterEmission = false;
    /// After its wait the coroutine parks in a second, long wait on this token: a second
    /// resume of the first wait (an event that lost the race) would end it early.
    CancelToken parking;
    bool parkEnded = false;
};

QCoro::Task<> waitThenPark(std::shared_ptr<Probe> probe, Wait wait)
{
    const WaitResult result = co_await wait;
    ++probe->resumes;
    probe->result = result;
    probe->resumedInEmission = probe->inEmission;
    probe->resumedAfterEmission = probe->afterEmission;
    co_await waitFor(&probe->parking, 1h);
    probe->parkEnded = true;
}

/// Starts a coroutine that waits with `wait`.
std::shared_ptr<Probe> start(Wait wait)
{
    auto probe = std::make_shared<Probe>();
    waitThenPark(probe, std::move(wait));
    return probe;
}

/// The wait of `probe` resumed its coroutine exactly once: nothing resumes it again while the
/// event loop runs on, and it ends its parking wait only when told to.
void expectResumedOnce(Probe &probe)
{
    QVERIFY(probe.result.has_value());
    QTest::qWait(100); // a late second resume would come from the event loop meanwhile
    QCOMPARE(probe.resumes, 1);
    QVERIFY2(!probe.parkEnded, "the coroutine was resumed a second time");
    probe.parking.cancel();
    QTRY_VERIFY(probe.parkEnded);
}

/// Blocks the thread (not the event loop's turn) so that timers due within `ms` are all
/// overdue when the event loop runs next, and fire in that one turn.
void letTimersFall(int ms)
{
    QThread::msleep(ms);
}

} // namespace

class TestWait : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signalFirst();
    void signalWithArguments();
    void timeoutFirst();
    void cancelFirst();
    void sleepRunsItsCourse();
    void sleepCancelled();
    void alreadyCancelledDoesNotSuspend();
    void zeroOrNegativeTimeoutDoesNotSuspend();
    void timeoutThenSignalInOneTurn();
    void signalCancelAndTimeoutInOneTurn();
    void senderDestroyedWhileWaiting();
    void resumedOutsideTheEmission();
    void resumedOutsideCancel();
    void frameDestroyedWhileResumePending();
};

void TestWait::signalFirst()
{
    CancelToken token;
    Beacon beacon;
    auto probe = start(waitFor(&token, 60s, &beacon, &Beacon::ping));
    QVERIFY(!probe->result); // suspended
    QTimer::singleShot(0, &beacon, [&beacon] { Q_EMIT beacon.ping(); });
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Signal);
    expectResumedOnce(*probe);
}

void TestWait::signalWithArguments()
{
    CancelToken token;
    Beacon beacon;
    auto probe = start(waitFor(&token, 60s, &beacon, &Beacon::value));
    QTimer::singleShot(0, &beacon, [&beacon] { Q_EMIT beacon.value(7); });
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Signal);
    expectResumedOnce(*probe);
}

void TestWait::timeoutFirst()
{
    CancelToken token;
    Beacon beacon;
    auto probe = start(waitFor(&token, 50ms, &beacon, &Beacon::ping));
    QVERIFY(!probe->result);
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Timeout);
    // The signal that comes later is no longer connected.
    Q_EMIT beacon.ping();
    expectResumedOnce(*probe);
}

void TestWait::cancelFirst()
{
    CancelToken token;
    Beacon beacon;
    auto probe = start(waitFor(&token, 60s, &beacon, &Beacon::ping));
    QTimer::singleShot(0, &token, [&token] { token.cancel(); });
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Cancelled);
    Q_EMIT beacon.ping();
    expectResumedOnce(*probe);
}

void TestWait::sleepRunsItsCourse()
{
    CancelToken token;
    QElapsedTimer clock;
    clock.start();
    auto probe = start(waitFor(&token, 50ms));
    QVERIFY(!probe->result);
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Timeout);
    QVERIFY(clock.elapsed() >= 50); // a lower bound only: a busy machine is late, never early
    expectResumedOnce(*probe);
}

void TestWait::sleepCancelled()
{
    CancelToken token;
    auto probe = start(waitFor(&token, 60s));
    QTimer::singleShot(0, &token, [&token] { token.cancel(); });
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Cancelled);
    expectResumedOnce(*probe);
}

void TestWait::alreadyCancelledDoesNotSuspend()
{
    CancelToken token;
    token.cancel();
    Beacon beacon;
    // Resolved before start() returns: the coroutine never went through the event loop.
    auto withSignal = start(waitFor(&token, 60s, &beacon, &Beacon::ping));
    QVERIFY(withSignal->result.has_value());
    QCOMPARE(*withSignal->result, WaitResult::Cancelled);
    auto sleep = start(waitFor(&token, 60s));
    QVERIFY(sleep->result.has_value());
    QCOMPARE(*sleep->result, WaitResult::Cancelled);
    expectResumedOnce(*withSignal);
    expectResumedOnce(*sleep);
}

void TestWait::zeroOrNegativeTimeoutDoesNotSuspend()
{
    CancelToken token;
    Beacon beacon;
    for (const std::chrono::milliseconds timeout : {0ms, -5ms}) {
        auto withSignal = start(waitFor(&token, timeout, &beacon, &Beacon::ping));
        QVERIFY(withSignal->result.has_value());
        QCOMPARE(*withSignal->result, WaitResult::Timeout);
        auto sleep = start(waitFor(&token, timeout));
        QVERIFY(sleep->result.has_value());
        QCOMPARE(*sleep->result, WaitResult::Timeout);
        auto noToken = start(waitFor(nullptr, timeout));
        QVERIFY(noToken->result.has_value());
        QCOMPARE(*noToken->result, WaitResult::Timeout);
        expectResumedOnce(*withSignal);
        expectResumedOnce(*sleep);
        expectResumedOnce(*noToken);
    }
    // Cancellation is reported before the elapsed time.
    token.cancel();
    auto cancelled = start(waitFor(&token, 0ms));
    QVERIFY(cancelled->result.has_value());
    QCOMPARE(*cancelled->result, WaitResult::Cancelled);
    expectResumedOnce(*cancelled);
}

// QCoro 0.8's qCoro(obj, &signal, timeout) crashes here (qcoro issue #167): the timeout and
// the signal both fire in one event-loop turn, and the second resumes the coroutine again.
void TestWait::timeoutThenSignalInOneTurn()
{
    CancelToken token;
    Beacon beacon;
    auto probe = start(waitFor(&token, 1ms, &beacon, &Beacon::ping));
    bool emittedWhileSuspended = false;
    // Started after the wait's timer with the same interval: due right after it, so that both
    // fire in the same pass over the expired timers, before any resume posted by the first.
    QTimer emitter;
    emitter.setSingleShot(true);
    emitter.setTimerType(Qt::PreciseTimer);
    connect(&emitter, &QTimer::timeout, &beacon, [&] {
        emittedWhileSuspended = !probe->result.has_value();
        Q_EMIT beacon.ping();
    });
    emitter.start(1);
    letTimersFall(20);
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QVERIFY2(emittedWhileSuspended, "the two events did not fall into one turn");
    QCOMPARE(*probe->result, WaitResult::Timeout);
    expectResumedOnce(*probe);
}

void TestWait::signalCancelAndTimeoutInOneTurn()
{
    CancelToken token;
    Beacon beacon;
    // A zero-ms timer started before the wait's 1 ms timer: both overdue, it fires first.
    QTimer::singleShot(0, Qt::PreciseTimer, &beacon, [&] {
        Q_EMIT beacon.ping();
        token.cancel();
        Q_EMIT beacon.ping();
    });
    auto probe = start(waitFor(&token, 1ms, &beacon, &Beacon::ping));
    letTimersFall(20);
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Signal);
    expectResumedOnce(*probe);
}

void TestWait::senderDestroyedWhileWaiting()
{
    CancelToken token;
    auto *beacon = new Beacon;
    auto probe = start(waitFor(&token, 200ms, beacon, &Beacon::ping));
    QTimer::singleShot(0, [beacon] { delete beacon; });
    // The signal cannot come any more: the wait ends by its timeout, once, and touches nothing
    // of the sender.
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Timeout);
    expectResumedOnce(*probe);

    // Destroyed right after emitting, in the same turn (a reply deleted by a finished handler).
    auto *reply = new Beacon;
    auto second = start(waitFor(&token, 60s, reply, &Beacon::ping));
    QTimer::singleShot(0, [reply] {
        Q_EMIT reply->ping();
        delete reply;
    });
    QTRY_VERIFY_WITH_TIMEOUT(second->result.has_value(), 30000);
    QCOMPARE(*second->result, WaitResult::Signal);
    expectResumedOnce(*second);
}

void TestWait::resumedOutsideTheEmission()
{
    CancelToken token;
    Beacon beacon;
    auto probe = start(waitFor(&token, 60s, &beacon, &Beacon::ping));
    std::shared_ptr<Probe> p = probe;
    QTimer::singleShot(0, &beacon, [&beacon, p] {
        p->inEmission = true;
        Q_EMIT beacon.ping();
        p->inEmission = false;
        p->afterEmission = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Signal);
    QVERIFY2(!probe->resumedInEmission, "resumed from inside the signal's emission");
    QVERIFY(probe->resumedAfterEmission);
    expectResumedOnce(*probe);
}

void TestWait::resumedOutsideCancel()
{
    CancelToken token;
    auto probe = start(waitFor(&token, 60s));
    std::shared_ptr<Probe> p = probe;
    QTimer::singleShot(0, &token, [&token, p] {
        p->inEmission = true;
        token.cancel();
        p->inEmission = false;
        p->afterEmission = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(probe->result.has_value(), 30000);
    QCOMPARE(*probe->result, WaitResult::Cancelled);
    QVERIFY2(!probe->resumedInEmission, "resumed from inside CancelToken::cancel()");
    QVERIFY(probe->resumedAfterEmission);
    expectResumedOnce(*probe);
}

namespace {

/// A coroutine whose frame the test destroys by hand (QCoro's Task never destroys a suspended
/// one).
struct Manual
{
    struct promise_type
    {
        Manual get_return_object()
        {
            return {std::coroutine_handle<promise_type>::from_promise(*this)};
        }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
    std::coroutine_handle<promise_type> handle;
};

Manual waitManually(std::shared_ptr<Probe> probe, Wait wait)
{
    probe->result = co_await wait;
    ++probe->resumes;
}

} // namespace

// The frame of a waiting coroutine may be destroyed (its owner gave up on it) after the signal
// came but before the posted resume ran: the resume must then not touch the frame.
void TestWait::frameDestroyedWhileResumePending()
{
    CancelToken token;
    Beacon beacon;
    auto probe = std::make_shared<Probe>();
    Manual pending = waitManually(probe, waitFor(&token, 60s, &beacon, &Beacon::ping));
    QVERIFY(!pending.handle.done());
    Q_EMIT beacon.ping(); // the resume is posted
    pending.handle.destroy();
    // Destroyed before anything happened: its connections went with it.
    Manual idle = waitManually(probe, waitFor(&token, 1ms, &beacon, &Beacon::ping));
    idle.handle.destroy();
    Q_EMIT beacon.ping();
    token.cancel();
    letTimersFall(20);
    QTest::qWait(100);
    QCOMPARE(probe->resumes, 0);
    QVERIFY(!probe->result);
}

} // namespace livedash

QTEST_GUILESS_MAIN(livedash::TestWait)
#include "tst_wait.moc"
