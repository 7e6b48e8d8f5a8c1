/**
 * Every error this library throws extends {@link DataMaskingError}, so one `instanceof`
 * check catches them all. Messages name paths, classes and options, never a payload value
 * or plaintext.
 * @module
 */

/** Options accepted by every error class: the underlying error, if any. */
export interface DataMaskingErrorOptions {
  /** The underlying error (e.g. the KMS exception), kept for diagnosis. */
  cause?: unknown;
}

/** Base class of every error raised by lambda-data-masking. */
export class DataMaskingError extends Error {
  public constructor(message: string, options?: DataMaskingErrorOptions) {
    super(message, options);
    this.name = 'DataMaskingError';
  }
}

/** The data, an option or a context holds a type the operation cannot handle. */
export class DataMaskingUnsupportedTypeError extends DataMaskingError {
  /** Always `'DataMaskingUnsupportedTypeError'`, also after minification. */
  public override readonly name: string = 'DataMaskingUnsupportedTypeError';
}

/** A field path matched nothing in the data (and `throwOnMissingField` is on). */
export class DataMaskingFieldNotFoundError extends DataMaskingError {
  /** Always `'DataMaskingFieldNotFoundError'`, also after minification. */
  public override readonly name: string = 'DataMaskingFieldNotFoundError';
}

/** A JSONPath expression could not be parsed. `position` is the 0-based offset of the problem. */
export class DataMaskingInvalidPathError extends DataMaskingError {
  /** The expression as given. */
  public readonly path: string;
  /** The 0-based offset in `path` where parsing failed. */
  public readonly position: number;

  public constructor(message: string, path: string, position: number, options?: DataMaskingErrorOptions) {
    super(message, options);
    this.name = 'DataMaskingInvalidPathError';
    this.path = path;
    this.position = position;
  }
}

/** Encryption failed because of the key, the keyring or KMS (the KMS error is the `cause`). */
export class DataMaskingEncryptKeyError extends DataMaskingError {
  /** Always `'DataMaskingEncryptKeyError'`, also after minification. */
  public override readonly name: string = 'DataMaskingEncryptKeyError';
}

/** Decryption failed because of the key, the keyring or KMS (the KMS error is the `cause`). */
export class DataMaskingDecryptKeyError extends DataMaskingError {
  /** Always `'DataMaskingDecryptKeyError'`, also after minification. */
  public override readonly name: string = 'DataMaskingDecryptKeyError';
}

/** The value to decrypt is not a valid ciphertext: not base64, not an ESDK message, truncated or tampered. */
export class DataMaskingDecryptValueError extends DataMaskingError {
  /** Always `'DataMaskingDecryptValueError'`, also after minification. */
  public override readonly name: string = 'DataMaskingDecryptValueError';
}

/** The encryption context given to decrypt differs from the one the ciphertext was made with. */
export class DataMaskingContextMismatchError extends DataMaskingError {
  /** Always `'DataMaskingContextMismatchError'`, also after minification. */
  public override readonly name: string = 'DataMaskingContextMismatchError';
}

/** An option is invalid: an empty `fields` list, a bad regular expression, a rule missing its pair... */
export class DataMaskingInvalidOptionsError extends DataMaskingError {
  /** Always `'DataMaskingInvalidOptionsError'`, also after minification. */
  public override readonly name: string = 'DataMaskingInvalidOptionsError';
}

/**
 * An optional package that a feature needs is not installed. `packages` lists them and the
 * message gives the `npm install` line.
 */
export class DataMaskingMissingDependencyError extends DataMaskingError {
  /** Always `'DataMaskingMissingDependencyError'`, also after minification. */
  public override readonly name: string = 'DataMaskingMissingDependencyError';
  /** The packages to install. */
  public readonly packages: readonly string[];

  public constructor(feature: string, packages: readonly string[], options?: DataMaskingErrorOptions) {
    super(`${feature} needs ${packages.join(', ')}: npm install ${packages.join(' ')}`, options);
    this.packages = [...packages];
  }
}
