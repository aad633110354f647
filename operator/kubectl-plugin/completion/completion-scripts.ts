/** The shells `completion` writes scripts for. */
export const SHELLS = ["bash", "zsh"] as const;
export type Shell = (typeof SHELLS)[number];

// Both scripts ask the executable itself (`<bin> __complete <words before> <current word>`), read the candidates
// (value<TAB>description lines) and the last line's `:<directive>`, and fall back to file names only when the
// directive does not forbid it (bit 4, NoFileComp). The logic lives in the executable, so the scripts never change.

const bash = (bin: string, fn: string): string => `# bash completion for ${bin} (kubectl exhaust). Load it with: source <(${bin} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out directive
  out=$(${bin} __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
  directive=\${out##*:}
  out=$(printf '%s\\n' "$out" | sed '$d' | cut -f1)
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$out" -- "$cur"))
  if [[ \${#COMPREPLY[@]} -eq 0 && $((directive & 4)) -eq 0 ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F ${fn} ${bin}
`;

const zsh = (bin: string, fn: string): string => `#compdef ${bin}
# zsh completion for ${bin} (kubectl exhaust). Load it with: source <(${bin} completion zsh)
${fn}() {
  local -a lines candidates
  local out directive line
  out=$(${bin} __complete "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  directive=\${lines[-1]#:}
  for line in "\${(@)lines[1,-2]}"; do
    candidates+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
  done
  if (( \${#candidates} )); then
    _describe '${bin}' candidates
  elif (( ! (directive & 4) )); then
    _files
  fi
}
if (( $+functions[compdef] )); then compdef ${fn} ${bin}; fi
`;

/** The completion script for `shell`, completing the executable `bin`. */
export function completionScript(shell: Shell, bin: string): string {
  const fn = `_${bin.replace(/[^A-Za-z0-9]/g, "_")}`;
  return shell === "bash" ? bash(bin, fn) : zsh(bin, fn);
}
