#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("clonectl"));
    QTextStream(stdout) << "Usage: clonectl VERB [ARGS]\n";
    return 0;
}
