// The wire codec: framing of a byte stream cut anywhere, a poisoned stream, payload
// strings and error names; then one exchange with the real xenstored over its socket,
// so the codec is pinned to what the daemon actually sends, not to our own reading of
// xs_wire.h.
#include "XenstoredProcess.h"
#include "XenstoreWire.h"

#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace clonedeck;
using namespace clonedeck::xswire;

class TestXenstoreWire : public QObject
{
    Q_OBJECT
private slots:
    void roundTripsWhateverTheCuts();
    void waitsForAWholeMessage();
    void oversizedHeaderPoisonsTheStream();
    void payloadStrings_data();
    void payloadStrings();
    void errorNames();
    void speaksWithTheRealXenstored();
};

void TestXenstoreWire::roundTripsWhateverTheCuts()
{
    const QList<Message> messages{
        {quint32(Type::Write), 7, 0, writePayload(QStringLiteral("/a/b"), QByteArray("v\0al", 4))},
        {quint32(Type::Read), 8, 3, pathPayload(QStringLiteral("/a/b"))},
        {quint32(Type::Watch), 9, 0, watchPayload(QStringLiteral("/a"), QStringLiteral("tok"))},
        {quint32(Type::Directory), 10, 0, QByteArray()},
        {quint32(Type::Write), 11, 0, QByteArray(int(kPayloadMax), 'x')},
    };
    QByteArray stream;
    for (const Message &message : messages)
        stream += encode(message);
    // Every cut size from one byte to the whole stream gives the same messages back.
    for (qsizetype step : {qsizetype(1), qsizetype(3), qsizetype(16), qsizetype(17), stream.size()}) {
        MessageReader reader;
        QList<Message> decoded;
        for (qsizetype at = 0; at < stream.size(); at += step) {
            reader.append(stream.mid(at, step));
            while (auto message = reader.next())
                decoded.append(*message);
        }
        QCOMPARE(decoded, messages);
        QCOMPARE(reader.buffered(), 0);
        QVERIFY(!reader.failed());
    }
}

void TestXenstoreWire::waitsForAWholeMessage()
{
    const QByteArray bytes = encode({quint32(Type::Read), 1, 0, pathPayload(QStringLiteral("/x"))});
    MessageReader reader;
    reader.append(bytes.left(bytes.size() - 1));
    QVERIFY(!reader.next());
    QCOMPARE(reader.pending(), bytes.left(bytes.size() - 1));
    reader.append(bytes.right(1));
    const auto message = reader.next();
    QVERIFY(message);
    QCOMPARE(message->strings(), (QList<QByteArray>{"/x"}));
}

void TestXenstoreWire::oversizedHeaderPoisonsTheStream()
{
    Message big{quint32(Type::Write), 1, 0, QByteArray(int(kPayloadMax) + 1, 'x')};
    MessageReader reader;
    reader.append(encode(big));
    QVERIFY(!reader.next());
    QVERIFY(reader.failed());
    QVERIFY(reader.errorString().contains(QLatin1String("4097")));
    // Nothing after it is trusted, even a well-formed message.
    reader.append(encode({quint32(Type::Read), 2, 0, pathPayload(QStringLiteral("/x"))}));
    QVERIFY(!reader.next());
}

void TestXenstoreWire::payloadStrings_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QList<QByteArray>>("strings");
    QTest::newRow("empty") << QByteArray() << QList<QByteArray>{};
    QTest::newRow("one terminated") << QByteArray("a\0", 2) << QList<QByteArray>{"a"};
    QTest::newRow("two terminated") << QByteArray("a\0b\0", 4) << QList<QByteArray>{"a", "b"};
    QTest::newRow("last unterminated") << QByteArray("a\0b", 3) << QList<QByteArray>{"a", "b"};
    QTest::newRow("empty string inside") << QByteArray("a\0\0b\0", 5) << QList<QByteArray>{"a", "", "b"};
}

void TestXenstoreWire::payloadStrings()
{
    QFETCH(QByteArray, payload);
    QFETCH(QList<QByteArray>, strings);
    QCOMPARE((Message{0, 0, 0, payload}.strings()), strings);
}

void TestXenstoreWire::errorNames()
{
    QCOMPARE(errorPayload(EACCES), QByteArray("EACCES\0", 7));
    QCOMPARE(errnoFromErrorPayload(QByteArray("ENOENT\0", 7)), ENOENT);
    QCOMPARE(errnoFromErrorPayload(QByteArray("E2BIG")), E2BIG);
    QCOMPARE(errnoFromErrorPayload(QByteArray("ENOTANERRNO\0", 12)), EIO);
    QCOMPARE(errnoName(ETIMEDOUT), QByteArray("EIO"));
}

void TestXenstoreWire::speaksWithTheRealXenstored()
{
    QTemporaryDir dir;
    XenstoredProcess xenstored(XenstoredProcess::Options{dir.path(), {}, {}, false, true, 5000});
    QVERIFY(xenstored.start().ok());
    QLocalSocket socket;
    socket.connectToServer(xenstored.socketPath());
    QVERIFY(socket.waitForConnected(5000));

    MessageReader reader;
    auto exchange = [&](const Message &request) -> Message {
        socket.write(encode(request));
        while (true) {
            if (auto message = reader.next())
                return *message;
            if (!socket.waitForReadyRead(5000))
                return {};
            reader.append(socket.readAll());
        }
    };
    const Message written =
        exchange({quint32(Type::Write), 41, 0, writePayload(QStringLiteral("/wire/a"), "hello")});
    QCOMPARE(written.kind(), Type::Write);
    QCOMPARE(written.requestId, 41u);
    QCOMPARE(written.payload, QByteArray("OK\0", 3));

    const Message read = exchange({quint32(Type::Read), 42, 0, pathPayload(QStringLiteral("/wire/a"))});
    QCOMPARE(read.kind(), Type::Read);
    QCOMPARE(read.payload, QByteArray("hello"));

    const Message missing = exchange({quint32(Type::Read), 43, 0, pathPayload(QStringLiteral("/wire/none"))});
    QCOMPARE(missing.kind(), Type::Error);
    QCOMPARE(missing.requestId, 43u);
    QCOMPARE(errnoFromErrorPayload(missing.payload), ENOENT);

    // A watch answers OK and then fires once on registration, as an event with request id 0.
    const Message watched =
        exchange({quint32(Type::Watch), 44, 0, watchPayload(QStringLiteral("/wire"), QStringLiteral("t1"))});
    QCOMPARE(watched.kind(), Type::Watch);
    std::optional<Message> event = reader.next();
    while (!event && socket.waitForReadyRead(5000)) {
        reader.append(socket.readAll());
        event = reader.next();
    }
    QVERIFY(event);
    QCOMPARE(event->kind(), Type::WatchEvent);
    QCOMPARE(event->requestId, 0u);
    QCOMPARE(event->strings(), (QList<QByteArray>{"/wire", "t1"}));
    socket.disconnectFromServer();
    xenstored.stop();
}

QTEST_GUILESS_MAIN(TestXenstoreWire)
#include "test_xenstore_wire.moc"
