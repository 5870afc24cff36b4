/**
 * fast-check settings every fuzz/property test shares. Each property has its own default number
 * of cases, small enough that the whole bad-input suite stays under a minute on 2 cores:
 *   FUZZ_RUNS=<n>  run every property n times instead (e.g. FUZZ_RUNS=5000 overnight);
 *   FUZZ_SEED=<n>  replay the seed fast-check printed with a failure.
 */
import fc from 'fast-check'

export function fuzzParams<T = unknown>(defaultRuns: number): fc.Parameters<T> {
  const runs = Number(process.env.FUZZ_RUNS ?? '')
  const seed = process.env.FUZZ_SEED
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(seed !== undefined && Number.isInteger(Number(seed)) ? { seed: Number(seed) } : {}),
    // A failure is reported as found: shrinking against real files and processes can take minutes.
    endOnFailure: true,
  }
}

/** Values a renderer can send: JSON from the browser host, structured clones over Electron IPC. */
export const rendererValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    {
      weight: 2,
      arbitrary: fc.anything({
        maxDepth: 3,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withSparseArray: true,
        withNullPrototype: true,
        withBoxedValues: true,
      }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(
        null,
        undefined,
        '',
        0,
        -0,
        NaN,
        Infinity,
        -1,
        2 ** 53,
        1e308,
        'x'.repeat(70_000),
        [],
        {},
        JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}'),
      ),
    },
  )

/** Any JSON-ish value a server or a file could hold, including the awkward ones. */
export const jsonish = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(null, '', 0, -1, 1e308, true, 'true', [], {}, [null]),
    },
  )
