// Busybox sh scripts produce the same stdout and exit status under Flint as under
// qemu-aarch64: pipelines, redirections, here-documents, subshells, command substitution,
// arithmetic, background jobs with wait, traps, set -e / pipefail, find | xargs, sort |
// uniq -c, tar cz | tar xz, read loops, fd juggling with exec, functions, case, globbing.
// Each case runs in a fresh directory of its own (one for qemu, one for Flint) beside a
// shared read-only fixture directory, which scripts reach as $F (a relative path, so
// outputs naming files are the same on both sides). The qemu side runs with binfmt_misc
// in a private namespace (qemu_binfmt.ts) so busybox's re-execs of itself work there too.
// PATH is one directory of symlinks to busybox, one per applet, so a program found through
// PATH (tar runs `gzip` that way) is the same AArch64 busybox on both sides, never a host one.
// Knobs as in tests/guest/harness.ts (FLINT_CLI, FLINT_FILTER, FLINT_TIMEOUT_MS...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GUEST_ENV,
  caseFilter,
  compareRuns,
  envNumber,
  repoRoot,
  runFlint,
  type RunOptions,
} from '../guest/harness.js';
import { makeAppletDir, makeFixtures } from './fixtures.js';
import { ORACLE_SETUP_FAILED, runQemuBinfmt } from './qemu_binfmt.js';

const root = repoRoot();
const busybox = join(root, '.cache', 'busybox', 'bin', 'busybox');
const timeoutMs = envNumber('FLINT_TIMEOUT_MS', 180_000);
const concurrency = envNumber('FLINT_CONCURRENCY', 2);
const filter = caseFilter();

interface ScriptCase {
  /** A short name for the case (test names are "sh: NAME"). */
  readonly name: string;
  readonly script: string;
  /** Run as `busybox sh script.sh ARGS...` from a file instead of `busybox sh -c SCRIPT`. */
  readonly file?: { readonly args: readonly string[] };
  readonly stdin?: string;
}

const CASES: readonly ScriptCase[] = [
  // Pipelines.
  { name: 'five-stage pipeline', script: 'cat $F/words.txt | tr a-z A-Z | sort | uniq | wc -l' },
  { name: 'four-stage pipeline with sed and tail', script: 'seq 1 200 | grep 7 | sed s/7/seven/ | tail -n 5' },
  { name: 'sort | uniq -c | sort -rn', script: 'tr -s " " "\\n" < $F/words.txt | sort | uniq -c | sort -rn | head -n 12' },
  { name: 'awk field pipeline', script: 'awk -F: \'{print $1}\' $F/table.csv | sort | uniq -c | sort -k1,1nr -k2 | head -n 5' },
  { name: 'find -type f | sort | xargs cat | wc', script: 'find $F/tree -type f | sort | xargs cat | wc' },
  { name: 'find | xargs wc -l and find -exec +', script: 'find $F -name "*.txt" -type f | sort | xargs wc -l; find $F/tree -type f -exec md5sum {} + | sort' },
  { name: 'seq 1000 | awk', script: 'seq 1000 | awk \'{ s += $1; q += $1 * $1 } NR % 250 == 0 { print NR, s } END { print s, q, NR }\'' },
  { name: 'large pipeline through sort -rn', script: 'seq 2000 | sort -rn | head -n 3; seq 5000 | wc -l' },
  { name: 'yes | head ends yes with SIGPIPE', script: 'yes | head -n 3; yes abc | head -n 2000 | wc -l; cat $F/big.txt | head -n 2' },
  { name: 'pipeline status is the last stage', script: 'false | true; echo $?; true | false; echo $?; ! false | false; echo $?' },
  { name: 'set -o pipefail', script: 'set -o pipefail; false | true; echo $?; (exit 3) | true; echo $?; true | true; echo $?; (exit 2) | (exit 5) | true; echo $?' },
  { name: 'binary data through pipes', script: 'cat $F/binary.bin | md5sum; md5sum < $F/binary.bin; dd if=/dev/zero bs=1024 count=200 2>/dev/null | wc -c' },

  // Redirections.
  { name: 'redirections > >> <', script: 'echo one > out; echo two >> out; cat < out; wc -l < out; cat out out > twice; wc -c twice' },
  { name: 'redirection 2>&1 into a pipe', script: 'ls $F/nonexistent 2>&1 | sed "s/^/err: /"; cat $F/a.txt nosuch 2>&1 | wc -l' },
  { name: 'redirection 2>/dev/null and status', script: 'ls /nonexistent 2>/dev/null; echo status=$?; cat nosuch 2>err.txt; echo $?; cat err.txt' },
  { name: 'redirection order 2>&1 >/dev/null', script: '{ echo out; echo err >&2; } 2>&1 >/dev/null | sed "s/^/piped: /"' },
  { name: 'noclobber and >|', script: 'set -C; echo a > f; echo b > f 2>/dev/null; echo $?; echo c >| f; cat f; : > empty; wc -c < empty' },
  { name: 'exec 3>file fd juggling', script: 'exec 3>fd3.txt; echo to3 >&3; echo more >&3; exec 3>&-; cat fd3.txt; exec 4<$F/a.txt; read -r l <&4; read -r m <&4; echo "$l $m"; exec 4<&-; exec 5>&1; x=$(echo hidden; echo shown >&5); echo "x=$x"; exec 6<>rw.txt; echo rw >&6; exec 6>&-; cat rw.txt' },
  { name: 'here-document with expansion', script: 'n=3\ncat <<EOF\nhome=$HOME sum=$((n + 4)) sub=$(echo cmd) bq=`echo tick`\n\\$HOME stays\nEOF' },
  { name: 'here-document without expansion', script: "cat <<'EOF'\nhome=$HOME sum=$((1 + 2)) `echo no`\nEOF\ncat <<\"E2\"\n$PATH\nE2" },
  { name: 'here-document <<- strips tabs', script: 'if true; then\n\tcat <<-EOF\n\t\tindented $((6 * 7))\n\tEOF\nfi\ntr a-z A-Z <<EOF | rev\nabc\ndef\nEOF' },
  { name: 'here-document into a loop and a function', script: 'f() { while read -r a b; do echo "$b-$a"; done; }\nf <<EOF\n1 one\n2 two\nEOF\ncat <<A; cat <<B\nfirst\nA\nsecond\nB' },

  // Subshells, grouping, command substitution, arithmetic.
  { name: 'subshell and brace group scopes', script: 'x=1; (x=2; echo in $x); echo out $x; { x=3; echo grp $x; }; echo after $x; (cd /; pwd); basename "$(pwd)"' },
  { name: 'subshell exit status', script: '(exit 7); echo $?; ( (exit 5) ); echo $?; { false; }; echo $?; (echo a; exit 1) && echo no || echo yes' },
  { name: 'grouped pipeline ends', script: '{ echo a; echo b; } | { read x; read y; echo "$y$x"; }; (echo 1; echo 2; echo 3) | (sed 1d; echo end)' },
  { name: 'nested command substitution and backticks', script: 'echo "$(echo $(echo nested $(echo deep)))"; echo `echo outer \\`echo inner\\``; x=$(printf "a\\n\\n\\n"); echo "[$x]"; n=$(wc -l < $F/words.txt); echo $((n * 2))' },
  { name: 'arithmetic', script: 'echo $((7 * 6)) $((2 ** 10)) $((-7 / 2)) $((-7 % 3)) $((0x1f + 010)) $(( (1 << 62) + ((1 << 62) - 1) )); x=5; : $((x += 3)); echo $x $((x > 7 ? 1 : 0)) $((x == 8)) $((~x)) $((x ^ 3)) $((!x))' },
  { name: 'while loop counter', script: 'i=0; s=0; while [ $i -lt 300 ]; do i=$((i + 1)); s=$((s + i * i)); done; echo $i $s; until [ $i -le 0 ]; do i=$((i - 100)); done; echo $i' },
  { name: 'for, break and continue', script: 'for i in $(seq 10); do [ $i -eq 3 ] && continue; [ $i -gt 7 ] && break; echo -n "$i "; done; echo; for a in 1 2; do for b in x y z; do [ $b = y ] && continue 2; echo $a$b; done; done' },
  { name: 'parameter expansion', script: 'x=/usr/lib/libc.so.6; echo ${#x} ${x%.*} ${x%%.*} ${x#*/} ${x##*/} ${y:-def} ${y:=set} $y ${x:+alt} ${x/lib/LIB} ${x//lib/LIB} ${x:5:3}' },
  { name: 'positional parameters', script: 'set -- a "b c" d; echo $#; for a in "$@"; do echo "[$a]"; done; for a in $*; do echo "<$a>"; done; shift; echo "$*"; IFS=,; echo "$*"' },
  { name: 'eval, exec and command not found', script: 'eval \'echo $((1 + 1))\'; cmd="echo hi"; $cmd there; nosuchcmd 2>/dev/null; echo $?; $F/a.txt 2>/dev/null; echo $?; sh -c \'exit 42\'; echo $?; sh -c \'echo $0 $1\' zero one; exec echo replaced; echo never' },

  // Background jobs and wait.
  { name: 'background job and wait $pid', script: 'sleep 0.3 & p=$!; echo started; wait $p; echo "wait=$?"; (exit 3) & p=$!; wait $p; echo $?; (exit 4) & wait; echo all=$?' },
  { name: 'background jobs write files then wait', script: 'for i in 1 2 3 4; do (seq $i 4 40 > job$i.out) & done; wait; cat job1.out job2.out job3.out job4.out | sort -n | tr "\\n" " "; echo' },
  { name: 'kill a background job and wait', script: 'sleep 10 & p=$!; kill $p; wait $p; echo $?; sleep 10 & p=$!; kill -9 $p; wait $p; echo $?; kill -0 $$ && echo alive' },
  { name: 'children killed by signals', script: 'sh -c \'kill -TERM $$\'; echo $?; sh -c \'kill -KILL $$\'; echo $?; sh -c \'kill -USR1 $$\'; echo $?' },
  { name: 'timeout kills a sleep', script: 'timeout 1 sleep 5; echo $?; timeout 5 true; echo $?; timeout 5 sh -c "exit 3"; echo $?' },

  // Traps.
  { name: 'trap USR1 on the shell itself', script: 'trap \'echo got USR1\' USR1; kill -USR1 $$; echo after; trap - USR1; trap "" USR1; kill -USR1 $$; echo ignored' },
  { name: 'trap on EXIT with exit status', script: 'trap \'echo bye $?\' EXIT; echo body; exit 3' },
  { name: 'trap INT then exit from the handler', script: 'trap \'echo int; exit 9\' INT; kill -INT $$; echo not reached' },
  { name: 'trap listing and reset', script: 'trap \'echo x\' USR2 HUP; trap; trap - USR2 HUP; trap; echo end' },
  { name: 'trap during wait for a background child', script: 'trap \'echo usr1\' USR1; (sleep 0.2; kill -USR1 $$) & wait; echo waited' },

  // set -e.
  { name: 'set -e stops at a failure', script: 'set -e; true; echo one; false; echo never' },
  { name: 'set -e exceptions', script: 'set -e; if false; then :; fi; false || echo ok; ! true; echo still; f() { false; echo in-f; }; f || echo f-failed; x=$(false); echo never' },

  // read loops, functions, case, globbing, printf, test.
  { name: 'read loop from a pipe', script: 'printf "a 1\\nb 2\\nc 3\\n" | while read name num; do echo "$num:$name"; done; seq 5 | { s=0; while read n; do s=$((s + n)); done; echo $s; }' },
  { name: 'read loop with IFS from a file', script: 'while IFS=: read -r w id n; do [ "$n" -gt 950 ] && echo "$w $id"; done < $F/table.csv; IFS=, read -r a b c <<EOF\nx,y z,w\nEOF\necho "$c|$b|$a"' },
  { name: 'functions, local and recursion', script: 'f() { local x=$1; x=$((x * 2)); echo $x; return 3; }; x=10; f 4; echo "rc=$? x=$x"; fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }; fact 12; g() { echo "$# $1 $2"; }; g "a b" c' },
  { name: 'case patterns', script: 'for w in apple banana cherry 42 "" Zed x.tar.gz; do case $w in a*) echo A;; b*|c*) echo BC;; [0-9]*) echo num;; "") echo empty;; [A-Z]*) echo upper;; *.tar.gz) echo tgz;; *) echo other;; esac; done' },
  { name: 'globbing over a fixture dir', script: 'echo $F/tree/*; echo $F/lsparent/lsdir/*; echo $F/lsparent/lsdir/.*; echo $F/*.txt; echo $F/nomatch*; echo $F/tree/s*/*; echo $F/[ab].txt $F/?.txt' },
  { name: 'printf formats', script: 'printf "%s|%5d|%-5s|%x|%o|%c|%%|%b\\n" abc 42 hi 255 8 xyz "a\\tb"; printf "%d\\n" 1 2 3; printf "%05.1f %e %s\\n" 3.14159 1234.5; printf "%3s|%-3s|\\n" a b c' },
  { name: 'test and [', script: '[ -f $F/a.txt ] && echo file; [ -d $F/tree ] && echo dir; [ -x $F/tree/run.sh ] && echo exec; [ -s $F/tree/sub/deeper/empty ] || echo empty; [ abc = abc ] && [ 3 -lt 10 ] && [ -z "" ] && [ -n x ] && echo strs; test ! -e nope && echo none; [ a \\< b ] && echo lt; [ 1 -eq 2 ]; echo $?; [ 1 -eq ]; echo $?; [ $F/a.txt -nt $F/b.txt ]; echo $?' },
  { name: 'xargs -n and -I', script: 'seq 20 | xargs -n 6 echo; echo a b c d e | xargs -n 2 sh -c \'echo "[$0 $1]"\'; printf "x\\ny\\n" | xargs -I{} echo "<{}>"' },
  { name: 'tar cz | tar xz then diff -r', script: 'mkdir out; tar czf - -C $F tree | tar xzf - -C out; diff -r $F/tree out/tree && echo same; find out -type f | sort | xargs ls -l; find out | sort' },
  { name: 'umask and file modes', script: 'umask 027; : > m; mkdir d; ls -ld m d | cut -c1-10; umask' },
  { name: 'a FIFO between two processes', script: 'mkfifo p; ls -l p | cut -c1-10; (seq 3; echo through-fifo) > p & cat p; wait; seq 4 | tee t1 t2 | wc -l; cat t1 t2 | wc -l' },
  { name: 'writing to a closed stdout fails', script: 'echo hi >&-; echo status=$?; (exec >&-; echo gone) 2>/dev/null; echo sub=$?' },
  { name: 'exec < file redirects the shell\'s own stdin', script: 'exec < $F/a.txt; read a; read b; echo "$b $a"; cat; read c; echo "eof=$? c=[$c]"' },
  { name: 'links, renames and removals', script: 'mkdir -p d/e; echo x > d/e/f; ln d/e/f hard; ln -s d/e/f soft; mv d/e/f d/g; cat hard; cat soft 2>&1; readlink soft; ls -R d; rm -r d; ls; [ -L soft ] && [ ! -e soft ] && echo dangling' },
  { name: 'SIGSTOP and SIGCONT on a background job', script: 'sleep 5 & p=$!; kill -STOP $p; kill -CONT $p; kill $p; wait $p; echo $?' },
  { name: 'getopts loop', script: 'set -- -a -b val -c rest; while getopts ab:c o; do echo "$o ${OPTARG:-}"; done; shift $((OPTIND - 1)); echo "$@"' },

  // Scripts run from a file.
  { name: 'script file with arguments', file: { args: ['one', 'two words', 'three'] }, script: '#!/bin/sh\necho "$0 $#"\nfor a; do echo "[$a]"; done\nf() { echo "f:$1"; }\nf "$2"\nexit 4\n' },
  { name: 'script file reading stdin', file: { args: [] }, stdin: 'l1\nl2\nl3\n', script: 'n=0\nwhile read -r line; do n=$((n + 1)); echo "$n $line"; done\necho total $n\n' },
  { name: 'script file sourcing another', file: { args: [] }, script: 'echo "x=42; helper() { echo helper \\$1; }" > lib.sh\n. ./lib.sh\nhelper $x\n' },
];

function caseDirName(index: number): string {
  return `case${String(index).padStart(2, '0')}`;
}

test('busybox is fetched (npm run setup)', () => {
  assert.ok(existsSync(busybox), `expected ${busybox}; run npm run setup`);
});

test('busybox sh scripts: same stdout and exit status under Flint as under qemu-aarch64', { concurrency }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'flint-shell-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const fixtures = join(work, 'fixtures');
  mkdirSync(fixtures);
  makeFixtures(fixtures);
  const bin = join(work, 'bin');
  await makeAppletDir(busybox, bin);
  // qemu-aarch64 hands its own environment to the guest; Flint runs with the host's PATH
  // (it runs host tools, e.g. mkfifo(1)) and gives the guest its PATH through --env.
  const env = { ...GUEST_ENV, F: '../../fixtures' };
  const opts = (cwd: string, stdin?: string): RunOptions => ({ stdin: stdin ?? '', env, cwd, timeoutMs });
  const qemuOpts = (cwd: string, stdin?: string): RunOptions => ({ ...opts(cwd, stdin), env: { ...env, PATH: bin }, timeoutMs: 60_000 });
  const flintFlags = ['--env', `PATH=${bin}`];

  const probe = await runQemuBinfmt(busybox, ['sh', '-c', 'timeout 5 true && echo ok'], qemuOpts(work));
  const setup = probe.status === ORACLE_SETUP_FAILED ? ' (the namespace or the binfmt_misc rule could not be set up)' : '';
  assert.equal(
    probe.stdout.toString(),
    'ok\n',
    `the qemu-aarch64 oracle cannot run busybox applets through /proc/self/exe (needs unshare -Urm and a ` +
      `binfmt_misc mount in the new user namespace, Linux >= 6.7); status ${probe.status}${setup}, stderr: ${probe.stderr.toString()}`,
  );

  const cases: Promise<void>[] = [];
  CASES.forEach((c, index) => {
    const label = `sh: ${c.name}`;
    if (filter && !label.includes(filter)) return;
    cases.push(
      t.test(label, async () => {
        const dirs = ['qemu', 'flint'].map((side) => {
          const dir = join(work, side, caseDirName(index));
          mkdirSync(dir, { recursive: true });
          if (c.file) writeFileSync(join(dir, 'script.sh'), c.script);
          return dir;
        });
        const args = c.file ? ['sh', 'script.sh', ...c.file.args] : ['sh', '-c', c.script];
        const qemu = await runQemuBinfmt(busybox, args, qemuOpts(dirs[0] ?? work, c.stdin));
        const flint = await runFlint(root, busybox, args, opts(dirs[1] ?? work, c.stdin), flintFlags);
        const report = compareRuns(label, qemu, flint);
        if (report !== null) assert.fail(`${report}\nscript:\n${c.script}`);
      }),
    );
  });
  await Promise.all(cases);
});
