/* vm-init-io.h says what these are for. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "raw-syscall.h"
#include "vm-init-io.h"

void vminitClose(int fd)
{
    rawSyscall(SYS_close, fd, 0, 0, 0, 0);
}

int vminitFormatDecimal(char *out, unsigned long n)
{
    char digits[24];
    int count = 0;
    do {
        digits[count++] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    for (int i = 0; i < count; ++i)
        out[i] = digits[count - 1 - i];
    return count;
}

void vminitSendReply(int fd, int32_t code, int32_t detail, int passFd)
{
    /* MSG_NOSIGNAL: a reply socket whose reader has gone is not a reason to die. Raw: the
     * command init calls this too. */
    int32_t words[2] = {code, detail};
    struct iovec part = {words, sizeof words};
    union {
        struct cmsghdr header;
        char space[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr message = {.msg_iov = &part, .msg_iovlen = 1};
    if (passFd >= 0) {
        memset(&control, 0, sizeof control);
        message.msg_control = control.space;
        message.msg_controllen = sizeof control.space;
        struct cmsghdr *c = CMSG_FIRSTHDR(&message);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &passFd, sizeof(int));
    }
    while (rawSyscall(SYS_sendmsg, fd, (long)&message, MSG_NOSIGNAL, 0, 0) == -EINTR) {
    }
}
