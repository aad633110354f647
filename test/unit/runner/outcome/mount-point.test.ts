import { describe, expect, it } from "vitest";
import { isMountPoint } from "../../../../runner/outcome/mount-point.ts";

describe("isMountPoint", () => {
  const line = (mountPoint: string) => `1301 1295 259:1 /var/lib/kubelet/pods/7f3c/containers/runner/5d1e ${mountPoint} rw,relatime - ext4 /dev/nvme0n1p1 rw`;
  const cases = [
    { name: "the path is a mount point -> true", mountinfo: line("/dev/termination-log"), path: "/dev/termination-log", expect: true },
    { name: "only its parent is a mount point -> false", mountinfo: line("/dev"), path: "/dev/termination-log", expect: false },
    { name: "the path appears only as a mount's root -> false", mountinfo: "40 22 259:1 /dev/termination-log /mnt rw - ext4 /dev/sda rw", path: "/dev/termination-log", expect: false },
    { name: "a longer path starting with it -> false", mountinfo: line("/dev/termination-log-old"), path: "/dev/termination-log", expect: false },
    { name: "a space escaped as \\040 -> matched unescaped", mountinfo: line("/tmp/my\\040log"), path: "/tmp/my log", expect: true },
    { name: "among several lines, the last -> true", mountinfo: `22 1 259:1 / / rw - ext4 /dev/sda rw\n${line("/dev/termination-log")}\n`, path: "/dev/termination-log", expect: true },
    { name: "empty mountinfo -> false", mountinfo: "", path: "/dev/termination-log", expect: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(isMountPoint(c.mountinfo, c.path)).toBe(c.expect);
    });
  }
});
