#!/usr/bin/env node
// Forwards TCP from a non-loopback address of this machine to source-controller's artifact storage on
// 127.0.0.1. The API server's service proxy dials only Endpoints addresses, and an Endpoints address may
// not be a loopback one, so `services/source-controller:http/proxy/...` reaches the storage through here.
// Connections are taken only from this machine's own addresses: the port is not a way in from outside.
// Usage: node artifact-forwarder.mjs <listenHost> <listenPort> <targetHost> <targetPort>
import { createServer, connect } from 'node:net';
import { networkInterfaces } from 'node:os';

const [listenHost, listenPort, targetHost, targetPort] = process.argv.slice(2);

function ownAddresses() {
  const all = Object.values(networkInterfaces()).flat().map((i) => i.address);
  return new Set([...all, ...all.map((a) => `::ffff:${a}`)]);
}

const server = createServer((socket) => {
  if (!ownAddresses().has(socket.remoteAddress)) {
    console.log(`${new Date().toISOString()} refused ${socket.remoteAddress}`);
    return void socket.destroy();
  }
  const upstream = connect(Number(targetPort), targetHost);
  socket.pipe(upstream).pipe(socket);
  socket.on('error', () => upstream.destroy());
  upstream.on('error', () => socket.destroy());
});

server.listen(Number(listenPort), listenHost, () => {
  console.log(`artifact forwarder listening on ${listenHost}:${listenPort} -> ${targetHost}:${targetPort}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
