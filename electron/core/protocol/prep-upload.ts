/**
 * POST {base}/v1/upload ("prep upload"): the request body the kiosk sends and the tolerant parse
 * of what comes back (backend-protocol.md §3.1–3.2). Error bodies are `{code, error}`.
 */
import { z } from 'zod'
import type { Signed } from './signature'

export interface PartnerParams {
  user_id: string
  job_id: string
  /** An int on the wire (iOS 11.1.9 and core-js both send numbers). */
  job_type: 2 | 4
  /** Extra string keys come back in results, e.g. sandbox_result "0"/"1"/"2". */
  [extra: string]: string | number
}

export interface PrepUploadInput {
  partnerId: string
  partnerParams: PartnerParams
  /** true on any re-prep of a job id the backend may already know (and always after 2215). */
  retry: boolean
  /** Needed to enrol (JT4) a user id that is already enrolled; otherwise 2209. */
  allowNewEnroll: boolean
  callbackUrl?: string | undefined
  sourceSdkVersion: string
}

/** The request body. Booleans stay booleans: the string forms broke stored offline jobs in the SDKs. */
export function prepUploadBody(input: PrepUploadInput, signed: Signed): Record<string, unknown> {
  return {
    source_sdk: 'rest_api',
    source_sdk_version: input.sourceSdkVersion,
    smile_client_id: input.partnerId,
    signature: signed.signature,
    timestamp: signed.timestamp,
    partner_params: input.partnerParams,
    model_parameters: {},
    file_name: 'selfie.zip',
    retry: input.retry,
    allow_new_enroll: input.allowNewEnroll,
    ...(input.callbackUrl ? { callback_url: input.callbackUrl } : {}),
  }
}

const codeString = z.union([z.string(), z.number()]).transform((v) => String(v))

export const PrepUploadResponse = z.looseObject({
  upload_url: z.url({ protocol: /^https?$/, message: 'upload_url is not an http(s) URL' }),
  smile_job_id: codeString,
  ref_id: z.string().optional(),
  code: codeString.optional(),
})
export type PrepUploadResponse = z.infer<typeof PrepUploadResponse>

/** `{code, error}`: the shape of every API error body (android SmileIDException.Details). */
export const ApiErrorBody = z.looseObject({
  code: codeString,
  error: z.string().optional(),
  message: z.string().optional(),
})
export type ApiErrorBody = z.infer<typeof ApiErrorBody>

/**
 * When a presigned upload URL stops working. S3-style URLs carry `Expires=<unix seconds>`; a URL
 * without it is assumed good for `fallbackMs` after it was issued.
 */
const MAX_DATE_MS = 8.64e15

export function uploadUrlExpiry(uploadUrl: string, issuedAt: Date, fallbackMs: number): Date {
  try {
    const expires = new URL(uploadUrl).searchParams.get('Expires')
    const secs = expires === null ? NaN : Number(expires)
    // Beyond what a Date can hold (±8.64e15 ms) is no expiry at all, not an Invalid Date that
    // would make every later toISOString() throw and wedge the job.
    if (Number.isFinite(secs) && secs > 0 && secs * 1000 <= MAX_DATE_MS) {
      return new Date(secs * 1000)
    }
  } catch {
    // not a URL: the response parser already refused it; fall through to the fallback
  }
  return new Date(issuedAt.getTime() + fallbackMs)
}
