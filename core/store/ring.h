#pragma once

#include <QtGlobal>

#include <algorithm>
#include <vector>

namespace livedash {

/// Fixed-capacity ring: appends never allocate once the ring is full.
template<typename T>
class Ring
{
public:
    explicit Ring(qsizetype capacity = 0) { setCapacity(capacity); }

    void setCapacity(qsizetype capacity)
    {
        std::vector<T> kept;
        const qsizetype keep = std::min(capacity, m_size);
        kept.reserve(static_cast<size_t>(keep));
        for (qsizetype i = m_size - keep; i < m_size; ++i)
            kept.push_back(at(i));
        m_data = std::move(kept);
        m_capacity = std::max<qsizetype>(capacity, 1);
        m_head = 0;
        m_size = keep;
    }

    /// Makes room for `count` elements (at most the capacity) so pushes do not reallocate.
    void reserve(qsizetype count) { m_data.reserve(size_t(std::min(count, m_capacity))); }

    void push(T value)
    {
        if (static_cast<qsizetype>(m_data.size()) < m_capacity) {
            m_data.push_back(std::move(value));
            ++m_size;
            return;
        }
        m_data[static_cast<size_t>(m_head)] = std::move(value);
        m_head = (m_head + 1) % m_capacity;
    }

    qsizetype size() const { return m_size; }
    qsizetype capacity() const { return m_capacity; }
    bool isEmpty() const { return m_size == 0; }
    /// Oldest first: at(0) is the oldest kept element, at(size()-1) the newest.
    const T &at(qsizetype i) const
    {
        return m_data[static_cast<size_t>((m_head + i) % static_cast<qsizetype>(m_data.size()))];
    }
    const T &last() const { return at(m_size - 1); }
    void clear()
    {
        m_data.clear();
        m_head = 0;
        m_size = 0;
    }

private:
    std::vector<T> m_data;
    qsizetype m_capacity = 1;
    qsizetype m_head = 0;
    qsizetype m_size = 0;
};

} // namespace livedash
