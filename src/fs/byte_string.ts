// File names inside the VFS are "byte strings": JavaScript strings holding one
// byte per character (latin1), so any Linux name — valid UTF-8 or not —
// round-trips exactly between the guest, the VFS and the host.

export function bytesToName(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return s;
}

export function nameToBytes(name: string): Uint8Array {
  const b = new Uint8Array(name.length);
  for (let i = 0; i < name.length; i++) b[i] = name.charCodeAt(i) & 0xff;
  return b;
}

/** A byte string from text (UTF-8 encoded), e.g. a path typed on the host command line. */
export function nameFromText(text: string): string {
  return bytesToName(new TextEncoder().encode(text));
}
