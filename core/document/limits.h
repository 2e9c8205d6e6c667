#pragma once

namespace livedash {

/// The most channels a feed may make unless its dashboard says otherwise (FeedConfig::maxChannels,
/// ChannelStore::setChannelLimits()).
inline constexpr int DefaultChannelLimit = 1000;

} // namespace livedash
