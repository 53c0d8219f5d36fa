/**
 * Fail-fast per-flow lock within one process (§1.10): a second request for a flow that is being processed is
 * rejected at once. Across processes the optimistic version check on the flow row guarantees that at most one
 * request commits.
 */
export class FlowLocks {
  private readonly held = new Set<string>();

  tryAcquire(id: string): boolean {
    if (this.held.has(id)) return false;
    this.held.add(id);
    return true;
  }

  release(id: string): void {
    this.held.delete(id);
  }
}
