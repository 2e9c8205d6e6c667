#pragma once

#include <QObject>
#include <QtPlugin>

// A well-formed Qt plugin that is not a Livedash feed plugin (another application's IID).
class OtherPluginInterface
{
public:
    virtual ~OtherPluginInterface() = default;
    virtual int answer() const = 0;
};
#define OtherPluginInterface_iid "org.example.OtherPlugin/1"
Q_DECLARE_INTERFACE(OtherPluginInterface, OtherPluginInterface_iid)

class OtherPlugin : public QObject, public OtherPluginInterface
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID OtherPluginInterface_iid FILE "other.json")
    Q_INTERFACES(OtherPluginInterface)
public:
    int answer() const override { return 42; }
};
