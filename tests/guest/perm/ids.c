/* The id syscalls' rules (kernel/sys.c, kernel/groups.c): what root may set,
 * what an unprivileged process may pick among its real/effective/saved ids,
 * how the saved id follows, setfsuid's return value, setgroups, capget. */
#include "perm.h"
#include <linux/capability.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>

static void ids(const char *when) {
  uid_t r, e, s;
  gid_t gr, ge, gs;
  getresuid(&r, &e, &s);
  getresgid(&gr, &ge, &gs);
  int fsuid = setfsuid(-1);
  int fsgid = setfsgid(-1);
  say("%s: uid %u %u %u fs %d gid %u %u %u fs %d\n", when, r, e, s, fsuid, gr, ge, gs, fsgid);
}

static void groups(const char *when) {
  gid_t list[16];
  int n = getgroups(16, list);
  say("%s: %d groups:", when, n);
  for (int i = 0; i < n; i++) say(" %u", list[i]);
  say("\n");
}

/* Raw syscalls, so glibc's multi-thread broadcasting and argument checks stay out of the way. */
static long sys_setresuid(long r, long e, long s) { return syscall(SYS_setresuid, r, e, s); }
static long sys_setreuid(long r, long e) { return syscall(SYS_setreuid, r, e); }
static long sys_setuid(long u) { return syscall(SYS_setuid, u); }

static void caps(const char *when) {
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  long rc = syscall(SYS_capget, &hdr, data);
  if (rc < 0) {
    say("%s: capget %s\n", when, errname(errno));
    return;
  }
  /* Only a few bits: a container's root may lack some capabilities. */
  unsigned eff = data[0].effective, prm = data[0].permitted;
  say("%s: caps eff setuid %d dac_override %d chown %d, prm setuid %d, inh %u\n", when,
      (eff >> CAP_SETUID) & 1, (eff >> CAP_DAC_OVERRIDE) & 1, (eff >> CAP_CHOWN) & 1, (prm >> CAP_SETUID) & 1,
      data[0].inheritable | data[1].inheritable);
}

static void child_unprivileged(void) {
  ids("dropped");
  groups("dropped");
  caps("dropped");
  report("setuid(0)", sys_setuid(0));
  report("setresuid(-1,0,-1)", sys_setresuid(-1, 0, -1));
  report("setreuid(0,-1)", sys_setreuid(0, -1));
  report("setreuid(-1,1001)", sys_setreuid(-1, 1001));
  report("setgid(0)", setgid(0));
  report("setresgid(0,-1,-1)", setresgid(0, -1, -1));
  report("setregid(-1,0)", setregid(-1, 0));
  gid_t g = 0;
  report("setgroups(1,{0})", setgroups(1, &g));
  report("setgroups(0)", setgroups(0, NULL));
  /* Not checked: setgroups(70000) unprivileged is EPERM on Linux (capability first), but
   * qemu-user answers EINVAL itself before asking the kernel. */
  report("setuid(1000)", sys_setuid(1000));
  report("setresuid(1000,1000,1000)", sys_setresuid(1000, 1000, 1000));
  report("setuid(-1)", sys_setuid(-1));
  say("setfsuid(0) returns %d\n", setfsuid(0));
  say("setfsuid(-1) returns %d\n", setfsuid(-1));
  say("setfsgid(0) returns %d\n", setfsgid(0));
  say("setfsgid(-1) returns %d\n", setfsgid(-1));
  ids("end");
}

/* Root parks the saved uid at 0 and moves between ids. */
static void saved_ids(void) {
  report("setresuid(1000,1001,0)", sys_setresuid(1000, 1001, 0));
  ids("parked");
  caps("parked");
  report("setreuid(-1,0)", sys_setreuid(-1, 0));
  ids("back to euid 0");
  report("setuid(1001) as euid 0", sys_setuid(1001));
  ids("after setuid");
  report("setuid(0)", sys_setuid(0));
  report("setuid(1000)", sys_setuid(1000));
  _exit(0);
}

static void temporary_drop(void) {
  report("seteuid(1000)", seteuid(1000));
  ids("temporarily dropped");
  caps("temporarily dropped");
  report("open /proc/self/status", open("/proc/self/status", O_RDONLY));
  report("setuid(0) with ruid 0", sys_setuid(0));
  ids("restored");
  report("setreuid(1000,1000)", sys_setreuid(1000, 1000));
  ids("setreuid");
  report("setuid(0) after setreuid", sys_setuid(0));
  _exit(0);
}

static void swap_ids(void) {
  report("setreuid(1000,1001)", sys_setreuid(1000, 1001));
  ids("r1000 e1001");
  report("setreuid(1001,1000)", sys_setreuid(1001, 1000));
  ids("swapped");
  report("setreuid(-1,1001)", sys_setreuid(-1, 1001));
  ids("euid to ruid");
  report("setreuid(1002,-1)", sys_setreuid(1002, -1));
  report("setreuid(-1,1000)", sys_setreuid(-1, 1000));
  ids("euid to suid");
  report("setresuid(-1,-1,-1)", sys_setresuid(-1, -1, -1));
  report("setresuid(1000,1001,1000)", sys_setresuid(1000, 1001, 1000));
  ids("res");
  _exit(0);
}

static void fsids(void) {
  say("root setfsuid(1234) returns %d\n", setfsuid(1234));
  say("root setfsgid(4321) returns %d\n", setfsgid(4321));
  ids("fs moved");
  report("setresuid(-1,1000,-1)", sys_setresuid(-1, 1000, -1));
  ids("fsuid follows euid");
  say("setfsuid(0) with suid 0 returns %d\n", setfsuid(0));
  ids("fsuid 0");
  _exit(0);
}

static void gid_rules(void) {
  report("setresgid(1000,1001,1002)", setresgid(1000, 1001, 1002));
  report("setresuid(1000,1000,1000)", sys_setresuid(1000, 1000, 1000));
  ids("gids");
  report("setgid(1002)", setgid(1002));
  ids("setgid to sgid");
  report("setgid(1001)", setgid(1001));
  report("setregid(1002,1000)", setregid(1002, 1000));
  ids("setregid");
  report("setresgid(1001,-1,-1)", setresgid(1001, -1, -1));
  _exit(0);
}

static void run(void (*fn)(void)) {
  pid_t pid = fork();
  if (pid == 0) fn();
  int st;
  waitpid(pid, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) say("child status %#x\n", st);
}

int main(void) {
  ids("start");
  caps("start");
  gid_t list[] = {1000, 50, 7, 50};
  report("setgroups(4)", setgroups(4, list));
  groups("root");
  report("setgroups(65537)", syscall(SYS_setgroups, 65537, NULL));
  report("setgroups(-1)", syscall(SYS_setgroups, -1, NULL));
  report("setgroups(1,NULL)", syscall(SYS_setgroups, 1, NULL));
  report("setgroups(0)", setgroups(0, NULL));
  groups("emptied");

  struct __user_cap_header_struct hdr = {0, 0};
  long rc = syscall(SYS_capget, &hdr, NULL);
  say("capget probe: %ld version %#x\n", rc, hdr.version);
  hdr.version = 0x12345678;
  struct __user_cap_data_struct data[2];
  rc = syscall(SYS_capget, &hdr, data);
  say("capget bad version: %s version %#x\n", rc < 0 ? errname(errno) : "ok", hdr.version);
  hdr.version = _LINUX_CAPABILITY_VERSION_3;
  hdr.pid = -5;
  report("capget pid -5", syscall(SYS_capget, &hdr, data));

  run(saved_ids);
  run(temporary_drop);
  run(swap_ids);
  run(fsids);
  run(gid_rules);
  as_user(1000, 1000, child_unprivileged);
  ids("parent");
  return 0;
}
