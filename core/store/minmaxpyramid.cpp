#include "store/minmaxpyramid.h"

namespace livedash {

void MinMaxPyramid::reset(qsizetype capacity)
{
    m_levels.clear();
    m_capacity = std::max<qsizetype>(capacity, 1);
    // Levels up to blocks as large as the ring; each holds the blocks a full ring can span.
    const quint64 cap = quint64(std::max<qsizetype>(capacity, 1));
    for (int level = BaseLevel; level < 63; ++level) {
        m_levels.emplace_back(size_t((cap >> level) + 2));
        if ((quint64(1) << level) >= cap)
            break;
    }
}

void MinMaxPyramid::append(quint64 index, const Sample &s)
{
    auto slot = [this](int level, quint64 i) -> MinMax & {
        auto &blocks = m_levels[size_t(level - BaseLevel)];
        return blocks[size_t((i >> level) % blocks.size())];
    };
    MinMax &base = slot(BaseLevel, index);
    if ((index & ((quint64(1) << BaseLevel) - 1)) == 0)
        base = MinMax{};
    base.fold(s);
    // A completed block completes its parent when it is the parent's second half.
    for (int level = BaseLevel + 1; level <= topLevel(); ++level) {
        const quint64 size = quint64(1) << level;
        if (((index + 1) & (size - 1)) != 0)
            break;
        const quint64 start = index + 1 - size;
        MinMax merged = slot(level - 1, start);
        merged.merge(slot(level - 1, start + size / 2));
        slot(level, start) = merged;
    }
}

} // namespace livedash
