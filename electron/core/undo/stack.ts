import type { UndoStep } from './steps.js';
import { isEmptyStep } from './steps.js';

/** An undo step with the id the UI uses to tell whether its toast is still the one undo would take back. */
export type StackEntry = { id: number; step: UndoStep };

/** A small bounded stack of undo steps; ids only grow, so a superseded step is recognisable. */
export class UndoStack {
  private entries: StackEntry[] = [];
  private nextId = 1;
  constructor(private readonly limit = 50) {}

  /** Adds a step and returns its id (null when it changed nothing). */
  push(step: UndoStep): number | null {
    if (isEmptyStep(step)) return null;
    const entry = { id: this.nextId++, step };
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
    return entry.id;
  }
  peek(): StackEntry | undefined {
    return this.entries.at(-1);
  }
  pop(): StackEntry | undefined {
    return this.entries.pop();
  }
}
