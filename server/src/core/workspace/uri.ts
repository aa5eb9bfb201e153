// The one URI rule of the server: a file's URI is spelt exactly as VS Code spells it (vscode-uri's
// `URI.file(path).toString()`), so a file the index found on disk and the same file opened in the editor have one
// key. VS Code percent-encodes everything but letters, digits, `-._~` and the slashes: `+` is `%2B`, a space
// `%20`, `#` `%23`, `%` `%25`, `@` `%40`, `[` `%5B`, `:` `%3A` (also after a drive letter), non-ASCII as UTF-8.

/** Characters VS Code leaves as they are in a URI's path. */
const PLAIN = /^[A-Za-z0-9/._~-]*$/;

/** Per ASCII code: '' when VS Code keeps the character, else its escape (upper-case hex, like encodeURIComponent). */
const ESCAPES: string[] = Array.from({ length: 128 }, (_, c) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(c)) ? '' : `%${c.toString(16).toUpperCase().padStart(2, '0')}`));

/** The path of a file URI as VS Code encodes it: slashes kept, every other character outside `A-Za-z0-9-._~` escaped. */
export function encodeUriPath(path: string): string {
  return PLAIN.test(path) ? path : path.split('/').map(encodeSegment).join('/');
}

/** One segment (a file or folder name): everything but `A-Za-z0-9-._~` escaped, `/` included. */
export function encodeSegment(name: string): string {
  return encodeChars(name);
}

/** A character loop: names that need no escape come back as they are, without a new string. */
function encodeChars(text: string): string {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && ESCAPES[c] === '') continue;
    out += text.slice(plainFrom, i);
    if (c < 128) {
      out += ESCAPES[c];
      plainFrom = i + 1;
      continue;
    }
    // A run of non-ASCII characters goes through encodeURIComponent as a whole (surrogate pairs stay together).
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 128) j++;
    out += encodeURIComponent(text.slice(i, j));
    plainFrom = j;
    i = j - 1;
  }
  return plainFrom === 0 ? text : out + text.slice(plainFrom);
}

/** The plain text of an encoded path or segment; a malformed escape is kept as written (like vscode-uri). */
export function decodeUriPath(encoded: string): string {
  if (!encoded.includes('%')) return encoded;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** The file URI of an absolute POSIX-style path (`/a/b`, or `/c:/a` for a Windows drive). */
export function fileUri(posixPath: string): string {
  const drive = /^\/([A-Za-z]):/.exec(posixPath);
  const path = drive ? `/${drive[1].toLowerCase()}:${posixPath.slice(3)}` : posixPath;
  return `file://${encodeUriPath(path)}`;
}

/** The absolute POSIX-style path of a `file:///` URI (`/c:/a` for a Windows drive), or undefined for another URI. */
export function uriPath(uri: string): string | undefined {
  return uri.startsWith('file:///') ? decodeUriPath(uri.slice(7)) : undefined;
}
