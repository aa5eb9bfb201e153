// LSP base protocol framing: `Content-Length: N` headers, an empty line, then N bytes of UTF-8 JSON. Chunks of a
// multi-megabyte message are kept as they come and joined once, when the whole body is there.
const HEADER_END = Buffer.from('\r\n\r\n');
/** A header block longer than this is not LSP (e.g. a stray write to the stream): the reader says so and stops. */
const MAX_HEADER_BYTES = 8 * 1024;

export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Body length of the message whose headers were read, or -1 while headers are awaited. */
  private wanted = -1;
  private broken = false;

  constructor(
    private readonly onBody: (body: Buffer) => void,
    private readonly onProblem: (message: string) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.broken || !chunk.length) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (!this.broken && this.next()) {
      // One message per step; a chunk may hold several.
    }
  }

  /** Takes one header block or one body when it is complete; false when more bytes are needed. */
  private next(): boolean {
    if (this.wanted < 0) {
      if (!this.size) return false;
      const head = this.peek(Math.min(this.size, MAX_HEADER_BYTES + HEADER_END.length));
      const end = head.indexOf(HEADER_END);
      if (end < 0) {
        if (this.size > MAX_HEADER_BYTES) this.fail(`a header block over ${MAX_HEADER_BYTES} bytes`);
        return false;
      }
      const length = contentLength(head.subarray(0, end).toString('ascii'));
      if (length === undefined) return this.fail('a message without a valid Content-Length header'), false;
      this.take(end + HEADER_END.length);
      this.wanted = length;
    }
    if (this.size < this.wanted) return false;
    const body = this.take(this.wanted);
    this.wanted = -1;
    this.onBody(body);
    return true;
  }

  /** The first n bytes (at most all there are), without taking them; joins the chunks only when it must. */
  private peek(n: number): Buffer {
    if (this.chunks[0].length >= n || this.chunks.length === 1) return this.chunks[0].subarray(0, n);
    const joined = Buffer.concat(this.chunks, this.size);
    this.chunks = [joined];
    return joined.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
    return out;
  }

  private fail(what: string): void {
    this.broken = true;
    this.chunks = [];
    this.size = 0;
    this.onProblem(`The language client sent ${what}; the connection cannot go on.`);
  }
}

function contentLength(headers: string): number | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    return /^\d{1,10}$/.test(value) ? Number(value) : undefined;
  }
  return undefined;
}
