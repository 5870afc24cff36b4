import { describe, expect, it } from 'vitest'
import {
  bodyMac,
  callbackBody,
  verifyBodyMac,
  verifyCallback,
} from '../../../electron/core/protocol/callback'
import { prepUploadBody, uploadUrlExpiry } from '../../../electron/core/protocol/prep-upload'

const creds = { partnerId: '001', apiKey: 'test-api-key' }
const now = new Date('2024-01-01T00:00:00.000Z')
const result = {
  ResultCode: '0840',
  ResultText: 'Enroll User',
  SmileJobID: '1',
  PartnerParams: { job_id: 'j' },
}

describe('callbacks', () => {
  it('signs a result and verifies it', () => {
    const body = callbackBody(result, creds, now)
    expect(body.timestamp).toBe(now.toISOString())
    const check = verifyCallback(JSON.parse(JSON.stringify(body)), creds, now, 60_000)
    expect(check).toMatchObject({ ok: true, raw: result })
  })

  it.each([
    ['another key', () => callbackBody(result, { ...creds, apiKey: 'x' }, now), 'bad_signature'],
    [
      'a replay an hour later',
      () => callbackBody(result, creds, new Date(now.getTime() - 3_600_000)),
      'too_old',
    ],
    ['not an object', () => 'x', 'not_an_object'],
    [
      'a bad Actions shape is tolerated but a bad ResultCode is not',
      () => callbackBody({ ResultCode: { x: 1 } }, creds, now),
      'bad_shape',
    ],
  ])('refuses %s', (_what, make, reason) => {
    expect(verifyCallback(make(), creds, now, 60_000)).toEqual({ ok: false, reason })
  })

  it('MACs the exact body bytes', () => {
    const text = JSON.stringify(result)
    const mac = bodyMac(creds.apiKey, text)
    expect(verifyBodyMac(creds.apiKey, text, mac)).toBe(true)
    expect(verifyBodyMac(creds.apiKey, text.replace('0840', '0841'), mac)).toBe(false)
    expect(verifyBodyMac('other', text, mac)).toBe(false)
    expect(verifyBodyMac(creds.apiKey, text, undefined)).toBe(false)
  })
})

describe('prep upload', () => {
  it('sends booleans as booleans and the partner id as smile_client_id', () => {
    const body = prepUploadBody(
      {
        partnerId: '001',
        partnerParams: { user_id: 'u', job_id: 'j', job_type: 4 },
        retry: true,
        allowNewEnroll: false,
        sourceSdkVersion: '0.1.0',
      },
      { signature: 's', timestamp: 't' },
    )
    expect(body).toMatchObject({
      smile_client_id: '001',
      retry: true,
      allow_new_enroll: false,
      source_sdk: 'rest_api',
      signature: 's',
      timestamp: 't',
    })
    expect(body).not.toHaveProperty('callback_url')
  })

  it.each([
    ['http://h/u?Expires=1704067260&Signature=x', '2024-01-01T00:01:00.000Z'],
    ['http://h/u', '2024-01-01T00:10:00.000Z'],
    ['http://h/u?Expires=junk', '2024-01-01T00:10:00.000Z'],
  ])('upload URL %s expires at %s', (url, at) => {
    expect(uploadUrlExpiry(url, now, 600_000).toISOString()).toBe(at)
  })
})
