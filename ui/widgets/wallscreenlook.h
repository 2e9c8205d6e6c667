#pragma once

#include "widgets/palette.h"

class QApplication;

namespace livedash {

/// How the window looks, as the operator chose it (View > Theme, View > Text size), kept in the
/// application's settings.
struct Look
{
    /// Qt 6.4 cannot read the system's colour scheme; from Qt 6.5 "system" follows it.
    enum class Theme { Dark, Light, System };
    Theme theme = Theme::Dark;
    /// Every text of the window, panels included, at this multiple of the system font: a wall
    /// read from across a room wants 1.5 or 2.
    double textScale = 1.0;
    bool operator==(const Look &) const = default;

    static constexpr double MinTextScale = 0.8;
    static constexpr double MaxTextScale = 3.0;
    /// The next step up (`direction` 1) or down (-1) from `scale`, within the bounds.
    static double nextTextScale(double scale, int direction);
    /// The palette this look gives on this system.
    palette::Theme paletteTheme() const;
};

/// The look saved in the settings (the dark theme at 100 % when none is).
Look savedLook();
void saveLook(const Look &look);

/// The look of wall screens and control rooms: Fusion with the dark (or the chosen light)
/// palette, check boxes and radio buttons drawn with a visible edge (Fusion draws them
/// near-black on dark), and the chosen text size. Call it again after saveLook() to change the
/// look of a running application; widgets built from the palette must be rebuilt.
void applyWallScreenLook(QApplication &app);

} // namespace livedash
