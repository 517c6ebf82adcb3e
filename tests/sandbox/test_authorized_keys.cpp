// AuthorizedKeys, the parser of clonedeckd's --operator-keys file: a malformed line is an
// error naming the file and the line (never the key text), key options are refused, and a
// well-formed file's keys are found by their SHA-256.
#include "AuthorizedKeys.h"

#include <QTest>

#include <libssh/libssh.h>

using namespace clonedeck;

class TestAuthorizedKeys : public QObject
{
    Q_OBJECT
private slots:
    void malformedLinesAreNamed_data();
    void malformedLinesAreNamed();
    void keysAreFoundBySha256();
};

namespace {
QByteArray publicLine(ssh_key key)
{
    char *base64 = nullptr;
    ssh_pki_export_pubkey_base64(key, &base64);
    const QByteArray line = QByteArray("ssh-ed25519 ") + base64 + " ops@example";
    ssh_string_free_char(base64);
    return line;
}
} // namespace

void TestAuthorizedKeys::malformedLinesAreNamed_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("options") << QByteArray("restrict,command=\"id\" ssh-ed25519 AAAA") << "key options";
    QTest::newRow("unknown type") << QByteArray("ssh-foo AAAA") << "expected \"TYPE BASE64";
    QTest::newRow("no data") << QByteArray("ssh-ed25519") << "base64 data is missing";
    QTest::newRow("bad data") << QByteArray("ssh-ed25519 AAAAnotakey") << "not a valid ssh-ed25519 key";
}

void TestAuthorizedKeys::malformedLinesAreNamed()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, message);
    ssh_key key = nullptr;
    QCOMPARE(ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key), SSH_OK);
    const auto parsed =
        AuthorizedKeys::parse("# operators\n" + publicLine(key) + "\n\n" + line + "\n", "keys");
    ssh_key_free(key);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().path, QStringLiteral("keys:4"));
    QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
    QVERIFY(!parsed.error().message.contains("AAAA"));
}

void TestAuthorizedKeys::keysAreFoundBySha256()
{
    ssh_key listed = nullptr;
    ssh_key other = nullptr;
    QCOMPARE(ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &listed), SSH_OK);
    QCOMPARE(ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &other), SSH_OK);
    const auto parsed = AuthorizedKeys::parse(publicLine(listed) + "\r\n", "keys");
    QVERIFY(parsed);
    QCOMPARE(parsed->size(), 1);
    QVERIFY(parsed->contains(AuthorizedKeys::sha256Of(listed)));
    QVERIFY(!parsed->contains(AuthorizedKeys::sha256Of(other)));
    // A VM's own file: bad lines skipped, good ones kept.
    const AuthorizedKeys lenient = AuthorizedKeys::parseLeniently("garbage\n" + publicLine(other));
    QVERIFY(lenient.contains(AuthorizedKeys::sha256Of(other)));
    ssh_key_free(listed);
    ssh_key_free(other);
}

QTEST_GUILESS_MAIN(TestAuthorizedKeys)
#include "test_authorized_keys.moc"
