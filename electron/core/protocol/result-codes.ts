/**
 * Job result codes (seed 000: SmartSelfie registration / authentication; seed 002: general
 * failures, registration with ID, enrolment, photo update, ID validation; backend-protocol.md §8).
 * A result code is an outcome of a processed job, unlike the request errors in error-codes.ts.
 * The kiosk builds its logic on job_complete / IsFinalResult / Actions and uses this table for the
 * outcome word; an unknown code means "review" (the protocol note's advice).
 */

export type ResultOutcome = 'approved' | 'provisional' | 'rejected' | 'pending' | 'error'

export interface ResultCodeInfo {
  code: string
  text: string
  outcome: ResultOutcome
  /** Job types the code belongs to (2 authentication, 4 SmartSelfie registration, 1 with ID …). */
  jobTypes: readonly number[]
  /** Machine judgements that a human review will follow (or may follow) on the vendor side. */
  reviewFollows?: true
}

const r = (
  code: string,
  text: string,
  outcome: ResultOutcome,
  jobTypes: readonly number[],
  reviewFollows?: true,
): ResultCodeInfo =>
  reviewFollows
    ? { code, text, outcome, jobTypes, reviewFollows }
    : { code, text, outcome, jobTypes }

const ALL = [1, 2, 4, 8] as const

export const RESULT_CODES: readonly ResultCodeInfo[] = [
  // General failures: no further processing possible.
  r('0001', 'Data Invalid', 'rejected', ALL),
  r('0903', 'Zip Corrupt', 'rejected', ALL),
  r('0907', 'FAIL - Possible Spoof - Strict Setting', 'rejected', ALL),
  // SmartSelfie registration (JT4), seed 000 and the enrolment table of seed 002.
  r('0840', 'Enroll User', 'approved', [4]),
  r('0841', 'Failed Enroll', 'rejected', [4]),
  r('0842', 'PROVISIONAL - Machine - Pure Provisional', 'provisional', [4], true),
  r('0843', 'FAIL - Possible Spoof - Machine Judgement', 'rejected', [4]),
  r('0844', 'PROVISIONAL - Possible Spoof - Machine Judgement', 'provisional', [4], true),
  r('0846', 'PENDING - Possible Spoof - Machine Judgement', 'pending', [4], true),
  r('0941', 'FAIL - No Face Found', 'rejected', [4]),
  r('0942', 'FAIL - Image Quality Judged Too Poor', 'rejected', [4]),
  r('1240', 'Enroll User', 'approved', [4]),
  r('1241', 'Failed Enroll', 'rejected', [4]),
  r('1242', 'Failed Enroll', 'rejected', [4]),
  // SmartSelfie authentication (JT2).
  r('0820', 'Authenticate User', 'approved', [2]),
  r('0821', 'Failed Authentication', 'rejected', [2]),
  r('0822', 'Machine Judgement - PURE PROVISIONAL', 'provisional', [2], true),
  r('0823', 'Failed Authentication', 'rejected', [2]),
  r('0824', 'Machine Judgement - PROVISIONAL - Possible Spoof', 'provisional', [2], true),
  r('0825', 'Machine Judgement - PROVISIONAL - Machine Compare Unsure', 'provisional', [2], true),
  r('0921', 'FAIL - No Face Found', 'rejected', [2]),
  r('0922', 'FAIL - Image Quality Judged Too Poor', 'rejected', [2]),
  r('1220', 'Authenticate User', 'approved', [2]),
  r('1221', 'Failed Authentication', 'rejected', [2]),
  r('1222', 'Failed Authentication', 'rejected', [2]),
  // Registration with ID (JT1), seed 002; 0810/0814 also appear in JT4 samples of the protocol note.
  r('0810', 'Enroll User', 'approved', [1, 4]),
  r('0811', 'Machine Judgement - FAIL - Compare Rejected', 'rejected', [1]),
  r('0812', 'Machine Judgement - Pure Provisional', 'provisional', [1], true),
  r('0813', 'Machine Judgement - FAIL, Possible Spoof', 'rejected', [1]),
  r('0814', 'Provisional Enroll - Under Review', 'provisional', [1, 4], true),
  r('0815', 'Machine Judgement - Provisional - Compare Unsure', 'provisional', [1], true),
  r('0911', 'No Face Found', 'rejected', [1]),
  r('0912', 'Image Quality Judged Too Poor', 'rejected', [1]),
  r('1210', 'Human Judgement - PASS', 'approved', [1]),
  r('1211', 'Human Judgement - FAIL - Human Compare Failed', 'rejected', [1]),
  r('1212', 'Human Judgement - Spoof Detected', 'rejected', [1]),
  r('1213', 'Human Judgement - Provisional - Liveliness Unsure', 'provisional', [1]),
  r('1012', 'ID Verification Success', 'provisional', [1, 5]),
  r('1013', 'Invalid ID', 'rejected', [1, 5]),
  r('1014', 'Unsupported ID number format', 'rejected', [1, 5]),
  r('1015', 'Error - Queried Database Unavailable', 'error', [1, 5]),
  r('0908', 'Error - Issuer not available', 'error', [1]),
  // Update photo on file (JT8).
  r('0880', 'PASS - Machine judgement', 'approved', [8]),
  r('0881', 'FAIL - COMPARE - Machine judgement', 'rejected', [8]),
  r('0882', 'Partner Review Required', 'provisional', [8], true),
  r('0883', 'FAIL - Possible Spoof - Machine Judgement', 'rejected', [8]),
  r('0884', 'PROVISIONAL - Possible Spoof - Machine Judgement', 'provisional', [8], true),
  r('0981', 'FAIL - No Face Found', 'rejected', [8]),
  r('0982', 'FAIL - Image Quality Judged Too Poor', 'rejected', [8]),
  r('1280', 'PASS- Human Judgement', 'approved', [8]),
  r('1281', 'FAIL - Human Judgement', 'rejected', [8]),
  r('1282', 'Spoof Detected - Human Judgement', 'rejected', [8]),
]

const BY_CODE = new Map(RESULT_CODES.map((x) => [x.code, x]))

export function resultCodeInfo(code: string): ResultCodeInfo | undefined {
  return BY_CODE.get(code)
}

/** The outcome word for a result; unknown codes need a person to look ("review"). */
export function resultOutcome(code: string | undefined): ResultOutcome | 'review' {
  if (code === undefined) return 'review'
  return BY_CODE.get(code)?.outcome ?? 'review'
}
