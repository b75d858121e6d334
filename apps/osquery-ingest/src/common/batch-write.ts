/** A caller waiting for its item to be written as part of a batch. */
export interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Writes a batch in one go and settles each caller with its own result. If the batch fails, each
 * item is written alone, so a bad item fails by itself and only its caller sees the error.
 * `onBatchError` hears about the failed batch before the items are retried.
 */
export async function writeBatchOrEach<T, R>(batch: readonly Waiting<T, R>[], write: (items: readonly T[]) => Promise<readonly R[]>, onBatchError?: (err: unknown) => void): Promise<void> {
  try {
    const results = await write(batch.map((w) => w.item));
    batch.forEach((w, i) => w.resolve(results[i] as R));
    return;
  } catch (err) {
    if (batch.length === 1) {
      batch[0]?.reject(err);
      return;
    }
    onBatchError?.(err);
  }
  for (const w of batch) {
    await write([w.item]).then(([result]) => w.resolve(result as R), w.reject);
  }
}
