<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Demo sources</source>
        <translation>Demo-Quellen</translation>
    </message>
    <message>
        <source>The demo sources could not start: %1</source>
        <translation>Die Demo-Quellen konnten nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
</context>
<context>
    <name>livedash::AlarmNotifier</name>
    <message>
        <source>CRITICAL</source>
        <translation>KRITISCH</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1 ist %2</translation>
    </message>
    <message>
        <source>%1 is %2 (%3)</source>
        <translation>%1 ist %2 (%3)</translation>
    </message>
    <message>
        <source>Dashboard: %1</source>
        <translation>Dashboard: %1</translation>
    </message>
    <message>
        <source>no session bus: %1</source>
        <translation>kein Sitzungsbus: %1</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>no notification service and no system tray</source>
        <translation>kein Benachrichtigungsdienst und kein Systemabschnitt der Kontrollleiste</translation>
    </message>
</context>
<context>
    <name>livedash::AlarmsView</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Firing (latched, back to normal)</source>
        <translation>Ausgelöst (gehalten, Wert wieder normal)</translation>
    </message>
    <message>
        <source>Firing</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Quittiert</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Anstehend</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>&amp;Acknowledge…</source>
        <translation>&amp;Quittieren…</translation>
    </message>
    <message>
        <source>Acknowledge a&amp;ll…</source>
        <translation>A&amp;lle quittieren…</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>No active alarms.</source>
        <translation>Keine aktiven Alarme.</translation>
    </message>
    <message>
        <source>Acknowledge the selected alarms, with an optional note</source>
        <translation>Die gewählten Alarme quittieren, mit einer Notiz nach Wunsch</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>%1 at %2%3</source>
        <translation>%1 um %2%3</translation>
    </message>
    <message numerus="yes">
        <source>%n unacknowledged</source>
        <translation>
            <numerusform>%n nicht quittiert</numerusform>
            <numerusform>%n nicht quittiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Active (%1)</source>
        <translation>Aktiv (%1)</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Quittieren</translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %n alarm(s) as %1. Note (optional):</source>
        <translation>
            <numerusform>%n Alarm als %1 quittieren. Notiz (nach Wunsch):</numerusform>
            <numerusform>%n Alarme als %1 quittieren. Notiz (nach Wunsch):</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livedash::BarPanel</name>
    <message>
        <source>waiting for data</source>
        <translation>warte auf Daten</translation>
    </message>
    <message numerus="yes">
        <source>%n more not shown</source>
        <translation>
            <numerusform>%n weiterer nicht angezeigt</numerusform>
            <numerusform>%n weitere nicht angezeigt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livedash::ChartPanel</name>
    <message>
        <source>Wheel: zoom · Drag: pan through history · Double-click: back to live</source>
        <translation>Mausrad: zoomen · Ziehen: im Verlauf blättern · Doppelklick: zurück zu live</translation>
    </message>
    <message>
        <source>%1 of %2 channels</source>
        <translation>%1 von %2 Kanälen</translation>
    </message>
    <message>
        <source>waiting for data</source>
        <translation>warte auf Daten</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>history · double-click for live</source>
        <translation>Verlauf · Doppelklick für live</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>+%n weitere</numerusform>
            <numerusform>+%n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
    <message>
        <source>no data: %1</source>
        <translation>keine Daten: %1</translation>
    </message>
    <message>
        <source>%1 (right)</source>
        <comment>a chart series drawn against the right axis</comment>
        <translation>%1 (rechts)</translation>
    </message>
    <message>
        <source>this chart</source>
        <translation>dieses Diagramm</translation>
    </message>
    <message>
        <source>Clear chart history</source>
        <translation>Diagrammverlauf leeren</translation>
    </message>
    <message>
        <source>Clear what &quot;%1&quot; shows up to now? The chart starts again from now.</source>
        <translation>Leeren, was „%1“ bis jetzt zeigt? Das Diagramm beginnt ab jetzt von vorn.</translation>
    </message>
    <message>
        <source>Only this chart forgets: its channels keep their data, which other panels and the history file still show.</source>
        <translation>Nur dieses Diagramm vergisst: Seine Kanäle behalten ihre Daten, die andere Panels und die Verlaufsdatei weiterhin zeigen.</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Verlauf leeren</translation>
    </message>
    <message>
        <source>Clear history of this chart…</source>
        <translation>Verlauf dieses Diagramms leeren…</translation>
    </message>
    <message>
        <source>Show cleared history again</source>
        <translation>Geleerten Verlauf wieder anzeigen</translation>
    </message>
    <message>
        <source>cleared at %1</source>
        <translation>geleert um %1</translation>
    </message>
</context>
<context>
    <name>livedash::DashboardView</name>
    <message>
        <source>This dashboard has no panels yet.
Open Settings (Ctrl+,) to add feeds and panels.</source>
        <translation>Dieses Dashboard hat noch keine Panels.
Öffnen Sie die Einstellungen (Strg+,), um Feeds und Panels hinzuzufügen.</translation>
    </message>
</context>
<context>
    <name>livedash::DemoDashboard</name>
    <message>
        <source>Livedash demo</source>
        <translation>Livedash-Demo</translation>
    </message>
    <message>
        <source>Match centre</source>
        <translation>Spielzentrale</translation>
    </message>
    <message>
        <source>Service metrics</source>
        <translation>Dienstmetriken</translation>
    </message>
    <message>
        <source>Ops events</source>
        <translation>Betriebsereignisse</translation>
    </message>
    <message>
        <source>Live matches</source>
        <translation>Live-Spiele</translation>
    </message>
    <message>
        <source>Match events &amp; ops</source>
        <translation>Spielereignisse &amp; Betrieb</translation>
    </message>
    <message>
        <source>Possession (home %)</source>
        <translation>Ballbesitz (Heim, %)</translation>
    </message>
    <message>
        <source>Expected goals (xG)</source>
        <translation>Erwartete Tore (xG)</translation>
    </message>
    <message>
        <source>Service latency</source>
        <translation>Latenz der Dienste</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Fehlerrate</translation>
    </message>
    <message>
        <source>Gateway error rate</source>
        <translation>Fehlerrate Gateway</translation>
    </message>
    <message>
        <source>Payments latency</source>
        <translation>Latenz Zahlungen</translation>
    </message>
    <message>
        <source>Orders queue depth</source>
        <translation>Warteschlange Bestellungen</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>CPU (this computer)</source>
        <translation>CPU (dieser Computer)</translation>
    </message>
    <message>
        <source>CPU per core</source>
        <translation>CPU je Kern</translation>
    </message>
    <message>
        <source>Network (this computer)</source>
        <translation>Netzwerk (dieser Computer)</translation>
    </message>
    <message>
        <source>Memory (this computer)</source>
        <translation>Arbeitsspeicher (dieser Computer)</translation>
    </message>
    <message>
        <source>Match periods</source>
        <translation>Spielabschnitte</translation>
    </message>
    <message>
        <source>Service CPU</source>
        <translation>CPU der Dienste</translation>
    </message>
</context>
<context>
    <name>livedash::EventLogPanel</name>
    <message>
        <source>waiting for events</source>
        <translation>warte auf Ereignisse</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 Ereignisse</translation>
    </message>
</context>
<context>
    <name>livedash::ExportDialog</name>
    <message>
        <source>cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>Daten exportieren</translation>
    </message>
    <message>
        <source>Channels:</source>
        <translation>Kanäle:</translation>
    </message>
    <message>
        <source>What the charts show</source>
        <translation>Was die Diagramme zeigen</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Everything stored</source>
        <translation>Alles Gespeicherte</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigener Zeitraum</translation>
    </message>
    <message>
        <source>Range:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Von:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Bis:</translation>
    </message>
    <message>
        <source>Long: time, channel, value, text (a row per value)</source>
        <translation>Lang: Zeit, Kanal, Wert, Text (eine Zeile je Wert)</translation>
    </message>
    <message>
        <source>Wide: time and a column per channel</source>
        <translation>Breit: Zeit und eine Spalte je Kanal</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>Aufbau:</translation>
    </message>
    <message>
        <source>ISO 8601 (UTC)</source>
        <translation>ISO 8601 (UTC)</translation>
    </message>
    <message>
        <source>Milliseconds since 1970 (epoch)</source>
        <translation>Millisekunden seit 1970 (Epoche)</translation>
    </message>
    <message>
        <source>Times:</source>
        <translation>Zeiten:</translation>
    </message>
    <message>
        <source>Choose at least one channel.</source>
        <translation>Wählen Sie mindestens einen Kanal.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportiere…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
</context>
<context>
    <name>livedash::FeedConfig</name>
    <message>
        <source>&quot;%1&quot; may only use letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;</source>
        <translation>&quot;%1&quot; darf nur Buchstaben, Ziffern, &apos;_&apos;, &apos;-&apos; und &apos;.&apos; enthalten</translation>
    </message>
</context>
<context>
    <name>livedash::FeedErrors</name>
    <message>
        <source>HTTP %1 from %2</source>
        <translation>HTTP %1 von %2</translation>
    </message>
    <message>
        <source>HTTP %1 %2 from %3</source>
        <translation>HTTP %1 %2 von %3</translation>
    </message>
    <message>
        <source>cannot reach %1: %2</source>
        <translation>%1 nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>response body from %1 stalled: no data for %2 (%3 bytes received)</source>
        <translation>Antwort von %1 stockt: keine Daten seit %2 (%3 Byte empfangen)</translation>
    </message>
    <message>
        <source>no response from %1 within %2</source>
        <translation>keine Antwort von %1 innerhalb von %2</translation>
    </message>
    <message>
        <source>response from %1 broke off: %2</source>
        <translation>Antwort von %1 abgebrochen: %2</translation>
    </message>
    <message>
        <source>response larger than %1 bytes (maxBodyBytes) discarded</source>
        <translation>Antwort größer als %1 Byte (maxBodyBytes) verworfen</translation>
    </message>
    <message>
        <source>%1 answered with Content-Type &quot;%2&quot;, not text/event-stream</source>
        <translation>%1 antwortete mit Content-Type „%2“, nicht text/event-stream</translation>
    </message>
    <message>
        <source>no data from %1 for %2</source>
        <translation>keine Daten von %1 seit %2</translation>
    </message>
    <message>
        <source>server answered 204: stream ended</source>
        <translation>Server antwortete 204: Stream beendet</translation>
    </message>
    <message>
        <source>HTTP %1 from %2 without an event stream</source>
        <translation>HTTP %1 von %2 ohne Ereignisstrom</translation>
    </message>
    <message>
        <source>%1 ended the stream</source>
        <translation>%1 hat den Stream beendet</translation>
    </message>
    <message>
        <source>stream from %1 broke off: %2</source>
        <translation>Stream von %1 abgebrochen: %2</translation>
    </message>
    <message>
        <source>normal closure</source>
        <translation>normales Schließen</translation>
    </message>
    <message>
        <source>going away</source>
        <translation>Gegenstelle wird beendet</translation>
    </message>
    <message>
        <source>protocol error</source>
        <translation>Protokollfehler</translation>
    </message>
    <message>
        <source>unsupported data</source>
        <translation>nicht unterstützte Daten</translation>
    </message>
    <message>
        <source>abnormal closure</source>
        <translation>abnormales Schließen</translation>
    </message>
    <message>
        <source>invalid payload</source>
        <translation>ungültige Nutzdaten</translation>
    </message>
    <message>
        <source>policy violation</source>
        <translation>Richtlinienverstoß</translation>
    </message>
    <message>
        <source>message too big</source>
        <translation>Nachricht zu groß</translation>
    </message>
    <message>
        <source>missing extension</source>
        <translation>fehlende Erweiterung</translation>
    </message>
    <message>
        <source>internal server error</source>
        <translation>interner Serverfehler</translation>
    </message>
    <message>
        <source>service restart</source>
        <translation>Neustart des Dienstes</translation>
    </message>
    <message>
        <source>try again later</source>
        <translation>später erneut versuchen</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS-Handshake fehlgeschlagen</translation>
    </message>
    <message>
        <source>server refused the WebSocket upgrade: HTTP %1 %2</source>
        <translation>Server hat das WebSocket-Upgrade abgelehnt: HTTP %1 %2</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>keine Verbindung zu %1: %2</translation>
    </message>
    <message>
        <source>connection to %1 closed during the WebSocket handshake</source>
        <translation>Verbindung zu %1 während des WebSocket-Handshakes geschlossen</translation>
    </message>
    <message>
        <source>keepalive timeout: no message or pong from %1 for %2 ms</source>
        <translation>Keepalive-Zeitlimit: keine Nachricht und kein Pong von %1 seit %2 ms</translation>
    </message>
    <message>
        <source>message larger than maxMessageBytes (%1 bytes) dropped</source>
        <translation>Nachricht größer als maxMessageBytes (%1 Byte) verworfen</translation>
    </message>
    <message>
        <source>a message exceeded maxMessageBytes (%1 bytes); connection closed with %2</source>
        <translation>eine Nachricht überschritt maxMessageBytes (%1 Byte); Verbindung geschlossen mit %2</translation>
    </message>
    <message>
        <source>text message with invalid UTF-8 dropped (%1)</source>
        <translation>Textnachricht mit ungültigem UTF-8 verworfen (%1)</translation>
    </message>
    <message>
        <source>connection closed with %1</source>
        <translation>Verbindung geschlossen mit %1</translation>
    </message>
    <message>
        <source>server closed the connection (%1)</source>
        <translation>Server hat die Verbindung geschlossen (%1)</translation>
    </message>
    <message>
        <source>closed without a close frame</source>
        <translation>ohne Close-Frame geschlossen</translation>
    </message>
    <message>
        <source>connection to %1 lost: %2</source>
        <translation>Verbindung zu %1 verloren: %2</translation>
    </message>
    <message>
        <source>connect timeout: no WebSocket handshake with %1 within %2 ms</source>
        <translation>Zeitlimit für Verbindung: kein WebSocket-Handshake mit %1 innerhalb von %2 ms</translation>
    </message>
    <message>
        <source>sequence gap: expected %1, got %2</source>
        <translation>Sequenzlücke: %1 erwartet, %2 erhalten</translation>
    </message>
    <message>
        <source>sequence gap inside one message (%1 missing)</source>
        <translation>Sequenzlücke innerhalb einer Nachricht (%1 fehlen)</translation>
    </message>
    <message>
        <source>reading secrets from the keychain</source>
        <translation>dem Schlüsselbund (liest Geheimnisse)</translation>
    </message>
    <message>
        <source>no message within %1 s%2</source>
        <translation>keine Nachricht innerhalb von %1 s%2</translation>
    </message>
    <message>
        <source>not NAME=value: &quot;%1&quot;</source>
        <translation>nicht NAME=Wert: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>line longer than %1 bytes discarded</source>
        <translation>Zeile länger als %1 Bytes verworfen</translation>
    </message>
    <message>
        <source>not a number: &quot;%1&quot;</source>
        <translation>keine Zahl: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>CSV row with %1 fields, the header names %2</source>
        <translation>CSV-Zeile mit %1 Feldern, die Kopfzeile nennt %2</translation>
    </message>
    <message>
        <source>stderr: %1</source>
        <translation>stderr: %1</translation>
    </message>
    <message>
        <source>%1 did not start within %2 s</source>
        <translation>%1 ist nicht innerhalb von %2 s gestartet</translation>
    </message>
    <message>
        <source>could not start %1: %2</source>
        <translation>%1 konnte nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>%1 crashed</source>
        <translation>%1 ist abgestürzt</translation>
    </message>
    <message>
        <source>%1 exited with code %2</source>
        <translation>%1 wurde mit Code %2 beendet</translation>
    </message>
    <message>
        <source>%1; the broker presented the certificate with SHA-256 %2 (pin it with certificateSha256 or trustedCertificate if it is the right one)</source>
        <translation>%1; der Broker hat das Zertifikat mit SHA-256 %2 vorgelegt (legen Sie es mit certificateSha256 oder trustedCertificate fest, wenn es das richtige ist)</translation>
    </message>
    <message>
        <source>keepalive timeout: the broker stopped answering</source>
        <translation>Keepalive-Zeitlimit: Der Broker antwortet nicht mehr</translation>
    </message>
    <message>
        <source>broker closed the connection before accepting it</source>
        <translation>Broker hat die Verbindung geschlossen, bevor er sie angenommen hat</translation>
    </message>
    <message>
        <source>broker closed the connection: %1</source>
        <translation>Broker hat die Verbindung geschlossen: %1</translation>
    </message>
    <message>
        <source>broker closed the connection</source>
        <translation>Broker hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>the broker did not complete the handshake (is it a TLS port?)</source>
        <translation>der Broker hat den Handshake nicht abgeschlossen (ist es ein TLS-Port?)</translation>
    </message>
    <message>
        <source>TLS handshake failed: %1</source>
        <translation>TLS-Handshake fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>the broker broke off the TLS session before accepting the connection (does it require a client certificate, or refuse this one?)</source>
        <translation>der Broker hat die TLS-Sitzung abgebrochen, bevor er die Verbindung angenommen hat (verlangt er ein Client-Zertifikat oder lehnt er dieses ab?)</translation>
    </message>
    <message>
        <source>TLS error: %1</source>
        <translation>TLS-Fehler: %1</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>not authorised (bad user name or password)</source>
        <translation>nicht berechtigt (falscher Benutzername oder falsches Passwort)</translation>
    </message>
    <message>
        <source>connection refused: %1</source>
        <translation>Verbindung abgelehnt: %1</translation>
    </message>
    <message>
        <source>message on %1 exceeded maxMessageBytes (%2 bytes)</source>
        <translation>Nachricht auf %1 überschritt maxMessageBytes (%2 Byte)</translation>
    </message>
    <message>
        <source>connect timeout: no answer from %1 within %2 ms</source>
        <translation>Zeitlimit für Verbindung: keine Antwort von %1 innerhalb von %2 ms</translation>
    </message>
    <message>
        <source>subscription refused: the broker refused the subscription to %1</source>
        <translation>Abonnement abgelehnt: Der Broker hat das Abonnement von %1 abgelehnt</translation>
    </message>
    <message>
        <source>the server did not complete the NATS handshake</source>
        <translation>der Server hat den NATS-Handshake nicht abgeschlossen</translation>
    </message>
    <message>
        <source>host %1 not found</source>
        <translation>Host %1 nicht gefunden</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>Zeitlimit überschritten</translation>
    </message>
    <message>
        <source>server not reachable: %1</source>
        <translation>Server nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>credentials file cannot be used: %1</source>
        <translation>Zugangsdaten-Datei kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>not authorised</source>
        <translation>nicht berechtigt</translation>
    </message>
    <message>
        <source>permissions violation for %1 to %2</source>
        <translation>Berechtigungsverstoß bei %1 auf %2</translation>
    </message>
    <message>
        <source>TLS handshake failed: the server&apos;s certificate is self-signed and not trusted; pin it with trustedCertificate (%1)</source>
        <translation>TLS-Handshake fehlgeschlagen: Das Zertifikat des Servers ist selbstsigniert und nicht vertrauenswürdig; legen Sie es mit trustedCertificate fest (%1)</translation>
    </message>
    <message>
        <source>TLS handshake failed: the server&apos;s certificate is not issued for this host name (%1)</source>
        <translation>TLS-Handshake fehlgeschlagen: Das Zertifikat des Servers ist nicht für diesen Hostnamen ausgestellt (%1)</translation>
    </message>
    <message>
        <source>server not reachable%1</source>
        <translation>Server nicht erreichbar%1</translation>
    </message>
    <message>
        <source>the server requires TLS: use a tls:// URL</source>
        <translation>der Server verlangt TLS: Verwenden Sie eine tls://-URL</translation>
    </message>
    <message>
        <source>the server does not offer TLS: use a nats:// URL</source>
        <translation>der Server bietet kein TLS an: Verwenden Sie eine nats://-URL</translation>
    </message>
    <message>
        <source>connection lost%1</source>
        <translation>Verbindung verloren%1</translation>
    </message>
    <message>
        <source>subscription refused: cannot send the SUBSCRIBE for %1</source>
        <translation>Abonnement abgewiesen: SUBSCRIBE für %1 kann nicht gesendet werden</translation>
    </message>
    <message>
        <source>name lookup timed out</source>
        <translation>Zeitlimit bei der Namensauflösung überschritten</translation>
    </message>
    <message>
        <source>cannot resolve host: %1</source>
        <translation>Host kann nicht aufgelöst werden: %1</translation>
    </message>
    <message>
        <source>not name=value pairs: &quot;%1&quot;</source>
        <translation>keine Name=Wert-Paare: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>no answer from %1 within %2</source>
        <translation>keine Antwort von %1 innerhalb von %2</translation>
    </message>
    <message>
        <source>the answer from %1 is larger than %2 MiB</source>
        <translation>die Antwort von %1 ist größer als %2 MiB</translation>
    </message>
    <message>
        <source>the answer from %1 broke off: %2</source>
        <translation>die Antwort von %1 ist abgebrochen: %2</translation>
    </message>
    <message>
        <source>Prometheus at %1 refused %2 (%3): %4</source>
        <translation>Prometheus unter %1 hat %2 abgelehnt (%3): %4</translation>
    </message>
    <message>
        <source>the answer from %1 is not Prometheus API JSON (%2 at byte %3); is it the base URL of a Prometheus server?</source>
        <translation>die Antwort von %1 ist kein JSON der Prometheus-API (%2 bei Byte %3); ist das die Basis-URL eines Prometheus-Servers?</translation>
    </message>
    <message>
        <source>unexpected answer from %1: no &quot;status&quot;: &quot;success&quot; with &quot;data&quot;</source>
        <translation>unerwartete Antwort von %1: kein &quot;status&quot;: &quot;success&quot; mit &quot;data&quot;</translation>
    </message>
    <message>
        <source>%1: a value is not [time, &quot;value&quot;]</source>
        <translation>%1: ein Wert ist nicht [Zeit, &quot;Wert&quot;]</translation>
    </message>
    <message>
        <source>%1: %2 is not a number</source>
        <translation>%1: %2 ist keine Zahl</translation>
    </message>
    <message>
        <source>unknown resultType &quot;%1&quot;</source>
        <translation>unbekannter resultType &quot;%1&quot;</translation>
    </message>
    <message>
        <source>native histograms are not shown; query e.g. histogram_quantile() or histogram_sum() of them</source>
        <translation>native Histogramme werden nicht angezeigt; fragen Sie z. B. histogram_quantile() oder histogram_sum() davon ab</translation>
    </message>
    <message>
        <source>the history&apos;s range query</source>
        <translation>die Bereichsabfrage für den Verlauf</translation>
    </message>
    <message>
        <source>history not loaded: %1</source>
        <translation>Verlauf nicht geladen: %1</translation>
    </message>
    <message>
        <source>no query: set the query option</source>
        <translation>keine Abfrage: Legen Sie die Option query fest</translation>
    </message>
    <message>
        <source>the query</source>
        <translation>die Abfrage</translation>
    </message>
    <message>
        <source>unexpected answer from %1: %2</source>
        <translation>unerwartete Antwort von %1: %2</translation>
    </message>
    <message>
        <source>no metrics in the answer from %1 (line %2: %3); is it a /metrics page in the Prometheus text format?</source>
        <translation>keine Metriken in der Antwort von %1 (Zeile %2: %3); ist das eine /metrics-Seite im Prometheus-Textformat?</translation>
    </message>
    <message>
        <source>line %1 of %2: %3</source>
        <translation>Zeile %1 von %2: %3</translation>
    </message>
    <message>
        <source>%1 lines of %2 could not be read</source>
        <translation>%1 Zeilen von %2 konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>waiting for %1</source>
        <translation>wartet auf %1</translation>
    </message>
    <message>
        <source>permission denied opening %1 (%2): the user running Livedash must be in the group that owns the port, usually dialout (sudo usermod -aG dialout $USER, then log in again); or another program has the port open</source>
        <translation>Zugriff verweigert beim Öffnen von %1 (%2): Der Benutzer, unter dem Livedash läuft, muss Mitglied der Gruppe sein, der der Port gehört, meist dialout (sudo usermod -aG dialout $USER, danach neu anmelden); oder ein anderes Programm hat den Port geöffnet</translation>
    </message>
    <message>
        <source>permission denied opening %1 (%2): another program may have the port open</source>
        <translation>Zugriff verweigert beim Öffnen von %1 (%2): Möglicherweise hat ein anderes Programm den Port geöffnet</translation>
    </message>
    <message>
        <source>could not open %1: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>the Qt SQL driver %1 could not be loaded</source>
        <translation>der Qt-SQL-Treiber %1 konnte nicht geladen werden</translation>
    </message>
    <message>
        <source>the query ran longer than %1 ms and was cancelled</source>
        <translation>die Abfrage lief länger als %1 ms und wurde abgebrochen</translation>
    </message>
    <message>
        <source>the Qt SQL driver %1 is not installed here (installed: %2)</source>
        <translation>der Qt-SQL-Treiber %1 ist hier nicht installiert (installiert: %2)</translation>
    </message>
    <message>
        <source>the SQLite file %1 does not exist</source>
        <translation>die SQLite-Datei %1 existiert nicht</translation>
    </message>
    <message>
        <source>connecting to %1 did not finish within %2 ms</source>
        <translation>die Verbindung zu %1 kam nicht innerhalb von %2 ms zustande</translation>
    </message>
    <message>
        <source>%1; %2 did not answer after that</source>
        <translation>%1; %2 hat danach nicht mehr geantwortet</translation>
    </message>
    <message>
        <source>the query failed on %1: %2</source>
        <translation>die Abfrage auf %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>the cursor column &quot;%1&quot; is not in the query&apos;s result (its columns: %2)</source>
        <translation>die Cursor-Spalte &quot;%1&quot; ist nicht im Ergebnis der Abfrage (dessen Spalten: %2)</translation>
    </message>
    <message>
        <source>more than %1 rows: the rest follows in the next poll</source>
        <translation>mehr als %1 Zeilen: Der Rest folgt beim nächsten Abruf</translation>
    </message>
    <message>
        <source>%1 rows at or before the cursor %2 were skipped</source>
        <translation>%1 Zeilen bis einschließlich zum Cursor %2 wurden übersprungen</translation>
    </message>
    <message>
        <source>SQLite needs the database file</source>
        <translation>SQLite braucht die Datenbankdatei</translation>
    </message>
    <message>
        <source>the queries use :since, which needs a cursor column</source>
        <translation>die Abfragen verwenden :since, das eine Cursor-Spalte braucht</translation>
    </message>
    <message>
        <source>the query does not use :since: every poll fetches its rows again (those at or before the cursor are skipped)</source>
        <translation>die Abfrage verwendet :since nicht: Jeder Abruf holt ihre Zeilen erneut (die bis einschließlich zum Cursor werden übersprungen)</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>diesem Computer</translation>
    </message>
    <message>
        <source>this platform has no system readings</source>
        <translation>auf dieser Plattform gibt es keine Systemwerte</translation>
    </message>
    <message>
        <source>disk space of %1 did not answer within %2 ms: skipped from now on</source>
        <translation>der Speicherplatz von %1 war nicht innerhalb von %2 ms lesbar: wird ab jetzt übersprungen</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is a path: give the program&apos;s file name only</source>
        <translation>&quot;%1&quot; ist ein Pfad: Geben Sie nur den Dateinamen des Programms an</translation>
    </message>
    <message>
        <source>nothing to report: turn on a section or name a process</source>
        <translation>nichts zu melden: Schalten Sie einen Bereich ein oder nennen Sie einen Prozess</translation>
    </message>
    <message>
        <source>empty subject</source>
        <translation>leeres Subject</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has an empty token (two dots, or a dot at the start or end)</source>
        <translation>„%1“ hat ein leeres Token (zwei Punkte oder ein Punkt am Anfang oder Ende)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains whitespace</source>
        <translation>„%1“ enthält Leerzeichen</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &apos;*&apos; must be a whole token</source>
        <translation>„%1“: „*“ muss ein ganzes Token sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: &apos;&gt;&apos; must be the whole last token</source>
        <translation>„%1“: „&gt;“ muss das ganze letzte Token sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither an ISO 8601 date and time (2026-12-01T08:00:00Z) nor a duration (90s, 15m, 2h, 7d)</source>
        <translation>„%1“ ist weder Datum und Uhrzeit nach ISO 8601 (2026-12-01T08:00:00Z) noch eine Dauer (90s, 15m, 2h, 7d)</translation>
    </message>
    <message>
        <source>name at least one subject</source>
        <translation>nennen Sie mindestens ein Subject</translation>
    </message>
    <message>
        <source>a queue group is one name without spaces, &apos;*&apos; or &apos;&gt;&apos;</source>
        <translation>eine Queue-Gruppe ist ein einzelner Name ohne Leerzeichen, „*“ oder „&gt;“</translation>
    </message>
    <message>
        <source>a queue group cannot be combined with a JetStream stream</source>
        <translation>eine Queue-Gruppe kann nicht mit einem JetStream-Stream kombiniert werden</translation>
    </message>
    <message>
        <source>use one of user and password, token or credentials file</source>
        <translation>verwenden Sie nur eines von: Benutzer und Passwort, Token oder Zugangsdaten-Datei</translation>
    </message>
    <message>
        <source>a password needs a user</source>
        <translation>ein Passwort braucht einen Benutzer</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>Datei nicht gefunden</translation>
    </message>
    <message>
        <source>required when deliver is &quot;since&quot;</source>
        <translation>erforderlich, wenn deliver „since“ ist</translation>
    </message>
    <message>
        <source>the NATS client library cannot check a certificate fingerprint; pin the certificate with trustedCertificate instead</source>
        <translation>die NATS-Clientbibliothek kann keinen Zertifikat-Fingerabdruck prüfen; legen Sie das Zertifikat stattdessen mit trustedCertificate fest</translation>
    </message>
    <message>
        <source>a trusted certificate needs a tls:// URL</source>
        <translation>ein vertrauenswürdiges Zertifikat braucht eine tls://-URL</translation>
    </message>
    <message>
        <source>stream %1 not found</source>
        <translation>Stream %1 nicht gefunden</translation>
    </message>
    <message>
        <source>JetStream is not enabled on the server</source>
        <translation>JetStream ist auf dem Server nicht aktiviert</translation>
    </message>
    <message>
        <source>JetStream subscription to %1 failed: %2</source>
        <translation>JetStream-Abonnement von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>not a valid NATS URL (nats://host:port or tls://host:port)</source>
        <translation>keine gültige NATS-URL (nats://host:port oder tls://host:port)</translation>
    </message>
    <message>
        <source>no certificate in %1</source>
        <translation>kein Zertifikat in %1</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>Verbindung geschlossen</translation>
    </message>
    <message>
        <source>not a valid NATS URL (nats://host:port/prefix or tls://...)</source>
        <translation>keine gültige NATS-URL (nats://host:port/prefix oder tls://...)</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: a prefix token cannot hold &apos;.&apos;, &apos;*&apos;, &apos;&gt;&apos;, &apos;%&apos; or spaces</source>
        <translation>„%1“: Ein Präfix-Token darf kein „.“, „*“, „&gt;“, „%“ und keine Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>a number of bytes, at least 1024</source>
        <translation>eine Anzahl Byte, mindestens 1024</translation>
    </message>
    <message>
        <source>unknown option</source>
        <translation>unbekannte Option</translation>
    </message>
    <message>
        <source>a message for %1/%2 exceeded the server&apos;s max_payload (%3 bytes)</source>
        <translation>eine Nachricht für %1/%2 überschritt das max_payload des Servers (%3 Byte)</translation>
    </message>
    <message>
        <source>no host and port to connect to</source>
        <translation>kein Host und Port für die Verbindung angegeben</translation>
    </message>
    <message>
        <source>TLS is not available (no TLS library was found)</source>
        <translation>TLS ist nicht verfügbar (keine TLS-Bibliothek gefunden)</translation>
    </message>
    <message>
        <source>TLS to %1 refused: %2</source>
        <translation>TLS zu %1 abgelehnt: %2</translation>
    </message>
    <message>
        <source>could not connect to %1: %2</source>
        <translation>keine Verbindung zu %1 möglich: %2</translation>
    </message>
    <message>
        <source>could not connect to %1 within %2 ms</source>
        <translation>keine Verbindung zu %1 innerhalb von %2 ms</translation>
    </message>
    <message>
        <source>no data from %1 for %2 ms</source>
        <translation>keine Daten von %1 seit %2 ms</translation>
    </message>
    <message>
        <source>%1 closed the connection</source>
        <translation>%1 hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>not an IP address: &quot;%1&quot; (empty: every interface)</source>
        <translation>keine IP-Adresse: &quot;%1&quot; (leer: alle Schnittstellen)</translation>
    </message>
    <message>
        <source>not a multicast address: &quot;%1&quot; (IPv4 224.0.0.0/4 or IPv6 ff00::/8)</source>
        <translation>keine Multicast-Adresse: &quot;%1&quot; (IPv4 224.0.0.0/4 oder IPv6 ff00::/8)</translation>
    </message>
    <message>
        <source>a multicast interface needs a multicast group</source>
        <translation>eine Multicast-Schnittstelle braucht eine Multicast-Gruppe</translation>
    </message>
    <message>
        <source> in group %1</source>
        <translation> in Gruppe %1</translation>
    </message>
    <message>
        <source>datagrams the kernel drops cannot be counted: this socket is not in /proc/net/udp</source>
        <translation>vom Kernel verworfene Datagramme können nicht gezählt werden: Dieser Socket steht nicht in /proc/net/udp</translation>
    </message>
    <message>
        <source>datagrams the kernel drops cannot be counted on this system (only on Linux)</source>
        <translation>vom Kernel verworfene Datagramme können auf diesem System nicht gezählt werden (nur unter Linux)</translation>
    </message>
    <message>
        <source>the kernel dropped %1 datagrams (%2 in all) because the receive buffer was full: raise receiveBufferBytes (and net.core.rmem_max) or send less</source>
        <translation>der Kernel hat %1 Datagramme verworfen (%2 insgesamt), weil der Empfangspuffer voll war: Erhöhen Sie receiveBufferBytes (und net.core.rmem_max) oder senden Sie weniger</translation>
    </message>
    <message>
        <source>%1 datagrams dropped by the kernel</source>
        <translation>%1 Datagramme vom Kernel verworfen</translation>
    </message>
    <message>
        <source>from %1: %2</source>
        <translation>von %1: %2</translation>
    </message>
    <message>
        <source>from %1: line longer than %2 bytes discarded</source>
        <translation>von %1: Zeile länger als %2 Bytes verworfen</translation>
    </message>
    <message>
        <source>no port to listen on</source>
        <translation>kein Port zum Empfangen angegeben</translation>
    </message>
    <message>
        <source>not an IP address: &quot;%1&quot;</source>
        <translation>keine IP-Adresse: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>could not listen on %1: %2</source>
        <translation>Empfang auf %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>receive buffer %1 bytes, not %2: net.core.rmem_max limits it</source>
        <translation>Empfangspuffer %1 Bytes statt %2: net.core.rmem_max begrenzt ihn</translation>
    </message>
    <message>
        <source>receive buffer %1 bytes, not %2: the system limits it</source>
        <translation>Empfangspuffer %1 Bytes statt %2: Das System begrenzt ihn</translation>
    </message>
    <message>
        <source>no network interface &quot;%1&quot; for group %2</source>
        <translation>keine Netzwerkschnittstelle &quot;%1&quot; für Gruppe %2</translation>
    </message>
    <message>
        <source>could not join multicast group %1: %2</source>
        <translation>Beitritt zur Multicast-Gruppe %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>socket on %1 failed: %2</source>
        <translation>Socket auf %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 is in use (%2): another program, or another feed of this dashboard, has it open. Test in Settings opens the port itself: stop the running feed first</source>
        <translation>%1 wird bereits verwendet (%2): Ein anderes Programm oder ein anderer Feed dieses Dashboards hat den Port geöffnet. Test in den Einstellungen öffnet den Port selbst: Halten Sie zuerst den laufenden Feed an</translation>
    </message>
</context>
<context>
    <name>livedash::FeedPlugins</name>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Extra request headers, one &quot;Name: value&quot; per line. Values of credential headers (Authorization, Cookie, *Token*, *Key*, ...) are saved in the system keychain, or may be ${env:NAME}.</source>
        <translation>Zusätzliche Anfrage-Header, einer je Zeile als „Name: Wert“. Werte von Zugangsdaten-Headern (Authorization, Cookie, *Token*, *Key*, …) werden im Schlüsselbund des Systems gespeichert oder können ${env:NAME} sein.</translation>
    </message>
    <message>
        <source>HTTP polling</source>
        <translation>HTTP-Abfrage</translation>
    </message>
    <message>
        <source>Requests a URL at a fixed interval and maps each JSON response. Unchanged responses (ETag) are skipped.</source>
        <translation>Fragt eine URL in festem Intervall ab und wertet jede JSON-Antwort aus. Unveränderte Antworten (ETag) werden übersprungen.</translation>
    </message>
    <message>
        <source>The http:// or https:// address to poll.</source>
        <translation>Die abzufragende http://- oder https://-Adresse.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Request body</source>
        <translation>Anfrageinhalt</translation>
    </message>
    <message>
        <source>Sent with POST requests.</source>
        <translation>Wird mit POST-Anfragen gesendet.</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>Inhaltstyp</translation>
    </message>
    <message>
        <source>Content-Type of the POST body.</source>
        <translation>Content-Type des POST-Inhalts.</translation>
    </message>
    <message>
        <source>Interval</source>
        <translation>Intervall</translation>
    </message>
    <message>
        <source>Time between the starts of two requests, in ms.</source>
        <translation>Zeit zwischen dem Beginn zweier Anfragen, in ms.</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>A request fails when no data arrives for this long, in ms.</source>
        <translation>Eine Anfrage schlägt fehl, wenn so lange keine Daten eintreffen, in ms.</translation>
    </message>
    <message>
        <source>Maximum body size</source>
        <translation>Maximale Antwortgröße</translation>
    </message>
    <message>
        <source>Larger responses are aborted and counted as rejected, in bytes.</source>
        <translation>Größere Antworten werden abgebrochen und als abgewiesen gezählt, in Byte.</translation>
    </message>
    <message>
        <source>Server-Sent Events</source>
        <translation>Server-Sent Events</translation>
    </message>
    <message>
        <source>Reads a text/event-stream; each event&apos;s data is one JSON message.</source>
        <translation>Liest einen text/event-stream; die Daten jedes Ereignisses sind eine JSON-Nachricht.</translation>
    </message>
    <message>
        <source>The http:// or https:// address of the event stream.</source>
        <translation>Die http://- oder https://-Adresse des Ereignisstroms.</translation>
    </message>
    <message>
        <source>Event name as channel prefix</source>
        <translation>Ereignisname als Kanalpräfix</translation>
    </message>
    <message>
        <source>Channels of an event named &quot;score&quot; are put under &quot;&lt;feed&gt;/score/&quot; (unnamed events are not).</source>
        <translation>Kanäle eines Ereignisses namens „score“ kommen unter „&lt;feed&gt;/score/“ (unbenannte Ereignisse nicht).</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>Zeitlimit für Verbindung</translation>
    </message>
    <message>
        <source>The response headers must arrive within this, in ms.</source>
        <translation>Die Antwort-Header müssen innerhalb dieser Zeit eintreffen, in ms.</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>Zeitlimit bei Stille</translation>
    </message>
    <message>
        <source>Reconnect when nothing (not even a comment) arrives for this long, in ms.</source>
        <translation>Neu verbinden, wenn so lange nichts (nicht einmal ein Kommentar) eintrifft, in ms.</translation>
    </message>
    <message>
        <source>Maximum event size</source>
        <translation>Maximale Ereignisgröße</translation>
    </message>
    <message>
        <source>Larger events are discarded and counted as rejected, in bytes.</source>
        <translation>Größere Ereignisse werden verworfen und als abgewiesen gezählt, in Byte.</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>Reads JSON messages (text or binary frames) from a WebSocket server and reconnects when the connection drops.</source>
        <translation>Liest JSON-Nachrichten (Text- oder Binär-Frames) von einem WebSocket-Server und verbindet sich neu, wenn die Verbindung abbricht.</translation>
    </message>
    <message>
        <source>Server address, e.g. wss://example.com/stream.</source>
        <translation>Serveradresse, z. B. wss://example.com/stream.</translation>
    </message>
    <message>
        <source>Extra handshake headers, one &quot;Name: value&quot; per line (e.g. Authorization: Bearer ...). Values of credential headers (Authorization, Cookie, *Token*, *Key*, ...) are saved in the system keychain, or may be ${env:NAME}.</source>
        <translation>Zusätzliche Handshake-Header, einer je Zeile als „Name: Wert“ (z. B. Authorization: Bearer …). Werte von Zugangsdaten-Headern (Authorization, Cookie, *Token*, *Key*, …) werden im Schlüsselbund des Systems gespeichert oder können ${env:NAME} sein.</translation>
    </message>
    <message>
        <source>Subscribe message</source>
        <translation>Abonnement-Nachricht</translation>
    </message>
    <message>
        <source>Sent as one text message right after every connect (optional).</source>
        <translation>Wird nach jedem Verbindungsaufbau sofort als eine Textnachricht gesendet (optional).</translation>
    </message>
    <message>
        <source>Longest wait for the TCP, TLS and WebSocket handshakes together.</source>
        <translation>Längste Wartezeit für TCP-, TLS- und WebSocket-Handshake zusammen.</translation>
    </message>
    <message>
        <source>Ping interval</source>
        <translation>Ping-Intervall</translation>
    </message>
    <message>
        <source>Sends a ping this often so a dead connection is noticed; 0 turns pings off.</source>
        <translation>Sendet in diesem Abstand einen Ping, damit eine tote Verbindung bemerkt wird; 0 schaltet Pings ab.</translation>
    </message>
    <message>
        <source>Silence timeout</source>
        <translation>Zeitlimit bei Stille</translation>
    </message>
    <message>
        <source>Reconnects when no message or pong arrived for this long; 0 waits forever.</source>
        <translation>Verbindet neu, wenn so lange keine Nachricht und kein Pong eingetroffen ist; 0 wartet unbegrenzt.</translation>
    </message>
    <message>
        <source>Largest message (bytes)</source>
        <translation>Größte Nachricht (Byte)</translation>
    </message>
    <message>
        <source>A larger message or frame closes the connection (code 1009); the feed counts it as rejected and reconnects.</source>
        <translation>Eine größere Nachricht oder ein größerer Frame schließt die Verbindung (Code 1009); der Feed zählt sie als abgewiesen und verbindet sich neu.</translation>
    </message>
    <message>
        <source>Trusted certificate</source>
        <translation>Vertrauenswürdiges Zertifikat</translation>
    </message>
    <message>
        <source>Path to a PEM file with the server&apos;s certificate (e.g. a self-signed one) or the private CA that issued it. Certificates are verified either way; this adds one the feed trusts.</source>
        <translation>Pfad zu einer PEM-Datei mit dem Zertifikat des Servers (z. B. einem selbstsignierten) oder der privaten CA, die es ausgestellt hat. Zertifikate werden in jedem Fall geprüft; dies fügt eines hinzu, dem der Feed vertraut.</translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation>SHA-256 des Zertifikats</translation>
    </message>
    <message>
        <source>Pins the server&apos;s certificate by its SHA-256 fingerprint (hex, colons optional), e.g. from `openssl x509 -noout -fingerprint -sha256 -in cert.pem`. A refused connection shows the fingerprint the server presented.</source>
        <translation>Legt das Zertifikat des Servers über seinen SHA-256-Fingerabdruck fest (hexadezimal, Doppelpunkte optional), z. B. aus `openssl x509 -noout -fingerprint -sha256 -in cert.pem`. Eine abgelehnte Verbindung zeigt den Fingerabdruck, den der Server vorgelegt hat.</translation>
    </message>
    <message>
        <source>POST needs a content type</source>
        <translation>POST braucht einen Inhaltstyp</translation>
    </message>
    <message>
        <source>must be longer than the ping interval (%1 ms)</source>
        <translation>muss länger als das Ping-Intervall sein (%1 ms)</translation>
    </message>
    <message>
        <source>Local command</source>
        <translation>Lokaler Befehl</translation>
    </message>
    <message>
        <source>Runs a program on this computer (no shell) and reads its standard output line by line: JSON lines, CSV rows or numbers. Restarted when it exits.</source>
        <translation>Führt ein Programm auf diesem Computer aus (ohne Shell) und liest seine Standardausgabe zeilenweise: JSON-Zeilen, CSV-Zeilen oder Zahlen. Wird neu gestartet, wenn es endet.</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programm</translation>
    </message>
    <message>
        <source>The program to run: a path, or a name looked up in PATH. It is not run through a shell.</source>
        <translation>Das auszuführende Programm: ein Pfad oder ein Name, der in PATH gesucht wird. Es wird nicht über eine Shell ausgeführt.</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
    <message>
        <source>One argument per line, passed as it is (no quoting, no wildcards); empty lines are skipped.</source>
        <translation>Ein Argument pro Zeile, unverändert übergeben (keine Anführungszeichen, keine Platzhalter); leere Zeilen werden übersprungen.</translation>
    </message>
    <message>
        <source>Working directory</source>
        <translation>Arbeitsverzeichnis</translation>
    </message>
    <message>
        <source>Where the program runs; empty: Livedash&apos;s own.</source>
        <translation>Wo das Programm läuft; leer: das von Livedash.</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>NAME=value per line, added to the environment Livedash runs in. Values may use ${env:...} and ${keychain:...}.</source>
        <translation>NAME=Wert pro Zeile, ergänzt die Umgebung, in der Livedash läuft. Werte dürfen ${env:...} und ${keychain:...} verwenden.</translation>
    </message>
    <message>
        <source>CSV header</source>
        <translation>CSV-Kopfzeile</translation>
    </message>
    <message>
        <source>Maximum line size</source>
        <translation>Maximale Zeilenlänge</translation>
    </message>
    <message>
        <source>Longer lines are discarded and counted as rejected, in bytes.</source>
        <translation>Längere Zeilen werden verworfen und als abgewiesen gezählt, in Bytes.</translation>
    </message>
    <message>
        <source>MQTT</source>
        <translation>MQTT</translation>
    </message>
    <message>
        <source>Subscribes to topics on an MQTT broker (3.1.1 or 5, plain or TLS) and maps each message; channels can name topic levels.</source>
        <translation>Abonniert Topics auf einem MQTT-Broker (3.1.1 oder 5, unverschlüsselt oder TLS) und wertet jede Nachricht aus; Kanalnamen können Topic-Ebenen enthalten.</translation>
    </message>
    <message>
        <source>Broker URL</source>
        <translation>Broker-URL</translation>
    </message>
    <message>
        <source>mqtt://host[:1883] or mqtts://host[:8883] (TLS).</source>
        <translation>mqtt://host[:1883] oder mqtts://host[:8883] (TLS).</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Topic filters, one per line; + matches one level, # all the rest (e.g. sensors/+/temperature). Channel names can use {$topic[N]}, the topic&apos;s level N.</source>
        <translation>Topic-Filter, einer je Zeile; + passt auf eine Ebene, # auf alle übrigen (z. B. sensors/+/temperature). Kanalnamen können {$topic[N]} verwenden, die Ebene N des Topics.</translation>
    </message>
    <message>
        <source>QoS</source>
        <translation>QoS</translation>
    </message>
    <message>
        <source>Quality of service of the subscriptions: 0 at most once, 1 at least once, 2 exactly once.</source>
        <translation>Dienstgüte der Abonnements: 0 höchstens einmal, 1 mindestens einmal, 2 genau einmal.</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Empty: the broker assigns one. Needed for a persistent session; must be unique on the broker.</source>
        <translation>Leer: Der Broker vergibt eine. Nötig für eine persistente Sitzung; muss auf dem Broker eindeutig sein.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Saved in the system keychain, or ${env:NAME}.</source>
        <translation>Wird im Schlüsselbund des Systems gespeichert, oder ${env:NAME}.</translation>
    </message>
    <message>
        <source>Clean session</source>
        <translation>Clean Session</translation>
    </message>
    <message>
        <source>Off: a persistent session; the broker keeps QoS 1 and 2 messages while the feed is away and sends them after it reconnects (needs a client id).</source>
        <translation>Aus: eine persistente Sitzung; der Broker bewahrt Nachrichten mit QoS 1 und 2 auf, solange der Feed getrennt ist, und sendet sie nach der Neuverbindung (braucht eine Client-ID).</translation>
    </message>
    <message>
        <source>Protocol version</source>
        <translation>Protokollversion</translation>
    </message>
    <message>
        <source>MQTT 3.1.1, or 5 (the broker then drops messages far larger than the largest message size instead of sending them).</source>
        <translation>MQTT 3.1.1 oder 5 (der Broker verwirft dann Nachrichten, die weit über der größten Nachrichtengröße liegen, statt sie zu senden).</translation>
    </message>
    <message>
        <source>Keepalive (s)</source>
        <translation>Keepalive (s)</translation>
    </message>
    <message>
        <source>Pings the broker when idle this long; a connection that stays silent for 1.5 times as long is dropped and reconnected.</source>
        <translation>Sendet einen Ping an den Broker, wenn so lange nichts übertragen wurde; eine Verbindung, die 1,5-mal so lange still bleibt, wird getrennt und neu aufgebaut.</translation>
    </message>
    <message>
        <source>Longest wait for the connection, TLS, CONNACK and SUBACK together.</source>
        <translation>Längste Wartezeit für Verbindungsaufbau, TLS, CONNACK und SUBACK zusammen.</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Client-Zertifikat</translation>
    </message>
    <message>
        <source>mqtts: PEM file with the certificate this client presents (optional).</source>
        <translation>mqtts: PEM-Datei mit dem Zertifikat, das dieser Client vorlegt (optional).</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Client-Schlüssel</translation>
    </message>
    <message>
        <source>mqtts: PEM file with the client certificate&apos;s private key (unencrypted); empty if it is in the certificate file.</source>
        <translation>mqtts: PEM-Datei mit dem privaten Schlüssel des Client-Zertifikats (unverschlüsselt); leer, wenn er in der Zertifikatsdatei steht.</translation>
    </message>
    <message>
        <source>A larger payload is counted as rejected and not mapped.</source>
        <translation>Größere Nutzdaten werden als abgewiesen gezählt und nicht zugeordnet.</translation>
    </message>
    <message>
        <source>at least one topic filter</source>
        <translation>mindestens ein Topic-Filter erforderlich</translation>
    </message>
    <message>
        <source>a persistent session (clean session off) needs a client id</source>
        <translation>eine persistente Sitzung (Clean Session aus) braucht eine Client-ID</translation>
    </message>
    <message>
        <source>a client key needs its certificate</source>
        <translation>ein Client-Schlüssel braucht sein Zertifikat</translation>
    </message>
    <message>
        <source>NATS</source>
        <translation>NATS</translation>
    </message>
    <message>
        <source>Subscribes to NATS subjects (with * and &gt; wildcards), optionally replaying a JetStream stream&apos;s history on start, and reconnects when the connection drops.</source>
        <translation>Abonniert NATS-Subjects (mit den Platzhaltern * und &gt;), spielt beim Start optional den Verlauf eines JetStream-Streams ab und verbindet sich neu, wenn die Verbindung abbricht.</translation>
    </message>
    <message>
        <source>Server address: nats://host:4222, or tls://host:4222 for TLS.</source>
        <translation>Serveradresse: nats://host:4222 oder tls://host:4222 für TLS.</translation>
    </message>
    <message>
        <source>Subjects</source>
        <translation>Subjects</translation>
    </message>
    <message>
        <source>One subject per line; * matches one token, &gt; the rest (e.g. sensors.*.temperature).</source>
        <translation>Ein Subject je Zeile; * passt auf ein Token, &gt; auf den Rest (z. B. sensors.*.temperature).</translation>
    </message>
    <message>
        <source>Queue group</source>
        <translation>Queue-Gruppe</translation>
    </message>
    <message>
        <source>Feeds in the same queue group share the messages: each one goes to one of them (optional).</source>
        <translation>Feeds in derselben Queue-Gruppe teilen sich die Nachrichten: Jede geht an einen von ihnen (optional).</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>User name, with the password.</source>
        <translation>Benutzername, zusammen mit dem Passwort.</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Authentication token, instead of user and password.</source>
        <translation>Authentifizierungstoken, statt Benutzer und Passwort.</translation>
    </message>
    <message>
        <source>Credentials file</source>
        <translation>Zugangsdaten-Datei</translation>
    </message>
    <message>
        <source>A .creds file (user JWT and NKey seed), as nsc writes it.</source>
        <translation>Eine .creds-Datei (Benutzer-JWT und NKey-Seed), wie nsc sie schreibt.</translation>
    </message>
    <message>
        <source>JetStream stream</source>
        <translation>JetStream-Stream</translation>
    </message>
    <message>
        <source>Reads the subjects from this stream, so that its history fills the charts at start (optional).</source>
        <translation>Liest die Subjects aus diesem Stream, damit sein Verlauf beim Start die Diagramme füllt (optional).</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Wiedergabe</translation>
    </message>
    <message>
        <source>With a stream: all of its messages, the last one, the last per subject, only new ones, or those since a time.</source>
        <translation>Mit einem Stream: alle seine Nachrichten, die letzte, die letzte je Subject, nur neue oder die seit einem Zeitpunkt.</translation>
    </message>
    <message>
        <source>Replay since</source>
        <translation>Wiedergabe ab</translation>
    </message>
    <message>
        <source>For &quot;since&quot;: an ISO 8601 time (2026-12-01T08:00:00Z) or how long ago (90s, 15m, 2h, 7d).</source>
        <translation>Für „since“: ein Zeitpunkt nach ISO 8601 (2026-12-01T08:00:00Z) oder wie lange er zurückliegt (90s, 15m, 2h, 7d).</translation>
    </message>
    <message>
        <source>A larger message is counted as rejected and skipped. The server&apos;s max_payload (1 MB by default) bounds what arrives.</source>
        <translation>Eine größere Nachricht wird als abgewiesen gezählt und übersprungen. Das max_payload des Servers (standardmäßig 1 MB) begrenzt, was ankommt.</translation>
    </message>
    <message>
        <source>Longest wait for the TCP, TLS and NATS handshakes, and again for the subscriptions to be confirmed.</source>
        <translation>Längste Wartezeit für TCP-, TLS- und NATS-Handshake und erneut für die Bestätigung der Abonnements.</translation>
    </message>
    <message>
        <source>Line format</source>
        <translation>Zeilenformat</translation>
    </message>
    <message>
        <source>jsonl: each line is one JSON message for the field mapping. csv: comma-separated rows, the first line (or CSV header) names the columns; each row is a message {name: value}. keyValue: name=value pairs separated by spaces, commas or semicolons. number: a number per line, as the message {&quot;value&quot;: x} (channel &quot;&lt;feed&gt;/value&quot; without a mapping); several on a line as value1, value2, ...</source>
        <translation>jsonl: jede Zeile ist eine JSON-Nachricht für die Feldzuordnung. csv: durch Kommas getrennte Zeilen, die erste Zeile (oder die CSV-Kopfzeile) benennt die Spalten; jede Zeile ist eine Nachricht {Name: Wert}. keyValue: Name=Wert-Paare, getrennt durch Leerzeichen, Kommas oder Semikolons. number: eine Zahl pro Zeile, als Nachricht {&quot;value&quot;: x} (Kanal &quot;&lt;Feed&gt;/value&quot; ohne Zuordnung); mehrere in einer Zeile als value1, value2, ...</translation>
    </message>
    <message>
        <source>Column names, comma-separated, for CSV without a header line; empty: the first line is the header.</source>
        <translation>Spaltennamen, durch Kommas getrennt, für CSV ohne Kopfzeile; leer: die erste Zeile ist die Kopfzeile.</translation>
    </message>
    <message>
        <source>&apos;{&apos; at %1 is not closed by &apos;}&apos;</source>
        <translation>&apos;{&apos; an Position %1 wird nicht durch &apos;}&apos; geschlossen</translation>
    </message>
    <message>
        <source>{%1} is not a label name (letters, digits and &apos;_&apos;, e.g. {instance} or {__name__})</source>
        <translation>{%1} ist kein Label-Name (Buchstaben, Ziffern und &apos;_&apos;, z. B. {instance} oder {__name__})</translation>
    </message>
    <message>
        <source>Prometheus</source>
        <translation>Prometheus</translation>
    </message>
    <message>
        <source>Runs a PromQL query against a Prometheus server at an interval (the charts&apos; history is loaded at start), or reads an exporter&apos;s /metrics page directly.</source>
        <translation>Führt in festem Intervall eine PromQL-Abfrage auf einem Prometheus-Server aus (der Verlauf der Diagramme wird beim Start geladen) oder liest die /metrics-Seite eines Exporters direkt.</translation>
    </message>
    <message>
        <source>Query mode: the Prometheus server&apos;s base URL (http://host:9090). Metrics mode: the exporter&apos;s page (http://host:9100/metrics).</source>
        <translation>Modus query: die Basis-URL des Prometheus-Servers (http://host:9090). Modus metrics: die Seite des Exporters (http://host:9100/metrics).</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>query: PromQL against a Prometheus server. metrics: a /metrics page in the Prometheus text format, without a server.</source>
        <translation>query: PromQL auf einem Prometheus-Server. metrics: eine /metrics-Seite im Prometheus-Textformat, ohne Server.</translation>
    </message>
    <message>
        <source>PromQL query</source>
        <translation>PromQL-Abfrage</translation>
    </message>
    <message>
        <source>Query mode: the expression, e.g. rate(node_cpu_seconds_total{mode=&quot;user&quot;}[1m]).</source>
        <translation>Modus query: der Ausdruck, z. B. rate(node_cpu_seconds_total{mode=&quot;user&quot;}[1m]).</translation>
    </message>
    <message>
        <source>Time between the starts of two queries or scrapes, in ms.</source>
        <translation>Zeit zwischen dem Beginn zweier Abfragen oder Abrufe, in ms.</translation>
    </message>
    <message>
        <source>History step</source>
        <translation>Schrittweite des Verlaufs</translation>
    </message>
    <message>
        <source>Query mode: the resolution of the history loaded at start, in ms; 0 for automatic (about 500 points per chart window, at least 1 s).</source>
        <translation>Modus query: die Auflösung des beim Start geladenen Verlaufs, in ms; 0 für automatisch (etwa 500 Punkte je Diagrammfenster, mindestens 1 s).</translation>
    </message>
    <message>
        <source>Channel name</source>
        <translation>Kanalname</translation>
    </message>
    <message>
        <source>Empty: named by the series&apos; labels (node_load1/instance=host:9100). A template names them instead: cpu/{instance}/{mode}, {__name__} for the metric name.</source>
        <translation>Leer: Kanäle werden nach den Labels der Zeitreihe benannt (node_load1/instance=host:9100). Eine Vorlage benennt sie stattdessen: cpu/{instance}/{mode}, {__name__} für den Metriknamen.</translation>
    </message>
    <message>
        <source>Metric names</source>
        <translation>Metriknamen</translation>
    </message>
    <message>
        <source>Metrics mode: a regular expression the whole metric name must match (node_load.*|node_memory_MemFree_bytes); empty for all.</source>
        <translation>Modus metrics: ein regulärer Ausdruck, auf den der ganze Metrikname passen muss (node_load.*|node_memory_MemFree_bytes); leer für alle.</translation>
    </message>
    <message>
        <source>Counters as rates</source>
        <translation>Zähler als Raten</translation>
    </message>
    <message>
        <source>Metrics mode: counters (and histogram and summary counts and sums) shown as their increase per second between two scrapes.</source>
        <translation>Modus metrics: Zähler (auch count und sum von Histogrammen und Summaries) werden als ihr Anstieg pro Sekunde zwischen zwei Abrufen angezeigt.</translation>
    </message>
    <message>
        <source>query mode needs a query</source>
        <translation>der Modus query braucht eine Abfrage</translation>
    </message>
    <message>
        <source>not a regular expression: %1 at character %2</source>
        <translation>kein regulärer Ausdruck: %1 bei Zeichen %2</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Serielle Schnittstelle</translation>
    </message>
    <message>
        <source>Reads lines from a serial port (an Arduino, a USB-serial adapter): JSON lines, CSV rows, name=value pairs or numbers. A port that is unplugged is waited for and opened again when it is back.</source>
        <translation>Liest Zeilen von einer seriellen Schnittstelle (einem Arduino, einem USB-Seriell-Adapter): JSON-Zeilen, CSV-Zeilen, Name=Wert-Paare oder Zahlen. Auf einen abgezogenen Port wird gewartet; er wird wieder geöffnet, sobald er zurück ist.</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>The serial port: a device such as /dev/ttyUSB0, /dev/serial/by-id/... or COM3. The list shows the ports present now.</source>
        <translation>Die serielle Schnittstelle: ein Gerät wie /dev/ttyUSB0, /dev/serial/by-id/... oder COM3. Die Liste zeigt die derzeit vorhandenen Ports.</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Baudrate</translation>
    </message>
    <message>
        <source>Bits per second, as the device sends (Arduino: the number in Serial.begin()).</source>
        <translation>Bits pro Sekunde, wie das Gerät sendet (Arduino: die Zahl in Serial.begin()).</translation>
    </message>
    <message>
        <source>Data bits</source>
        <translation>Datenbits</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>Parität</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>Stoppbits</translation>
    </message>
    <message>
        <source>Flow control</source>
        <translation>Flusssteuerung</translation>
    </message>
    <message>
        <source>hardware: RTS/CTS lines; software: XON/XOFF characters.</source>
        <translation>hardware: RTS/CTS-Leitungen; software: XON/XOFF-Zeichen.</translation>
    </message>
    <message>
        <source>SQL query</source>
        <translation>SQL-Abfrage</translation>
    </message>
    <message>
        <source>Polls a query on a database (SQLite, PostgreSQL, MySQL: the Qt SQL drivers installed here). Each row becomes a message {column: value}; with a cursor column, each poll fetches only the rows after the last one seen (:since).</source>
        <translation>Führt regelmäßig eine Abfrage auf einer Datenbank aus (SQLite, PostgreSQL, MySQL: die hier installierten Qt-SQL-Treiber). Jede Zeile wird zu einer Nachricht {Spalte: Wert}; mit einer Cursor-Spalte holt jeder Abruf nur die Zeilen nach der zuletzt gesehenen (:since).</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <source>The Qt SQL driver: QSQLITE (a file), QPSQL (PostgreSQL), QMYSQL (MySQL, MariaDB). Only those installed are listed.</source>
        <translation>Der Qt-SQL-Treiber: QSQLITE (eine Datei), QPSQL (PostgreSQL), QMYSQL (MySQL, MariaDB). Nur die installierten werden aufgeführt.</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>The server&apos;s name or address; empty: this computer (for PostgreSQL its local socket). Not used by SQLite.</source>
        <translation>Name oder Adresse des Servers; leer: dieser Computer (bei PostgreSQL sein lokaler Socket). Wird von SQLite nicht verwendet.</translation>
    </message>
    <message>
        <source>The server&apos;s port; 0: the driver&apos;s default (5432, 3306).</source>
        <translation>Der Port des Servers; 0: die Voreinstellung des Treibers (5432, 3306).</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>The database&apos;s name on the server.</source>
        <translation>Der Name der Datenbank auf dem Server.</translation>
    </message>
    <message>
        <source>SQLite file</source>
        <translation>SQLite-Datei</translation>
    </message>
    <message>
        <source>SQLite: the database file (it is not created when missing).</source>
        <translation>SQLite: die Datenbankdatei (sie wird nicht angelegt, wenn sie fehlt).</translation>
    </message>
    <message>
        <source>The user to log in as.</source>
        <translation>Der Benutzer, als der sich der Feed anmeldet.</translation>
    </message>
    <message>
        <source>The user&apos;s password; use ${keychain:...} or ${env:...}.</source>
        <translation>Das Passwort des Benutzers; verwenden Sie ${keychain:...} oder ${env:...}.</translation>
    </message>
    <message>
        <source>How often the query runs, in ms.</source>
        <translation>Wie oft die Abfrage läuft, in ms.</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>Run every interval. :since is the last value of the cursor column seen (NULL before the first row), e.g. SELECT id, ts, value FROM readings WHERE id &gt; COALESCE(:since, 0) ORDER BY id. :from is the start of the charts&apos; time window (a UTC date/time), :fromMs the same in ms since 1970.</source>
        <translation>Läuft in jedem Intervall. :since ist der zuletzt gesehene Wert der Cursor-Spalte (NULL vor der ersten Zeile), z. B. SELECT id, ts, value FROM readings WHERE id &gt; COALESCE(:since, 0) ORDER BY id. :from ist der Beginn des Zeitfensters der Diagramme (Datum und Uhrzeit in UTC), :fromMs dasselbe in ms seit 1970.</translation>
    </message>
    <message>
        <source>Initial query</source>
        <translation>Startabfrage</translation>
    </message>
    <message>
        <source>Run once when the feed starts, to fill the charts with history, e.g. ... WHERE ts &gt;= :from ORDER BY id. Its rows set the cursor. Empty: the first poll of the query does it.</source>
        <translation>Läuft einmal beim Start des Feeds, um die Diagramme mit Verlauf zu füllen, z. B. ... WHERE ts &gt;= :from ORDER BY id. Ihre Zeilen setzen den Cursor. Leer: Das übernimmt der erste Abruf der Abfrage.</translation>
    </message>
    <message>
        <source>Cursor column</source>
        <translation>Cursor-Spalte</translation>
    </message>
    <message>
        <source>A column that strictly increases with every new row (an id, or a time unique to the millisecond): its last value is :since. Rows at or before it are not delivered again. Empty: every poll delivers all rows.</source>
        <translation>Eine Spalte, die mit jeder neuen Zeile streng steigt (eine ID oder eine auf die Millisekunde eindeutige Zeit): Ihr letzter Wert ist :since. Zeilen bis einschließlich dieses Werts werden nicht erneut geliefert. Leer: Jeder Abruf liefert alle Zeilen.</translation>
    </message>
    <message>
        <source>Query timeout</source>
        <translation>Zeitlimit für Abfragen</translation>
    </message>
    <message>
        <source>A query running longer is cancelled and reported, in ms.</source>
        <translation>Eine Abfrage, die länger läuft, wird abgebrochen und gemeldet, in ms.</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>CPU (total and per core), memory and swap, load, disk space and I/O, network rates and chosen processes of the computer Livedash runs on, read every interval.</source>
        <translation>CPU (gesamt und je Kern), Arbeitsspeicher und Swap, Last, Speicherplatz und Datenträger-I/O, Netzwerkraten und ausgewählte Prozesse des Computers, auf dem Livedash läuft, in jedem Intervall gelesen.</translation>
    </message>
    <message>
        <source>How often the values are read, in ms. Rates and CPU percentages are averages over one interval.</source>
        <translation>Wie oft die Werte gelesen werden, in ms. Raten und CPU-Prozentwerte sind Mittelwerte über ein Intervall.</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>cpu/total: percent of all cores busy.</source>
        <translation>cpu/total: Auslastung aller Kerne in Prozent.</translation>
    </message>
    <message>
        <source>CPU per core</source>
        <translation>CPU je Kern</translation>
    </message>
    <message>
        <source>cpu/core0, cpu/core1, ...: percent busy of each logical CPU.</source>
        <translation>cpu/core0, cpu/core1, ...: Auslastung jeder logischen CPU in Prozent.</translation>
    </message>
    <message>
        <source>Memory and swap</source>
        <translation>Arbeitsspeicher und Swap</translation>
    </message>
    <message>
        <source>memory/... and swap/...: used_bytes, used_percent, total_bytes. Used memory is what is not available to programs (caches that can be dropped are not used).</source>
        <translation>memory/... und swap/...: used_bytes, used_percent, total_bytes. Belegt ist der Speicher, der Programmen nicht zur Verfügung steht (Caches, die freigegeben werden können, gelten nicht als belegt).</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Last</translation>
    </message>
    <message>
        <source>load/1m, load/5m, load/15m: load averages (not on Windows).</source>
        <translation>load/1m, load/5m, load/15m: mittlere Systemlast (nicht unter Windows).</translation>
    </message>
    <message>
        <source>Disk space</source>
        <translation>Speicherplatz</translation>
    </message>
    <message>
        <source>disk/&lt;mount&gt;/used_percent and free_bytes per mounted file system; &lt;mount&gt; is &quot;root&quot; for /, otherwise the path with &apos;/&apos; as &apos;_&apos; (/home: home, C:\: C).</source>
        <translation>disk/&lt;mount&gt;/used_percent und free_bytes je eingehängtem Dateisystem; &lt;mount&gt; ist &quot;root&quot; für /, sonst der Pfad mit &apos;_&apos; statt &apos;/&apos; (/home: home, C:\: C).</translation>
    </message>
    <message>
        <source>Disk I/O</source>
        <translation>Datenträger-I/O</translation>
    </message>
    <message>
        <source>diskio/&lt;device&gt;/read_bytes_per_s and write_bytes_per_s per block device.</source>
        <translation>diskio/&lt;device&gt;/read_bytes_per_s und write_bytes_per_s je Blockgerät.</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>net/&lt;interface&gt;/rx_bytes_per_s and tx_bytes_per_s per network interface.</source>
        <translation>net/&lt;interface&gt;/rx_bytes_per_s und tx_bytes_per_s je Netzwerkschnittstelle.</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>Process names, one per line (the program&apos;s file name, e.g. postgres, firefox.exe): process/&lt;name&gt;/count, rss_bytes and cpu_percent (of one core), summed over all processes of that name.</source>
        <translation>Prozessnamen, einer pro Zeile (der Dateiname des Programms, z. B. postgres, firefox.exe): process/&lt;name&gt;/count, rss_bytes und cpu_percent (bezogen auf einen Kern), summiert über alle Prozesse dieses Namens.</translation>
    </message>
    <message>
        <source>Skipped file system types</source>
        <translation>Ausgelassene Dateisystemtypen</translation>
    </message>
    <message>
        <source>File system types whose disk space is not reported, separated by spaces: pseudo and memory file systems.</source>
        <translation>Dateisystemtypen, deren Speicherplatz nicht gemeldet wird, durch Leerzeichen getrennt: Pseudo- und Speicherdateisysteme.</translation>
    </message>
    <message>
        <source>Network file systems</source>
        <translation>Netzwerkdateisysteme</translation>
    </message>
    <message>
        <source>Also report NFS, SMB, FUSE and other network file systems. Their disk space is read on a separate thread; a mount that does not answer within the disk timeout is skipped.</source>
        <translation>Auch NFS, SMB, FUSE und andere Netzwerkdateisysteme melden. Ihr Speicherplatz wird in einem eigenen Thread gelesen; ein Einhängepunkt, der nicht innerhalb des Zeitlimits für Datenträger antwortet, wird übersprungen.</translation>
    </message>
    <message>
        <source>Skipped mount points</source>
        <translation>Ausgelassene Einhängepunkte</translation>
    </message>
    <message>
        <source>Mount points not reported, one per line; * and ? are wildcards (/snap/*).</source>
        <translation>Einhängepunkte, die nicht gemeldet werden, einer pro Zeile; * und ? sind Platzhalter (/snap/*).</translation>
    </message>
    <message>
        <source>Skipped network interfaces</source>
        <translation>Ausgelassene Netzwerkschnittstellen</translation>
    </message>
    <message>
        <source>Interface names not reported, one per line; * and ? are wildcards. Empty: all, loopback included.</source>
        <translation>Namen von Schnittstellen, die nicht gemeldet werden, einer pro Zeile; * und ? sind Platzhalter. Leer: alle werden gemeldet, Loopback eingeschlossen.</translation>
    </message>
    <message>
        <source>Skipped block devices</source>
        <translation>Ausgelassene Blockgeräte</translation>
    </message>
    <message>
        <source>Block device names whose I/O is not reported, one per line; * and ? are wildcards.</source>
        <translation>Namen von Blockgeräten, deren I/O nicht gemeldet wird, einer pro Zeile; * und ? sind Platzhalter.</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitionen</translation>
    </message>
    <message>
        <source>Report the I/O of each partition too, not only of whole disks (Linux).</source>
        <translation>Auch die I/O jeder Partition melden, nicht nur die ganzer Datenträger (Linux).</translation>
    </message>
    <message>
        <source>Size unit</source>
        <translation>Größeneinheit</translation>
    </message>
    <message>
        <source>Unit of memory, swap, disk free and process memory; the channel names say it (used_bytes, used_mib, free_gib).</source>
        <translation>Einheit für Arbeitsspeicher, Swap, freien Speicherplatz und Prozessspeicher; die Kanalnamen nennen sie (used_bytes, used_mib, free_gib).</translation>
    </message>
    <message>
        <source>Rate unit</source>
        <translation>Rateneinheit</translation>
    </message>
    <message>
        <source>Unit of disk I/O and network rates, per second; the channel names say it (rx_bytes_per_s, rx_kib_per_s).</source>
        <translation>Einheit für Datenträger-I/O- und Netzwerkraten, pro Sekunde; die Kanalnamen nennen sie (rx_bytes_per_s, rx_kib_per_s).</translation>
    </message>
    <message>
        <source>Disk timeout</source>
        <translation>Zeitlimit für Datenträger</translation>
    </message>
    <message>
        <source>A file system whose disk space is not read within this (a hung network mount) is skipped from then on, in ms.</source>
        <translation>Ein Dateisystem, dessen Speicherplatz nicht innerhalb dieser Zeit gelesen wird (etwa ein hängender Netzwerk-Einhängepunkt), wird von da an übersprungen, in ms.</translation>
    </message>
    <message>
        <source>TCP lines</source>
        <translation>TCP-Zeilen</translation>
    </message>
    <message>
        <source>Connects to a TCP server (optionally with TLS) and reads the lines it sends: JSON lines, CSV rows, key=value pairs or numbers. Reconnects when the connection ends.</source>
        <translation>Verbindet sich mit einem TCP-Server (optional mit TLS) und liest die Zeilen, die er sendet: JSON-Zeilen, CSV-Zeilen, Schlüssel=Wert-Paare oder Zahlen. Verbindet sich neu, wenn die Verbindung endet.</translation>
    </message>
    <message>
        <source>The server&apos;s name or IP address, e.g. 192.0.2.10.</source>
        <translation>Name oder IP-Adresse des Servers, z. B. 192.0.2.10.</translation>
    </message>
    <message>
        <source>The server&apos;s TCP port.</source>
        <translation>Der TCP-Port des Servers.</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Connect with TLS; the server&apos;s certificate is verified (or pinned below).</source>
        <translation>Mit TLS verbinden; das Zertifikat des Servers wird geprüft (oder unten festgelegt).</translation>
    </message>
    <message>
        <source>Longest wait for the connection (and TLS handshake), in ms.</source>
        <translation>Längste Wartezeit für den Verbindungsaufbau (und den TLS-Handshake), in ms.</translation>
    </message>
    <message>
        <source>Reconnect when nothing arrived for this long, in ms; 0: never (a silent connection stays up).</source>
        <translation>Neu verbinden, wenn so lange nichts eingetroffen ist, in ms; 0: nie (eine stille Verbindung bleibt bestehen).</translation>
    </message>
    <message>
        <source>UDP datagrams</source>
        <translation>UDP-Datagramme</translation>
    </message>
    <message>
        <source>Listens on a UDP port (optionally in a multicast group) and reads the lines of every datagram: JSON lines, CSV rows, key=value pairs or numbers. Channels can be named by sender; datagrams the kernel dropped are counted (Linux).</source>
        <translation>Empfängt auf einem UDP-Port (optional in einer Multicast-Gruppe) und liest die Zeilen jedes Datagramms: JSON-Zeilen, CSV-Zeilen, Schlüssel=Wert-Paare oder Zahlen. Kanäle können nach Absender benannt werden; Datagramme, die der Kernel verworfen hat, werden gezählt (Linux).</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>Empfangsadresse</translation>
    </message>
    <message>
        <source>The local IP address to listen on, e.g. 127.0.0.1 or ::1; empty: every interface (IPv4 and IPv6).</source>
        <translation>Die lokale IP-Adresse, auf der empfangen wird, z. B. 127.0.0.1 oder ::1; leer: alle Schnittstellen (IPv4 und IPv6).</translation>
    </message>
    <message>
        <source>The UDP port to listen on.</source>
        <translation>Der UDP-Port, auf dem empfangen wird.</translation>
    </message>
    <message>
        <source>Channels per sender</source>
        <translation>Kanäle je Absender</translation>
    </message>
    <message>
        <source>Name channels by the sender&apos;s address and port (&quot;192.0.2.7:5000&quot;): without channel mappings it goes before the field names, and mappings can use {$sender}. Off: all senders share the channels. A device that restarts usually sends from a new port, hence a new set of channels.</source>
        <translation>Kanäle nach Adresse und Port des Absenders benennen (&quot;192.0.2.7:5000&quot;): Ohne Kanalzuordnungen wird sie den Feldnamen vorangestellt, und Zuordnungen können {$sender} verwenden. Aus: Alle Absender teilen sich die Kanäle. Ein Gerät, das neu startet, sendet meist von einem neuen Port und erhält damit neue Kanäle.</translation>
    </message>
    <message>
        <source>Multicast group</source>
        <translation>Multicast-Gruppe</translation>
    </message>
    <message>
        <source>A multicast address to join, e.g. 239.1.2.3; empty: none. The port is then shared with other listeners of the group.</source>
        <translation>Eine Multicast-Adresse, deren Gruppe beigetreten wird, z. B. 239.1.2.3; leer: keine. Der Port wird dann mit anderen Empfängern der Gruppe geteilt.</translation>
    </message>
    <message>
        <source>Multicast interface</source>
        <translation>Multicast-Schnittstelle</translation>
    </message>
    <message>
        <source>The network interface to join the group on, e.g. eth0; empty: the one the system chooses.</source>
        <translation>Die Netzwerkschnittstelle, über die der Gruppe beigetreten wird, z. B. eth0; leer: die, die das System wählt.</translation>
    </message>
    <message>
        <source>Receive buffer (bytes)</source>
        <translation>Empfangspuffer (Byte)</translation>
    </message>
    <message>
        <source>The socket&apos;s receive buffer: datagrams wait there while Livedash is busy; when it is full the kernel drops them (counted). 0: the system&apos;s default. On Linux net.core.rmem_max limits it unless Livedash runs as root.</source>
        <translation>Der Empfangspuffer des Sockets: Dort warten Datagramme, während Livedash beschäftigt ist; ist er voll, verwirft der Kernel sie (sie werden gezählt). 0: die Voreinstellung des Systems. Unter Linux begrenzt net.core.rmem_max ihn, sofern Livedash nicht als root läuft.</translation>
    </message>
</context>
<context>
    <name>livedash::FeedStatusModel</name>
    <message>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>verbindet mit %1</translation>
    </message>
    <message>
        <source>retrying in %1 s (attempt %2)</source>
        <translation>erneut in %1 s (Versuch %2)</translation>
    </message>
    <message>
        <source>live, nothing mapped</source>
        <translation>live, nichts zugeordnet</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Feed id: %1</source>
        <translation>Feed-ID: %1</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>Zustand: %1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>Last rejected message: %1</source>
        <translation>Letzte abgewiesene Nachricht: %1</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Hinweis: %1</translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation>Verbindungen: %1</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Feed</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Msg/s</source>
        <translation>Nachr./s</translation>
    </message>
    <message>
        <source>Last msg</source>
        <translation>Letzte Nachr.</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Messwerte</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgewiesen</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>Lücken</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Last error / problem</source>
        <translation>Letzter Fehler / Problem</translation>
    </message>
</context>
<context>
    <name>livedash::GaugePanel</name>
    <message>
        <source>waiting for data</source>
        <translation>warte auf Daten</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>+%1 weitere</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
</context>
<context>
    <name>livedash::History</name>
    <message>
        <source>History file %1: %2</source>
        <translation>Verlaufsdatei %1: %2</translation>
    </message>
    <message>
        <source>cannot make its folder</source>
        <translation>ihr Ordner kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>does not exist</source>
        <translation>existiert nicht</translation>
    </message>
    <message>
        <source>not a Livedash history file (%1)</source>
        <translation>keine Livedash-Verlaufsdatei (%1)</translation>
    </message>
    <message>
        <source>not a Livedash history file (it has no format version)</source>
        <translation>keine Livedash-Verlaufsdatei (sie hat keine Formatversion)</translation>
    </message>
    <message>
        <source>written by a newer Livedash (format %1; this one reads up to %2)</source>
        <translation>von einem neueren Livedash geschrieben (Format %1; dieses liest bis %2)</translation>
    </message>
    <message>
        <source>chunk %1 of %2: checksum mismatch</source>
        <translation>Block %1 von %2: Prüfsumme stimmt nicht</translation>
    </message>
    <message>
        <source>chunk %1 of %2: %3</source>
        <translation>Block %1 von %2: %3</translation>
    </message>
    <message>
        <source>the newest, unfinished chunks: %1</source>
        <translation>die neuesten, unfertigen Blöcke: %1</translation>
    </message>
    <message>
        <source>%1 from %2 to %3: %4</source>
        <translation>%1 von %2 bis %3: %4</translation>
    </message>
    <message>
        <source>chunk %1: %2</source>
        <translation>Block %1: %2</translation>
    </message>
    <message>
        <source>chunk %1 of %2 (%3 to %4)</source>
        <translation>Block %1 von %2 (%3 bis %4)</translation>
    </message>
    <message>
        <source>%1: checksum mismatch</source>
        <translation>%1: Prüfsumme stimmt nicht</translation>
    </message>
    <message>
        <source>checksum mismatch</source>
        <translation>Prüfsumme stimmt nicht</translation>
    </message>
    <message>
        <source>texts of %1: %2</source>
        <translation>Texte von %1: %2</translation>
    </message>
    <message>
        <source>the output</source>
        <translation>die Ausgabe</translation>
    </message>
    <message>
        <source>nothing was written</source>
        <translation>nichts wurde geschrieben</translation>
    </message>
    <message>
        <source>writing to %1 failed: %2</source>
        <translation>Schreiben nach %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>the history file is not open</source>
        <translation>die Verlaufsdatei ist nicht geöffnet</translation>
    </message>
    <message>
        <source>the time range is empty: it starts at %1, after its end %2</source>
        <translation>der Zeitraum ist leer: Er beginnt um %1, nach seinem Ende %2</translation>
    </message>
    <message>
        <source>%1 holds no channels</source>
        <translation>%1 enthält keine Kanäle</translation>
    </message>
    <message>
        <source>no stored channel matches &quot;%1&quot;</source>
        <translation>kein gespeicherter Kanal passt auf „%1“</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>not JSON (%1 at byte %2)</source>
        <translation>kein JSON (%1 bei Byte %2)</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>kein JSON-Objekt</translation>
    </message>
    <message>
        <source>no &quot;channel&quot; (a string: &quot;feed/channel&quot;)</source>
        <translation>kein „channel“ (eine Zeichenkette: „feed/channel“)</translation>
    </message>
    <message>
        <source>channel &quot;%1&quot; is not &quot;feed/channel&quot;</source>
        <translation>Kanal „%1“ hat nicht die Form „feed/channel“</translation>
    </message>
    <message>
        <source>no &quot;t&quot; (a number: milliseconds since the epoch)</source>
        <translation>kein „t“ (eine Zahl: Millisekunden seit der Epoche)</translation>
    </message>
    <message>
        <source>&quot;t&quot; is not a whole number of milliseconds</source>
        <translation>„t“ ist keine ganze Zahl von Millisekunden</translation>
    </message>
    <message>
        <source>both &quot;value&quot; and &quot;text&quot;</source>
        <translation>sowohl „value“ als auch „text“</translation>
    </message>
    <message>
        <source>neither &quot;value&quot; nor &quot;text&quot;</source>
        <translation>weder „value“ noch „text“</translation>
    </message>
    <message>
        <source>&quot;value&quot; is not a number or null</source>
        <translation>„value“ ist keine Zahl und nicht null</translation>
    </message>
    <message>
        <source>&quot;text&quot; is not a string</source>
        <translation>„text“ ist keine Zeichenkette</translation>
    </message>
    <message>
        <source>the recording</source>
        <translation>die Aufzeichnung</translation>
    </message>
    <message>
        <source>longer than 16 MB</source>
        <translation>länger als 16 MB</translation>
    </message>
    <message>
        <source>reading %1 failed: %2</source>
        <translation>Lesen von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>an alarm event needs &quot;t&quot; (a number) and &quot;rule&quot;</source>
        <translation>ein Alarmereignis braucht &quot;t&quot; (eine Zahl) und &quot;rule&quot;</translation>
    </message>
</context>
<context>
    <name>livedash::IngestEngine</name>
    <message>
        <source>Livedash is shutting down</source>
        <translation>Livedash wird beendet</translation>
    </message>
</context>
<context>
    <name>livedash::LayoutEditor</name>
    <message>
        <source>#%1</source>
        <translation>Nr. %1</translation>
    </message>
    <message>
        <source>Panels &quot;%1&quot; and &quot;%2&quot; overlap at row %3, column %4; use Edit layout to move one.</source>
        <translation>Die Panels „%1“ und „%2“ überlappen sich in Zeile %3, Spalte %4; verschieben Sie eines mit „Layout bearbeiten“.</translation>
    </message>
    <message numerus="yes">
        <source>(%n more overlap(s))</source>
        <translation>
            <numerusform>(%n weitere Überlappung)</numerusform>
            <numerusform>(%n weitere Überlappungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Editing layout: drag panels to move, edges to resize, channels from the Feeds dock to add. Esc or Done to finish; Ctrl+Z undo.</source>
        <translation>Layout bearbeiten: Panels ziehen, um sie zu verschieben, Ränder, um die Größe zu ändern, Kanäle aus der Feeds-Leiste, um sie hinzuzufügen. Esc oder „Fertig“ beendet; Strg+Z macht rückgängig.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Swap panels</source>
        <translation>Panels tauschen</translation>
    </message>
    <message>
        <source>Move panel</source>
        <translation>Panel verschieben</translation>
    </message>
    <message>
        <source>Resize panel</source>
        <translation>Panelgröße ändern</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>Kanal hinzufügen</translation>
    </message>
    <message>
        <source>Add chart</source>
        <translation>Diagramm hinzufügen</translation>
    </message>
    <message>
        <source>Occupied</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Swap with &quot;%1&quot;</source>
        <translation>Mit „%1“ tauschen</translation>
    </message>
    <message>
        <source>Row %1, column %2</source>
        <translation>Zeile %1, Spalte %2</translation>
    </message>
    <message>
        <source>%1 × %2 cells</source>
        <translation>%1 × %2 Zellen</translation>
    </message>
    <message>
        <source>Add to &quot;%1&quot;</source>
        <translation>Zu „%1“ hinzufügen</translation>
    </message>
    <message>
        <source>Already shown here</source>
        <translation>Wird hier schon angezeigt</translation>
    </message>
    <message>
        <source>New chart: %1</source>
        <translation>Neues Diagramm: %1</translation>
    </message>
</context>
<context>
    <name>livedash::MainWindow</name>
    <message>
        <source>PAUSED: the panels are frozen; the feeds keep recording. Press Space to resume.</source>
        <translation>PAUSIERT: Die Panels sind eingefroren; die Feeds zeichnen weiter auf. Leertaste setzt fort.</translation>
    </message>
    <message>
        <source>Feeds</source>
        <translation>Feeds</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open dashboard…</source>
        <translation>Dashboard ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Secret not saved</source>
        <translation>Geheimnis nicht gespeichert</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Pause panels</source>
        <translation>Panels &amp;pausieren</translation>
    </message>
    <message>
        <source>Freeze the panels; feeds keep recording</source>
        <translation>Panels einfrieren; die Feeds zeichnen weiter auf</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Feeds and panels…</source>
        <translation>&amp;Feeds und Panels…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Plugins…</source>
        <translation>&amp;Plugins…</translation>
    </message>
    <message>
        <source>&amp;About Livedash</source>
        <translation>Ü&amp;ber Livedash</translation>
    </message>
    <message>
        <source>About Livedash</source>
        <translation>Über Livedash</translation>
    </message>
    <message>
        <source>%1

The feeds use it until Livedash quits, but the dashboard file was not saved.</source>
        <translation>%1

Die Feeds verwenden es, bis Livedash beendet wird, aber die Dashboard-Datei wurde nicht gespeichert.</translation>
    </message>
    <message>
        <source>A secret was typed in, but no keychain is configured to keep it. Use ${env:NAME} references for secrets.</source>
        <translation>Ein Geheimnis wurde eingegeben, aber kein Schlüsselbund ist eingerichtet, um es aufzubewahren. Verwenden Sie für Geheimnisse Verweise der Form ${env:NAME}.</translation>
    </message>
    <message>
        <source>A secret was typed in, but no system keychain is available (%1). Use ${env:NAME} references for secrets.</source>
        <translation>Ein Geheimnis wurde eingegeben, aber kein Schlüsselbund des Systems ist verfügbar (%1). Verwenden Sie für Geheimnisse Verweise der Form ${env:NAME}.</translation>
    </message>
    <message>
        <source>Cannot save dashboard</source>
        <translation>Dashboard kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>%1

The dashboard was not saved, so that its file never refers to a secret the keychain does not hold.</source>
        <translation>%1

Das Dashboard wurde nicht gespeichert, damit seine Datei nie auf ein Geheimnis verweist, das der Schlüsselbund nicht enthält.</translation>
    </message>
    <message>
        <source>The feed &quot;%1&quot; holds a secret that could not be moved to a keychain; the dashboard file is not written. Use ${env:NAME} for it.</source>
        <translation>Der Feed „%1“ enthält ein Geheimnis, das nicht in einen Schlüsselbund verschoben werden konnte; die Dashboard-Datei wird nicht geschrieben. Verwenden Sie dafür ${env:NAME}.</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <source>Save dashboard</source>
        <translation>Dashboard speichern</translation>
    </message>
    <message>
        <source>Open dashboard</source>
        <translation>Dashboard öffnen</translation>
    </message>
    <message>
        <source>Cannot open dashboard</source>
        <translation>Dashboard kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>built-in demo</source>
        <translation>eingebaute Demo</translation>
    </message>
    <message numerus="yes">
        <source>%n feed(s)</source>
        <translation>
            <numerusform>%n Feed</numerusform>
            <numerusform>%n Feeds</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 live</source>
        <translation>%1 live</translation>
    </message>
    <message>
        <source>%1 reconnecting</source>
        <translation>%1 verbinden neu</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 msg/s</source>
        <translation>%1 Nachr./s</translation>
    </message>
    <message>
        <source>PAUSED (Space to resume)</source>
        <translation>PAUSIERT (Leertaste setzt fort)</translation>
    </message>
    <message>
        <source>Feed plugins</source>
        <translation>Feed-Plugins</translation>
    </message>
    <message>
        <source>No feed plugins found.</source>
        <translation>Keine Feed-Plugins gefunden.</translation>
    </message>
    <message>
        <source>Trust and start</source>
        <translation>Vertrauen und starten</translation>
    </message>
    <message>
        <source>Connects to:</source>
        <translation>Verbindet sich mit:</translation>
    </message>
    <message>
        <source>Runs commands:</source>
        <translation>Führt Befehle aus:</translation>
    </message>
    <message>
        <source>Reads environment variables:</source>
        <translation>Liest Umgebungsvariablen:</translation>
    </message>
    <message>
        <source>Reads keychain entries:</source>
        <translation>Liest Schlüsselbund-Einträge:</translation>
    </message>
    <message numerus="yes">
        <source>Runs %n feed(s).</source>
        <translation>
            <numerusform>Führt %n Feed aus.</numerusform>
            <numerusform>Führt %n Feeds aus.</numerusform>
        </translation>
    </message>
    <message>
        <source>Feeds stopped: this dashboard file is not trusted.</source>
        <translation>Feeds angehalten: Diese Dashboard-Datei ist nicht vertrauenswürdig.</translation>
    </message>
    <message>
        <source>Livedash dashboards (*.livedash.json);;JSON files (*.json)</source>
        <translation>Livedash-Dashboards (*.livedash.json);;JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Livedash dashboards (*.livedash.json *.json)</source>
        <translation>Livedash-Dashboards (*.livedash.json *.json)</translation>
    </message>
    <message>
        <source>%1 has not been trusted on this computer as it is now (it came from elsewhere, or changed since). Start it only if you trust where it came from. This file:</source>
        <translation>%1 wurde auf diesem Computer in dieser Form noch nicht als vertrauenswürdig bestätigt (sie stammt von anderswo oder wurde seitdem geändert). Starten Sie sie nur, wenn Sie ihrer Herkunft vertrauen. Diese Datei:</translation>
    </message>
    <message>
        <source>Test connects and reads the environment variables and keychain entries the feed names: choose Trust and start first.</source>
        <translation>Der Test verbindet sich und liest die Umgebungsvariablen und Schlüsselbund-Einträge, die der Feed nennt: Wählen Sie zuerst „Vertrauen und starten“.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Livedash %1&lt;/b&gt;&lt;p&gt;Live data dashboards: WebSocket, HTTP, Server-Sent Events, MQTT, NATS, Prometheus, SQL, this computer, serial ports, UDP and TCP feeds in charts, tiles, scoreboards and logs.</source>
        <translation>&lt;b&gt;Livedash %1&lt;/b&gt;&lt;p&gt;Live-Dashboards: Feeds über WebSocket, HTTP, Server-Sent Events, MQTT, NATS, Prometheus, SQL, serielle Schnittstellen, UDP und TCP sowie von diesem Computer, in Diagrammen, Kacheln, Anzeigetafeln und Protokollen.</translation>
    </message>
    <message>
        <source>History is not kept: %1</source>
        <translation>Der Verlauf wird nicht gespeichert: %1</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Part of the history file is damaged and is not shown: %1</source>
        <translation>Ein Teil der Verlaufsdatei ist beschädigt und wird nicht angezeigt: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) arrived faster than they could be written and are not in the history.</source>
        <translation>
            <numerusform>%n Messwert kam schneller an, als er geschrieben werden konnte, und fehlt im Verlauf.</numerusform>
            <numerusform>%n Messwerte kamen schneller an, als sie geschrieben werden konnten, und fehlen im Verlauf.</numerusform>
        </translation>
    </message>
    <message>
        <source>History %1</source>
        <translation>Verlauf %1</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>%L1 samples and %L2 texts from %3 to %4</source>
        <translation>%L1 Messwerte und %L2 Texte von %3 bis %4</translation>
    </message>
    <message>
        <source>&amp;Export data (CSV)…</source>
        <translation>Daten &amp;exportieren (CSV)…</translation>
    </message>
    <message>
        <source>Export &amp;image of the dashboard…</source>
        <translation>B&amp;ild des Dashboards exportieren…</translation>
    </message>
    <message>
        <source>dashboard</source>
        <translation>dashboard</translation>
    </message>
    <message>
        <source>&amp;Copy image of the dashboard</source>
        <translation>Bild des Dashboards &amp;kopieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>Save image of &quot;%1&quot;…</source>
        <translation>Bild von „%1“ speichern…</translation>
    </message>
    <message>
        <source>Copy image of &quot;%1&quot;</source>
        <translation>Bild von „%1“ kopieren</translation>
    </message>
    <message>
        <source>Save image of the dashboard…</source>
        <translation>Bild des Dashboards speichern…</translation>
    </message>
    <message>
        <source>Copy image of the dashboard</source>
        <translation>Bild des Dashboards kopieren</translation>
    </message>
    <message>
        <source>Export image</source>
        <translation>Bild exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>Daten exportieren</translation>
    </message>
    <message>
        <source>This dashboard keeps no history to export.</source>
        <translation>Dieses Dashboard speichert keinen Verlauf, der exportiert werden könnte.</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>Show the Alarms dock</source>
        <translation>Die Alarmleiste zeigen</translation>
    </message>
    <message>
        <source>Alarm history not written: %1</source>
        <translation>Alarmverlauf nicht geschrieben: %1</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n alarm(s)</source>
        <translation>
            <numerusform>⚠ %n Alarm</numerusform>
            <numerusform>⚠ %n Alarme</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) acknowledged</source>
        <translation>
            <numerusform>%n Alarm quittiert</numerusform>
            <numerusform>%n Alarme quittiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) pending</source>
        <translation>
            <numerusform>%n Alarm anstehend</numerusform>
            <numerusform>%n Alarme anstehend</numerusform>
        </translation>
    </message>
    <message>
        <source>No alarms</source>
        <translation>Keine Alarme</translation>
    </message>
    <message>
        <source>&amp;Alerts…</source>
        <translation>&amp;Alarmregeln…</translation>
    </message>
    <message>
        <source>Alarm webhook off: %1</source>
        <translation>Alarm-Webhook aus: %1</translation>
    </message>
    <message>
        <source>Plugin / option</source>
        <translation>Plugin / Option</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>(required) %1</source>
        <translation>(erforderlich) %1</translation>
    </message>
    <message>
        <source>skipped: %1</source>
        <translation>übersprungen: %1</translation>
    </message>
    <message>
        <source>&amp;Close dashboard</source>
        <translation>Dashboard s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Edit layout</source>
        <translation>Layout &amp;bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Next dashboard</source>
        <translation>&amp;Nächstes Dashboard</translation>
    </message>
    <message>
        <source>P&amp;revious dashboard</source>
        <translation>Vo&amp;rheriges Dashboard</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>Te&amp;xt size</source>
        <translation>&amp;Textgröße</translation>
    </message>
    <message>
        <source>&amp;Larger</source>
        <translation>&amp;Größer</translation>
    </message>
    <message>
        <source>&amp;Smaller</source>
        <translation>&amp;Kleiner</translation>
    </message>
    <message>
        <source>&amp;Normal</source>
        <translation>&amp;Normal</translation>
    </message>
    <message>
        <source>Text size: %1 %</source>
        <translation>Textgröße: %1 %</translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) not acknowledged</source>
        <translation>
            <numerusform>%n Alarm nicht quittiert</numerusform>
            <numerusform>%n Alarme nicht quittiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Feeds stopped: not trusted</source>
        <translation>Feeds angehalten: nicht vertrauenswürdig</translation>
    </message>
    <message>
        <source>Not run here: another open dashboard runs a different feed with the id %1</source>
        <translation>Hier nicht ausgeführt: Ein anderes geöffnetes Dashboard führt einen anderen Feed mit der ID %1 aus</translation>
    </message>
    <message>
        <source>Ctrl+%1</source>
        <translation>Strg+%1</translation>
    </message>
    <message>
        <source>Kiosk mode left</source>
        <translation>Kioskmodus beendet</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>Kioskmodus verlassen</translation>
    </message>
    <message>
        <source>Leave kiosk mode? The menus and docks come back and the dashboards stop rotating. The feeds keep running.</source>
        <translation>Kioskmodus verlassen? Die Menüs und Leisten kehren zurück, und die Dashboards wechseln nicht mehr automatisch. Die Feeds laufen weiter.</translation>
    </message>
    <message>
        <source>Rotation paused: an alarm is firing on &quot;%1&quot;. Acknowledge it (click the alarm count) to resume.</source>
        <translation>Automatischer Wechsel angehalten: In „%1“ ist ein Alarm ausgelöst. Quittieren Sie ihn (Klick auf die Alarmanzahl), um fortzufahren.</translation>
    </message>
</context>
<context>
    <name>livedash::MappingEditor</name>
    <message>
        <source>e.g. ts or data.time (empty: time received)</source>
        <translation>z. B. ts oder data.time (leer: Empfangszeit)</translation>
    </message>
    <message>
        <source>Path of the field holding the source time of each message</source>
        <translation>Pfad des Felds mit der Quellzeit jeder Nachricht</translation>
    </message>
    <message>
        <source>auto: numbers below 1e11 are seconds, below 1e14 milliseconds, else microseconds; strings are ISO 8601</source>
        <translation>automatisch: Zahlen unter 1e11 sind Sekunden, unter 1e14 Millisekunden, sonst Mikrosekunden; Zeichenketten sind ISO 8601</translation>
    </message>
    <message>
        <source>Timestamp:</source>
        <translation>Zeitstempel:</translation>
    </message>
    <message>
        <source>e.g. seq (optional, to detect gaps)</source>
        <translation>z. B. seq (optional, um Lücken zu erkennen)</translation>
    </message>
    <message>
        <source>Sequence:</source>
        <translation>Sequenz:</translation>
    </message>
    <message>
        <source>Field path</source>
        <translation>Feldpfad</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Where the value is, e.g. data.price or items[*].price</source>
        <translation>Wo der Wert steht, z. B. data.price oder items[*].price</translation>
    </message>
    <message>
        <source>Channel name below the feed (empty: the path); {path} placeholders take the name from the message, e.g. price/{symbol}</source>
        <translation>Kanalname unterhalb des Feeds (leer: der Pfad); Platzhalter der Form {Feldpfad} nehmen den Namen aus der Nachricht, z. B. price/{symbol}</translation>
    </message>
    <message>
        <source>A message without this field is normal, not rejected</source>
        <translation>Eine Nachricht ohne dieses Feld ist normal und wird nicht abgewiesen</translation>
    </message>
    <message>
        <source>Add mapping</source>
        <translation>Zuordnung hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Row %1, %2: %3</source>
        <translation>Zeile %1, %2: %3</translation>
    </message>
    <message>
        <source>field path</source>
        <translation>Feldpfad</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Each row maps one field (or, with [*], every element of an array) to a channel named &lt;feed id&gt;/&lt;channel&gt;.</source>
        <translation>Jede Zeile ordnet ein Feld (oder mit [*] jedes Element eines Arrays) einem Kanal namens &lt;Feed-ID&gt;/&lt;Kanal&gt; zu.</translation>
    </message>
    <message>
        <source>No mappings: every numeric field (up to four levels deep) becomes a channel named by its dotted path, e.g. &lt;feed id&gt;/data.temp.</source>
        <translation>Keine Zuordnungen: Jedes numerische Feld (bis zu vier Ebenen tief) wird ein Kanal, benannt nach seinem Pfad mit Punkten, z. B. &lt;Feed-ID&gt;/data.temp.</translation>
    </message>
    <message>
        <source>required</source>
        <translation>erforderlich</translation>
    </message>
</context>
<context>
    <name>livedash::Options</name>
    <message>
        <source>&quot;%1&quot; is not a valid header name</source>
        <translation>„%1“ ist kein gültiger Header-Name</translation>
    </message>
    <message>
        <source>the value of &quot;%1&quot; holds a line break or NUL</source>
        <translation>der Wert von „%1“ enthält einen Zeilenumbruch oder NUL</translation>
    </message>
    <message>
        <source>line %1: expected &quot;Name: value&quot;</source>
        <translation>Zeile %1: „Name: Wert“ erwartet</translation>
    </message>
    <message>
        <source>line %1: the value holds a line break or NUL</source>
        <translation>Zeile %1: Der Wert enthält einen Zeilenumbruch oder NUL</translation>
    </message>
    <message>
        <source>%1 is required</source>
        <translation>%1 ist erforderlich</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid URL</source>
        <translation>„%1“ ist keine gültige URL</translation>
    </message>
    <message>
        <source>scheme must be %1, not &quot;%2&quot;</source>
        <translation>Schema muss %1 sein, nicht „%2“</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not %2</source>
        <translation>„%1“ ist %2</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>keine Zahl</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>keine ganze Zahl</translation>
    </message>
    <message>
        <source>must be between %1 and %2</source>
        <translation>muss zwischen %1 und %2 liegen</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>muss true oder false sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not one of %2</source>
        <translation>„%1“ ist nicht eines von %2</translation>
    </message>
</context>
<context>
    <name>livedash::OptionsForm</name>
    <message>
        <source>This feed kind has no options.</source>
        <translation>Diese Feed-Art hat keine Optionen.</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Erforderlich</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <source>Show or hide the value</source>
        <translation>Wert zeigen oder verbergen</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Name: value (one header per line)</source>
        <translation>Name: Wert (ein Header je Zeile)</translation>
    </message>
    <message>
        <source>  or  </source>
        <translation>  oder  </translation>
    </message>
</context>
<context>
    <name>livedash::Panel</name>
    <message>
        <source>no channel matches %1</source>
        <translation>kein Kanal passt zu %1</translation>
    </message>
</context>
<context>
    <name>livedash::ScoreboardPanel</name>
    <message>
        <source>waiting for data</source>
        <translation>warte auf Daten</translation>
    </message>
</context>
<context>
    <name>livedash::SettingsAlertsPage</name>
    <message>
        <source>Above a limit</source>
        <translation>Über einem Grenzwert</translation>
    </message>
    <message>
        <source>Below a limit</source>
        <translation>Unter einem Grenzwert</translation>
    </message>
    <message>
        <source>Outside a range</source>
        <translation>Außerhalb eines Bereichs</translation>
    </message>
    <message>
        <source>Text equals</source>
        <translation>Text gleich</translation>
    </message>
    <message>
        <source>Text matches (regular expression)</source>
        <translation>Text passt (regulärer Ausdruck)</translation>
    </message>
    <message>
        <source>No data for a time</source>
        <translation>Eine Zeit lang keine Daten</translation>
    </message>
    <message>
        <source>Feed down for a time</source>
        <translation>Quelle eine Zeit lang ausgefallen</translation>
    </message>
    <message>
        <source>Changing faster than (per second)</source>
        <translation>Ändert sich schneller als (pro Sekunde)</translation>
    </message>
    <message>
        <source>&amp;Add alert</source>
        <translation>Regel &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>What the operator sees, e.g. &quot;Payments slow&quot;</source>
        <translation>Was die Bedienung sieht, z. B. &quot;Zahlungen langsam&quot;</translation>
    </message>
    <message>
        <source>A channel name or pattern: &apos;*&apos; is one level (&quot;services/latency/*&quot;), a trailing &quot;/**&quot; everything below. Each matching channel has an alarm of its own. For &quot;Feed down&quot;: the feed&apos;s id.</source>
        <translation>Ein Kanalname oder Muster: &apos;*&apos; ist eine Ebene (&quot;services/latency/*&quot;), ein &quot;/**&quot; am Ende alles darunter. Jeder passende Kanal hat seinen eigenen Alarm. Für &quot;Quelle ausgefallen&quot;: die ID der Quelle.</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How long the condition must hold before the alarm fires; pending until then</source>
        <translation>Wie lange die Bedingung gelten muss, bevor der Alarm auslöst; bis dahin anstehend</translation>
    </message>
    <message>
        <source>How far the value must come back past the limit before the alarm ends, so that a value on the threshold does not flap</source>
        <translation>Wie weit der Wert hinter den Grenzwert zurückgehen muss, bevor der Alarm endet, damit ein Wert auf der Schwelle nicht hin und her springt</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Stays firing until acknowledged (latch)</source>
        <translation>Bleibt ausgelöst, bis er quittiert ist (halten)</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Kanal:</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>Wenn:</translation>
    </message>
    <message>
        <source>Limit:</source>
        <translation>Grenzwert:</translation>
    </message>
    <message>
        <source>Low:</source>
        <translation>Unten:</translation>
    </message>
    <message>
        <source>High:</source>
        <translation>Oben:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Text:</translation>
    </message>
    <message>
        <source>For at least:</source>
        <translation>Mindestens:</translation>
    </message>
    <message>
        <source>Hysteresis:</source>
        <translation>Hysterese:</translation>
    </message>
    <message>
        <source>Hold before firing:</source>
        <translation>Dauer bis zum Auslösen:</translation>
    </message>
    <message>
        <source>Severity:</source>
        <translation>Schwere:</translation>
    </message>
    <message>
        <source>New alert</source>
        <translation>Neue Regel</translation>
    </message>
    <message>
        <source>New alert %1</source>
        <translation>Neue Regel %1</translation>
    </message>
    <message>
        <source>e.g. ^(down|fail)</source>
        <translation>z. B. ^(down|fail)</translation>
    </message>
    <message>
        <source>e.g. down</source>
        <translation>z. B. down</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>%1 (off)</source>
        <translation>%1 (aus)</translation>
    </message>
    <message>
        <source>name: another alert is called &quot;%1&quot;</source>
        <translation>name: eine andere Regel heißt &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Alert &quot;%1&quot;: %2</source>
        <translation>Regel &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>No alerts yet. &quot;Add alert&quot; makes one: a condition on a channel that fires an alarm, notifies the desktop and waits in the Alarms dock until acknowledged.</source>
        <translation>Noch keine Alarmregeln. &quot;Regel hinzufügen&quot; legt eine an: eine Bedingung auf einem Kanal, die einen Alarm auslöst, den Desktop benachrichtigt und in der Alarmleiste wartet, bis er quittiert ist.</translation>
    </message>
    <message>
        <source>Fires when %1 is %2</source>
        <translation>Löst aus, wenn %1 %2 ist</translation>
    </message>
    <message>
        <source>the channel</source>
        <translation>der Kanal</translation>
    </message>
    <message>
        <source> for %1 s</source>
        <translation> für %1 s</translation>
    </message>
    <message>
        <source>; stays firing until acknowledged.</source>
        <translation>; bleibt ausgelöst, bis er quittiert ist.</translation>
    </message>
    <message>
        <source>; clears by itself when the condition ends.</source>
        <translation>; endet von selbst, wenn die Bedingung endet.</translation>
    </message>
</context>
<context>
    <name>livedash::SettingsDialog</name>
    <message>
        <source>Dashboard settings</source>
        <translation>Dashboard-Einstellungen</translation>
    </message>
    <message>
        <source>Settings – %1</source>
        <translation>Einstellungen – %1</translation>
    </message>
    <message>
        <source>Feeds</source>
        <translation>Feeds</translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>Panels</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Shown in the window title</source>
        <translation>Wird im Fenstertitel angezeigt</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source> points per channel</source>
        <translation> Punkte je Kanal</translation>
    </message>
    <message>
        <source>Up to %1 of memory per numeric channel. Charts show at most this much history.</source>
        <translation>Bis zu %1 Speicher je numerischem Kanal. Diagramme zeigen höchstens so viel Verlauf.</translation>
    </message>
    <message>
        <source>History length:</source>
        <translation>Verlaufslänge:</translation>
    </message>
    <message>
        <source>Installed feed kinds</source>
        <translation>Installierte Feed-Arten</translation>
    </message>
    <message>
        <source>No feed plugins are installed.</source>
        <translation>Es sind keine Feed-Plugins installiert.</translation>
    </message>
    <message>
        <source>Not loaded:
%1</source>
        <translation>Nicht geladen:
%1</translation>
    </message>
    <message>
        <source>
…and %1 more (hover here for the full list)</source>
        <translation>
…und %1 weitere (Mauszeiger hierher für die vollständige Liste)</translation>
    </message>
    <message>
        <source>History on disk</source>
        <translation>Verlauf auf der Festplatte</translation>
    </message>
    <message>
        <source>Keep everything this dashboard receives on disk</source>
        <translation>Alles, was dieses Dashboard empfängt, auf der Festplatte behalten</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>kept however old</source>
        <translation>unbegrenzt alt</translation>
    </message>
    <message>
        <source>Keep at most:</source>
        <translation>Höchstens behalten:</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>no size limit</source>
        <translation>ohne Größengrenze</translation>
    </message>
    <message>
        <source>Use at most:</source>
        <translation>Höchstens belegen:</translation>
    </message>
    <message>
        <source>Not kept yet.</source>
        <translation>Noch nichts gespeichert.</translation>
    </message>
    <message>
        <source>Now:</source>
        <translation>Jetzt:</translation>
    </message>
    <message>
        <source>The oldest history goes first when either limit is reached.</source>
        <translation>Wird eine der Grenzen erreicht, wird der älteste Verlauf zuerst gelöscht.</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alarmregeln</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>Änderungen verwerfen?</translation>
    </message>
    <message>
        <source>The changes made since the last Apply are not applied or saved.</source>
        <translation>Die Änderungen seit dem letzten Übernehmen sind weder angewendet noch gespeichert.</translation>
    </message>
    <message>
        <source>Discard them, or go back and apply them?</source>
        <translation>Verwerfen, oder zurück und sie übernehmen?</translation>
    </message>
</context>
<context>
    <name>livedash::SettingsFeedsPage</name>
    <message>
        <source>enter ${env:NAME} instead</source>
        <translation>geben Sie stattdessen ${env:NAME} ein</translation>
    </message>
    <message>
        <source>write &quot;%1: ${env:NAME}&quot; (or &quot;%1: Bearer ${env:NAME}&quot;) instead</source>
        <translation>schreiben Sie stattdessen „%1: ${env:NAME}“ (oder „%1: Bearer ${env:NAME}“)</translation>
    </message>
    <message>
        <source>no system keychain is available (%1), so this secret cannot be saved safely: %2 and set NAME in Livedash&apos;s environment</source>
        <translation>kein Schlüsselbund des Systems ist verfügbar (%1), daher kann dieses Geheimnis nicht sicher gespeichert werden: %2 und setzen Sie NAME in der Umgebung von Livedash</translation>
    </message>
    <message>
        <source>Stored in %1 (entry %2).</source>
        <translation>Gespeichert in %1 (Eintrag %2).</translation>
    </message>
    <message>
        <source>No keychain is available here (%1): this feed cannot read it; use ${env:NAME} instead.</source>
        <translation>Hier ist kein Schlüsselbund verfügbar (%1): Dieser Feed kann es nicht lesen; verwenden Sie stattdessen ${env:NAME}.</translation>
    </message>
    <message>
        <source>Read from the environment (%1) when the feed starts; never written to the dashboard file.</source>
        <translation>Wird beim Start des Feeds aus der Umgebung gelesen (%1); nie in die Dashboard-Datei geschrieben.</translation>
    </message>
    <message>
        <source>Not set in this Livedash&apos;s environment: %1.</source>
        <translation>In der Umgebung dieses Livedash nicht gesetzt: %1.</translation>
    </message>
    <message>
        <source>No system keychain is available here (%1): enter ${env:NAME} and set NAME in Livedash&apos;s environment.</source>
        <translation>Hier ist kein Schlüsselbund des Systems verfügbar (%1): Geben Sie ${env:NAME} ein und setzen Sie NAME in der Umgebung von Livedash.</translation>
    </message>
    <message>
        <source>Kept in %1 when saved (the dashboard file holds only a reference), or enter ${env:NAME} to read it from the environment.</source>
        <translation>Wird beim Speichern in %1 aufbewahrt (die Dashboard-Datei enthält nur einen Verweis), oder geben Sie ${env:NAME} ein, um es aus der Umgebung zu lesen.</translation>
    </message>
    <message>
        <source>Moved to %1 when saved; the dashboard file keeps only a reference.</source>
        <translation>Wird beim Speichern nach %1 verschoben; die Dashboard-Datei behält nur einen Verweis.</translation>
    </message>
    <message>
        <source>%1: moved to %2 when saved; the dashboard file keeps only a reference.</source>
        <translation>%1: wird beim Speichern nach %2 verschoben; die Dashboard-Datei behält nur einen Verweis.</translation>
    </message>
    <message>
        <source>%1: stored in %2.</source>
        <translation>%1: gespeichert in %2.</translation>
    </message>
    <message>
        <source>No keychain is available here (%1): use ${env:NAME} instead.</source>
        <translation>Hier ist kein Schlüsselbund verfügbar (%1): Verwenden Sie stattdessen ${env:NAME}.</translation>
    </message>
    <message>
        <source>%1: read from the environment when the feed starts.</source>
        <translation>%1: wird beim Start des Feeds aus der Umgebung gelesen.</translation>
    </message>
    <message>
        <source>Initial delay</source>
        <translation>Anfangsverzögerung</translation>
    </message>
    <message>
        <source>Max delay</source>
        <translation>Höchstverzögerung</translation>
    </message>
    <message>
        <source>Stable period</source>
        <translation>Stabile Dauer</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>No feed plugins are installed</source>
        <translation>Es sind keine Feed-Plugins installiert</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>Feed</translation>
    </message>
    <message>
        <source>Shown in the status view</source>
        <translation>Wird in der Statusansicht angezeigt</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Channel names start with &quot;&lt;id&gt;/&quot;. Letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;</source>
        <translation>Kanalnamen beginnen mit „&lt;ID&gt;/“. Buchstaben, Ziffern, „_“, „-“ und „.“</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Enabled (run this feed)</source>
        <translation>Aktiviert (diesen Feed ausführen)</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Neuverbindung</translation>
    </message>
    <message>
        <source>After a connection ends the feed waits, doubling the delay up to the maximum; the delay resets once a connection stays up for the stable period.</source>
        <translation>Nach dem Ende einer Verbindung wartet der Feed und verdoppelt die Verzögerung bis zum Höchstwert; die Verzögerung wird zurückgesetzt, sobald eine Verbindung die stabile Dauer lang besteht.</translation>
    </message>
    <message>
        <source>Initial delay:</source>
        <translation>Anfangsverzögerung:</translation>
    </message>
    <message>
        <source>Max delay:</source>
        <translation>Höchstverzögerung:</translation>
    </message>
    <message>
        <source>Stable period:</source>
        <translation>Stabile Dauer:</translation>
    </message>
    <message>
        <source>Field mapping</source>
        <translation>Feldzuordnung</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <source>Connects with the settings on the left and shows the first message and what the field mapping takes from it.</source>
        <translation>Verbindet sich mit den Einstellungen links und zeigt die erste Nachricht und was die Feldzuordnung daraus entnimmt.</translation>
    </message>
    <message>
        <source>Testing needs a running ingest engine</source>
        <translation>Zum Testen muss die Ingest-Engine laufen</translation>
    </message>
    <message>
        <source>First message:</source>
        <translation>Erste Nachricht:</translation>
    </message>
    <message>
        <source>Nothing received yet</source>
        <translation>Noch nichts empfangen</translation>
    </message>
    <message>
        <source>Extracted values:</source>
        <translation>Extrahierte Werte:</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (Kopie)</translation>
    </message>
    <message>
        <source>Remove feed</source>
        <translation>Feed entfernen</translation>
    </message>
    <message>
        <source>Remove the feed &quot;%1&quot; (%2)?
Panels showing its channels stay, but show nothing from it.</source>
        <translation>Den Feed „%1“ (%2) entfernen?
Panels mit seinen Kanälen bleiben, zeigen aber nichts mehr von ihm.</translation>
    </message>
    <message>
        <source>%1 (not installed)</source>
        <translation>%1 (nicht installiert)</translation>
    </message>
    <message>
        <source>field mapping %1</source>
        <translation>Feldzuordnung %1</translation>
    </message>
    <message>
        <source>Feed &quot;%1&quot;: %2</source>
        <translation>Feed „%1“: %2</translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation>
            <numerusform> (und %n weiteres)</numerusform>
            <numerusform> (und %n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source> · off</source>
        <translation> · aus</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Test failed: %1</source>
        <translation>Test fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>
… (%1 more bytes)</source>
        <translation>
… (%1 weitere Byte)</translation>
    </message>
    <message>
        <source>Received a message (%1).</source>
        <translation>Eine Nachricht empfangen (%1).</translation>
    </message>
    <message>
        <source>Mapping problem: %1</source>
        <translation>Problem bei der Zuordnung: %1</translation>
    </message>
    <message>
        <source>The mapping extracted nothing.</source>
        <translation>Die Zuordnung hat nichts entnommen.</translation>
    </message>
    <message>
        <source>1 value extracted.</source>
        <translation>1 Wert entnommen.</translation>
    </message>
    <message>
        <source>%1 values extracted.</source>
        <translation>%1 Werte entnommen.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Teste…</translation>
    </message>
    <message>
        <source>required</source>
        <translation>erforderlich</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is also used by the feed &quot;%2&quot;</source>
        <translation>„%1“ wird auch vom Feed „%2“ verwendet</translation>
    </message>
    <message>
        <source>Received a message on %1 (%2).</source>
        <translation>Eine Nachricht auf %1 empfangen (%2).</translation>
    </message>
    <message>
        <source>Keep its history on disk</source>
        <translation>Seinen Verlauf auf der Festplatte behalten</translation>
    </message>
    <message>
        <source>Off: this feed&apos;s values are shown live but not written to the dashboard&apos;s history file</source>
        <translation>Aus: Die Werte dieses Feeds werden live angezeigt, aber nicht in die Verlaufsdatei des Dashboards geschrieben</translation>
    </message>
    <message>
        <source>Chart these channels</source>
        <translation>Diese Kanäle als Diagramm</translation>
    </message>
    <message>
        <source>Adds a chart of this feed&apos;s mapped channels on the Panels tab</source>
        <translation>Fügt auf der Registerkarte „Panels“ ein Diagramm der zugeordneten Kanäle dieses Feeds hinzu</translation>
    </message>
</context>
<context>
    <name>livedash::SettingsPanelsPage</name>
    <message>
        <source>Chart</source>
        <translation>Diagramm</translation>
    </message>
    <message>
        <source>Value tile</source>
        <translation>Wertkachel</translation>
    </message>
    <message>
        <source>Scoreboard</source>
        <translation>Anzeigetafel</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Panel</source>
        <translation>Panel</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>One channel or pattern per line: &apos;*&apos; matches one path segment, a trailing /** everything below (e.g. metrics/cpu.*, match/**).</source>
        <translation>Ein Kanal oder Muster je Zeile: „*“ passt auf einen Pfadabschnitt, ein abschließendes /** auf alles darunter (z. B. metrics/cpu.*, match/**).</translation>
    </message>
    <message>
        <source>feed/channel</source>
        <translation>Feed/Kanal</translation>
    </message>
    <message>
        <source>Filter known channels</source>
        <translation>Bekannte Kanäle filtern</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Double-click a channel to add it</source>
        <translation>Doppelklick fügt einen Kanal hinzu</translation>
    </message>
    <message>
        <source>Double-click to add. Lists channels seen so far and those the feeds&apos; mappings name.</source>
        <translation>Doppelklick zum Hinzufügen. Listet die bisher gesehenen Kanäle und die in den Zuordnungen der Feeds genannten.</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Anzeige</translation>
    </message>
    <message>
        <source>How much history the chart shows</source>
        <translation>Wie viel Verlauf das Diagramm zeigt</translation>
    </message>
    <message>
        <source>Time window:</source>
        <translation>Zeitfenster:</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>Fest</translation>
    </message>
    <message>
        <source>Unchecked: the y axis follows the data</source>
        <translation>Nicht angehakt: Die y-Achse folgt den Daten</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Y range:</source>
        <translation>y-Bereich:</translation>
    </message>
    <message>
        <source>e.g. °C, ms, req/s</source>
        <translation>z. B. °C, ms, req/s</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>Einheit:</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Decimals:</source>
        <translation>Nachkommastellen:</translation>
    </message>
    <message>
        <source>Warning at or above</source>
        <translation>Warnung ab</translation>
    </message>
    <message>
        <source>at or below</source>
        <translation>oder bei höchstens</translation>
    </message>
    <message>
        <source>Critical at or above</source>
        <translation>Kritisch ab</translation>
    </message>
    <message>
        <source>Alerts:</source>
        <translation>Alarme:</translation>
    </message>
    <message>
        <source>e.g. home, away, period (channel leaf names)</source>
        <translation>z. B. home, away, period (letzte Namensteile der Kanäle)</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>Spalten:</translation>
    </message>
    <message>
        <source>Events kept:</source>
        <translation>Behaltene Ereignisse:</translation>
    </message>
    <message>
        <source>Position in the grid</source>
        <translation>Position im Raster</translation>
    </message>
    <message>
        <source>Row:</source>
        <translation>Zeile:</translation>
    </message>
    <message>
        <source>Column:</source>
        <translation>Spalte:</translation>
    </message>
    <message>
        <source>Rows spanned:</source>
        <translation>Höhe in Zeilen:</translation>
    </message>
    <message>
        <source>Columns spanned:</source>
        <translation>Breite in Spalten:</translation>
    </message>
    <message>
        <source>Panel %1</source>
        <translation>Panel %1</translation>
    </message>
    <message>
        <source>the y range minimum must be below the maximum</source>
        <translation>das Minimum des y-Bereichs muss unter dem Maximum liegen</translation>
    </message>
    <message>
        <source>alerts: %1 %2</source>
        <translation>Alarme: %1 %2</translation>
    </message>
    <message>
        <source>Panel &quot;%1&quot;: %2</source>
        <translation>Panel „%1“: %2</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>Nr. %1</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <source>Minimum must be below maximum</source>
        <translation>Das Minimum muss unter dem Maximum liegen</translation>
    </message>
    <message>
        <source>A critical threshold above must not be below the warning</source>
        <translation>Eine obere kritische Schwelle darf nicht unter der Warnschwelle liegen</translation>
    </message>
    <message>
        <source>A critical threshold below must not be above the warning</source>
        <translation>Eine untere kritische Schwelle darf nicht über der Warnschwelle liegen</translation>
    </message>
    <message>
        <source>The &quot;below&quot; thresholds must be below the &quot;above&quot; ones</source>
        <translation>Die unteren Schwellen müssen unter den oberen liegen</translation>
    </message>
    <message>
        <source>Gauge</source>
        <translation>Zeigerinstrument</translation>
    </message>
    <message>
        <source>Bars (many channels)</source>
        <translation>Balken (viele Kanäle)</translation>
    </message>
    <message>
        <source>State timeline</source>
        <translation>Zustands-Zeitleiste</translation>
    </message>
    <message>
        <source>Largest first</source>
        <translation>Größte zuerst</translation>
    </message>
    <message>
        <source>Smallest first</source>
        <translation>Kleinste zuerst</translation>
    </message>
    <message>
        <source>By name</source>
        <translation>Nach Name</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Reihenfolge:</translation>
    </message>
    <message>
        <source>State colours:</source>
        <translation>Zustandsfarben:</translation>
    </message>
    <message>
        <source>e.g. down=critical, degraded=warning, up=ok</source>
        <translation>z. B. down=critical, degraded=warning, up=ok</translation>
    </message>
    <message>
        <source>Colours: ok, warning, critical, info, pending, neutral or #rrggbb. Other states take a colour of their own from their name.</source>
        <translation>Farben: ok, warning, critical, info, pending, neutral oder #rrggbb. Andere Zustände erhalten eine eigene, aus ihrem Namen abgeleitete Farbe.</translation>
    </message>
    <message>
        <source>Right axis:</source>
        <translation>Rechte Achse:</translation>
    </message>
    <message>
        <source>none; e.g. svc/errors, svc/*.ratio</source>
        <translation>keine; z. B. svc/errors, svc/*.ratio</translation>
    </message>
    <message>
        <source>The panel&apos;s channels matching these patterns (separated by commas) are drawn against a second y axis on the right</source>
        <translation>Die Kanäle des Panels, die auf diese Muster (durch Kommas getrennt) passen, werden an einer zweiten y-Achse rechts gezeichnet</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Unchecked: this end follows the data</source>
        <translation>Nicht angehakt: Dieses Ende folgt den Daten</translation>
    </message>
    <message>
        <source>A tile, gauge or bar turns amber at a warning and red at a critical threshold</source>
        <translation>Eine Kachel, ein Zeigerinstrument oder ein Balken wird bei der Warnschwelle gelb und bei der kritischen Schwelle rot</translation>
    </message>
    <message>
        <source>the right axis&apos; minimum must be below its maximum</source>
        <translation>das Minimum der rechten Achse muss unter ihrem Maximum liegen</translation>
    </message>
    <message>
        <source>state colours: unknown colour &quot;%1&quot;</source>
        <translation>Zustandsfarben: unbekannte Farbe „%1“</translation>
    </message>
    <message>
        <source>Unknown colour &quot;%1&quot;: use ok, warning, critical, info, pending, neutral or #rrggbb</source>
        <translation>Unbekannte Farbe „%1“: Verwenden Sie ok, warning, critical, info, pending, neutral oder #rrggbb</translation>
    </message>
</context>
<context>
    <name>livedash::StateTimelinePanel</name>
    <message>
        <source>waiting for data</source>
        <translation>warte auf Daten</translation>
    </message>
    <message numerus="yes">
        <source>%n more not shown</source>
        <translation>
            <numerusform>%n weiterer nicht angezeigt</numerusform>
            <numerusform>%n weitere nicht angezeigt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>livedash::TilePanel</name>
    <message>
        <source>CRITICAL</source>
        <translation>KRITISCH</translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation>WARNUNG</translation>
    </message>
    <message>
        <source>waiting for data</source>
        <translation>warte auf Daten</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
</context>
<context>
    <name>livedash::TimeBar</name>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Last 5 min</source>
        <translation>Letzte 5 Min.</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>Eigener Zeitraum…</translation>
    </message>
    <message>
        <source>What the charts show: the live edge over each chart&apos;s own window or a common one, or a past range from the dashboard&apos;s history</source>
        <translation>Was die Diagramme zeigen: den aktuellen Rand über das eigene Fenster jedes Diagramms oder ein gemeinsames, oder einen vergangenen Zeitraum aus dem Verlauf des Dashboards</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>Wiedergabe…</translation>
    </message>
    <message>
        <source>Play a past range through every panel, 0.5× to 100×</source>
        <translation>Einen vergangenen Zeitraum in allen Panels abspielen, 0,5× bis 100×</translation>
    </message>
    <message>
        <source>Step back 1 s (10 s with Shift)</source>
        <translation>1 s zurück (10 s mit Umschalt)</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>Abspielen oder anhalten</translation>
    </message>
    <message>
        <source>Step forward 1 s (10 s with Shift)</source>
        <translation>1 s vor (10 s mit Umschalt)</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>Wiedergabegeschwindigkeit</translation>
    </message>
    <message>
        <source>Back to the live edge</source>
        <translation>Zurück zum aktuellen Stand</translation>
    </message>
    <message>
        <source>This dashboard keeps no history.</source>
        <translation>Dieses Dashboard speichert keinen Verlauf.</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Wiedergabe</translation>
    </message>
    <message>
        <source>Show a past range</source>
        <translation>Einen vergangenen Zeitraum zeigen</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>The end must come after the start.</source>
        <translation>Das Ende muss nach dem Anfang liegen.</translation>
    </message>
    <message>
        <source>The panels show stored data, not live data. Click Live to return.</source>
        <translation>Die Panels zeigen gespeicherte Daten, keine Live-Daten. Mit „Live“ geht es zurück.</translation>
    </message>
    <message>
        <source>REPLAY</source>
        <translation>WIEDERGABE</translation>
    </message>
    <message>
        <source>HISTORY</source>
        <translation>VERLAUF</translation>
    </message>
</context>
<context>
    <name>livedash::TimelineFace</name>
    <message>
        <source>+%1 more</source>
        <translation>+%1 weitere</translation>
    </message>
</context>
<context>
    <name>livedash::history::Historian</name>
    <message>
        <source>%1 could not be read (%2). It was renamed to %3, and history starts anew.</source>
        <translation>%1 konnte nicht gelesen werden (%2). Die Datei wurde in %3 umbenannt, und der Verlauf beginnt neu.</translation>
    </message>
    <message>
        <source>History paused: the disk holding %1 is full (%2 MB free). Live data is unaffected; writing resumes when there is space.</source>
        <translation>Verlauf angehalten: Die Festplatte mit %1 ist voll (%2 MB frei). Live-Daten sind nicht betroffen; das Schreiben wird fortgesetzt, sobald wieder Platz ist.</translation>
    </message>
    <message>
        <source>History not written: %1 (%2). Trying again.</source>
        <translation>Verlauf nicht geschrieben: %1 (%2). Neuer Versuch folgt.</translation>
    </message>
</context>
</TS>
