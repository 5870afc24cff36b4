import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { kiosk, kioskJson } from '../../support/cli'
import { solidJpeg, solidPng, truncate } from '../../support/images'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'

interface Summary {
  job_id: string
  user_id: string
  job_type: number
  state: string
}

const face = (n: string) => sharedData('faces', n.split('_img')[0] ?? '', `${n}.jpg`)

describe('kiosk enrol / auth / jobs', () => {
  const dataDir = tempDir()
  const files = tempDir()
  let frame = ''

  beforeAll(async () => {
    frame = join(files, 'frame.jpg')
    writeFileSync(frame, await solidJpeg(320, 240))
  })

  it('enrols from a shared face image and lists the job', () => {
    const job = kioskJson<Summary & { images: { kind: string }[] }>(
      [
        'enrol',
        '--user-id',
        'cust-001',
        '--job-id',
        'job-e1',
        '--selfie',
        face('df_A_img1'),
        '--liveness',
        frame,
        frame,
        frame,
        frame,
        frame,
        frame,
      ],
      { dataDir },
    )
    expect(job).toMatchObject({
      job_id: 'job-e1',
      user_id: 'cust-001',
      job_type: 4,
      state: 'captured',
    })
    expect(job.images.filter((i) => i.kind === 'liveness')).toHaveLength(6)

    const list = kioskJson<Summary[]>(['jobs', 'list'], { dataDir })
    expect(list.map((j) => [j.job_id, j.user_id, j.job_type, j.state])).toContainEqual([
      'job-e1',
      'cust-001',
      4,
      'captured',
    ])
  })

  it('captures an authentication (type 2) and shows its history', () => {
    const job = kioskJson<Summary>(
      ['auth', '--user-id', 'cust-001', '--selfie', face('df_A_img2')],
      { dataDir },
    )
    expect(job).toMatchObject({ user_id: 'cust-001', job_type: 2, state: 'captured' })
    expect(job.job_id).toMatch(/^job-[0-9a-f-]{36}$/)
    const shown = kioskJson<{ history: { event: string; to: string }[] }>(
      ['jobs', 'show', job.job_id],
      { dataDir },
    )
    expect(shown.history).toMatchObject([{ event: 'captured', to: 'captured' }])
    const human = kiosk(['jobs', 'show', job.job_id], { dataDir })
    expect(human.stdout).toContain(`authentication (type 2) for user cust-001`)
  })

  it('shows local checks in plain words: the same face enrolled under a second user id is flagged', () => {
    kioskJson(
      ['enrol', '--user-id', 'cust-dup', '--job-id', 'job-dup', '--selfie', face('df_A_img7')],
      { dataDir },
    )
    const shown = kiosk(['jobs', 'show', 'job-dup'], { dataDir }).stdout
    expect(shown).toMatch(
      /checks \(local, advisory\):\n\s+face:\s+WARNING REPEATED_FACE — this face is already enrolled on this kiosk as user cust-001/,
    )
  })

  it('filters the list by state and refuses an unknown state', () => {
    expect(kioskJson<Summary[]>(['jobs', 'list', '--state', 'complete'], { dataDir })).toEqual([])
    const r = kiosk(['jobs', 'list', '--state', 'done'], { dataDir })
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toMatch(/^kiosk: unknown state "done"; states: captured, /)
  })

  it('accepts a PNG and stores it as JPEG (the backend takes JPEG only)', async () => {
    const png = join(files, 'selfie.png')
    writeFileSync(png, await solidPng(400, 300))
    const job = kioskJson<{ images: { mime: string; width: number }[] }>(
      ['enrol', '--user-id', 'png-user', '--selfie', png],
      { dataDir },
    )
    expect(job.images[0]).toMatchObject({ mime: 'image/jpeg', width: 400 })
  })
})

describe('bad input: non-zero exit, one-line reason, store unchanged', () => {
  const dataDir = tempDir()
  const files = tempDir()
  let good = ''
  let snapshot = ''
  const state = () => JSON.stringify(kioskJson<unknown>(['jobs', 'list'], { dataDir }))

  beforeAll(async () => {
    good = join(files, 'good.jpg')
    const bytes = await solidJpeg(640, 480)
    writeFileSync(good, bytes)
    writeFileSync(join(files, 'truncated.jpg'), truncate(bytes))
    writeFileSync(join(files, 'notes.jpg'), 'these are not pixels\n')
    writeFileSync(join(files, 'empty.jpg'), '')
    kioskJson(['enrol', '--user-id', 'u1', '--job-id', 'taken', '--selfie', good], { dataDir })
    snapshot = state()
  })

  const cases: [string, () => string[], RegExp][] = [
    [
      'missing file',
      () => ['enrol', '--user-id', 'u2', '--selfie', join(files, 'nope.jpg')],
      /^kiosk: selfie: cannot read .*nope\.jpg \(no such file\)$/,
    ],
    [
      'not an image',
      () => ['enrol', '--user-id', 'u2', '--selfie', join(files, 'notes.jpg')],
      /^kiosk: selfie image notes\.jpg: not a readable image/,
    ],
    [
      'empty file',
      () => ['enrol', '--user-id', 'u2', '--selfie', join(files, 'empty.jpg')],
      /^kiosk: images\.0\.bytes: image is empty$/,
    ],
    [
      'truncated JPEG',
      () => [
        'enrol',
        '--user-id',
        'u2',
        '--selfie',
        good,
        '--liveness',
        join(files, 'truncated.jpg'),
      ],
      /^kiosk: liveness image truncated\.jpg: the image is truncated/,
    ],
    [
      'unknown flag',
      () => ['enrol', '--user-id', 'u2', '--selfie', good, '--colour', 'blue'],
      /^kiosk: unknown option '--colour' \(see kiosk --help\)$/,
    ],
    [
      'duplicate job id',
      () => ['enrol', '--user-id', 'u2', '--job-id', 'taken', '--selfie', good],
      /^kiosk: a job with id taken already exists$/,
    ],
    [
      'empty user id',
      () => ['enrol', '--user-id', '', '--selfie', good],
      /^kiosk: userId: user id is empty$/,
    ],
    [
      'blank user id',
      () => ['auth', '--user-id', '   ', '--selfie', good],
      /^kiosk: userId: user id is empty$/,
    ],
    [
      'missing selfie flag',
      () => ['enrol', '--user-id', 'u2'],
      /^kiosk: required option '--selfie <file>' not specified/,
    ],
    [
      'a directory as image',
      () => ['enrol', '--user-id', 'u2', '--selfie', files],
      /^kiosk: selfie: .* is not a file$/,
    ],
    [
      'ID back without front',
      () => ['enrol', '--user-id', 'u2', '--selfie', good, '--id-back', good],
      /^kiosk: an ID back image needs the ID front image too$/,
    ],
  ]

  it.each(cases)('%s', (_name, args, message) => {
    const r = kiosk(args(), { dataDir })
    expect(r.code).toBe(2)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(message)
    expect(state()).toBe(snapshot)
  })

  it('with --json, the error is also JSON on stdout', () => {
    const r = kiosk(['enrol', '--user-id', 'u2', '--job-id', 'taken', '--selfie', good, '--json'], {
      dataDir,
    })
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'a job with id taken already exists' },
    })
  })
})
