/* Helpers for the permissions suite. Each program starts as root, prepares files
 * in a fresh directory under /tmp (mkdtemp) as root, and runs the checks in
 * children that drop to other ids (as_user). Lines are printed unbuffered so the
 * output of parent and children interleaves the same way everywhere. The
 * directory is removed at the end, as root. Paths are never printed (the
 * directory name differs between runs). */
#ifndef FLINT_GUEST_PERM_H
#define FLINT_GUEST_PERM_H
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static char perm_dir[256];

static inline const char *errname(int e) {
  switch (e) {
    case 0: return "ok";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENOEXEC: return "ENOEXEC";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EXDEV: return "EXDEV";
    case EROFS: return "EROFS";
    case EFAULT: return "EFAULT";
    default: return "E?";
  }
}

/* Print "what: ok" or "what: ERRNO" for a call that returns -1 on failure. */
static inline void report(const char *what, long rc) {
  printf("%s: %s\n", what, rc < 0 ? errname(errno) : "ok");
  fflush(stdout);
}

static inline void say(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  fflush(stdout);
}

/* A path inside the test directory. */
static inline const char *P(const char *name) {
  static char buf[4][512];
  static int next;
  char *b = buf[next++ & 3];
  snprintf(b, 512, "%s/%s", perm_dir, name);
  return b;
}

static inline void die(const char *what) {
  printf("setup failed: %s: %s\n", what, errname(errno));
  fflush(stdout);
  exit(99);
}

/* Make the test directory (mode `mode`, owned by root) under /tmp. */
static inline void perm_setup(mode_t mode) {
  umask(0);
  strcpy(perm_dir, "/tmp/flint-perm-XXXXXX");
  if (!mkdtemp(perm_dir)) die("mkdtemp");
  if (chmod(perm_dir, mode) < 0) die("chmod dir");
}

/* Create a file (or a directory when mode has S_IFDIR) with owner, group and exact mode. */
static inline void make(const char *name, mode_t mode, uid_t uid, gid_t gid) {
  const char *p = P(name);
  if (S_ISDIR(mode)) {
    if (mkdir(p, 0700) < 0) die(name);
  } else {
    int fd = open(p, O_CREAT | O_EXCL | O_WRONLY, 0600);
    if (fd < 0) die(name);
    if (write(fd, "data\n", 5) != 5) die(name);
    close(fd);
  }
  if (chown(p, uid, gid) < 0) die(name);
  if (chmod(p, mode & 07777) < 0) die(name);
}

static inline void remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) < 0) return;
  if (S_ISDIR(st.st_mode)) {
    chmod(path, 0700);
    DIR *d = opendir(path);
    if (d) {
      struct dirent *e;
      while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char sub[1024];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        remove_tree(sub);
      }
      closedir(d);
    }
    rmdir(path);
  } else {
    unlink(path);
  }
}

static inline void perm_cleanup(void) { remove_tree(perm_dir); }

/* Drop to uid/gid with the given supplementary groups (as su does: setgroups, setgid, setuid). */
static inline void drop_to(uid_t uid, gid_t gid, int ngroups, const gid_t *groups) {
  if (setgroups(ngroups, groups) < 0) die("setgroups");
  if (setgid(gid) < 0) die("setgid");
  if (setuid(uid) < 0) die("setuid");
}

/* Run fn in a child as uid/gid (supplementary groups: just gid); wait for it. */
static inline void as_user(uid_t uid, gid_t gid, void (*fn)(void)) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    drop_to(uid, gid, 1, &gid);
    fn();
    fflush(stdout);
    _exit(0);
  }
  int status;
  if (waitpid(pid, &status, 0) != pid) die("waitpid");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) say("child status %#x\n", status);
}

static inline void show_mode(const char *name) {
  struct stat st;
  if (lstat(P(name), &st) < 0) {
    say("%s: stat %s\n", name, errname(errno));
    return;
  }
  say("%s: mode %04o uid %u gid %u\n", name, (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid, (unsigned)st.st_gid);
}
#endif
