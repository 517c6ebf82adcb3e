#!/usr/bin/env python3
"""Fills clonedeck_de.ts and clonedeck_fr.ts from the glossary below after `make
translations` (lupdate) added new source texts. Strings not in the glossary stay
unfinished, so lrelease reports them."""
import sys
import xml.etree.ElementTree as ET

GLOSSARY = {
    'Capacity per host': ('Kapazität je Host', 'Capacité par hôte'),
    'Domains by state': ('Domänen nach Zustand', 'Domaines par état'),
    'Clones': ('Klone', 'Clones'),
    'Free vCPUs': ('Freie vCPUs', 'vCPU libres'),
    'seconds': ('Sekunden', 'secondes'),
    'Last ten minutes': ('Letzte zehn Minuten', 'Dix dernières minutes'),
    'Clones and free vCPUs over time': ('Klone und freie vCPUs im Zeitverlauf', 'Clones et vCPU libres au fil du temps'),
    'Host': ('Host', 'Hôte'),
    'vCPUs used': ('vCPUs belegt', 'vCPU utilisés'),
    'reserved': ('reserviert', 'réservés'),
    'free': ('frei', 'libres'),
    'Memory used / reserved / free (MB)': ('Speicher belegt / reserviert / frei (MB)', 'Mémoire utilisée / réservée / libre (Mo)'),
    'Domains: %1 (%2 clones) — %3': ('Domänen: %1 (%2 Klone) — %3', 'Domaines : %1 (%2 clones) — %3'),
    'clonedeckd exited (status %1) before it was ready': ('clonedeckd wurde beendet (Status %1), bevor es bereit war', 'clonedeckd s’est arrêté (état %1) avant d’être prêt'),
    'cannot start clonedeckd: %1': ('clonedeckd kann nicht gestartet werden: %1', 'impossible de démarrer clonedeckd : %1'),
    'Time': ('Zeit', 'Heure'),
    'Level': ('Stufe', 'Niveau'),
    'Source': ('Quelle', 'Source'),
    'Message': ('Meldung', 'Message'),
    'Disconnected': ('Getrennt', 'Déconnecté'),
    'Clonedeck': ('Clonedeck', 'Clonedeck'),
    'Cluster membership': ('Cluster-Mitglieder', 'Membres des grappes'),
    'Tickets': ('Tickets', 'Tickets'),
    'Event log': ('Ereignisprotokoll', 'Journal des événements'),
    'Search the event log': ('Ereignisprotokoll durchsuchen', 'Rechercher dans le journal'),
    '&Export…': ('&Exportieren…', '&Exporter…'),
    'Filter domains (name, IP, state, ticket…)': ('Domänen filtern (Name, IP, Zustand, Ticket…)', 'Filtrer les domaines (nom, IP, état, ticket…)'),
    '&Membership': ('&Mitglieder', '&Membres'),
    '&Tickets': ('&Tickets', '&Tickets'),
    '&Dashboard': ('Ü&bersicht', '&Tableau de bord'),
    '&Event log': ('&Ereignisprotokoll', '&Journal'),
    '● Connected to %1': ('● Verbunden mit %1', '● Connecté à %1'),
    'Connecting…': ('Verbinde…', 'Connexion…'),
    'Reconnecting in %1 s…': ('Neuer Verbindungsversuch in %1 s…', 'Reconnexion dans %1 s…'),
    'Reconnecting…': ('Verbinde erneut…', 'Reconnexion…'),
    '&Request ticket…': ('Ticket &anfordern…', '&Demander un ticket…'),
    '&Spawn clones…': ('&Klone erzeugen…', '&Créer des clones…'),
    '&Destroy selected': ('Auswahl &zerstören', '&Détruire la sélection'),
    '&Kill selected ticket': ('Gewähltes Ticket &beenden', '&Terminer le ticket choisi'),
    'Command &palette…': ('Befehls&palette…', '&Palette de commandes…'),
    'Actions': ('Aktionen', 'Actions'),
    'No master to request a ticket for: is the platform connected?': ('Kein Master, für den ein Ticket angefordert werden kann: ist die Plattform verbunden?', 'Aucun maître pour lequel demander un ticket : la plateforme est-elle connectée ?'),
    'Request ticket': ('Ticket anfordern', 'Demander un ticket'),
    'Requesting %1 × %2 vCPU / %3 MB for domain %4…': ('Fordere %1 × %2 vCPU / %3 MB für Domäne %4 an…', 'Demande de %1 × %2 vCPU / %3 Mo pour le domaine %4…'),
    'Ticket %1: granted %2 of %3': ('Ticket %1: %2 von %3 gewährt', 'Ticket %1 : %2 sur %3 accordés'),
    'Ticket request failed: %1': ('Ticketanforderung fehlgeschlagen: %1', 'Échec de la demande de ticket : %1'),
    'No master to clone: is the platform connected?': ('Kein Master zum Klonen: ist die Plattform verbunden?', 'Aucun maître à cloner : la plateforme est-elle connectée ?'),
    'Spawn clones': ('Klone erzeugen', 'Créer des clones'),
    'Spawned %n clone(s)': (('%n Klon erzeugt', '%n Klone erzeugt'), ('%n clone créé', '%n clones créés')),
    'Spawning failed: %1': ('Erzeugen fehlgeschlagen: %1', 'Échec de la création : %1'),
    'Select one or more clones to destroy (masters are not destroyed).': ('Wählen Sie einen oder mehrere Klone zum Zerstören (Master werden nicht zerstört).', 'Choisissez un ou plusieurs clones à détruire (les maîtres ne sont pas détruits).'),
    'kill domain %1 (%2, %3, ticket %4)': ('Domäne %1 beenden (%2, %3, Ticket %4)', 'terminer le domaine %1 (%2, %3, ticket %4)'),
    'Destroy clones': ('Klone zerstören', 'Détruire des clones'),
    'Destroy %n clone(s)?': (('%n Klon zerstören?', '%n Klone zerstören?'), ('Détruire %n clone ?', 'Détruire %n clones ?')),
    'Destroying domain %1 failed: %2': ('Zerstören von Domäne %1 fehlgeschlagen: %2', 'Échec de la destruction du domaine %1 : %2'),
    'Destroying %n clone(s)': (('Zerstöre %n Klon', 'Zerstöre %n Klone'), ('Destruction de %n clone', 'Destruction de %n clones')),
    'Select a ticket in the Tickets tab first.': ('Wählen Sie zuerst ein Ticket im Reiter Tickets.', 'Choisissez d’abord un ticket dans l’onglet Tickets.'),
    'Ticket %1 ended, %2 clone(s) killed': ('Ticket %1 beendet, %2 Klon(e) beendet', 'Ticket %1 terminé, %2 clone(s) terminé(s)'),
    'Killing ticket %1 failed: %2': ('Beenden von Ticket %1 fehlgeschlagen: %2', 'Échec de la terminaison du ticket %1 : %2'),
    'Command palette': ('Befehlspalette', 'Palette de commandes'),
    'Run:': ('Ausführen:', 'Exécuter :'),
    'Export event log': ('Ereignisprotokoll exportieren', 'Exporter le journal'),
    'Cannot write %1: %2': ('%1 kann nicht geschrieben werden: %2', 'Impossible d’écrire %1 : %2'),
    'Event log exported to %1': ('Ereignisprotokoll nach %1 exportiert', 'Journal exporté vers %1'),
    'Name': ('Name', 'Nom'),
    'Domid': ('Domid', 'Domid'),
    'VM id': ('VM-ID', 'ID de VM'),
    'Role': ('Rolle', 'Rôle'),
    'State': ('Zustand', 'État'),
    'IP': ('IP', 'IP'),
    'SSH port': ('SSH-Port', 'Port SSH'),
    'vCPUs': ('vCPUs', 'vCPU'),
    'Memory (MB)': ('Speicher (MB)', 'Mémoire (Mo)'),
    'Ticket': ('Ticket', 'Ticket'),
    'Uptime': ('Laufzeit', 'Durée'),
    'Agent': ('Agent', 'Agent'),
    'master': ('Master', 'maître'),
    'clone': ('Klon', 'clone'),
    'vCPUs per clone': ('vCPUs je Klon', 'vCPU par clone'),
    'Memory per clone in MB': ('Speicher je Klon in MB', 'Mémoire par clone en Mo'),
    'Timeout in milliseconds': ('Zeitlimit in Millisekunden', 'Délai en millisecondes'),
    ' MB': (' MB', ' Mo'),
    ' ms': (' ms', ' ms'),
    '&Clones:': ('&Klone:', '&Clones :'),
    '&vCPUs each:': ('&vCPUs je Klon:', '&vCPU chacun :'),
    '&Memory each:': ('&Speicher je Klon:', '&Mémoire chacun :'),
    '&Timeout:': ('&Zeitlimit:', '&Délai :'),
    'Owner': ('Eigentümer', 'Propriétaire'),
    'Granted / requested': ('Gewährt / angefordert', 'Accordés / demandés'),
    'Created': ('Erstellt', 'Créé'),
    'Expires': ('Läuft ab', 'Expire'),
    'Clones live / used': ('Klone lebend / genutzt', 'Clones vivants / utilisés'),
    'Console for elastic virtual clusters built on VM cloning.': ('Konsole für elastische virtuelle Cluster aus VM-Klonen.', 'Console de grappes virtuelles élastiques fondées sur le clonage de VM.'),
    'Start the embedded platform (clonedeckd) and connect to it.': ('Die eingebettete Plattform (clonedeckd) starten und verbinden.', 'Démarrer la plateforme embarquée (clonedeckd) et s’y connecter.'),
    'Run directory of the embedded platform.': ('Laufzeitverzeichnis der eingebetteten Plattform.', 'Répertoire d’exécution de la plateforme embarquée.'),
    'Connect to the xenstored socket at PATH.': ('Mit dem xenstored-Socket unter PATH verbinden.', 'Se connecter au socket xenstored situé à PATH.'),
    'Save a PNG of each main view into DIR once the views are filled, then quit.': ('Jede Hauptansicht als PNG in DIR speichern, sobald sie gefüllt ist, dann beenden.', 'Enregistrer chaque vue principale en PNG dans DIR une fois remplie, puis quitter.'),
}

def fill(path, column):
    tree = ET.parse(path)
    missing = 0
    for message in tree.getroot().iter('message'):
        source = message.find('source').text
        translation = message.find('translation')
        entry = GLOSSARY.get(source)
        if entry is None:
            missing += 1
            continue
        text = entry[column]
        translation.attrib.pop('type', None)
        for child in list(translation):
            translation.remove(child)
        if message.get('numerus') == 'yes':
            forms = text if isinstance(text, tuple) else (text, text)
            translation.text = None
            for form in forms:
                ET.SubElement(translation, 'numerusform').text = form
        else:
            translation.text = text[0] if isinstance(text, tuple) else text
    tree.write(path, encoding='utf-8', xml_declaration=True)
    return missing

status = 0
for path, column in (('translations/clonedeck_de.ts', 0), ('translations/clonedeck_fr.ts', 1)):
    missing = fill(path, column)
    if missing:
        print(f'{path}: {missing} string(s) without a translation', file=sys.stderr)
        status = 1
sys.exit(status)
