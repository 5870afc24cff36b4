import { describe, expect, it } from 'vitest'
import { pickCamera, usbId } from '../../../electron/shared/ui/camera-choice.policy'
import { cameraProblem } from '../../../electron/shared/ui/camera-errors.policy'

const logi = { deviceId: 'id-logi', label: 'HD Pro Webcam C920 (046d:082d)' }
const built = { deviceId: 'id-built', label: 'Integrated Camera (04f2:b6dd)' }

describe('pickCamera', () => {
  it.each([
    [
      'the remembered id is present',
      [built, logi],
      { deviceId: 'id-logi', label: '' },
      'id-logi',
      'remembered',
    ],
    [
      'the id changed (profile reset) but the label is the same',
      [built, { ...logi, deviceId: 'new' }],
      { deviceId: 'id-logi', label: logi.label },
      'new',
      'same_label',
    ],
    [
      'same model plugged into another port, label differs',
      [built, { deviceId: 'x', label: 'C920 #2 (046d:082d)' }],
      { deviceId: 'gone', label: logi.label },
      'x',
      'same_model',
    ],
    [
      'nothing remembered: the first camera',
      [built, logi],
      { deviceId: '', label: '' },
      'id-built',
      'first',
    ],
    [
      'the remembered camera is gone: the first camera',
      [built],
      { deviceId: 'id-logi', label: logi.label },
      'id-built',
      'first',
    ],
    [
      'labels hidden before permission: still the first',
      [{ deviceId: '', label: '' }],
      { deviceId: 'id-logi', label: logi.label },
      '',
      'first',
    ],
  ] as const)('%s', (_n, cameras, remembered, id, how) => {
    const p = pickCamera(cameras, remembered)
    expect(p.camera?.deviceId).toBe(id)
    expect(p.how).toBe(how)
  })
  it('no camera at all', () => {
    expect(pickCamera([], { deviceId: 'a', label: 'b' })).toEqual({ camera: null, how: 'none' })
  })
  it('reads the USB vendor:product Chromium appends to labels', () => {
    expect(usbId('HD Pro Webcam C920 (046D:082D)')).toBe('046d:082d')
    expect(usbId('FaceTime HD Camera')).toBeNull()
  })
})

describe('cameraProblem', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'not_found'],
    ['OverconstrainedError', 'not_found'],
    ['NotReadableError', 'busy'],
    ['AbortError', 'busy'],
    ['TypeError', 'unsupported'],
    ['SomethingNew', 'failed'],
  ])('%s → %s', (name, problem) => {
    expect(cameraProblem(Object.assign(new Error('x'), { name }))).toBe(problem)
  })
  it('anything that is not an error object is "failed"', () => {
    expect(cameraProblem('boom')).toBe('failed')
    expect(cameraProblem(null)).toBe('failed')
  })
})
