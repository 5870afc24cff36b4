/**
 * What the sandbox keeps sealed when it runs inside the kiosk (demo mode: its store lives under the
 * kiosk's data folder, next to the sealed job store): the partner API key, received zips and face
 * templates are stored only as AES-256-GCM ciphertext under the kiosk's device key, bound to their
 * row by a label. The standalone `kiosk sandbox` (its own folder, test credentials it prints
 * anyway) has no seal and stores them as they are. A marker prefix tells sealed values from plain
 * ones, so a store written before sealing still reads, and is sealed as values are written again.
 */
export interface SandboxSeal {
  seal(plain: Buffer, label: string): Buffer
  open(sealed: Buffer, label: string): Buffer
}

const MARK = Buffer.from('sbx-sealed:1:', 'latin1')
const TEXT_MARK = 'sbx-sealed:1:'

export interface Sealer {
  /** True when values are sealed (demo mode). */
  readonly sealing: boolean
  blob(plain: Buffer, label: string): Buffer
  unblob(stored: Buffer, label: string): Buffer
  text(plain: string, label: string): string
  untext(stored: string, label: string): string
  isSealedText(stored: string): boolean
}

export function sealer(seal: SandboxSeal | undefined): Sealer {
  return {
    sealing: seal !== undefined,
    blob: (plain, label) =>
      seal === undefined ? plain : Buffer.concat([MARK, seal.seal(plain, label)]),
    unblob(stored, label) {
      if (!stored.subarray(0, MARK.length).equals(MARK)) return stored
      if (seal === undefined) {
        throw new Error('the sandbox store holds sealed data: run it inside the kiosk (demo mode)')
      }
      return seal.open(stored.subarray(MARK.length), label)
    },
    text: (plain, label) =>
      seal === undefined
        ? plain
        : TEXT_MARK + seal.seal(Buffer.from(plain, 'utf8'), label).toString('base64'),
    untext(stored, label) {
      if (!stored.startsWith(TEXT_MARK)) return stored
      if (seal === undefined) {
        throw new Error('the sandbox store holds sealed data: run it inside the kiosk (demo mode)')
      }
      return seal
        .open(Buffer.from(stored.slice(TEXT_MARK.length), 'base64'), label)
        .toString('utf8')
    },
    isSealedText: (stored) => stored.startsWith(TEXT_MARK),
  }
}
