import { describe, expect, it } from "vitest";
import type { CommandTree } from "../../../../../operator/kubectl-plugin/completion/command-tree.ts";
import { completionFor, completionOutput, connectionIn, directives } from "../../../../../operator/kubectl-plugin/completion/completion-candidates.ts";
import type { Completion } from "../../../../../operator/kubectl-plugin/completion/completion-candidates.ts";

const tree: CommandTree = {
  globalFlags: [
    { long: "--kubeconfig", takesValue: true, description: "kubeconfig file" },
    { long: "--context", takesValue: true, description: "context" },
    { long: "--namespace", short: "-n", takesValue: true, description: "namespace" },
  ],
  commands: [
    {
      name: "create",
      description: "create a request",
      args: [{ name: "report", choices: ["userinfo", "progress"] }],
      flags: [
        { long: "--output", short: "-o", takesValue: true, choices: ["yaml", "json"], description: "format" },
        { long: "--wait", takesValue: false, description: "wait" },
        { long: "--collection", takesValue: true, description: "collection id" },
      ],
    },
    { name: "logs", description: "runner log", args: [{ name: "name" }], flags: [{ long: "--batch", takesValue: true, description: "batch id" }] },
  ],
};

const values = (c: Completion) => c.candidates.map((x) => x.value);

describe("completionFor", () => {
  const cases: { name: string; words: string[]; want: { values: string[]; directive: number; dynamic?: Completion["dynamic"] } }[] = [
    { name: "nothing typed -> the commands", words: [""], want: { values: ["create", "logs"], directive: directives.noFileComp } },
    { name: "global flag and its value before the command -> still the commands", words: ["-n", "reports", ""], want: { values: ["create", "logs"], directive: directives.noFileComp } },
    { name: "after create -> the report choices", words: ["create", ""], want: { values: ["userinfo", "progress"], directive: directives.noFileComp } },
    {
      name: "a dash after create -> create's flags and the global ones",
      words: ["create", "-"],
      want: { values: ["--kubeconfig", "--context", "--namespace", "-n", "--output", "-o", "--wait", "--collection"], directive: directives.noFileComp },
    },
    { name: "-o's value -> its choices", words: ["create", "progress", "-o", ""], want: { values: ["yaml", "json"], directive: directives.noFileComp } },
    { name: "--collection's value -> nothing, and no file names", words: ["create", "--collection", ""], want: { values: [], directive: directives.noFileComp } },
    { name: "a boolean flag takes no value -> the next word is the report again", words: ["create", "--wait", ""], want: { values: ["userinfo", "progress"], directive: directives.noFileComp } },
    { name: "an inline --flag=value takes no next word", words: ["create", "--collection=do_1", ""], want: { values: ["userinfo", "progress"], directive: directives.noFileComp } },
    { name: "all arguments given -> nothing", words: ["create", "progress", ""], want: { values: [], directive: directives.noFileComp } },
    { name: "logs <name> -> the cluster's requests", words: ["logs", ""], want: { values: [], directive: directives.noFileComp, dynamic: { kind: "requests" } } },
    { name: "logs r1 --batch -> r1's batches", words: ["logs", "r1", "--batch", ""], want: { values: [], directive: directives.noFileComp, dynamic: { kind: "batches", request: "r1" } } },
    { name: "--batch before the request name -> nothing to look up", words: ["logs", "--batch", ""], want: { values: [], directive: directives.noFileComp } },
    { name: "-n's value -> the cluster's namespaces", words: ["logs", "-n", ""], want: { values: [], directive: directives.noFileComp, dynamic: { kind: "namespaces" } } },
    { name: "--context's value -> the kubeconfig's contexts", words: ["--context", ""], want: { values: [], directive: directives.noFileComp, dynamic: { kind: "contexts" } } },
    { name: "--kubeconfig's value -> file names (default directive)", words: ["--kubeconfig", ""], want: { values: [], directive: directives.default } },
    { name: "an unknown command -> nothing", words: ["grades", ""], want: { values: [], directive: directives.noFileComp } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = completionFor(tree, c.words);
      expect({ values: values(got), directive: got.directive, ...(got.dynamic === undefined ? {} : { dynamic: got.dynamic }) }).toEqual(c.want);
    });
  }
});

describe("connectionIn", () => {
  const cases = [
    { name: "spaced values -> all three", words: ["--kubeconfig", "/k", "--context", "c1", "-n", "ns", "watch", ""], want: { kubeconfig: "/k", context: "c1", namespace: "ns" } },
    { name: "inline values -> the part after '='", words: ["--namespace=ns", "--kubeconfig=/a=b"], want: { namespace: "ns", kubeconfig: "/a=b" } },
    { name: "a flag still being typed has no value -> left out", words: ["-n"], want: {} },
    { name: "other flags -> nothing", words: ["--batch", "b1"], want: {} },
  ];
  for (const c of cases) it(c.name, () => expect(connectionIn(c.words)).toEqual(c.want));
});

describe("completionOutput", () => {
  const cases = [
    { name: "candidates starting with the word, descriptions after a tab, directive last", word: "c", directive: 4, want: "create\tcreate a request\ncompletion\n:4\n" },
    { name: "no candidate matches -> only the directive", word: "x", directive: 0, want: ":0\n" },
  ];
  const candidates = [{ value: "create", description: "create a\nrequest" }, { value: "logs", description: "runner log" }, { value: "completion" }];
  for (const c of cases) it(c.name, () => expect(completionOutput(candidates, c.directive, c.word)).toBe(c.want));
});
