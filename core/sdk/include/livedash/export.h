#pragma once

#include <QtGlobal>

/// Marks what the SDK library exports. Plugins and the app import it; a static build of the
/// same sources (the fuzz targets) defines LIVEDASH_SDK_STATIC.
#if defined(LIVEDASH_SDK_STATIC)
#define LIVEDASH_SDK_EXPORT
#elif defined(LIVEDASH_SDK_BUILDING)
#define LIVEDASH_SDK_EXPORT Q_DECL_EXPORT
#else
#define LIVEDASH_SDK_EXPORT Q_DECL_IMPORT
#endif
