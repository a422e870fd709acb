/* The sticky bit: in a sticky directory only the owner of the file, the owner of
 * the directory or root may remove or rename an entry (EPERM); writing to a file
 * is still up to its mode. Checked both in a sticky directory of our own and in
 * /tmp itself (mode 1777 on Linux and on Flint's tmpfs). */
#include "perm.h"

static char tmpfile_1001[64];

static void user1000(void) {
  report("unlink a1001", unlink(P("a1001")));
  report("rename a1001 -> z", rename(P("a1001"), P("z")));
  report("rename b1000 -> a1001 (replaces 1001's file)", rename(P("b1000"), P("a1001")));
  int fd = open(P("a1001"), O_WRONLY);
  report("open a1001 for writing (mode 0666)", fd);
  if (fd >= 0) close(fd);
  report("unlink b1000 (own)", unlink(P("b1000")));
  report("rmdir d1001 (1001's empty dir)", rmdir(P("d1001")));
  report("unlink mine/x1001 (1000 owns the sticky dir)", unlink(P("mine/x1001")));
  report("unlink rootsticky/x1000 (own file in root's sticky dir)", unlink(P("rootsticky/x1000")));
  report("unlink plain/x1001 (no sticky bit)", unlink(P("plain/x1001")));
  report("unlink /tmp file of 1001", unlink(tmpfile_1001));
  report("rename /tmp file of 1001", rename(tmpfile_1001, P("stolen")));
  fd = open(P("new1000"), O_CREAT | O_EXCL | O_WRONLY, 0600);
  report("create new1000", fd);
  if (fd >= 0) close(fd);
}

static void user1001(void) {
  report("1001 unlink new1000", unlink(P("new1000")));
  report("1001 unlink a1001 (own)", unlink(P("a1001")));
}

int main(void) {
  perm_setup(01777);
  make("a1001", 0666, 1001, 1001);
  make("b1000", 0644, 1000, 1000);
  make("d1001", S_IFDIR | 0777, 1001, 1001);
  make("mine", S_IFDIR | 01777, 1000, 1000);
  make("mine/x1001", 0644, 1001, 1001);
  make("rootsticky", S_IFDIR | 01777, 0, 0);
  make("rootsticky/x1000", 0644, 1000, 1000);
  make("plain", S_IFDIR | 0777, 0, 0);
  make("plain/x1001", 0644, 1001, 1001);
  struct stat st;
  if (stat("/tmp", &st) == 0) say("/tmp mode %04o\n", (unsigned)(st.st_mode & 07777));
  strcpy(tmpfile_1001, "/tmp/flint-perm-1001-XXXXXX");
  int fd = mkstemp(tmpfile_1001);
  if (fd < 0 || fchown(fd, 1001, 1001) < 0) die("mkstemp");
  close(fd);
  as_user(1000, 1000, user1000);
  as_user(1001, 1001, user1001);
  show_mode("a1001");
  show_mode("b1000");
  show_mode("new1000");
  report("root unlink /tmp file of 1001", unlink(tmpfile_1001));
  perm_cleanup();
  return 0;
}
