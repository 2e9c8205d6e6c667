<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>Demo sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo sources could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::ChartPanel</name>
    <message>
        <source>Wheel: zoom · Drag: pan through history · Double-click: back to live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>history · double-click for live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::DashboardView</name>
    <message>
        <source>This dashboard has no panels yet.
Open Settings (Ctrl+,) to add feeds and panels.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::EventLogPanel</name>
    <message>
        <source>waiting for events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::FeedPlugins</name>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra request headers, one &quot;Name: value&quot; per line. Values of credential headers (Authorization, Cookie, *Token*, *Key*, ...) are saved in the system keychain, or may be ${env:NAME}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP polling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests a URL at a fixed interval and maps each JSON response. Unchanged responses (ETag) are skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The http:// or https:// address to poll.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent with POST requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content-Type of the POST body.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time between the starts of two requests, in ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request fails when no data arrives for this long, in ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum body size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger responses are aborted and counted as rejected, in bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server-Sent Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads a text/event-stream; each event&apos;s data is one JSON message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The http:// or https:// address of the event stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event name as channel prefix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of an event named &quot;score&quot; are put under &quot;&lt;feed&gt;/score/&quot; (unnamed events are not).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The response headers must arrive within this, in ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect when nothing (not even a comment) arrives for this long, in ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum event size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger events are discarded and counted as rejected, in bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads JSON messages (text or binary frames) from a WebSocket server and reconnects when the connection drops.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address, e.g. wss://example.com/stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra handshake headers, one &quot;Name: value&quot; per line (e.g. Authorization: Bearer ...). Values of credential headers (Authorization, Cookie, *Token*, *Key*, ...) are saved in the system keychain, or may be ${env:NAME}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subscribe message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as one text message right after every connect (optional).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest wait for the TCP, TLS and WebSocket handshakes together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ping interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sends a ping this often so a dead connection is noticed; 0 turns pings off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silence timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnects when no message or pong arrived for this long; 0 waits forever.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest message (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A larger message or frame closes the connection (code 1009); the feed counts it as rejected and reconnects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path to a PEM file with the server&apos;s certificate (e.g. a self-signed one) or the private CA that issued it. Certificates are verified either way; this adds one the feed trusts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pins the server&apos;s certificate by its SHA-256 fingerprint (hex, colons optional), e.g. from `openssl x509 -noout -fingerprint -sha256 -in cert.pem`. A refused connection shows the fingerprint the server presented.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::FeedStatusModel</name>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retrying in %1 s (attempt %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live, nothing mapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last rejected message: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Msg/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last msg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error / problem</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::IngestEngine</name>
    <message>
        <source>Livedash is shutting down</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::MainWindow</name>
    <message>
        <source>PAUSED: the panels are frozen; the feeds keep recording. Press Space to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open dashboard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze the panels; feeds keep recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Feeds and panels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Plugins…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Livedash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Livedash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Livedash %1&lt;/b&gt;&lt;p&gt;Live data dashboards: WebSocket, HTTP and Server-Sent Events feeds in charts, tiles, scoreboards and logs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

The feeds use it until Livedash quits, but the dashboard file was not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secret was typed in, but no keychain is configured to keep it. Use ${env:NAME} references for secrets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secret was typed in, but no system keychain is available (%1). Use ${env:NAME} references for secrets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

The dashboard was not saved, so that its file never refers to a secret the keychain does not hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The feed &quot;%1&quot; holds a secret that could not be moved to a keychain; the dashboard file is not written. Use ${env:NAME} for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Livedash dashboards (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>built-in demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n feed(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 msg/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PAUSED (Space to resume)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) %3 — %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#ff5c7a&apos;&gt;skipped %1: %2&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed plugins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No feed plugins found.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::MappingEditor</name>
    <message>
        <source>e.g. ts or data.time (empty: time received)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of the field holding the source time of each message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto: numbers below 1e11 are seconds, below 1e14 milliseconds, else microseconds; strings are ISO 8601</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timestamp:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. seq (optional, to detect gaps)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the value is, e.g. data.price or items[*].price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel name below the feed (empty: the path); {path} placeholders take the name from the message, e.g. price/{symbol}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A message without this field is normal, not rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row %1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each row maps one field (or, with [*], every element of an array) to a channel named &lt;feed id&gt;/&lt;channel&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No mappings: every numeric field (up to four levels deep) becomes a channel named by its dotted path, e.g. &lt;feed id&gt;/data.temp.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::OptionsForm</name>
    <message>
        <source>This feed kind has no options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: value (one header per line)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::ScoreboardPanel</name>
    <message>
        <source>waiting for data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::SettingsDialog</name>
    <message>
        <source>Dashboard settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings – %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in the window title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> points per channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to %1 of memory per numeric channel. Charts show at most this much history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed feed kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No feed plugins are installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not loaded:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
…and %1 more (hover here for the full list)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::SettingsFeedsPage</name>
    <message>
        <source>enter ${env:NAME} instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write &quot;%1: ${env:NAME}&quot; (or &quot;%1: Bearer ${env:NAME}&quot;) instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no system keychain is available (%1), so this secret cannot be saved safely: %2 and set NAME in Livedash&apos;s environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in %1 (entry %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is available here (%1): this feed cannot read it; use ${env:NAME} instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read from the environment (%1) when the feed starts; never written to the dashboard file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set in this Livedash&apos;s environment: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available here (%1): enter ${env:NAME} and set NAME in Livedash&apos;s environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in %1 when saved (the dashboard file holds only a reference), or enter ${env:NAME} to read it from the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved to %1 when saved; the dashboard file keeps only a reference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: moved to %2 when saved; the dashboard file keeps only a reference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: stored in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is available here (%1): use ${env:NAME} instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: read from the environment when the feed starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stable period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No feed plugins are installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in the status view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel names start with &quot;&lt;id&gt;/&quot;. Letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled (run this feed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After a connection ends the feed waits, doubling the delay up to the maximum; the delay resets once a connection stays up for the stable period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initial delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stable period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connects with the settings on the left and shows the first message and what the field mapping takes from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing needs a running ingest engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing received yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extracted values:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove feed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the feed &quot;%1&quot; (%2)?
Panels showing its channels stay, but show nothing from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field mapping %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> (and %n more)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> · off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
… (%1 more bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received a message (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mapping problem: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mapping extracted nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 value extracted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 values extracted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; may only use letters, digits, &apos;_&apos;, &apos;-&apos; and &apos;.&apos; (up to 64, not starting with &apos;-&apos; or &apos;.&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is also used by the feed &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::SettingsPanelsPage</name>
    <message>
        <source>Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoreboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One channel or pattern per line: &apos;*&apos; matches one path segment, a trailing /** everything below (e.g. metrics/cpu.*, match/**).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>feed/channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter known channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a channel to add it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to add. Lists channels seen so far and those the feeds&apos; mappings name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much history the chart shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchecked: the y axis follows the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Y range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. °C, ms, req/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decimals:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning at or above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at or below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical at or above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tile turns amber at a warning and red at a critical threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alerts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. home, away, period (channel leaf names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events kept:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position in the grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows spanned:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns spanned:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the y range minimum must be below the maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alerts: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Panel &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum must be below maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A critical threshold above must not be below the warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A critical threshold below must not be above the warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;below&quot; thresholds must be below the &quot;above&quot; ones</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>livedash::TilePanel</name>
    <message>
        <source>CRITICAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
