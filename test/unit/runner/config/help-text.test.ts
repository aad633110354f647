import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runnerSettings, type RunnerSettingKey } from "../../../../crds/runner-contract.ts";
import { defaultText, helpText, settingGroups } from "../../../../runner/help-text.ts";

describe("settingGroups", () => {
  it("every setting in exactly one group, in the settings table's order", () => {
    expect(settingGroups.flatMap((g) => g.keys)).toEqual(Object.keys(runnerSettings));
  });
});

describe("defaultText", () => {
  const cases: { name: string; key: RunnerSettingKey; expect: string }[] = [
    { name: "no default and not optional -> required", key: "report", expect: "required" },
    { name: "optional without default -> none", key: "redisRelationHost", expect: "none" },
    { name: "text default -> quoted", key: "cassandraLocalDc", expect: '"datacenter1"' },
    { name: "empty text default -> empty quotes", key: "requestedBy", expect: '""' },
    { name: "number default -> bare", key: "cassandraConcurrency", expect: "8" },
    { name: "boolean default -> bare", key: "s3ForcePathStyle", expect: "false" },
    { name: "list default -> JSON array", key: "assessmentPrimaryCategories", expect: '["Practice Question Set"]' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(defaultText(c.key)).toBe(c.expect);
    });
  }
});

describe("helpText", () => {
  const lines = helpText().split("\n");
  const settingLine = (env: string) => lines.find((l) => l.includes(` ${env} `)) ?? "";

  it("lists every setting once, its flag (or env only for a secret), env var and default on one line", () => {
    for (const [key, s] of Object.entries(runnerSettings) as [RunnerSettingKey, (typeof runnerSettings)[RunnerSettingKey]][]) {
      expect(lines.filter((l) => l.includes(` ${s.env} `)), s.env).toHaveLength(1);
      const line = settingLine(s.env);
      expect(line, key).toMatch(new RegExp(`^  ${s.secret ? "\\(env only, secret\\)" : `--${s.flag}`} +${s.env} +default: ${defaultText(key).replace(/[[\]()]/g, "\\$&")}$`));
    }
  });

  it("never offers a secret's flag", () => {
    for (const s of Object.values(runnerSettings).filter((s) => s.secret)) expect(helpText()).not.toContain(`--${s.flag}`);
  });

  it("the groups in order, each followed by its own settings", () => {
    const titles = lines.filter((l) => /^\S.*:$/.test(l) && !l.startsWith("Usage"));
    expect(titles).toEqual(settingGroups.map((g) => `${g.title}:`));
    for (const group of settingGroups) {
      const from = lines.indexOf(`${group.title}:`);
      const to = lines.findIndex((l, i) => i > from && l === "");
      const inGroup = lines.slice(from, to === -1 ? undefined : to);
      for (const key of group.keys) expect(inGroup.some((l) => l.includes(` ${runnerSettings[key].env} `)), `${group.title}: ${key}`).toBe(true);
    }
  });
});

describe("docs/runner.md settings tables", () => {
  const docs = readFileSync(new URL("../../../../docs/runner.md", import.meta.url), "utf8");
  const settingsSection = docs.slice(docs.indexOf("## Settings"), docs.indexOf("## What a run does"));

  it("grouped under the same headings, with the same settings, env vars, flags and defaults as --help", () => {
    const groups: { title: string; rows: string[][] }[] = [];
    for (const line of settingsSection.split("\n")) {
      if (line.startsWith("### ")) groups.push({ title: line.slice(4), rows: [] });
      else if (line.startsWith("| `")) groups.at(-1)?.rows.push(line.split("|").slice(1, 5).map((cell) => cell.trim()));
    }
    const expected = settingGroups.map((g) => ({
      title: g.title,
      rows: g.keys.map((key) => {
        const s = runnerSettings[key];
        const shown = defaultText(key);
        return [`\`${key}\``, `\`${s.env}\``, s.secret ? "env only (secret)" : `\`--${s.flag}\``, shown === "none" ? "—" : shown];
      }),
    }));
    expect(groups).toEqual(expected);
  });
});
