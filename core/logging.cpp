#include "logging.h"

Q_LOGGING_CATEGORY(lcCore, "livedash.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFeed, "livedash.feed", QtInfoMsg)
