import { type KeyObject, createPrivateKey, createSign, randomBytes } from 'node:crypto';
import {
  type AlgorithmSuiteIdentifier,
  type CommitmentPolicy,
  CommitmentPolicySuites,
  type EncryptionContext,
  MessageFormat,
  NodeAlgorithmSuite,
  type NodeEncryptionMaterial,
  type NodeMaterialsManager,
  getEncryptHelper,
  needs,
} from '@aws-crypto/material-management-node';
import {
  ContentType,
  FRAME_LENGTH,
  Maximum,
  MessageIdLength,
  SequenceIdentifier,
  aadFactory,
  serializeFactory,
  serializeMessageHeaderAuth,
  serializeSignatureInfo,
} from '@aws-crypto/serialize';

/**
 * Plaintexts up to this size are encrypted in memory by {@link encryptMessage}; larger ones go
 * through the SDK's stream pipeline, which yields to the event loop between frames.
 */
export const MAX_IN_MEMORY_PLAINTEXT = 64 * 1024;

const MESSAGE_ID_LENGTHS: Readonly<Record<number, number>> = {
  [MessageFormat.V1]: MessageIdLength.V1,
  [MessageFormat.V2]: MessageIdLength.V2,
};

/** The SDK's cipher takes Buffers; its serializers return Uint8Arrays (a view, not a copy). */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const fromUtf8 = (input: string): Uint8Array => Buffer.from(input, 'utf8');
const serialize = serializeFactory(fromUtf8, { utf8Sorting: true });
const aad = aadFactory(fromUtf8);

/**
 * The signing key of a cached material, parsed once. The SDK's signer parses the PEM private key
 * on every message (about half the cost of an ECDSA P-384 signature here). Keyed weakly by the
 * material's signature key object, which the caching materials manager shares between the
 * clones it hands out: the parsed key lives exactly as long as the cache entry does.
 */
const parsedSigningKeys = new WeakMap<object, KeyObject>();

const signingKeyOf = (material: NodeEncryptionMaterial): KeyObject => {
  const signatureKey = material.signatureKey;
  needs(signatureKey !== undefined && typeof signatureKey.privateKey === 'string', 'Material does not support signature.');
  let key = parsedSigningKeys.get(signatureKey);
  if (key === undefined) {
    key = createPrivateKey(signatureKey.privateKey as string);
    parsedSigningKeys.set(signatureKey, key);
  }
  return key;
};

/** What one message is encrypted with, as the SDK's `encrypt` takes it. */
export interface EncryptMessageOptions {
  readonly encryptionContext: EncryptionContext;
  readonly suiteId?: AlgorithmSuiteIdentifier | undefined;
  readonly frameLength?: number | undefined;
  readonly commitmentPolicy: CommitmentPolicy;
  /** As the SDK client's `maxEncryptedDataKeys`: a material with more wrapped data keys is refused. */
  readonly maxEncryptedDataKeys?: number | undefined;
}

/**
 * Encrypts a plaintext held in memory into one standard ESDK message (framed body, header
 * authenticated, signed when the suite signs), without the SDK's stream pipeline.
 *
 * Written by hand because the ESDK for Node (5.x) encrypts only through streams: for a field of
 * a few bytes its duplex/transform pipeline, event emitters and one `setImmediate` per frame cost
 * several times the cryptography. Everything else is the SDK's own: the materials manager
 * (cache and limits counted exactly as the SDK's encrypt counts them), key derivation and key
 * commitment (`getEncryptHelper`), header, frame, AAD and signature serializers. It follows the
 * SDK's `_encryptStream` and `FramedEncryptStream` step by step, including its preconditions;
 * the tests decrypt its messages with the SDK's own `decrypt`, for every suite, around frame
 * boundaries.
 */
export const encryptMessage = async (
  materials: NodeMaterialsManager,
  plaintext: Uint8Array,
  { encryptionContext, suiteId, frameLength = FRAME_LENGTH, commitmentPolicy, maxEncryptedDataKeys }: EncryptMessageOptions,
): Promise<Buffer> => {
  needs(frameLength > 0 && Maximum.FRAME_SIZE >= frameLength, `frameLength out of bounds: 0 > frameLength >= ${Maximum.FRAME_SIZE}`);
  needs(plaintext.byteLength <= Maximum.BYTES_PER_MESSAGE, 'plaintextLength out of bounds.');
  const suite = suiteId === undefined ? undefined : new NodeAlgorithmSuite(suiteId);
  CommitmentPolicySuites.isEncryptEnabled(commitmentPolicy, suite);
  const material = await materials.getEncryptionMaterials({
    suite,
    encryptionContext,
    plaintextLength: plaintext.byteLength,
    commitmentPolicy,
  });
  CommitmentPolicySuites.isEncryptEnabled(commitmentPolicy, material.suite);
  needs(maxEncryptedDataKeys === undefined || material.encryptedDataKeys.length <= maxEncryptedDataKeys, 'maxEncryptedDataKeys exceeded.');
  const { getCipherInfo, dispose } = getEncryptHelper(material);
  try {
    return sealMessage(material, getCipherInfo, plaintext, frameLength);
  } finally {
    dispose();
  }
};

const sealMessage = (
  material: NodeEncryptionMaterial,
  getCipherInfo: ReturnType<typeof getEncryptHelper>['getCipherInfo'],
  plaintext: Uint8Array,
  frameLength: number,
): Buffer => {
  const { suite } = material;
  const messageIdLength = MESSAGE_ID_LENGTHS[suite.messageFormat];
  needs(messageIdLength !== undefined, 'Algorithm suite has unknown message format.');
  const messageId = randomBytes(messageIdLength);
  const { getCipher, keyCommitment } = getCipherInfo(messageId);
  const messageHeader = serialize.buildMessageHeader({
    suite,
    encryptedDataKeys: material.encryptedDataKeys,
    encryptionContext: material.encryptionContext,
    messageId,
    frameLength,
    suiteData: keyCommitment,
  });
  const header = serialize.serializeMessageHeader(messageHeader);
  const headerIv = serialize.headerAuthIv(suite.ivLength);
  const headerCipher = getCipher(headerIv);
  headerCipher.setAAD(asBuffer(header));
  headerCipher.update(Buffer.alloc(0));
  headerCipher.final();
  const parts: Uint8Array[] = [header, serializeMessageHeaderAuth({ headerIv, headerAuthTag: headerCipher.getAuthTag(), messageHeader })];

  // Full frames, then a final frame holding the rest: empty when the plaintext fills its last
  // frame exactly, as the SDK's stream writes it.
  for (let offset = 0, sequenceNumber = 1; ; sequenceNumber++) {
    const remaining = plaintext.byteLength - offset;
    const isFinalFrame = remaining < frameLength;
    const contentLength = isFinalFrame ? remaining : frameLength;
    needs(sequenceNumber <= SequenceIdentifier.SEQUENCE_NUMBER_END, 'Sequence number out of bounds.');
    const iv = serialize.frameIv(suite.ivLength, sequenceNumber);
    parts.push(isFinalFrame ? serialize.finalFrameHeader(sequenceNumber, iv, contentLength) : serialize.frameHeader(sequenceNumber, iv));
    const contentString = aad.messageAADContentString({ contentType: ContentType.FRAMED_DATA, isFinalFrame });
    const cipher = getCipher(iv);
    cipher.setAAD(asBuffer(aad.messageAAD(messageId, contentString, sequenceNumber, contentLength)));
    parts.push(cipher.update(asBuffer(plaintext.subarray(offset, offset + contentLength))), cipher.final(), cipher.getAuthTag());
    offset += contentLength;
    if (isFinalFrame) break;
  }

  if (suite.signatureHash !== undefined) {
    const signer = createSign(suite.signatureHash);
    for (const part of parts) signer.update(part);
    parts.push(serializeSignatureInfo(signer.sign(signingKeyOf(material))));
  }
  return Buffer.concat(parts);
};
