/**
 * Group commit for independent statements: each `submit` resolves with its own result, but while
 * `concurrency` runs are in flight, the items that arrive meanwhile wait and go together in the
 * next run. At low load nothing waits (an item runs at once, alone); under load one round trip
 * carries many items. A run that fails for a batch of several items is retried item by item, so
 * one bad item fails alone. `run` must return one result per item, in order.
 */
export class Coalescer<Item, Result> {
  private readonly queue: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly run: (items: Item[]) => Promise<Result[]>,
    private readonly options: { concurrency: number; maxBatch: number } = { concurrency: 2, maxBatch: 200 },
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Items waiting for a run (not yet sent). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.flush(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async flush(batch: Coalescer<Item, Result>['queue']): Promise<void> {
    try {
      const results = await this.run(batch.map((pending) => pending.item));
      if (results.length !== batch.length)
        throw new Error(`coalesced run returned ${results.length} results for ${batch.length} items`);
      batch.forEach((pending, index) => pending.resolve(results[index] as Result));
    } catch (error) {
      const [only] = batch;
      if (batch.length === 1 && only) {
        only.reject(error);
        return;
      }
      await Promise.all(
        batch.map((pending) =>
          this.run([pending.item]).then((results) => pending.resolve(results[0] as Result), pending.reject),
        ),
      );
    }
  }
}
