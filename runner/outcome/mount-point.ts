/**
 * Whether /proc/self/mountinfo lists `path` as a mount point. The kubelet bind-mounts a container's termination
 * message file, so its default path is a mount point in a pod and nowhere else (a run by hand, even as root).
 */
export function isMountPoint(mountinfo: string, path: string): boolean {
  // Each line: id, parent id, major:minor, root, mount point, ...; the kernel escapes space, tab, newline and
  // backslash in paths as three octal digits.
  return mountinfo.split("\n").some((line) => unescapeOctal(line.split(" ")[4] ?? "") === path);
}

const unescapeOctal = (field: string): string => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
