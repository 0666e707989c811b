/**
 * Picks the k best of `count` candidate documents by score with a bounded min-heap (O(n log k)). Ties go to the
 * lower document number, so results are deterministic. `accept` is asked only about documents that would enter
 * the heap, which keeps an expensive filter off the long tail.
 */
export function selectTop(
  candidates: Uint32Array,
  count: number,
  scores: Float64Array,
  k: number,
  accept: ((document: number) => boolean) | undefined,
): number[] {
  const heap: number[] = [];
  const worse = (left: number, right: number): boolean => {
    const leftScore = scores[left] ?? 0;
    const rightScore = scores[right] ?? 0;
    return leftScore < rightScore || (leftScore === rightScore && left > right);
  };
  const siftDown = (start: number): void => {
    let parent = start;
    for (;;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < heap.length && worse(heap[left] ?? 0, heap[smallest] ?? 0)) smallest = left;
      if (right < heap.length && worse(heap[right] ?? 0, heap[smallest] ?? 0)) smallest = right;
      if (smallest === parent) return;
      [heap[parent], heap[smallest]] = [heap[smallest] ?? 0, heap[parent] ?? 0];
      parent = smallest;
    }
  };
  const siftUp = (start: number): void => {
    let child = start;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!worse(heap[child] ?? 0, heap[parent] ?? 0)) return;
      [heap[parent], heap[child]] = [heap[child] ?? 0, heap[parent] ?? 0];
      child = parent;
    }
  };
  for (let index = 0; index < count; index++) {
    const document = candidates[index] ?? 0;
    if (heap.length === k) {
      // Most candidates score below the heap's worst: turned away without a call (this is !worse(worst, document)).
      const worst = heap[0] ?? 0;
      const score = scores[document] ?? 0;
      const floor = scores[worst] ?? 0;
      if (score < floor || (score === floor && document >= worst)) continue;
    }
    if (accept !== undefined && !accept(document)) continue;
    if (heap.length < k) {
      heap.push(document);
      siftUp(heap.length - 1);
    } else {
      heap[0] = document;
      siftDown(0);
    }
  }
  return heap.sort((left, right) => (worse(left, right) ? 1 : worse(right, left) ? -1 : 0));
}
