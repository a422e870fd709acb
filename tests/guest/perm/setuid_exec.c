/* Set-user-ID and set-group-ID executables: execve of a file with S_ISUID makes
 * its owner the effective (and saved) uid, S_ISGID with group execute its group
 * the effective gid; the saved ids become the effective ones at every exec;
 * AT_SECURE is 1 when the effective ids differ from the real ones.
 *
 * The program copies itself (/proc/self/exe) into the test directory with
 * several owners and modes and re-executes the copies from children with
 * other ids, which print what they got. Under qemu-user without binfmt_misc
 * the kernel cannot run an AArch64 file (ENOEXEC), so the copies are run
 * through a copy of qemu-aarch64 with the same owner and mode: the host kernel
 * then applies the set-id bits to qemu, which is what binfmt_misc's
 * credentials flag does. Under Flint (and on AArch64 Linux) the copies run
 * directly. */
#include "perm.h"
#include <sys/auxv.h>
#include <sys/syscall.h>

static int need_qemu;
static const char *qemu_path;

static void copy_file(const char *from, const char *to, mode_t mode, uid_t uid, gid_t gid) {
  int in = open(from, O_RDONLY);
  if (in < 0) die(from);
  int out = open(to, O_CREAT | O_EXCL | O_WRONLY, 0700);
  if (out < 0) die(to);
  static char buf[1 << 16];
  ssize_t n;
  while ((n = read(in, buf, sizeof buf)) > 0) {
    if (write(out, buf, n) != n) die("write");
  }
  if (n < 0) die("read");
  close(in);
  close(out);
  if (chown(to, uid, gid) < 0) die("chown copy");
  if (chmod(to, mode) < 0) die("chmod copy");
}

/* The copies of this program: name, mode, owner, group. */
struct copy {
  const char *name;
  mode_t mode;
  uid_t uid;
  gid_t gid;
};

static const struct copy copies[] = {
  {"suid_root", 04755, 0, 0},
  {"sgid_1234", 02755, 0, 1234},
  {"sgid_nox", 02745, 0, 1234},
  {"both", 06755, 2000, 2001},
  {"suid_1000", 04755, 1000, 1000},
  {"plain", 0755, 0, 0},
};

/* execve the copy `name` with argv {name, "report", label}, through a same-mode qemu copy when needed. */
static void exec_copy(const char *name, const char *label) {
  char *envp[] = {NULL};
  if (!need_qemu) {
    char *argv[] = {(char *)name, "report", (char *)label, NULL};
    execve(P(name), argv, envp);
    return;
  }
  char qname[64];
  snprintf(qname, sizeof qname, "q_%s", name);
  char *argv[] = {"qemu-aarch64", "-0", (char *)name, (char *)P(name), "report", (char *)label, NULL};
  execve(P(qname), argv, envp);
}

static void show_ids(const char *label) {
  uid_t r, e, s;
  gid_t gr, ge, gs;
  getresuid(&r, &e, &s);
  getresgid(&gr, &ge, &gs);
  say("%s: uid %u %u %u gid %u %u %u secure %lu\n", label, r, e, s, gr, ge, gs, getauxval(AT_SECURE));
}

/* The re-executed copy: print the ids, then what it may still do with them. */
static int report_mode(const char *label) {
  show_ids(label);
  uid_t e = geteuid();
  if (e != getuid()) {
    char what[128];
    snprintf(what, sizeof what, "%s: seteuid(ruid)", label);
    report(what, seteuid(getuid()));
    snprintf(what, sizeof what, "%s: seteuid(saved %u) back", label, e);
    report(what, seteuid(e));
    snprintf(what, sizeof what, "%s: setuid(ruid) for good", label);
    report(what, setuid(getuid()));
    snprintf(what, sizeof what, "%s: seteuid(%u) after that", label, e);
    report(what, seteuid(e));
  }
  return 0;
}

/* A child with the given ids execs copy `name`. */
static void run(const char *label, const char *name, uid_t r, uid_t e, uid_t s, gid_t g) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    if (setgroups(1, &g) < 0 || setresgid(g, g, g) < 0 || setresuid(r, e, s) < 0) die("drop");
    exec_copy(name, label);
    say("%s: execve %s\n", label, errname(errno));
    _exit(1);
  }
  int status;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) say("%s: status %#x\n", label, status);
}

static const char *find_qemu(void) {
  static const char *qemus[] = {"/usr/bin/qemu-aarch64", "/usr/local/bin/qemu-aarch64", "/usr/bin/qemu-aarch64-static", 0};
  for (int i = 0; qemus[i]; i++)
    if (access(qemus[i], X_OK) == 0) return qemus[i];
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "probe")) return 0;
  if (argc > 2 && !strcmp(argv[1], "report")) return report_mode(argv[2]);

  perm_setup(0755);
  for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++)
    copy_file("/proc/self/exe", P(copies[i].name), copies[i].mode, copies[i].uid, copies[i].gid);

  /* Can the kernel run the copies itself? */
  pid_t pid = fork();
  if (pid == 0) {
    char *args[] = {"plain", "probe", NULL};
    char *envp[] = {NULL};
    execve(P("plain"), args, envp);
    _exit(errno == ENOEXEC ? 42 : 43);
  }
  int status;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 42) {
    qemu_path = find_qemu();
    if (!qemu_path) die("no qemu-aarch64 to run the copies");
    need_qemu = 1;
    for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++) {
      char qname[64];
      snprintf(qname, sizeof qname, "q_%s", copies[i].name);
      copy_file(qemu_path, P(qname), copies[i].mode, copies[i].uid, copies[i].gid);
    }
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    say("probe: status %#x\n", status);
  }

  show_ids("parent");
  run("1000 runs suid_root", "suid_root", 1000, 1000, 1000, 1000);
  run("1000 runs sgid_1234", "sgid_1234", 1000, 1000, 1000, 1000);
  run("1000 runs sgid_nox (no group x)", "sgid_nox", 1000, 1000, 1000, 1000);
  run("1000 runs both", "both", 1000, 1000, 1000, 1000);
  run("1000 runs plain", "plain", 1000, 1000, 1000, 1000);
  run("root runs suid_1000", "suid_1000", 0, 0, 0, 0);
  run("root runs suid_root", "suid_root", 0, 0, 0, 0);
  run("root runs plain", "plain", 0, 0, 0, 0);
  run("r1000 e0 s1000 runs plain", "plain", 1000, 0, 1000, 1000);
  run("r0 e1000 s0 runs plain", "plain", 0, 1000, 0, 0);
  run("r1000 e1001 s1000 runs suid_1000", "suid_1000", 1000, 1001, 1000, 1000);
  perm_cleanup();
  return 0;
}
