/* Writing data to a file drops its set-id bits unless the writer is root
 * (file_remove_privs): S_ISUID always, S_ISGID when group-executable or when the
 * writer is not in the file's group; so does open with O_TRUNC (but not of a file the
 * open creates); a zero-length write, a failed write (EBADF on a
 * read-only descriptor) and root's writes keep them. */
#include "perm.h"
#include <sys/uio.h>

static void user_writes(void) {
  int fd = open(P("w_suid"), O_WRONLY);
  report("open w_suid for writing", fd);
  report("write 0 bytes", fd < 0 ? -1 : write(fd, "", 0));
  show_mode("w_suid");
  report("write 1 byte", fd < 0 ? -1 : write(fd, "x", 1));
  show_mode("w_suid");
  if (fd >= 0) close(fd);

  fd = open(P("w_sgid_x"), O_WRONLY);
  report("pwrite w_sgid_x (group x)", fd < 0 ? -1 : pwrite(fd, "x", 1, 3));
  show_mode("w_sgid_x");
  if (fd >= 0) close(fd);

  fd = open(P("w_sgid_nox"), O_WRONLY);
  struct iovec iov = {"yz", 2};
  report("writev w_sgid_nox (no group x, in the group)", fd < 0 ? -1 : writev(fd, &iov, 1));
  show_mode("w_sgid_nox");
  if (fd >= 0) close(fd);

  fd = open(P("w_sgid_other"), O_WRONLY);
  report("write w_sgid_other (no group x, not in the group)", fd < 0 ? -1 : write(fd, "x", 1));
  show_mode("w_sgid_other");
  if (fd >= 0) close(fd);

  fd = open(P("w_trunc"), O_WRONLY | O_TRUNC);
  report("open w_trunc with O_TRUNC", fd);
  show_mode("w_trunc");
  if (fd >= 0) close(fd);

  fd = open(P("w_new"), O_WRONLY | O_CREAT | O_TRUNC, 02775);
  report("create w_new 02775 with O_TRUNC", fd);
  show_mode("w_new");
  if (fd >= 0) close(fd);

  fd = open(P("w_ro"), O_RDONLY);
  report("write to a read-only descriptor", fd < 0 ? -1 : write(fd, "x", 1));
  show_mode("w_ro");
  if (fd >= 0) close(fd);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  perm_setup(0777);
  make("w_suid", 04666, 1000, 1000);
  make("w_sgid_x", 02676, 1000, 1000);
  make("w_sgid_nox", 02666, 1000, 1000);
  make("w_sgid_other", 02666, 1000, 1234);
  make("w_ro", 06666, 1000, 1000);
  make("w_trunc", 06676, 1000, 1000);
  make("w_root", 06777, 1000, 1000);
  as_user(1000, 1000, user_writes);

  int fd = open(P("w_root"), O_WRONLY);
  report("root writes w_root", fd < 0 ? -1 : write(fd, "x", 1));
  show_mode("w_root");
  if (fd >= 0) close(fd);
  perm_cleanup();
  return 0;
}
