// The counting allocator of `livedash-bench --mapper` (see allocationcounter.h).
#include "allocationcounter.h"

#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define LIVEDASH_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LIVEDASH_SANITIZED 1
#endif

namespace {
std::atomic<bool> g_counting{false};
std::atomic<std::uint64_t> g_count{0};
inline void count()
{
    if (g_counting.load(std::memory_order_relaxed))
        g_count.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

#if defined(__GLIBC__) && !defined(LIVEDASH_SANITIZED)
// glibc: the executable's malloc family is the process's (every library calls these), passed
// on to glibc's own allocator.
#define LIVEDASH_COUNT_MALLOC 1
extern "C" {
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t alignment, size_t size);

void *malloc(size_t size)
{
    count();
    return __libc_malloc(size);
}
void *calloc(size_t n, size_t size)
{
    count();
    return __libc_calloc(n, size);
}
void *realloc(void *p, size_t size)
{
    count();
    return __libc_realloc(p, size);
}
void *aligned_alloc(size_t alignment, size_t size)
{
    count();
    return __libc_memalign(alignment, size);
}
void *memalign(size_t alignment, size_t size)
{
    count();
    return __libc_memalign(alignment, size);
}
int posix_memalign(void **out, size_t alignment, size_t size)
{
    count();
    void *p = __libc_memalign(alignment, size);
    if (!p)
        return 12; // ENOMEM
    *out = p;
    return 0;
}
}
#elif !defined(LIVEDASH_SANITIZED)
// Elsewhere: C++ allocations only (Qt's containers' malloc is not seen).
void *operator new(std::size_t size)
{
    count();
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void *operator new[](std::size_t size)
{
    count();
    if (void *p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept
{
    std::free(p);
}
void operator delete[](void *p) noexcept
{
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept
{
    std::free(p);
}
void operator delete[](void *p, std::size_t) noexcept
{
    std::free(p);
}
#endif

namespace livedash::bench::allocations {

void start()
{
    g_count.store(0);
    g_counting.store(true);
}

std::uint64_t stop()
{
    g_counting.store(false);
    return g_count.load();
}

bool counted()
{
#if defined(LIVEDASH_SANITIZED)
    return false;
#else
    return true;
#endif
}

QString what()
{
#if defined(LIVEDASH_COUNT_MALLOC)
    return QStringLiteral("every malloc/calloc/realloc/aligned allocation (glibc)");
#elif defined(LIVEDASH_SANITIZED)
    return QStringLiteral("not counted in a sanitizer build");
#else
    return QStringLiteral("operator new only (not glibc: Qt's own malloc calls are not seen)");
#endif
}

} // namespace livedash::bench::allocations
