/**
 * The one error every codec throws: a closed `code` union per codec (declared next to it) plus a
 * message naming what is wrong. Transports map codes to their protocol's own error answers.
 */
export class CodecError<C extends string = string> extends Error {
  constructor(
    readonly codec: string,
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${codec}: ${message}`, options);
    this.name = 'CodecError';
  }
}

export function isCodecError(err: unknown): err is CodecError {
  return err instanceof CodecError;
}
