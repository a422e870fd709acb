/* /proc/self follows the credentials: status shows the real, effective, saved and
 * file-system ids and the supplementary groups; /proc/self belongs to the effective ids,
 * and a process that gave up root can still list its own descriptors. */
#include "perm.h"

static void show_status(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) {
    say("open status: %s\n", errname(errno));
    return;
  }
  char line[256];
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "Uid:", 4) || !strncmp(line, "Gid:", 4) || !strncmp(line, "Groups:", 7)) say("%s", line);
  fclose(f);
}

static void show_owner(const char *path) {
  struct stat st;
  if (stat(path, &st) < 0) say("stat %s: %s\n", path, errname(errno));
  else say("%s: uid %u gid %u\n", path, (unsigned)st.st_uid, (unsigned)st.st_gid);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  show_status();
  pid_t pid = fork();
  if (pid == 0) {
    gid_t groups[] = {27, 1000, 5};
    if (setgroups(3, groups) < 0) die("setgroups");
    if (setresgid(1000, 1001, 1002) < 0) die("setresgid");
    if (setresuid(1000, 1001, 1002) < 0) die("setresuid");
    show_status();
    show_owner("/proc/self/");
    DIR *d = opendir("/proc/self/fd");
    say("list own fds: %s\n", d ? "ok" : errname(errno));
    if (d) closedir(d);
    _exit(0);
  }
  int st;
  if (waitpid(pid, &st, 0) != pid) die("waitpid");
  say("child exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  return 0;
}
