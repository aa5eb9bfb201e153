#!/usr/bin/env node
// npm run testbed:down — stops only the processes that testbed:up started (by the pid files in the state
// folder). The logs stay in <state>/logs for inspection; the next testbed:up starts from a clean folder.
import { rmSync } from 'node:fs';
import { stopAll } from './procs.mjs';
import { paths } from './state.mjs';

const p = paths();
const stopped = await stopAll(p);
rmSync(p.upMarker, { force: true });
console.log(`[testbed:down] stopped ${stopped} processes; logs kept in ${p.logs}`);
