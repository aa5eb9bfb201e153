// Creates the testbed's certificates with the openssl command: one CA, the serving certificate of the
// apiserver (also used by kwok's kubelet-like server), the admin, restricted, explorer and front-proxy clients, and
// the service-account signing key. EC P-256 keys keep generation fast.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function openssl(args, cwd) {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
}

function newKey(dir, name) {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`], dir);
}

// Signs <name>.crt with the CA; `ext` holds the X.509 v3 extensions of this certificate.
function signCert(dir, name, subject, ext) {
  newKey(dir, name);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`], dir);
  writeFileSync(join(dir, `${name}.ext`), ext);
  openssl(
    ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-days', '30', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.crt`],
    dir,
  );
}

export function createPki(dir) {
  mkdirSync(dir, { recursive: true });
  newKey(dir, 'ca');
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=flux-gitops-testbed-ca', '-days', '30',
    '-sha256', '-out', 'ca.crt'], dir);
  signCert(dir, 'serving', '/CN=kube-apiserver',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' +
    'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,' +
    'DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n');
  const clientExt = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';
  signCert(dir, 'admin', '/O=system:masters/CN=testbed-admin', clientExt);
  signCert(dir, 'restricted', '/O=testbed:viewers/CN=testbed-viewer', clientExt);
  // The user of the "never reads Secrets" proof: every explorer command allowed, Secrets not.
  signCert(dir, 'explorer', '/O=testbed:explorers/CN=testbed-explorer', clientExt);
  // The apiserver's front-proxy client; publishing the request-header CA keeps the controller manager from
  // complaining that the extension-apiserver-authentication ConfigMap lacks it.
  signCert(dir, 'front-proxy', '/CN=testbed-front-proxy', clientExt);
  newKey(dir, 'service-account');
  openssl(['ec', '-in', 'service-account.key', '-pubout', '-out', 'service-account.pub'], dir);
}
