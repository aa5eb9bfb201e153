// A small ustar writer for the testbed's chart archives (helm packages charts as gzipped ustar). Every
// entry gets the same fixed time and mode, so one chart always packs to the same bytes and digest.
import { gzipSync } from 'node:zlib';

const MTIME = Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000);

function header(name, size) {
  if (Buffer.byteLength(name) >= 100) throw new Error(`tar: path too long for a ustar header: ${name}`);
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  h.write(`${MTIME.toString(8).padStart(11, '0')}\0`, 136);
  // The checksum is computed with its own field read as spaces.
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

function padded(body) {
  const rest = body.length % 512;
  return rest ? Buffer.concat([body, Buffer.alloc(512 - rest)]) : body;
}

/** A gzipped ustar archive of the files ({ path: text or bytes }), in the order given. */
export function tgz(files) {
  const blocks = [];
  for (const [path, content] of Object.entries(files)) {
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    blocks.push(header(path, body.length), padded(body));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}
