<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>clonedeck::DashboardView</name>
    <message>
        <location filename="../ui/DashboardView.cpp" line="25" />
        <source>Capacity per host</source>
        <translation>Kapazität je Host</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="26" />
        <source>Domains by state</source>
        <translation>Domänen nach Zustand</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="27" />
        <source>Clones</source>
        <translation>Klone</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="28" />
        <source>Free vCPUs</source>
        <translation>Freie vCPUs</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="32" />
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="43" />
        <source>Last ten minutes</source>
        <translation>Letzte zehn Minuten</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="46" />
        <source>Clones and free vCPUs over time</source>
        <translation>Klone und freie vCPUs im Zeitverlauf</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>vCPUs used</source>
        <translation>vCPUs belegt</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>reserved</source>
        <translation>reserviert</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>free</source>
        <translation>frei</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>Memory used / reserved / free (MB)</source>
        <translation>Speicher belegt / reserviert / frei (MB)</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="82" />
        <source>Domains: %1 (%2 clones) — %3</source>
        <translation>Domänen: %1 (%2 Klone) — %3</translation>
    </message>
</context>
<context>
    <name>clonedeck::EmbeddedPlatformProcess</name>
    <message>
        <location filename="../core/cluster/EmbeddedPlatformProcess.cpp" line="32" />
        <source>clonedeckd exited (status %1) before it was ready</source>
        <translation>clonedeckd wurde beendet (Status %1), bevor es bereit war</translation>
    </message>
    <message>
        <location filename="../core/cluster/EmbeddedPlatformProcess.cpp" line="38" />
        <source>cannot start clonedeckd: %1</source>
        <translation>clonedeckd kann nicht gestartet werden: %1</translation>
    </message>
</context>
<context>
    <name>clonedeck::EventLogModel</name>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="29" />
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="30" />
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="31" />
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="32" />
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>clonedeck::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="62" />
        <location filename="../ui/MainWindow.cpp" line="147" />
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="65" />
        <source>Clonedeck</source>
        <translation>Clonedeck</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="87" />
        <source>Cluster membership</source>
        <translation>Cluster-Mitglieder</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="100" />
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="111" />
        <source>Event log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="114" />
        <source>Search the event log</source>
        <translation>Ereignisprotokoll durchsuchen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="115" />
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="126" />
        <source>Filter domains (name, IP, state, ticket…)</source>
        <translation>Domänen filtern (Name, IP, Zustand, Ticket…)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="127" />
        <source>&amp;Membership</source>
        <translation>&amp;Mitglieder</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="128" />
        <source>&amp;Tickets</source>
        <translation>&amp;Tickets</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="129" />
        <source>&amp;Dashboard</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="130" />
        <source>&amp;Event log</source>
        <translation>&amp;Ereignisprotokoll</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="137" />
        <source>● Connected to %1</source>
        <translation>● Verbunden mit %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="140" />
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="143" />
        <source>Reconnecting in %1 s…</source>
        <translation>Neuer Verbindungsversuch in %1 s…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="144" />
        <source>Reconnecting…</source>
        <translation>Verbinde erneut…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="172" />
        <source>&amp;Request ticket…</source>
        <translation>Ticket &amp;anfordern…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="173" />
        <source>&amp;Spawn clones…</source>
        <translation>&amp;Klone erzeugen…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="174" />
        <source>&amp;Destroy selected</source>
        <translation>Auswahl &amp;zerstören</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="175" />
        <source>&amp;Kill selected ticket</source>
        <translation>Gewähltes Ticket &amp;beenden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="176" />
        <source>Command &amp;palette…</source>
        <translation>Befehls&amp;palette…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="177" />
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="210" />
        <source>No master to request a ticket for: is the platform connected?</source>
        <translation>Kein Master, für den ein Ticket angefordert werden kann: ist die Plattform verbunden?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="211" />
        <source>Request ticket</source>
        <translation>Ticket anfordern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="214" />
        <source>Requesting %1 × %2 vCPU / %3 MB for domain %4…</source>
        <translation>Fordere %1 × %2 vCPU / %3 MB für Domäne %4 an…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="219" />
        <source>Ticket %1: granted %2 of %3</source>
        <translation>Ticket %1: %2 von %3 gewährt</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="221" />
        <source>Ticket request failed: %1</source>
        <translation>Ticketanforderung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="229" />
        <source>No master to clone: is the platform connected?</source>
        <translation>Kein Master zum Klonen: ist die Plattform verbunden?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="230" />
        <source>Spawn clones</source>
        <translation>Klone erzeugen</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="236" />
        <source>Spawned %n clone(s)</source>
        <translation><numerusform>%n Klon erzeugt</numerusform><numerusform>%n Klone erzeugt</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="238" />
        <source>Spawning failed: %1</source>
        <translation>Erzeugen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="251" />
        <source>Select one or more clones to destroy (masters are not destroyed).</source>
        <translation>Wählen Sie einen oder mehrere Klone zum Zerstören (Master werden nicht zerstört).</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="255" />
        <source>kill domain %1 (%2, %3, ticket %4)</source>
        <translation>Domäne %1 beenden (%2, %3, Ticket %4)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="256" />
        <source>Destroy clones</source>
        <translation>Klone zerstören</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="257" />
        <source>Destroy %n clone(s)?</source>
        <translation><numerusform>%n Klon zerstören?</numerusform><numerusform>%n Klone zerstören?</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="268" />
        <source>Destroying domain %1 failed: %2</source>
        <translation>Zerstören von Domäne %1 fehlgeschlagen: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="271" />
        <source>Destroying %n clone(s)</source>
        <translation><numerusform>Zerstöre %n Klon</numerusform><numerusform>Zerstöre %n Klone</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="280" />
        <source>Select a ticket in the Tickets tab first.</source>
        <translation>Wählen Sie zuerst ein Ticket im Reiter Tickets.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="284" />
        <source>Ticket %1 ended, %2 clone(s) killed</source>
        <translation>Ticket %1 beendet, %2 Klon(e) beendet</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="286" />
        <source>Killing ticket %1 failed: %2</source>
        <translation>Beenden von Ticket %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="301" />
        <source>Command palette</source>
        <translation>Befehlspalette</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="301" />
        <source>Run:</source>
        <translation>Ausführen:</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="308" />
        <source>Export event log</source>
        <translation>Ereignisprotokoll exportieren</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="313" />
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="314" />
        <source>Event log exported to %1</source>
        <translation>Ereignisprotokoll nach %1 exportiert</translation>
    </message>
</context>
<context>
    <name>clonedeck::MembershipModel</name>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="80" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="81" />
        <source>Domid</source>
        <translation>Domid</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="82" />
        <source>VM id</source>
        <translation>VM-ID</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="83" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="84" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="85" />
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="86" />
        <source>SSH port</source>
        <translation>SSH-Port</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="87" />
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="88" />
        <source>Memory (MB)</source>
        <translation>Speicher (MB)</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="89" />
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="90" />
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="91" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="105" />
        <source>master</source>
        <translation>Master</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="105" />
        <source>clone</source>
        <translation>Klon</translation>
    </message>
</context>
<context>
    <name>clonedeck::RequestTicketDialog</name>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="22" />
        <source>Clones</source>
        <translation>Klone</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="23" />
        <source>vCPUs per clone</source>
        <translation>vCPUs je Klon</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="24" />
        <source>Memory per clone in MB</source>
        <translation>Speicher je Klon in MB</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="25" />
        <source>Timeout in milliseconds</source>
        <translation>Zeitlimit in Millisekunden</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="30" />
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="31" />
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="34" />
        <source>&amp;Clones:</source>
        <translation>&amp;Klone:</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="35" />
        <source>&amp;vCPUs each:</source>
        <translation>&amp;vCPUs je Klon:</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="36" />
        <source>&amp;Memory each:</source>
        <translation>&amp;Speicher je Klon:</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="37" />
        <source>&amp;Timeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
</context>
<context>
    <name>clonedeck::TicketModel</name>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="39" />
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="40" />
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="41" />
        <source>Granted / requested</source>
        <translation>Gewährt / angefordert</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="42" />
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="43" />
        <source>Memory (MB)</source>
        <translation>Speicher (MB)</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="44" />
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="45" />
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="46" />
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="47" />
        <source>Clones live / used</source>
        <translation>Klone lebend / genutzt</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="40" />
        <source>Console for elastic virtual clusters built on VM cloning.</source>
        <translation>Konsole für elastische virtuelle Cluster aus VM-Klonen.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="42" />
        <source>Start the embedded platform (clonedeckd) and connect to it.</source>
        <translation>Die eingebettete Plattform (clonedeckd) starten und verbinden.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="43" />
        <source>Run directory of the embedded platform.</source>
        <translation>Laufzeitverzeichnis der eingebetteten Plattform.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="45" />
        <source>Connect to the xenstored socket at PATH.</source>
        <translation>Mit dem xenstored-Socket unter PATH verbinden.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="48" />
        <source>Save a PNG of each main view into DIR once the views are filled, then quit.</source>
        <translation>Jede Hauptansicht als PNG in DIR speichern, sobald sie gefüllt ist, dann beenden.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="95" />
        <source>Clonedeck</source>
        <translation>Clonedeck</translation>
    </message>
</context>
</TS>