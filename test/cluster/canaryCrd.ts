// The Canary CRD of the Flagger release the schema build pins (tools/schemas/pins.json), read from that Go
// module (the Go module cache has it once the schemas were built). Flagger does not run on the testbed, so the
// cluster and editor tests install its CRD and write a Canary's status themselves.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KObject } from '../../client/src/cluster/types';
import type { Transport } from '../../client/src/cluster/http';
import { downloadModules } from '../../tools/schemas/gomod.mjs';

export const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
export const CANARY_CRD = 'canaries.flagger.app';

interface Pin {
  module: string;
  version: string;
  sum?: string;
  crdDir?: string;
}

function flaggerPin(): Pin {
  const found: Pin[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o.module === 'github.com/fluxcd/flagger') found.push(o as unknown as Pin);
    else Object.values(o).forEach(walk);
  };
  walk(JSON.parse(readFileSync(new URL('../../tools/schemas/pins.json', import.meta.url), 'utf8')));
  assert.ok(found[0]?.crdDir, 'tools/schemas/pins.json pins github.com/fluxcd/flagger with its CRD folder');
  return found[0];
}

export async function canaryCrd(): Promise<KObject> {
  const pin = flaggerPin();
  const dir = (await downloadModules([pin])).get(pin.module)!;
  const docs = parseAllDocuments(readFileSync(join(dir, pin.crdDir!, 'crd.yaml'), 'utf8')).map((d) => d.toJSON() as KObject);
  const crd = docs.find((d) => d?.metadata?.name === CANARY_CRD);
  assert.ok(crd, `the Canary CRD in ${pin.module}@${pin.version}`);
  return crd;
}

/** Creates the CRD; true when this call created it (and its caller removes it again), false when it was there. */
export async function installCanaryCrd(transport: Transport): Promise<boolean> {
  try {
    await transport.request({ method: 'POST', path: CRD_PATH, body: await canaryCrd() });
    return true;
  } catch (err) {
    if (/already exists/i.test((err as Error).message)) return false;
    throw err;
  }
}
