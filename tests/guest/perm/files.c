/* Permission checks on files and directories as uid 1000 (gid 1000): open by
 * owner/group/other class, directory search, create/unlink/rename in
 * read-only directories, chmod/chown/utimes/truncate rules (EACCES vs EPERM),
 * exec permission, and access(2) with the real ids against faccessat2's
 * AT_EACCESS with the effective ids. */
#include "perm.h"
#include <sys/syscall.h>
#include <time.h>

static void try_open(const char *name, int flags, const char *label) {
  char what[128];
  snprintf(what, sizeof what, "open %s %s", name, label);
  int fd = open(P(name), flags);
  report(what, fd);
  if (fd >= 0) close(fd);
}

static void user_checks(void) {
  try_open("r600", O_RDONLY, "rdonly");
  try_open("g640", O_RDONLY, "rdonly");
  try_open("g640", O_WRONLY, "wronly");
  try_open("o604", O_RDONLY, "rdonly");
  try_open("o604", O_RDWR, "rdwr");
  try_open("own400", O_RDONLY, "rdonly");
  try_open("own400", O_WRONLY, "wronly");
  try_open("own400", O_RDONLY | O_TRUNC, "rdonly|trunc");
  try_open("u060", O_RDONLY, "rdonly (owner class has nothing)");
  try_open("closed/f", O_RDONLY, "rdonly");
  try_open("xonly/f", O_RDONLY, "rdonly");
  try_open("ronly", O_RDONLY | O_DIRECTORY, "dir");
  try_open("closed", O_RDONLY | O_DIRECTORY, "dir");

  struct stat st;
  report("stat closed/f", stat(P("closed/f"), &st));
  report("stat xonly/f", stat(P("xonly/f"), &st));
  report("stat ronly/f", stat(P("ronly/f"), &st));
  report("chdir closed", chdir(P("closed")));
  report("opendir xonly", opendir(P("xonly")) ? 0 : -1);
  report("creat ronly/new", open(P("ronly/new"), O_CREAT | O_WRONLY, 0644));
  report("mkdir ronly/sub", mkdir(P("ronly/sub"), 0755));
  report("unlink ronly/f", unlink(P("ronly/f")));
  report("rename ronly/f -> mine", rename(P("ronly/f"), P("mine")));
  report("symlink in ronly", symlink("x", P("ronly/l")));
  report("link into ronly", link(P("o604"), P("ronly/hard")));
  report("mkfifo in ronly", mkfifo(P("ronly/fifo"), 0644));
  report("link r600 -> hard1 (protected_hardlinks)", link(P("r600"), P("hard1")));
  report("link w666 -> hard2 (readable and writable)", link(P("w666"), P("hard2")));
  report("link x700 -> hard3", link(P("x700"), P("hard3")));
  report("link own400 -> hard4 (owner)", link(P("own400"), P("hard4")));
  report("creat xonly/new", open(P("xonly/new"), O_CREAT | O_WRONLY, 0644));
  report("unlink xonly/f", unlink(P("xonly/f")));

  int fd = open(P("mine"), O_CREAT | O_EXCL | O_WRONLY, 0640);
  report("creat mine", fd);
  if (fd >= 0) close(fd);
  show_mode("mine");
  report("mkdir mydir", mkdir(P("mydir"), 0750));
  show_mode("mydir");
  report("rename r600 -> taken (dir writable)", rename(P("r600"), P("taken")));
  report("rename taken -> r600", rename(P("taken"), P("r600")));
  report("rename mydir -> ronly/mydir", rename(P("mydir"), P("ronly/mydir")));
  report("rename rootdir -> moved (not writable, other parent)", rename(P("rootdir"), P("mydir/rootdir")));
  report("rename rootdir -> rootdir2 (same parent)", rename(P("rootdir"), P("rootdir2")));

  report("chmod r600 (not owner)", chmod(P("r600"), 0666));
  report("chmod own400 0600", chmod(P("own400"), 0600));
  report("chmod dir itself (root's)", chmod(perm_dir, 0700));
  report("chown own400 uid 1001", chown(P("own400"), 1001, -1));
  report("chown own400 uid 1000", chown(P("own400"), 1000, -1));
  report("chown own400 gid 0", chown(P("own400"), -1, 0));
  report("chown own400 gid 1000", chown(P("own400"), -1, 1000));
  report("chown own400 -1 -1", chown(P("own400"), -1, -1));
  report("chown r600 -1 -1 (not owner)", chown(P("r600"), -1, -1));
  report("chown r600 gid 1000 (not owner)", chown(P("r600"), -1, 1000));
  report("lchown own400 1000 1000", lchown(P("own400"), 1000, 1000));

  struct timespec now2[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};
  struct timespec given[2] = {{1000, 0}, {2000, 0}};
  struct timespec now_omit[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
  report("utimes r600 NULL (no write)", utimensat(AT_FDCWD, P("r600"), NULL, 0));
  report("utimes r600 given (not owner)", utimensat(AT_FDCWD, P("r600"), given, 0));
  report("utimes w666 NULL (writable)", utimensat(AT_FDCWD, P("w666"), NULL, 0));
  report("utimes w666 NOW,NOW", utimensat(AT_FDCWD, P("w666"), now2, 0));
  report("utimes w666 NOW,OMIT", utimensat(AT_FDCWD, P("w666"), now_omit, 0));
  report("utimes w666 given (not owner)", utimensat(AT_FDCWD, P("w666"), given, 0));
  report("utimes own400 given (owner)", utimensat(AT_FDCWD, P("own400"), given, 0));
  if (stat(P("own400"), &st) == 0) say("own400 mtime %ld\n", (long)st.st_mtime);

  report("truncate r600", truncate(P("r600"), 0));
  report("truncate w666", truncate(P("w666"), 2));
  report("truncate own400 (mode 0600 now)", truncate(P("own400"), 1));

  char *argv[] = {"x", NULL};
  char *envp[] = {NULL};
  report("execve noexec644", execve(P("noexec644"), argv, envp));
  report("execve x700 (root's)", execve(P("x700"), argv, envp));
  report("execve closed/f", execve(P("closed/f"), argv, envp));
  report("execve dir", execve(perm_dir, argv, envp));

  report("access r600 R_OK", access(P("r600"), R_OK));
  report("access o604 R_OK", access(P("o604"), R_OK));
  report("access o604 W_OK", access(P("o604"), W_OK));
  report("access closed/f F_OK", access(P("closed/f"), F_OK));
  report("access x700 X_OK", access(P("x700"), X_OK));
  report("access ronly W_OK", access(P("ronly"), W_OK));
  report("access ronly X_OK", access(P("ronly"), X_OK));
}

/* Real uid 1000, effective uid 0: access() answers for 1000, faccessat2(AT_EACCESS) for root. */
static void real_vs_effective(void) {
  report("setreuid(1000,0)", setreuid(1000, 0));
  report("access r600 R_OK (real 1000)", access(P("r600"), R_OK));
  report("faccessat r600 AT_EACCESS", faccessat(AT_FDCWD, P("r600"), R_OK, AT_EACCESS));
  report("faccessat2 r600 AT_EACCESS", syscall(SYS_faccessat2, AT_FDCWD, P("r600"), R_OK, AT_EACCESS));
  report("open r600 (effective 0)", open(P("r600"), O_RDONLY));
  report("access closed/f (real 1000)", access(P("closed/f"), F_OK));
  report("faccessat2 noexec644 X_OK AT_EACCESS (root needs an x bit)", syscall(SYS_faccessat2, AT_FDCWD, P("noexec644"), X_OK, AT_EACCESS));
  report("faccessat2 x700 X_OK AT_EACCESS", syscall(SYS_faccessat2, AT_FDCWD, P("x700"), X_OK, AT_EACCESS));
  report("faccessat2 bad flag", syscall(SYS_faccessat2, AT_FDCWD, P("r600"), R_OK, 0x1));
  report("faccessat bad mode", syscall(SYS_faccessat, AT_FDCWD, P("r600"), 8));
  _exit(0);
}

/* Root: read/write anything, search any directory, execute only with some x bit. */
static void root_checks(void) {
  try_open("closed/f", O_RDWR, "rdwr as root");
  try_open("u060", O_RDWR, "rdwr as root");
  char *argv[] = {"x", NULL};
  char *envp[] = {NULL};
  report("root execve noexec644", execve(P("noexec644"), argv, envp));
  report("root access noexec644 X_OK", access(P("noexec644"), X_OK));
  report("root access closed/f W_OK", access(P("closed/f"), W_OK));
  report("root access ronly W_OK", access(P("ronly"), W_OK));
}

int main(void) {
  perm_setup(0777);
  make("r600", 0600, 0, 0);
  make("g640", 0640, 0, 1000);
  make("o604", 0604, 0, 0);
  make("own400", 0400, 1000, 1000);
  make("u060", 0060, 1000, 1000);
  make("w666", 0666, 0, 0);
  make("noexec644", 0644, 0, 0);
  make("x700", 0700, 0, 0);
  make("closed", S_IFDIR | 0700, 0, 0);
  make("closed/f", 0666, 0, 0);
  make("xonly", S_IFDIR | 0711, 0, 0);
  make("xonly/f", 0644, 0, 0);
  make("ronly", S_IFDIR | 0555, 0, 0);
  make("ronly/f", 0666, 0, 0);
  make("rootdir", S_IFDIR | 0755, 0, 0);
  root_checks();
  as_user(1000, 1000, user_checks);
  pid_t pid = fork();
  if (pid == 0) real_vs_effective();
  waitpid(pid, NULL, 0);
  show_mode("own400");
  show_mode("w666");
  show_mode("rootdir2");
  perm_cleanup();
  return 0;
}
