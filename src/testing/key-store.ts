/**
 * The keys of a LocalKms: their secrets, aliases, states and access denials, and the
 * resolution of every KMS key identifier form (key id, key ARN, alias name, alias ARN).
 * @module
 * @internal
 */
import { randomUUID } from 'node:crypto';
import { newKeySecret } from './ciphertext-blob';
import { KMS_OPERATIONS, type CreateKeyOptions, type KeyState, type KmsOperation, type LocalKmsKey } from './types';
import { KmsWireError } from './wire';

/** Days a key stays pending deletion (the KMS default waiting period). */
const PENDING_WINDOW_DAYS = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const ARN = /^arn:([a-z-]+):kms:([a-z0-9-]*):([0-9]*):(key|alias)\/(.+)$/;

/** One key and everything LocalKms knows about it. */
export interface KeyRecord {
  /** The key's UUID. */
  readonly keyId: string;
  /** The key ARN. */
  readonly arn: string;
  /** The AES-256 secret that seals this key's ciphertext blobs. */
  readonly secret: Buffer;
  /** The description given at creation ('' when none). */
  readonly description: string;
  /** When the key was created. */
  readonly creationDate: Date;
  /** The key's alias names (`alias/x`). */
  readonly aliases: string[];
  /** The current state. */
  state: KeyState;
  /** When a key pending deletion would be deleted. */
  deletionDate: Date | undefined;
  /** Operations refused with `AccessDeniedException`. */
  denied: Set<KmsOperation>;
}

/** The keys and aliases of one LocalKms instance, in one region of one account. */
export class KeyStore {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly aliases = new Map<string, string>();

  public constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  /** Creates a key with a fresh random secret, and its alias when asked. */
  public create(options: CreateKeyOptions = {}): LocalKmsKey {
    const alias = options.alias === undefined ? undefined : normaliseAlias(options.alias);
    if (alias !== undefined && this.aliases.has(alias)) {
      throw new Error(`LocalKms: the alias '${alias}' already exists`);
    }
    const keyId = randomUUID();
    const record: KeyRecord = {
      keyId,
      arn: this.keyArn(keyId),
      secret: newKeySecret(),
      description: options.description ?? '',
      creationDate: new Date(),
      aliases: [],
      state: 'Enabled',
      deletionDate: undefined,
      denied: new Set(),
    };
    this.keys.set(keyId, record);
    const created: LocalKmsKey = { keyId, arn: record.arn };
    if (alias !== undefined) {
      this.aliases.set(alias, keyId);
      record.aliases.push(alias);
      created.alias = alias;
      created.aliasArn = this.aliasArn(alias);
    }
    return created;
  }

  /** The key an identifier names, or `undefined`. */
  public find(identifier: string): KeyRecord | undefined {
    if (UUID.test(identifier)) return this.keys.get(identifier);
    if (identifier.startsWith('alias/')) return this.byAlias(identifier);
    const arn = ARN.exec(identifier);
    if (arn === null) return undefined;
    const [, partition, region, account, kind, resource = ''] = arn;
    if (partition !== 'aws' || region !== this.region || account !== this.accountId) return undefined;
    return kind === 'key' ? this.keys.get(resource) : this.byAlias(`alias/${resource}`);
  }

  /** The key an identifier names; a `NotFoundException` wire error otherwise. */
  public resolve(identifier: string): KeyRecord {
    const found = this.find(identifier);
    if (found !== undefined) return found;
    if (identifier.startsWith('alias/') || /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(identifier)) {
      const aliasArn = identifier.startsWith('alias/') ? this.aliasArn(identifier) : identifier;
      throw new KmsWireError('NotFoundException', `Alias ${aliasArn} is not found.`);
    }
    if (UUID.test(identifier)) {
      throw new KmsWireError('NotFoundException', `Key '${this.keyArn(identifier)}' does not exist`);
    }
    if (ARN.test(identifier)) throw new KmsWireError('NotFoundException', `Key '${identifier}' does not exist`);
    throw new KmsWireError('NotFoundException', `Invalid keyId '${identifier}'`);
  }

  /** The key an identifier names; a plain `Error` for the programmatic API otherwise. */
  public require(identifier: string): KeyRecord {
    const found = this.find(identifier);
    if (found === undefined) throw new Error(`LocalKms: no key is named '${identifier}'`);
    return found;
  }

  /** The key a ciphertext blob names by its key id, if it exists here. */
  public byKeyId(keyId: string): KeyRecord | undefined {
    return this.keys.get(keyId);
  }

  /** Changes a key's state; pending deletion gets a deletion date 30 days ahead. */
  public setState(identifier: string, state: KeyState): void {
    const key = this.require(identifier);
    key.state = state;
    key.deletionDate = state === 'PendingDeletion' ? new Date(Date.now() + PENDING_WINDOW_DAYS * 24 * 3600 * 1000) : undefined;
  }

  /** Refuses `operations` (default: all) on a key with `AccessDeniedException`. */
  public deny(identifier: string, operations: readonly KmsOperation[] = KMS_OPERATIONS): void {
    const key = this.require(identifier);
    for (const operation of operations) {
      if (!(KMS_OPERATIONS as readonly string[]).includes(operation)) {
        throw new TypeError(`LocalKms: '${String(operation)}' is not an operation LocalKms implements`);
      }
      key.denied.add(operation);
    }
  }

  /** Lifts every denial on a key. */
  public allow(identifier: string): void {
    this.require(identifier).denied.clear();
  }

  /** The ARN of a key id in this region and account. */
  public keyArn(keyId: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:key/${keyId}`;
  }

  /** The ARN of an alias name (`alias/x`) in this region and account. */
  public aliasArn(alias: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${alias}`;
  }

  /** The days a key pending deletion waits. */
  public get pendingWindowDays(): number {
    return PENDING_WINDOW_DAYS;
  }

  private byAlias(alias: string): KeyRecord | undefined {
    const keyId = this.aliases.get(alias);
    return keyId === undefined ? undefined : this.keys.get(keyId);
  }
}

function normaliseAlias(alias: string): string {
  const name = alias.startsWith('alias/') ? alias : `alias/${alias}`;
  if (!ALIAS_NAME.test(name)) {
    throw new TypeError(`LocalKms: '${alias}' is not a valid alias name (letters, digits, '/', '_' and '-')`);
  }
  if (name.startsWith('alias/aws/')) throw new TypeError(`LocalKms: aliases under 'alias/aws/' are reserved for AWS`);
  return name;
}
