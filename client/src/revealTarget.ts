// Which places the simulator panel may open in the editor. Its messages are untrusted: a step's
// source link may only name a file of the workspace (or a document already open), never a
// `javascript:` or `command:` URI or a file elsewhere on the machine.

/** True when `uri` is a `file:` URI under one of `folders` (file: URIs too), or one of the open documents. */
export function isRevealable(uri: string, folders: readonly string[], openDocuments: readonly string[]): boolean {
  if (openDocuments.includes(uri)) return true;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  if (u.protocol !== 'file:' || u.search || u.hash) return false;
  const path = decodeURIComponent(u.pathname);
  // `..` segments are resolved by URL; a folder matches as a whole path segment, not a prefix of a name.
  return folders.some((f) => {
    try {
      const root = decodeURIComponent(new URL(f).pathname).replace(/\/+$/, '');
      return path === root || path.startsWith(root + '/');
    } catch {
      return false;
    }
  });
}
