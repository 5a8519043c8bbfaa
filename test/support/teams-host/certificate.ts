import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
}

/**
 * A throwaway self-signed certificate for the given host names (EC P-256, one day), made with the
 * system's openssl: Node cannot issue X.509 certificates by itself, and no certificate package is
 * installed. The browser is told to ignore certificate errors, so the names only need to be there.
 */
export function selfSignedCertificate(hostNames: string[]): Certificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'teams-host-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
        '-subj', `/CN=${hostNames[0]}`,
        '-addext', `subjectAltName=${hostNames.map((name) => `DNS:${name}`).join(',')}`,
        '-keyout', key, '-out', cert,
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
