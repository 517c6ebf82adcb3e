<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/PolicyEditor.cpp" line="+28"/>
        <source> s</source>
        <translation> s</translation>
    </message>
</context>
<context>
    <name>clonedeck::AgentCommands</name>
    <message>
        <location filename="../ui/AgentCommands.cpp" line="+23"/>
        <source>&amp;Launch agent…</source>
        <translation>Agent &amp;starten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St&amp;op agent</source>
        <translation>Agent s&amp;toppen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;estart agent</source>
        <translation>Agent &amp;neu starten</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Agent on domain %1 not launched: %2</source>
        <translation>Agent auf Domäne %1 nicht gestartet: %2</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Select one or more clones to launch an agent on.</source>
        <translation>Wählen Sie einen oder mehrere Klone, auf denen ein Agent gestartet werden soll.</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Launching “%1” on %n domain(s)…</source>
        <translation>
            <numerusform>Starte „%1“ auf %n Domäne…</numerusform>
            <numerusform>Starte „%1“ auf %n Domänen…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No running agent in the selection.</source>
        <translation>Kein laufender Agent in der Auswahl.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Stopping %n agent(s)…</source>
        <translation>
            <numerusform>Stoppe %n Agenten…</numerusform>
            <numerusform>Stoppe %n Agenten…</numerusform>
        </translation>
    </message>
    <message>
        <location line="-3"/>
        <source>No agent in the selection to restart.</source>
        <translation>Kein Agent in der Auswahl, der neu gestartet werden kann.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Restarting %n agent(s)…</source>
        <translation>
            <numerusform>Starte %n Agenten neu…</numerusform>
            <numerusform>Starte %n Agenten neu…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clonedeck::AgentModel</name>
    <message>
        <location filename="../core/models/AgentModel.cpp" line="+14"/>
        <source>Domain</source>
        <translation>Domäne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exit</source>
        <translation>Exit-Code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last output</source>
        <translation>Letzte Ausgabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location filename="../core/ssh/AgentTypes.cpp" line="+15"/>
        <source>waiting for clone</source>
        <translation>wartet auf Klon</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>waiting for address</source>
        <translation>wartet auf Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connecting</source>
        <translation>verbindet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>handshaking</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>authenticating</source>
        <translation>authentifiziert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopping</source>
        <translation>stoppt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exited</source>
        <translation>beendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../core/models/AgentModel.cpp" line="+34"/>
        <source>%1 (host key NOT checked)</source>
        <translation>%1 (Host-Schlüssel NICHT geprüft)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Host key %1</source>
        <translation>Host-Schlüssel %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cluster %1, master %2</source>
        <translation>Cluster %1, Master %2</translation>
    </message>
</context>
<context>
    <name>clonedeck::AgentsView</name>
    <message>
        <location filename="../ui/AgentsView.cpp" line="+41"/>
        <location line="+69"/>
        <source>Select an agent to follow its output.</source>
        <translation>Wählen Sie einen Agenten, um seine Ausgabe zu verfolgen.</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Standard output</source>
        <translation>Standardausgabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standard error</source>
        <translation>Standardfehlerausgabe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Filter agents (domain, address, command, state…)</source>
        <translation>Agenten filtern (Domäne, Adresse, Befehl, Zustand…)</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Domain %1 at %2: %3 — %4</source>
        <translation>Domäne %1 unter %2: %3 — %4</translation>
    </message>
</context>
<context>
    <name>clonedeck::CommandPalette</name>
    <message>
        <location filename="../ui/CommandPalette.cpp" line="+16"/>
        <source>action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>domain</source>
        <translation>Domäne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Type an action, a domain, a ticket or an agent…</source>
        <translation>Aktion, Domäne, Ticket oder Agent eingeben…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command palette</source>
        <translation>Befehlspalette</translation>
    </message>
    <message>
        <location filename="../ui/PaletteEntries.cpp" line="+43"/>
        <source>agent %1 on %2</source>
        <translation>Agent %1 auf %2</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConnectionManager</name>
    <message>
        <location filename="../core/console/ConnectionManager.cpp" line="+26"/>
        <source>not a connection URI (unix:///path/to/socket or ssh://[user@]host[:port]/path/to/socket): %1</source>
        <translation>keine Verbindungs-URI (unix:///pfad/zum/socket oder ssh://[benutzer@]host[:port]/pfad/zum/socket): %1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>a connection of this name exists already</source>
        <translation>eine Verbindung dieses Namens gibt es bereits</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConnectionModel</name>
    <message>
        <location filename="../core/models/ConnectionModel.cpp" line="+10"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URI</source>
        <translation>URI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConnectionStatus</name>
    <message numerus="yes">
        <location filename="../ui/ConnectionStatus.cpp" line="+33"/>
        <source>● %1 of %n host(s) connected</source>
        <translation>
            <numerusform>● %1 von %n Host verbunden</numerusform>
            <numerusform>● %1 von %n Hosts verbunden</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>● Connected to %1</source>
        <translation>● Verbunden mit %1</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConnectionsDialog</name>
    <message>
        <location filename="../ui/ConnectionsDialog.cpp" line="+29"/>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;pply to selected</source>
        <translation>Auf Auswahl an&amp;wenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove selected</source>
        <translation>Auswahl &amp;entfernen</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;URI:</source>
        <translation>&amp;URI:</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Connection %1 added; connecting to %2</source>
        <translation>Verbindung %1 hinzugefügt; verbinde mit %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connection %1 changed; connecting to %2</source>
        <translation>Verbindung %1 geändert; verbinde mit %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select the connection to change first.</source>
        <translation>Wählen Sie zuerst die zu ändernde Verbindung.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Select the connection to remove first.</source>
        <translation>Wählen Sie zuerst die zu entfernende Verbindung.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove connection</source>
        <translation>Verbindung entfernen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove the connection %1?</source>
        <translation>Die Verbindung %1 entfernen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its rows leave the console; the platform itself and its VMs are not touched.</source>
        <translation>Ihre Zeilen verschwinden aus der Konsole; die Plattform selbst und ihre VMs bleiben unberührt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection %1 removed</source>
        <translation>Verbindung %1 entfernt</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConsoleAlerts</name>
    <message>
        <location filename="../core/console/ConsoleAlerts.cpp" line="+27"/>
        <location line="+6"/>
        <source>Agent failed</source>
        <translation>Agent fehlgeschlagen</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+7"/>
        <source>Agent %1: %2</source>
        <translation>Agent %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its command exited with status %1</source>
        <translation>sein Befehl endete mit Status %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Policy cannot provision</source>
        <translation>Richtlinie kann nicht bereitstellen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cluster %1: %2</source>
        <translation>Cluster %1: %2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Platform unreachable</source>
        <translation>Plattform nicht erreichbar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The connection to the platform was lost; the console reconnects.</source>
        <translation>Die Verbindung zur Plattform ging verloren; die Konsole verbindet sich neu.</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>%n events, the last: %1</source>
        <translation>
            <numerusform>%n Ereignis, das letzte: %1</numerusform>
            <numerusform>%n Ereignisse, das letzte: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clonedeck::ConsoleNotifier</name>
    <message>
        <location filename="../ui/ConsoleNotifier.cpp" line="+19"/>
        <source>Clonedeck</source>
        <translation>Clonedeck</translation>
    </message>
</context>
<context>
    <name>clonedeck::DashboardView</name>
    <message>
        <location filename="../ui/DashboardView.cpp" line="+27"/>
        <source>Clones, agents and tickets</source>
        <translation>Klone, Agenten und Tickets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clones started and ended per second</source>
        <translation>Gestartete und beendete Klone je Sekunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free vCPUs per host</source>
        <translation>Freie vCPUs je Host</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free memory per host (MB)</source>
        <translation>Freier Speicher je Host (MB)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time range</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domains by state</source>
        <translation>Domänen nach Zustand</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>H&amp;ost:</source>
        <translation>H&amp;ost:</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>All hosts</source>
        <translation>Alle Hosts</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Clones</source>
        <translation>Klone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running agents</source>
        <translation>Laufende Agenten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending tickets</source>
        <translation>Wartende Tickets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Granted tickets</source>
        <translation>Bewilligte Tickets</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Clones started/s</source>
        <translation>Gestartete Klone/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clones ended/s</source>
        <translation>Beendete Klone/s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Range:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Domains: %1 (%2 clones) — %3</source>
        <translation>Domänen: %1 (%2 Klone) — %3</translation>
    </message>
</context>
<context>
    <name>clonedeck::DomainDetailPane</name>
    <message>
        <location filename="../ui/DomainDetailPane.cpp" line="+33"/>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lineage</source>
        <translation>Abstammung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Host key</source>
        <translation>Host-Schlüssel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last output</source>
        <translation>Letzte Ausgabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usage</source>
        <translation>Verbrauch</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Select a domain to see its details.</source>
        <translation>Wählen Sie eine Domäne, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (domid %2, %3)</source>
        <translation>%1 (Domid %2, %3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none (a master)</source>
        <translation>keines (ein Master)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>master of cluster %1</source>
        <translation>Master des Clusters %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clone %1 of %2 (domid %3), cluster %4</source>
        <translation>Klon %1 von %2 (Domid %3), Cluster %4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an unknown master</source>
        <translation>einem unbekannten Master</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>idle (nothing running)</source>
        <translation>untätig (nichts läuft)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 % CPU, %2 MB resident, %3 MB proportional, %4 process(es)</source>
        <translation>%1 % CPU, %2 MB resident, %3 MB proportional, %4 Prozess(e)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>none launched</source>
        <translation>keiner gestartet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not seen yet (no agent has connected)</source>
        <translation>noch nicht gesehen (kein Agent hat sich verbunden)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not verified yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
</context>
<context>
    <name>clonedeck::EmbeddedPlatformProcess</name>
    <message>
        <location filename="../core/cluster/EmbeddedPlatformProcess.cpp" line="+63"/>
        <source>clonedeckd exited (status %1) before it was ready</source>
        <translation>clonedeckd wurde beendet (Status %1), bevor es bereit war</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+59"/>
        <source>cannot start clonedeckd: %1</source>
        <translation>clonedeckd kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>clonedeckd (pid %1) exited before it was ready</source>
        <translation>clonedeckd (PID %1) wurde beendet, bevor es bereit war</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>clonedeckd (pid %1) did not become ready in %2 s</source>
        <translation>clonedeckd (PID %1) wurde nicht innerhalb von %2 s bereit</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Quit the console or clonectl using that platform and stop it (kill the pid named), or start the console with another run directory (--run-dir DIR).</source>
        <translation>Beenden Sie die Konsole oder clonectl, die diese Plattform nutzen, und halten Sie sie an (die genannte PID beenden), oder starten Sie die Konsole mit einem anderen Laufzeitverzeichnis (--run-dir VERZ).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The run directory must be a private directory (mode 0700) of your own: fix or remove it, or choose another with --run-dir DIR.</source>
        <translation>Das Laufzeitverzeichnis muss ein privates Verzeichnis (Modus 0700) von Ihnen sein: korrigieren oder entfernen Sie es, oder wählen Sie ein anderes mit --run-dir VERZ.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Install what the platform needs (bash packaging/install-deps.sh), then start again.</source>
        <translation>Installieren Sie, was die Plattform braucht (bash packaging/install-deps.sh), und starten Sie erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The platform is still busy or hung: see its log in the run directory, stop it (kill the pid named) and start again.</source>
        <translation>Die Plattform ist noch beschäftigt oder hängt: sehen Sie ihr Protokoll im Laufzeitverzeichnis an, halten Sie sie an (die genannte PID beenden) und starten Sie erneut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>See clonedeckd&apos;s lines in the event log (or clonedeckd.log in the run directory), fix the cause and start the console again.</source>
        <translation>Lesen Sie die Zeilen von clonedeckd im Ereignisprotokoll (oder clonedeckd.log im Laufzeitverzeichnis), beheben Sie die Ursache und starten Sie die Konsole erneut.</translation>
    </message>
</context>
<context>
    <name>clonedeck::EventLogModel</name>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="+10"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>clonedeck::EventLogView</name>
    <message>
        <location filename="../ui/EventLogView.cpp" line="+24"/>
        <source>Event log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search the event log</source>
        <translation>Ereignisprotokoll durchsuchen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export event log</source>
        <translation>Ereignisprotokoll exportieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event log exported to %1</source>
        <translation>Ereignisprotokoll nach %1 exportiert</translation>
    </message>
</context>
<context>
    <name>clonedeck::HostCapacityTable</name>
    <message>
        <location filename="../ui/HostCapacityTable.cpp" line="+13"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+42"/>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capacity per host</source>
        <translation>Kapazität je Host</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 used + %2 reserved of %3 %4</source>
        <translation>%1 belegt + %2 reserviert von %3 %4</translation>
    </message>
</context>
<context>
    <name>clonedeck::LaunchAgentDialog</name>
    <message>
        <location filename="../ui/LaunchAgentDialog.cpp" line="+19"/>
        <source>Launch agent</source>
        <translation>Agent starten</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Run an agent on %n domain(s) over SSH.</source>
        <translation>
            <numerusform>Einen Agenten über SSH auf %n Domäne ausführen.</numerusform>
            <numerusform>Einen Agenten über SSH auf %n Domänen ausführen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Command:</source>
        <translation>&amp;Befehl:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>insecure — host keys are NOT checked (change it in Preferences)</source>
        <translation>insecure — Host-Schlüssel werden NICHT geprüft (in den Einstellungen änderbar)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Host-key policy:</source>
        <translation>Host-Schlüssel-Richtlinie:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Launch</source>
        <translation>&amp;Starten</translation>
    </message>
</context>
<context>
    <name>clonedeck::LaunchTimelineModel</name>
    <message>
        <location filename="../core/models/LaunchTimelineModel.cpp" line="+7"/>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Request ticket</source>
        <translation>Ticket anfordern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Clone</source>
        <translation>Klonen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve address</source>
        <translation>Adresse auflösen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wait for SSH</source>
        <translation>Auf SSH warten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start agent</source>
        <translation>Agent starten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tear down</source>
        <translation>Abbauen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
</context>
<context>
    <name>clonedeck::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="+38"/>
        <source>Clonedeck</source>
        <translation>Clonedeck</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>&amp;Membership</source>
        <translation>&amp;Mitglieder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tickets</source>
        <translation>&amp;Tickets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Agents</source>
        <translation>&amp;Agenten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test &amp;bench</source>
        <translation>Test&amp;umgebung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dashboard</source>
        <translation>Ü&amp;bersicht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Policy</source>
        <translation>&amp;Richtlinie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Event log</source>
        <translation>&amp;Ereignisprotokoll</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Command &amp;palette…</source>
        <translation>Befehls&amp;palette…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P&amp;references…</source>
        <translation>E&amp;instellungen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Co&amp;nnections…</source>
        <translation>&amp;Verbindungen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Elastic p&amp;olicies</source>
        <translation>Elastische Richtli&amp;nien</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Preferences saved; the connection and language apply at the next start.</source>
        <translation>Einstellungen gespeichert; Verbindung und Sprache gelten ab dem nächsten Start.</translation>
    </message>
</context>
<context>
    <name>clonedeck::MembershipModel</name>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="+89"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Domid</source>
        <translation>Domid</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>VM id</source>
        <translation>VM-ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SSH port</source>
        <translation>SSH-Port</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Memory (MB)</source>
        <translation>Speicher (MB)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Memory used</source>
        <translation>Speicher belegt</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipCells.cpp" line="+14"/>
        <source>master</source>
        <translation>Master</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clone</source>
        <translation>Klon</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sandbox VM: a directory and processes on its host</source>
        <translation>Sandbox-VM: ein Verzeichnis und Prozesse auf ihrem Host</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>QEMU VM: a clone is a fork-style replica of its running master</source>
        <translation>QEMU-VM: ein Klon ist eine Fork-Kopie seines laufenden Masters</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not said: the platform that runs it is of an older version</source>
        <translation>Nicht angegeben: die Plattform, die sie ausführt, ist eine ältere Version</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
</context>
<context>
    <name>clonedeck::MembershipView</name>
    <message>
        <location filename="../ui/MembershipView.cpp" line="+68"/>
        <source>Cluster membership</source>
        <translation>Cluster-Mitglieder</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Filter domains (name, IP, state, ticket…)</source>
        <translation>Domänen filtern (Name, IP, Zustand, Ticket…)</translation>
    </message>
</context>
<context>
    <name>clonedeck::OperationProgress</name>
    <message>
        <location filename="../ui/OperationProgress.h" line="+34"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../ui/OperationProgress.cpp" line="+20"/>
        <source>Cancel the pending operation</source>
        <translation>Laufenden Vorgang abbrechen</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>%1 (%2 s of at most %3 s)</source>
        <translation>%1 (%2 s von höchstens %3 s)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2 s)</source>
        <translation>%1 (%2 s)</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source> · %n more pending</source>
        <translation>
            <numerusform> · %n weiterer ausstehend</numerusform>
            <numerusform> · %n weitere ausstehend</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clonedeck::Operations</name>
    <message>
        <location filename="../core/console/Operations.cpp" line="+20"/>
        <source>No connection named %1</source>
        <translation>Keine Verbindung namens %1</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>No master to request a ticket for: is the platform connected?</source>
        <translation>Kein Master, für den ein Ticket angefordert werden kann: ist die Plattform verbunden?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Requesting %1 × %2 vCPU / %3 MB for domain %4…</source>
        <translation>Fordere %1 × %2 vCPU / %3 MB für Domäne %4 an…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Requesting a ticket for %1 clone(s)</source>
        <translation>Fordere ein Ticket für %1 Klon(e) an</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ticket request cancelled; a ticket granted after all is released at once.</source>
        <translation>Ticketanforderung abgebrochen; ein dennoch gewährtes Ticket wird sofort freigegeben.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ticket %1: granted %2 of %3</source>
        <translation>Ticket %1: %2 von %3 gewährt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ticket request failed: %1</source>
        <translation>Ticketanforderung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No master to clone: is the platform connected?</source>
        <translation>Kein Master zum Klonen: ist die Plattform verbunden?</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Spawning %n clone(s)</source>
        <translation>
            <numerusform>Erzeuge %n Klon</numerusform>
            <numerusform>Erzeuge %n Klone</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spawning cancelled; clones that arrive after all are destroyed at once.</source>
        <translation>Erzeugen abgebrochen; dennoch entstehende Klone werden sofort zerstört.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Spawned %n clone(s)</source>
        <translation>
            <numerusform>%n Klon erzeugt</numerusform>
            <numerusform>%n Klone erzeugt</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spawning failed: %1</source>
        <translation>Erzeugen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Destroying domain %1 failed: %2</source>
        <translation>Zerstören von Domäne %1 fehlgeschlagen: %2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Destroying %n clone(s)</source>
        <translation>
            <numerusform>Zerstöre %n Klon</numerusform>
            <numerusform>Zerstöre %n Klone</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ticket %1 ended, %2 clone(s) killed</source>
        <translation>Ticket %1 beendet, %2 Klon(e) beendet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Killing ticket %1 failed: %2</source>
        <translation>Beenden von Ticket %1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>clonedeck::PaletteNavigator</name>
    <message>
        <location filename="../ui/PaletteNavigator.cpp" line="+61"/>
        <source>%1 is not shown (a filter hides it, or it is gone).</source>
        <translation>%1 wird nicht angezeigt (ein Filter verbirgt es, oder es ist weg).</translation>
    </message>
</context>
<context>
    <name>clonedeck::PlatformCommands</name>
    <message>
        <location filename="../ui/PlatformCommands.cpp" line="+19"/>
        <source>&amp;Request ticket…</source>
        <translation>Ticket &amp;anfordern…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Spawn clones…</source>
        <translation>&amp;Klone erzeugen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Destroy selected</source>
        <translation>Auswahl &amp;zerstören</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Kill selected ticket</source>
        <translation>Gewähltes Ticket &amp;beenden</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Request ticket</source>
        <translation>Ticket anfordern</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Spawn clones</source>
        <translation>Klone erzeugen</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>kill domain %1 (%2, %3, ticket %4)</source>
        <translation>Domäne %1 beenden (%2, %3, Ticket %4)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> on %1</source>
        <translation> auf %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select one or more clones to destroy (masters are not destroyed).</source>
        <translation>Wählen Sie einen oder mehrere Klone zum Zerstören (Master werden nicht zerstört).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Destroy clones</source>
        <translation>Klone zerstören</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>Destroy %n clone(s)?</source>
        <translation>
            <numerusform>%n Klon zerstören?</numerusform>
            <numerusform>%n Klone zerstören?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select a ticket in the Tickets tab first.</source>
        <translation>Wählen Sie zuerst ein Ticket im Reiter Tickets.</translation>
    </message>
</context>
<context>
    <name>clonedeck::PlatformConnection</name>
    <message>
        <location filename="../core/cluster/PlatformConnection.cpp" line="+61"/>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>connected, loading…</source>
        <translation>verbunden, lädt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connecting…</source>
        <translation>verbindet…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unreachable: %1 — retrying in %2 s</source>
        <translation>nicht erreichbar: %1 — neuer Versuch in %2 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unreachable: %1 — retrying…</source>
        <translation>nicht erreichbar: %1 — neuer Versuch…</translation>
    </message>
</context>
<context>
    <name>clonedeck::PlatformConnections</name>
    <message>
        <location filename="../core/cluster/PlatformConnections.cpp" line="+22"/>
        <source>a connection needs a name</source>
        <translation>eine Verbindung braucht einen Namen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a connection of this name exists already</source>
        <translation>eine Verbindung dieses Namens gibt es bereits</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>no such connection</source>
        <translation>keine solche Verbindung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the console&apos;s first connection stays while it runs</source>
        <translation>die erste Verbindung der Konsole bleibt, solange sie läuft</translation>
    </message>
</context>
<context>
    <name>clonedeck::PolicyDecisionModel</name>
    <message>
        <location filename="../core/policy/PolicyDecisionModel.cpp" line="+9"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain</source>
        <translation>Domäne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>carried out</source>
        <translation>ausgeführt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>shown only</source>
        <translation>nur angezeigt</translation>
    </message>
</context>
<context>
    <name>clonedeck::PolicyEditor</name>
    <message>
        <location filename="../ui/PolicyEditor.cpp" line="+27"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New policy…</source>
        <translation>&amp;Neue Richtlinie…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cluster:</source>
        <translation>Cluster:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Master domain:</source>
        <translation>Master-Domäne:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manual figure</source>
        <translation>Manueller Wert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command (prints jobs waiting)</source>
        <translation>Befehl (gibt wartende Jobs aus)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue URL (Jenkins JSON)</source>
        <translation>Warteschlangen-URL (Jenkins-JSON)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demand from:</source>
        <translation>Bedarfsquelle:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manual demand</source>
        <translation>Manueller Bedarf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs waiting:</source>
        <translation>Wartende Jobs:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>program and arguments, run without a shell</source>
        <translation>Programm und Argumente, ohne Shell ausgeführt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command:</source>
        <translation>Befehl:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queue URL:</source>
        <translation>Warteschlangen-URL:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Poll every:</source>
        <translation>Abfragen alle:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grow after demand for:</source>
        <translation>Vergrößern bei Bedarf nach:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shrink after idle for:</source>
        <translation>Verkleinern bei Leerlauf nach:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Minimum clones:</source>
        <translation>Mindestanzahl Klone:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Maximum clones:</source>
        <translation>Höchstanzahl Klone:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clones per step:</source>
        <translation>Klone je Schritt:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cool-down between steps:</source>
        <translation>Pause zwischen Schritten:</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>no cap</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>vCPU cap:</source>
        <translation>vCPU-Obergrenze:</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+11"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Memory cap:</source>
        <translation>Speicher-Obergrenze:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Destroy orphan clones</source>
        <translation>Verwaiste Klone zerstören</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unchecked, orphans are only reported in the timeline.</source>
        <translation>Wenn deaktiviert, werden verwaiste Klone nur im Verlauf gemeldet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Agent command:</source>
        <translation>Agent-Befehl:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>vCPUs per clone:</source>
        <translation>vCPUs je Klon:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Memory per clone:</source>
        <translation>Speicher je Klon:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>insecure (no host-key check!)</source>
        <translation>insecure (keine Host-Schlüssel-Prüfung!)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host-key policy:</source>
        <translation>Host-Schlüssel-Richtlinie:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>join</source>
        <translation>join</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kill</source>
        <translation>kill</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End clones by:</source>
        <translation>Klone beenden per:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dry run: show decisions, change nothing</source>
        <translation>Probelauf: Entscheidungen anzeigen, nichts ändern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Enabled</source>
        <translation>&amp;Aktiviert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save policy</source>
        <translation>Richtlinie &amp;speichern</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>Policy of %1 not saved: %2</source>
        <translation>Richtlinie von %1 nicht gespeichert: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Policy of %1 saved.</source>
        <translation>Richtlinie von %1 gespeichert.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restart policy</source>
        <translation>Richtlinie neu starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The policy of %1 is running. Saving restarts it: the agents it started are stopped and their clones ended. Save anyway?</source>
        <translation>Die Richtlinie von %1 läuft. Speichern startet sie neu: Die von ihr gestarteten Agenten werden gestoppt und ihre Klone beendet. Trotzdem speichern?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New policy</source>
        <translation>Neue Richtlinie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cluster name:</source>
        <translation>Clustername:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Policy of %1 not created: %2</source>
        <translation>Richtlinie von %1 nicht angelegt: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Delete policy</source>
        <translation>Richtlinie löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the policy of %1? If it runs, its agents are stopped and their clones ended.</source>
        <translation>Richtlinie von %1 löschen? Läuft sie, werden ihre Agenten gestoppt und ihre Klone beendet.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Policy of %1: %2</source>
        <translation>Richtlinie von %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Policy of %1 enabled.</source>
        <translation>Richtlinie von %1 aktiviert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Policy of %1 disabled.</source>
        <translation>Richtlinie von %1 deaktiviert.</translation>
    </message>
</context>
<context>
    <name>clonedeck::PolicyMonitor</name>
    <message>
        <location filename="../ui/PolicyMonitor.cpp" line="+24"/>
        <source>Demand and running agents</source>
        <translation>Bedarf und laufende Agenten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Demand</source>
        <translation>Bedarf</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Running agents</source>
        <translation>Laufende Agenten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Policy status</source>
        <translation>Richtlinienstatus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Policy decisions</source>
        <translation>Richtlinienentscheidungen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Decisions:</source>
        <translation>Entscheidungen:</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>No policy yet: create one with “New policy…”.</source>
        <translation>Noch keine Richtlinie: Legen Sie eine mit „Neue Richtlinie…“ an.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Policy of %1 is disabled.</source>
        <translation>Richtlinie von %1 ist deaktiviert.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>when demand or agents change</source>
        <translation>wenn sich Bedarf oder Agenten ändern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in %1 s</source>
        <translation>in %1 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1demand %2 · target %3 · active %4 · running %5 · next decision %6</source>
        <translation>%1Bedarf %2 · Ziel %3 · aktiv %4 · laufend %5 · nächste Entscheidung %6</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DRY RUN · </source>
        <translation>PROBELAUF · </translation>
    </message>
</context>
<context>
    <name>clonedeck::PreferencesDialog</name>
    <message>
        <location filename="../ui/PreferencesDialog.cpp" line="+29"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Connection (applies at the next start)</source>
        <translation>Verbindung (gilt ab dem nächsten Start)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Embedded platform (start clonedeckd)</source>
        <translation>&amp;Eingebettete Plattform (clonedeckd starten)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>xenstored &amp;socket:</source>
        <translation>xenstored-&amp;Socket:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standard &amp;Xen path</source>
        <translation>Standard-&amp;Xen-Pfad</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;Keep the embedded platform running when the console quits</source>
        <translation>Eingebettete Plattform beim Beenden der Konsole &amp;weiterlaufen lassen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The next console attaches to it, clones and agents&apos; VMs still running.</source>
        <translation>Die nächste Konsole verbindet sich mit ihr; Klone und die VMs der Agenten laufen weiter.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Agents over SSH</source>
        <translation>Agenten über SSH</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the platform&apos;s client key</source>
        <translation>der Client-Schlüssel der Plattform</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SSH identity file</source>
        <translation>SSH-Identitätsdatei</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Identity file:</source>
        <translation>&amp;Identitätsdatei:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lineage: clones must present their master&apos;s key (default)</source>
        <translation>Abstammung: Klone müssen den Schlüssel ihres Masters vorweisen (Standard)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>known_hosts file</source>
        <translation>known_hosts-Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust on first use, per address</source>
        <translation>Vertrauen bei erster Verwendung, je Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insecure: accept any key</source>
        <translation>Unsicher: jeden Schlüssel akzeptieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ Host keys will NOT be checked: anyone able to answer on a clone&apos;s address can receive the agent&apos;s commands and credentials. Use only on a private test network.</source>
        <translation>⚠ Host-Schlüssel werden NICHT geprüft: Jeder, der unter der Adresse eines Klons antworten kann, erhält die Befehle und Zugangsdaten des Agenten. Nur in einem privaten Testnetz verwenden.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Host-key policy:</source>
        <translation>&amp;Host-Schlüssel-Richtlinie:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Display</source>
        <translation>Anzeige</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agent output arriving within this interval is shown in one repaint.</source>
        <translation>Agentenausgaben, die innerhalb dieses Intervalls eintreffen, werden in einem Durchgang gezeichnet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Coalesce updates for:</source>
        <translation>Aktualisierungen &amp;bündeln für:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Language (at the next start):</source>
        <translation>S&amp;prache (ab dem nächsten Start):</translation>
    </message>
</context>
<context>
    <name>clonedeck::RequestTicketDialog</name>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="+22"/>
        <source>Clones</source>
        <translation>Klone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCPUs per clone</source>
        <translation>vCPUs je Klon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory per clone in MB</source>
        <translation>Speicher je Klon in MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout in milliseconds</source>
        <translation>Zeitlimit in Millisekunden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Clones:</source>
        <translation>&amp;Klone:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;vCPUs each:</source>
        <translation>&amp;vCPUs je Klon:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory each:</source>
        <translation>&amp;Speicher je Klon:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
</context>
<context>
    <name>clonedeck::RowContextMenu</name>
    <message>
        <location filename="../ui/RowContextMenu.cpp" line="+20"/>
        <source>Open &amp;terminal</source>
        <translation>&amp;Terminal öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy &amp;IP</source>
        <translation>&amp;IP kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the &amp;ssh command</source>
        <translation>&amp;ssh-Befehl kopieren</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Select a domain first.</source>
        <translation>Wählen Sie zuerst eine Domäne.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot open a terminal on %1: %2</source>
        <translation>Kann kein Terminal auf %1 öffnen: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Terminal opened on %1.</source>
        <translation>Terminal auf %1 geöffnet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copied %1&apos;s IP %2.</source>
        <translation>IP %2 von %1 kopiert.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No ssh command for %1: %2</source>
        <translation>Kein ssh-Befehl für %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copied the ssh command for %1.</source>
        <translation>ssh-Befehl für %1 kopiert.</translation>
    </message>
</context>
<context>
    <name>clonedeck::SeriesChart</name>
    <message>
        <location filename="../ui/SeriesChart.cpp" line="+62"/>
        <source>last minute</source>
        <translation>letzte Minute</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>seconds ago</source>
        <translation>Sekunden zuvor</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Save chart as PNG…</source>
        <translation>Diagramm als PNG speichern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save data as CSV…</source>
        <translation>Daten als CSV speichern…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save chart data</source>
        <translation>Diagrammdaten speichern</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 10 minutes</source>
        <translation>Letzte 10 Minuten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>last 10 minutes</source>
        <translation>letzte 10 Minuten</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>minutes ago</source>
        <translation>Minuten zuvor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>last hour</source>
        <translation>letzte Stunde</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>could not write the image</source>
        <translation>das Bild konnte nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>clonedeck::TestBenchView</name>
    <message>
        <location filename="../ui/TestBenchView.cpp" line="+52"/>
        <source>Launch timeline</source>
        <translation>Startverlauf</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+1"/>
        <source>Agent output</source>
        <translation>Agentenausgabe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Configure a launch, then run it straight through or step by step.</source>
        <translation>Konfigurieren Sie einen Start und führen Sie ihn dann durchgehend oder Schritt für Schritt aus.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+17"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Host keys will NOT be checked: anyone on the path can impersonate the clones.</source>
        <translation>Host-Schlüssel werden NICHT geprüft: Jeder auf dem Übertragungsweg kann sich als einer der Klone ausgeben.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>join the clones</source>
        <translation>Klone mit join beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kill the clones</source>
        <translation>Klone mit kill beenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Clones</source>
        <translation>&amp;Klone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCPUs each</source>
        <translation>vCPUs je Klon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory each</source>
        <translation>Speicher je Klon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ticket timeout</source>
        <translation>Ticket-Zeitlimit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent co&amp;mmand</source>
        <translation>Agent-Be&amp;fehl</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SSH user</source>
        <translation>SSH-Benutzer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host-key policy</source>
        <translation>Host-Schlüssel-Richtlinie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Launch timeout</source>
        <translation>Start-Zeitlimit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Idle after</source>
        <translation>Leerlauf nach</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tear down by</source>
        <translation>Abbau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+195"/>
        <source>Step &amp;by step</source>
        <translation>Schri&amp;tt für Schritt</translation>
    </message>
    <message>
        <location line="-193"/>
        <source>Tear &amp;down</source>
        <translation>Ab&amp;bauen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save profile…</source>
        <translation>Profil &amp;speichern…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>L&amp;oad profile…</source>
        <translation>Profil &amp;laden…</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Save launch profile</source>
        <translation>Startprofil speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Launch profiles (*.json)</source>
        <translation>Startprofile (*.json)</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Profile saved to %1</source>
        <translation>Profil in %1 gespeichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot save the profile: %1</source>
        <translation>Profil kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Load launch profile</source>
        <translation>Startprofil laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Profile loaded from %1</source>
        <translation>Profil aus %1 geladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot load the profile: %1</source>
        <translation>Profil kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This launch is not valid: %1</source>
        <translation>Dieser Start ist ungültig: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot use host-key policy %1: %2</source>
        <translation>Host-Schlüssel-Richtlinie %1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>[stderr] %1</source>
        <translation>[stderr] %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Paused before “%1”: press Next step.</source>
        <translation>Angehalten vor „%1“: Klicken Sie auf „Nächster Schritt“.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done: the agent exited with %1; everything is torn down.</source>
        <translation>Fertig: Der Agent wurde mit %1 beendet; alles ist abgebaut.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ended: %1</source>
        <translation>Beendet: %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Tearing down…</source>
        <translation>Baue ab…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Next step</source>
        <translation>&amp;Nächster Schritt</translation>
    </message>
</context>
<context>
    <name>clonedeck::TicketModel</name>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="+29"/>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Granted / requested</source>
        <translation>Gewährt / angefordert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory (MB)</source>
        <translation>Speicher (MB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clones live / used</source>
        <translation>Klone lebend / genutzt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
</context>
<context>
    <name>clonedeck::TicketsView</name>
    <message>
        <location filename="../ui/TicketsView.cpp" line="+23"/>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
</context>
<context>
    <name>clonedeck::TimeChart</name>
    <message>
        <location filename="../ui/TimeChart.cpp" line="+35"/>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
</context>
<context>
    <name>clonedeck::UsageChart</name>
    <message>
        <location filename="../ui/UsageChart.cpp" line="+13"/>
        <source>Resource history</source>
        <translation>Ressourcenverlauf</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>CPU (blue, of %1 %) and memory (green), last 2 minutes</source>
        <translation>CPU (blau, von %1 %) und Speicher (grün), letzte 2 Minuten</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="+75"/>
        <source>Console for elastic virtual clusters built on VM cloning.</source>
        <translation>Konsole für elastische virtuelle Cluster aus VM-Klonen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start the embedded platform (clonedeckd) and connect to it.</source>
        <translation>Die eingebettete Plattform (clonedeckd) starten und verbinden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run directory of the embedded platform.</source>
        <translation>Laufzeitverzeichnis der eingebetteten Plattform.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>VM backend of the embedded platform (sandbox or qemu).</source>
        <translation>VM-Backend der eingebetteten Plattform (sandbox oder qemu).</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Connect to the xenstored socket at PATH.</source>
        <translation>Mit dem xenstored-Socket unter PATH verbinden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save a PNG of each main view into DIR once the views are filled, then quit.</source>
        <translation>Jede Hauptansicht als PNG in DIR speichern, sobald sie gefüllt ist, dann beenden.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Also drive the platform at URI, shown as NAME (this run only; repeatable).</source>
        <translation>Auch die Plattform unter URI steuern, angezeigt als NAME (nur für diesen Lauf; wiederholbar).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave the embedded platform running when the console quits (the next start attaches to it).</source>
        <translation>Die eingebettete Plattform beim Beenden der Konsole weiterlaufen lassen (der nächste Start verbindet sich mit ihr).</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Clonedeck</source>
        <translation>Clonedeck</translation>
    </message>
</context>
</TS>
