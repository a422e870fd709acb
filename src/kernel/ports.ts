// What the kernel needs from its host. host/node and host/browser implement
// these; nothing under src/ but host/ touches node:* or the DOM.

/** Time, in nanoseconds since an epoch, as bigint (exact). */
export interface Clock {
  /** CLOCK_REALTIME. */
  realtimeNs(): bigint;
  /** CLOCK_MONOTONIC. */
  monotonicNs(): bigint;
}

export interface Random {
  /** Fill `buf` with random bytes. */
  fill(buf: Uint8Array): void;
}

/** A byte stream to and from the outside world (the guest's stdio or console). */
export interface Console {
  /** Write guest output; `fd` is 1 or 2 for stdout/stderr in `flint run`. */
  write(fd: number, data: Uint8Array): void;
  /**
   * Bytes of input available now, or null at end of input; an empty array
   * means "none yet" (the reader blocks until onInput fires).
   */
  readAvailable(max: number): Uint8Array | null;
  /** Register the wake-up for blocked readers. */
  onInput(wake: () => void): void;
  /** Whether input is an interactive terminal. */
  isTty(): boolean;
  /** Terminal size, when it is one. */
  windowSize(): { rows: number; cols: number } | null;
  /**
   * The guest's console is a terminal with its own line discipline: pass every
   * input byte through unprocessed (true: the host terminal's raw mode), or
   * restore the host terminal (false).
   */
  setRaw?(raw: boolean): void;
  /** Register a call for every change of the terminal's size. */
  onResize?(resized: (rows: number, cols: number) => void): void;
}

/** Diagnostics (strace lines, "unimplemented syscall" notes, panics). */
export interface Log {
  line(text: string): void;
}
