// The folder-cycle check's pure core: a directed graph in, one cycle path per tangle out.

export type Graph = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * One cycle per strongly connected component that has one (Tarjan), as a path that starts and ends at the
 * component's first node in sort order, e.g. ["a", "b", "a"]. Acyclic graphs give []. Output is sorted, so the same
 * graph always gives the same message.
 */
export function findCycles(graph: Graph): string[][] {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((to) => [...to])])].sort();
  const successors = (node: string): string[] => [...(graph.get(node) ?? [])].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of successors(node)) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    components.push(component.sort());
  };
  for (const node of nodes) if (!index.has(node)) connect(node);
  return components
    .filter((c) => c.length > 1 || successors(c[0] as string).includes(c[0] as string))
    .map((c) => shortestCycle(c[0] as string, new Set(c), successors))
    .sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** The shortest path from start back to start inside one component (breadth first). */
function shortestCycle(start: string, component: ReadonlySet<string>, successors: (node: string) => string[]): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const next of successors(node)) {
      if (!component.has(next)) continue;
      if (next === start) return [...pathTo(node, start, cameFrom), start];
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      queue.push(next);
    }
  }
  // Unreachable: every node of a strongly connected component reaches every other.
  return [start];
}

function pathTo(node: string, start: string, cameFrom: ReadonlyMap<string, string>): string[] {
  const path = [node];
  while (path[0] !== start) path.unshift(cameFrom.get(path[0] as string) as string);
  return path;
}
