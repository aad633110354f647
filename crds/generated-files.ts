import { readFileSync, writeFileSync } from "node:fs";

export interface GeneratedFile {
  /** Absolute path. */
  path: string;
  /** How messages name it, e.g. crds/exhaust.sunbird.org_exhaustrequests.yaml. */
  label: string;
  content: string;
}

const readOrEmpty = (path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

/** Writes the files whose content changed or, with check, reports them as stale; returns how many differed. */
export function syncGeneratedFiles(files: readonly GeneratedFile[], check: boolean): number {
  let stale = 0;
  for (const { path, label, content } of files) {
    if (readOrEmpty(path) === content) continue;
    stale += 1;
    if (check) console.error(`${label} is stale: run npm run crds:generate and commit the result`);
    else {
      writeFileSync(path, content);
      console.log(`wrote ${label}`);
    }
  }
  return stale;
}
