// Kubernetes' $(VAR) expansion for env values, command and args, ported byte for byte from
// k8s.io/kubernetes third_party/forked/golang/expansion/expand.go: `$$` is an escaped `$`, `$(NAME)` is replaced
// when NAME is known and kept literally when it is not, and an unterminated `$(` or a lone `$` stays as written.

/** Expands `$(NAME)` references in `input`; `lookup` returns undefined for unknown names. */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const { text, isVar, advance } = readVariableName(input.slice(cursor + 1));
    out += isVar ? (lookup(text) ?? `$(${text})`) : text;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

function readVariableName(rest: string): { text: string; isVar: boolean; advance: number } {
  if (rest[0] === "$") return { text: "$", isVar: false, advance: 1 };
  if (rest[0] === "(") {
    const close = rest.indexOf(")", 1);
    if (close >= 0) return { text: rest.slice(1, close), isVar: true, advance: close + 1 };
    return { text: "$(", isVar: false, advance: 1 };
  }
  return { text: `$${rest[0] ?? ""}`, isVar: false, advance: 1 };
}

/** A lookup over several maps, first hit wins (the kubelet's MappingFuncFor). */
export const lookupIn =
  (...maps: ReadonlyArray<Readonly<Record<string, string>>>) =>
  (name: string): string | undefined => {
    for (const m of maps) if (Object.hasOwn(m, name)) return m[name];
    return undefined;
  };
