/* Dies of SIGSEGV: a write to a read-only string literal, a NULL read, or a jump to a
 * non-executable page, chosen by argv[1]. Output before the fault is flushed. */
#include "check.h"
#include <string.h>

static char data_page[64] = {0};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "null";
  printf("about to fault: %s\n", mode);
  fflush(stdout);
  if (strcmp(mode, "rodata") == 0) {
    char *volatile s = (char *)"constant";
    s[0] = 'C';
  } else if (strcmp(mode, "exec") == 0) {
    void (*volatile fn)(void) = (void (*)(void))(void *)data_page;
    fn();
  } else {
    int *volatile p = NULL;
    printf("%d\n", *p);
  }
  printf("still alive\n");
  return 0;
}
