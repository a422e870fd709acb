/* The demo for `npm start`: a friendly line with the machine and the arguments. */
#include <stdio.h>
#include <sys/utsname.h>

int main(int argc, char **argv) {
  struct utsname u;
  if (uname(&u) != 0) return 1;
  printf("Hello from an unmodified AArch64 Linux program running on Flint!\n");
  printf("uname: %s %s\n", u.sysname, u.machine);
  printf("argc = %d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
  return 0;
}
