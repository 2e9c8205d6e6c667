livedash_add_test(panels SOURCES tst_panels.cpp LIBS livedash_ui)
livedash_add_test(demo_dashboard SOURCES tst_demodashboard.cpp LIBS livedash_ui livedash_demo)
target_compile_definitions(test-demo_dashboard PRIVATE LIVEDASH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
livedash_add_test(main_window SOURCES tst_mainwindow.cpp LIBS livedash_ui livedash_demo)
target_compile_definitions(test-main_window PRIVATE LIVEDASH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
livedash_add_test(time_bar SOURCES tst_timebar.cpp LIBS livedash_ui)
# Alarms in the window, with a real freedesktop notification server (tests/ui/notifyserver.py,
# Debian's python3-dbus and python3-gi) on the test's own session bus (dbus-daemon).
if(UNIX AND NOT APPLE)
    livedash_add_test(alarms_ui SOURCES tst_alarmsui.cpp LIBS livedash_ui Qt6::DBus)
    target_compile_definitions(test-alarms_ui PRIVATE
        LIVEDASH_TEST_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
endif()
# Tabs and kiosk mode (an HTTP feed on a local server shared by two tabs).
livedash_add_test(wall SOURCES tst_wall.cpp LIBS livedash_ui livedash_demo)
livedash_add_test(panels_gauge_bar_timeline SOURCES tst_gaugebartimeline.cpp LIBS livedash_ui)
