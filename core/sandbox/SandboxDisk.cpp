#include "SandboxDisk.h"

#include "Log.h"

#include "DirectoryTree.h"
#include "PrivateFiles.h"

#include <QFile>

#include <libssh/libssh.h>

#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace clonedeck {

namespace {

// The demo build agent every master starts with. It speaks a line protocol over
// stdin/stdout, as a real CI agent (java -jar agent.jar) speaks its own.
constexpr char kDemoAgent[] = R"AGENT(#!/bin/sh
# Clonedeck demo build agent. Protocol, one line each way:
#   build NAME  -> "built NAME"
#   echo TEXT   -> TEXT
#   exit N      -> ends with status N
#   anything else -> "unknown: LINE" on stderr
# It announces itself first, like a CI agent handshake.
echo "agent ready on domain ${CLONEDECK_DOMID:-?} (vmid ${CLONEDECK_VMID:-?})"
while IFS= read -r line; do
    case "$line" in
        "build "*) echo "built ${line#build }" ;;
        "echo "*) echo "${line#echo }" ;;
        "exit "*) exit "${line#exit }" ;;
        *) echo "unknown: $line" >&2 ;;
    esac
done
)AGENT";

constexpr char kHostKey[] = ".clonedeck/ssh_host_ed25519_key";
constexpr char kAuthorizedKeys[] = ".ssh/authorized_keys";
constexpr qint64 kKeyFileLimit = 64 * 1024;
constexpr qint64 kAuthorizedKeysLimit = 1024 * 1024;

Error fileError(const QString &path, const QString &what, int code = 0)
{
    if (code == 0)
        code = errno != 0 ? errno : EIO;
    return Error{code, path, what + QStringLiteral(": ") + QString::fromLocal8Bit(strerror(code))};
}

Result<QString> publicKeyLine(ssh_key key)
{
    char *base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK)
        return Error{EIO, {}, QStringLiteral("cannot export a public key")};
    QString line =
        QLatin1String(ssh_key_type_to_char(ssh_key_type(key))) + QLatin1Char(' ') + QLatin1String(base64);
    ssh_string_free_char(base64);
    return line;
}

// A new key pair as file contents: the private key (OpenSSH format) and its public line.
Result<std::pair<QByteArray, QString>> generateKeyPair(const QString &forWhat)
{
    ssh_key key = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK)
        return Error{EIO, forWhat, QStringLiteral("cannot generate a key")};
    char *pem = nullptr;
    const int exported = ssh_pki_export_privkey_base64(key, nullptr, nullptr, nullptr, &pem);
    auto line = publicKeyLine(key);
    ssh_key_free(key);
    if (exported != SSH_OK || !line) {
        ssh_string_free_char(pem);
        return Error{EIO, forWhat, QStringLiteral("cannot export a key")};
    }
    QByteArray privateKey(pem);
    ssh_string_free_char(pem);
    return std::pair{privateKey, *line};
}

} // namespace

QString SandboxDisk::hostKeyPath(const QString &dir)
{
    return dir + QLatin1Char('/') + QLatin1String(kHostKey);
}

QString SandboxDisk::authorizedKeysPath(const QString &dir)
{
    return dir + QLatin1Char('/') + QLatin1String(kAuthorizedKeys);
}

Result<QByteArray> SandboxDisk::readHostKey(const QString &dir)
{
    return PrivateFiles::readFileBeneath(dir, QLatin1String(kHostKey), kKeyFileLimit);
}

Result<QByteArray> SandboxDisk::readAuthorizedKeys(const QString &dir)
{
    return PrivateFiles::readFileBeneath(dir, QLatin1String(kAuthorizedKeys), kAuthorizedKeysLimit);
}

Status SandboxDisk::createMaster(const QString &dir, const QByteArray &authorizedPublicKey)
{
    if (::mkdir(QFile::encodeName(dir).constData(), 0700) != 0)
        return fileError(dir, QStringLiteral("cannot create the VM directory"));
    auto keys = generateKeyPair(hostKeyPath(dir));
    if (!keys) {
        remove(dir);
        return keys.error();
    }
    const QByteArray agent(kDemoAgent);
    const struct
    {
        QString path;
        QByteArray content;
        mode_t mode;
    } files[] = {{hostKeyPath(dir), keys->first, 0600},
                 {hostKeyPath(dir) + QStringLiteral(".pub"), keys->second.toUtf8() + " sandbox-vm\n", 0644},
                 {authorizedKeysPath(dir), authorizedPublicKey.trimmed() + '\n', 0600},
                 {dir + QStringLiteral("/agent.sh"), agent, 0755}};
    for (const QString &sub : {QStringLiteral("/.clonedeck"), QStringLiteral("/.ssh")}) {
        if (::mkdir(QFile::encodeName(dir + sub).constData(), 0700) != 0) {
            const Error error = fileError(dir + sub, QStringLiteral("cannot create"));
            remove(dir);
            return error;
        }
    }
    for (const auto &file : files) {
        if (auto written = PrivateFiles::createFile(file.path, file.content, file.mode); !written) {
            remove(dir);
            return written;
        }
    }
    return Done{};
}

Status SandboxDisk::cloneFrom(const QString &masterDir, const QString &cloneDir)
{
    return DirectoryTree::copy(masterDir, cloneDir);
}

Status SandboxDisk::remove(const QString &dir)
{
    // Only ever called with none of the VM's processes left (their PID namespaces went with
    // their sessions), so nothing can swap entries while the tree goes.
    std::error_code error;
    std::filesystem::remove_all(std::filesystem::path(QFile::encodeName(dir).toStdString()), error);
    if (error)
        return fileError(dir, QStringLiteral("cannot remove the VM directory"), error.value());
    return Done{};
}

Status SandboxDisk::giveTo(const QString &dir, uid_t uid, gid_t gid)
{
    if (auto owned = DirectoryTree::changeOwner(dir, uid, gid); !owned)
        return owned;
    if (::chmod(QFile::encodeName(dir).constData(), 0700) != 0)
        return fileError(dir, QStringLiteral("cannot restrict the VM directory"));
    return Done{};
}

Result<QString> SandboxDisk::hostKeyFingerprint(const QString &dir)
{
    const auto text = readHostKey(dir);
    ssh_key key = nullptr;
    if (!text || ssh_pki_import_privkey_base64(text->constData(), nullptr, nullptr, nullptr, &key) != SSH_OK)
        return Error{ENOENT, hostKeyPath(dir), QStringLiteral("cannot read the host key")};
    unsigned char *hash = nullptr;
    size_t length = 0;
    const int rc = ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length);
    ssh_key_free(key);
    if (rc != SSH_OK)
        return Error{EIO, hostKeyPath(dir), QStringLiteral("cannot hash the host key")};
    char *fingerprint = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    ssh_clean_pubkey_hash(&hash);
    QString printable = QString::fromLatin1(fingerprint);
    ssh_string_free_char(fingerprint);
    return printable;
}

Result<QByteArray> ensureClientKeyPair(const QString &clientDir)
{
    if (auto dir = PrivateFiles::ensureDirectory(clientDir, 0700); !dir)
        return dir.error();
    const QString privatePath = clientDir + QStringLiteral("/id_ed25519");
    const QString publicPath = privatePath + QStringLiteral(".pub");
    const QByteArray privateName = QFile::encodeName(privatePath);
    const QByteArray publicName = QFile::encodeName(publicPath);
    struct stat privateStat
    {
    }, publicStat{};
    const bool hasPrivate = ::lstat(privateName.constData(), &privateStat) == 0;
    const bool hasPublic = ::lstat(publicName.constData(), &publicStat) == 0;
    for (const auto &[present, st, path] :
         {std::tuple{hasPrivate, privateStat, privatePath}, std::tuple{hasPublic, publicStat, publicPath}}) {
        if (present && !S_ISREG(st.st_mode))
            return Error{ELOOP, path,
                         QStringLiteral("is not a regular file (a symlink?); refusing to use or replace it")};
    }
    if (hasPrivate && hasPublic) {
        auto line = PrivateFiles::readFile(publicPath, kKeyFileLimit);
        if (!line)
            return line.error();
        return line->trimmed();
    }
    // A pair cut short by a crash between its two files: made again, whole.
    ::unlink(privateName.constData());
    ::unlink(publicName.constData());
    auto keys = generateKeyPair(privatePath);
    if (!keys)
        return keys.error();
    const QByteArray publicLine = keys->second.toUtf8() + " clonedeck-platform";
    if (auto written = PrivateFiles::createFile(privatePath, keys->first, 0600); !written)
        return written.error();
    if (auto written = PrivateFiles::createFile(publicPath, publicLine + '\n', 0644); !written)
        return written.error();
    spdlog::info("created the platform's client key {}", privatePath);
    return publicLine;
}

} // namespace clonedeck
