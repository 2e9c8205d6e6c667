# livedash_add_plugin(<name> <sources and metadata .json>...)
# A feed plugin as Livedash loads it: a module named <name> (no "lib" prefix) linked to the
# SDK, exporting nothing but its Qt plugin entry point. Used in-tree and by find_package().
# Install it to the user plugin folder (Settings shows it) or next to Livedash's own plugins.
function(livedash_add_plugin name)
    add_library(${name} MODULE ${ARGN})
    target_link_libraries(${name} PRIVATE Livedash::Sdk)
    set_target_properties(${name} PROPERTIES PREFIX "" AUTOMOC ON
        CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    if(UNIX AND NOT APPLE)
        # Installed next to the SDK library's folder (<libdir>/livedash/plugins): find it there.
        set_target_properties(${name} PROPERTIES INSTALL_RPATH "$ORIGIN/..")
    endif()
endfunction()
