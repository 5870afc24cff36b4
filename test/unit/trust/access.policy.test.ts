import { describe, expect, it } from 'vitest'
import { CHANNELS, EVENT_NAMES } from '../../../electron/shared/contract/contract'
import { SETTING_KEYS } from '../../../electron/shared/domain/settings.schema'
import {
  accessLevel,
  approvalNeeded,
  CHANNEL_ACCESS,
  EVENT_ACCESS,
  eventAccessLevel,
  decideAccess,
  settingNeedsApproval,
  type AccessLevel,
  type AccessQuery,
} from '../../../electron/shared/trust/access.policy'

const base: AccessQuery = {
  level: 'staff',
  caller: 'renderer',
  profile: 'staff',
  setupMode: false,
  role: undefined,
}

// [description, query overrides, allowed, error code]
const TABLE: [string, Partial<AccessQuery>, boolean, string?][] = [
  ['operator may do anything', { caller: 'operator', level: 'supervisor' }, true],
  ['public call, nobody signed in', { level: 'public' }, true],
  ['public call on a self-service terminal', { level: 'public', profile: 'self-service' }, true],
  [
    'customer capture on a self-service terminal',
    { level: 'customer', profile: 'self-service' },
    true,
  ],
  ['staff call on a self-service terminal', { profile: 'self-service' }, false, 'forbidden'],
  [
    'staff call on self-service even when signed in',
    { profile: 'self-service', role: 'supervisor' },
    false,
    'forbidden',
  ],
  [
    'staff call on self-service even in setup mode',
    { profile: 'self-service', setupMode: true },
    false,
    'forbidden',
  ],
  [
    'supervisor call on self-service',
    { profile: 'self-service', level: 'supervisor' },
    false,
    'forbidden',
  ],
  ['staff desk in setup mode: open', { setupMode: true, level: 'supervisor' }, true],
  ['staff desk, nobody signed in: staff call', {}, false, 'unauthenticated'],
  ['staff desk, nobody signed in: capture', { level: 'customer' }, false, 'unauthenticated'],
  ['staff desk, staff signed in: staff call', { role: 'staff' }, true],
  ['staff desk, staff signed in: capture', { role: 'staff', level: 'customer' }, true],
  [
    'staff desk, staff signed in: supervisor call',
    { role: 'staff', level: 'supervisor' },
    false,
    'forbidden',
  ],
  [
    'staff desk, supervisor signed in: supervisor call',
    { role: 'supervisor', level: 'supervisor' },
    true,
  ],
]

describe('decideAccess', () => {
  it.each(TABLE)('%s', (_name, q, allowed, code) => {
    const d = decideAccess({ ...base, ...q })
    expect(d.allowed).toBe(allowed)
    if (!d.allowed) expect(d.code).toBe(code)
  })

  it('says why a session ended when it asks to sign in again', () => {
    const d = decideAccess({ ...base, endedBecause: 'signed out after 5 min idle' })
    expect(d).toEqual({
      allowed: false,
      code: 'unauthenticated',
      message: 'signed out after 5 min idle; sign in again',
    })
  })
})

describe('channel access table', () => {
  it('names only channels that exist', () => {
    for (const c of Object.keys(CHANNEL_ACCESS)) expect(CHANNELS).toContain(c)
  })

  it('classifies every pushed event explicitly too', () => {
    expect(EVENT_NAMES.filter((e) => !Object.hasOwn(EVENT_ACCESS, e))).toEqual([])
    expect(eventAccessLevel('sync:status')).toBe('staff')
    expect(eventAccessLevel('something:new')).toBe('staff')
  })

  it('classifies every channel explicitly, so a new call is a deliberate decision', () => {
    const unclassified = CHANNELS.filter((c) => !Object.hasOwn(CHANNEL_ACCESS, c))
    expect(unclassified).toEqual([])
  })

  it('closes a channel nobody classified (staff), and keeps customer-facing ones open', () => {
    expect(accessLevel('something:new')).toBe('staff')
    const open: Record<string, AccessLevel> = {
      'settings:get': 'public',
      'staff:signIn': 'public',
      'jobs:capture': 'customer',
      'jobs:list': 'staff',
      'jobs:delete': 'staff',
      'audit:verify': 'supervisor',
      'staff:add': 'supervisor',
    }
    for (const [c, level] of Object.entries(open)) expect(accessLevel(c)).toBe(level)
  })
})

describe('supervisor approval', () => {
  it.each([
    ['camera.deviceId', false],
    ['camera.width', false],
    ['scanner.device', false],
    ['ui.language', false],
    ['ui.idleTimeoutSec', false],
    ['backend.url', true],
    ['backend.apiKey', true],
    ['backend.mode', true],
    ['relay.url', true],
    ['thresholds.liveness', true],
    ['capture.activeLiveness', true],
    ['retention.imagesHours', true],
    ['staff.maxFailedAttempts', true],
    ['ui.profile', true],
    ['some.futureSetting', true],
  ])('changing %s needs approval: %s', (key, needs) => {
    expect(settingNeedsApproval(key)).toBe(needs)
  })

  it('is needed for every backend setting that exists', () => {
    for (const k of SETTING_KEYS.filter((k) => k.startsWith('backend.'))) {
      expect(settingNeedsApproval(k)).toBe(true)
    }
  })

  it('is asked for deleting a job and for protected settings only', () => {
    expect(approvalNeeded('jobs:delete', { jobId: 'j' })).toBe('delete a job')
    expect(approvalNeeded('settings:set', { key: 'backend.url', value: 'x' })).toBe(
      'change backend.url',
    )
    expect(approvalNeeded('settings:set', { key: 'ui.language', value: 'fr' })).toBeNull()
    expect(approvalNeeded('jobs:list', {})).toBeNull()
  })
})
