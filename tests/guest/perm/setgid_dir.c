/* Set-group-ID directories and the mode bits chmod/chown keep or drop: new files
 * take the directory's group, new subdirectories also S_ISGID; a new setgid
 * file keeps S_ISGID only for a member of that group; chmod by a non-member
 * silently drops S_ISGID; chown clears S_ISUID (and S_ISGID when
 * group-executable) on non-directories, even for root. */
#include "perm.h"

static void member_of_nothing(void) {
  int fd = open(P("g/file"), O_CREAT | O_EXCL | O_WRONLY, 0644);
  report("create g/file", fd);
  if (fd >= 0) close(fd);
  show_mode("g/file");
  report("mkdir g/sub", mkdir(P("g/sub"), 0755));
  show_mode("g/sub");
  report("mkdir g/sub/deeper", mkdir(P("g/sub/deeper"), 0700));
  show_mode("g/sub/deeper");
  fd = open(P("g/sgid_file"), O_CREAT | O_EXCL | O_WRONLY, 02755);
  report("create g/sgid_file 02755 (not in group 1234)", fd);
  if (fd >= 0) close(fd);
  show_mode("g/sgid_file");
  fd = open(P("g/sgid_noexec"), O_CREAT | O_EXCL | O_WRONLY, 02644);
  report("create g/sgid_noexec 02644", fd);
  if (fd >= 0) close(fd);
  show_mode("g/sgid_noexec");
  report("mkdir plain/d 02755 (not a setgid parent)", mkdir(P("plain/d"), 02755));
  show_mode("plain/d");

  report("chmod g/file 02755 (group 1234, not a member)", chmod(P("g/file"), 02755));
  show_mode("g/file");
  report("chmod own 04755", chmod(P("own"), 04755));
  show_mode("own");
  report("chmod own 02755 (own group)", chmod(P("own"), 02755));
  show_mode("own");
  report("chmod own 07777", chmod(P("own"), 07777));
  show_mode("own");
  report("chown own -1 -1 (own setuid file)", chown(P("own"), -1, -1));
  show_mode("own");
  report("chmod own 06755", chmod(P("own"), 06755));
  report("chown own to group 1000", chown(P("own"), -1, 1000));
  show_mode("own");
  report("chmod own 02745", chmod(P("own"), 02745));
  report("chown own to group 1000 again", chown(P("own"), -1, 1000));
  show_mode("own");
  report("chmod own 06755 again", chmod(P("own"), 06755));
  report("truncate own (set-id, owner)", truncate(P("own"), 1));
  show_mode("own");
  report("chmod own 06745", chmod(P("own"), 06745));
  int tfd = open(P("own"), O_WRONLY);
  report("ftruncate own (set-id, no group x)", tfd < 0 ? -1 : ftruncate(tfd, 0));
  if (tfd >= 0) close(tfd);
  show_mode("own");
  report("chmod owndir 06755", chmod(P("owndir"), 06755));
  report("chown owndir to group 1000", chown(P("owndir"), -1, 1000));
  show_mode("owndir");
}

static void member(void) {
  int fd = open(P("g/member_sgid"), O_CREAT | O_EXCL | O_WRONLY, 02755);
  report("member creates g/member_sgid 02755", fd);
  if (fd >= 0) close(fd);
  show_mode("g/member_sgid");
  report("member chmod g/file 02750", chmod(P("g/file"), 02750));
  show_mode("g/file");
}

int main(void) {
  perm_setup(0755);
  make("g", S_IFDIR | 02777, 0, 1234);
  make("plain", S_IFDIR | 0777, 0, 0);
  make("own", 0644, 1000, 1000);
  make("owndir", S_IFDIR | 0755, 1000, 1000);
  show_mode("g");
  as_user(1000, 1000, member_of_nothing);
  pid_t pid = fork();
  if (pid == 0) {
    gid_t groups[] = {1000, 1234};
    drop_to(1000, 1000, 2, groups);
    if (chown(P("g/file"), -1, 1234) < 0) say("chown: %s\n", errname(errno));
    member();
    _exit(0);
  }
  waitpid(pid, NULL, 0);

  make("r_suid", 04755, 1000, 1000);
  report("root chown r_suid 1001", chown(P("r_suid"), 1001, -1));
  show_mode("r_suid");
  make("r_sgid", 02755, 1000, 1000);
  report("root chown r_sgid 1001", chown(P("r_sgid"), 1001, -1));
  show_mode("r_sgid");
  make("r_sgid_nox", 02745, 1000, 1000);
  report("root chown r_sgid_nox 1001", chown(P("r_sgid_nox"), 1001, -1));
  show_mode("r_sgid_nox");
  make("r_both", 06755, 1000, 1000);
  report("root chown r_both -1 -1", chown(P("r_both"), -1, -1));
  show_mode("r_both");
  make("r_dir", S_IFDIR | 06755, 1000, 1000);
  report("root chown r_dir 1001", chown(P("r_dir"), 1001, 1001));
  show_mode("r_dir");
  make("r_trunc", 06755, 1000, 1000);
  report("root truncate r_trunc", truncate(P("r_trunc"), 0));
  show_mode("r_trunc");
  make("r_chmod", 0644, 1000, 5555);
  report("root chmod r_chmod 02755 (not in group 5555)", chmod(P("r_chmod"), 02755));
  show_mode("r_chmod");
  perm_cleanup();
  return 0;
}
