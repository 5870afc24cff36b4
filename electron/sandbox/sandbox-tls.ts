/**
 * The sandbox's TLS certificate: self-signed for 127.0.0.1 and localhost, written once to the
 * data dir as sandbox-cert.pem (+ sandbox-key.pem, mode 0600) and reused while valid. Generated
 * in-process with `selfsigned` (pure JS over WebCrypto via @peculiar/x509) rather than the openssl
 * CLI, which a Windows kiosk does not have; Node itself can read X.509 but not write it.
 */
import { X509Certificate } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generate } from 'selfsigned'
import { AppError, errorText } from '../shared/contract/result'

export interface TlsMaterial {
  cert: string
  key: string
  certFile: string
}

export const certPath = (dataDir: string): string => join(dataDir, 'sandbox-cert.pem')
const keyPath = (dataDir: string): string => join(dataDir, 'sandbox-key.pem')

export async function ensureSandboxCert(
  dataDir: string,
  now: Date = new Date(),
): Promise<TlsMaterial> {
  const certFile = certPath(dataDir)
  const keyFile = keyPath(dataDir)
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8')
    if (stillGood(cert, now)) return { cert, key: readFileSync(keyFile, 'utf8'), certFile }
  }
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 86_400_000),
    notAfterDate: new Date(now.getTime() + 825 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  })
  writeFileSync(keyFile, pems.private, { mode: 0o600 })
  writeFileSync(certFile, pems.cert, { mode: 0o644 })
  return { cert: pems.cert, key: pems.private, certFile }
}

/** Reads a user-supplied pair (`--cert`/`--key`), with a clear error when either is unreadable. */
export function readCertPair(certFile: string, keyFile: string): TlsMaterial {
  try {
    const cert = readFileSync(certFile, 'utf8')
    new X509Certificate(cert)
    return { cert, key: readFileSync(keyFile, 'utf8'), certFile }
  } catch (err) {
    throw new AppError(
      'invalid_input',
      `cannot use the certificate ${certFile} / key ${keyFile}: ${errorText(err)}`,
    )
  }
}

function stillGood(pem: string, now: Date): boolean {
  try {
    const x = new X509Certificate(pem)
    return (
      Date.parse(x.validTo) > now.getTime() + 86_400_000 && x.checkIP('127.0.0.1') !== undefined
    )
  } catch {
    return false
  }
}
