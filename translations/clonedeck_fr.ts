<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>clonedeck::DashboardView</name>
    <message>
        <location filename="../ui/DashboardView.cpp" line="25" />
        <source>Capacity per host</source>
        <translation>Capacité par hôte</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="26" />
        <source>Domains by state</source>
        <translation>Domaines par état</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="27" />
        <source>Clones</source>
        <translation>Clones</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="28" />
        <source>Free vCPUs</source>
        <translation>vCPU libres</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="32" />
        <source>seconds</source>
        <translation>secondes</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="43" />
        <source>Last ten minutes</source>
        <translation>Dix dernières minutes</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="46" />
        <source>Clones and free vCPUs over time</source>
        <translation>Clones et vCPU libres au fil du temps</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>vCPUs used</source>
        <translation>vCPU utilisés</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>reserved</source>
        <translation>réservés</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>free</source>
        <translation>libres</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="58" />
        <source>Memory used / reserved / free (MB)</source>
        <translation>Mémoire utilisée / réservée / libre (Mo)</translation>
    </message>
    <message>
        <location filename="../ui/DashboardView.cpp" line="82" />
        <source>Domains: %1 (%2 clones) — %3</source>
        <translation>Domaines : %1 (%2 clones) — %3</translation>
    </message>
</context>
<context>
    <name>clonedeck::EmbeddedPlatformProcess</name>
    <message>
        <location filename="../core/cluster/EmbeddedPlatformProcess.cpp" line="32" />
        <source>clonedeckd exited (status %1) before it was ready</source>
        <translation>clonedeckd s’est arrêté (état %1) avant d’être prêt</translation>
    </message>
    <message>
        <location filename="../core/cluster/EmbeddedPlatformProcess.cpp" line="38" />
        <source>cannot start clonedeckd: %1</source>
        <translation>impossible de démarrer clonedeckd : %1</translation>
    </message>
</context>
<context>
    <name>clonedeck::EventLogModel</name>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="29" />
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="30" />
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="31" />
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="32" />
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>clonedeck::MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.cpp" line="62" />
        <location filename="../ui/MainWindow.cpp" line="147" />
        <source>Disconnected</source>
        <translation>Déconnecté</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="65" />
        <source>Clonedeck</source>
        <translation>Clonedeck</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="87" />
        <source>Cluster membership</source>
        <translation>Membres des grappes</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="100" />
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="111" />
        <source>Event log</source>
        <translation>Journal des événements</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="114" />
        <source>Search the event log</source>
        <translation>Rechercher dans le journal</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="115" />
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="126" />
        <source>Filter domains (name, IP, state, ticket…)</source>
        <translation>Filtrer les domaines (nom, IP, état, ticket…)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="127" />
        <source>&amp;Membership</source>
        <translation>&amp;Membres</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="128" />
        <source>&amp;Tickets</source>
        <translation>&amp;Tickets</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="129" />
        <source>&amp;Dashboard</source>
        <translation>&amp;Tableau de bord</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="130" />
        <source>&amp;Event log</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="137" />
        <source>● Connected to %1</source>
        <translation>● Connecté à %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="140" />
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="143" />
        <source>Reconnecting in %1 s…</source>
        <translation>Reconnexion dans %1 s…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="144" />
        <source>Reconnecting…</source>
        <translation>Reconnexion…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="172" />
        <source>&amp;Request ticket…</source>
        <translation>&amp;Demander un ticket…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="173" />
        <source>&amp;Spawn clones…</source>
        <translation>&amp;Créer des clones…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="174" />
        <source>&amp;Destroy selected</source>
        <translation>&amp;Détruire la sélection</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="175" />
        <source>&amp;Kill selected ticket</source>
        <translation>&amp;Terminer le ticket choisi</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="176" />
        <source>Command &amp;palette…</source>
        <translation>&amp;Palette de commandes…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="177" />
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="210" />
        <source>No master to request a ticket for: is the platform connected?</source>
        <translation>Aucun maître pour lequel demander un ticket : la plateforme est-elle connectée ?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="211" />
        <source>Request ticket</source>
        <translation>Demander un ticket</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="214" />
        <source>Requesting %1 × %2 vCPU / %3 MB for domain %4…</source>
        <translation>Demande de %1 × %2 vCPU / %3 Mo pour le domaine %4…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="219" />
        <source>Ticket %1: granted %2 of %3</source>
        <translation>Ticket %1 : %2 sur %3 accordés</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="221" />
        <source>Ticket request failed: %1</source>
        <translation>Échec de la demande de ticket : %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="229" />
        <source>No master to clone: is the platform connected?</source>
        <translation>Aucun maître à cloner : la plateforme est-elle connectée ?</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="230" />
        <source>Spawn clones</source>
        <translation>Créer des clones</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="236" />
        <source>Spawned %n clone(s)</source>
        <translation><numerusform>%n clone créé</numerusform><numerusform>%n clones créés</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="238" />
        <source>Spawning failed: %1</source>
        <translation>Échec de la création : %1</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="251" />
        <source>Select one or more clones to destroy (masters are not destroyed).</source>
        <translation>Choisissez un ou plusieurs clones à détruire (les maîtres ne sont pas détruits).</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="255" />
        <source>kill domain %1 (%2, %3, ticket %4)</source>
        <translation>terminer le domaine %1 (%2, %3, ticket %4)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="256" />
        <source>Destroy clones</source>
        <translation>Détruire des clones</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="257" />
        <source>Destroy %n clone(s)?</source>
        <translation><numerusform>Détruire %n clone ?</numerusform><numerusform>Détruire %n clones ?</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="268" />
        <source>Destroying domain %1 failed: %2</source>
        <translation>Échec de la destruction du domaine %1 : %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/MainWindow.cpp" line="271" />
        <source>Destroying %n clone(s)</source>
        <translation><numerusform>Destruction de %n clone</numerusform><numerusform>Destruction de %n clones</numerusform></translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="280" />
        <source>Select a ticket in the Tickets tab first.</source>
        <translation>Choisissez d’abord un ticket dans l’onglet Tickets.</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="284" />
        <source>Ticket %1 ended, %2 clone(s) killed</source>
        <translation>Ticket %1 terminé, %2 clone(s) terminé(s)</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="286" />
        <source>Killing ticket %1 failed: %2</source>
        <translation>Échec de la terminaison du ticket %1 : %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="301" />
        <source>Command palette</source>
        <translation>Palette de commandes</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="301" />
        <source>Run:</source>
        <translation>Exécuter :</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="308" />
        <source>Export event log</source>
        <translation>Exporter le journal</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="313" />
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.cpp" line="314" />
        <source>Event log exported to %1</source>
        <translation>Journal exporté vers %1</translation>
    </message>
</context>
<context>
    <name>clonedeck::MembershipModel</name>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="80" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="81" />
        <source>Domid</source>
        <translation>Domid</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="82" />
        <source>VM id</source>
        <translation>ID de VM</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="83" />
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="84" />
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="85" />
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="86" />
        <source>SSH port</source>
        <translation>Port SSH</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="87" />
        <source>vCPUs</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="88" />
        <source>Memory (MB)</source>
        <translation>Mémoire (Mo)</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="89" />
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="90" />
        <source>Uptime</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="91" />
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="105" />
        <source>master</source>
        <translation>maître</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="105" />
        <source>clone</source>
        <translation>clone</translation>
    </message>
</context>
<context>
    <name>clonedeck::RequestTicketDialog</name>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="22" />
        <source>Clones</source>
        <translation>Clones</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="23" />
        <source>vCPUs per clone</source>
        <translation>vCPU par clone</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="24" />
        <source>Memory per clone in MB</source>
        <translation>Mémoire par clone en Mo</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="25" />
        <source>Timeout in milliseconds</source>
        <translation>Délai en millisecondes</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="30" />
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="31" />
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="34" />
        <source>&amp;Clones:</source>
        <translation>&amp;Clones :</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="35" />
        <source>&amp;vCPUs each:</source>
        <translation>&amp;vCPU chacun :</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="36" />
        <source>&amp;Memory each:</source>
        <translation>&amp;Mémoire chacun :</translation>
    </message>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="37" />
        <source>&amp;Timeout:</source>
        <translation>&amp;Délai :</translation>
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
        <translation>Propriétaire</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="41" />
        <source>Granted / requested</source>
        <translation>Accordés / demandés</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="42" />
        <source>vCPUs</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="43" />
        <source>Memory (MB)</source>
        <translation>Mémoire (Mo)</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="44" />
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="45" />
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="46" />
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <location filename="../core/models/TicketModel.cpp" line="47" />
        <source>Clones live / used</source>
        <translation>Clones vivants / utilisés</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="40" />
        <source>Console for elastic virtual clusters built on VM cloning.</source>
        <translation>Console de grappes virtuelles élastiques fondées sur le clonage de VM.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="42" />
        <source>Start the embedded platform (clonedeckd) and connect to it.</source>
        <translation>Démarrer la plateforme embarquée (clonedeckd) et s’y connecter.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="43" />
        <source>Run directory of the embedded platform.</source>
        <translation>Répertoire d’exécution de la plateforme embarquée.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="45" />
        <source>Connect to the xenstored socket at PATH.</source>
        <translation>Se connecter au socket xenstored situé à PATH.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="48" />
        <source>Save a PNG of each main view into DIR once the views are filled, then quit.</source>
        <translation>Enregistrer chaque vue principale en PNG dans DIR une fois remplie, puis quitter.</translation>
    </message>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="95" />
        <source>Clonedeck</source>
        <translation>Clonedeck</translation>
    </message>
</context>
</TS>