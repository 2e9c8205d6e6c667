livedash_add_test(panels SOURCES tst_panels.cpp LIBS livedash_ui)
livedash_add_test(demo_dashboard SOURCES tst_demodashboard.cpp LIBS livedash_ui livedash_demo)
target_compile_definitions(test-demo_dashboard PRIVATE LIVEDASH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
livedash_add_test(main_window SOURCES tst_mainwindow.cpp LIBS livedash_ui livedash_demo)
