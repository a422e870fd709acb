// Read-only and nosuid mounts: as root, mount a tmpfs on a fresh directory
// under /tmp, write a file, remount it read-only (MS_REMOUNT|MS_RDONLY) and
// check that every change fails with EROFS while reads work, remount it
// read-write, try a read-only bind mount and a nosuid tmpfs, then unmount
// everything and remove the directory. Without the privilege to mount, it
// prints the error and cleans up, so the output still compares.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <unistd.h>

#define CHECK(x) do { long _r = (long)(x); printf("%-64s -> %ld%s%s\n", #x, _r, _r < 0 ? " errno=" : "", _r < 0 ? strerrorname_np(errno) : ""); } while (0)

#ifndef ST_VALID
#define ST_VALID 0x20
#endif

static char dir[64];
static char paths[4][128];
static int next_path;

/** DIR/name, in one of four buffers (so a call may take two). */
static const char *at(const char *name) {
  char *p = paths[next_path++ % 4];
  snprintf(p, 128, "%s/%s", dir, name);
  return p;
}

/** The options column of /proc/mounts for the mount on `where`, up to the first comma after ro/rw and nosuid if present. */
static void show_mount(const char *where) {
  FILE *f = fopen("/proc/mounts", "r");
  if (!f) {
    printf("no /proc/mounts\n");
    return;
  }
  char line[512], dev[128], mnt[256], type[64], opts[256];
  const char *found = NULL;
  int nosuid = 0;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "%127s %255s %63s %255s", dev, mnt, type, opts) != 4) continue;
    if (strcmp(mnt, where) != 0) continue;
    found = strncmp(opts, "ro", 2) == 0 && (opts[2] == ',' || opts[2] == 0) ? "ro" : "rw";
    nosuid = strstr(opts, "nosuid") != NULL;
  }
  fclose(f);
  if (found) printf("/proc/mounts: %s %s%s\n", where == dir ? "DIR" : "DIR/...", found, nosuid ? " nosuid" : "");
  else printf("/proc/mounts: no line\n");
}

static void show_statfs(const char *p) {
  struct statfs sf;
  if (statfs(p, &sf) != 0) {
    printf("statfs: %s\n", strerrorname_np(errno));
    return;
  }
  printf("statfs: valid=%d rdonly=%d nosuid=%d\n", (sf.f_flags & ST_VALID) != 0, (sf.f_flags & ST_RDONLY) != 0,
         (sf.f_flags & ST_NOSUID) != 0);
}

static void read_file(const char *name) {
  char buf[64] = {0};
  int fd = open(at(name), O_RDONLY);
  if (fd < 0) {
    printf("read %s: %s\n", name, strerrorname_np(errno));
    return;
  }
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  printf("read %s: %zd '%s'\n", name, n, buf);
}

static void try_changes(void) {
  CHECK(open(at("file"), O_WRONLY));
  CHECK(open(at("file"), O_RDWR));
  CHECK(open(at("file"), O_RDONLY | O_TRUNC));
  CHECK(open(at("new"), O_CREAT | O_WRONLY, 0644));
  CHECK(open(at("file"), O_CREAT | O_EXCL | O_WRONLY, 0644));
  int fd = open(at("file"), O_CREAT | O_RDONLY, 0644);
  CHECK(fd >= 0);
  if (fd >= 0) close(fd);
  CHECK(open(at("sub"), O_RDWR));
  CHECK(open(at("nodir/x"), O_CREAT | O_WRONLY, 0644));
  CHECK(mkdir(at("sub"), 0755));
  CHECK(mkdir(at("newdir"), 0755));
  CHECK(mkfifo(at("fifo"), 0644));
  CHECK(symlink("file", at("link")));
  CHECK(link(at("file"), at("hard")));
  CHECK(unlink(at("file")));
  CHECK(unlink(at("missing")));
  CHECK(rmdir(at("sub")));
  CHECK(rename(at("file"), at("other")));
  CHECK(chmod(at("file"), 0600));
  CHECK(chown(at("file"), 1, 1));
  CHECK(utimes(at("file"), NULL));
  CHECK(truncate(at("file"), 1));
  CHECK(truncate(at("sub"), 1));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  strcpy(dir, "/tmp/flintmnt.XXXXXX");
  if (!mkdtemp(dir)) return 1;
  int mounted = mount("none", dir, "tmpfs", 0, NULL) == 0;
  printf("mount tmpfs: %s\n", mounted ? "ok" : strerrorname_np(errno));
  if (mounted) {
    show_mount(dir);
    show_statfs(dir);
    int fd = open(at("file"), O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "written", 7));
    CHECK(close(fd));
    CHECK(mkdir(at("sub"), 0755));

    CHECK(mount("none", dir, NULL, MS_REMOUNT | MS_RDONLY, NULL));
    show_mount(dir);
    show_statfs(dir);
    show_statfs(at("sub"));
    read_file("file");
    try_changes();
    read_file("file");

    CHECK(mount("none", at("file"), NULL, MS_REMOUNT, NULL));
    CHECK(mount("none", dir, NULL, MS_REMOUNT, NULL));
    show_mount(dir);
    show_statfs(dir);
    fd = open(at("file"), O_WRONLY | O_APPEND);
    CHECK(fd >= 0);
    CHECK(write(fd, "+more", 5));
    CHECK(close(fd));
    read_file("file");

    // A bind mount of sub on bind, then read-only for that mount only.
    CHECK(mkdir(at("bind"), 0755));
    char sub[128], bind[128];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(bind, sizeof bind, "%s/bind", dir);
    CHECK(mount(sub, bind, NULL, MS_BIND, NULL));
    CHECK(mkdir(at("bind/made"), 0755));
    struct stat st;
    CHECK(stat(at("sub/made"), &st));
    CHECK(mount("none", bind, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
    CHECK(rmdir(at("bind/made")));
    CHECK(rename(at("sub/made"), at("bind/made2")));
    CHECK(rmdir(at("sub/made")));
    CHECK(umount(bind));
    CHECK(rmdir(at("bind")));

    // A nosuid tmpfs inside.
    CHECK(mkdir(at("ns"), 0755));
    CHECK(mount("none", at("ns"), "tmpfs", MS_NOSUID, NULL));
    snprintf(sub, sizeof sub, "%s/ns", dir);
    show_mount(sub);
    show_statfs(sub);
    CHECK(umount(sub));

    CHECK(unlink(at("file")));
    CHECK(rmdir(at("sub")));
    int r = umount(dir);
    printf("umount: %s\n", r == 0 ? "ok" : strerrorname_np(errno));
    if (r != 0) umount2(dir, MNT_DETACH);
  }
  CHECK(rmdir(dir));
  return 0;
}
