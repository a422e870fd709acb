#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#define T(x) do { errno=0; long r=(long)(x); printf("%-50s %ld %s\n", #x, r, r<0?strerrorname_np(errno):""); } while(0)
int main(){
  char t[]="/tmp/flintedge.XXXXXX"; mkdtemp(t); chdir(t);
  close(open("f", O_CREAT|O_WRONLY, 0644)); mkdir("d", 0755); symlink("f","lf"); symlink("nowhere","dangle"); symlink("d","ld");
  T(open("f/", O_CREAT|O_WRONLY, 0644));
  T(open("d/", O_CREAT|O_WRONLY, 0644));
  T(open("new/", O_CREAT|O_WRONLY, 0644));
  T(open("dangle", O_CREAT|O_EXCL|O_WRONLY, 0644));
  T(open("lf/", O_RDONLY));
  T(open("ld/", O_RDONLY|O_NOFOLLOW));
  T(open("ld", O_RDONLY|O_NOFOLLOW|O_DIRECTORY));
  T(mkdir("f/x", 0755));
  T(mkdir("lf", 0755));
  T(mkdir("dangle", 0755));
  T(rmdir("ld"));
  T(rmdir("ld/"));
  T(unlink("ld/"));
  T(unlink("lf/"));
  T(rename("f", "d"));
  T(rename("d", "f"));
  T(rename("d", "."));
  T(rename("f", "f/"));
  T(rename("f", "nx/"));
  T(link("f", "d/f2"));
  T(link("lf", "lf2"));
  T(symlink("x", "d/"));
  T(symlink("", "empty"));
  T(readlink("d", (char[10]){0}, 10));
  T(access("f/", F_OK));
  T(chdir("f"));
  T(truncate("d", 0));
  T(open(".", O_RDONLY|O_CREAT, 0644));
  T(open("", O_RDONLY));
  T(mkdir("", 0755));
  T(unlink("."));
  T(rmdir("."));
  T(rmdir(".."));
  T(rmdir("d/."));
  T(openat(AT_FDCWD, "d", O_RDONLY|O_PATH) >= 0);
  int p = openat(AT_FDCWD, "f", O_PATH);
  T(read(p, (char[4]){0}, 1));
  T(fcntl(p, F_GETFL));
  struct stat st; T(fstat(p, &st));
  T(fchdir(p));
  T(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
  unlink("f"); unlink("lf"); unlink("dangle"); unlink("ld"); unlink("lf2"); unlink("d/f2"); rmdir("d"); chdir("/"); rmdir(t);
  return 0; }
