; Livedash dashboards on Windows. Windows matches only the last extension, so *.livedash.json
; cannot have a type of its own: Livedash registers a ProgID and offers itself in "Open with"
; for .json, without taking .json from the program the user chose.
WriteRegStr SHCTX "Software\Classes\Livedash.Dashboard" "" "Livedash dashboard"
WriteRegStr SHCTX "Software\Classes\Livedash.Dashboard\DefaultIcon" "" "$INSTDIR\bin\livedash.exe,0"
WriteRegStr SHCTX "Software\Classes\Livedash.Dashboard\shell\open\command" "" '"$INSTDIR\bin\livedash.exe" "%1"'
WriteRegStr SHCTX "Software\Classes\.json\OpenWithProgids" "Livedash.Dashboard" ""
WriteRegStr SHCTX "Software\Classes\Applications\livedash.exe\SupportedTypes" ".json" ""
WriteRegStr SHCTX "Software\Classes\Applications\livedash.exe\shell\open\command" "" '"$INSTDIR\bin\livedash.exe" "%1"'
; SHCNE_ASSOCCHANGED: Explorer rereads the associations now, not at the next logon.
System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
