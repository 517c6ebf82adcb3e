#include "Journal.h"

#include "Log.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace clonedeck {

namespace {

QByteArray encode(const JournalEntry &entry)
{
    QByteArray line = entry.action == JournalEntry::Action::Put ? "put " : "drop ";
    line += entry.kind.toLatin1() + ' ' + entry.key.toUtf8();
    if (entry.action == JournalEntry::Action::Put)
        line += ' ' + entry.record.serialize();
    return line + '\n';
}

std::optional<JournalEntry> decode(const QByteArray &line)
{
    const QList<QByteArray> head = line.split(' ');
    if (head.size() < 3)
        return std::nullopt;
    JournalEntry entry;
    entry.kind = QString::fromLatin1(head[1]);
    entry.key = QString::fromUtf8(head[2]);
    if (head[0] == "drop" && head.size() == 3) {
        entry.action = JournalEntry::Action::Drop;
        return entry;
    }
    if (head[0] != "put")
        return std::nullopt;
    const qsizetype recordStart = head[0].size() + head[1].size() + head[2].size() + 3;
    auto record = Record::parse(line.mid(recordStart));
    if (!record)
        return std::nullopt;
    entry.record = *record;
    return entry;
}

Error fileError(const QString &path, const QString &what)
{
    const int code = errno != 0 ? errno : EIO;
    return Error{code, path, what + QStringLiteral(": ") + QString::fromLocal8Bit(strerror(code))};
}

Status syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return fileError(dir, QStringLiteral("cannot open the journal's directory"));
    const bool synced = ::fsync(fd) == 0;
    const int code = errno;
    ::close(fd);
    if (!synced) {
        errno = code;
        return fileError(dir, QStringLiteral("cannot sync the journal's directory"));
    }
    return Done{};
}

} // namespace

Journal::Journal(QString path)
    : m_path(std::move(path))
{}

Journal::~Journal() = default;

void Journal::apply(Contents &contents, const JournalEntry &entry)
{
    if (entry.action == JournalEntry::Action::Put)
        contents[entry.kind][entry.key] = entry.record;
    else
        contents[entry.kind].remove(entry.key);
}

JournalEntry Journal::put(const QString &kind, const QString &key, const Record &record)
{
    return JournalEntry{JournalEntry::Action::Put, kind, key, record};
}

JournalEntry Journal::drop(const QString &kind, const QString &key)
{
    return JournalEntry{JournalEntry::Action::Drop, kind, key, {}};
}

Result<Journal::Contents> Journal::read(const QString &path)
{
    Contents contents;
    QFile existing(path);
    if (!existing.exists())
        return contents;
    if (!existing.open(QIODevice::ReadOnly))
        return fileError(path, QStringLiteral("cannot read the journal"));
    int lineNumber = 0;
    int skipped = 0;
    while (!existing.atEnd()) {
        QByteArray line = existing.readLine();
        ++lineNumber;
        // A line without its newline was torn by a crash mid-append: it never counted.
        if (!line.endsWith('\n')) {
            ++skipped;
            break;
        }
        line.chop(1);
        if (auto entry = decode(line))
            apply(contents, *entry);
        else
            ++skipped;
    }
    if (skipped > 0)
        spdlog::warn("journal {}: ignored {} unreadable line(s) of {}", path, skipped, lineNumber);
    return contents;
}

Result<Journal::Contents> Journal::open()
{
    auto contents = read(m_path);
    if (!contents)
        return contents;
    if (auto written = rewrite(*contents); !written)
        return written.error();
    m_live = *contents;
    return contents;
}

Status Journal::rewrite(const Contents &contents)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile out(m_path);
    if (!out.open(QIODevice::WriteOnly))
        return fileError(m_path, QStringLiteral("cannot write the journal"));
    qint64 bytes = 0;
    for (auto kind = contents.begin(); kind != contents.end(); ++kind) {
        for (auto item = kind.value().begin(); item != kind.value().end(); ++item) {
            const QByteArray line = encode(put(kind.key(), item.key(), item.value()));
            bytes += line.size();
            if (out.write(line) != line.size())
                return fileError(m_path, QStringLiteral("cannot write the journal"));
        }
    }
    if (!out.commit())
        return Error{out.error() == QFileDevice::ResourceError ? ENOSPC : EIO, m_path,
                     QStringLiteral("cannot write the journal: ") + out.errorString()};
    // The rename is durable only once the directory is synced: without it a crash can bring
    // back the old journal (or none) although the new one was reported written.
    if (auto synced = syncDirectory(QFileInfo(m_path).absolutePath()); !synced)
        return synced;
    m_liveBytes = bytes;
    m_syncedBytes = bytes;
    m_broken = false;
    m_file.close();
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Unbuffered))
        return fileError(m_path, QStringLiteral("cannot append to the journal"));
    return Done{};
}

Status Journal::append(const QList<JournalEntry> &entries)
{
    if (!m_file.isOpen())
        return Error{EBADF, m_path, QStringLiteral("the journal is not open")};
    if (m_broken)
        return Error{EIO, m_path,
                     QStringLiteral("the journal could not be repaired after a failed write; "
                                    "restart the platform")};
    QByteArray batch;
    for (const JournalEntry &entry : entries)
        batch += encode(entry);
    // Unbuffered writes at the end of what is known to be whole and synced: a short write
    // (full disk, file size limit) is cut back to exactly that offset, never further, so
    // records synced before are never touched (issue 11, finding 6).
    const int fd = m_file.handle();
    qint64 written = 0;
    errno = 0;
    while (written < batch.size()) {
        const ssize_t n = ::pwrite(fd, batch.constData() + written, size_t(batch.size() - written),
                                   off_t(m_syncedBytes + written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        written += n;
    }
    if (written < batch.size() || ::fdatasync(fd) != 0) {
        const Error error = fileError(m_path, QStringLiteral("cannot append to the journal"));
        if (::ftruncate(fd, off_t(m_syncedBytes)) != 0 || ::fdatasync(fd) != 0) {
            // A partial batch we cannot cut off must not be followed by more: refuse appends.
            m_broken = true;
            spdlog::critical("journal {}: cannot cut off a failed write: {}", m_path, strerror(errno));
        }
        return error;
    }
    m_syncedBytes += batch.size();
    for (const JournalEntry &entry : entries)
        apply(m_live, entry);
    if (m_syncedBytes > 1024 * 1024 && m_syncedBytes > 4 * m_liveBytes) {
        if (auto compacted = rewrite(m_live); !compacted)
            spdlog::warn("journal {}: compaction failed: {}", m_path, compacted.error().toString());
    }
    return Done{};
}

} // namespace clonedeck
