/**
 * The payloads of the campaign: customer records whose every sensitive value is a canary, so a
 * leak anywhere is detectable, and the field paths the field-level round trips encrypt.
 */
import type { CanaryRegistry } from './canary';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * What field-level round trips encrypt. Every canary of {@link customerRecord} sits under one
 * of these, so a field-level ciphertext document holds no canary in clear. Six location shapes:
 * `$.ssn`, `$.email`, `$.cards[*].number`, `$.address.street`, `$['notes ✓']` and `$.nickname`,
 * the last present in one record of five only: the others exercise the missing-field warning
 * (`throwOnMissingField: false`), whose text is checked for canaries too.
 */
export const RECORD_FIELDS = ['ssn', 'email', 'cards[*].number', '$.address.street', "$['notes ✓']", 'nickname'] as const;

/** A ~700-byte customer record, every secret a fresh canary; `index` varies the shape a little. */
export const customerRecord = (canaries: CanaryRegistry, tenant: number, index: number): Json => ({
  id: `customer-${tenant}-${index}`,
  name: 'Ann Example',
  ssn: canaries.next(),
  email: `${canaries.next()}@example.com`,
  address: { street: `${canaries.next()} Main Street`, city: 'Anytown', zip: '12345' },
  cards: Array.from({ length: 1 + (index % 3) }, (_, card) => ({ number: canaries.next(), expiry: `1${card}/29`, cvvPresent: true })),
  'notes ✓': { text: `${canaries.next()} — ünïcödé 🔐`, tags: [canaries.next(), 7, -1.5, null, false] },
  ...(index % 5 === 0 ? { nickname: canaries.next() } : {}),
  score: index % 1000,
  active: index % 2 === 0,
});

/** The encryption context of tenant `tenant` (one per tenant, two pairs). */
export const tenantContext = (tenant: number): Record<string, string> => ({
  tenant_id: `tenant-${String(tenant).padStart(3, '0')}`,
  purpose: 'hardening',
});
