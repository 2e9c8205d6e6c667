#pragma once

class QApplication;

namespace livedash {

/// The dark look of wall screens and control rooms: Fusion with a dark palette, check boxes and
/// radio buttons drawn with a visible edge (Fusion draws them near-black on dark).
void applyWallScreenLook(QApplication &app);

} // namespace livedash
