/**
 * The KMS-call model of bench/kms-model.ts: the bare ESDK cache (b) is simulated from the ESDK's
 * cache rules; with a request's fields encrypted at once it must agree with the first-order
 * formula (1 + λ·L extra per cycle), and with fields in sequence it must count more.
 */
import { modelBareEsdkCache, modelOurCache, simulateBareEsdkStream, type Workload } from '../../bench/kms-model';

const small: Workload = {
  containers: 2,
  tenants: 4,
  requestsPerSecond: 40,
  fieldsPerRequest: 2,
  dataKeyAgeSeconds: 1,
  branchKeyTtlSeconds: 1,
  kmsLatencySeconds: 0.057,
};

const total = (rates: { kmsGenerateDataKey: number; kmsDecrypt: number }): number => rates.kmsGenerateDataKey + rates.kmsDecrypt;

describe('KMS-call model, (b) the bare ESDK cache', () => {
  it('fields at once: GenerateDataKey per cycle is 1 + λ·L, as the formula says', () => {
    const lambda = small.requestsPerSecond / (small.containers * small.tenants);
    const cycle = small.dataKeyAgeSeconds + 1 / lambda + small.kmsLatencySeconds;
    const formula = (small.fieldsPerRequest / cycle) * (1 + lambda * small.kmsLatencySeconds);
    expect(simulateBareEsdkStream(small).generateDataKey / formula).toBeCloseTo(1, 1);
  });

  it('fields in sequence: the later fields miss together, so more calls than fields at once', () => {
    const sequence = total(modelBareEsdkCache({ ...small, fieldsInSequence: true }));
    const together = total(modelBareEsdkCache(small));
    expect(sequence / together).toBeGreaterThan(1.05);
  });

  it('with a latency far below the time between requests it is the coalescing cache (a)', () => {
    const fleet: Workload = {
      ...small,
      containers: 10,
      tenants: 5,
      requestsPerSecond: 50,
      fieldsPerRequest: 1,
      dataKeyAgeSeconds: 300,
      kmsLatencySeconds: 0.02,
    };
    expect(total(modelBareEsdkCache(fleet)) / total(modelOurCache(fleet))).toBeCloseTo(1, 1);
  });

  it('is deterministic, and draws miss durations from measured samples when given', () => {
    expect(modelBareEsdkCache(small)).toEqual(modelBareEsdkCache(small));
    const samples = Array.from({ length: 50 }, () => small.kmsLatencySeconds);
    expect(total(modelBareEsdkCache({ ...small, kmsLatencySamples: samples })) / total(modelBareEsdkCache(small))).toBeCloseTo(1, 1);
  });
});
