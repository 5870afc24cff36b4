/**
 * Request / validation error codes of the v1 API (seed 000 "General Failures", seed 002, and
 * backend-protocol.md §8). Such jobs get no result; each code says what the kiosk does about it:
 * - retryable: try again later with backoff (optionally with an `action` first);
 * - terminal: the job can never succeed as sent; it fails with the reason kept;
 * - attention: staff must act (configuration, the user's enrolment state); the job waits for
 *   them (`jobs:retry`).
 * `scope: 'account'` marks refusals that are about the kiosk's credentials or contract, not the
 * job (a wrong API key refuses every job alike): sync pauses for all jobs and says why, instead
 * of parking the whole queue job by job.
 */

export type ErrorDisposition = 'retryable' | 'terminal' | 'attention'
/** What to do before retrying: prepare again with `retry: true`, or upload the zip again. */
export type RetryAction = 'reprep' | 'reupload'

export interface ErrorCodeInfo {
  code: string
  /** The vendor's text, as in the seeds. */
  text: string
  disposition: ErrorDisposition
  scope: 'job' | 'account'
  action?: RetryAction
  /** One line a member of staff can act on. */
  staff: string
}

const e = (
  code: string,
  text: string,
  disposition: ErrorDisposition,
  staff: string,
  action?: RetryAction,
): ErrorCodeInfo => {
  const scope = ACCOUNT_CODES.has(code) ? 'account' : 'job'
  return action === undefined
    ? { code, text, disposition, scope, staff }
    : { code, text, disposition, scope, staff, action }
}

const ACCOUNT_CODES = new Set(['2205', '2405', '2305', '2214', '2220', '2221', '1016'])

const SYSTEM = 'the backend had a temporary system error; the kiosk will try again'
const SIGNATURE =
  'the backend refused the signature: check backend.partnerId and backend.apiKey (sandbox and production keys differ) and the device clock'

export const ERROR_CODES: readonly ErrorCodeInfo[] = [
  e('2201', 'System Error', 'retryable', SYSTEM),
  e('2301', 'Error - System Error', 'retryable', SYSTEM),
  e('2401', 'System Error', 'retryable', SYSTEM),
  e(
    '2203',
    'Error - Invalid JSON',
    'terminal',
    'the backend could not read the job description (info.json); report this kiosk version',
  ),
  e(
    '2303',
    'Error - Invalid JSON',
    'terminal',
    'the backend could not read the request; report this kiosk version',
  ),
  e(
    '2204',
    'Error - A parameter is of the wrong data type',
    'terminal',
    'the backend refused a value of the wrong type (or a key of the wrong environment); report this kiosk version',
  ),
  e('2205', 'Error - You are not authorized to do that', 'attention', SIGNATURE),
  e('2405', 'Error - You are not authorized to do that', 'attention', SIGNATURE),
  e('2305', 'Error - Invalid Signature (sec_key)', 'attention', SIGNATURE),
  // ios 11.2.0 retries 2206 exactly like 2215; its meaning is not documented.
  e(
    '2206',
    'Error - (undocumented; retried with the retry flag by the iOS SDK)',
    'retryable',
    'the backend asked for the job to be prepared again; the kiosk does so',
    'reprep',
  ),
  e(
    '2207',
    'Error - Enrolled user is disabled',
    'attention',
    'this user is disabled at the backend: enable the user there, then retry the job',
  ),
  e(
    '2208',
    'Error - Enrolled user was deleted from the system',
    'attention',
    'this user was deleted at the backend: enrol the customer again',
  ),
  e(
    '2209',
    'Error - User is already enrolled',
    'attention',
    'this user id is already enrolled: retry allowing re-enrolment, or enrol under a new user id',
  ),
  e(
    '2210',
    'Error - No enrolled user found',
    'attention',
    'no enrolment found for this user id: enrol the customer first (or check the user id)',
  ),
  e(
    '2211',
    'Error - Enrolled user must complete re-enrollment',
    'attention',
    'the backend requires this user to enrol again before authenticating',
  ),
  e(
    '2212',
    'Error - Invalid job type',
    'terminal',
    'the backend refused the job type; report this kiosk version',
  ),
  e(
    '2312',
    'Error - Invalid Job Type',
    'terminal',
    'the backend refused the job type; report this kiosk version',
  ),
  e(
    '2213',
    'Error - A required parameter is missing',
    'terminal',
    'the backend says a required value is missing; report this kiosk version',
  ),
  e(
    '2313',
    'Error - Missing Required Field',
    'terminal',
    'the backend says a required value is missing; report this kiosk version',
  ),
  e(
    '2413',
    'Error - A required parameter is missing',
    'terminal',
    'the backend says a required value is missing; report this kiosk version',
  ),
  e(
    '2214',
    'Error - Product not activated for this account',
    'attention',
    'SmartSelfie is not activated on this partner account: contact the backend provider',
  ),
  e(
    '2215',
    'Error - Job already exists for job_id',
    'retryable',
    'the backend already has this job; the kiosk prepares it again with the retry flag',
    'reprep',
  ),
  e(
    '2216',
    'Error - Enrolled user does not have a photo on file',
    'attention',
    'this user has no selfie on file at the backend: enrol the customer again',
  ),
  e(
    '2217',
    'Error - Invalid Product',
    'terminal',
    'the backend refused the product for this job type; report this kiosk version',
  ),
  e(
    '2220',
    'Error - Production is not enabled for this account',
    'attention',
    'production is not enabled for this partner account: finish the provider KYC or use the sandbox',
  ),
  e(
    '2221',
    'Error - Invalid token',
    'attention',
    'the backend refused the token: check the backend settings',
  ),
  // Seed 002 lists 2314 both as "No Zip File Received" (general failures) and as "Product
  // Activation Required" (ID API table). For SmartSelfie jobs it means the zip never arrived.
  e(
    '2314',
    'Error - No Zip File Received',
    'retryable',
    'the backend has not received the images; the kiosk uploads them again',
    'reupload',
  ),
  e(
    '1016',
    'Error - Need to Activate Product',
    'attention',
    'the product is not activated on this partner account: contact the backend provider',
  ),
]

const BY_CODE = new Map(ERROR_CODES.map((x) => [x.code, x]))

export function errorCodeInfo(code: string): ErrorCodeInfo | undefined {
  return BY_CODE.get(code)
}

/**
 * Unknown codes: 22xx/23xx/24xx are request errors by the vendor's numbering. Without a table entry
 * the kiosk cannot know whether a retry helps, so staff decide rather than the job silently failing
 * or being retried forever.
 */
export function classifyErrorCode(code: string): ErrorCodeInfo {
  return (
    BY_CODE.get(code) ?? {
      code,
      text: 'Unknown error code',
      disposition: 'attention',
      scope: 'job',
      staff: `the backend answered with error ${code}, which this kiosk does not know; check the job in the backend portal`,
    }
  )
}

/** Request-error codes (as opposed to job result codes such as 0840 or 1220). */
export const isRequestErrorCode = (code: string): boolean =>
  BY_CODE.has(code) || /^2[234]\d\d$/.test(code)
