#!/usr/bin/env node
// Drives the vendor's official Node library (smile-identity-core) against a server, in its own
// process because NODE_EXTRA_CA_CERTS must be set before Node starts. Input: one JSON object on
// argv[2] {url, partnerId, apiKey, concurrency, jobs: [{user_id, job_id, job_type, selfie,
// liveness: [paths], extra?: {…}}]}. Output: one JSON line per job, then {"done":…}.
// Liveness frames go as type 6 (base64): the library zips only types 0 and 1 (§4.3).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { WebApi } = require('smile-identity-core')

const input = JSON.parse(process.argv[2])
const api = new WebApi(input.partnerId, '', input.apiKey, input.url)
const started = performance.now()
let ok = 0
let failed = 0

async function run(job) {
  const images = [
    { image_type_id: 0, image: job.selfie },
    ...job.liveness.map((p) => ({ image_type_id: 6, image: readFileSync(p).toString('base64') })),
  ]
  const t0 = performance.now()
  try {
    const res = await api.submit_job(
      { user_id: job.user_id, job_id: job.job_id, job_type: job.job_type, ...(job.extra ?? {}) },
      images,
      { entered: false },
      { return_job_status: true, return_history: false, return_images: false },
    )
    ok++
    process.stdout.write(
      JSON.stringify({ job_id: job.job_id, ok: true, ms: performance.now() - t0, response: res }) +
        '\n',
    )
  } catch (err) {
    failed++
    const detail = err?.response?.data ?? null
    process.stdout.write(
      JSON.stringify({
        job_id: job.job_id,
        ok: false,
        error: String(err?.message ?? err),
        detail,
      }) + '\n',
    )
  }
}

const queue = [...input.jobs]
const workers = Array.from({ length: Math.max(1, input.concurrency ?? 1) }, async () => {
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) await run(job)
})
await Promise.all(workers)
process.stdout.write(
  JSON.stringify({ done: true, ok, failed, seconds: (performance.now() - started) / 1000 }) + '\n',
)
