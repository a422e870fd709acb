// The qemu-aarch64 oracle for programs that execute other AArch64 programs. Busybox runs
// most of its applets by execve("/proc/self/exe", ...); plain qemu-aarch64 turns that into
// an execve of the AArch64 busybox binary on the host, which fails with ENOEXEC unless the
// host kernel knows to hand AArch64 ELF files to qemu. So the oracle runs inside a private
// user and mount namespace (unshare -Urm) with its own binfmt_misc instance (Linux >= 6.7
// sandboxes binfmt_misc per user namespace) where AArch64 ELF files go to qemu-aarch64 with
// the F (open the interpreter now) and P (preserve argv[0]) flags. Nothing outside the
// namespace changes. The host tools are named by absolute path: the guest's PATH may
// hold AArch64 programs only.
import { runProcess, type RunOptions, type RunResult } from '../guest/harness.js';

const QEMU = '/usr/bin/qemu-aarch64';

/** The binfmt_misc rule: 64-bit little-endian ELF executables for EM_AARCH64 (183). */
const AARCH64_RULE =
  ':qemu-aarch64:M::\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\xb7\\x00' +
  ':\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x00\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xfe\\xff\\xff\\xff' +
  `:${QEMU}:FP`;

const SETUP =
  '/bin/mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || exit 125; ' +
  'printf "%s" "$1" > /proc/sys/fs/binfmt_misc/register || exit 125; shift; exec "$@"';

/** Exit status of the wrapper when the namespace or the binfmt_misc rule cannot be set up. */
export const ORACLE_SETUP_FAILED = 125;

/** The command line that runs an AArch64 program under qemu-aarch64 where its own execve of AArch64 programs works. */
export function qemuBinfmtArgv(program: string, args: readonly string[]): string[] {
  return ['/usr/bin/unshare', '-Urm', '--propagation', 'private', '/bin/sh', '-c', SETUP, 'qemu-binfmt', AARCH64_RULE, QEMU, program, ...args];
}

/** Runs an AArch64 program under qemu-aarch64 where its own execve of AArch64 programs works. */
export function runQemuBinfmt(program: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const [command = '', ...rest] = qemuBinfmtArgv(program, args);
  return runProcess(command, rest, opts);
}
