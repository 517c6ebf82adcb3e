/*
 * Run by test_hypervisor_stub under LD_PRELOAD="<stub> <recorder>":
 *   hvstub_probe directory DIR  opens DIR with O_DIRECTORY and no O_CREAT, with 0777 in the
 *                               mode argument's place (what a caller's register may hold);
 *   hvstub_probe xsd_port       opens /proc/xen/xsd_port, as xenstored does.
 * Prints "ok" or "errno <name>" on stdout. Test-only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int fd = -1;
    if (argc == 3 && strcmp(argv[1], "directory") == 0)
        fd = open(argv[2], O_RDONLY | O_DIRECTORY, 0777);
    else if (argc == 2 && strcmp(argv[1], "xsd_port") == 0)
        fd = open("/proc/xen/xsd_port", O_RDONLY);
    else
        return 2;
    if (fd < 0) {
        printf("errno %s\n", strerrorname_np(errno));
        return 1;
    }
    close(fd);
    printf("ok\n");
    return 0;
}
