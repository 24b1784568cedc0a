import { unlimitedTracker } from '../helpers/trackers.js';

// Needs `node --expose-gc` (npm test passes it).
const gc = (globalThis as { gc?: () => void }).gc;

async function collectGarbage(): Promise<void> {
  // A WeakRef's target survives the job that created or read it; FinalizationRegistry
  // callbacks run in a later task. So: let tasks pass, collect, let tasks pass.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc!();
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('TaskTracker memory', () => {
  beforeAll(() => {
    if (gc === undefined) throw new Error('run with node --expose-gc');
  });

  it('forgets an open child nobody references any more', async () => {
    const root = unlimitedTracker();
    let child: unknown = root.childTracker();
    const ref = new WeakRef(child as object);
    expect(root.childCount()).toBe(1);
    child = undefined;
    await collectGarbage();
    expect(ref.deref()).toBeUndefined();
    expect(root.childCount()).toBe(0);
    expect(root._children?.refs.size ?? 0).toBe(0);
  });

  it('lets finished tasks and closed children go', async () => {
    const root = unlimitedTracker();
    const refs: WeakRef<object>[] = [];
    // In a function of its own, so no suspended frame of this spec keeps the last ones.
    const useChild = async (i: number) => {
      const child = root.childTracker();
      const handle = child.spawnCancellable((token) => {
        void token.signal; // a listener on the token must not keep anything alive either
        return Promise.resolve(i);
      });
      refs.push(new WeakRef(child), new WeakRef(handle));
      await handle;
      await child.join();
    };
    for (let i = 0; i < 100; i++) await useChild(i);
    await collectGarbage();
    expect(refs.filter((ref) => ref.deref() !== undefined).length).toBe(0);
    expect(root.childCount()).toBe(0);
  });

  it('lets a token forget a child token whose listener was removed', async () => {
    const token = unlimitedTracker().cancellationToken();
    const listenThenStop = () => {
      const child = token.childToken();
      child.onCancel(() => {})();
      return new WeakRef(child);
    };
    const ref = listenThenStop();
    await collectGarbage();
    expect(ref.deref()).toBeUndefined();
  });
});
