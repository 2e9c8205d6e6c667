#include "widgets/palette.h"

namespace livedash::palette {

QColor window()
{
    return QColor(0x1e, 0x21, 0x26);
}

QColor base()
{
    return QColor(0x16, 0x18, 0x1c);
}

QColor alternateBase()
{
    return QColor(0x22, 0x25, 0x2b);
}

QColor button()
{
    return QColor(0x2a, 0x2e, 0x35);
}

QColor panel()
{
    return QColor(0x22, 0x26, 0x2c);
}

QColor panelBorder()
{
    return QColor(0x2f, 0x34, 0x3c);
}

QColor highlight()
{
    return QColor(0x3d, 0x7e, 0xd8);
}

QColor text()
{
    return QColor(0xe6, 0xe8, 0xeb);
}

QColor brightText()
{
    return QColor(0xff, 0xff, 0xff);
}

QColor textDim()
{
    return QColor(0x8a, 0x90, 0x99);
}

QColor textDisabled()
{
    return QColor(0x70, 0x75, 0x7d);
}

QColor critical()
{
    return QColor(0xff, 0x5c, 0x7a);
}

QColor criticalTile()
{
    return QColor(0xff, 0x4d, 0x5e);
}

QColor warning()
{
    return QColor(0xff, 0xb5, 0x47);
}

QColor warningHover()
{
    return QColor(0xff, 0xc6, 0x70);
}

QColor warningSurface()
{
    return QColor(0x2b, 0x24, 0x18);
}

QColor pending()
{
    return QColor(0xff, 0xc1, 0x4d);
}

QColor rejected()
{
    return QColor(0xff, 0x9c, 0x5c);
}

QColor live()
{
    return QColor(0x5c, 0xd6, 0x8a);
}

QColor info()
{
    return QColor(0x6c, 0xb4, 0xff);
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
    static const QList<QColor> colors{QColor(0x4e, 0xa8, 0xff),
                                      QColor(0xff, 0xa6, 0x3d),
                                      live(),
                                      critical(),
                                      QColor(0xb3, 0x8c, 0xff),
                                      QColor(0x3d, 0xd9, 0xd6),
                                      QColor(0xff, 0xe0, 0x5c),
                                      QColor(0xd6, 0x8c, 0x5c)};
    return colors;
}

} // namespace livedash::palette
