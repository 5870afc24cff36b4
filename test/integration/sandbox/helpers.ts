/** Raw protocol helpers for sandbox tests: signed requests exactly as a client sends them. */
import { request } from 'undici'
import { buildJobZip } from '../../../electron/core/protocol/zip'
import { sign, type Credentials } from '../../../electron/core/protocol/signature'
import { solidJpeg } from '../../support/images'

export interface Reply {
  status: number
  body: unknown
  headers: Record<string, string | string[] | undefined>
  text: string
}

export async function post(url: string, body: unknown): Promise<Reply> {
  const res = await request(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  })
  const text = await res.body.text()
  let json: unknown = undefined
  try {
    json = JSON.parse(text)
  } catch {
    // not JSON: the caller looks at text
  }
  return { status: res.statusCode, body: json, headers: res.headers, text }
}

export async function put(url: string, bytes: Uint8Array): Promise<Reply> {
  const res = await request(url, {
    method: 'PUT',
    body: bytes,
    headers: { 'content-type': 'application/zip' },
  })
  const text = await res.body.text()
  return { status: res.statusCode, body: undefined, headers: res.headers, text }
}

export function prepBody(
  creds: Credentials,
  pp: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  now = new Date(),
) {
  return {
    source_sdk: 'rest_api',
    source_sdk_version: '1.0.0',
    smile_client_id: creds.partnerId,
    ...sign(creds, now),
    partner_params: pp,
    model_parameters: {},
    ...extra,
  }
}

export function statusBody(
  creds: Credentials,
  userId: string,
  jobId: string,
  extra: Record<string, unknown> = {},
) {
  return {
    partner_id: creds.partnerId,
    user_id: userId,
    job_id: jobId,
    image_links: false,
    history: false,
    ...sign(creds, new Date()),
    ...extra,
  }
}

export async function jobZip(
  jobId: string,
  userId: string,
  jobType: 2 | 4,
  liveness = 2,
): Promise<Uint8Array> {
  const selfie = await solidJpeg(320, 240)
  const frames = await Promise.all(
    Array.from({ length: liveness }, (_, i) => solidJpeg(160, 120, { r: 10 * i, g: 90, b: 60 })),
  )
  return buildJobZip({
    images: [
      { kind: 'selfie', bytes: selfie },
      ...frames.map((bytes) => ({ kind: 'liveness' as const, bytes })),
    ],
    mode: 'file',
    partnerId: '001',
    partnerParams: { user_id: userId, job_id: jobId, job_type: jobType },
    retry: false,
  })
}

/** Prep + PUT in one go; returns the prep answer. */
export async function submit(
  base: string,
  creds: Credentials,
  pp: { user_id: string; job_id: string; job_type: 2 | 4 } & Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const prep = await post(`${base}/upload`, prepBody(creds, pp, extra))
  if (prep.status !== 200) return { prep, upload: null }
  const url = (prep.body as { upload_url: string }).upload_url
  const upload = await put(url, await jobZip(pp.job_id, pp.user_id, pp.job_type))
  return { prep, upload }
}

export const until = async (what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}
