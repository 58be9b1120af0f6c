import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A self-made stand-in for Apple's pass signing chain, made with openssl: a "WWDR" certificate
// authority and a pass type certificate it signed. Wallet on a phone would refuse it; the pass's
// structure and signature are checked against it exactly as against Apple's.

export type TestWalletCertificates = {
  dir: string;
  caPath: string;
  signerCertPath: string;
  signerKeyPath: string;
  env: Record<string, string>;
};

export const TEST_PASS_TYPE_ID = 'pass.test.marquee.tickets';
export const TEST_TEAM_ID = 'TEST123456';

export function makeTestWalletCertificates(): TestWalletCertificates {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'marquee-wallet-'));
  const at = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test WWDR/O=Marquee tests',
    '-keyout',
    at('wwdr.key'),
    '-out',
    at('wwdr.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/UID=${TEST_PASS_TYPE_ID}/CN=Pass Type ID: ${TEST_PASS_TYPE_ID}/OU=${TEST_TEAM_ID}/O=Marquee tests`,
    '-keyout',
    at('signer.key'),
    '-out',
    at('signer.csr'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    at('signer.csr'),
    '-days',
    '2',
    '-CA',
    at('wwdr.pem'),
    '-CAkey',
    at('wwdr.key'),
    '-CAcreateserial',
    '-out',
    at('signer.pem'),
  );
  return {
    dir,
    caPath: at('wwdr.pem'),
    signerCertPath: at('signer.pem'),
    signerKeyPath: at('signer.key'),
    env: {
      WALLET_PASS_TYPE_ID: TEST_PASS_TYPE_ID,
      WALLET_TEAM_ID: TEST_TEAM_ID,
      // One given as a path and the others as PEM text: both forms are configuration.
      WALLET_SIGNER_CERT: at('signer.pem'),
      WALLET_SIGNER_KEY: readFileSync(at('signer.key'), 'utf8'),
      WALLET_WWDR_CERT: readFileSync(at('wwdr.pem'), 'utf8'),
    },
  };
}
