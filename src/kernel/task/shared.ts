// Use counts for per-task resources that clone(2) can share between tasks
// (CLONE_FILES: the fd table, CLONE_FS: the fs context, CLONE_SIGHAND: the
// signal actions). A resource starts with one user; the last release says so.
const users = new WeakMap<object, number>();

/** One more task uses `x`; returns x. */
export function shareResource<T extends object>(x: T): T {
  users.set(x, (users.get(x) ?? 1) + 1);
  return x;
}

/** A task stops using `x`; true when it was the last user (the caller frees it then). */
export function releaseResource(x: object): boolean {
  const n = users.get(x) ?? 1;
  if (n <= 1) {
    users.delete(x);
    return true;
  }
  users.set(x, n - 1);
  return false;
}

/** How many tasks use `x`. */
export function resourceUsers(x: object): number {
  return users.get(x) ?? 1;
}
