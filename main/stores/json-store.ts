import { AtomicJsonFile, type AtomicJsonFileOptions, type LoadOutcome } from './atomic-json-file.ts';

/** What a mutation returns: the next state (the same object when nothing changed) and its answer. */
export interface Mutation<T, R> {
  next: T;
  result: R;
}

/**
 * A store's document in memory and on disk, where every mutation is serialised with its read.
 *
 * Why: a service that builds the next state from what it holds in memory, then saves, loses
 * acknowledged writes when two calls interleave (both read the same state; the second save drops
 * the first change). Here a mutation is a function applied to the latest state inside one queue:
 * the next mutation starts only after the previous one is saved (or failed), and the in-memory
 * state changes only once the file holds it. So a call answered ok is on disk, and every later
 * call sees it.
 */
export class JsonStore<T> {
  private readonly file: AtomicJsonFile<T>;
  private current: T;
  private queue: Promise<unknown> = Promise.resolve();
  private loading: Promise<LoadOutcome> | undefined;

  constructor(opts: AtomicJsonFileOptions<T>, private readonly onLoad?: (data: T, outcome: LoadOutcome) => Promise<T | undefined> | T | undefined) {
    this.file = new AtomicJsonFile(opts);
    this.current = opts.empty();
  }

  /** The file's path, for messages. */
  get path(): string { return this.file.path; }

  /**
   * Loads the document once (later calls share the first load). `onLoad` may return a state to
   * save right away (seeding a fresh store); that save is part of the load.
   */
  load(): Promise<LoadOutcome> {
    this.loading ??= this.enqueue(async () => {
      const { data, outcome } = await this.file.load();
      this.current = data;
      const seeded = await this.onLoad?.(data, outcome);
      if (seeded !== undefined && seeded !== data) {
        await this.file.save(seeded);
        this.current = seeded;
      }
      return outcome;
    });
    return this.loading;
  }

  /** The latest saved state (after `load`). Treat it as read-only: change it only through `update`. */
  get state(): T { return this.current; }

  /** The latest saved state, once every mutation queued before this call has settled. */
  async read(): Promise<T> {
    await this.load();
    return this.enqueue(async () => this.current);
  }

  /**
   * Applies `mutate` to the latest state, saves the result, and resolves with the mutation's answer
   * once it is on disk. A mutation that throws changes nothing; the queue goes on with the next one.
   * Returning the same state object skips the save.
   */
  async update<R>(mutate: (current: T) => Mutation<T, R> | Promise<Mutation<T, R>>): Promise<R> {
    await this.load();
    return this.enqueue(async () => {
      const { next, result } = await mutate(this.current);
      if (next !== this.current) {
        await this.file.save(next);
        this.current = next;
      }
      return result;
    });
  }

  private enqueue<R>(work: () => Promise<R>): Promise<R> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
