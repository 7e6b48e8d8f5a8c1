import {
  type CommitmentPolicy,
  CommitmentPolicySuites,
  type EncryptionContext,
  NodeAlgorithmSuite,
  SignaturePolicy,
  SignaturePolicySuites,
  type NodeMaterialsManager,
  getDecryptionHelper,
  needs,
} from '@aws-crypto/material-management-node';
import { type HeaderInfo, type MessageHeader, aadFactory, decodeBodyHeader, deserializeSignature, serializeMessageHeaderAuth } from '@aws-crypto/serialize';

/** The SDK's decipher takes Buffers; its deserializers return Uint8Arrays (a view, not a copy). */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const aad = aadFactory((input: string): Uint8Array => Buffer.from(input, 'utf8'));

/** What one in-memory decrypt returns, as the SDK's `decrypt` does. */
export interface DecryptedMessage {
  readonly plaintext: Buffer;
  readonly messageHeader: MessageHeader;
}

/**
 * Decrypts one whole ESDK message held in memory (its header already parsed and checked by the
 * caller: data-key count, trailing bytes), without the SDK's stream pipeline.
 *
 * Written by hand because the ESDK for Node (5.x) decrypts only through streams (a header
 * parser, a verifier and a decipher stream, one `setImmediate` per frame and per chunk): for a
 * field of a few bytes they cost more than the cryptography. Everything else is the SDK's own:
 * the materials manager (cache, keyring, `maxEncryptedDataKeys` in its header parser), the
 * commitment and signature policy checks, key derivation and key-commitment check
 * (`getDecryptionHelper`), the body-header decoder, AAD and signature deserializer. It follows
 * the SDK's `ParseHeaderStream`, `VerifyStream` and `DecipherStream` step by step, including
 * their preconditions (sequence numbers from 1, header authentication before any frame,
 * each frame's tag checked before its plaintext is kept, the signature over everything).
 * The tests decrypt the SDK's own messages with it and compare with the SDK's `decrypt`.
 */
export const decryptMessage = async (
  materials: NodeMaterialsManager,
  message: Uint8Array,
  headerInfo: HeaderInfo,
  commitmentPolicy: CommitmentPolicy,
): Promise<DecryptedMessage> => {
  const { messageHeader, algorithmSuite, rawHeader, headerAuth } = headerInfo;
  const messageIdText = Buffer.from(messageHeader.messageId).toString('hex');
  CommitmentPolicySuites.isDecryptEnabled(commitmentPolicy, algorithmSuite, messageIdText);
  SignaturePolicySuites.isDecryptEnabled(SignaturePolicy.ALLOW_ENCRYPT_ALLOW_DECRYPT, algorithmSuite, messageIdText);
  const { messageId, encryptionContext, encryptedDataKeys } = messageHeader;
  const material = await materials.decryptMaterials({
    suite: new NodeAlgorithmSuite(algorithmSuite.id),
    encryptionContext: encryptionContext as EncryptionContext,
    encryptedDataKeys,
  });
  CommitmentPolicySuites.isDecryptEnabled(commitmentPolicy, material.suite, messageIdText);
  SignaturePolicySuites.isDecryptEnabled(SignaturePolicy.ALLOW_ENCRYPT_ALLOW_DECRYPT, material.suite, messageIdText);
  const { getDecipherInfo, getVerify, dispose } = getDecryptionHelper(material);
  try {
    // Derives the data key and, for a committing suite, checks the header's key commitment.
    const getDecipher = getDecipherInfo(messageId, (messageHeader as { suiteData?: Uint8Array }).suiteData as Uint8Array);
    const { headerIv, headerAuthTag, headerAuthLength } = headerAuth;
    const headerCheck = getDecipher(headerIv);
    headerCheck.setAAD(asBuffer(rawHeader));
    headerCheck.setAuthTag(asBuffer(headerAuthTag));
    headerCheck.update(Buffer.alloc(0));
    headerCheck.final(); // throws when the header was altered
    const verify = getVerify === undefined ? undefined : getVerify();
    if (verify !== undefined) {
      verify.update(asBuffer(rawHeader));
      verify.update(asBuffer(serializeMessageHeaderAuth({ headerIv, headerAuthTag, messageHeader })));
    }

    const clear: Buffer[] = [];
    const messageIdBytes = asBuffer(messageId);
    let position = rawHeader.byteLength + headerAuthLength;
    for (let expectedSequence = 1; ; expectedSequence++) {
      const frame = decodeBodyHeader(message, headerInfo, position);
      needs(frame !== false, 'Incomplete message');
      needs(frame.sequenceNumber === expectedSequence, 'Encrypted body sequence out of order.');
      const contentStart = frame.readPos;
      const contentEnd = contentStart + frame.contentLength;
      const tagEnd = contentEnd + frame.tagLength / 8;
      needs(tagEnd <= message.byteLength, 'Incomplete message');
      const content = message.subarray(contentStart, contentEnd);
      const tag = message.subarray(contentEnd, tagEnd);
      if (verify !== undefined) {
        verify.update(asBuffer(message.subarray(position, contentStart)));
        verify.update(asBuffer(content));
        verify.update(asBuffer(tag));
      }
      const contentString = aad.messageAADContentString({ contentType: messageHeader.contentType, isFinalFrame: frame.isFinalFrame });
      const decipher = getDecipher(frame.iv).setAAD(asBuffer(aad.messageAAD(messageIdBytes, contentString, frame.sequenceNumber, frame.contentLength)));
      decipher.setAuthTag(asBuffer(tag));
      const part = decipher.update(asBuffer(content));
      const tail = decipher.final(); // throws when the frame was altered
      clear.push(part, tail);
      position = tagEnd;
      if (frame.isFinalFrame) break;
    }

    if (verify !== undefined) {
      const signature = deserializeSignature(message.subarray(position));
      needs(verify.awsCryptoVerify(asBuffer(signature)), 'Invalid Signature');
    }
    const plaintext = Buffer.concat(clear);
    for (const part of clear) part.fill(0);
    return { plaintext, messageHeader };
  } finally {
    dispose();
  }
};
