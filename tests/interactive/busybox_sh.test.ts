// `flint run busybox sh` is a usable interactive shell: driven through a real pty (see
// pty_session.ts), it shows its prompt, runs commands, survives ^C, stops jobs with ^Z
// (jobs, fg, bg), runs vi, less, top and ps, and edits lines (arrows, history, tab
// completion). Every case also runs under qemu-aarch64 (on the host's own tty layer) as the
// reference, so a case failing under Flint alone points at Flint.
//
// Jobs that are to be interrupted print a marker once they run in the foreground ("ready",
// or "cont" from a SIGCONT trap), so keys are sent when the job, not the shell, owns the
// terminal; no step waits a fixed time.
//
// The guest's PATH is a directory of symlinks to busybox, one per applet (so vi, less, top
// are busybox's on both sides). Flint itself runs with the host's PATH and gets the guest's
// through --env, as a user would run it.
//
// Knobs as in tests/guest/harness.ts (FLINT_CLI, FLINT_RUN_FLAGS, FLINT_FILTER), and
// FLINT_PTY_TARGETS: comma-separated among "qemu" and "flint" (default both);
// FLINT_PTY_TIMEOUT_MS: the safety net of each step (default 60000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseFilter, envNumber, flintCli, flintRunFlags, repoRoot } from '../guest/harness.js';
import { makeAppletDir } from '../busybox/fixtures.js';
import { qemuBinfmtArgv } from '../busybox/qemu_binfmt.js';
import { KEY, PtySession } from './pty_session.js';

const root = repoRoot();
const busybox = join(root, '.cache', 'busybox', 'bin', 'busybox');
const filter = caseFilter();
/** The safety net for each step: generous, as a loaded machine runs the emulated CPU slowly. */
const stepTimeoutMs = envNumber('FLINT_PTY_TIMEOUT_MS', 60_000);

/** The prompt: distinctive, so it never matches a command's output. */
const PROMPT = 'flint-test$ ';
const PROMPT_RE = /flint-test\$ $/m;

/** A foreground job that says "ready" once it runs, then sleeps; ^C or ^Z reach it, not the shell. */
const SLEEP_JOB = "sh -c 'echo ready; exec sleep 100'";
/** A foreground job that also says "cont" whenever it is continued (after fg or bg). */
const LOOP_JOB = "sh -c 'trap \"echo cont\" CONT; echo ready; while :; do sleep 1; done'";

/** The host's own PATH for Flint itself (it runs host tools such as stty). */
const HOST_PATH = '/usr/local/bin:/usr/bin:/bin';

interface Target {
  readonly name: string;
  /** The command line running busybox ARGS with guestPath as the guest's PATH, and the host PATH it runs with. */
  argv(args: readonly string[], guestPath: string): { argv: string[]; path: string };
}

const ALL_TARGETS: readonly Target[] = [
  { name: 'qemu', argv: (args, guestPath) => ({ argv: qemuBinfmtArgv(busybox, args), path: guestPath }) },
  {
    name: 'flint',
    argv: (args, guestPath) => ({
      argv: [process.execPath, flintCli(root), 'run', ...flintRunFlags(), '--env', `PATH=${guestPath}`, busybox, ...args],
      path: HOST_PATH,
    }),
  },
];

function targets(): Target[] {
  const wanted = (process.env['FLINT_PTY_TARGETS'] ?? 'qemu,flint').split(',').map((s) => s.trim());
  return ALL_TARGETS.filter((t) => wanted.includes(t.name));
}

interface Shell {
  readonly s: PtySession;
  /** The case's own directory: the shell's working directory and HOME. */
  readonly dir: string;
  /** Types a command line and waits for its output to end with the next prompt. */
  run(line: string): Promise<string>;
}

interface Case {
  readonly name: string;
  body(sh: Shell): Promise<void>;
}

const CASES: readonly Case[] = [
  {
    name: 'the prompt appears, a command prints its output, and exit ends the shell with its status',
    async body({ s, run }) {
      s.line('echo hello $((6 * 7))');
      await s.expect(/^hello 42$/m);
      await s.expect(PROMPT_RE);
      assert.match(await run('stty size'), /^24 80$/m);
      s.line('exit 3');
      assert.equal((await s.waitExit()).status, 3);
    },
  },
  {
    name: 'a newline of output reaches the terminal as one CR LF',
    async body({ s }) {
      s.line('echo one-line');
      await s.expect(/^one-line$/m);
      await s.expect(PROMPT_RE);
      const raw = s.raw();
      assert.ok(raw.includes('one-line\r\n'), `no "one-line\\r\\n" in ${JSON.stringify(raw.slice(-200))}`);
      assert.ok(!raw.includes('\r\r\n'), `a doubled carriage return ("\\r\\r\\n") in ${JSON.stringify(raw.slice(-200))}`);
    },
  },
  {
    name: 'the shell\'s stdin, stdout and stderr are the terminal',
    async body({ run }) {
      assert.match(await run('[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty'), /^all-tty$/m);
    },
  },
  {
    name: '^C at the prompt discards the typed line and gives a new prompt',
    async body({ s, run }) {
      s.write('echo discarded');
      await s.expect('echo discarded');
      s.write(KEY.ctrlC);
      await s.expect(PROMPT_RE);
      assert.match(await run('echo kept'), /^kept$/m);
      assert.doesNotMatch(s.screen(), /^discarded$/m);
    },
  },
  {
    name: '^C interrupts sleep 100 and the shell survives',
    async body({ s, run }) {
      s.line(SLEEP_JOB);
      await s.expect(/^ready$/m);
      s.write(KEY.ctrlC);
      await s.expect(PROMPT_RE);
      assert.match(await run('echo status=$?'), /^status=130$/m);
      assert.match(await run('echo alive'), /^alive$/m);
    },
  },
  {
    name: '^C stops yes >/dev/null and the shell survives',
    async body({ s, run }) {
      s.line("sh -c 'echo ready >&2; exec yes >/dev/null'");
      await s.expect(/^ready$/m);
      s.write(KEY.ctrlC);
      await s.expect(PROMPT_RE);
      assert.match(await run('echo status=$?'), /^status=130$/m);
    },
  },
  {
    name: '^Z stops a job, jobs shows it Stopped, fg resumes it and ^C ends it',
    async body({ s, run }) {
      s.line(LOOP_JOB);
      await s.expect(/^ready$/m);
      s.write(KEY.ctrlZ);
      await s.expect(/\[1\]\+\s+Stopped/);
      await s.expect(PROMPT_RE);
      assert.match(await run('jobs'), /^\[1\]\+\s+Stopped\s+sh -c/m);
      s.line('fg');
      await s.expect(/^cont$/m);
      s.write(KEY.ctrlC);
      await s.expect(PROMPT_RE);
      assert.match(await run('echo jobs:; jobs; echo :end'), /^jobs:\n:end$/m);
    },
  },
  {
    name: 'bg continues a stopped job in the background and kill %1 ends it',
    async body({ s, run }) {
      s.line(LOOP_JOB);
      await s.expect(/^ready$/m);
      s.write(KEY.ctrlZ);
      await s.expect(/\[1\]\+\s+Stopped/);
      await s.expect(PROMPT_RE);
      s.line('bg');
      // The job may say "cont" after the next prompt is drawn.
      await s.expect(/cont$/m);
      assert.match(await run('jobs'), /^\[1\]\+\s+Running\s+sh -c/m);
      s.line('kill %1; wait');
      await s.expect(PROMPT_RE);
      assert.match(await run('echo jobs:; jobs; echo :end'), /^jobs:\n:end$/m);
    },
  },
  {
    name: 'vi creates a file, and :wq saves it',
    async body({ s, dir, run }) {
      s.line('vi note.txt');
      // Each key waits for vi's answer on the status line: an ESC with more bytes right
      // behind it would read as an escape sequence.
      await s.expect(/^- note\.txt/m);
      s.write('i');
      await s.expect(/^I note\.txt/m);
      s.write('hello from vi');
      await s.expect(/hello from vi/);
      s.write(KEY.escape);
      await s.expect(/^- note\.txt \[Modified\]/m);
      s.write(':wq\r');
      await s.expect(/'note\.txt' 1L, 14C/);
      await s.expect(PROMPT_RE);
      assert.match(await run('cat note.txt'), /^hello from vi$/m);
      assert.equal(readFileSync(join(dir, 'note.txt'), 'utf8'), 'hello from vi\n');
    },
  },
  {
    name: 'ps lists the processes, the shell among them',
    async body({ run }) {
      const out = await run('ps');
      assert.match(out, /^\s*PID\s+USER\s+(TIME\s+)?COMMAND$/m);
      assert.match(out, /^\s*\d+\s+\w+\s+(\S+\s+)?\S*busybox sh$/m);
    },
  },
  {
    name: 'less draws the first screen of a file and quits with q',
    async body({ s, run }) {
      s.line('less lines.txt');
      await s.expect(/line 23/);
      s.write('q');
      await s.expect(PROMPT_RE);
      assert.match(await run('echo back'), /^back$/m);
    },
  },
  {
    name: 'top draws its screen and quits with q',
    async body({ s, run }) {
      s.line('top');
      await s.expect(/Mem:/);
      await s.expect(/PID\s+PPID\s+USER/);
      s.write('q');
      await s.expect(PROMPT_RE);
      assert.match(await run('echo back'), /^back$/m);
    },
  },
  {
    name: 'line editing: left arrow moves the cursor and typing inserts there',
    async body({ s }) {
      s.write(`echo abd${KEY.left}c${KEY.enter}`);
      await s.expect(/^abcd$/m);
      await s.expect(PROMPT_RE);
    },
  },
  {
    name: 'history: the up arrow recalls the previous command',
    async body({ s, run }) {
      assert.match(await run('echo first-$((40 + 2))'), /^first-42$/m);
      s.write(`${KEY.up}${KEY.enter}`);
      await s.expect(/^first-42$/m);
      await s.expect(PROMPT_RE);
    },
  },
  {
    name: 'tab completes a file name',
    async body({ s }) {
      s.write(`cat completion_t${KEY.tab}`);
      await s.expect(/completion_target\.txt/);
      s.write(KEY.enter);
      await s.expect(/^the completed file$/m);
      await s.expect(PROMPT_RE);
    },
  },
  {
    name: '^D at an empty prompt ends the shell with status 0',
    async body({ s }) {
      s.write(KEY.ctrlD);
      assert.equal((await s.waitExit()).status, 0);
    },
  },
];

test('busybox is fetched (npm run setup)', () => {
  assert.ok(existsSync(busybox), `expected ${busybox}; run npm run setup`);
});

test('interactive busybox sh under a pty', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'flint-pty-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const bin = join(work, 'bin');
  await makeAppletDir(busybox, bin);

  for (const target of targets()) {
    for (const [index, c] of CASES.entries()) {
      const label = `${target.name}: ${c.name}`;
      if (filter && !label.includes(filter)) continue;
      await t.test(label, async () => {
        const dir = join(work, target.name, `case${index}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'lines.txt'), Array.from({ length: 100 }, (_, i) => `line ${i + 1}\n`).join(''));
        writeFileSync(join(dir, 'completion_target.txt'), 'the completed file\n');
        const { argv, path } = target.argv(['sh'], bin);
        const env = { PATH: path, HOME: dir, TERM: 'xterm', LANG: 'C', LC_ALL: 'C', TZ: 'UTC', PS1: PROMPT };
        const s = PtySession.spawn(argv, { cwd: dir, env, timeoutMs: stepTimeoutMs });
        const run = async (line: string): Promise<string> => {
          s.line(line);
          await s.expect(`${line}\n`);
          const m = await s.expect(/([\s\S]*?)flint-test\$ $/m);
          return m[1] ?? '';
        };
        try {
          await s.expect(PROMPT_RE);
          await c.body({ s, dir, run });
        } finally {
          await s.close();
        }
      });
    }
  }
});
