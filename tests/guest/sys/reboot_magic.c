/* reboot(2) argument checks. Run without arguments (as the oracle test does, under
 * qemu-aarch64 too) every call is one a real kernel refuses, so nothing can reboot the
 * host: wrong magic numbers (EINVAL for root), or an unprivileged caller (EPERM, which
 * Linux checks before the magic). Only inside Flint (uname's release ends in "-flint")
 * does an argument -- poweroff, halt, restart, cad -- make a call with valid magic.
 * Assumes the test runs as root, as the other guest tests do. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <linux/reboot.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static long raw(long m1, long m2, long cmd) { return syscall(SYS_reboot, m1, m2, cmd, 0L); }

static const char *name(int e) {
  return e == EINVAL ? "EINVAL" : e == EPERM ? "EPERM" : e == ENOSYS ? "ENOSYS" : "other";
}

static void show(const char *what, long r) {
  if (r < 0) printf("%s: -1 %s\n", what, name(errno));
  else printf("%s: %ld\n", what, r);
}

static int inside_flint(void) {
  struct utsname u;
  CHECK(uname(&u) == 0);
  size_t n = strlen(u.release);
  return n >= 6 && strcmp(u.release + n - 6, "-flint") == 0;
}

int main(int argc, char **argv) {
  if (argc > 1) {
    if (!inside_flint()) {
      printf("refusing: valid reboot(2) magic only runs inside Flint\n");
      return 2;
    }
    long cmd = !strcmp(argv[1], "poweroff") ? LINUX_REBOOT_CMD_POWER_OFF
             : !strcmp(argv[1], "halt")     ? LINUX_REBOOT_CMD_HALT
             : !strcmp(argv[1], "restart")  ? LINUX_REBOOT_CMD_RESTART
                                            : LINUX_REBOOT_CMD_CAD_ON;
    printf("calling reboot(%s)\n", argv[1]);
    fflush(stdout);
    show("valid magic", raw(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd));
    show("CAD_OFF", raw(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2C, LINUX_REBOOT_CMD_CAD_OFF));
    return 0;
  }
  show("bad magic1", raw(0x12345678, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF));
  show("bad magic2", raw(LINUX_REBOOT_MAGIC1, 42, LINUX_REBOOT_CMD_POWER_OFF));
  show("magics swapped", raw(LINUX_REBOOT_MAGIC2, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_CMD_HALT));
  show("magic2 as magic1", raw(LINUX_REBOOT_MAGIC2A, LINUX_REBOOT_MAGIC2B, LINUX_REBOOT_CMD_RESTART));
  show("zero magic", raw(0, 0, LINUX_REBOOT_CMD_CAD_OFF));
  fflush(stdout);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    CHECK(setgid(65534) == 0 && setuid(65534) == 0);
    /* Unprivileged: EPERM before any look at the arguments. */
    show("unprivileged bad magic", raw(0x12345678, 42, LINUX_REBOOT_CMD_POWER_OFF));
    show("unprivileged bad command", raw(0, 0, 0x7777));
    fflush(stdout);
    _exit(0);
  }
  int st;
  CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  return 0;
}
