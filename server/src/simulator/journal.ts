// The undo record of one simulator step. The engine changes the live state in
// place, and only through these methods, so a step costs memory in proportion
// to what it changed (not a copy of the whole state), and undo() puts back
// exactly what was there: the same values, the same array order, absent keys
// absent again.

type Undo = () => void;

export class Journal {
  private readonly undos: Undo[] = [];

  /** obj[key] = value, remembering what was there (or that nothing was). */
  set<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): void {
    if (Object.hasOwn(obj, key)) {
      const old = obj[key];
      if (old === value) return;
      this.undos.push(() => void (obj[key] = old));
    } else {
      this.undos.push(() => void delete obj[key]);
    }
    obj[key] = value;
  }

  push<T>(arr: T[], ...items: T[]): void {
    if (items.length === 0) return;
    const length = arr.length;
    this.undos.push(() => void (arr.length = length));
    arr.push(...items);
  }

  /** Removes, in place, the items `drop` selects; undo puts each back at its index. */
  removeWhere<T>(arr: T[], drop: (x: T) => boolean): T[] {
    const removed: [number, T][] = [];
    let w = 0;
    for (let r = 0; r < arr.length; r++) {
      if (drop(arr[r])) removed.push([r, arr[r]]);
      else arr[w++] = arr[r];
    }
    if (removed.length === 0) return [];
    arr.length = w;
    this.undos.push(() => {
      for (const [i, x] of removed) arr.splice(i, 0, x);
    });
    return removed.map(([, x]) => x);
  }

  get size(): number {
    return this.undos.length;
  }

  /** Reverts every change, newest first. */
  undo(): void {
    for (let i = this.undos.length - 1; i >= 0; i--) this.undos[i]();
    this.undos.length = 0;
  }
}
