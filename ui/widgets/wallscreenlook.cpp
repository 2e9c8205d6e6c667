#include "widgets/wallscreenlook.h"
#include "widgets/palette.h"

#include <QApplication>
#include <QFont>
#include <QPainter>
#include <QProxyStyle>
#include <QSettings>
#include <QStyleFactory>
#include <QStyleHints>
#include <QStyleOption>

#include <algorithm>

namespace livedash {

namespace {

/// Fusion, with an edge around check boxes and radio buttons that a dark palette can see.
class WallScreenStyle : public QProxyStyle
{
public:
    WallScreenStyle() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        if (element != PE_IndicatorCheckBox && element != PE_IndicatorRadioButton)
            return;
        const bool enabled = option->state & State_Enabled;
        QColor edge = option->state & State_HasFocus
                          ? option->palette.color(QPalette::Highlight)
                          : option->palette.color(QPalette::PlaceholderText);
        if (!enabled)
            edge.setAlpha(110);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(edge, 1));
        painter->setBrush(Qt::NoBrush);
        const QRectF box = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
        if (element == PE_IndicatorCheckBox)
            painter->drawRoundedRect(box, 2, 2);
        else
            painter->drawEllipse(box);
        painter->restore();
    }
};

constexpr double TextScales[] = {0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0};

} // namespace

double Look::nextTextScale(double scale, int direction)
{
    if (direction > 0) {
        for (double s : TextScales)
            if (s > scale + 0.01)
                return s;
        return MaxTextScale;
    }
    double below = MinTextScale;
    for (double s : TextScales)
        if (s < scale - 0.01)
            below = s;
    return below;
}

palette::Theme Look::paletteTheme() const
{
    if (theme == Theme::Light)
        return palette::Theme::Light;
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    if (theme == Theme::System)
        return QGuiApplication::styleHints()->colorScheme() == Qt::ColorScheme::Light
                   ? palette::Theme::Light
                   : palette::Theme::Dark;
#endif
    return palette::Theme::Dark;
}

Look savedLook()
{
    const QSettings settings;
    Look look;
    const QString theme = settings.value(QStringLiteral("look/theme")).toString();
    if (theme == QLatin1String("light"))
        look.theme = Look::Theme::Light;
    else if (theme == QLatin1String("system"))
        look.theme = Look::Theme::System;
    bool ok = false;
    const double scale = settings.value(QStringLiteral("look/textScale")).toDouble(&ok);
    if (ok)
        look.textScale = std::clamp(scale, Look::MinTextScale, Look::MaxTextScale);
    return look;
}

void saveLook(const Look &look)
{
    QSettings settings;
    settings.setValue(QStringLiteral("look/theme"),
                      look.theme == Look::Theme::Light    ? QStringLiteral("light")
                      : look.theme == Look::Theme::System ? QStringLiteral("system")
                                                          : QStringLiteral("dark"));
    settings.setValue(QStringLiteral("look/textScale"), look.textScale);
}

void applyWallScreenLook(QApplication &app)
{
    const Look look = savedLook();
    palette::setTheme(look.paletteTheme());
    if (!dynamic_cast<WallScreenStyle *>(app.style()))
        app.setStyle(new WallScreenStyle); // the application takes ownership
    // Scaled from the system's font as it was first seen, so that steps do not compound.
    static const QFont systemFont = app.font();
    QFont font = systemFont;
    if (font.pointSizeF() > 0)
        font.setPointSizeF(systemFont.pointSizeF() * look.textScale);
    else
        font.setPixelSize(std::max(1, int(systemFont.pixelSize() * look.textScale + 0.5)));
    app.setFont(font);
    QPalette p;
    p.setColor(QPalette::Window, palette::window());
    p.setColor(QPalette::WindowText, palette::text());
    p.setColor(QPalette::Base, palette::base());
    p.setColor(QPalette::AlternateBase, palette::alternateBase());
    p.setColor(QPalette::ToolTipBase, palette::window());
    p.setColor(QPalette::ToolTipText, palette::text());
    p.setColor(QPalette::Text, palette::text());
    p.setColor(QPalette::Button, palette::button());
    p.setColor(QPalette::ButtonText, palette::text());
    p.setColor(QPalette::BrightText, palette::brightText());
    p.setColor(QPalette::Highlight, palette::highlight());
    p.setColor(QPalette::HighlightedText, palette::brightText());
    p.setColor(QPalette::PlaceholderText, palette::textDim());
    for (const auto role : {QPalette::Text, QPalette::ButtonText, QPalette::WindowText})
        p.setColor(QPalette::Disabled, role, palette::textDisabled());
    app.setPalette(p);
    app.setStyleSheet(
        QStringLiteral("QFrame#panel { background: %1; border: 1px solid %2; border-radius: 4px; }")
            .arg(palette::css(palette::panel()), palette::css(palette::panelBorder())));
}

} // namespace livedash
