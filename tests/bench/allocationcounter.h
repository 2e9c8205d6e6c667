#pragma once

#include <QString>

#include <cstdint>

namespace livedash::bench {

/// Counts the heap allocations this process makes while counting is on (all threads).
/// On glibc every malloc, calloc, realloc and aligned allocation is counted (Qt's containers
/// allocate with malloc, C++ with operator new, which calls malloc); elsewhere operator new
/// only. Not in a sanitizer build (its allocator is the sanitizer's): counted() says so.
namespace allocations {
void start();
std::uint64_t stop(); ///< allocations since start()
bool counted();
/// What is counted on this build, for the report.
QString what();
} // namespace allocations

} // namespace livedash::bench
