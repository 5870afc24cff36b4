/**
 * The export bundle's outer layout and its header, validated before anything else is read. Pure.
 *
 *   magic "KIOSKBDL" (8) | format u16 | 0 u16 | header slot length u32      — the preamble (16)
 *   header JSON, space-padded to the slot length                             — signed, in clear
 *   frames: u32 length | AES-256-GCM ciphertext+tag, ×frames                 — the payload
 *   "KSIG" | u16 64 | Ed25519 signature (64)                                 — the trailer
 *
 * The header holds no job id, user id or image: only what is needed to check the file before
 * decrypting it (who signed it, for which recipient key, how long it is, the payload digest).
 * The signature covers the preamble and the header; the header carries the payload's length and
 * SHA-256, so one signature binds every byte, and a file cut short fails the length check first.
 */
import { z } from 'zod'

export const BUNDLE_MAGIC = 'KIOSKBDL'
export const BUNDLE_FORMAT = 1
/** Version of the records inside the payload (manifest, jobs, images). */
export const BUNDLE_SCHEMA = 1
export const BUNDLE_EXTENSION = '.kbundle'
export const BUNDLE_CIPHER = 'X25519-HKDF-SHA256/AES-256-GCM-STREAM'
export const PREAMBLE_BYTES = 16
export const HEADER_SLOT_BYTES = 2048
export const FRAME_PREFIX_BYTES = 4
export const TAG_BYTES = 16
export const SIGNATURE_BYTES = 64
export const TRAILER_MAGIC = 'KSIG'
export const TRAILER_BYTES = 4 + 2 + SIGNATURE_BYTES
export const DEFAULT_FRAME_BYTES = 64 * 1024
export const MAX_FRAME_BYTES = 1024 * 1024

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`), `${n} hex digits`)
export const Fingerprint = hex(32)
export const ED25519_PREFIX = 'kiosk-ed25519:'
export const X25519_PREFIX = 'kiosk-x25519:'
const b64u32 = '[A-Za-z0-9_-]{43}'
export const Ed25519Text = z
  .string()
  .regex(new RegExp(`^${ED25519_PREFIX}${b64u32}$`), 'a kiosk-ed25519:… device key')
export const X25519Text = z
  .string()
  .regex(new RegExp(`^${X25519_PREFIX}${b64u32}$`), 'a kiosk-x25519:… recipient key')

export const BundleHeader = z.object({
  format: z.literal(BUNDLE_FORMAT),
  bundle_id: z.uuid(),
  created_at: z.iso.datetime(),
  device_key: Ed25519Text,
  device_fingerprint: Fingerprint,
  recipient_fingerprint: Fingerprint,
  ephemeral_key: X25519Text,
  cipher: z.literal(BUNDLE_CIPHER),
  frame_size: z.number().int().min(1024).max(MAX_FRAME_BYTES),
  frames: z.number().int().min(1),
  records: z.number().int().min(2),
  payload_length: z.number().int().min(1),
  payload_sha256: hex(64),
})
export type BundleHeader = z.infer<typeof BundleHeader>

export type HeaderProblem = 'not_bundle' | 'newer_format' | 'damaged' | 'truncated' | 'extended'

export type HeaderCheck =
  { ok: true; header: BundleHeader } | { ok: false; problem: HeaderProblem; reason: string }

export interface Preamble {
  magic: string
  format: number
  headerLength: number
}

const fail = (problem: HeaderProblem, reason: string): HeaderCheck => ({
  ok: false,
  problem,
  reason,
})

/** Checks the preamble, the header and that the file is exactly as long as the header says. */
export function checkHeader(p: Preamble, headerText: string | null, fileSize: number): HeaderCheck {
  if (fileSize < PREAMBLE_BYTES || p.magic !== BUNDLE_MAGIC) {
    return fail('not_bundle', 'this is not a kiosk export bundle (.kbundle)')
  }
  if (p.format > BUNDLE_FORMAT) {
    return fail(
      'newer_format',
      `the bundle has format ${p.format}, newer than this kiosk reads (${BUNDLE_FORMAT}): update the kiosk`,
    )
  }
  if (p.format !== BUNDLE_FORMAT || p.headerLength !== HEADER_SLOT_BYTES) {
    return fail('damaged', 'the bundle preamble is damaged')
  }
  if (headerText === null || fileSize < PREAMBLE_BYTES + HEADER_SLOT_BYTES) {
    return fail(
      'truncated',
      `the bundle is truncated: it ends inside its header (${fileSize} bytes); copy it again from the laptop`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(headerText)
  } catch {
    return fail('damaged', 'the bundle header is damaged (not readable)')
  }
  const parsed = BundleHeader.safeParse(json)
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '?'
    return fail('damaged', `the bundle header is damaged (${where})`)
  }
  const h = parsed.data
  const perFrame = FRAME_PREFIX_BYTES + TAG_BYTES
  if (
    h.payload_length < h.frames * (perFrame + 1) ||
    h.payload_length > h.frames * (perFrame + h.frame_size) ||
    h.records < 2
  ) {
    return fail('damaged', 'the bundle header is damaged (its sizes do not add up)')
  }
  const expected = PREAMBLE_BYTES + HEADER_SLOT_BYTES + h.payload_length + TRAILER_BYTES
  if (fileSize < expected) {
    return fail(
      'truncated',
      `the bundle is truncated: ${fileSize} of ${expected} bytes; copy it again from the laptop`,
    )
  }
  if (fileSize > expected) {
    return fail(
      'extended',
      `the bundle has ${fileSize - expected} unexpected bytes after its end (damaged or tampered)`,
    )
  }
  return { ok: true, header: h }
}

/** "3f2a 91c0 …": a fingerprint as people compare it, in groups of four. */
export const showFingerprint = (fp: string): string => fp.replace(/(.{4})(?=.)/g, '$1 ')
