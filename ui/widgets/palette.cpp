#include "widgets/palette.h"

namespace livedash::palette {

namespace {

Theme g_theme = Theme::Dark;

/// The colour of the current theme.
QColor pick(QRgb dark, QRgb light)
{
    return QColor::fromRgb(g_theme == Theme::Dark ? dark : light);
}

} // namespace

void setTheme(Theme theme)
{
    g_theme = theme;
}

Theme theme()
{
    return g_theme;
}

QColor window()
{
    return pick(0x1e2126, 0xf3f4f6);
}

QColor base()
{
    return pick(0x16181c, 0xffffff);
}

QColor alternateBase()
{
    return pick(0x22252b, 0xeef0f3);
}

QColor button()
{
    return pick(0x2a2e35, 0xe4e7eb);
}

QColor panel()
{
    return pick(0x22262c, 0xffffff);
}

QColor panelBorder()
{
    return pick(0x2f343c, 0xd3d8de);
}

QColor highlight()
{
    return pick(0x3d7ed8, 0x2f6fcc);
}

QColor text()
{
    return pick(0xe6e8eb, 0x1d2127);
}

QColor brightText()
{
    return pick(0xffffff, 0xffffff);
}

QColor textDim()
{
    return pick(0x8a9099, 0x5c636d);
}

QColor textDisabled()
{
    return pick(0x70757d, 0x9aa0a8);
}

QColor critical()
{
    return pick(0xff5c7a, 0xcc1f3d);
}

QColor criticalTile()
{
    return pick(0xff4d5e, 0xd9344a);
}

QColor warning()
{
    return pick(0xffb547, 0xb06800);
}

QColor warningHover()
{
    return pick(0xffc670, 0xcc7a00);
}

QColor warningSurface()
{
    return pick(0x2b2418, 0xfff3de);
}

QColor pending()
{
    return pick(0xffc14d, 0x9c6500);
}

QColor rejected()
{
    return pick(0xff9c5c, 0xb3561a);
}

QColor live()
{
    return pick(0x5cd68a, 0x137a3b);
}

QColor info()
{
    return pick(0x6cb4ff, 0x1c64c2);
}

QColor severity(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Critical:
        return critical();
    case AlertSeverity::Warning:
        return warning();
    case AlertSeverity::Info:
        return info();
    }
    return text();
}

QColor errorText(bool dark)
{
    return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
}

const QList<QColor> &series()
{
    // Light: the same hues, darker, to stand out on white as the dark ones do on grey.
    static const QList<QColor> dark{QColor(0x4e, 0xa8, 0xff), QColor(0xff, 0xa6, 0x3d),
                                    QColor(0x5c, 0xd6, 0x8a), QColor(0xff, 0x5c, 0x7a),
                                    QColor(0xb3, 0x8c, 0xff), QColor(0x3d, 0xd9, 0xd6),
                                    QColor(0xff, 0xe0, 0x5c), QColor(0xd6, 0x8c, 0x5c)};
    static const QList<QColor> light{QColor(0x1f, 0x6f, 0xd1), QColor(0xd9, 0x78, 0x0b),
                                     QColor(0x13, 0x7a, 0x3b), QColor(0xcc, 0x1f, 0x3d),
                                     QColor(0x7a, 0x4f, 0xd6), QColor(0x0c, 0x8f, 0x8c),
                                     QColor(0x9c, 0x80, 0x00), QColor(0xa0, 0x58, 0x2c)};
    return g_theme == Theme::Dark ? dark : light;
}

} // namespace livedash::palette
