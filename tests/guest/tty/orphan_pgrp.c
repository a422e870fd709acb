/* Orphaned process groups (POSIX: no member has a parent in another group of the same
 * session). When a group becomes orphaned and has a stopped member, every member gets
 * SIGHUP then SIGCONT; a running orphaned group gets nothing; a stop signal (SIGTSTP)
 * sent to a member of an orphaned group is discarded.
 * 1. A makes a session; B (own group, stopped by SIGTSTP) and R (own group, running) are
 *    A's children; A exits, orphaning both groups.
 * 2. P (own group) has a stopped child Q in its group; P exits and its group is orphaned.
 * Members report to the top process on pipes (they are not its children under qemu).
 * Both signals are pending together when the member resumes, so only the counts are
 * printed, not the order the handlers ran in. */
#include "pty.h"

static volatile sig_atomic_t hups, conts;
static void on_sig(int sig) {
  if (sig == SIGHUP) hups++;
  if (sig == SIGCONT) conts++;
}

static void catch_both(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &sa, NULL);
  sigaction(SIGCONT, &sa, NULL);
}

static int rep[2];

static void report(const char *who) {
  char line[128];
  snprintf(line, sizeof line, "%s: SIGHUP %d SIGCONT %d\n", who, (int)hups, (int)conts);
  write_all(rep[1], line, (int)strlen(line));
}

static void print_report(void) {
  char line[128];
  int n = 0;
  while (n < (int)sizeof line - 1) {
    char c = recv_byte(rep[0]);
    if (c == 0) break;
    line[n++] = c;
    if (c == '\n') break;
  }
  line[n] = 0;
  printf("  %s", n ? line : "(no report)\n");
  CHECK(n > 0);
}

static void case1(void) {
  printf("1. the session leader's exit orphans a stopped group and a running group\n");
  int done[2], go[2];
  CHECK(pipe(done) == 0 && pipe(go) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    CHECK(setsid() == getpid());
    pid_t b = xfork();
    CHECK(b >= 0);
    if (b == 0) {
      catch_both();
      CHECK(setpgid(0, 0) == 0);
      kill(getpid(), SIGTSTP);
      report("stopped member B");
      _exit(0);
    }
    pid_t r = xfork();
    CHECK(r >= 0);
    if (r == 0) {
      catch_both();
      CHECK(setpgid(0, 0) == 0);
      CHECK(recv_byte(go[0]) == 'g');
      report("running member R");
      kill(getpid(), SIGTSTP);
      report("R after SIGTSTP to itself (still running)");
      _exit(0);
    }
    int st;
    CHECK(waitpid_retry(b, &st, WUNTRACED) == b);
    CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP);
    _exit(0);
  }
  close(done[1]);
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("  A", st);
  print_report();
  send_byte(go[1], 'g');
  print_report();
  print_report();
  wait_eof(done[0]);
}

static void case2(void) {
  printf("2. a member's exit orphans its own group, which has a stopped member\n");
  int done[2];
  CHECK(pipe(done) == 0);
  pid_t a = xfork();
  CHECK(a >= 0);
  if (a == 0) {
    close(done[0]);
    CHECK(setsid() == getpid());
    pid_t p = xfork();
    CHECK(p >= 0);
    if (p == 0) {
      CHECK(setpgid(0, 0) == 0);
      pid_t q = xfork();
      CHECK(q >= 0);
      if (q == 0) {
        catch_both();
        kill(getpid(), SIGTSTP);
        report("stopped member Q");
        _exit(0);
      }
      int st;
      CHECK(waitpid_retry(q, &st, WUNTRACED) == q);
      CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP);
      _exit(0);
    }
    int st;
    CHECK(waitpid_retry(p, &st, 0) == p);
    print_status("  P", st);
    print_report();
    _exit(0);
  }
  close(done[1]);
  int st;
  CHECK(waitpid_retry(a, &st, 0) == a);
  print_status("  A", st);
  wait_eof(done[0]);
}

int main(void) {
  setup(20);
  CHECK(pipe(rep) == 0);
  case1();
  case2();
  return 0;
}
