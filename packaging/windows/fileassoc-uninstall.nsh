; Undoes fileassoc-install.nsh.
DeleteRegKey SHCTX "Software\Classes\Livedash.Dashboard"
DeleteRegValue SHCTX "Software\Classes\.json\OpenWithProgids" "Livedash.Dashboard"
DeleteRegKey SHCTX "Software\Classes\Applications\livedash.exe"
System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
