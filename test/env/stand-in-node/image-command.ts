import { isAbsolute, join } from "node:path";

// Images do not exist on the stand-in node. test/env/images.json maps an image repository (tag and digest
// ignored) to the argv prefix that plays its ENTRYPOINT + CMD, and may translate in-image paths of a container's
// `command` to repository paths. Relative paths in the table are relative to the repository root; "node" is the
// stand-in's own Node 24 binary.

export interface ImageTable {
  /** repository -> argv prefix, e.g. "exhaust-runner" -> ["node", "runner/main.ts"] */
  images: Readonly<Record<string, readonly string[]>>;
  /** in-image path used in a container's command -> repository path, e.g. "/app/runner/main.ts" -> "runner/main.ts" */
  commandPaths?: Readonly<Record<string, string>>;
  /** Images the project builds (test/env/setup/image.sh): their pods run inside the image (image-run.ts). */
  builtImages?: readonly string[];
}

/** Checks the shape of a parsed images.json; returns an error message for a bad table. */
export function parseImageTable(raw: unknown): ImageTable | { error: string } {
  if (typeof raw !== "object" || raw === null) return { error: "images.json must be an object" };
  const { images, commandPaths } = raw as { images?: unknown; commandPaths?: unknown };
  if (typeof images !== "object" || images === null) return { error: "images.json: `images` must be an object" };
  for (const [repo, argv] of Object.entries(images)) {
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
      return { error: `images.json: image ${repo} must map to a non-empty array of strings` };
    }
  }
  if (commandPaths !== undefined && (typeof commandPaths !== "object" || commandPaths === null || !Object.values(commandPaths).every((p) => typeof p === "string"))) {
    return { error: "images.json: `commandPaths` must map strings to strings" };
  }
  const { builtImages } = raw as { builtImages?: unknown };
  if (builtImages !== undefined && (!Array.isArray(builtImages) || !builtImages.every((i) => typeof i === "string"))) {
    return { error: "images.json: `builtImages` must be an array of image references" };
  }
  return raw as ImageTable;
}

/** Whether the image is one the project builds, matched by its whole reference (tag included). */
export const isBuiltImage = (table: ImageTable, image: string): boolean => (table.builtImages ?? []).includes(image);

/** "registry:5000/org/name:tag@sha256:..." -> "registry:5000/org/name" */
export function imageRepository(image: string): string {
  const noDigest = image.split("@", 1)[0] ?? "";
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.indexOf(":", lastSlash + 1);
  return colon >= 0 ? noDigest.slice(0, colon) : noDigest;
}

/** The table entry for an image: the whole repository, else the longest key it ends with after a "/". */
function argvPrefix(table: ImageTable, repository: string): readonly string[] | undefined {
  const exact = table.images[repository];
  if (exact) return exact;
  const suffix = Object.keys(table.images)
    .filter((key) => repository.endsWith(`/${key}`))
    .sort((a, b) => b.length - a.length)[0];
  return suffix === undefined ? undefined : table.images[suffix];
}

export interface LocalPaths {
  repoRoot: string;
  /** The binary that stands for "node" (the stand-in's own process.execPath). */
  nodeBinary: string;
}

const localPath = (arg: string, paths: LocalPaths): string => {
  if (arg === "node") return paths.nodeBinary;
  return arg.includes("/") && !isAbsolute(arg) && !arg.startsWith("-") ? join(paths.repoRoot, arg) : arg;
};

/**
 * The argv for a container, or undefined when the image is unmapped (ErrImagePull). Without `command` the image's
 * prefix runs with `args` appended; with `command`, its elements are translated through commandPaths ("node"
 * and table paths become local) and `args` follow unchanged, as with a real image's ENTRYPOINT override.
 */
export function containerArgv(
  table: ImageTable,
  image: string,
  command: readonly string[] | undefined,
  args: readonly string[] | undefined,
  paths: LocalPaths,
): string[] | undefined {
  const prefix = argvPrefix(table, imageRepository(image));
  if (!prefix) return undefined;
  if (!command || command.length === 0) return [...prefix.map((a) => localPath(a, paths)), ...(args ?? [])];
  const translated = command.map((c) => {
    const mapped = table.commandPaths?.[c];
    if (mapped !== undefined) return mapped === "node" || isAbsolute(mapped) ? localPath(mapped, paths) : join(paths.repoRoot, mapped);
    return c === "node" ? paths.nodeBinary : c;
  });
  return [...translated, ...(args ?? [])];
}
