<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
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
        <translation>&amp;Lancer un agent…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St&amp;op agent</source>
        <translation>A&amp;rrêter l’agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R&amp;estart agent</source>
        <translation>R&amp;edémarrer l’agent</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Agent on domain %1 not launched: %2</source>
        <translation>Agent non lancé sur le domaine %1 : %2</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Select one or more clones to launch an agent on.</source>
        <translation>Choisissez un ou plusieurs clones sur lesquels lancer un agent.</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>Launching “%1” on %n domain(s)…</source>
        <translation>
            <numerusform>Lancement de « %1 » sur %n domaine…</numerusform>
            <numerusform>Lancement de « %1 » sur %n domaines…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No running agent in the selection.</source>
        <translation>Aucun agent en cours d’exécution dans la sélection.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Stopping %n agent(s)…</source>
        <translation>
            <numerusform>Arrêt de %n agent…</numerusform>
            <numerusform>Arrêt de %n agents…</numerusform>
        </translation>
    </message>
    <message>
        <location line="-3"/>
        <source>No agent in the selection to restart.</source>
        <translation>Aucun agent à redémarrer dans la sélection.</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Restarting %n agent(s)…</source>
        <translation>
            <numerusform>Redémarrage de %n agent…</numerusform>
            <numerusform>Redémarrage de %n agents…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clonedeck::AgentModel</name>
    <message>
        <location filename="../core/models/AgentModel.cpp" line="+14"/>
        <source>Domain</source>
        <translation>Domaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retries</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exit</source>
        <translation>Code de sortie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last output</source>
        <translation>Dernière sortie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location filename="../core/ssh/AgentTypes.cpp" line="+15"/>
        <source>waiting for clone</source>
        <translation>en attente du clone</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>waiting for address</source>
        <translation>en attente de l’adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connecting</source>
        <translation>connexion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>handshaking</source>
        <translation>négociation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>authenticating</source>
        <translation>authentification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting</source>
        <translation>démarrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopping</source>
        <translation>arrêt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exited</source>
        <translation>terminé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>en échec</translation>
    </message>
    <message>
        <location filename="../core/models/AgentModel.cpp" line="+34"/>
        <source>%1 (host key NOT checked)</source>
        <translation>%1 (clé d’hôte NON vérifiée)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Host key %1</source>
        <translation>Clé d’hôte %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cluster %1, master %2</source>
        <translation>Grappe %1, maître %2</translation>
    </message>
</context>
<context>
    <name>clonedeck::AgentsView</name>
    <message>
        <location filename="../ui/AgentsView.cpp" line="+41"/>
        <location line="+69"/>
        <source>Select an agent to follow its output.</source>
        <translation>Choisissez un agent pour suivre sa sortie.</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Standard output</source>
        <translation>Sortie standard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standard error</source>
        <translation>Sortie d’erreur</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Agents</source>
        <translation>Agents</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Filter agents (domain, address, command, state…)</source>
        <translation>Filtrer les agents (domaine, adresse, commande, état…)</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Domain %1 at %2: %3 — %4</source>
        <translation>Domaine %1 à %2 : %3 — %4</translation>
    </message>
</context>
<context>
    <name>clonedeck::CommandPalette</name>
    <message>
        <location filename="../ui/CommandPalette.cpp" line="+16"/>
        <source>action</source>
        <translation>action</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>domain</source>
        <translation>domaine</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ticket</source>
        <translation>ticket</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>agent</source>
        <translation>agent</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Type an action, a domain, a ticket or an agent…</source>
        <translation>Saisissez une action, un domaine, un ticket ou un agent…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command palette</source>
        <translation>Palette de commandes</translation>
    </message>
    <message>
        <location filename="../ui/PaletteEntries.cpp" line="+43"/>
        <source>agent %1 on %2</source>
        <translation>agent %1 sur %2</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConnectionManager</name>
    <message>
        <location filename="../core/console/ConnectionManager.cpp" line="+26"/>
        <source>not a connection URI (unix:///path/to/socket or ssh://[user@]host[:port]/path/to/socket): %1</source>
        <translation>pas une URI de connexion (unix:///chemin/du/socket ou ssh://[utilisateur@]hôte[:port]/chemin/du/socket) : %1</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>a connection of this name exists already</source>
        <translation>une connexion de ce nom existe déjà</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConnectionModel</name>
    <message>
        <location filename="../core/models/ConnectionModel.cpp" line="+10"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URI</source>
        <translation>URI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>État</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConnectionStatus</name>
    <message numerus="yes">
        <location filename="../ui/ConnectionStatus.cpp" line="+33"/>
        <source>● %1 of %n host(s) connected</source>
        <translation>
            <numerusform>● %1 hôte sur %n connecté</numerusform>
            <numerusform>● %1 hôtes sur %n connectés</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>● Connected to %1</source>
        <translation>● Connecté à %1</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConnectionsDialog</name>
    <message>
        <location filename="../ui/ConnectionsDialog.cpp" line="+29"/>
        <source>&amp;Add</source>
        <translation>&amp;Ajouter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;pply to selected</source>
        <translation>A&amp;ppliquer à la sélection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove selected</source>
        <translation>&amp;Retirer la sélection</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>Connections</source>
        <translation>Connexions</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;URI:</source>
        <translation>&amp;URI :</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Connection %1 added; connecting to %2</source>
        <translation>Connexion %1 ajoutée ; connexion à %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connection %1 changed; connecting to %2</source>
        <translation>Connexion %1 modifiée ; connexion à %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select the connection to change first.</source>
        <translation>Sélectionnez d&apos;abord la connexion à modifier.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Select the connection to remove first.</source>
        <translation>Sélectionnez d&apos;abord la connexion à retirer.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove connection</source>
        <translation>Retirer la connexion</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove the connection %1?</source>
        <translation>Retirer la connexion %1 ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its rows leave the console; the platform itself and its VMs are not touched.</source>
        <translation>Ses lignes quittent la console ; la plateforme elle-même et ses VM ne sont pas touchées.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection %1 removed</source>
        <translation>Connexion %1 retirée</translation>
    </message>
</context>
<context>
    <name>clonedeck::ConsoleAlerts</name>
    <message>
        <location filename="../core/console/ConsoleAlerts.cpp" line="+27"/>
        <location line="+6"/>
        <source>Agent failed</source>
        <translation>Échec d’un agent</translation>
    </message>
    <message>
        <location line="-6"/>
        <location line="+7"/>
        <source>Agent %1: %2</source>
        <translation>Agent %1 : %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its command exited with status %1</source>
        <translation>sa commande s’est terminée avec le statut %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Policy cannot provision</source>
        <translation>La politique ne peut pas provisionner</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cluster %1: %2</source>
        <translation>Grappe %1 : %2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Platform unreachable</source>
        <translation>Plateforme injoignable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The connection to the platform was lost; the console reconnects.</source>
        <translation>La connexion à la plateforme est perdue ; la console se reconnecte.</translation>
    </message>
    <message numerus="yes">
        <location line="+23"/>
        <source>%n events, the last: %1</source>
        <translation>
            <numerusform>%n événement, le dernier : %1</numerusform>
            <numerusform>%n événements, le dernier : %1</numerusform>
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
        <translation>Clones, agents et tickets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clones started and ended per second</source>
        <translation>Clones démarrés et terminés par seconde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free vCPUs per host</source>
        <translation>vCPU libres par hôte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free memory per host (MB)</source>
        <translation>Mémoire libre par hôte (Mo)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time range</source>
        <translation>Période</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domains by state</source>
        <translation>Domaines par état</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>H&amp;ost:</source>
        <translation>Hô&amp;te :</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>All hosts</source>
        <translation>Tous les hôtes</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Clones</source>
        <translation>Clones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running agents</source>
        <translation>Agents en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pending tickets</source>
        <translation>Tickets en attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Granted tickets</source>
        <translation>Tickets accordés</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Clones started/s</source>
        <translation>Clones démarrés/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clones ended/s</source>
        <translation>Clones terminés/s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Range:</source>
        <translation>&amp;Période :</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Domains: %1 (%2 clones) — %3</source>
        <translation>Domaines : %1 (%2 clones) — %3</translation>
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
        <translation>Lignée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Host key</source>
        <translation>Clé d’hôte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last output</source>
        <translation>Dernière sortie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usage</source>
        <translation>Consommation</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Select a domain to see its details.</source>
        <translation>Sélectionnez un domaine pour voir ses détails.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (domid %2, %3)</source>
        <translation>%1 (domid %2, %3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none (a master)</source>
        <translation>aucun (un maître)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>master of cluster %1</source>
        <translation>maître de la grappe %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clone %1 of %2 (domid %3), cluster %4</source>
        <translation>clone %1 de %2 (domid %3), grappe %4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an unknown master</source>
        <translation>un maître inconnu</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>idle (nothing running)</source>
        <translation>inactif (rien ne tourne)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 % CPU, %2 MB resident, %3 MB proportional, %4 process(es)</source>
        <translation>%1 % CPU, %2 Mo résidents, %3 Mo proportionnels, %4 processus</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>none launched</source>
        <translation>aucun lancé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not seen yet (no agent has connected)</source>
        <translation>pas encore vue (aucun agent ne s’est connecté)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not verified yet</source>
        <translation>pas encore vérifiée</translation>
    </message>
</context>
<context>
    <name>clonedeck::EmbeddedPlatformProcess</name>
    <message>
        <location filename="../core/cluster/EmbeddedPlatformProcess.cpp" line="+63"/>
        <source>clonedeckd exited (status %1) before it was ready</source>
        <translation>clonedeckd s’est arrêté (état %1) avant d’être prêt</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+59"/>
        <source>cannot start clonedeckd: %1</source>
        <translation>impossible de démarrer clonedeckd : %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>clonedeckd (pid %1) exited before it was ready</source>
        <translation>clonedeckd (pid %1) s’est terminé avant d’être prêt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>clonedeckd (pid %1) did not become ready in %2 s</source>
        <translation>clonedeckd (pid %1) n’est pas prêt après %2 s</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Quit the console or clonectl using that platform and stop it (kill the pid named), or start the console with another run directory (--run-dir DIR).</source>
        <translation>Quittez la console ou clonectl qui utilisent cette plateforme et arrêtez-la (tuez le pid indiqué), ou démarrez la console avec un autre répertoire d’exécution (--run-dir RÉP).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The run directory must be a private directory (mode 0700) of your own: fix or remove it, or choose another with --run-dir DIR.</source>
        <translation>Le répertoire d’exécution doit être un répertoire privé (mode 0700) vous appartenant : corrigez-le ou supprimez-le, ou choisissez-en un autre avec --run-dir RÉP.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Install what the platform needs (bash packaging/install-deps.sh), then start again.</source>
        <translation>Installez ce dont la plateforme a besoin (bash packaging/install-deps.sh), puis redémarrez.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The platform is still busy or hung: see its log in the run directory, stop it (kill the pid named) and start again.</source>
        <translation>La plateforme est encore occupée ou bloquée : consultez son journal dans le répertoire d’exécution, arrêtez-la (tuez le pid indiqué) et redémarrez.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>See clonedeckd&apos;s lines in the event log (or clonedeckd.log in the run directory), fix the cause and start the console again.</source>
        <translation>Consultez les lignes de clonedeckd dans le journal des événements (ou clonedeckd.log dans le répertoire d’exécution), corrigez la cause et redémarrez la console.</translation>
    </message>
</context>
<context>
    <name>clonedeck::EventLogModel</name>
    <message>
        <location filename="../core/models/EventLogModel.cpp" line="+10"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>clonedeck::EventLogView</name>
    <message>
        <location filename="../ui/EventLogView.cpp" line="+24"/>
        <source>Event log</source>
        <translation>Journal des événements</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search the event log</source>
        <translation>Rechercher dans le journal</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export event log</source>
        <translation>Exporter le journal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event log exported to %1</source>
        <translation>Journal exporté vers %1</translation>
    </message>
</context>
<context>
    <name>clonedeck::HostCapacityTable</name>
    <message>
        <location filename="../ui/HostCapacityTable.cpp" line="+13"/>
        <source>Host</source>
        <translation>Hôte</translation>
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
        <translation>vCPU</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>Memory</source>
        <translation>Mémoire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capacity per host</source>
        <translation>Capacité par hôte</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>MB</source>
        <translation>Mo</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 used + %2 reserved of %3 %4</source>
        <translation>%1 utilisés + %2 réservés sur %3 %4</translation>
    </message>
</context>
<context>
    <name>clonedeck::LaunchAgentDialog</name>
    <message>
        <location filename="../ui/LaunchAgentDialog.cpp" line="+19"/>
        <source>Launch agent</source>
        <translation>Lancer un agent</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>Run an agent on %n domain(s) over SSH.</source>
        <translation>
            <numerusform>Exécuter un agent sur %n domaine via SSH.</numerusform>
            <numerusform>Exécuter un agent sur %n domaines via SSH.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Command:</source>
        <translation>&amp;Commande :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>insecure — host keys are NOT checked (change it in Preferences)</source>
        <translation>insecure — les clés d’hôte ne sont PAS vérifiées (modifiable dans les Préférences)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Host-key policy:</source>
        <translation>Politique de clé d’hôte :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Launch</source>
        <translation>&amp;Lancer</translation>
    </message>
</context>
<context>
    <name>clonedeck::LaunchTimelineModel</name>
    <message>
        <location filename="../core/models/LaunchTimelineModel.cpp" line="+7"/>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ended</source>
        <translation>Fin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Request ticket</source>
        <translation>Demander un ticket</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Clone</source>
        <translation>Cloner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve address</source>
        <translation>Résoudre l’adresse</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wait for SSH</source>
        <translation>Attendre SSH</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start agent</source>
        <translation>Démarrer l’agent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run</source>
        <translation>Exécuter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tear down</source>
        <translation>Démonter</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>succeeded</source>
        <translation>réussi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>en échec</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>skipped</source>
        <translation>ignoré</translation>
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
        <translation>&amp;Membres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tickets</source>
        <translation>&amp;Tickets</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Agents</source>
        <translation>&amp;Agents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test &amp;bench</source>
        <translation>&amp;Banc d’essai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dashboard</source>
        <translation>&amp;Tableau de bord</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Policy</source>
        <translation>&amp;Politique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Event log</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Command &amp;palette…</source>
        <translation>&amp;Palette de commandes…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P&amp;references…</source>
        <translation>P&amp;références…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Co&amp;nnections…</source>
        <translation>Co&amp;nnexions…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Elastic p&amp;olicies</source>
        <translation>P&amp;olitiques élastiques</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Preferences saved; the connection and language apply at the next start.</source>
        <translation>Préférences enregistrées ; la connexion et la langue s’appliquent au prochain démarrage.</translation>
    </message>
</context>
<context>
    <name>clonedeck::MembershipModel</name>
    <message>
        <location filename="../core/models/MembershipModel.cpp" line="+89"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Domid</source>
        <translation>Domid</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>VM id</source>
        <translation>ID de VM</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SSH port</source>
        <translation>Port SSH</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCPUs</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Memory (MB)</source>
        <translation>Mémoire (Mo)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Uptime</source>
        <translation>Durée</translation>
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
        <translation>Mémoire utilisée</translation>
    </message>
    <message>
        <location filename="../core/models/MembershipCells.cpp" line="+14"/>
        <source>master</source>
        <translation>maître</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clone</source>
        <translation>clone</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Sandbox VM: a directory and processes on its host</source>
        <translation>VM bac à sable : un répertoire et des processus sur son hôte</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>QEMU VM: a clone is a fork-style replica of its running master</source>
        <translation>VM QEMU : un clone est une réplique (fork) de son maître en cours d’exécution</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not said: the platform that runs it is of an older version</source>
        <translation>Non indiqué : la plateforme qui l’exécute est d’une version plus ancienne</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 MB</source>
        <translation>%1 Mo</translation>
    </message>
</context>
<context>
    <name>clonedeck::MembershipView</name>
    <message>
        <location filename="../ui/MembershipView.cpp" line="+68"/>
        <source>Cluster membership</source>
        <translation>Membres des grappes</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Filter domains (name, IP, state, ticket…)</source>
        <translation>Filtrer les domaines (nom, IP, état, ticket…)</translation>
    </message>
</context>
<context>
    <name>clonedeck::OperationProgress</name>
    <message>
        <location filename="../ui/OperationProgress.h" line="+34"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../ui/OperationProgress.cpp" line="+20"/>
        <source>Cancel the pending operation</source>
        <translation>Annuler l’opération en cours</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>%1 (%2 s of at most %3 s)</source>
        <translation>%1 (%2 s sur %3 s au plus)</translation>
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
            <numerusform> · %n autre en attente</numerusform>
            <numerusform> · %n autres en attente</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clonedeck::Operations</name>
    <message>
        <location filename="../core/console/Operations.cpp" line="+20"/>
        <source>No connection named %1</source>
        <translation>Aucune connexion nommée %1</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>No master to request a ticket for: is the platform connected?</source>
        <translation>Aucun maître pour lequel demander un ticket : la plateforme est-elle connectée ?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Requesting %1 × %2 vCPU / %3 MB for domain %4…</source>
        <translation>Demande de %1 × %2 vCPU / %3 Mo pour le domaine %4…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Requesting a ticket for %1 clone(s)</source>
        <translation>Demande d’un ticket pour %1 clone(s)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ticket request cancelled; a ticket granted after all is released at once.</source>
        <translation>Demande de ticket annulée ; un ticket accordé malgré tout est libéré aussitôt.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ticket %1: granted %2 of %3</source>
        <translation>Ticket %1 : %2 sur %3 accordés</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ticket request failed: %1</source>
        <translation>Échec de la demande de ticket : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No master to clone: is the platform connected?</source>
        <translation>Aucun maître à cloner : la plateforme est-elle connectée ?</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Spawning %n clone(s)</source>
        <translation>
            <numerusform>Création de %n clone</numerusform>
            <numerusform>Création de %n clones</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spawning cancelled; clones that arrive after all are destroyed at once.</source>
        <translation>Création annulée ; les clones qui arrivent malgré tout sont détruits aussitôt.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Spawned %n clone(s)</source>
        <translation>
            <numerusform>%n clone créé</numerusform>
            <numerusform>%n clones créés</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Spawning failed: %1</source>
        <translation>Échec de la création : %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Destroying domain %1 failed: %2</source>
        <translation>Échec de la destruction du domaine %1 : %2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Destroying %n clone(s)</source>
        <translation>
            <numerusform>Destruction de %n clone</numerusform>
            <numerusform>Destruction de %n clones</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ticket %1 ended, %2 clone(s) killed</source>
        <translation>Ticket %1 terminé, %2 clone(s) terminé(s)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Killing ticket %1 failed: %2</source>
        <translation>Échec de la terminaison du ticket %1 : %2</translation>
    </message>
</context>
<context>
    <name>clonedeck::PaletteNavigator</name>
    <message>
        <location filename="../ui/PaletteNavigator.cpp" line="+61"/>
        <source>%1 is not shown (a filter hides it, or it is gone).</source>
        <translation>%1 n’est pas affiché (un filtre le masque, ou il a disparu).</translation>
    </message>
</context>
<context>
    <name>clonedeck::PlatformCommands</name>
    <message>
        <location filename="../ui/PlatformCommands.cpp" line="+19"/>
        <source>&amp;Request ticket…</source>
        <translation>&amp;Demander un ticket…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Spawn clones…</source>
        <translation>&amp;Créer des clones…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Destroy selected</source>
        <translation>&amp;Détruire la sélection</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Kill selected ticket</source>
        <translation>&amp;Terminer le ticket choisi</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Request ticket</source>
        <translation>Demander un ticket</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Spawn clones</source>
        <translation>Créer des clones</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>kill domain %1 (%2, %3, ticket %4)</source>
        <translation>terminer le domaine %1 (%2, %3, ticket %4)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> on %1</source>
        <translation> sur %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select one or more clones to destroy (masters are not destroyed).</source>
        <translation>Choisissez un ou plusieurs clones à détruire (les maîtres ne sont pas détruits).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Destroy clones</source>
        <translation>Détruire des clones</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>Destroy %n clone(s)?</source>
        <translation>
            <numerusform>Détruire %n clone ?</numerusform>
            <numerusform>Détruire %n clones ?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Select a ticket in the Tickets tab first.</source>
        <translation>Choisissez d’abord un ticket dans l’onglet Tickets.</translation>
    </message>
</context>
<context>
    <name>clonedeck::PlatformConnection</name>
    <message>
        <location filename="../core/cluster/PlatformConnection.cpp" line="+61"/>
        <source>connected</source>
        <translation>connecté</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>connected, loading…</source>
        <translation>connecté, chargement…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connecting…</source>
        <translation>connexion…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no answer</source>
        <translation>pas de réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unreachable: %1 — retrying in %2 s</source>
        <translation>injoignable : %1 — nouvel essai dans %2 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unreachable: %1 — retrying…</source>
        <translation>injoignable : %1 — nouvel essai…</translation>
    </message>
</context>
<context>
    <name>clonedeck::PlatformConnections</name>
    <message>
        <location filename="../core/cluster/PlatformConnections.cpp" line="+22"/>
        <source>a connection needs a name</source>
        <translation>une connexion doit avoir un nom</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a connection of this name exists already</source>
        <translation>une connexion de ce nom existe déjà</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>no such connection</source>
        <translation>connexion inconnue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the console&apos;s first connection stays while it runs</source>
        <translation>la première connexion de la console reste tant qu’elle tourne</translation>
    </message>
</context>
<context>
    <name>clonedeck::PolicyDecisionModel</name>
    <message>
        <location filename="../core/policy/PolicyDecisionModel.cpp" line="+9"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cluster</source>
        <translation>Grappe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain</source>
        <translation>Domaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>carried out</source>
        <translation>exécutée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>shown only</source>
        <translation>affichée seulement</translation>
    </message>
</context>
<context>
    <name>clonedeck::PolicyEditor</name>
    <message>
        <location filename="../ui/PolicyEditor.cpp" line="+27"/>
        <source>Cluster</source>
        <translation>Grappe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New policy…</source>
        <translation>&amp;Nouvelle politique…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cluster:</source>
        <translation>Grappe :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Master domain:</source>
        <translation>Domaine maître :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Manual figure</source>
        <translation>Valeur manuelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command (prints jobs waiting)</source>
        <translation>Commande (affiche les tâches en attente)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queue URL (Jenkins JSON)</source>
        <translation>URL de file d’attente (JSON Jenkins)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demand from:</source>
        <translation>Source de la demande :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manual demand</source>
        <translation>Demande manuelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs waiting:</source>
        <translation>Tâches en attente :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>program and arguments, run without a shell</source>
        <translation>programme et arguments, exécutés sans shell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command:</source>
        <translation>Commande :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Queue URL:</source>
        <translation>URL de la file :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Poll every:</source>
        <translation>Interroger toutes les :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grow after demand for:</source>
        <translation>Agrandir si la demande dure :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shrink after idle for:</source>
        <translation>Réduire si l’inactivité dure :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Minimum clones:</source>
        <translation>Clones minimum :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Maximum clones:</source>
        <translation>Clones maximum :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clones per step:</source>
        <translation>Clones par étape :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cool-down between steps:</source>
        <translation>Délai entre les étapes :</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>no cap</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>vCPU cap:</source>
        <translation>Plafond de vCPU :</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+11"/>
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Memory cap:</source>
        <translation>Plafond de mémoire :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Destroy orphan clones</source>
        <translation>Détruire les clones orphelins</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unchecked, orphans are only reported in the timeline.</source>
        <translation>Si la case est décochée, les orphelins sont seulement signalés dans la chronologie.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Agent command:</source>
        <translation>Commande de l’agent :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>vCPUs per clone:</source>
        <translation>vCPU par clone :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Memory per clone:</source>
        <translation>Mémoire par clone :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>insecure (no host-key check!)</source>
        <translation>insecure (aucune vérification de clé d’hôte !)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host-key policy:</source>
        <translation>Politique de clé d’hôte :</translation>
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
        <translation>Terminer les clones par :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dry run: show decisions, change nothing</source>
        <translation>Simulation : afficher les décisions sans rien changer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Enabled</source>
        <translation>&amp;Activée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save policy</source>
        <translation>&amp;Enregistrer la politique</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>Policy of %1 not saved: %2</source>
        <translation>Politique de %1 non enregistrée : %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Policy of %1 saved.</source>
        <translation>Politique de %1 enregistrée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Restart policy</source>
        <translation>Redémarrer la politique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The policy of %1 is running. Saving restarts it: the agents it started are stopped and their clones ended. Save anyway?</source>
        <translation>La politique de %1 est en cours. L’enregistrer la redémarre : les agents qu’elle a lancés sont arrêtés et leurs clones terminés. Enregistrer quand même ?</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New policy</source>
        <translation>Nouvelle politique</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cluster name:</source>
        <translation>Nom de la grappe :</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Policy of %1 not created: %2</source>
        <translation>Politique de %1 non créée : %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Delete policy</source>
        <translation>Supprimer la politique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the policy of %1? If it runs, its agents are stopped and their clones ended.</source>
        <translation>Supprimer la politique de %1 ? Si elle est en cours, ses agents sont arrêtés et leurs clones terminés.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Policy of %1: %2</source>
        <translation>Politique de %1 : %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Policy of %1 enabled.</source>
        <translation>Politique de %1 activée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Policy of %1 disabled.</source>
        <translation>Politique de %1 désactivée.</translation>
    </message>
</context>
<context>
    <name>clonedeck::PolicyMonitor</name>
    <message>
        <location filename="../ui/PolicyMonitor.cpp" line="+24"/>
        <source>Demand and running agents</source>
        <translation>Demande et agents en cours</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Demand</source>
        <translation>Demande</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Running agents</source>
        <translation>Agents en cours</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Policy status</source>
        <translation>État de la politique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Policy decisions</source>
        <translation>Décisions de la politique</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Decisions:</source>
        <translation>Décisions :</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>No policy yet: create one with “New policy…”.</source>
        <translation>Aucune politique pour l’instant : créez-en une avec « Nouvelle politique… ».</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Policy of %1 is disabled.</source>
        <translation>La politique de %1 est désactivée.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>when demand or agents change</source>
        <translation>quand la demande ou les agents changent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in %1 s</source>
        <translation>dans %1 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1demand %2 · target %3 · active %4 · running %5 · next decision %6</source>
        <translation>%1demande %2 · cible %3 · actifs %4 · en cours %5 · prochaine décision %6</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DRY RUN · </source>
        <translation>SIMULATION · </translation>
    </message>
</context>
<context>
    <name>clonedeck::PreferencesDialog</name>
    <message>
        <location filename="../ui/PreferencesDialog.cpp" line="+29"/>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Connection (applies at the next start)</source>
        <translation>Connexion (prise en compte au prochain démarrage)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Embedded platform (start clonedeckd)</source>
        <translation>Plateforme &amp;embarquée (démarrer clonedeckd)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>xenstored &amp;socket:</source>
        <translation>&amp;Socket xenstored :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standard &amp;Xen path</source>
        <translation>Chemin &amp;Xen standard</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&amp;Keep the embedded platform running when the console quits</source>
        <translation>&amp;Garder la plateforme embarquée en marche quand la console se ferme</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The next console attaches to it, clones and agents&apos; VMs still running.</source>
        <translation>La console suivante s’y rattache ; les clones et les VM des agents continuent de tourner.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Agents over SSH</source>
        <translation>Agents via SSH</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the platform&apos;s client key</source>
        <translation>la clé client de la plateforme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SSH identity file</source>
        <translation>Fichier d’identité SSH</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Identity file:</source>
        <translation>Fichier d’&amp;identité :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Lineage: clones must present their master&apos;s key (default)</source>
        <translation>Lignée : les clones doivent présenter la clé de leur maître (par défaut)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>known_hosts file</source>
        <translation>Fichier known_hosts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust on first use, per address</source>
        <translation>Confiance au premier usage, par adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insecure: accept any key</source>
        <translation>Non sécurisé : accepter toute clé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>⚠ Host keys will NOT be checked: anyone able to answer on a clone&apos;s address can receive the agent&apos;s commands and credentials. Use only on a private test network.</source>
        <translation>⚠ Les clés d’hôte ne seront PAS vérifiées : quiconque peut répondre à l’adresse d’un clone peut recevoir les commandes et les identifiants de l’agent. À n’utiliser que sur un réseau de test privé.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Host-key policy:</source>
        <translation>Politique de clé d’&amp;hôte :</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Display</source>
        <translation>Affichage</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agent output arriving within this interval is shown in one repaint.</source>
        <translation>La sortie des agents arrivant dans cet intervalle est affichée en un seul rafraîchissement.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Coalesce updates for:</source>
        <translation>&amp;Regrouper les mises à jour pendant :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Language (at the next start):</source>
        <translation>&amp;Langue (au prochain démarrage) :</translation>
    </message>
</context>
<context>
    <name>clonedeck::RequestTicketDialog</name>
    <message>
        <location filename="../ui/RequestTicketDialog.cpp" line="+22"/>
        <source>Clones</source>
        <translation>Clones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCPUs per clone</source>
        <translation>vCPU par clone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory per clone in MB</source>
        <translation>Mémoire par clone en Mo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout in milliseconds</source>
        <translation>Délai en millisecondes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> MB</source>
        <translation> Mo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Clones:</source>
        <translation>&amp;Clones :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;vCPUs each:</source>
        <translation>&amp;vCPU chacun :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory each:</source>
        <translation>&amp;Mémoire chacun :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Timeout:</source>
        <translation>&amp;Délai :</translation>
    </message>
</context>
<context>
    <name>clonedeck::RowContextMenu</name>
    <message>
        <location filename="../ui/RowContextMenu.cpp" line="+20"/>
        <source>Open &amp;terminal</source>
        <translation>Ouvrir un &amp;terminal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy &amp;IP</source>
        <translation>Copier l’&amp;IP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the &amp;ssh command</source>
        <translation>Copier la commande &amp;ssh</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Select a domain first.</source>
        <translation>Sélectionnez d’abord un domaine.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot open a terminal on %1: %2</source>
        <translation>Impossible d’ouvrir un terminal sur %1 : %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Terminal opened on %1.</source>
        <translation>Terminal ouvert sur %1.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copied %1&apos;s IP %2.</source>
        <translation>IP %2 de %1 copiée.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No ssh command for %1: %2</source>
        <translation>Pas de commande ssh pour %1 : %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copied the ssh command for %1.</source>
        <translation>Commande ssh pour %1 copiée.</translation>
    </message>
</context>
<context>
    <name>clonedeck::SeriesChart</name>
    <message>
        <location filename="../ui/SeriesChart.cpp" line="+62"/>
        <source>last minute</source>
        <translation>dernière minute</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>seconds ago</source>
        <translation>secondes écoulées</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Save chart as PNG…</source>
        <translation>Enregistrer le graphique en PNG…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save data as CSV…</source>
        <translation>Enregistrer les données en CSV…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save chart</source>
        <translation>Enregistrer le graphique</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>Images PNG (*.png)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save chart data</source>
        <translation>Enregistrer les données du graphique</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Last minute</source>
        <translation>Dernière minute</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 10 minutes</source>
        <translation>10 dernières minutes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>last 10 minutes</source>
        <translation>10 dernières minutes</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>minutes ago</source>
        <translation>minutes écoulées</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last hour</source>
        <translation>Dernière heure</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>last hour</source>
        <translation>dernière heure</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>could not write the image</source>
        <translation>impossible d’écrire l’image</translation>
    </message>
</context>
<context>
    <name>clonedeck::TestBenchView</name>
    <message>
        <location filename="../ui/TestBenchView.cpp" line="+52"/>
        <source>Launch timeline</source>
        <translation>Chronologie du lancement</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+1"/>
        <source>Agent output</source>
        <translation>Sortie de l’agent</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Configure a launch, then run it straight through or step by step.</source>
        <translation>Configurez un lancement, puis exécutez-le d’une traite ou pas à pas.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source> MB</source>
        <translation> Mo</translation>
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
        <translation>Les clés d’hôte ne seront PAS vérifiées : n’importe qui sur le chemin peut usurper l’identité des clones.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>join the clones</source>
        <translation>terminer les clones par join</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kill the clones</source>
        <translation>terminer les clones par kill</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Clones</source>
        <translation>&amp;Clones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCPUs each</source>
        <translation>vCPU chacun</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory each</source>
        <translation>Mémoire chacun</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ticket timeout</source>
        <translation>Délai du ticket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent co&amp;mmand</source>
        <translation>Co&amp;mmande de l’agent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SSH user</source>
        <translation>Utilisateur SSH</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host-key policy</source>
        <translation>Politique de clé d’hôte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Launch timeout</source>
        <translation>Délai de lancement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Idle after</source>
        <translation>Inactif après</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tear down by</source>
        <translation>Démontage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Run</source>
        <translation>&amp;Exécuter</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+195"/>
        <source>Step &amp;by step</source>
        <translation>&amp;Pas à pas</translation>
    </message>
    <message>
        <location line="-193"/>
        <source>Tear &amp;down</source>
        <translation>&amp;Démonter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save profile…</source>
        <translation>En&amp;registrer le profil…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>L&amp;oad profile…</source>
        <translation>C&amp;harger un profil…</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Save launch profile</source>
        <translation>Enregistrer le profil de lancement</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Launch profiles (*.json)</source>
        <translation>Profils de lancement (*.json)</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Profile saved to %1</source>
        <translation>Profil enregistré dans %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot save the profile: %1</source>
        <translation>Impossible d’enregistrer le profil : %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Load launch profile</source>
        <translation>Charger un profil de lancement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Profile loaded from %1</source>
        <translation>Profil chargé depuis %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot load the profile: %1</source>
        <translation>Impossible de charger le profil : %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This launch is not valid: %1</source>
        <translation>Ce lancement n’est pas valide : %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot use host-key policy %1: %2</source>
        <translation>Impossible d’utiliser la politique de clé d’hôte %1 : %2</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>[stderr] %1</source>
        <translation>[stderr] %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Paused before “%1”: press Next step.</source>
        <translation>En pause avant « %1 » : cliquez sur « Étape suivante ».</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done: the agent exited with %1; everything is torn down.</source>
        <translation>Terminé : l’agent s’est arrêté avec le code %1 ; tout est démonté.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ended: %1</source>
        <translation>Terminé : %1</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Tearing down…</source>
        <translation>Démontage…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Next step</source>
        <translation>Étape &amp;suivante</translation>
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
        <translation>Propriétaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Granted / requested</source>
        <translation>Accordés / demandés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vCPUs</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory (MB)</source>
        <translation>Mémoire (Mo)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clones live / used</source>
        <translation>Clones vivants / utilisés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>Hôte</translation>
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
        <translation>secondes</translation>
    </message>
</context>
<context>
    <name>clonedeck::UsageChart</name>
    <message>
        <location filename="../ui/UsageChart.cpp" line="+13"/>
        <source>Resource history</source>
        <translation>Historique des ressources</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>CPU (blue, of %1 %) and memory (green), last 2 minutes</source>
        <translation>CPU (bleu, sur %1 %) et mémoire (vert), 2 dernières minutes</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/clonedeck/main.cpp" line="+75"/>
        <source>Console for elastic virtual clusters built on VM cloning.</source>
        <translation>Console de grappes virtuelles élastiques fondées sur le clonage de VM.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start the embedded platform (clonedeckd) and connect to it.</source>
        <translation>Démarrer la plateforme embarquée (clonedeckd) et s’y connecter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run directory of the embedded platform.</source>
        <translation>Répertoire d’exécution de la plateforme embarquée.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>VM backend of the embedded platform (sandbox or qemu).</source>
        <translation>Backend de VM de la plateforme embarquée (sandbox ou qemu).</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Connect to the xenstored socket at PATH.</source>
        <translation>Se connecter au socket xenstored situé à PATH.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save a PNG of each main view into DIR once the views are filled, then quit.</source>
        <translation>Enregistrer chaque vue principale en PNG dans DIR une fois remplie, puis quitter.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Also drive the platform at URI, shown as NAME (this run only; repeatable).</source>
        <translation>Piloter aussi la plateforme à URI, affichée comme NOM (pour cette exécution ; répétable).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave the embedded platform running when the console quits (the next start attaches to it).</source>
        <translation>Laisser la plateforme embarquée en marche quand la console se ferme (le démarrage suivant s’y rattache).</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Clonedeck</source>
        <translation>Clonedeck</translation>
    </message>
</context>
</TS>
