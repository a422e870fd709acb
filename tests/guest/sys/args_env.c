#define _GNU_SOURCE
/* argv, envp, auxiliary vector (AT_PAGESZ, AT_HWCAP presence, AT_RANDOM), uname
 * (sysname, machine) and ids. Only values equal under qemu-aarch64 and Flint print. */
#include "check.h"
#include <string.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

extern char **environ;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv, char **envp) {
  printf("argc %d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d] [%s]\n", i, argv[i]);
  CHECK(argv[argc] == NULL);
  CHECK(envp == environ);
  /* Printed sorted: qemu-aarch64 hands the guest its environment in reverse order, Linux
   * in the order given; the set of entries is what both must agree on. */
  int n = 0;
  while (envp[n]) n++;
  char **sorted = malloc(sizeof(char *) * (size_t)(n + 1));
  CHECK(sorted != NULL);
  memcpy(sorted, envp, sizeof(char *) * (size_t)n);
  qsort(sorted, (size_t)n, sizeof(char *), cmp_str);
  for (int i = 0; i < n; i++) printf("env [%s]\n", sorted[i]);
  printf("envc %d\n", n);
  free(sorted);
  const char *home = getenv("HOME");
  printf("HOME %s\n", home ? home : "(unset)");
  CHECK(setenv("FLINT_NEW", "1", 1) == 0 && strcmp(getenv("FLINT_NEW"), "1") == 0);
  printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
  printf("AT_HWCAP nonzero %d fp %d asimd %d\n", getauxval(AT_HWCAP) != 0, (getauxval(AT_HWCAP) & 1) != 0,
         (getauxval(AT_HWCAP) & 2) != 0);
  unsigned char *rnd = (unsigned char *)getauxval(AT_RANDOM);
  CHECK(rnd != NULL);
  printf("AT_RANDOM present %d\n", rnd != NULL);
  printf("AT_ENTRY nonzero %d AT_PHDR nonzero %d AT_PHNUM nonzero %d\n", getauxval(AT_ENTRY) != 0, getauxval(AT_PHDR) != 0,
         getauxval(AT_PHNUM) != 0);
  const char *fn = (const char *)getauxval(AT_EXECFN);
  printf("AT_EXECFN equals argv[0] %d\n", fn != NULL && strcmp(fn, argv[0]) == 0);
  printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
  printf("uid match %d gid match %d\n", getuid() == getauxval(AT_UID), getgid() == getauxval(AT_GID));
  struct utsname u;
  CHECK(uname(&u) == 0);
  printf("sysname %s machine %s\n", u.sysname, u.machine);
  CHECK(getpid() > 0 && getppid() >= 0);
  printf("pid positive %d tid==pid %d\n", getpid() > 0, (long)gettid() == (long)getpid());
  long sp;
  __asm__("mov %0, sp" : "=r"(sp));
  printf("sp aligned %d\n", (sp & 15) == 0);
  return 0;
}
