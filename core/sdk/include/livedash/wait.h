#pragma once

/// @file
/// The one way a feed coroutine waits, and the rules every coroutine in Livedash and in its
/// plugins follows.
///
/// Coroutine policy
/// ----------------
/// 1. **Parameters by value.** A coroutine runs on after its caller has moved on: a reference
///    or pointer parameter to a caller's local or temporary dangles at the first suspension.
///    Take strings, settings, URLs and callbacks by value (they live in the coroutine frame).
///    The exceptions are the ones the runner guarantees, below.
/// 2. **Guard `this`.** The runner (core/ingest/feedrunner.cpp) keeps the Feed and its
///    FeedContext in a slot that its driver coroutine holds by shared_ptr; the driver awaits
///    `feed->run(ctx)` to its end, and only then drops the slot (after a stop, or to start a
///    changed feed anew). So `this` and `ctx` stay valid inside run() until it returns, across
///    every suspension, and run() is called again on the same Feed for each reconnect. Nothing
///    is guaranteed after run() returns: a lambda, connection, queued call or detached
///    coroutine that captures `this`, `&ctx` or an address in the frame must be disconnected
///    or destroyed before run() returns (give connections a context object owned by the run,
///    or keep their QMetaObject::Connection and disconnect it), or hold a QPointer or a
///    weak_ptr and check it.
/// 3. **Every await has a timeout or cancellation**, normally both: a peer that never answers
///    must not hold a feed, and a stopped feed must return promptly (Feed::run()). Pass
///    `ctx.cancelToken()` to every wait.
/// 4. **This is the only way to wait**: `co_await waitFor(...)` below, or FeedContext::sleep()
///    and FeedReply::finish(), which are built on it. No QEventLoop, no processEvents(), no
///    blocking sleeps on an ingest thread: they stall every other feed of the thread.
/// 5. **Why not QCoro's `co_await qCoro(obj, &Obj::signal, timeout)`**: in QCoro 0.8 the
///    signal and the timeout may both fire in one event-loop turn, and the second one resumes
///    (or destroys) the coroutine again (qcoro issue #167: a crash); it also resumes the
///    coroutine from inside the signal's emission, where the sender (a QNetworkReply, a
///    QWebSocket) must not be deleted or aborted. waitFor() lets the first event win,
///    disconnects the others and resumes the coroutine from a fresh event-loop turn.

#include <livedash/feedplugin.h>

#include <QMetaObject>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <climits>
#include <coroutine>
#include <functional>
#include <memory>
#include <utility>

namespace livedash {

/// What ended a waitFor(): whichever came first.
enum class WaitResult {
    Signal,    ///< the sender emitted the signal
    Timeout,   ///< the time passed (for a plain sleep: the full duration was slept)
    Cancelled, ///< the token was cancelled (possibly before the wait began)
};

/// The awaitable behind waitFor(); use waitFor() to make one, and co_await it at once.
///
/// Safety design: its state lives in a shared_ptr held by the awaitable (that is, by the
/// suspended coroutine's frame). The timer, the token's cancelled() and the sender's signal are
/// connected with a context object inside that state, so none of them can call into a
/// finished wait, and a sender destroyed meanwhile merely takes its connection with it (the
/// wait then ends by timeout or cancellation). The first event wins and disconnects the
/// others; the coroutine is resumed by a zero-delay call from the event loop, never from
/// inside the signal's emission or the token's cancel(), and not at all if its frame was
/// destroyed meanwhile.
class [[nodiscard]] Wait
{
public:
    /// Connects `wake` to the awaited signal with `context` as the receiver; may be empty.
    using Connector =
        std::function<QMetaObject::Connection(const QObject *context, std::function<void()> wake)>;

    Wait(CancelToken *token, std::chrono::milliseconds timeout, Connector connect = {})
        : m_token(token), m_timeout(timeout), m_connect(std::move(connect))
    {
    }

    /// Does not suspend when the token is already cancelled, or the timeout is 0 or less.
    bool await_ready() const noexcept
    {
        return (m_token && m_token->isCancelled()) || m_timeout.count() <= 0;
    }

    void await_suspend(std::coroutine_handle<> awaiting)
    {
        m_state = std::make_shared<State>();
        State &state = *m_state;
        state.timer.setSingleShot(true);
        // A coarse timer may fire 5% early, which would cut a server's Retry-After short.
        state.timer.setTimerType(Qt::PreciseTimer);
        const std::weak_ptr<State> weak = m_state;
        auto finish = [weak, awaiting](WaitResult result) {
            const std::shared_ptr<State> state = weak.lock();
            if (!state || state->done)
                return; // a second event in the same turn, or a wait that has ended
            state->done = true;
            state->result = result;
            state->timer.stop();
            QObject::disconnect(state->cancelled);
            QObject::disconnect(state->signal);
            // No context object: the call runs on this thread even if the state is gone by
            // then, so it checks that the frame (which owns the state) still exists.
            QTimer::singleShot(0, [weak, awaiting] {
                if (!weak.expired())
                    awaiting.resume();
            });
        };
        const QObject *context = &state.timer;
        QObject::connect(&state.timer, &QTimer::timeout, context,
                         [finish] { finish(WaitResult::Timeout); });
        if (m_token)
            state.cancelled = QObject::connect(m_token, &CancelToken::cancelled, context,
                                               [finish] { finish(WaitResult::Cancelled); });
        if (m_connect)
            state.signal = m_connect(context, [finish] { finish(WaitResult::Signal); });
        // QTimer takes an int of milliseconds: beyond ~24 days, wait ~24 days.
        state.timer.start(
            int(std::min<std::chrono::milliseconds::rep>(m_timeout.count(), INT_MAX)));
    }

    WaitResult await_resume() const noexcept
    {
        if (m_state)
            return m_state->result;
        return m_token && m_token->isCancelled() ? WaitResult::Cancelled : WaitResult::Timeout;
    }

private:
    struct State
    {
        QTimer timer; ///< also the context object of every connection
        QMetaObject::Connection cancelled;
        QMetaObject::Connection signal;
        bool done = false;
        WaitResult result = WaitResult::Timeout;
    };

    CancelToken *m_token;
    std::chrono::milliseconds m_timeout;
    Connector m_connect;
    std::shared_ptr<State> m_state;
};

/// `co_await waitFor(token, 5s)` sleeps for the duration and yields WaitResult::Timeout, or
/// WaitResult::Cancelled as soon as `token` is cancelled.
///
/// A duration of 0 or less does not suspend: it yields Timeout, or Cancelled if the token is
/// already cancelled. `token` may be null (not cancellable) only where the caller knows the
/// wait is short.
inline Wait waitFor(CancelToken *token, std::chrono::milliseconds duration)
{
    return Wait(token, duration);
}

/// `co_await waitFor(ctx.cancelToken(), 10s, reply, &QNetworkReply::finished)` waits until
/// `sender` emits `signal` (WaitResult::Signal), `timeout` passes (Timeout) or `token` is
/// cancelled (Cancelled), whichever comes first; the signal's arguments are ignored (read the
/// sender's state after the wait).
///
/// Timeout and cancellation are handled as for the plain waitFor(): a timeout of 0 or less,
/// or a token already cancelled, does not suspend and yields Timeout or Cancelled without
/// looking at the signal. An emission while the coroutine is not suspended in the wait is not
/// seen: check the sender's state before waiting, and again after (in a loop), since an event
/// that lost the race to the first one in the same turn is dropped. If the sender is
/// destroyed during the wait, the wait ends by timeout or cancellation.
template<typename Sender, typename Signal>
Wait waitFor(CancelToken *token, std::chrono::milliseconds timeout, const Sender *sender,
             Signal signal)
{
    return Wait(token, timeout,
                [sender, signal](const QObject *context, std::function<void()> wake) {
                    return QObject::connect(sender, signal, context, std::move(wake));
                });
}

} // namespace livedash
