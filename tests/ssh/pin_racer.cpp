// A second (third, fourth) process for tst_sshhostkeytrust's race: meets lineages 1..COUNT of
// cluster "race" for the first time with the lineage policy, presenting the key in KEY.pub,
// on the pin store PINS. It waits for a line on stdin first, so all racers start together.
// Prints "DOMID accepted" or "DOMID refused" per lineage.
#include "HostKeyPinStore.h"
#include "LineageHostKeyPolicy.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace clonedeck;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: pin_racer PINS KEY.pub COUNT\n");
        return 2;
    }
    Result<HostKey> key = HostKey::fromPublicKeyFile(args[2]);
    if (!key.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(key.error().toString()));
        return 1;
    }
    LineageHostKeyPolicy policy(std::make_shared<HostKeyPinStore>(args[1]));
    QTextStream in(stdin);
    in.readLine(); // the starting shot
    QTextStream out(stdout);
    const int count = args[3].toInt();
    for (int domid = 1; domid <= count; ++domid) {
        const AgentTarget master{QStringLiteral("race"), domid, domid, QStringLiteral("127.0.0.1"), 22, {}};
        out << domid << (policy.verify(master, *key, nullptr).ok() ? " accepted\n" : " refused\n");
    }
    return 0;
}
