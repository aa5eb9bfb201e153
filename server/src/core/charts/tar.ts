// A small reader of tar archives (ustar, with pax and GNU long names), pure: bytes in, the wanted files out.
// A chart archive is untrusted input, so every count and size is bounded and a violation is an error with a
// reason, never a partial result that looks whole.

export interface TarLimits {
  /** Entries read at most (headers of any type). */
  readonly maxEntries: number;
  /** Bytes of one kept file at most. */
  readonly maxFileBytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = { maxEntries: 10_000, maxFileBytes: 4 * 1024 * 1024 };

export class TarError extends Error {}

const BLOCK = 512;

/** The regular files of an archive whose path `want` accepts, by path (leading `./` removed). */
export function readTar(data: Uint8Array, want: (path: string) => boolean, limits: TarLimits = DEFAULT_TAR_LIMITS): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let entries = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= data.length) {
    const header = data.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return files;
    if (++entries > limits.maxEntries) throw new TarError(`the archive has more than ${limits.maxEntries} entries`);
    checkSum(header, offset);
    const size = sizeOf(header);
    const type = String.fromCharCode(header[156] || 48);
    const bodyStart = offset + BLOCK;
    const bodyEnd = bodyStart + size;
    if (bodyEnd > data.length) throw new TarError('the archive ends inside an entry (truncated)');
    offset = bodyStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L') {
      if (size > 64 * 1024) throw new TarError('an extended header is larger than 64 KiB');
      const body = data.subarray(bodyStart, bodyEnd);
      longName = type === 'L' ? cString(body, 0, body.length) : paxPath(body) ?? longName;
      continue;
    }
    const path = normalise(longName ?? headerPath(header));
    longName = undefined;
    if ((type !== '0' && type !== '7') || !want(path)) continue;
    if (size > limits.maxFileBytes) throw new TarError(`${path} is larger than ${limits.maxFileBytes} bytes`);
    files.set(path, data.subarray(bodyStart, bodyEnd));
  }
  return files;
}

function checkSum(header: Uint8Array, at: number): void {
  const written = octal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
  if (written !== sum) throw new TarError(`not a tar archive (bad header checksum at byte ${at})`);
}

function sizeOf(header: Uint8Array): number {
  // Base-256 sizes (high bit set) are for files over 8 GiB: far beyond anything a chart may hold.
  if (header[124] & 0x80) throw new TarError('an entry declares a size over 8 GiB');
  return octal(header, 124, 12);
}

function octal(bytes: Uint8Array, start: number, length: number): number {
  const text = cString(bytes, start, length).trim();
  if (!text) return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`not a tar archive (bad number "${text}")`);
  return parseInt(text, 8);
}

function cString(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(start, end));
}

function headerPath(header: Uint8Array): string {
  const name = cString(header, 0, 100);
  const ustar = cString(header, 257, 5) === 'ustar';
  const prefix = ustar ? cString(header, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The `path` record of a pax extended header (`<length> path=<value>\n`). */
function paxPath(body: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(body);
  let i = 0;
  while (i < text.length) {
    const space = text.indexOf(' ', i);
    const length = parseInt(text.slice(i, space), 10);
    if (space < 0 || !(length > 0)) return undefined;
    const record = text.slice(space + 1, i + length - 1);
    if (record.startsWith('path=')) return record.slice(5);
    i += length;
  }
  return undefined;
}

function normalise(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}
