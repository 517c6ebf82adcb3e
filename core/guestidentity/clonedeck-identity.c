/*
 * clonedeck-identity: resident in every QEMU guest of the qemu backend; gives a
 * resumed clone its own identity without starting a process.
 *
 *   clonedeck-identity DEVICE INTERFACE     (inittab: respawned by busybox init)
 *   clonedeck-identity --check              (reads lines on stdin, answers on stdout, applies nothing)
 *
 * DEVICE is the virtio-serial port org.clonedeck.identity, whose host end is a
 * pipe chardev: always connected, so the blocking read below costs the master
 * nothing, and every clone resumes inside that very read. The host writes one
 * line per clone, before the clone runs:
 *
 *   identity MAC ADDRESS NETMASK SECONDS.NANOSECONDS
 *
 * and the helper sets INTERFACE's MAC, address and netmask with ioctls and the
 * clock with clock_settime, then answers `ok`, or `error REASON` and applies
 * nothing when the line is malformed. Why: under TCG every process a resumed
 * clone starts is translated afresh by its new QEMU; qemu-ga's guest-exec of
 * `ifconfig` and its guest-set-time (which forks `hwclock -w`) cost a clone
 * 6.7-8.0 s at load 12 (docs/qemu-backend.md, "Clone speed").
 *
 * The guest trusts its host; still every field is checked, so a malformed line
 * never half-applies: a unicast MAC, a host address inside a contiguous netmask
 * of /8 to /30, a time between 2020 and 2100.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum
{
    MAX_LINE = 160,
    FIELDS = 5
};

static const int64_t EARLIEST_TIME = 1577836800; /* 2020-01-01 */
static const int64_t LATEST_TIME = 4102444800;   /* 2100-01-01 */

struct identity
{
    unsigned char mac[6];
    struct in_addr address;
    struct in_addr netmask;
    struct timespec time;
};

static int parse_mac(const char *text, unsigned char mac[6])
{
    if (strlen(text) != 17)
        return -1;
    for (int i = 0; i < 6; ++i) {
        unsigned value = 0;
        for (int j = 0; j < 2; ++j) {
            const char c = text[i * 3 + j];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f')
                value |= (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                value |= (unsigned)(c - 'A' + 10);
            else
                return -1;
        }
        if (i < 5 && text[i * 3 + 2] != ':')
            return -1;
        mac[i] = (unsigned char)value;
    }
    static const unsigned char zero[6];
    /* A group address (low bit of the first octet) or all zeros is no NIC's address. */
    return (mac[0] & 1) || memcmp(mac, zero, 6) == 0 ? -1 : 0;
}

static int parse_time(const char *text, struct timespec *time)
{
    const char *dot = strchr(text, '.');
    const size_t seconds_digits = dot ? (size_t)(dot - text) : 0;
    if (!dot || seconds_digits < 1 || seconds_digits > 12 || strlen(dot + 1) != 9)
        return -1;
    int64_t seconds = 0;
    long nanoseconds = 0;
    for (size_t i = 0; i < seconds_digits; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        seconds = seconds * 10 + (text[i] - '0');
    }
    for (const char *c = dot + 1; *c; ++c) {
        if (*c < '0' || *c > '9')
            return -1;
        nanoseconds = nanoseconds * 10 + (*c - '0');
    }
    if (seconds < EARLIEST_TIME || seconds >= LATEST_TIME)
        return -1;
    time->tv_sec = (time_t)seconds;
    time->tv_nsec = nanoseconds;
    return 0;
}

/* Returns NULL when `line` is a well-formed identity, else what is wrong with it. */
static const char *parse(char *line, struct identity *identity)
{
    char *fields[FIELDS];
    int count = 0;
    for (char *rest = line, *field; (field = strsep(&rest, " ")) != NULL;) {
        if (count == FIELDS || *field == '\0')
            return "expected: identity MAC ADDRESS NETMASK SECONDS.NANOSECONDS";
        fields[count++] = field;
    }
    if (count != FIELDS || strcmp(fields[0], "identity") != 0)
        return "expected: identity MAC ADDRESS NETMASK SECONDS.NANOSECONDS";
    if (parse_mac(fields[1], identity->mac) != 0)
        return "malformed MAC (expected a unicast xx:xx:xx:xx:xx:xx)";
    if (inet_pton(AF_INET, fields[2], &identity->address) != 1)
        return "malformed address";
    if (inet_pton(AF_INET, fields[3], &identity->netmask) != 1)
        return "malformed netmask";
    const uint32_t mask = ntohl(identity->netmask.s_addr);
    const uint32_t host = ntohl(identity->address.s_addr);
    const uint32_t inverted = ~mask;
    /* Contiguous: the inverted mask plus one is a power of two. /8../30 leaves room for hosts. */
    if ((inverted & (inverted + 1)) != 0 || mask < 0xff000000u || mask > 0xfffffffcu)
        return "netmask is not a contiguous /8 to /30";
    if ((host & inverted) == 0 || (host & inverted) == inverted || (host >> 24) == 127 || (host >> 24) == 0 ||
        (host >> 28) >= 14)
        return "address is not a host address in its network";
    if (parse_time(fields[4], &identity->time) != 0)
        return "malformed time (expected SECONDS.NANOSECONDS, 9 digits of nanoseconds, 2020-2100)";
    return NULL;
}

static int set_address(int sock, const char *interface, unsigned long request, struct in_addr value)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, interface, IFNAMSIZ - 1);
    struct sockaddr_in *in = (struct sockaddr_in *)&ifr.ifr_addr;
    in->sin_family = AF_INET;
    in->sin_addr = value;
    return ioctl(sock, request, &ifr);
}

/* What `ifconfig INTERFACE hw ether MAC ADDRESS netmask MASK` did, in the same order: the MAC
 * (virtio-net changes it live), the address (SIOCSIFADDR replaces the master's primary one, whose
 * deletion would take its secondaries along), the netmask (the kernel recomputes the broadcast). */
static const char *apply(const char *interface, const struct identity *identity, int *error)
{
    const int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const char *failed = NULL;
    if (sock < 0)
        failed = "socket";
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, interface, IFNAMSIZ - 1);
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, identity->mac, 6);
    if (!failed && ioctl(sock, SIOCSIFHWADDR, &ifr) != 0)
        failed = "SIOCSIFHWADDR";
    if (!failed && set_address(sock, interface, SIOCSIFADDR, identity->address) != 0)
        failed = "SIOCSIFADDR";
    if (!failed && set_address(sock, interface, SIOCSIFNETMASK, identity->netmask) != 0)
        failed = "SIOCSIFNETMASK";
    if (!failed && clock_settime(CLOCK_REALTIME, &identity->time) != 0)
        failed = "clock_settime";
    *error = failed ? errno : 0;
    if (sock >= 0)
        close(sock);
    return failed;
}

static void answer(int fd, const char *text, const char *detail)
{
    char reply[MAX_LINE + 64];
    const int length = detail ? snprintf(reply, sizeof reply, "error %s: %s\n", text, detail)
                       : text ? snprintf(reply, sizeof reply, "error %s\n", text)
                              : snprintf(reply, sizeof reply, "ok\n");
    for (int written = 0; written < length;) {
        const ssize_t n = write(fd, reply + written, (size_t)(length - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        written += (int)n;
    }
}

static void serve_line(int out, char *line, const char *interface)
{
    struct identity identity;
    const char *malformed = parse(line, &identity);
    if (malformed) {
        answer(out, malformed, NULL);
    } else if (!interface) {
        answer(out, NULL, NULL); /* --check */
    } else {
        int error = 0;
        const char *failed = apply(interface, &identity, &error);
        answer(out, failed, failed ? strerror(error) : NULL);
    }
}

/* Reads lines from `in` forever; a line longer than MAX_LINE is refused whole. */
static int serve(int in, int out, const char *interface)
{
    char buffer[MAX_LINE + 1];
    size_t used = 0;
    int overlong = 0;
    for (;;) {
        const ssize_t n = read(in, buffer + used, sizeof buffer - 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return 1;
        if (n == 0) {
            if (!interface)
                return 0; /* --check: end of input */
            /* The host end is not connected (a pipe chardev always is): wait for it without spinning. */
            sleep(1);
            continue;
        }
        used += (size_t)n;
        char *newline;
        while ((newline = memchr(buffer, '\n', used)) != NULL) {
            *newline = '\0';
            if (overlong)
                answer(out, "line too long", NULL);
            else
                serve_line(out, buffer, interface);
            overlong = 0;
            const size_t consumed = (size_t)(newline + 1 - buffer);
            memmove(buffer, newline + 1, used - consumed);
            used -= consumed;
        }
        if (used == sizeof buffer - 1) {
            overlong = 1; /* drop what came so far, refuse the line at its end */
            used = 0;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--check") == 0)
        return serve(STDIN_FILENO, STDOUT_FILENO, NULL);
    if (argc != 3 || strlen(argv[2]) >= IFNAMSIZ) {
        fprintf(stderr, "usage: clonedeck-identity DEVICE INTERFACE | --check\n");
        return 2;
    }
    const int fd = open(argv[1], O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        /* No such port (a VM started without it): nothing to serve, and nothing for init to respawn. */
        fprintf(stderr, "clonedeck-identity: %s: %s\n", argv[1], strerror(errno));
        for (;;)
            pause();
    }
    return serve(fd, fd, argv[2]);
}
