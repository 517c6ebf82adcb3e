#pragma once

#include <QString>

#include <cerrno>
#include <optional>
#include <utility>
#include <variant>

namespace clonedeck {

// An error as a value: the errno class (so callers and exit codes can branch on
// it), the path or object it concerns, and a message for people.
struct Error
{
    int code = 0; // an errno value (ENOENT, EBUSY, EACCES, EAGAIN, ...)
    QString path;
    QString message;

    QString toString() const;
    static QString errnoName(int code);
    static int errnoFromName(const QString &name);
};

// A value or an Error; a tiny std::expected until the toolchain has C++23.
template<typename T>
class Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {}
    Result(Error error)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// For operations that return nothing but can fail.
struct Done
{
};
using Status = Result<Done>;

} // namespace clonedeck
