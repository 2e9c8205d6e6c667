livedash_add_test(layout_edit SOURCES tst_layoutedit.cpp LIBS livedash_ui)
