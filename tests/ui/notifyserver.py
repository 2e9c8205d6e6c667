#!/usr/bin/python3
"""A freedesktop notification server for tests, on whatever session bus
DBUS_SESSION_BUS_ADDRESS names: it records each Notify call as a JSON line in
the file given as its argument (after a first line "ready"), and emits
ActionInvoked(id, "default") for the notification `id` when test.Control.Click
is called, as a desktop does when the operator clicks one."""
import json
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"


class Server(dbus.service.Object):
    def __init__(self, bus, log):
        super().__init__(bus, "/org/freedesktop/Notifications")
        self.log = log
        self.last = 0

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app, replaces, icon, summary, body, actions, hints, timeout):
        self.last += 1
        self.log.write(json.dumps({
            "id": self.last, "app": str(app), "icon": str(icon),
            "summary": str(summary), "body": str(body),
            "actions": [str(a) for a in actions],
            "urgency": int(hints.get("urgency", 1)), "timeout": int(timeout),
        }) + "\n")
        return dbus.UInt32(self.last)

    @dbus.service.method(IFACE, out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body"]

    @dbus.service.method(IFACE, out_signature="ssss")
    def GetServerInformation(self):
        return ("test-notify", "livedash", "1", "1.2")

    @dbus.service.method(IFACE, in_signature="u")
    def CloseNotification(self, nid):
        pass

    @dbus.service.signal(IFACE, signature="us")
    def ActionInvoked(self, nid, key):
        pass

    @dbus.service.method("test.Control", in_signature="u")
    def Click(self, nid):
        self.ActionInvoked(nid, "default")


def main():
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    log = open(sys.argv[1], "a", buffering=1)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(IFACE, bus)  # noqa: F841 (kept while running)
    Server(bus, log)
    log.write("ready\n")
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
