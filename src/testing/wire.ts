/**
 * HTTP framing of the AWS JSON 1.1 protocol as KMS speaks it: reading a request body,
 * writing a JSON answer, and the error shape `{"__type": "...", "message": "..."}` that the
 * AWS SDK turns into typed exceptions.
 * @module
 * @internal
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The content type of every KMS request and answer. */
export const KMS_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The `X-Amz-Target` prefix of KMS operations. */
export const KMS_TARGET_PREFIX = 'TrentService.';

/** Largest request body accepted (real KMS requests are far smaller). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * An error answered on the wire: its `type` becomes `__type`, its `status` the HTTP status.
 * Messages must never contain plaintext or encryption-context values.
 * @internal
 */
export class KmsWireError extends Error {
  public readonly type: string;
  public readonly status: number;

  public constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

/** `ValidationException` (400): a field breaks a documented constraint. */
export function validationError(message: string): KmsWireError {
  return new KmsWireError('ValidationException', message);
}

/** `SerializationException` (400): the body is not JSON, or a field has the wrong JSON type. */
export function serializationError(message: string): KmsWireError {
  return new KmsWireError('SerializationException', message);
}

/**
 * Reads the whole request body, at most `limit` bytes.
 * Rejects with a `SerializationException` wire error when the body is larger.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        fail(serializationError(`Request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', fail);
    req.on('close', () => fail(new Error('request closed before its body was read')));
  });
}

/**
 * Parses a request body as a JSON object (an empty body counts as `{}`, like the SDK's
 * unit inputs). Anything else is a `SerializationException`.
 */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serializationError('The request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw serializationError('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** A fresh request id, sent as `x-amzn-RequestId` like every AWS service does. */
export function newRequestId(): string {
  return randomUUID();
}

/** Writes a JSON answer with the KMS content type, unless the socket is already gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  if (res.headersSent || res.destroyed || res.writableEnded) return;
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': KMS_CONTENT_TYPE,
    'content-length': String(payload.length),
    'x-amzn-requestid': requestId,
  });
  res.end(payload);
}

/** Writes an error in the AWS JSON shape: `{"__type": type, "message": message}`. */
export function sendError(res: ServerResponse, error: KmsWireError, requestId: string): void {
  sendJson(res, error.status, { __type: error.type, message: error.message }, requestId);
}
