livedash_add_test(translations SOURCES tst_translations.cpp LIBS livedash_ui)
