/**
 * Runs async tasks strictly one after another, in call order — e.g. reloads of an in-memory
 * catalog, so a slow older load can never land after (and overwrite) a newer one. A failed task
 * rejects its own caller only; the next task runs regardless.
 */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
