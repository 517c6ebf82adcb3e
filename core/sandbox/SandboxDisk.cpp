#include "SandboxDisk.h"

#include "Log.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <libssh/libssh.h>

#include <filesystem>
#include <sys/stat.h>

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

Error fileError(const QString &path, const QString &what, int code = 0)
{
    if (code == 0)
        code = errno != 0 ? errno : EIO;
    return Error{code, path, what + QStringLiteral(": ") + QString::fromLocal8Bit(strerror(code))};
}

Status writeFile(const QString &path, const QByteArray &content, QFileDevice::Permissions permissions)
{
    QFile file(path);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size() ||
        !file.flush())
        return fileError(path, QStringLiteral("cannot write"));
    file.setPermissions(permissions);
    return Done{};
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

} // namespace

QString SandboxDisk::hostKeyPath(const QString &dir)
{
    return dir + QStringLiteral("/.clonedeck/ssh_host_ed25519_key");
}

QString SandboxDisk::authorizedKeysPath(const QString &dir)
{
    return dir + QStringLiteral("/.ssh/authorized_keys");
}

Status SandboxDisk::createMaster(const QString &dir, const QByteArray &authorizedPublicKey)
{
    if (!QDir().mkpath(dir + QStringLiteral("/.clonedeck")) || !QDir().mkpath(dir + QStringLiteral("/.ssh")))
        return fileError(dir, QStringLiteral("cannot create the VM directory"));
    ssh_key key = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK)
        return Error{EIO, dir, QStringLiteral("cannot generate a host key")};
    const QByteArray keyPath = QFile::encodeName(hostKeyPath(dir));
    const int exported = ssh_pki_export_privkey_file(key, nullptr, nullptr, nullptr, keyPath.constData());
    auto publicLine = publicKeyLine(key);
    ssh_key_free(key);
    if (exported != SSH_OK || !publicLine) {
        remove(dir);
        return Error{EIO, hostKeyPath(dir), QStringLiteral("cannot write the host key")};
    }
    ::chmod(keyPath.constData(), 0600);
    const auto owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    for (const auto &[path, content, permissions] :
         {std::tuple{hostKeyPath(dir) + QStringLiteral(".pub"), publicLine->toUtf8() + " sandbox-vm\n",
                     owner | QFileDevice::ReadGroup | QFileDevice::ReadOther},
          std::tuple{authorizedKeysPath(dir), authorizedPublicKey.trimmed() + '\n', owner},
          std::tuple{dir + QStringLiteral("/agent.sh"), QByteArray(kDemoAgent),
                     owner | QFileDevice::ExeOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther}}) {
        if (auto written = writeFile(path, content, permissions); !written) {
            remove(dir);
            return written;
        }
    }
    return Done{};
}

Status SandboxDisk::cloneFrom(const QString &masterDir, const QString &cloneDir)
{
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::path target(QFile::encodeName(cloneDir).toStdString());
    if (fs::exists(target, error))
        return Error{EEXIST, cloneDir, QStringLiteral("the clone's directory already exists")};
    fs::copy(fs::path(QFile::encodeName(masterDir).toStdString()), target,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks, error);
    if (error) {
        std::error_code ignored;
        fs::remove_all(target, ignored); // nothing half-created
        return fileError(cloneDir, QStringLiteral("cannot copy the master's disk"), error.value());
    }
    return Done{};
}

Status SandboxDisk::remove(const QString &dir)
{
    std::error_code error;
    std::filesystem::remove_all(std::filesystem::path(QFile::encodeName(dir).toStdString()), error);
    if (error)
        return fileError(dir, QStringLiteral("cannot remove the VM directory"), error.value());
    return Done{};
}

Result<QString> SandboxDisk::hostKeyFingerprint(const QString &dir)
{
    ssh_key key = nullptr;
    if (ssh_pki_import_privkey_file(QFile::encodeName(hostKeyPath(dir)).constData(), nullptr, nullptr,
                                    nullptr, &key) != SSH_OK)
        return Error{ENOENT, hostKeyPath(dir), QStringLiteral("cannot read the host key")};
    unsigned char *hash = nullptr;
    size_t length = 0;
    const int rc = ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length);
    ssh_key_free(key);
    if (rc != SSH_OK)
        return Error{EIO, hostKeyPath(dir), QStringLiteral("cannot hash the host key")};
    char *fingerprint = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    ssh_clean_pubkey_hash(&hash);
    QString text = QString::fromLatin1(fingerprint);
    ssh_string_free_char(fingerprint);
    return text;
}

Result<QByteArray> ensureClientKeyPair(const QString &clientDir)
{
    const QString privatePath = clientDir + QStringLiteral("/id_ed25519");
    const QString publicPath = privatePath + QStringLiteral(".pub");
    if (QFileInfo::exists(privatePath) && QFileInfo::exists(publicPath)) {
        QFile file(publicPath);
        if (file.open(QIODevice::ReadOnly))
            return file.readAll().trimmed();
    }
    if (!QDir().mkpath(clientDir))
        return fileError(clientDir, QStringLiteral("cannot create the client key directory"));
    ::chmod(QFile::encodeName(clientDir).constData(), 0700);
    ssh_key key = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK)
        return Error{EIO, clientDir, QStringLiteral("cannot generate the client key")};
    const int exported = ssh_pki_export_privkey_file(key, nullptr, nullptr, nullptr,
                                                     QFile::encodeName(privatePath).constData());
    auto line = publicKeyLine(key);
    ssh_key_free(key);
    if (exported != SSH_OK || !line)
        return Error{EIO, privatePath, QStringLiteral("cannot write the client key")};
    ::chmod(QFile::encodeName(privatePath).constData(), 0600);
    const QByteArray publicLine = line->toUtf8() + " clonedeck-platform";
    if (auto written = writeFile(publicPath, publicLine + '\n',
                                 QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
        !written)
        return written.error();
    spdlog::info("created the platform's client key {}", privatePath);
    return publicLine;
}

} // namespace clonedeck
