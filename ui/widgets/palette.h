#pragma once

#include "document/alertrule.h"

#include <QColor>
#include <QList>
#include <QString>

/// Every colour of the UI, named by its role. The dark wall-screen look (wallscreenlook.h)
/// builds the application palette from the surface and text colours; panels and the window use
/// the state colours, so one alarm is one red wherever it shows.
namespace livedash::palette {

/// Dark (the wall-screen default) or light (a bright office, a projector).
enum class Theme { Dark, Light };
/// Every colour below follows it from then on (applyWallScreenLook() sets it).
void setTheme(Theme theme);
Theme theme();

// Surfaces.
QColor window();        ///< windows, docks, dialogs; also text on an amber banner
QColor base();          ///< lists, tables, edits
QColor alternateBase(); ///< alternating rows
QColor button();
QColor panel();       ///< a dashboard panel's frame
QColor panelBorder(); ///< its edge
QColor highlight();   ///< selection

// Text.
QColor text();         ///< normal text on the surfaces
QColor brightText();   ///< text on the highlight and other saturated fills
QColor textDim();      ///< placeholders, notes that are not problems
QColor textDisabled(); ///< disabled controls

// States, seen from across the room.
QColor critical();       ///< errors, failed feeds, critical events
QColor criticalTile();   ///< a tile at a critical threshold (tinted fill, lightened figure)
QColor warning();        ///< warning events and thresholds, banners that need a decision
QColor warningHover();   ///< a warning-coloured button under the mouse
QColor warningSurface(); ///< the background of a banner edged in warning()
QColor pending();        ///< connecting, retrying, live but nothing mapped yet
QColor rejected();       ///< messages the mapping rejected
QColor live();           ///< a feed delivering data
QColor info();           ///< alarms of info severity
/// An alarm's colour, wherever it shows (status bar, dock, panels).
QColor severity(AlertSeverity severity);

/// Error text that stays readable on a light palette (`dark` false) and on a dark one.
QColor errorText(bool dark);

/// Chart series, in the order a chart's channels take them (wrapping around).
const QList<QColor> &series();

/// `color` for a style sheet: "#rrggbb".
inline QString css(const QColor &color)
{
    return color.name(QColor::HexRgb);
}

} // namespace livedash::palette
