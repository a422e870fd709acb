/* Exit status in every way a process can end: exit(N) (N mod 256), return from main,
 * _exit, abort (SIGABRT) and raise of a terminating signal. Mode from argv. */
#include "check.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) return 99;
  int code = atoi(argv[2]);
  printf("mode %s code %d\n", argv[1], code);
  fflush(stdout);
  if (strcmp(argv[1], "exit") == 0) exit(code);
  if (strcmp(argv[1], "return") == 0) return code;
  if (strcmp(argv[1], "_exit") == 0) {
    printf("unflushed text is lost");
    _exit(code);
  }
  if (strcmp(argv[1], "abort") == 0) abort();
  if (strcmp(argv[1], "raise") == 0) raise(code);
  return 98;
}
