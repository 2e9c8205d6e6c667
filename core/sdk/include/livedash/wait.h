#pragma once

#include <livedash/feedplugin.h>

#include <QTimer>

#include <chrono>
#include <coroutine>
#include <memory>

namespace livedash {

/// `co_await CancellableSleep(token, 5s)` suspends for the duration or until `token` is
/// cancelled, and yields true if the full time passed. Unlike QCoro 0.8's
/// qCoro(obj, &signal, timeout) (qcoro issue #167) it is safe when the signal and the timeout
/// fire in the same event-loop turn: the first one wins, the other is disconnected, and the
/// coroutine is resumed from a fresh event-loop turn, never from inside the signal.
class CancellableSleep
{
public:
    CancellableSleep(CancelToken *token, std::chrono::milliseconds duration)
        : m_token(token), m_duration(duration)
    {
    }

    bool await_ready() const noexcept { return m_token->isCancelled() || m_duration.count() <= 0; }

    void await_suspend(std::coroutine_handle<> awaiting)
    {
        m_state = std::make_shared<State>();
        m_state->timer.setSingleShot(true);
        // A coarse timer may fire 5% early, which would cut a server's Retry-After short.
        m_state->timer.setTimerType(Qt::PreciseTimer);
        std::weak_ptr<State> weak = m_state;
        auto finish = [weak, awaiting](bool slept) {
            auto state = weak.lock();
            if (!state || state->done)
                return;
            state->done = true;
            state->slept = slept;
            state->timer.stop();
            QObject::disconnect(state->cancelled);
            // No context object: the call runs on this thread and survives the timer's end.
            QTimer::singleShot(0, [awaiting] { awaiting.resume(); });
        };
        QObject::connect(&m_state->timer, &QTimer::timeout, &m_state->timer,
                         [finish] { finish(true); });
        m_state->cancelled = QObject::connect(m_token, &CancelToken::cancelled, &m_state->timer,
                                              [finish] { finish(false); });
        m_state->timer.start(m_duration);
    }

    bool await_resume() const noexcept
    {
        if (!m_state)
            return !m_token->isCancelled();
        return m_state->slept;
    }

private:
    struct State
    {
        QTimer timer;
        QMetaObject::Connection cancelled;
        bool done = false;
        bool slept = false;
    };
    CancelToken *m_token;
    std::chrono::milliseconds m_duration;
    std::shared_ptr<State> m_state;
};

} // namespace livedash
