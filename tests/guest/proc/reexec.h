/* exec_program(): execve(path, argv, envp), and, when the host kernel cannot run an
 * AArch64 program itself (the oracle runs us under qemu-user without binfmt_misc, where
 * execve fails with ENOEXEC), the same exec through qemu-aarch64 so the new image is
 * still this AArch64 program with the same argv (argv[0] included) and environment.
 * Under Flint (and AArch64 Linux) the first execve succeeds. Returns only on failure. */
#ifndef FLINT_GUEST_REEXEC_H
#define FLINT_GUEST_REEXEC_H
#include <errno.h>
#include <unistd.h>

static inline int exec_program(const char *path, char *const argv[], char *const envp[]) {
  execve(path, argv, envp);
  if (errno != ENOEXEC) return -1;
  static const char *qemus[] = {"/usr/bin/qemu-aarch64", "/usr/local/bin/qemu-aarch64", "/usr/bin/qemu-aarch64-static", 0};
  char *args[64];
  int n = 0;
  args[n++] = "qemu-aarch64";
  args[n++] = "-0";
  args[n++] = argv[0];
  args[n++] = (char *)path;
  for (int i = 1; argv[i] && n < 63; i++) args[n++] = argv[i];
  args[n] = 0;
  for (int i = 0; qemus[i]; i++) execve(qemus[i], args, envp);
  errno = ENOEXEC;
  return -1;
}
#endif
